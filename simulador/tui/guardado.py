"""Guardar la sesión en el historial mientras se juega, sin que un fallo la pare.

La pantalla de conversación pasa por aquí los eventos de cada llamada al
motor. Si el historial no se puede escribir se recuerda por qué y se sigue
jugando; el grabador lo reintenta en la llamada siguiente y, si entonces
puede, guarda de una vez todo lo pendiente.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from simulador.historial import ErrorDeHistorial

if TYPE_CHECKING:
    from simulador.historial import Grabador
    from simulador.motor import Evento

# Lo que acaba de pasar con el historial: nada nuevo, deja de guardar o vuelve a guardar.
Cambio = Literal["", "falla", "vuelve"]


class Guardado:
    def __init__(self, grabador: Grabador | None, motivo: str = "") -> None:
        self.grabador = grabador
        # Por qué no se está guardando ("" si todo está en el historial).
        self.fallo = "" if grabador is not None else (motivo or "no hay historial")

    @property
    def al_dia(self) -> bool:
        return self.grabador is not None and not self.fallo

    def anotar(self, eventos: list[Evento]) -> Cambio:
        """Guarda lo nuevo de la sesión y dice si el historial acaba de fallar o volver."""
        if self.grabador is None:
            return ""
        antes = self.fallo
        try:
            self.grabador.anotar(eventos)
        except (ErrorDeHistorial, OSError) as exc:
            self.fallo = str(exc)
            return "" if antes else "falla"
        self.fallo = ""
        return "vuelve" if antes else ""
