"""`jugar` guarda en el historial; `sesiones`, `reanudar` y `descartar` lo manejan."""

from __future__ import annotations

import functools
import io
import json
import sys
from pathlib import Path

import pytest

from simulador.comandos import jugar
from simulador.historial import Historial
from simulador.rubricas import cargar_calificador

MODELO = "tests/guiones/pedido-retrasado-modelo.txt"
_compartido = functools.cache(cargar_calificador)


@pytest.fixture(autouse=True)
def _sin_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(jugar, "cargar_calificador", _compartido)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _ident(texto: str) -> str:
    linea = next(x for x in texto.splitlines() if "guardada en el historial: " in x)
    return linea.split("historial: ", 1)[1].split(".")[0].strip()


def _guion(tmp_path: Path, texto: str) -> str:
    ruta = tmp_path / "g.txt"
    ruta.write_text(texto, encoding="utf-8")
    return str(ruta)


def test_jugar_guarda_la_sesion_y_dice_su_identificador(ejecutar):
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", MODELO, "--semilla", "2",
                      "--agente", "Ana", "--equipo", "Mañana")
    assert salida.codigo == 0, salida.todo
    ident = _ident(salida.out)
    (sesion,) = Historial.del_usuario().terminadas()
    assert sesion.ident == ident and sesion.agente == "Ana" and sesion.semilla == 2
    listado = ejecutar("sesiones")
    assert listado.codigo == 0 and ident in listado.out and "terminada" in listado.out


def test_con_json_el_identificador_va_a_la_salida_de_errores(ejecutar):
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", MODELO, "--json")
    assert salida.codigo == 0
    datos = json.loads(salida.out)  # la salida estándar sigue siendo solo el JSON
    assert _ident(salida.err) == Historial.del_usuario().terminadas()[0].ident
    assert datos["puntaje"] == Historial.del_usuario().terminadas()[0].resultado.puntaje


def test_no_guardar(ejecutar):
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", MODELO, "--no-guardar")
    assert salida.codigo == 0 and "historial" not in salida.todo
    assert not Historial.del_usuario().existe


def test_otra_carpeta_de_datos(ejecutar, tmp_path):
    otra = tmp_path / "otra"
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", MODELO, "--datos", str(otra))
    assert salida.codigo == 0
    assert len(Historial(otra / "historial.sqlite3").terminadas()) == 1
    assert ejecutar("sesiones", "--datos", str(otra), "--json").out.count('"id"') == 1


def test_si_el_historial_falla_la_sesion_se_juega_igual_y_sale_con_3(ejecutar, tmp_path):
    """Jugada pero sin guardar: un script que juega y luego exporta lo sabe por el código."""
    archivo = tmp_path / "no-es-carpeta"
    archivo.write_text("x", encoding="utf-8")
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", MODELO, "--datos", str(archivo))
    assert salida.codigo == 3 and "Resultado:" in salida.out
    assert salida.err.count("no se puede guardar en el historial") == 1
    # El motivo, en español (no el «File exists» del sistema).
    assert "la carpeta de datos es un archivo" in salida.err
    assert "no se ha podido guardar entera" in salida.err and "Traceback" not in salida.todo
    en_json = ejecutar("jugar", "pedido-retrasado", "--guion", MODELO, "--datos", str(archivo),
                       "--json")
    assert en_json.codigo == 3 and json.loads(en_json.out)["puntaje"] >= 0


def test_guion_que_se_acaba_deja_la_sesion_a_medias_y_se_reanuda(ejecutar, tmp_path):
    primera = ejecutar("jugar", "pedido-retrasado", "--guion",
                       _guion(tmp_path, "/esperar 30\nDe acuerdo.\n"), "--semilla", "5")
    assert primera.codigo == 0 and "Sesión a medias guardada" in primera.out
    ident = _ident(primera.out)
    assert f"simulador reanudar {ident}" in primera.out
    pendientes = ejecutar("sesiones", "--pendientes")
    assert ident in pendientes.out and "a medias" in pendientes.out
    assert "simulador reanudar ID" in pendientes.out
    segunda = ejecutar("reanudar", ident[:10], "--guion", MODELO)
    assert segunda.codigo == 0, segunda.todo
    assert "se reanuda la sesión" in segunda.out and "Tú: De acuerdo." in segunda.out
    assert f"Sesión guardada en el historial: {ident}" in segunda.out
    (sesion,) = Historial.del_usuario().sesiones()
    assert sesion.terminada and sesion.respuestas == 3
    assert ejecutar("sesiones", "--pendientes").out.strip() == "No hay sesiones a medias."
    otra = ejecutar("reanudar", ident)
    assert otra.codigo == 2 and "--guion" in otra.err  # sin terminal ni guion
    repetida = ejecutar("reanudar", ident, "--guion", MODELO)
    assert repetida.codigo == 2 and "ya terminó" in repetida.err


def test_en_terminal_salir_y_seguir_en_terminal(ejecutar, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Terminal("De acuerdo.\n/salir\n"))
    salida = ejecutar("jugar", "pedido-retrasado", "--semilla", "1", "--agente", "Ana")
    assert salida.codigo == 0 and "Sesión a medias guardada" in salida.out
    ident = _ident(salida.out)
    modelo = Path(MODELO).read_text(encoding="utf-8").splitlines()
    respuestas = [x for x in modelo if x and not x.startswith("#")]
    monkeypatch.setattr(sys, "stdin", _Terminal("\n".join(respuestas) + "\n"))
    seguida = ejecutar("reanudar", ident)
    assert seguida.codigo == 0, seguida.todo
    assert "── Final: resuelto" in seguida.out
    (sesion,) = Historial.del_usuario().sesiones()
    assert sesion.terminada and sesion.agente == "Ana" and sesion.respuestas == 3


def test_descartar_por_la_cli(ejecutar, tmp_path):
    ident = _ident(ejecutar("jugar", "pedido-retrasado", "--guion",
                            _guion(tmp_path, "De acuerdo.\n")).out)
    salida = ejecutar("descartar", ident[:6])
    assert salida.codigo == 0 and "descartada" in salida.out
    assert "descartada" in ejecutar("sesiones").out
    otra = ejecutar("descartar", ident)
    assert otra.codigo == 2 and "ya estaba descartada" in otra.err
    assert ejecutar("reanudar", ident, "--guion", MODELO).codigo == 2


@pytest.mark.parametrize("argumentos", [("descartar", "abcdef12"), ("reanudar", "xyz",
                                                                   "--guion", MODELO)])
def test_identificadores_que_no_existen(ejecutar, argumentos):
    # No se pudo hacer lo pedido (esa sesión no está): código 2, como un archivo que falta.
    salida = ejecutar(*argumentos)
    assert salida.codigo == 2 and "Traceback" not in salida.todo
    assert "simulador sesiones" in salida.err


def test_sesiones_con_el_historial_vacio(ejecutar):
    salida = ejecutar("sesiones")
    assert salida.codigo == 0 and "El historial está vacío" in salida.out
    assert json.loads(ejecutar("sesiones", "--json").out) == []
    assert not Historial.del_usuario().existe


def test_jugar_con_guion_guarda_la_sesion_como_partida_con_guion(ejecutar, monkeypatch):
    """La prueba de un formador queda marcada: no cuenta en los resultados del equipo."""
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", MODELO, "--agente", "Formador")
    assert salida.codigo == 0, salida.todo
    assert "partida con guion" in salida.out and "--incluir-guiones" in salida.out
    monkeypatch.setattr(sys, "stdin", _Terminal("De acuerdo.\n/salir\n"))
    a_mano = ejecutar("jugar", "pedido-retrasado", "--semilla", "1", "--agente", "Ana")
    assert a_mano.codigo == 0 and "partida con guion" not in a_mano.todo
    guiones = {s.agente: s.guion for s in Historial.del_usuario().sesiones()}
    assert guiones == {"Formador": True, "Ana": False}
    listado = {s["agente"]: s["guion"] for s in json.loads(ejecutar("sesiones", "--json").out)}
    assert listado == {"Formador": True, "Ana": False}
    tabla = ejecutar("sesiones").out
    fila_formador = next(x for x in tabla.splitlines() if "Formador" in x)
    assert "terminada · guion" in fila_formador and "no cuenta en exportar" in tabla
    assert "guion" not in next(x for x in tabla.splitlines() if " Ana " in x)
    # Reanudar con un guion una sesión empezada a mano no cambia cómo se empezó.
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert ejecutar("reanudar", _ident(a_mano.out), "--guion", MODELO).codigo == 0
    assert {s.agente: s.guion for s in Historial.del_usuario().sesiones()}["Ana"] is False
