"""La interfaz y el historial: cada sesión se guarda al jugarla, las que quedan a medias se
ofrecen al arrancar, un historial que falla no para la partida, y la pantalla de equipo
muestra lo mismo que `simulador exportar` + `simulador comparar` (80×24, Pilot).
"""

from __future__ import annotations

import csv
import io
import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_historial import jugar, lineas_de
from test_tui import (
    GUIONES,
    TAMANO,
    crear_app,
    empezar,
    esperar,
    guardado,
    jugar_guion,
    listo,
    responder,
    resultado_del_motor,
    terminar,
    texto,
    ver_resultado,
)
from textual.command import CommandList
from textual.widgets import DataTable, OptionList, Static

from simulador.comparar import numero
from simulador.historial import ErrorDeHistorial, Grabador, Historial
from simulador.motor.guion import leer_guion
from simulador.tui.app import SimuladorApp
from simulador.tui.pantallas.confirmar import Confirmar
from simulador.tui.pantallas.conversacion import PantallaConversacion
from simulador.tui.pantallas.equipo import VACIO, PantallaEquipo
from simulador.tui.pantallas.inicio import PantallaInicio
from simulador.tui.pantallas.pendientes import Pendientes, fecha_corta
from simulador.tui.widgets.chat import Chat
from simulador.tui.widgets.grafico import GraficoCriterios
from simulador.tui.widgets.selector import Selector

ABUSIVO = "Sin internet, con cobro y con insultos"
GUION_ABUSIVO = GUIONES / "cliente-abusivo-correcto.txt"


@pytest.fixture
def datos(tmp_path: Path) -> Path:
    return tmp_path / "datos"


def abrir_historial(datos: Path) -> Historial:
    return Historial(datos / "historial.sqlite3")


def _fecha(dia: int, hora: int = 10) -> datetime:
    return datetime(2024, 3, dia, hora, 0, tzinfo=UTC)


def sembrar_equipo(datos: Path) -> None:
    """Seis sesiones terminadas de tres agentes en dos equipos, con fechas fijas."""
    with abrir_historial(datos) as historial:
        jugar(historial, lineas_de("pedido-retrasado-pobre"), agente="Ana", equipo="Mañana",
              fecha=_fecha(4), semilla=3)
        jugar(historial, lineas_de("exige-imposible-tardio"), agente="Luis", equipo="Tarde",
              escenario="exige-imposible", fecha=_fecha(5))
        jugar(historial, lineas_de("cliente-abusivo-correcto"), agente="Ana", equipo="Mañana",
              escenario="cliente-abusivo", fecha=_fecha(6))
        jugar(historial, lineas_de("cliente-abusivo-prematuro"), agente="Luis", equipo="Tarde",
              escenario="cliente-abusivo", fecha=_fecha(7))
        jugar(historial, lineas_de("pedido-retrasado-pobre"), agente="Bea", equipo="Mañana",
              fecha=_fecha(8), semilla=5)
        jugar(historial, lineas_de("pedido-retrasado-modelo"), agente="Ana", equipo="Mañana",
              fecha=_fecha(11))


def sembrar_pendientes(datos: Path) -> None:
    """Dos sesiones a medias (una respuesta y dos), con fechas fijas."""
    with abrir_historial(datos) as historial:
        jugar(historial, lineas_de("pedido-retrasado-pobre")[:1], agente="Ana",
              equipo="Mañana", fecha=_fecha(4, 9), semilla=3)
        jugar(historial, lineas_de("cliente-abusivo-correcto")[:2], agente="Luis",
              equipo="Tarde", escenario="cliente-abusivo", fecha=_fecha(5, 16))


async def _seguir_guion(pilot, pasos) -> None:
    for paso in pasos:
        if pilot.app.screen.sesion.terminada:
            break
        if paso.tipo == "terminar":
            await terminar(pilot, paso.texto)
        else:
            await responder(pilot, paso.texto)


# --- cada sesión se guarda mientras se juega -------------------------------------------


async def test_la_partida_queda_en_el_historial_con_sus_turnos_y_su_resultado(datos, ejecutar):
    app = crear_app(datos, semilla=1)
    pasos = leer_guion(GUION_ABUSIVO)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, ABUSIVO, nombre="Marta")
        pantalla = app.screen
        assert pantalla.guardando and not pantalla.query_one("#sin-guardar").display
        ident = pantalla.grabador.ident
        # Guardado al momento: otra conexión (como otro proceso) ya ve cada turno.
        with abrir_historial(datos) as otro:
            assert len(otro.turnos(ident)) == len(pantalla.sesion.turnos) == 1
        await responder(pilot, pasos[0].texto)
        with abrir_historial(datos) as otro:
            assert len(otro.turnos(ident)) == len(pantalla.sesion.turnos) == 3
            assert [s.ident for s in otro.pendientes()] == [ident]
        await _seguir_guion(pilot, pasos[1:])
        sesion = pantalla.sesion
        resultado = (await ver_resultado(pilot)).resultado

    with abrir_historial(datos) as historial:
        assert historial.pendientes() == []
        (guardada,) = historial.terminadas()
        assert (guardada.ident, guardada.agente, guardada.escenario) == (
            ident, "Marta", "cliente-abusivo")
        assert guardada.semilla == 1 and guardada.modo == "practica"
        assert guardada.resultado is not None
        assert guardada.resultado.puntaje == resultado.puntaje
        assert guardada.resultado.criterios == resultado.criterios
        assert guardada.resultado.cierre == resultado.cierre
        assert [(t.rol, t.texto, t.origen) for t in historial.turnos(ident)] == [
            (t.rol, t.texto, t.origen) for t in sesion.turnos]
        assert historial.transcripcion(ident) == sesion.transcripcion()

    salida = ejecutar("exportar", "--datos", str(datos))
    assert salida.codigo == 0, salida.todo
    (fila,) = csv.DictReader(io.StringIO(salida.out))
    assert fila["sesion_id"] == ident and fila["agente"] == "Marta"
    assert fila["puntaje"] == str(resultado.puntaje)


# --- sesiones a medias al arrancar ------------------------------------------------------


async def test_una_sesion_a_medias_se_ofrece_al_arrancar_y_se_continua(datos):
    pasos = leer_guion(GUION_ABUSIVO)
    app = crear_app(datos, semilla=1)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, ABUSIVO, nombre="Marta")
        for paso in pasos[:2]:
            await responder(pilot, paso.texto)
        dicho = [t.texto for t in app.screen.sesion.turnos]
        ident = app.screen.grabador.ident
    # El simulador se cerró a media conversación. Al volver a abrirlo (con otra semilla:
    # la sesión reanudada conserva la suya), se ofrece continuarla.
    otra = crear_app(datos, semilla=99)
    async with otra.run_test(size=TAMANO) as pilot:
        # La pantalla y también su lista: con la máquina cargada, montarla lleva un momento.
        await esperar(pilot, lambda: isinstance(otra.screen, Pendientes)
                      and bool(otra.screen.query("#lista-pendientes")))
        modal = otra.screen
        lista = modal.query_one("#lista-pendientes", OptionList)
        assert lista.option_count == 1
        ofrecida = str(lista.get_option_at_index(0).prompt)
        assert ABUSIVO in ofrecida and "Marta" in ofrecida and "2 respuestas" in ofrecida
        assert fecha_corta(modal.sesiones[0]) in ofrecida
        await pilot.press("enter")  # Continuar
        await esperar(pilot, lambda: isinstance(otra.screen, PantallaConversacion))
        await pilot.pause()
        pantalla = otra.screen
        assert pantalla.reanudada and pantalla.grabador.ident == ident
        assert pantalla.sesion.semilla == 1
        burbujas = pantalla.query_one(Chat).burbujas
        assert [b.texto for b in burbujas if b.rol != "sistema"] == dicho
        assert "Reanudada: 2 respuestas guardadas" in str(burbujas[-1].render())
        assert "Respuesta 2" in texto(pantalla.query_one("#entrenador-texto", Static))
        await _seguir_guion(pilot, pasos[2:])
        sesion = pantalla.sesion
        resultado = (await ver_resultado(pilot)).resultado

    # Igual que jugarla de un tirón.
    esperado = resultado_del_motor("cliente-abusivo", GUION_ABUSIVO, 1)
    assert resultado.puntaje == esperado.puntaje
    assert resultado.criterios == esperado.criterios and resultado.cierre == esperado.cierre
    with abrir_historial(datos) as historial:
        (guardada,) = historial.sesiones()
        assert guardada.ident == ident and guardada.terminada
        assert guardada.resultado is not None and guardada.resultado.puntaje == esperado.puntaje
        assert len(historial.turnos(ident)) == len(sesion.turnos)
        assert historial.pendientes() == []


async def test_descartar_o_dejar_para_mas_tarde(datos):
    sembrar_pendientes(datos)
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await esperar(pilot, lambda: isinstance(app.screen, Pendientes))
        assert [s.agente for s in app.screen.sesiones] == ["Ana", "Luis"]
        await pilot.press("escape")  # Más tarde: siguen a medias
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))
        with abrir_historial(datos) as historial:
            assert len(historial.pendientes()) == 2
        # La paleta las vuelve a ofrecer.
        await pilot.press("ctrl+p", *"sesiones a medias")
        await esperar(pilot, lambda: app.screen.query(CommandList))
        lista = app.screen.query_one(CommandList)
        await esperar(pilot, lambda: lista.option_count > 0)
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, Pendientes))
        modal = app.screen
        # Descartar pregunta antes; «Volver» (el foco empieza ahí) no descarta nada.
        await pilot.press("d")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        assert "¿Descartar" in texto(app.screen.query_one("#pregunta", Static))
        await pilot.press("enter")
        await esperar(pilot, lambda: app.screen is modal)
        assert [s.agente for s in modal.sesiones] == ["Ana", "Luis"]
        await pilot.press("d")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("s")
        await esperar(pilot, lambda: app.screen is modal)
        await pilot.pause()
        assert [s.agente for s in modal.sesiones] == ["Luis"]
        assert modal.query_one("#lista-pendientes", OptionList).option_count == 1
        assert "Descartada" in texto(modal.query_one("#aviso-pendientes", Static))
        await pilot.click("#descartar")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("s")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))
    with abrir_historial(datos) as historial:
        assert historial.pendientes() == [] and historial.terminadas() == []
        assert [s.estado for s in historial.sesiones()] == ["descartada", "descartada"]


async def test_sin_sesiones_a_medias_no_se_ofrece_nada(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        assert isinstance(app.screen, PantallaInicio)
        app.screen.action_pendientes()
        await listo(pilot)
        assert isinstance(app.screen, PantallaInicio)
        assert "No hay sesiones a medias" in texto(app.screen.query_one("#aviso", Static))


async def test_una_sesion_que_ya_no_se_puede_reanudar_se_explica(datos, monkeypatch):
    sembrar_pendientes(datos)
    with abrir_historial(datos) as historial:
        ident = historial.pendientes()[0].ident
    app = crear_app(datos)

    def romper(*_: object, **__: object) -> Grabador:
        raise ErrorDeHistorial(f"al repetir la sesión {ident}, el turno 2 no sale igual")

    async with app.run_test(size=TAMANO) as pilot:
        await esperar(pilot, lambda: isinstance(app.screen, Pendientes))
        monkeypatch.setattr("simulador.historial.reanudar", romper)
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))
        await listo(pilot)
        aviso = texto(app.screen.query_one("#aviso", Static))
        assert "No se puede reanudar la sesión" in aviso and "no sale igual" in aviso
        assert app.is_running


# --- si el historial falla, la partida sigue --------------------------------------------


def historial_que_falla(monkeypatch, motivo: str) -> dict[str, bool]:
    """El grabador falla con `motivo` mientras el interruptor devuelto diga «si»."""
    fallar = {"si": True}
    anotar = Grabador.anotar

    def anotar_o_fallar(self: Grabador, eventos=None):
        if fallar["si"]:
            raise ErrorDeHistorial(f"/datos/historial.sqlite3: {motivo}")
        return anotar(self, eventos)

    monkeypatch.setattr(Grabador, "anotar", anotar_o_fallar)
    return fallar


async def test_si_el_historial_falla_se_avisa_y_la_partida_sigue(datos, monkeypatch):
    fallar = historial_que_falla(monkeypatch, "disco lleno")
    pasos = leer_guion(GUION_ABUSIVO)
    app = crear_app(datos, semilla=1)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, ABUSIVO)
        pantalla = app.screen
        marca = pantalla.query_one("#sin-guardar", Static)
        assert marca.display and "sin guardar" in texto(marca)
        aviso = texto(pantalla.query_one("#aviso", Static))
        assert "disco lleno" in aviso and "no se está guardando" in aviso
        assert not pantalla.guardando
        await responder(pilot, pasos[0].texto)  # la partida sigue
        assert len(pantalla.sesion.respuestas) == 1
        assert len(pantalla.query_one(Chat).burbujas) == 3
        assert marca.display
        # Salir ahora la perdería: Ctrl+Q lo dice.
        await pilot.press("ctrl+q")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        assert "no se está guardando" in texto(app.screen.query_one("#pregunta", Static))
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        # El historial vuelve: se guarda todo lo pendiente y desaparece el aviso.
        fallar["si"] = False
        await responder(pilot, pasos[1].texto)
        assert pantalla.guardando and not marca.display
        await _seguir_guion(pilot, pasos[2:])
        sesion = pantalla.sesion
        resultado = (await ver_resultado(pilot)).resultado
    assert resultado.puntaje == resultado_del_motor("cliente-abusivo", GUION_ABUSIVO, 1).puntaje
    with abrir_historial(datos) as historial:
        (guardada,) = historial.terminadas()
        assert len(historial.turnos(guardada.ident)) == len(sesion.turnos)


async def test_un_historial_bloqueado_no_congela_la_conversacion(datos, monkeypatch):
    """Otro proceso tiene el historial bloqueado: el guardado espera en un hilo y, mientras,
    el cliente contesta y el alumno sigue escribiendo; al soltarse, se guarda todo."""
    suelto = threading.Event()
    anotar = Grabador.anotar

    def anotar_cuando_se_suelte(self: Grabador, eventos=None):
        suelto.wait(30)
        return anotar(self, eventos)

    monkeypatch.setattr(Grabador, "anotar", anotar_cuando_se_suelte)
    pasos = leer_guion(GUION_ABUSIVO)
    app = crear_app(datos, semilla=1)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, ABUSIVO, esperar_guardado=False)
        pantalla = app.screen
        chat = pantalla.query_one(Chat)
        for numero, paso in enumerate(pasos[:2], start=1):
            pantalla.query_one("#respuesta").text = paso.texto
            await pilot.press("enter")
            await esperar(pilot, lambda n=numero: len(pantalla.sesion.respuestas) == n
                          and len(chat.burbujas) == 1 + 2 * n)
        assert not suelto.is_set() and pantalla.grabador.guardados == 0
        suelto.set()
        await guardado(pilot)
        assert pantalla.guardando and not pantalla.query_one("#sin-guardar").display
        with abrir_historial(datos) as otro:
            assert len(otro.turnos(pantalla.grabador.ident)) == len(pantalla.sesion.turnos)
    assert app.cerrar_guardados() == []


async def test_lo_que_no_se_pudo_guardar_se_dice_al_salir_y_se_reintenta(datos, monkeypatch):
    """La interfaz sale con el código 3 (tui.ejecutar) si alguna sesión jugada no está
    entera en el historial; antes lo intenta una última vez."""
    fallar = historial_que_falla(monkeypatch, "el disco está lleno")
    pasos = leer_guion(GUION_ABUSIVO)
    for recupera in (False, True):
        app = crear_app(datos, semilla=1)
        async with app.run_test(size=TAMANO) as pilot:
            await empezar(pilot, ABUSIVO)
            await responder(pilot, pasos[0].texto)
            assert app.screen.query_one("#sin-guardar").display
            await _seguir_guion(pilot, pasos[1:])
            resultado = await ver_resultado(pilot)
            banda = resultado.query_one("#sin-guardar", Static)
            assert banda.display and "no está guardada" in texto(banda)
            assert "el disco está lleno" in texto(banda)
        fallar["si"] = not recupera
        perdidas = app.cerrar_guardados()
        if recupera:
            assert perdidas == []
            with abrir_historial(datos) as historial:
                (guardada,) = historial.terminadas()
                assert guardada.resultado is not None
        else:
            assert perdidas == ["/datos/historial.sqlite3: el disco está lleno"]
            fallar["si"] = True


async def test_un_historial_que_no_se_puede_abrir_no_impide_jugar(datos):
    (datos / "historial.sqlite3").mkdir(parents=True)  # una carpeta donde va el archivo
    app = crear_app(datos, semilla=7)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        pantalla = app.screen
        assert pantalla.query_one("#sin-guardar").display
        assert "no se está guardando" in texto(pantalla.query_one("#aviso", Static))
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        assert "quedará sin calificar" in texto(app.screen.query_one("#pregunta", Static))
        await pilot.press("n")
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-modelo.txt")
        resultado = (await ver_resultado(pilot)).resultado
    esperado = resultado_del_motor("pedido-retrasado",
                                   GUIONES / "pedido-retrasado-modelo.txt", 7)
    assert resultado.puntaje == esperado.puntaje


# --- la pantalla de equipo ---------------------------------------------------------------


def _celdas(fila: dict) -> list[str]:
    """Una fila de `simulador comparar --json` escrita como la escribe su tabla."""
    return [fila["agente"], fila["equipo"], str(fila["sesiones"]), numero(fila["media"]),
            numero(fila["mejor"]), numero(fila["ultimo"]), str(fila["errores_cierre"]),
            numero(fila["tendencia"], signo=True)]


def _tabla(pantalla: PantallaEquipo) -> list[list[str]]:
    tabla = pantalla.query_one("#tabla-agentes", DataTable)
    return [[str(c) for c in tabla.get_row_at(i)] for i in range(tabla.row_count)]


def _medias(pantalla: PantallaEquipo) -> dict[str, float | None]:
    return {f.criterio: f.media for f in pantalla.query_one(GraficoCriterios).filas}


async def _abrir_equipo(pilot) -> PantallaEquipo:
    app: SimuladorApp = pilot.app
    await listo(pilot)
    await pilot.press("f2")
    await esperar(pilot, lambda: isinstance(app.screen, PantallaEquipo)
                  and app.screen.datos is not None)
    await pilot.pause()
    return app.screen


async def _mostrar(pilot, pantalla: PantallaEquipo, valor: str) -> None:
    selector = pantalla.query_one("#grupo", Selector)
    selector.focus()
    for _ in range(len(selector.opciones)):
        if selector.valor == valor:
            break
        await pilot.press("right")
    await pilot.pause()
    assert selector.valor == valor


async def test_la_pantalla_de_equipo_muestra_lo_que_calcula_comparar(datos, ejecutar,
                                                                    tmp_path):
    sembrar_equipo(datos)
    exportado = tmp_path / "equipo.csv"
    assert ejecutar("exportar", "--datos", str(datos), "-o", str(exportado)).codigo == 0

    def comparar(*opciones: str) -> list[dict]:
        salida = ejecutar("comparar", str(exportado), "--json", *opciones)
        assert salida.codigo == 0, salida.todo
        return json.loads(salida.out)

    # La CLI antes de abrir la interfaz (Textual se queda la salida estándar mientras corre).
    todos = comparar("--por", "agente")
    del_equipo = comparar("--equipo", "Mañana")
    (manana,) = comparar("--por", "equipo", "--equipo", "Mañana")
    (ana,) = comparar("--agente", "Ana")
    assert [f["agente"] for f in todos] == ["Ana", "Luis", "Bea"]  # por media

    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        pantalla = await _abrir_equipo(pilot)
        assert "6 sesiones terminadas" in texto(pantalla.query_one("#titulo", Static))
        assert _tabla(pantalla) == [_celdas(f) for f in todos]
        grafico = pantalla.query_one(GraficoCriterios)
        assert [f.criterio for f in grafico.filas] == list(todos[0]["criterios"])
        # La evolución: una nota por sesión, de la más antigua a la más reciente.
        assert len(grafico.filas[0].notas) == 6

        await _mostrar(pilot, pantalla, "equipo:Mañana")
        assert _tabla(pantalla) == [_celdas(f) for f in del_equipo]
        assert _medias(pantalla) == manana["criterios"]
        marco = str(pantalla.query_one("#marco-grafico").border_title)
        assert f"{manana['sesiones']} sesiones" in marco and numero(manana["media"]) in marco

        # Intro sobre una fila muestra solo a ese agente; otra vez, a todos.
        tabla = pantalla.query_one("#tabla-agentes", DataTable)
        tabla.focus()
        tabla.move_cursor(row=[f[0] for f in _tabla(pantalla)].index("Ana"))
        await pilot.press("enter")
        await pilot.pause()
        assert _tabla(pantalla) == [_celdas(ana)]
        assert _medias(pantalla) == ana["criterios"]
        await pilot.press("enter")
        await pilot.pause()
        assert len(_tabla(pantalla)) == 3

        # Cabe y se adapta al redimensionar.
        for ancho, alto in ((120, 40), (200, 50), (81, 25), (80, 24)):
            await pilot.resize_terminal(ancho, alto)
            await pilot.pause()
            for selector in ("#grupo", "#tabla-agentes", "#marco-grafico", "#grafico"):
                region = pantalla.query_one(selector).region
                assert region.width > 0 and region.height > 0, (selector, ancho, alto)
                assert region.right <= ancho and region.bottom <= alto, (selector, ancho, alto)
            barra = pantalla.query_one("#grafico").render().plain.splitlines()[0]
            assert len(barra) <= pantalla.query_one("#grafico").content_size.width
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))


async def test_la_pantalla_de_equipo_desde_la_paleta_y_sin_sesiones(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        await pilot.press("ctrl+p", *"ver el equipo")
        lista = app.screen.query_one(CommandList)
        await esperar(pilot, lambda: lista.option_count > 0)
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaEquipo)
                      and app.screen.datos is not None)
        await pilot.pause()
        pantalla = app.screen
        assert _tabla(pantalla) == []
        assert texto(pantalla.query_one("#aviso", Static)) == VACIO


async def test_la_pantalla_de_equipo_avisa_de_los_examenes_sin_terminar(datos):
    """Un examen dejado a medias y otro descartado no entran en las medias, pero el
    responsable los ve en la pantalla de equipo."""
    with abrir_historial(datos) as historial:
        jugar(historial, lineas_de("pedido-retrasado-modelo"), agente="Ana", equipo="Mañana",
              fecha=_fecha(4), modo="examen")
        jugar(historial, lineas_de("pedido-retrasado-modelo")[:1], agente="Ana",
              equipo="Mañana", fecha=_fecha(5), modo="examen")
        dejado = jugar(historial, lineas_de("pedido-retrasado-modelo")[:1], agente="Luis",
                       equipo="Tarde", fecha=_fecha(6), modo="examen")
        historial.descartar(dejado.ident)
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await esperar(pilot, lambda: isinstance(app.screen, Pendientes))
        await pilot.press("escape")  # el examen a medias, para más tarde
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))
        pantalla = await _abrir_equipo(pilot)
        assert "1 sesión terminada" in texto(pantalla.query_one("#titulo", Static))
        aviso = texto(pantalla.query_one("#aviso", Static))
        assert "Exámenes sin terminar" in aviso
        assert "Ana (Mañana): 1 a medias" in aviso and "Luis (Tarde): 1 descartado(s)" in aviso
        filas = {f[0]: f for f in _tabla(pantalla)}
        assert filas["Ana"][2:4] == ["1", "100"] and filas["Luis"][2:4] == ["0", "—"]


async def test_descartar_un_examen_pregunta_y_el_responsable_lo_ve_al_exportar(datos,
                                                                              ejecutar):
    with abrir_historial(datos) as historial:
        examen = jugar(historial, lineas_de("pedido-retrasado-pobre")[:1], agente="Ana",
                       equipo="Mañana", fecha=_fecha(4), modo="examen")
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await esperar(pilot, lambda: isinstance(app.screen, Pendientes))
        await pilot.press("d")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        pregunta = texto(app.screen.query_one("#pregunta", Static))
        assert "¿Descartar el examen" in pregunta and "examen descartado" in pregunta
        await pilot.press("s")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))
    salida = ejecutar("exportar", "--datos", str(datos))
    assert salida.codigo == 0, salida.todo
    (fila,) = list(csv.DictReader(io.StringIO(salida.out, newline="")))
    assert (fila["sesion_id"], fila["estado"], fila["aprobado"], fila["puntaje"]) == (
        examen.ident, "descartada", "no", "")


async def test_la_pantalla_de_equipo_deja_fuera_las_partidas_con_guion(datos, ejecutar):
    """Las pruebas de un formador con «jugar --guion» no cuentan en la tabla del equipo
    (se avisa de cuántas); Ctrl+G las incluye, como «--incluir-guiones»."""
    with abrir_historial(datos) as historial:
        jugar(historial, lineas_de("pedido-retrasado-modelo"), agente="Ana", equipo="Mañana",
              fecha=_fecha(4))
    for _ in range(2):
        assert ejecutar("jugar", "pedido-retrasado", "--guion",
                        str(GUIONES / "pedido-retrasado-pobre.txt"), "--agente", "Formador",
                        "--equipo", "Mañana", "--datos", str(datos)).codigo == 0
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        pantalla = await _abrir_equipo(pilot)
        assert [f[0] for f in _tabla(pantalla)] == ["Ana"]
        assert "1 sesión terminada" in texto(pantalla.query_one("#titulo", Static))
        aviso = texto(pantalla.query_one("#aviso", Static))
        assert "2 partida(s) con guion" in aviso and "Ctrl+G" in aviso
        # La tabla dice que cuenta sesiones terminadas, no turnos.
        tabla = pantalla.query_one("#tabla-agentes", DataTable)
        assert str(tabla.columns["sesiones"].label).split() == ["Sesiones", "terminadas"]
        await pilot.press("ctrl+g")
        await esperar(pilot, lambda: len(_tabla(pantalla)) == 2)
        filas = {f[0]: f for f in _tabla(pantalla)}
        assert filas["Formador"][2] == "2"
        assert "con las partidas con guion" in texto(pantalla.query_one("#titulo", Static))
        assert "partida(s) con guion" not in texto(pantalla.query_one("#aviso", Static))
        await pilot.press("ctrl+g")
        await esperar(pilot, lambda: len(_tabla(pantalla)) == 1)
