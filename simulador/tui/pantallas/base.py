"""Lo común a todas las pantallas: sus acciones para la paleta y el cursor quieto en pruebas."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from simulador.tui.app import SimuladorApp


@dataclass(frozen=True)
class Accion:
    """Una acción de la pantalla tal como la lista la paleta de comandos."""

    titulo: str
    ayuda: str
    ejecutar: Callable[[], Any]


def ajustar_cursores(pantalla: Screen[Any]) -> None:
    """Sin parpadeo si la configuración lo pide: las capturas salen siempre iguales."""
    app: SimuladorApp = pantalla.app  # type: ignore[assignment]
    if not app.config.parpadeo:
        for widget in pantalla.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]


class Pantalla(Screen[None]):
    """Una pantalla del simulador."""

    @property
    def simulador(self) -> SimuladorApp:
        return self.app  # type: ignore[return-value]

    def acciones(self) -> Iterable[Accion]:
        """Lo que la paleta de comandos ofrece en esta pantalla."""
        return ()

    def on_mount(self) -> None:
        ajustar_cursores(self)


class Modal(ModalScreen[Any]):
    """Una ventana por encima de la pantalla actual."""

    def acciones(self) -> Iterable[Accion]:
        return ()

    def on_mount(self) -> None:
        ajustar_cursores(self)
