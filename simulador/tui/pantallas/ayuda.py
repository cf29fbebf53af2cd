"""F1: la ayuda de la pantalla desde la que se abrió (cómo se usa, sus teclas y sus
términos) y, a una tecla (P), los principios de la atención al cliente."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from simulador.tui.ayudas import AyudaPantalla
from simulador.tui.pantallas.base import Modal
from simulador.tui.textos import PRINCIPIOS


def _lista(texto: Text, titulo: str, filas: Sequence[tuple[str, str]]) -> None:
    if not filas:
        return
    texto.append(f"\n{titulo}\n", style="bold underline")
    ancho = min(max(len(a) for a, _ in filas), 22)
    for clave, detalle in filas:
        texto.append(f"{clave:>{ancho}}", style="bold")
        texto.append(f"  {detalle}\n")


def texto_pantalla(ayuda: AyudaPantalla | None, teclas: Sequence[tuple[str, str]]) -> Text:
    texto = Text()
    if ayuda is not None:
        texto.append(f"{ayuda.uso}\n")
    # Las del pie primero (las que la pantalla tiene activas ahora) y luego las demás.
    _lista(texto, "Teclas", [*teclas, *(ayuda.teclas if ayuda else ())])
    if ayuda is not None:
        _lista(texto, "Qué significa", ayuda.terminos)
    texto.append("\nP: los principios de la atención al cliente · Ctrl+P: la paleta con "
                 "todas las acciones", style="italic")
    return texto


def texto_principios() -> Text:
    texto = Text()
    texto.append("Principios\n", style="bold underline")
    for i, (titulo, detalle) in enumerate(PRINCIPIOS, start=1):
        texto.append(f"{i}. {titulo}: ", style="bold")
        texto.append(f"{detalle}\n")
    texto.append("\nP: volver a la ayuda de la pantalla", style="italic")
    return texto


class Ayuda(Modal):
    CSS_PATH = "modales.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cerrar", "Cerrar"),
        Binding("p", "principios", "Principios"),
    ]

    def __init__(self, teclas: Sequence[tuple[str, str]] = (),
                 ayuda: AyudaPantalla | None = None) -> None:
        super().__init__(id="ayuda")
        self.teclas = list(teclas)
        self.ayuda = ayuda
        self.con_principios = False

    def _titulo(self) -> str:
        donde = "Principios" if self.con_principios else (
            self.ayuda.titulo if self.ayuda else "Ayuda")
        return f"Ayuda · {donde} · Esc o F1 para cerrar"

    def compose(self) -> ComposeResult:
        with Vertical(classes="ventana ancha"):
            yield Static(self._titulo(), id="ayuda-titulo", classes="titulo-ventana",
                         markup=False)
            with VerticalScroll(id="ayuda-texto"):
                yield Static(texto_pantalla(self.ayuda, self.teclas), id="ayuda-contenido")

    def on_mount(self) -> None:
        self.query_one("#ayuda-texto").focus()

    def action_principios(self) -> None:
        self.con_principios = not self.con_principios
        self.query_one("#ayuda-titulo", Static).update(self._titulo())
        self.query_one("#ayuda-contenido", Static).update(
            texto_principios() if self.con_principios
            else texto_pantalla(self.ayuda, self.teclas))
        self.query_one("#ayuda-texto", VerticalScroll).scroll_home(animate=False)

    def action_cerrar(self) -> None:
        self.dismiss(None)
