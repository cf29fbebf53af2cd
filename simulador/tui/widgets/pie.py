"""El pie de cada pantalla: las teclas de la pantalla, y en una terminal estrecha solo
las que caben.

A menos de `ANCHO_COMPLETO` columnas el pie de Textual se corta por la derecha y se
pierde F1. Entonces se quitan las dos teclas que valen igual en todas las pantallas y
que F1 lista: Ctrl+Q (salir) y Ctrl+P (la paleta).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer

from simulador.tui.config import ANCHO_COMPLETO

_PRESCINDIBLES = ("ctrl+q", "ctrl+p")


class Pie(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)
        self._estrecho = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # Cada tecla del pie (FooterKey) sabe cuál es: `key`.
            if self._estrecho and getattr(widget, "key", None) in _PRESCINDIBLES:
                continue
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        estrecho = event.size.width < ANCHO_COMPLETO
        if estrecho != self._estrecho:
            self._estrecho = estrecho
            self.call_after_refresh(self.recompose)
