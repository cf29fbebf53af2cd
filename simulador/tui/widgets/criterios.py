"""Una barra por criterio: nombre, barra, nota (o «no aplica»)."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

ANCHO_BARRA = 20
ANCHO_MINIMO = 5
ANCHO_NOMBRE = 13


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

    def _ancho_barra(self) -> int:
        """La barra encoge en una terminal estrecha para que «crítico: suspende» quepa."""
        resto = len(" 100/100") + (len("  crítico: suspende") if self.critico else 0)
        if self.nota is None:
            resto = len("  no aplica")
        disponible = self.size.width - ANCHO_NOMBRE - 1 - resto
        return max(ANCHO_MINIMO, min(ANCHO_BARRA, disponible)) if self.size.width else ANCHO_BARRA

    def render(self) -> Text:
        texto = Text(f"{self.nombre:<{ANCHO_NOMBRE}} ")
        ancho = self._ancho_barra()
        if self.nota is None:
            texto.append("·" * ancho, style="dim")
            texto.append("  no aplica", style="italic")
            return texto
        llenos = round(self.nota * ancho / 100)
        texto.append("█" * llenos, style="bold")
        texto.append("░" * (ancho - llenos), style="dim")
        texto.append(f" {self.nota:>3}/100")
        if self.critico:
            texto.append("  crítico: suspende", style="bold reverse")
        return texto
