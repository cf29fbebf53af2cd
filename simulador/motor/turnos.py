"""Lo que guarda una sesión de sí misma: sus turnos y su ficha (quién juega qué).

Está aparte de `sesion.py` para que el resultado, la transcripción y las
lecciones lean estos datos sin depender de la sesión que los produce: la
sesión les pasa lo que necesitan y las importaciones van en un solo sentido.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from simulador.calificador import Evidencia, ResultadoTurno

Modo = Literal["practica", "examen"]
Origen = Literal["nodo", "silencio", "despedida", "respuesta", "terminar"]
MODOS: tuple[str, ...] = ("practica", "examen")


@dataclass
class TurnoSesion:
    """Un turno de la conversación con todo lo que se sabe de él."""

    rol: Literal["cliente", "agente"]
    texto: str
    momento: float  # segundos desde el inicio de la sesión
    calificacion: ResultadoTurno
    enfado: int  # el enfado del cliente después de este turno
    nodo: str | None  # cliente: nodo que lo dice; agente: nodo al que responde
    origen: Origen
    numero: int | None = None  # número de respuesta del agente (desde 1)
    segundos_respuesta: float | None = None  # cuánto tardó el agente en contestar
    fecha: datetime | None = None  # fecha y hora del turno, según el reloj de la sesión
    atiende: list[str] = field(default_factory=list)  # necesidades que atendió por primera vez

    @property
    def senales(self) -> dict[str, bool]:
        return self.calificacion.senales

    @property
    def evidencias(self) -> list[Evidencia]:
        return self.calificacion.evidencias


@dataclass(frozen=True)
class FichaSesion:
    """Quién juega, con qué semilla y cuándo empezó: la cabecera del resultado y de la
    transcripción."""

    ident: str
    semilla: int
    modo: Modo
    agente: str
    equipo: str
    inicio: datetime | None
