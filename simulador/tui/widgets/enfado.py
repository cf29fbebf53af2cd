"""El medidor de enfado del cliente: barra, número y palabra (no solo color)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from simulador.pintor import ENFADO
from simulador.tui.textos import nivel_enfado

ANCHO_BARRA = 10


class MedidorEnfado(Static):
    enfado: reactive[int] = reactive(0)
    cambio: reactive[int] = reactive(0)  # el último cambio, para ver hacia dónde va

    def render(self) -> Text:
        """El número y la palabra primero: en una terminal estrecha lo que se corta es la
        barra, que repite lo mismo."""
        llenos = round(self.enfado * ANCHO_BARRA / 100)
        texto = Text(f"{ENFADO.capitalize()} {self.enfado}/100 {nivel_enfado(self.enfado)}")
        if self.cambio:
            flecha = "▲" if self.cambio > 0 else "▼"
            texto.append(f" {flecha}{abs(self.cambio)}", style="bold")
        texto.append(" ")
        texto.append("█" * llenos, style="bold")
        texto.append("░" * (ANCHO_BARRA - llenos), style="dim")
        return texto

    def watch_enfado(self, enfado: int) -> None:
        nivel = nivel_enfado(enfado).replace(" ", "-")
        for clase in ("-bajo", "-medio", "-alto", "-muy-alto"):
            self.set_class(clase == f"-{nivel}", clase)
