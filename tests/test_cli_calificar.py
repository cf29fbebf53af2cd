"""`simulador calificar` y `simulador evaluar` tal como los usa un formador."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulador.cli import main

BUENA = {"id": "c1", "cliente": {"nombre": "Marta"}, "turnos": [
    {"rol": "cliente", "texto": "Llevo tres días esperando mi pedido."},
    {"rol": "agente", "texto": "Marta, lamento el retraso de su pedido; se lo reenvío hoy "
                              "por mensajería urgente."}]}
MALA = {"id": "c2", "turnos": [
    {"rol": "cliente", "texto": "Llevo tres días esperando mi pedido."},
    {"rol": "agente", "texto": "Es nuestra política. Cálmese."}]}


def _jsonl(ruta: Path, filas: list[object]) -> Path:
    ruta.write_text("".join((f if isinstance(f, str) else json.dumps(f, ensure_ascii=False))
                            + "\n" for f in filas), encoding="utf-8")
    return ruta


def test_salida_del_contrato_una_linea_por_conversacion(tmp_path, capsys):
    entrada = _jsonl(tmp_path / "t.jsonl", [BUENA, MALA])
    assert main(["calificar", str(entrada)]) == 0
    lineas = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lineas] == ["c1", "c2"]
    buena, mala = lineas
    assert set(buena) >= {"id", "puntaje", "criterios", "aprobado", "rubrica", "cierre", "turnos"}
    assert set(buena["criterios"]) == {"escucha", "resolucion", "disculpa", "desescalada",
                                       "sin_excusas", "cierre"}
    assert buena["criterios"]["cierre"] is None and buena["cierre"] == "no_aplica"
    assert buena["rubrica"]["id"] == "estandar" and len(buena["rubrica"]["version"]) == 8
    assert buena["aprobado"] and not mala["aprobado"]
    assert buena["puntaje"] > mala["puntaje"]
    agente = buena["turnos"][1]
    assert agente["rol"] == "agente" and agente["senales"]["disculpa"]
    texto = BUENA["turnos"][1]["texto"]
    for e in agente["evidencias"]:
        assert texto[e["inicio"]:e["fin"]] == e["texto"]
    assert buena["turnos"][0] == {"rol": "cliente", "senales": {"abuso": False}}


def test_linea_mala_se_nombra_y_las_demas_se_califican(tmp_path, capsys):
    entrada = _jsonl(tmp_path / "t.jsonl", [BUENA, "{esto no es json", {"id": "x"}, MALA])
    assert main(["calificar", str(entrada)]) == 1
    salida = capsys.readouterr()
    assert [json.loads(x)["id"] for x in salida.out.splitlines()] == ["c1", "c2"]
    assert "t.jsonl:2" in salida.err and "no es JSON" in salida.err
    assert "t.jsonl:3" in salida.err and "turnos" in salida.err
    assert "Traceback" not in salida.err


@pytest.mark.parametrize("constante", ["NaN", "Infinity", "-Infinity"])
def test_nan_e_infinity_no_son_json_y_se_dice(tmp_path, capsys, constante):
    """Python los lee, pero otra herramienta que lea la misma línea no podría."""
    texto = json.dumps({"id": "x", "turnos": [{"rol": "cliente", "texto": "hola"}]})
    entrada = _jsonl(tmp_path / "t.jsonl", [BUENA, texto.replace('"x"', constante)])
    assert main(["calificar", str(entrada)]) == 1
    salida = capsys.readouterr()
    assert [json.loads(x)["id"] for x in salida.out.splitlines()] == ["c1"]
    assert "t.jsonl:2" in salida.err and f"«{constante}» no existe en JSON" in salida.err


def test_entrada_estandar_yaml_y_archivo_de_salida(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(BUENA) + "\n"))
    assert main(["calificar", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "c1"
    yaml = tmp_path / "una.yaml"
    yaml.write_text("id: y1\nturnos:\n  - rol: cliente\n    texto: Hola, mi router no va\n"
                    "  - rol: agente\n    texto: Lo siento, reviso su router ahora.\n",
                    encoding="utf-8")
    salida = tmp_path / "notas.jsonl"
    assert main(["calificar", str(yaml), "-o", str(salida)]) == 0
    assert json.loads(salida.read_text(encoding="utf-8"))["turnos"][1]["senales"]["disculpa"]


def test_errores_claros_de_archivo_y_rubrica(tmp_path, capsys):
    assert main(["calificar", str(tmp_path / "no-existe.jsonl")]) == 2
    assert "no existe" in capsys.readouterr().err
    entrada = _jsonl(tmp_path / "t.jsonl", [BUENA])
    assert main(["calificar", str(entrada), "--rubrica", "inexistente"]) == 2
    err = capsys.readouterr().err
    assert "inexistente" in err and "estandar" in err
    assert main(["calificar", str(entrada), "--rubrica", str(tmp_path / "mia.yaml")]) == 2
    err = capsys.readouterr().err
    assert "mia.yaml" in err and "no existe" in err
    assert main(["calificar", str(entrada), "--rubrica", str(tmp_path)]) == 2
    assert "es una carpeta" in capsys.readouterr().err


def test_un_json_de_una_sola_linea_se_califica(tmp_path, capsys):
    # Una conversación en .json escrita en una línea (como la exportan muchas
    # herramientas) se califica igual que si ocupara varias.
    for nombre, texto in (("una.json", json.dumps(BUENA)),
                          ("varias.json", json.dumps(BUENA, indent=2))):
        entrada = tmp_path / nombre
        entrada.write_text(texto, encoding="utf-8")
        assert main(["calificar", str(entrada)]) == 0, nombre
        assert json.loads(capsys.readouterr().out)["id"] == "c1"


def test_por_subproceso_sin_traza(tmp_path):
    entrada = _jsonl(tmp_path / "t.jsonl", ["[1, 2", BUENA])
    r = subprocess.run([sys.executable, "-m", "simulador", "calificar", str(entrada)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "t.jsonl:1" in r.stderr
    assert json.loads(r.stdout)["id"] == "c1"


@pytest.fixture
def etiquetado(tmp_path: Path) -> Path:
    buena = dict(BUENA, etiquetas={"turnos": [{"abuso": False}, {
        "escucha": True, "disculpa": True, "escalada": False, "excusa": False,
        "advierte": False, "termina": False}], "cierre": "no_aplica"})
    mala = dict(MALA, etiquetas={"turnos": [{"abuso": False}, {
        "escucha": False, "disculpa": False, "escalada": True, "excusa": True,
        "advierte": False, "termina": False}], "cierre": "no_aplica"})
    return _jsonl(tmp_path / "etiquetado.jsonl", [buena, mala])


def test_evaluar_informa_metricas_y_matriz(etiquetado, capsys):
    assert main(["evaluar", str(etiquetado)]) == 0
    salida = capsys.readouterr().out
    for palabra in ("precisión", "F1", "kappa", "Cierre: exactitud 1.000", "no_aplica",
                    "disculpa", "excusa"):
        assert palabra in salida


def test_evaluar_json(etiquetado, capsys):
    assert main(["evaluar", str(etiquetado), "--json"]) == 0
    datos = json.loads(capsys.readouterr().out)
    assert datos["conversaciones"] == 2
    assert datos["senales"]["disculpa"]["f1"] == 1.0
    assert datos["cierre"]["exactitud"] == 1.0
    assert datos["cierre"]["confusion"]["no_aplica"]["no_aplica"] == 2


def test_evaluar_muestra_los_fallos_con_su_texto(tmp_path, capsys):
    fila = dict(BUENA, etiquetas={"turnos": [{"abuso": True}, {
        "escucha": True, "disculpa": False, "escalada": False, "excusa": False,
        "advierte": False, "termina": False}], "cierre": "no_aplica"})
    entrada = _jsonl(tmp_path / "e.jsonl", [fila])
    assert main(["evaluar", str(entrada)]) == 0
    salida = capsys.readouterr().out
    assert "«disculpa» detectada de más" in salida
    assert "«abuso» no detectada" in salida
    assert "Llevo tres días" in salida


def test_la_opcion_datos_decide_donde_se_guarda_la_rubrica_compilada(tmp_path, capsys):
    entrada = _jsonl(tmp_path / "t.jsonl", [BUENA])
    carpeta = tmp_path / "mis-datos"
    assert main(["calificar", str(entrada), "--datos", str(carpeta)]) == 0
    assert list((carpeta / "cache").glob("rubrica-*.compilada"))
    assert json.loads(capsys.readouterr().out)["id"] == "c1"
