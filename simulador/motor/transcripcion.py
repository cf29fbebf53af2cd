"""La sesión como transcripción (shared/senales.md) para guardarla o calificarla aparte.

Lleva todo lo que `simulador calificar` necesita para dar la misma nota que
el motor: el nombre del cliente, los puntos clave del escenario y si
terminar la relación estaba justificado sin insultos.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulador.formatos.senales import ACCION_TERMINAR

if TYPE_CHECKING:
    from simulador.motor.sesion import Sesion, TurnoSesion


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
        "final": sesion.final.tipo if sesion.final else None,
        "final_detalle": sesion.final.como_dict() if sesion.final else None,
        "turnos": [_turno(t) for t in sesion.turnos],
    }


def _turno(turno: TurnoSesion) -> dict[str, Any]:
    datos: dict[str, Any] = {"rol": turno.rol, "texto": turno.texto, "nodo": turno.nodo,
                             "momento": round(turno.momento, 3)}
    if turno.origen == "terminar":
        datos["accion"] = ACCION_TERMINAR
    return datos
