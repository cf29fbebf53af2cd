"""Capturas de cada pantalla a 80×24 (pytest-textual-snapshot).

Estables: semilla fija, RelojManual parado, sin pausa «escribiendo…», sin
parpadeo del cursor y con tres escenarios fijos. Si una cambia a propósito:
`pytest tests/test_tui_capturas.py --snapshot-update`, tras mirar el informe.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_tui_historial import sembrar_equipo, sembrar_pendientes
from textual.widgets import Input

from simulador.motor import RelojManual
from simulador.rubricas import cargar_calificador
from simulador.tui.app import SimuladorApp
from simulador.tui.config import Config
from simulador.tui.pantallas.equipo import PantallaEquipo
from simulador.tui.pantallas.pendientes import Pendientes
from simulador.tui.widgets.entrada import EntradaRespuesta

RAIZ = Path(__file__).resolve().parents[1]
FIJOS = [RAIZ / "escenarios" / f"{n}.yaml" for n in ("pedido-retrasado", "cliente-abusivo",
                                                     "exige-imposible")]
_calificador = functools.cache(cargar_calificador)

BUENA = ("Lucía, siento mucho que su cafetera lleve cinco días de retraso cuando le "
         "prometimos entrega en 48 horas.")
MALA = "El retraso es culpa de la mensajería. Consulte nuestra página de seguimiento."


@pytest.fixture
def app(tmp_path: Path) -> SimuladorApp:
    return SimuladorApp(Config(escenarios=list(FIJOS), datos=tmp_path / "datos",
                               reloj=RelojManual(), escribiendo=0.0, semilla=3,
                               parpadeo=False, cargar_calificador=_calificador))


async def _preparado(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _empezar(pilot, *, examen: bool = False) -> None:
    await _preparado(pilot)
    pantalla = pilot.app.screen
    pantalla.query_one("#nombre", Input).value = "Marta"
    pantalla.query_one("#equipo", Input).value = "Mañana"
    if examen:
        pantalla.query_one("#modo").focus()
        await pilot.press("right")
    pantalla.query_one("#escenarios").focus()
    await pilot.press("enter")
    await pilot.pause()


async def _responder(pilot, texto: str) -> None:
    pilot.app.screen.query_one(EntradaRespuesta).text = texto
    await pilot.press("enter")
    await pilot.pause()


POBRES = (MALA, "Perdone por intentar ayudarle. Es nuestra política.",
          "Cálmese, así no vamos a ningún lado.")


async def _hasta_el_final(pilot) -> None:
    """Respuestas pobres hasta que la clienta se va (con la semilla 3, tras la segunda)."""
    await _empezar(pilot)
    for texto in POBRES:
        await _responder(pilot, texto)
        if pilot.app.screen.sesion.terminada:
            return
    raise AssertionError("la conversación debía haber terminado")


async def _partida_pobre(pilot) -> None:
    await _hasta_el_final(pilot)
    await pilot.press("enter")  # el foco está en «Ver el resultado»
    await pilot.pause()
    assert pilot.app.screen.id == "resultado"


def test_inicio(snap_compare, app):
    assert snap_compare(app, run_before=_preparado)


def test_inicio_con_un_escenario_que_no_se_puede_jugar(snap_compare, tmp_path, monkeypatch):
    """La fila marcada, el error entero a la derecha y «Empezar» apagado."""
    monkeypatch.chdir(RAIZ)  # el error nombra el archivo relativo a la carpeta actual
    roto = RAIZ / "tests" / "datos" / "rotos" / "destino_inexistente.yaml"
    app = SimuladorApp(Config(escenarios=[*FIJOS, roto], datos=tmp_path / "datos",
                              reloj=RelojManual(), escribiendo=0.0, semilla=3,
                              parpadeo=False, cargar_calificador=_calificador))

    async def antes(pilot) -> None:
        await _preparado(pilot)
        pilot.app.screen.query_one("#nombre", Input).value = "Marta"
        lista = pilot.app.screen.query_one("#escenarios")
        lista.focus()
        lista.highlighted = 3
        await pilot.pause()

    assert snap_compare(app, run_before=antes)


def test_conversacion_practica(snap_compare, app):
    async def antes(pilot) -> None:
        await _empezar(pilot)
        await _responder(pilot, BUENA)

    assert snap_compare(app, run_before=antes)


def test_conversacion_examen_y_aviso_de_respuesta_vacia(snap_compare, app):
    async def antes(pilot) -> None:
        await _empezar(pilot, examen=True)
        await _responder(pilot, MALA)
        await _responder(pilot, "   ")

    assert snap_compare(app, run_before=antes)


def test_despedida(snap_compare, app):
    async def antes(pilot) -> None:
        await _empezar(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "Doy por terminada la conversación."

    assert snap_compare(app, run_before=antes)


def test_confirmar_abandono(snap_compare, app):
    async def antes(pilot) -> None:
        await _empezar(pilot)
        await pilot.press("escape")

    assert snap_compare(app, run_before=antes)


def test_final_de_la_conversacion(snap_compare, app):
    assert snap_compare(app, run_before=_hasta_el_final)


def test_resultado(snap_compare, app):
    assert snap_compare(app, run_before=_partida_pobre)


def test_revision(snap_compare, app):
    async def antes(pilot) -> None:
        await _partida_pobre(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert pilot.app.screen.id == "revision"

    assert snap_compare(app, run_before=antes)


def test_ayuda(snap_compare, app):
    async def antes(pilot) -> None:
        await _empezar(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, run_before=antes)


@pytest.fixture
def hora_utc() -> Iterator[None]:
    """Las fechas se muestran en la hora local: en las capturas, siempre la UTC."""
    anterior = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if anterior is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = anterior
    time.tzset()


async def _esperar(pilot, condicion) -> None:
    for _ in range(300):
        if condicion():
            return
        await pilot.pause(0.01)
    raise AssertionError("la condición no llegó a cumplirse")


def test_sesiones_a_medias(snap_compare, app, hora_utc):
    sembrar_pendientes(app.config.datos)

    async def antes(pilot) -> None:
        await _preparado(pilot)
        await _esperar(pilot, lambda: isinstance(pilot.app.screen, Pendientes))
        await pilot.pause()

    assert snap_compare(app, run_before=antes)


async def _equipo(pilot) -> None:
    await _preparado(pilot)
    await pilot.press("f2")
    await _esperar(pilot, lambda: isinstance(pilot.app.screen, PantallaEquipo)
                   and pilot.app.screen.datos is not None)
    await pilot.pause()


def test_equipo(snap_compare, app):
    sembrar_equipo(app.config.datos)
    assert snap_compare(app, run_before=_equipo)


def test_equipo_filtrado_por_equipo(snap_compare, app):
    sembrar_equipo(app.config.datos)

    async def antes(pilot) -> None:
        await _equipo(pilot)
        await pilot.press("right")  # el foco está en «Mostrar»: Equipo Mañana
        await pilot.pause()

    assert snap_compare(app, run_before=antes)


# --- 60×15: la terminal más pequeña que se admite ---------------------------------------

PEQUENA = (60, 15)


async def _conversacion(pilot) -> None:
    await _empezar(pilot)
    await _responder(pilot, BUENA)


@pytest.mark.parametrize("antes", [_preparado, _conversacion, _partida_pobre, _equipo],
                         ids=["inicio", "conversacion", "resultado", "equipo"])
def test_a_60x15_se_ve_lo_importante(snap_compare, app, antes):
    """Sin título de sobra ni bordes en el botón y el filtro; el enfado con su número, la
    semilla del resultado, dos escenarios en la lista y F1 en el pie."""
    if antes is _equipo:
        sembrar_equipo(app.config.datos)
    assert snap_compare(app, run_before=antes, terminal_size=PEQUENA)
