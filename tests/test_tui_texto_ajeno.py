"""La interfaz y el texto ajeno: lo que escribe o pega el alumno, o trae un historial, no
manda escapes a la terminal (Textual los pinta tal cual), y la caja de respuesta no se
queda congelada con un pegado enorme."""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st
from test_tui import TAMANO, crear_app, empezar, texto
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from simulador.motor.lecciones import Caso, Leccion
from simulador.texto import tiene_peligrosos
from simulador.tui.pantallas.resultado import texto_leccion
from simulador.tui.widgets.chat import Chat
from simulador.tui.widgets.entrada import MAXIMO_RESPUESTA, EntradaRespuesta
from simulador.tui.widgets.entrenador import NotaEntrenador, PanelEntrenador
from simulador.tui.widgets.selector import Selector

CUALQUIERA = st.text(st.characters(exclude_categories=()), min_size=1, max_size=40)


class _Muestrario(App[None]):
    """Los widgets que pintan texto de otros, con los textos dados."""

    def __init__(self, textos: list[str]) -> None:
        super().__init__()
        self.textos = textos

    def compose(self) -> ComposeResult:
        uno, dos, tres = self.textos
        yield Selector([(uno, "a"), (dos, "b")], "a")
        yield Chat()
        yield PanelEntrenador()
        caso = Caso(1, "agente", 1, dos)
        yield Static(texto_leccion(1, Leccion("escucha", 0, 10.0, False, "P", tres, (caso,)),
                                   uno))

    def on_mount(self) -> None:
        uno, dos, tres = self.textos
        chat = self.query_one(Chat)
        chat.agregar("cliente", uno, dos, nota=tres)
        chat.agregar("agente", "Tú", tres)
        nota = NotaEntrenador("escucha", "bien", uno, (dos, tres))
        self.query_one(PanelEntrenador).mostrar(1, [nota], tres)


async def _pantalla(textos: list[str]) -> str:
    app = _Muestrario(textos)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        return app.export_screenshot()


@settings(max_examples=10, deadline=None)
@given(textos=st.lists(CUALQUIERA, min_size=3, max_size=3))
def test_ningun_texto_ajeno_llega_a_la_terminal_con_escapes(textos):
    """Cualquier carácter (controles, escapes, marcas de dirección, invisibles, mitades de
    un par UTF-16) en el chat, el entrenador, las lecciones y los selectores se pinta sin
    nada que la terminal ejecute."""
    pantalla = asyncio.run(_pantalla(textos))
    assert not tiene_peligrosos(pantalla)


def test_un_escape_conocido_se_ve_en_vez_de_actuar():
    pantalla = asyncio.run(_pantalla(["Ana\x1b]0;título\x07", "borra\x1b[2J", "\u202eexe"]))
    # Se ve lo que había (la captura parte el texto en trozos: se buscan las marcas).
    assert "␛" in pantalla and "␇" in pantalla


async def test_pegar_en_la_respuesta_quita_los_controles_y_no_pasa_del_maximo(tmp_path):
    app = crear_app(tmp_path / "datos", semilla=1)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        entrada = app.screen.query_one(EntradaRespuesta)
        entrada.post_message(events.Paste("Hola\x1b[2J,\r\nle ayudo\u202e ahora\x07"))
        await pilot.pause()
        assert entrada.text == "Hola[2J,\nle ayudo ahora"
        # Un pegado enorme se corta en el máximo y se dice.
        entrada.post_message(events.Paste("x" * (MAXIMO_RESPUESTA * 3)))
        await pilot.pause()
        await pilot.pause()
        assert len(entrada.text) == MAXIMO_RESPUESTA
        aviso = texto(app.screen.query_one("#aviso", Static))
        assert "no puede pasar de 10.000 caracteres" in aviso
        # Lleno: una tecla más no entra.
        await pilot.press("y")
        assert len(entrada.text) == MAXIMO_RESPUESTA and not entrada.text.endswith("y")
        # Se puede enviar: el cliente contesta.
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.screen.sesion.respuestas) == 1


async def test_el_nombre_no_admite_controles_ni_al_pegarlo(tmp_path):
    app = crear_app(tmp_path / "datos", semilla=1)
    async with app.run_test(size=TAMANO) as pilot:
        await pilot.pause()
        nombre = app.screen.query_one("#nombre", Input)
        nombre.focus()
        nombre.post_message(events.Paste("Ana\x1b[31m"))
        await pilot.pause()
        assert not tiene_peligrosos(nombre.value)
        await pilot.press("L", "u", "z")
        assert nombre.value.endswith("Luz")
