"""`simulador entrenar`, `evaluar --validacion-cruzada` y `--segundo-anotador`, como los usa
un formador con sus propias conversaciones."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]

ETIQUETADO = RAIZ / "tests" / "datos" / "etiquetado"


def _muestra(destino: Path, origen: str, cuantas: int) -> Path:
    """Las primeras conversaciones de un autor del conjunto, como archivo del formador."""
    lineas = (ETIQUETADO / origen).read_text(encoding="utf-8").splitlines()[:cuantas]
    destino.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    return destino


@pytest.fixture
def formador(tmp_path: Path) -> dict[str, Path]:
    """Una copia de la rúbrica estándar (sin modelo) y tres archivos de tres autores."""
    rubrica = tmp_path / "mi-rubrica.yaml"
    shutil.copy(RAIZ / "rubricas" / "estandar.yaml", rubrica)
    return {
        "rubrica": rubrica,
        "ana": _muestra(tmp_path / "ana.jsonl", "autor-g.jsonl", 70),
        "beto": _muestra(tmp_path / "beto.jsonl", "autor-j.jsonl", 70),
        "carla": _muestra(tmp_path / "carla.jsonl", "revision-a.jsonl", 70),
    }


def test_entrenar_guarda_el_modelo_junto_a_la_rubrica_y_calificar_lo_usa(ejecutar, formador,
                                                                         tmp_path):
    rubrica = formador["rubrica"]
    conversacion = tmp_path / "una.jsonl"
    conversacion.write_text(json.dumps({"id": "x", "turnos": [
        {"rol": "cliente", "texto": "Me cobraron dos veces la cuota."},
        {"rol": "agente", "texto": "Le devuelvo hoy la cuota cobrada de más."}]}) + "\n",
        encoding="utf-8")
    antes = json.loads(ejecutar("calificar", str(conversacion), "--rubrica", str(rubrica)).out)

    salida = ejecutar("entrenar", str(formador["ana"]), str(formador["beto"]),
                      "--rubrica", str(rubrica))
    assert salida.codigo == 0, salida.todo
    modelo = tmp_path / "mi-rubrica.modelo.json.gz"
    assert modelo.is_file()
    assert f"Modelo guardado en {modelo}" in salida.out
    for senal in ("escucha", "excusa", "asiste", "termina"):
        assert f"  {senal}" in salida.out
    assert "--validacion-cruzada" in salida.out  # le dice cómo medirlo

    despues = json.loads(ejecutar("calificar", str(conversacion), "--rubrica", str(rubrica)).out)
    # El modelo es parte de la huella: notas con y sin modelo no se mezclan.
    assert despues["rubrica"]["version"] != antes["rubrica"]["version"]


def test_entrenar_sin_decir_donde_guardar_lo_pide(ejecutar, formador):
    salida = ejecutar("entrenar", str(formador["ana"]))
    assert salida.codigo == 2
    assert "--rubrica SU_RUBRICA.yaml" in salida.err and "Traceback" not in salida.todo


def test_entrenar_con_un_archivo_que_no_existe(ejecutar, formador, tmp_path):
    salida = ejecutar("entrenar", str(tmp_path / "no-esta.jsonl"), "--rubrica",
                      str(formador["rubrica"]))
    assert salida.codigo == 2
    assert "no-esta.jsonl" in salida.err and "Traceback" not in salida.todo


def test_un_modelo_roto_junto_a_la_rubrica_se_explica(ejecutar, formador, tmp_path):
    rubrica = formador["rubrica"]
    (tmp_path / "mi-rubrica.modelo.json.gz").write_bytes(b"esto no es un modelo")
    salida = ejecutar("calificar", str(formador["ana"]), "--rubrica", str(rubrica))
    assert salida.codigo == 2
    assert "mi-rubrica.modelo.json.gz" in salida.err
    assert "simulador entrenar" in salida.err and "Traceback" not in salida.todo


def test_validacion_cruzada_mide_cada_autor_con_un_modelo_que_no_lo_vio(ejecutar, formador):
    salida = ejecutar("evaluar", str(formador["ana"]), str(formador["beto"]),
                      str(formador["carla"]), "--rubrica", str(formador["rubrica"]))
    assert salida.codigo == 0
    cruzada = ejecutar("evaluar", str(formador["ana"]), str(formador["beto"]),
                       str(formador["carla"]), "--rubrica", str(formador["rubrica"]),
                       "--validacion-cruzada")
    assert cruzada.codigo == 0, cruzada.todo
    assert "de 3 autores, cada autor medido con un modelo entrenado sin él" in cruzada.out
    assert "autores apartados" in cruzada.out and "solo frases" in cruzada.out
    for autor in ("ana", "beto", "carla"):
        assert f"\n{autor} " in cruzada.out
    assert "apartando a beto" in cruzada.err

    datos = json.loads(ejecutar("evaluar", str(formador["ana"]), str(formador["beto"]),
                                str(formador["carla"]), "--rubrica", str(formador["rubrica"]),
                                "--validacion-cruzada", "--json").out)
    assert set(datos["por_autor"]) == {"ana", "beto", "carla"}
    assert datos["apartados"]["conversaciones"] == 210
    assert 0 <= datos["apartados"]["senales"]["asiste"]["f1"] <= 1


def test_validacion_cruzada_con_un_solo_autor_lo_explica(ejecutar, formador):
    salida = ejecutar("evaluar", str(formador["ana"]), "--validacion-cruzada")
    assert salida.codigo == 2
    assert "al menos dos archivos" in salida.err


def _con_cambio(destino: Path, origen: Path, viejo: str, nuevo: str) -> Path:
    """Un archivo del formador con una errata en la primera conversación."""
    lineas = origen.read_text(encoding="utf-8").splitlines()
    assert viejo in lineas[0]
    lineas[0] = lineas[0].replace(viejo, nuevo, 1)
    destino.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    return destino


@pytest.mark.parametrize(("viejo", "nuevo", "explicacion"), [
    ('"escalada"', '"escalda"', "«escalda» no es una señal del agente (¿quiso decir «escalada»?)"),
    ('"aprobado"', '"aprovado"', "clave desconocida «aprovado» (¿quiso decir «aprobado»?)"),
    ('{"abuso": false}', '{"abuso": false, "disculpa": false}',
     "«disculpa» no es una señal del cliente"),
])
def test_una_etiqueta_mal_escrita_se_nombra_y_no_cuenta_como_sin_etiquetar(
        ejecutar, formador, tmp_path, viejo, nuevo, explicacion):
    errata = _con_cambio(tmp_path / "errata.jsonl", formador["ana"], viejo, nuevo)
    for orden in (["evaluar", str(errata)],
                  ["entrenar", str(errata), "-o", str(tmp_path / "m.json.gz")]):
        salida = ejecutar(*orden, "--rubrica", str(formador["rubrica"]))
        assert salida.codigo == 1, salida.todo
        assert "errata.jsonl:1: error: " in salida.err and explicacion in salida.err
        assert "se salta esta línea" in salida.err and "Traceback" not in salida.todo
    assert "sobre 69 conversaciones" in ejecutar("evaluar", str(errata)).out


def test_etiquetas_que_no_cuadran_con_los_turnos(ejecutar, formador, tmp_path):
    conversacion = json.loads(formador["ana"].read_text(encoding="utf-8").splitlines()[0])
    conversacion["etiquetas"]["turnos"].pop()
    corta = tmp_path / "corta.jsonl"
    corta.write_text(json.dumps(conversacion) + "\n", encoding="utf-8")
    salida = ejecutar("evaluar", str(corta), str(formador["beto"]))
    assert salida.codigo == 1
    assert "corta.jsonl:1: error: " in salida.err and "tiene que haber una por turno" in salida.err


def test_archivos_vacios_o_repetidos_se_avisan(ejecutar, formador, tmp_path):
    vacio = tmp_path / "vacio.jsonl"
    vacio.write_text("\n", encoding="utf-8")
    salida = ejecutar("evaluar", str(formador["ana"]), str(vacio), str(formador["ana"]))
    assert salida.codigo == 1
    assert "vacio.jsonl: está vacío" in salida.err
    assert "ana.jsonl está repetido: se lee una sola vez" in salida.err
    assert "sobre 70 conversaciones" in salida.out
    solo_vacio = ejecutar("evaluar", str(vacio))
    assert solo_vacio.codigo == 2  # nada que evaluar: no se pudo hacer lo pedido
    assert "vacio.jsonl: está vacío" in solo_vacio.err
    assert "No hay ninguna conversación etiquetada que evaluar" in solo_vacio.err


def test_una_copia_o_un_enlace_del_mismo_archivo_no_es_otro_autor(ejecutar, formador, tmp_path):
    """Con la validación cruzada, el autor «apartado» estaría también en el entrenamiento."""
    copia = tmp_path / "copia.jsonl"
    copia.write_bytes(formador["ana"].read_bytes())
    enlace = tmp_path / "enlace.jsonl"
    enlace.hardlink_to(formador["ana"])
    salida = ejecutar("evaluar", str(formador["ana"]), str(copia), str(enlace))
    assert salida.codigo == 1
    assert "copia.jsonl está repetido (es igual que " in salida.err
    assert "enlace.jsonl está repetido" in salida.err
    assert "sobre 70 conversaciones" in salida.out


def test_un_id_repetido_en_otro_archivo_se_nombra(ejecutar, formador, tmp_path):
    primera = formador["ana"].read_text(encoding="utf-8").splitlines()[0]
    otro = tmp_path / "otro.jsonl"
    otro.write_text(primera + "\n", encoding="utf-8")
    salida = ejecutar("evaluar", str(formador["beto"]), str(formador["ana"]), str(otro))
    assert salida.codigo == 1
    ident = json.loads(primera)["id"]
    assert f"otro.jsonl:1: el id «{ident}» ya está en " in salida.err


def test_una_senal_que_falta_no_cuenta_como_un_no(ejecutar, formador, tmp_path):
    """Etiquetar solo algunas señales vale: evaluar no mide la que falta y entrenar no la
    aprende como un «no» (solo aprende de los turnos donde alguien la etiquetó)."""
    lineas = formador["ana"].read_text(encoding="utf-8").splitlines()

    def variante(nombre: str, valor: bool | None) -> Path:
        salida = []
        for i, linea in enumerate(lineas):
            conversacion = json.loads(linea)
            for turno in conversacion["etiquetas"]["turnos"] if i < 35 else ():
                if "asiste" in turno:
                    if valor is None:
                        del turno["asiste"]
                    else:
                        turno["asiste"] = valor
            salida.append(json.dumps(conversacion))
        ruta = tmp_path / nombre
        ruta.write_text("\n".join(salida) + "\n", encoding="utf-8")
        return ruta

    sin = variante("sin-asiste.jsonl", None)
    medida = json.loads(ejecutar("evaluar", str(sin), "--json").out)
    asiste = medida["senales"]["asiste"]
    assert asiste["vp"] + asiste["fp"] + asiste["fn"] + asiste["vn"] < sum(
        json.loads(ejecutar("evaluar", str(formador["ana"]), "--json").out)["senales"]["asiste"]
        [k] for k in ("vp", "fp", "fn", "vn"))

    modelos = {}
    for nombre, archivo in (("sin", sin), ("no", variante("no-asiste.jsonl", False))):
        destino = tmp_path / f"{nombre}.modelo.json"
        assert ejecutar("entrenar", str(archivo), "-o", str(destino)).codigo == 0
        modelos[nombre] = json.loads(destino.read_text(encoding="utf-8"))["roles"]["agente"]
    asiste_sin = modelos["sin"]["senales"].index("asiste")
    asiste_no = modelos["no"]["senales"].index("asiste")
    assert modelos["sin"]["sesgo"][asiste_sin] != modelos["no"]["sesgo"][asiste_no]


def _segunda(destino: Path, original: Path, cambio) -> Path:
    lineas = []
    for linea in original.read_text(encoding="utf-8").splitlines()[:5]:
        conversacion = json.loads(linea)
        etiquetas = conversacion["etiquetas"]
        cambio(etiquetas)
        lineas.append(json.dumps({"id": conversacion["id"], "etiquetas": etiquetas}))
    destino.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    return destino


def test_el_segundo_anotador_se_revisa_como_el_primero(ejecutar, formador, tmp_path):
    def texto(etiquetas):  # «"false"» entre comillas: un sí/no escrito como texto
        for turno in etiquetas["turnos"]:
            if "disculpa" in turno:
                turno["disculpa"] = "false"
    comillas = ejecutar("evaluar", str(formador["ana"]), "--segundo-anotador",
                        str(_segunda(tmp_path / "s1.jsonl", formador["ana"], texto)))
    assert comillas.codigo == 0, comillas.todo
    fila = next(x.split() for x in comillas.out.splitlines() if x.startswith("disculpa"))
    assert float(fila[1]) < 1.0  # se lee como «no», no como un «sí» por ser un texto

    def errata(etiquetas):
        etiquetas["turnos"][1]["escuha"] = etiquetas["turnos"][1].pop("escucha")
    mal = ejecutar("evaluar", str(formador["ana"]), "--segundo-anotador",
                   str(_segunda(tmp_path / "s2.jsonl", formador["ana"], errata)))
    assert mal.codigo == 2
    assert "s2.jsonl:1: error: «etiquetas.turnos[2]»: «escuha» no es una señal (¿quiso decir " \
        "«escucha»?)" in mal.err

    def clave(etiquetas):
        etiquetas["aprovado"] = etiquetas.pop("aprobado")
    aprovado = ejecutar("evaluar", str(formador["ana"]), "--segundo-anotador",
                        str(_segunda(tmp_path / "s5.jsonl", formador["ana"], clave)))
    assert aprovado.codigo == 2
    assert "s5.jsonl:1: error: «etiquetas»: clave desconocida «aprovado» (¿quiso decir " \
        "«aprobado»?)" in aprovado.err

    def nulo(etiquetas):
        etiquetas["turnos"] = None
    nada = ejecutar("evaluar", str(formador["ana"]), "--segundo-anotador",
                    str(_segunda(tmp_path / "s3.jsonl", formador["ana"], nulo)))
    assert nada.codigo == 2 and "s3.jsonl:1: error: «etiquetas.turnos»" in nada.err
    assert "pydantic" not in nada.err and "Input should" not in nada.err

    def corta(etiquetas):
        etiquetas["turnos"].pop()
    corto = ejecutar("evaluar", str(formador["ana"]), "--segundo-anotador",
                     str(_segunda(tmp_path / "s4.jsonl", formador["ana"], corta)))
    assert corto.codigo == 1
    assert "5 conversación(es) tienen otro número de turnos en cada anotación" in corto.err


def test_segundo_anotador_da_el_acuerdo_por_senal(ejecutar, tmp_path):
    original = _muestra(tmp_path / "ana.jsonl", "autor-g.jsonl", 30)
    segunda = tmp_path / "otra-persona.jsonl"
    lineas = []
    for i, linea in enumerate(original.read_text(encoding="utf-8").splitlines()):
        conversacion = json.loads(linea)
        etiquetas = conversacion["etiquetas"]
        if i < 5:  # la otra persona no ve ayuda en las cinco primeras
            for turno in etiquetas["turnos"]:
                if "asiste" in turno:
                    turno["asiste"] = False
        lineas.append(json.dumps({"id": conversacion["id"], "etiquetas": etiquetas}))
    segunda.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    salida = ejecutar("evaluar", str(original), "--segundo-anotador", str(segunda))
    assert salida.codigo == 0, salida.todo
    assert "Acuerdo entre anotadores en 30 conversaciones comunes" in salida.out
    filas = {linea.split()[0]: linea.split() for linea in salida.out.splitlines() if linea}
    assert float(filas["excusa"][1]) == 1.0
    assert float(filas["asiste"][1]) < 1.0


def test_calificar_con_el_modelo_incluido_no_importa_bibliotecas_de_entrenamiento():
    codigo = (
        "import sys, json\n"
        "from simulador.rubricas import cargar_calificador\n"
        "from simulador.formatos.transcripcion import Transcripcion\n"
        "c = cargar_calificador(cache=False)\n"
        "assert c.modelo is not None\n"
        "t = Transcripcion.model_validate({'id': 'a', 'turnos': ["
        "{'rol': 'cliente', 'texto': 'No me llega el pedido'},"
        "{'rol': 'agente', 'texto': 'Se lo reenvío hoy por mensajería urgente.'}]})\n"
        "c.calificar(t)\n"
        "print(json.dumps(sorted(m for m in ('sklearn', 'scipy', 'numpy') if m in sys.modules)))\n"
    )
    proceso = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True,
                             timeout=120, cwd=RAIZ)
    assert proceso.returncode == 0, proceso.stderr
    assert json.loads(proceso.stdout) == []
