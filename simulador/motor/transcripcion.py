"""La sesión como transcripción (shared/senales.md) para guardarla o calificarla aparte.

Lleva todo lo que `simulador calificar` necesita para dar la misma nota que
el motor: el nombre del cliente, los puntos clave del escenario y si
terminar la relación estaba justificado sin insultos.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from simulador.formatos.senales import ACCION_TERMINAR

if TYPE_CHECKING:
    from simulador.formatos.escenario import Escenario
    from simulador.motor.eventos import Final
    from simulador.motor.turnos import FichaSesion, TurnoSesion


def transcripcion(escenario: Escenario, ficha: FichaSesion, turnos: Sequence[TurnoSesion],
                  final: Final | None) -> dict[str, Any]:
    return {
        "id": ficha.ident,
        "escenario": escenario.id,
        "semilla": ficha.semilla,
        "modo": ficha.modo,
        "agente": ficha.agente,
        "equipo": ficha.equipo,
        "inicio": ficha.inicio.isoformat() if ficha.inicio else None,
        "cliente": {"nombre": escenario.cliente.nombre},
        "puntos_clave": puntos_clave_planos(escenario),
        "cierre_justificado": escenario.cierre_justificado,
        "final": final.tipo if final else None,
        "final_detalle": final.como_dict() if final else None,
        "turnos": [_turno(t) for t in turnos],
    }


def puntos_clave_planos(escenario: Escenario) -> list[str]:
    """Los puntos clave con sus sinónimos, como los espera el calificador."""
    return [t for p in escenario.puntos_clave for t in (p.texto, *p.sinonimos)]


def _turno(turno: TurnoSesion) -> dict[str, Any]:
    datos: dict[str, Any] = {"rol": turno.rol, "texto": turno.texto, "nodo": turno.nodo,
                             "momento": round(turno.momento, 3)}
    if turno.origen == "terminar":
        datos["accion"] = ACCION_TERMINAR
    return datos
