"""F1: los principios en pocas líneas y las teclas de la pantalla desde la que se abrió."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from simulador.tui.pantallas.base import Modal
from simulador.tui.textos import PRINCIPIOS


def _texto(teclas: Sequence[tuple[str, str]]) -> Text:
    texto = Text()
    texto.append("Principios\n", style="bold underline")
    for i, (titulo, detalle) in enumerate(PRINCIPIOS, start=1):
        texto.append(f"{i}. {titulo}: ", style="bold")
        texto.append(f"{detalle}\n")
    if teclas:
        texto.append("\nTeclas de esta pantalla\n", style="bold underline")
        ancho = max(len(t) for t, _ in teclas)
        for tecla, descripcion in teclas:
            texto.append(f"{tecla:>{ancho}}", style="bold")
            texto.append(f"  {descripcion}\n")
    texto.append("\nCtrl+P abre la paleta con todas las acciones.", style="italic")
    return texto


class Ayuda(Modal):
    CSS_PATH = "modales.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "cerrar", "Cerrar")]

    def __init__(self, teclas: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(id="ayuda")
        self.teclas = list(teclas)

    def compose(self) -> ComposeResult:
        with Vertical(classes="ventana ancha"):
            yield Static("Ayuda · Esc o F1 para cerrar", classes="titulo-ventana")
            with VerticalScroll(id="ayuda-texto"):
                yield Static(_texto(self.teclas))

    def on_mount(self) -> None:
        self.query_one("#ayuda-texto").focus()

    def action_cerrar(self) -> None:
        self.dismiss(None)
