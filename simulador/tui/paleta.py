"""La paleta de comandos (Ctrl+P): las acciones de la pantalla actual y las de siempre.

Cada pantalla dice qué ofrece con `acciones()`; este proveedor las junta
con las globales (ayuda, tema, salir) y las filtra con lo que se escribe.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches
from textual.widgets.option_list import OptionDoesNotExist

from simulador.tui.pantallas.base import Accion

if TYPE_CHECKING:
    from simulador.tui.app import SimuladorApp

SIN_COINCIDENCIAS = "Ninguna acción coincide con lo escrito"


class Paleta(CommandPalette):
    """La paleta de Textual, con su aviso de «sin resultados» en español.

    Textual escribe «No matches found» medio segundo después de la última
    tecla; justo detrás se cambia ese texto por el nuestro.
    """

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        if search_value:
            self.set_timer(self._NO_MATCHES_COUNTDOWN + 0.01, self._traducir_sin_coincidencias)

    def _traducir_sin_coincidencias(self) -> None:
        with suppress(OptionDoesNotExist, NoMatches):  # ya hay resultados, o se cerró
            self.query_one(CommandList).replace_option_prompt(
                self._NO_MATCHES, Align.center(Text(SIN_COINCIDENCIAS, style="not bold")))


class ProveedorAcciones(Provider):
    def _acciones(self) -> Iterator[Accion]:
        acciones = getattr(self.screen, "acciones", None)
        if callable(acciones):
            yield from acciones()
        app: SimuladorApp = self.app  # type: ignore[assignment]
        yield from app.acciones_globales()

    async def discover(self) -> Hits:
        for accion in self._acciones():
            yield DiscoveryHit(accion.titulo, accion.ejecutar, help=accion.ayuda)

    async def search(self, query: str) -> Hits:
        buscador = self.matcher(query)
        for accion in self._acciones():
            puntos = buscador.match(accion.titulo)
            if puntos > 0:
                yield Hit(puntos, buscador.highlight(accion.titulo), accion.ejecutar,
                          help=accion.ayuda)
