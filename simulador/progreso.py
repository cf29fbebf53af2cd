"""Cuánto lleva un trabajo largo, en la salida de errores y solo si es una terminal.

`calificar` con diez mil conversaciones o `probar` con miles de recorridos
tardan; sin una señal de vida, quien espera no sabe si sigue. En una
tubería o un archivo no se escribe nada: no ensucia lo que lee otra
herramienta.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

INTERVALO = 0.25  # segundos entre dos actualizaciones de la línea


class Progreso:
    """Una línea que se reescribe («Calificando: 1234 conversaciones»)."""

    def __init__(self, texto: str, total: int | None = None, unidad: str = "",
                 flujo: TextIO | None = None) -> None:
        self.texto = texto
        self.total = total
        self.unidad = unidad
        self.flujo = flujo or sys.stderr
        self.activo = bool(getattr(self.flujo, "isatty", lambda: False)())
        self.hechos = 0
        self._ultima = 0.0
        self._escrito = False

    def avanzar(self, cuantos: int = 1) -> None:
        self.hechos += cuantos
        if not self.activo:
            return
        ahora = time.monotonic()
        if ahora - self._ultima >= INTERVALO:
            self._ultima = ahora
            self._pintar()

    def _pintar(self) -> None:
        cuenta = (f"{self.hechos}/{self.total}" if self.total else str(self.hechos))
        self.flujo.write(f"\r{self.texto}: {cuenta} {self.unidad}".rstrip() + "…")
        self.flujo.flush()
        self._escrito = True

    def terminar(self) -> None:
        """Borra la línea: lo que se escriba después empieza limpio."""
        if self.activo and self._escrito:
            self.flujo.write("\r\033[K")
            self.flujo.flush()
