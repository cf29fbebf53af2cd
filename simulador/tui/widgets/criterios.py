"""Una barra por criterio: nombre, barra, nota (o «no aplica»)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

ANCHO_BARRA = 20


class BarraCriterio(Static):
    nombre: reactive[str] = reactive("")
    nota: reactive[int | None] = reactive(None)
    critico: reactive[bool] = reactive(False)  # criterio crítico suspendido

    def __init__(self, nombre: str, nota: int | None, *, critico: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="barra-criterio")
        self.set_reactive(BarraCriterio.nombre, nombre)
        self.set_reactive(BarraCriterio.nota, nota)
        self.set_reactive(BarraCriterio.critico, critico)

    def render(self) -> Text:
        texto = Text(f"{self.nombre:<13} ")
        if self.nota is None:
            texto.append("·" * ANCHO_BARRA, style="dim")
            texto.append("  no aplica", style="italic")
            return texto
        llenos = round(self.nota * ANCHO_BARRA / 100)
        texto.append("█" * llenos, style="bold")
        texto.append("░" * (ANCHO_BARRA - llenos), style="dim")
        texto.append(f" {self.nota:>3}/100")
        if self.critico:
            texto.append("  crítico: suspende", style="bold reverse")
        return texto
