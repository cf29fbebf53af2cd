"""La sesión como transcripción (shared/senales.md) para guardarla o calificarla aparte.

Lleva todo lo que `simulador calificar` necesita para dar la misma nota que
el motor: el nombre del cliente, los puntos clave del escenario y si
terminar la relación estaba justificado sin insultos.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulador.motor.sesion import Sesion


def transcripcion(sesion: Sesion) -> dict[str, Any]:
    from simulador.motor.sesion import puntos_clave_planos

    escenario = sesion.escenario
    return {
        "id": sesion.ident,
        "escenario": escenario.id,
        "semilla": sesion.semilla,
        "modo": sesion.modo,
        "agente": sesion.agente,
        "equipo": sesion.equipo,
        "inicio": sesion.inicio.isoformat() if sesion.inicio else None,
        "cliente": {"nombre": escenario.cliente.nombre},
        "puntos_clave": puntos_clave_planos(escenario),
        "cierre_justificado": escenario.cierre_justificado,
        "final": sesion.final.como_dict() if sesion.final else None,
        "turnos": [
            {"rol": t.rol, "texto": t.texto, "nodo": t.nodo, "momento": round(t.momento, 3)}
            for t in sesion.turnos
        ],
    }
