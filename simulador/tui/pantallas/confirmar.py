"""¿Seguro? Una pregunta de sí o no antes de algo que no se puede deshacer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from simulador.texto import visible
from simulador.tui.pantallas.base import Modal


class Confirmar(Modal):
    """Devuelve True (sí) o False (no, Esc). El foco empieza en la opción segura si se pide."""

    CSS_PATH = "modales.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "no", "Cancelar"),
        Binding("s", "si", "Sí", show=False),
        Binding("n", "no", "No", show=False),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, pregunta: str, *, si: str = "Sí", no: str = "No",
                 foco_en_no: bool = True, id: str = "confirmar") -> None:
        super().__init__(id=id)
        self.pregunta = pregunta
        self.texto_si = si
        self.texto_no = no
        self.foco_en_no = foco_en_no

    def compose(self) -> ComposeResult:
        with Vertical(classes="ventana"):
            yield Static(visible(self.pregunta), id="pregunta", markup=False)
            with Horizontal(classes="botones"):
                yield Button(self.texto_si, id="si", variant="warning")
                yield Button(self.texto_no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.foco_en_no else "#si", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "si")

    def action_si(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
