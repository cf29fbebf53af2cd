"""Terminar la relación: primero se escribe la despedida que recibirá el cliente."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from simulador.motor.sesion import es_vacia
from simulador.texto import SIN_PELIGROSOS, quitar_peligrosos
from simulador.tui.pantallas.base import Modal
from simulador.tui.widgets.entrada import MAXIMO_RESPUESTA

_BASE = "La despedida también se califica: cordial y firme, sin reproches."
# Lo que se aconseja según el veredicto que tendría terminar ahora (`Sesion.cierre_si_termina`).
_PISTAS = {
    "correcto": " Por ejemplo: «Como le advertí, doy por terminada la conversación. Que "
                "tenga buen día.»",
    "prematuro": " Ojo: terminar ahora sería prematuro. A quien insulta se le avisa antes "
                 "con cortesía («si continúan los insultos, tendré que terminar la "
                 "conversación»); a quien solo está enfadado no se le despide.",
    "descortes": "",
}
_PISTA_JUSTIFICADA = (" Por ejemplo: «Creo que lo más honesto es reconocer que no somos lo "
                      "que necesita; le recomiendo buscar otra opción. Gracias por su "
                      "confianza.»")


def pista(veredicto: str, justificado: bool) -> str:
    """El consejo sobre la despedida: un ejemplo si es el momento, un aviso si no lo es."""
    if veredicto == "correcto" and justificado:
        return _BASE + _PISTA_JUSTIFICADA
    return _BASE + _PISTAS.get(veredicto, "")


class Despedida(Modal):
    """Devuelve el texto de la despedida, o None si se cancela."""

    CSS_PATH = "modales.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancelar", "Cancelar")]

    def __init__(self, cliente: str, borrador: str = "", *, pista: str | None = None) -> None:
        """`pista`: el consejo de la práctica (ver `pista`); en examen, ninguno."""
        super().__init__(id="despedida")
        self.cliente = cliente
        self.borrador = borrador
        self.pista = pista

    def compose(self) -> ComposeResult:
        with Vertical(classes="ventana"):
            yield Static(f"Terminar la relación con {self.cliente}", classes="titulo-ventana",
                         markup=False)
            yield Static(self.pista or _BASE, classes="pista", markup=False)
            yield Input(quitar_peligrosos(self.borrador)[:MAXIMO_RESPUESTA],
                        placeholder="Escriba la despedida…", id="texto-despedida",
                        max_length=MAXIMO_RESPUESTA, restrict=SIN_PELIGROSOS)
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
