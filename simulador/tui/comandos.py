"""La paleta de comandos (Ctrl+P): las acciones de la pantalla actual y las de siempre.

Cada pantalla dice qué ofrece con `acciones()`; este proveedor las junta
con las globales (ayuda, tema, salir) y las filtra con lo que se escribe.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from simulador.tui.pantallas.base import Accion

if TYPE_CHECKING:
    from simulador.tui.app import SimuladorApp


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
