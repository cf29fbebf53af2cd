"""Cuánto lleva el agente sin contestar y cuándo insistirá el cliente."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from simulador.tui.textos import minutos


class Cronometro(Static):
    espera: reactive[float] = reactive(0.0)  # segundos desde la última línea del cliente
    insiste_en: reactive[float | None] = reactive(None)  # None: el cliente no insistirá
    terminado: reactive[bool] = reactive(False)

    def render(self) -> Text:
        if self.terminado:
            return Text("Conversación terminada")
        texto = Text(f"Sin responder {minutos(self.espera)}")
        if self.insiste_en is not None:
            texto.append(f" · insiste en {minutos(self.insiste_en)}",
                         style="bold" if self.insiste_en <= 10 else "")
        return texto
