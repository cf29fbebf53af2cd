"""Las salidas de los comandos: «-» es la salida estándar, un archivo nunca queda a medias
y ningún comando escribe encima de su propia entrada."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from simulador import destinos
from simulador.destinos import MismoArchivo, comprobar_distintos

GUIONES = Path(__file__).parent / "guiones"
TRANSCRIPCION = {"id": "c1", "turnos": [
    {"rol": "cliente", "texto": "Mi pedido 4411 no ha llegado."},
    {"rol": "agente", "texto": "Lo siento: se lo reenvío hoy y le llega el jueves."}]}


def test_calificar_no_escribe_encima_de_su_entrada(ejecutar, tmp_path):
    entrada = tmp_path / "conversaciones.jsonl"
    entrada.write_text(json.dumps(TRANSCRIPCION) + "\n", encoding="utf-8")
    antes = entrada.read_bytes()
    for salida in (str(entrada), str(tmp_path / "." / "conversaciones.jsonl")):
        resultado = ejecutar("calificar", str(entrada), "-o", salida)
        assert resultado.codigo == 2 and "mismo archivo" in resultado.err, resultado.todo
        assert entrada.read_bytes() == antes


def test_calificar_con_guion_a_la_salida_estandar(ejecutar, tmp_path):
    entrada = tmp_path / "conversaciones.jsonl"
    entrada.write_text(json.dumps(TRANSCRIPCION) + "\n", encoding="utf-8")
    resultado = ejecutar("calificar", str(entrada), "-o", "-")
    assert resultado.codigo == 0 and json.loads(resultado.out)["id"] == "c1"
    assert not (Path.cwd() / "-").exists()


def test_exportar_y_comparar_con_guion_y_sin_pisar_la_entrada(ejecutar, tmp_path):
    exportado = ejecutar("exportar", "--datos", str(tmp_path), "-o", "-")
    assert exportado.codigo == 0 and exportado.out.startswith("sesion_id,")
    assert not (Path.cwd() / "-").exists()
    csv = tmp_path / "a.csv"
    csv.write_bytes(exportado.out.encode("utf-8"))
    antes = csv.read_bytes()
    pisado = ejecutar("comparar", str(csv), "--csv", str(csv))
    assert pisado.codigo == 2 and "mismo archivo" in pisado.err
    assert csv.read_bytes() == antes
    doble = ejecutar("exportar", "--datos", str(tmp_path), "-o", str(tmp_path / "x.csv"),
                     "--transcripciones", str(tmp_path / "x.csv"))
    assert doble.codigo == 2 and "-o y --transcripciones son el mismo archivo" in doble.err
    ambas = ejecutar("exportar", "--datos", str(tmp_path), "--transcripciones", "-")
    assert ambas.codigo == 2 and "salida estándar" in ambas.err


def test_comparar_lee_la_entrada_estandar(ejecutar, tmp_path, monkeypatch):
    csv = ("sesion_id,fecha,agente,equipo,escenario,puntaje,cierre\n"
           "s1,2024-03-01 10:00:00,Ana,A,p,80,no_aplica\n")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(csv.encode("utf-8"))))
    salida = ejecutar("comparar", "-", "--json")
    assert salida.codigo == 0, salida.todo
    assert json.loads(salida.out)[0]["agente"] == "Ana"


def test_jugar_no_pisa_su_guion_y_escribe_la_transcripcion_en_la_salida(ejecutar, tmp_path):
    guion = tmp_path / "g.txt"
    guion.write_text((GUIONES / "pedido-retrasado-modelo.txt").read_text(encoding="utf-8"),
                     encoding="utf-8")
    antes = guion.read_bytes()
    pisado = ejecutar("jugar", "pedido-retrasado", "--guion", str(guion), "--transcripcion",
                      str(guion), "--no-guardar")
    assert pisado.codigo == 2 and "mismo archivo" in pisado.err
    assert guion.read_bytes() == antes
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", str(guion), "--transcripcion",
                      "-", "--no-guardar", "--semilla", "1")
    assert salida.codigo == 0, salida.todo
    ultima = salida.out.strip().splitlines()[-1]
    assert json.loads(ultima)["turnos"][0]["rol"] == "cliente"


def test_si_escribir_falla_el_archivo_anterior_queda_intacto(tmp_path, monkeypatch):
    ruta = tmp_path / "resultados.csv"
    ruta.write_text("lo de la semana pasada\n", encoding="utf-8")

    def lleno(*_: object) -> None:
        raise OSError(28, "No queda espacio en el dispositivo")

    monkeypatch.setattr(os, "fsync", lleno)
    with pytest.raises(OSError):
        destinos.escribir_bytes(b"sesion_id,fecha\n", ruta)
    assert ruta.read_text(encoding="utf-8") == "lo de la semana pasada\n"
    assert [p.name for p in tmp_path.iterdir()] == ["resultados.csv"]  # sin temporales


def test_comprobar_distintos_sigue_enlaces(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("x", encoding="utf-8")
    enlace = tmp_path / "enlace.csv"
    enlace.symlink_to(real)
    with pytest.raises(MismoArchivo, match="--csv"):
        comprobar_distintos({"--csv": enlace}, {"la entrada 1": real})
    comprobar_distintos({"--csv": tmp_path / "otro.csv"}, {"la entrada 1": real})
    comprobar_distintos({"-o": None}, {"la entrada": Path("-")})
    # La misma entrada dos veces no es un choque: solo se lee.
    comprobar_distintos({"--csv": None}, {"la entrada 1": real, "la entrada 2": real})


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_un_csv_mirado_en_la_terminal_no_manda_escapes(ejecutar, monkeypatch, tmp_path):
    """`simulador exportar` sin -o en una terminal: un nombre con un escape se ve («␛») en
    lugar de borrar la pantalla; a un archivo o una tubería, el CSV va tal cual."""
    datos = tmp_path / "datos"
    guion = tmp_path / "g.txt"
    guion.write_text("Lo siento mucho, Lucía: le devuelvo el dinero hoy.\n", encoding="utf-8")
    jugado = ejecutar("jugar", "pedido-retrasado", "--guion", str(guion), "--datos",
                      str(datos), "--agente", "Ana", "--equipo", "Tarde")
    assert jugado.codigo == 0, jugado.todo
    from simulador.historial import Historial

    with Historial(datos / "historial.sqlite3").escritura() as conexion:
        conexion.execute("UPDATE sesiones SET agente = 'Ana\x1b[2J'")
    archivo = ejecutar("exportar", "--datos", str(datos), "--incluir-guiones")
    assert "Ana\x1b[2J" in archivo.out  # a una tubería: los datos tal cual
    pantalla = _Terminal()
    monkeypatch.setattr("sys.stdout", pantalla)
    destinos.escribir_bytes(b"agente\nAna\x1b[2J\n", None)
    assert pantalla.getvalue() == "agente\nAna␛[2J\n"
