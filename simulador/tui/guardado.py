"""Guardar la sesión en el historial mientras se juega, sin que un fallo ni una espera la paren.

La pantalla de conversación pide guardar tras cada llamada al motor, y el guardado
corre en un hilo: un historial bloqueado por otro proceso (hasta medio minuto de
espera) no congela la pantalla ni el reloj del cliente corre con el alumno mirando
una pantalla parada. Si el historial no se puede escribir se recuerda por qué y se
sigue jugando; el grabador lo reintenta la vez siguiente y, si entonces puede, guarda
de una vez todo lo pendiente. Al cerrar la interfaz se intenta una última vez, y lo
que no se pudo guardar se dice (y el programa sale con el código 3).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from simulador.historial import ErrorDeHistorial

if TYPE_CHECKING:
    from simulador.historial import Grabador
    from simulador.motor import Sesion


class GuardadoEnHilo:
    def __init__(self, sesion: Sesion, grabador: Grabador | None, motivo: str = "") -> None:
        self.sesion = sesion
        self.grabador = grabador
        # Por qué no se está guardando ("" si todo lo intentado está en el historial).
        self.fallo = "" if grabador is not None else (motivo or "no hay historial")
        # Un guardado a la vez, en orden: cada uno guarda todo lo nuevo hasta ese momento.
        self._cerrojo = threading.Lock()

    @property
    def al_dia(self) -> bool:
        """Lo último que se intentó guardar se guardó (puede haber un guardado en marcha)."""
        return self.grabador is not None and not self.fallo

    @property
    def perdida(self) -> bool:
        """Se ha jugado algo que no está en el historial."""
        if not self.sesion.iniciada:
            return False
        return self.grabador is None or not self.grabador.al_dia

    def anotar(self) -> None:
        """Guarda lo nuevo de la sesión (en un hilo: puede esperar a un historial bloqueado)."""
        if self.grabador is None:
            return
        with self._cerrojo:
            try:
                self.grabador.anotar()
            except (ErrorDeHistorial, OSError) as exc:
                self.fallo = str(exc)
                return
            self.fallo = ""

    def al_salir(self) -> str | None:
        """Último intento antes de cerrar: None si todo está guardado; si no, el motivo."""
        self.anotar()
        return (self.fallo or "no se pudo guardar entera") if self.perdida else None
