"""Un gráfico de barras por criterio: la media (0–100) y su evolución sesión a sesión.

Cada fila es el nombre del criterio, una barra que llena el ancho
disponible, la media y una marca por sesión (▁ a █, siempre en la escala
0–100, así dos grupos se comparan a simple vista). Sin colores: se lee
igual en blanco y negro y las capturas no dependen del tema.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from simulador.comparar import numero
from simulador.nombres import nombre_criterio
from simulador.tui.tablero import FilaGrafico

ANCHO_NOMBRE = 13
ANCHO_MEDIA = 5
BARRA_MINIMA = 8
BARRA_MAXIMA = 50  # más ancha no se lee mejor: la media queda lejos del nombre
EVOLUCION_MAXIMA = 24
MARCAS = "▁▂▃▄▅▆▇█"


def evolucion(notas: Sequence[float], ancho: int) -> str:
    """Las últimas `ancho` notas como marcas de altura proporcional (0 → ▁, 100 → █)."""
    if ancho <= 0:
        return ""
    ultimas = list(notas)[-ancho:]
    return "".join(MARCAS[min(len(MARCAS) - 1, max(0, round(n * (len(MARCAS) - 1) / 100)))]
                   for n in ultimas)


def pintar(filas: Sequence[FilaGrafico], ancho: int) -> Text:
    texto = Text(no_wrap=True, overflow="crop")
    if not filas:
        texto.append("Sin criterios que mostrar.", style="italic")
        return texto
    largo = max((len(f.notas) for f in filas), default=0)
    libre = max(0, ancho - ANCHO_NOMBRE - 1 - 1 - ANCHO_MEDIA)
    marcas = min(largo, EVOLUCION_MAXIMA, max(0, (libre - BARRA_MINIMA - 2) // 2))
    barra = min(BARRA_MAXIMA, max(BARRA_MINIMA, libre - (marcas + 2 if marcas else 0)))
    for i, fila in enumerate(filas):
        if i:
            texto.append("\n")
        texto.append(f"{nombre_criterio(fila.criterio)[:ANCHO_NOMBRE]:<{ANCHO_NOMBRE}} ")
        if fila.media is None:
            texto.append("·" * barra, style="dim")
            texto.append(f" {'n/a':>{ANCHO_MEDIA}}", style="italic")
        else:
            llenos = round(fila.media * barra / 100)
            texto.append("█" * llenos, style="bold")
            texto.append("░" * (barra - llenos), style="dim")
            texto.append(f" {numero(fila.media):>{ANCHO_MEDIA}}")
        if marcas:
            texto.append("  ")
            texto.append(evolucion(fila.notas, marcas))
    return texto


class GraficoCriterios(Widget):
    """Una fila por criterio; se ajusta al ancho al redimensionar."""

    DEFAULT_CSS = """
    GraficoCriterios {
        height: auto;
    }
    """

    filas: reactive[tuple[FilaGrafico, ...]] = reactive((), layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.filas))

    def render(self) -> Text:
        return pintar(self.filas, self.content_size.width)

    def mostrar(self, filas: Sequence[FilaGrafico]) -> None:
        self.filas = tuple(filas)
