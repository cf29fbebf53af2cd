"""Lo que la conversación pinta, en orden: eventos del motor y líneas propias de la interfaz.

Las respuestas del agente y las notas del sistema van en la misma cola que
los eventos del motor para respetar el orden. `ya_dicho` rehace esa cola
para una sesión reanudada: lo que se dijo antes del corte, la última
valoración del entrenador y, si la hubo, el final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulador.motor import Evento, Final, Insistencia, LineaCliente, Valoracion
from simulador.pintor import TERMINA_LA_RELACION
from simulador.tui.textos import cuantos

if TYPE_CHECKING:
    from simulador.motor import Sesion


@dataclass(frozen=True)
class Propia:
    """Una línea del agente."""

    texto: str
    nota: str = ""


@dataclass(frozen=True)
class DelSistema:
    """Una nota centrada en el chat (no la dice nadie)."""

    texto: str


LineaChat = Evento | Propia | DelSistema


def ya_dicho(sesion: Sesion) -> list[LineaChat]:
    """Lo que hay que pintar al abrir una sesión reanudada."""
    del_cliente = {e.indice: e for e in sesion.eventos
                   if isinstance(e, LineaCliente | Insistencia)}
    lineas: list[LineaChat] = []
    for indice, turno in enumerate(sesion.turnos):
        if turno.rol == "agente":
            lineas.append(Propia(turno.texto, TERMINA_LA_RELACION
                                 if turno.origen == "terminar" else ""))
        else:
            lineas.append(del_cliente.get(indice) or LineaCliente(
                turno.texto, turno.nodo, bool(turno.senales.get("abuso")), indice))
    guardadas = cuantos(len(sesion.respuestas), "respuesta guardada", "respuestas guardadas")
    lineas.append(DelSistema(f"── Reanudada: {guardadas} ──"))
    for tipo in (Valoracion, Final):
        ultimo = next((e for e in reversed(sesion.eventos) if isinstance(e, tipo)), None)
        if ultimo is not None:
            lineas.append(ultimo)
    return lineas
