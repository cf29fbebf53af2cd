"""El léxico y las relaciones entre señales son datos: cambiarlos cambia lo que se califica.

Lo que un formador nota: el léxico incluido se valida como cualquier archivo suyo
(con archivo, línea y clave), un `<rúbrica>.lexico.yaml` al lado de su rúbrica
manda sobre el incluido y cambia la versión, y las relaciones entre señales
(gritos, disculpas retiradas, lo que exige la escucha) se declaran en la rúbrica.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from simulador.calificador import Calificador, contenido_rubrica, escribir_rubrica
from simulador.rubricas import cargar_calificador
from simulador.rutas import lexicos_incluidos, rubricas_incluidas

RAIZ = Path(__file__).resolve().parents[1]

QUEJA = "Me cobraron dos veces la cuota de enero y nadie me lo devuelve."


def senales(calificador: Calificador, respuesta: str) -> dict[str, bool]:
    contexto = calificador.contexto()
    calificador.turno_cliente(QUEJA, contexto)
    return calificador.turno_agente(respuesta, contexto).senales


@pytest.fixture(scope="module")
def estandar() -> Calificador:
    return cargar_calificador(aprendido=False, cache=False)


def copia(tmp_path: Path, cambiar_rubrica: tuple[str, str] | None = None,
          cambiar_lexico: tuple[str, str] | None = None) -> Path:
    """Una copia de la rúbrica estándar (sin modelo), con su léxico al lado si se cambia."""
    rubrica = tmp_path / "mia.yaml"
    texto = (rubricas_incluidas() / "estandar.yaml").read_text(encoding="utf-8")
    if cambiar_rubrica:
        assert cambiar_rubrica[0] in texto
        texto = texto.replace(*cambiar_rubrica, 1)
    rubrica.write_text(texto, encoding="utf-8")
    if cambiar_lexico:
        lexico = (lexicos_incluidos() / "espanol.yaml").read_text(encoding="utf-8")
        assert cambiar_lexico[0] in lexico
        (tmp_path / "mia.lexico.yaml").write_text(lexico.replace(*cambiar_lexico, 1),
                                                  encoding="utf-8")
    return rubrica


def test_el_lexico_incluido_es_valido(ejecutar) -> None:
    salida = ejecutar("validar", "lexicos/espanol.yaml")
    assert salida.codigo == 0, salida.todo
    assert "léxico" in salida.out


@pytest.mark.parametrize(("cambio", "clave", "palabras"), [
    (("contraste: [pero,", "contraste: [pero, ¡ojo!,"), "contraste[2]", ("solo palabras",)),
    (('negaciones: ["no",', 'negaciones: ["no", sin embargo,'), "negaciones[2]",
     ("una sola palabra",)),
    (("dominios_enlace: [com,", "dominios_enlace: [.com/ayuda,"), "dominios_enlace[1]",
     ("dominio",)),
    (("alcance_negacion: 6", "alcance_negacion: 6\nnegacion_extra: [nunca]"),
     "negacion_extra", ("negacion",)),
])
def test_un_lexico_roto_se_explica_con_archivo_linea_y_clave(
        tmp_path, ejecutar, cambio, clave, palabras) -> None:
    texto = (lexicos_incluidos() / "espanol.yaml").read_text(encoding="utf-8")
    texto = texto.replace(*cambio, 1)
    roto = tmp_path / "roto.lexico.yaml"
    roto.write_text(texto, encoding="utf-8")
    ultima = cambio[1].splitlines()[-1]
    linea = next(n for n, x in enumerate(texto.splitlines(), 1) if ultima in x)
    salida = ejecutar("validar", str(roto))
    assert salida.codigo == 1
    assert "Traceback" not in salida.todo
    error = next(x for x in salida.out.splitlines() if f"«{clave}»" in x)
    assert f"roto.lexico.yaml:{linea}:" in error
    for palabra in palabras:
        assert palabra in error


def test_una_negacion_que_tambien_es_puente_se_rechaza(tmp_path, ejecutar) -> None:
    lexico = (lexicos_incluidos() / "espanol.yaml").read_text(encoding="utf-8")
    roto = tmp_path / "roto.lexico.yaml"
    roto.write_text(lexico.replace("puentes_negacion: [", "puentes_negacion: [nunca, ", 1),
                    encoding="utf-8")
    salida = ejecutar("validar", str(roto))
    assert salida.codigo == 1
    assert "«nunca» no puede ser a la vez negación y puente" in salida.out


def test_el_lexico_al_lado_de_la_rubrica_manda_y_cambia_la_version(tmp_path, estandar
                                                                   ) -> None:
    respuesta = "No me voy a escudar en el contrato."
    assert not senales(estandar, respuesta)["excusa"]
    # Un léxico sin «no» entre las negaciones ya no ve la negación.
    mia = copia(tmp_path, cambiar_lexico=('negaciones: ["no", ', "negaciones: ["))
    propia = Calificador.desde_archivo(mia)
    assert senales(propia, respuesta)["excusa"]
    otra = tmp_path / "otra"
    otra.mkdir()
    assert propia.version != Calificador.desde_archivo(copia(otra)).version


def test_una_abreviatura_nueva_del_lexico_se_lee_desplegada(tmp_path, estandar) -> None:
    respuesta = "Lo sntms mucho, le devuelvo hoy el cobro doble de enero."
    assert not senales(estandar, respuesta)["disculpa"]
    mia = copia(tmp_path, cambiar_lexico=("  xq: porque\n", "  xq: porque\n  sntms: sentimos\n"))
    assert senales(Calificador.desde_archivo(mia), respuesta)["disculpa"]


def test_el_contenido_guardado_lleva_el_lexico_y_se_restaura(tmp_path) -> None:
    mia = copia(tmp_path, cambiar_lexico=("  xq: porque\n", "  xq: porque\n  sntms: sentimos\n"))
    contenido = contenido_rubrica(mia)
    destino = tmp_path / "restaurada"
    destino.mkdir()
    escribir_rubrica(contenido, destino / "mia.yaml")
    assert "sntms: sentimos" in (destino / "mia.lexico.yaml").read_text(encoding="utf-8")
    assert contenido_rubrica(destino / "mia.yaml") == contenido


def test_un_lexico_roto_al_lado_de_la_rubrica_se_explica_al_calificar(tmp_path, ejecutar
                                                                      ) -> None:
    mia = copia(tmp_path, cambiar_lexico=("alcance_negacion: 6", "alcance_negacion: seis"))
    transcripcion = tmp_path / "t.jsonl"
    transcripcion.write_text('{"id": "c", "turnos": [{"rol": "cliente", "texto": "Hola"},'
                             ' {"rol": "agente", "texto": "Hola"}]}\n', encoding="utf-8")
    salida = ejecutar("calificar", str(transcripcion), "--rubrica", str(mia))
    assert salida.codigo != 0
    assert "Traceback" not in salida.todo
    assert "mia.lexico.yaml" in salida.err and "alcance_negacion" in salida.err


def test_una_abreviatura_con_punto_no_parte_la_oracion(estandar) -> None:
    # Con «Sra.» partiendo la frase, la culpa quedaba en otra oración y la disculpa valía.
    respuesta = "Lo siento, Sra. Gómez, pero usted no leyó las condiciones."
    assert senales(estandar, respuesta)["escalada"]
    assert not senales(estandar, respuesta)["disculpa"]


# --- relaciones entre señales, declaradas en la rúbrica ------------------------------

GRITO = "LE HE DICHO QUE YA ESTÁ DEVUELTO EL COBRO DOBLE DE ENERO"
RETIRADA = "Perdone, la culpa es suya por no leer las condiciones."


def test_los_gritos_son_escalada_porque_la_rubrica_lo_dice(tmp_path, estandar) -> None:
    assert senales(estandar, GRITO)["escalada"]
    sin_gritos = copia(tmp_path, cambiar_rubrica=(
        "    gritos: true ", "    gritos: false "))
    assert not senales(Calificador.desde_archivo(sin_gritos), GRITO)["escalada"]


def test_una_disculpa_a_gritos_no_es_un_grito_salvo_que_la_rubrica_lo_quite(tmp_path,
                                                                            estandar) -> None:
    respuesta = "¡¡MIL PERDONES!! Le devuelvo hoy mismo el cobro doble de enero."
    assert not senales(estandar, respuesta)["escalada"]
    sin_excepcion = copia(tmp_path, cambiar_rubrica=(
        "gritos_salvo_con: [disculpa]", "gritos_salvo_con: []"))
    assert senales(Calificador.desde_archivo(sin_excepcion), respuesta)["escalada"]


def test_la_culpa_retira_la_disculpa_porque_la_rubrica_lo_dice(tmp_path, estandar) -> None:
    assert not senales(estandar, RETIRADA)["disculpa"]
    sin_retirar = copia(tmp_path, cambiar_rubrica=(
        "retirada_por: [escalada]", "retirada_por: []"))
    assert senales(Calificador.desde_archivo(sin_retirar), RETIRADA)["disculpa"]


def test_lo_que_exige_la_escucha_junto_a_una_excusa_es_de_la_rubrica(tmp_path,
                                                                     estandar) -> None:
    respuesta = "Es nuestra política, la cuota no se devuelve."
    assert not senales(estandar, respuesta)["escucha"]
    indulgente = copia(tmp_path, cambiar_rubrica=(
        "exigente_con: [excusa, escalada]", "exigente_con: []"))
    assert senales(Calificador.desde_archivo(indulgente), respuesta)["escucha"]


def test_una_relacion_con_una_senal_mal_escrita_se_nombra(tmp_path, ejecutar) -> None:
    mia = copia(tmp_path, cambiar_rubrica=("retirada_por: [escalada]", "retirada_por: [escalda]"))
    salida = ejecutar("validar", str(mia))
    assert salida.codigo == 1
    assert "la señal «disculpa» usa la señal «escalda»" in salida.out


def test_ninguna_regla_del_calificador_nombra_palabras_del_idioma() -> None:
    """Las negaciones, contrastes, abreviaturas y dominios viven en el léxico."""
    codigo = "".join(p.read_text(encoding="utf-8")
                     for p in [*(RAIZ / "simulador" / "calificador").glob("*.py"),
                               RAIZ / "simulador" / "texto.py"])
    for rastro in ('"jamas"', '"tampoco"', '"sin embargo"', '"xq"', "com|es|mx", '"porfa"'):
        assert rastro not in codigo, rastro


def test_la_rubrica_incluida_no_confunde_un_lexico_con_una_rubrica(tmp_path, monkeypatch
                                                                   ) -> None:
    from simulador import rubricas

    carpeta = tmp_path / "rubricas"
    shutil.copytree(rubricas_incluidas(), carpeta)
    shutil.copy(lexicos_incluidos() / "espanol.yaml", carpeta / "estandar.lexico.yaml")
    monkeypatch.setattr(rubricas, "rubricas_incluidas", lambda: carpeta)
    assert [p.name for p in rubricas._rubricas()] == ["estandar.yaml"]
