"""Texto ajeno y terminal: una secuencia de escape en un escenario, un nombre o una
transcripción se ve («␛[2J») en lugar de borrar la pantalla o cambiar el título."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulador.carga import cargar_escenario
from simulador.texto import visible

BASE = Path(__file__).parent / "datos" / "validos" / "minimo.yaml"
PELIGROSOS = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\x00")


def _escenario(tmp_path: Path) -> Path:
    texto = BASE.read_text(encoding="utf-8").replace(
        "titulo: Un pedido que no llega",
        'titulo: "Pedido\\e[2J\\e]0;otro título\\a perdido \\u202eexe.txt"')
    ruta = tmp_path / "escapes.yaml"
    ruta.write_text(texto, encoding="utf-8")
    return ruta


def test_listar_y_validar_no_mandan_escapes_a_la_terminal(ejecutar, tmp_path):
    ruta = _escenario(tmp_path)
    listado = ejecutar("listar", str(ruta))
    assert "Pedido␛[2J␛]0;otro título␇ perdido" in listado.out
    validado = ejecutar("validar", str(ruta))
    assert "aviso en «titulo»" in validado.out and "caracteres de control" in validado.out
    for salida in (listado, validado):
        assert not any(c in salida.todo for c in PELIGROSOS), repr(salida.todo)


def test_el_escenario_cargado_ya_trae_el_texto_visible(tmp_path):
    """La interfaz pinta lo que trae el modelo: tampoco le llega un escape."""
    cargado = cargar_escenario(_escenario(tmp_path))
    assert not any(c in cargado.modelo.titulo for c in PELIGROSOS)
    assert cargado.documento.saneados == [("titulo",)]


def test_comparar_no_manda_los_escapes_de_un_nombre(ejecutar, tmp_path):
    ruta = tmp_path / "equipo.csv"
    ruta.write_text("sesion_id,fecha,agente,equipo,escenario,puntaje,cierre\n"
                    "s1,2024-03-01 10:00:00,Ana\x1b[31m,Tarde\u202e,p,80,no_aplica\n",
                    encoding="utf-8")
    salida = ejecutar("comparar", str(ruta))
    assert salida.codigo == 0 and "Ana" in salida.out and "[31m" in salida.out
    assert not any(c in salida.todo for c in PELIGROSOS)


@given(st.text())
def test_visible_nunca_deja_pasar_un_control(texto):
    limpio = visible(texto)
    assert not any(c in limpio for c in PELIGROSOS)
    # Ningún control (categoría Cc) salvo el salto de línea y el tabulador, y ninguna
    # marca de dirección.
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in limpio)
    assert not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in limpio)


def test_filas_imposibles_en_comparar_se_avisan_y_se_saltan(ejecutar, tmp_path):
    ruta = tmp_path / "raro.csv"
    ruta.write_text("sesion_id,fecha,agente,equipo,escenario,puntaje,cierre\n"
                    "s1,0001-01-01 00:00:00,Ana,A,p,80,no_aplica\n"
                    "s2,2024-03-01 10:00:00,Ana,A,p,inf,no_aplica\n"
                    "s3,2024-03-01 10:00:00,Ana,A,p,nan,no_aplica\n"
                    "s4,2024-03-02 10:00:00,Ana,A,p,70,no_aplica\n", encoding="utf-8")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 1, salida.todo
    assert "raro.csv:2: «fecha» está fuera de las fechas posibles" in salida.err
    assert "raro.csv:3: «puntaje» no es una nota" in salida.err
    assert "raro.csv:4: «puntaje» no es una nota" in salida.err
    assert json.loads(salida.out)[0]["sesiones"] == 1


def test_un_csv_con_finales_de_linea_de_mac_antiguo(ejecutar, tmp_path):
    ruta = tmp_path / "mac.csv"
    ruta.write_bytes(b"sesion_id,fecha,agente,equipo,escenario,puntaje,cierre\r"
                     b"s1,2024-03-01 10:00:00,Ana,A,p,80,no_aplica\r")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 0 and json.loads(salida.out)[0]["media"] == 80.0


def test_una_semilla_que_no_cabe_en_el_historial_se_explica(ejecutar):
    salida = ejecutar("jugar", "pedido-retrasado", "--semilla", "99999999999999999999")
    assert salida.codigo == 2 and "la semilla debe estar entre 0 y" in salida.err
    assert "Traceback" not in salida.todo


def test_un_fallo_inesperado_no_muestra_una_traza(ejecutar, monkeypatch):
    from simulador.comandos import listar

    def romper(_args: object) -> int:
        raise RuntimeError("algo imprevisto")

    monkeypatch.setattr(listar, "ejecutar", romper)
    salida = ejecutar("listar")
    assert salida.codigo == 70 and "Error inesperado" in salida.err
    assert "RuntimeError: algo imprevisto" in salida.err and "Traceback" not in salida.todo


@pytest.mark.parametrize("orden", [("validar",), ("listar",), ("calificar",), ("comparar",),
                                   ("jugar", "pedido-retrasado", "--guion")])
def test_un_enlace_en_bucle_se_explica_sin_traza(ejecutar, tmp_path, orden):
    bucle = tmp_path / "bucle"
    bucle.symlink_to(bucle)
    salida = ejecutar(*orden, str(bucle))
    assert salida.codigo != 0 and "bucle" in salida.todo
    assert "Traceback" not in salida.todo and "Error inesperado" not in salida.err


# Cualquier carácter, también las mitades sueltas de un par UTF-16 («\ud800» en un JSON) y
# los controles C0 y C1.
CUALQUIERA = st.text(st.characters(exclude_categories=()), max_size=60)
_SIN_HEALTHCHECK = settings(max_examples=15, deadline=None,
                            suppress_health_check=[HealthCheck.function_scoped_fixture])


def _sin_peligrosos(salida) -> None:
    assert "Traceback" not in salida.todo and salida.codigo != 70, salida.todo
    assert not any(c in salida.todo for c in PELIGROSOS), repr(salida.todo)
    assert not any("\ud800" <= c <= "\udfff" for c in salida.todo)


@_SIN_HEALTHCHECK
@given(cliente=CUALQUIERA, agente=CUALQUIERA, nombre=CUALQUIERA)
def test_calificar_cualquier_texto(ejecutar, tmp_path, cliente, agente, nombre):
    """Sea cual sea el texto, cada línea se califica (o se explica por qué no) y la salida
    llega a la terminal sin un escape ni un carácter que no se pueda escribir."""
    conversacion = {"id": nombre or "x", "cliente": {"nombre": nombre or "Ana"}, "turnos": [
        {"rol": "cliente", "texto": cliente}, {"rol": "agente", "texto": agente}]}
    ruta = tmp_path / "cualquiera.jsonl"
    ruta.write_text(json.dumps(conversacion) + "\n" + json.dumps(
        {"id": "siguiente", "turnos": [{"rol": "cliente", "texto": "hola"},
                                       {"rol": "agente", "texto": "Le ayudo ahora"}]}) + "\n",
                    encoding="utf-8")
    salida = ejecutar("calificar", str(ruta))
    _sin_peligrosos(salida)
    # La línea rara no impide calificar la siguiente.
    assert '"id": "siguiente"' in salida.out, salida.todo


@_SIN_HEALTHCHECK
@given(celdas=st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
                       min_size=7, max_size=7))
def test_comparar_cualquier_celda(ejecutar, tmp_path, celdas):
    """Una fila con celdas cualesquiera se avisa y se salta, o se cuenta; nunca una traza."""
    ruta = tmp_path / "cualquiera.csv"
    with ruta.open("w", encoding="utf-8", newline="") as flujo:
        escritor = csv.writer(flujo)
        escritor.writerow(["sesion_id", "fecha", "agente", "equipo", "escenario", "puntaje",
                           "cierre"])
        escritor.writerow(celdas)
        escritor.writerow(["s-buena", "2024-03-01 10:00:00", "Ana", "Tarde", "p", "80",
                           "no_aplica"])
    salida = ejecutar("comparar", str(ruta))
    _sin_peligrosos(salida)
    assert salida.codigo in (0, 1) and "Ana" in salida.out, salida.todo


def test_nombres_y_archivos_con_bytes_que_no_son_utf8_se_guardan(ejecutar, tmp_path):
    """Un argumento o un nombre de archivo con un byte de otra codificación (en Python, una
    «mitad suelta» \\udcff) no tumba la partida: se guarda, con «�» en su lugar."""
    import os
    import shutil

    from simulador.historial import Historial
    from simulador.rutas import escenarios_incluidos

    raro = tmp_path / os.fsdecode(b"pedido-\xff.yaml")
    shutil.copy(escenarios_incluidos() / "pedido-retrasado.yaml", raro)
    guion = tmp_path / "g.txt"
    guion.write_text("Lo siento mucho, Lucía: ahora miro su pedido.\n", encoding="utf-8")
    datos = tmp_path / "datos"
    salida = ejecutar("jugar", str(raro), "--guion", str(guion), "--datos", str(datos),
                      "--agente", "Ana\x1b[2J\u202e", "--equipo", "T\udc9b1")
    assert salida.codigo == 0, salida.todo
    _sin_peligrosos(salida)
    (sesion,) = Historial(datos / "historial.sqlite3").pendientes()
    assert (sesion.agente, sesion.equipo) == ("Ana[2J", "T�1")
    listado = ejecutar("sesiones", "--datos", str(datos))
    assert "Ana[2J" in listado.out
    _sin_peligrosos(listado)


@pytest.mark.parametrize("orden", ["validar", "listar"])
def test_una_carpeta_que_no_se_puede_leer_no_pasa_por_vacia(ejecutar, tmp_path, monkeypatch,
                                                            orden):
    """Sin permiso para leer una subcarpeta, validar y listar lo dicen y salen con 1: no
    dan por buenos unos escenarios que no han mirado."""
    import os as _os

    from simulador.rutas import escenarios_incluidos

    carpeta = tmp_path / "escenarios"
    (carpeta / "privada").mkdir(parents=True)
    (carpeta / "pedido.yaml").write_bytes(
        (escenarios_incluidos() / "pedido-retrasado.yaml").read_bytes())
    recorrer = _os.walk

    def walk(raiz, onerror=None, **kw):
        for raiz_, carpetas, archivos in recorrer(raiz, onerror=onerror, **kw):
            if raiz_.endswith("privada") and onerror is not None:
                onerror(PermissionError(13, "Permission denied", raiz_))
                continue
            yield raiz_, carpetas, archivos

    monkeypatch.setattr("simulador.catalogo.os.walk", walk)
    salida = ejecutar(orden, str(carpeta))
    assert salida.codigo == 1, salida.todo
    assert "privada" in salida.todo and "no se puede leer la carpeta" in salida.todo
    assert "no tiene permiso" in salida.todo and "Permission" not in salida.todo
