"""La caja de respuesta: varias líneas, Intro envía y Ctrl+J (o Mayús+Intro) salta de línea.

TextArea mete un salto de línea con Intro; aquí Intro envía y el salto va en
otra tecla. Mayús+Intro solo llega en los terminales que la distinguen;
Ctrl+J llega en todos.

Las dos teclas se atienden en `_on_key`, en la cola de teclas de la propia
caja, y no como atajos: un atajo prioritario se ejecuta al llegar la tecla,
antes de que la caja haya procesado las letras anteriores de una ráfaga
(teclear muy rápido, `tmux send-keys`), y enviaría media respuesta.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea


class EntradaRespuesta(TextArea):
    # Solo para el pie y la ayuda: las teclas las atiende `_on_key`.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enviar", "Enviar"),
        # Fuera del pie (no cabe a 80 columnas): lo dice el texto de ayuda de la caja.
        Binding("ctrl+j,shift+enter", "nueva_linea", "Salto de línea", show=False),
    ]
    TECLAS_SALTO = ("ctrl+j", "shift+enter")

    @dataclass
    class Enviada(Message):
        """El agente quiere enviar este texto (la pantalla decide si se puede)."""

        entrada: EntradaRespuesta
        texto: str

    def __init__(self, *, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False,
                         tab_behavior="focus", placeholder=placeholder)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" or event.key in self.TECLAS_SALTO:
            event.stop()
            event.prevent_default()  # ni el salto de línea de TextArea ni otro atajo
            if event.key == "enter":
                self.action_enviar()
            elif not self.read_only:
                self.action_nueva_linea()

    def action_enviar(self) -> None:
        self.post_message(self.Enviada(self, self.text))

    def action_nueva_linea(self) -> None:
        self.insert("\n")
