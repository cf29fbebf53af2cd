"""Terminar la relación: primero se escribe la despedida que recibirá el cliente."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from simulador.motor.sesion import es_vacia
from simulador.tui.pantallas.base import Modal

_PISTA = ("La despedida también se califica: cordial y firme, sin reproches. Por ejemplo: "
          "«Como le advertí, doy por terminada la conversación. Que tenga buen día.»")


class Despedida(Modal):
    """Devuelve el texto de la despedida, o None si se cancela."""

    CSS_PATH = "modales.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancelar", "Cancelar")]

    def __init__(self, cliente: str, borrador: str = "", *, con_pista: bool = True) -> None:
        super().__init__(id="despedida")
        self.cliente = cliente
        self.borrador = borrador
        self.con_pista = con_pista

    def compose(self) -> ComposeResult:
        with Vertical(classes="ventana"):
            yield Static(f"Terminar la relación con {self.cliente}", classes="titulo-ventana",
                         markup=False)
            yield Static(_PISTA if self.con_pista else "La despedida también se califica.",
                         classes="pista", markup=False)
            yield Input(self.borrador, placeholder="Escriba la despedida…",
                        id="texto-despedida")
            yield Static("", id="aviso-despedida", markup=False)
            with Horizontal(classes="botones"):
                yield Button("Continuar", id="continuar", variant="warning")
                yield Button("Cancelar", id="cancelar")

    def on_mount(self) -> None:
        self.query_one("#texto-despedida", Input).focus()

    def _aceptar(self) -> None:
        texto = self.query_one("#texto-despedida", Input).value
        if es_vacia(texto):
            self.query_one("#aviso-despedida", Static).update(
                "Escriba una despedida: no se envía un mensaje vacío.")
            return
        self.dismiss(texto.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._aceptar()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continuar":
            self._aceptar()
        else:
            self.dismiss(None)

    def action_cancelar(self) -> None:
        self.dismiss(None)
