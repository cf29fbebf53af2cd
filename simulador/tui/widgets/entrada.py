"""La caja de respuesta: varias líneas, Intro envía y Ctrl+J (o Mayús+Intro) salta de línea.

TextArea mete un salto de línea con Intro; aquí Intro envía y el salto va en
otra tecla. Mayús+Intro solo llega en los terminales que la distinguen;
Ctrl+J llega en todos.

Las dos teclas se atienden en `_on_key`, en la cola de teclas de la propia
caja, y no como atajos: un atajo prioritario se ejecuta al llegar la tecla,
antes de que la caja haya procesado las letras anteriores de una ráfaga
(teclear muy rápido, `tmux send-keys`), y enviaría media respuesta.

Lo que se pega pierde los caracteres de control (una secuencia de escape no llega
a la pantalla), y la caja no pasa de `MAXIMO_RESPUESTA` caracteres: ninguna
respuesta a un cliente es más larga, y con 100 KB tecleados uno a uno la caja
tardaría minutos en volver a pintarse tras cada tecla.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import TextArea

from simulador.texto import quitar_peligrosos

MAXIMO_RESPUESTA = 10_000


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

    @dataclass
    class Llena(Message):
        """Lo tecleado o pegado no cabe: se ha quedado fuera lo que pasaba del máximo."""

        entrada: EntradaRespuesta

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
        elif event.is_printable and self._cabe() <= 0:
            event.stop()
            event.prevent_default()
            self.post_message(self.Llena(self))

    async def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # no el pegado de TextArea, que lo mete todo tal cual
        if self.read_only:
            return
        texto = quitar_peligrosos(event.text)
        cabe = max(self._cabe(), 0)
        if texto[:cabe]:
            resultado = self.replace(texto[:cabe], *self.selection)
            self.move_cursor(resultado.end_location)
        if len(texto) > cabe:  # después del cambio: que su aviso no lo borre
            self.call_after_refresh(self.post_message, self.Llena(self))

    def _cabe(self) -> int:
        """Cuántos caracteres más caben (lo seleccionado se va a sustituir)."""
        return MAXIMO_RESPUESTA - len(self.text) + len(self.selected_text)

    def action_enviar(self) -> None:
        self.post_message(self.Enviada(self, self.text))

    def action_nueva_linea(self) -> None:
        self.insert("\n")
