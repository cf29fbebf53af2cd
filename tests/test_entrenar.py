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
