"""El resultado de una sesión: la nota de `simulador calificar`, el final y las lecciones.

La nota sale de `Calificador.resultado` con los mismos turnos que vería
`calificar` en la transcripción de la sesión; por eso ambos dan los mismos
números.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulador.calificador.cierre import ignora_un_insulto
from simulador.motor.comentarios import comentar
from simulador.motor.eventos import Final
from simulador.motor.lecciones import Leccion, calcular_lecciones

if TYPE_CHECKING:
    from simulador.motor.sesion import Sesion

CIERRES_BIEN = ("correcto", "no_aplica")


@dataclass
class Resultado:
    calificacion: dict[str, Any]  # exactamente lo que devuelve Calificador.resultado
    final: Final | None
    cierre_esperado: str
    lecciones: list[Leccion]
    datos_sesion: dict[str, Any]
    turnos: list[dict[str, Any]]

    @property
    def puntaje(self) -> int:
        return int(self.calificacion["puntaje"])

    @property
    def criterios(self) -> dict[str, int | None]:
        return dict(self.calificacion["criterios"])

    @property
    def aprobado(self) -> bool:
        return bool(self.calificacion["aprobado"])

    @property
    def cierre(self) -> str:
        return str(self.calificacion["cierre"])

    @property
    def cierre_bien(self) -> bool:
        """`correcto` y `no_aplica` son aciertos; `tardio`, `prematuro` y `descortes`, errores."""
        return self.cierre in CIERRES_BIEN

    def como_dict(self) -> dict[str, Any]:
        datos = {**self.datos_sesion, **self.calificacion}
        datos.update({
            "cierre_esperado": self.cierre_esperado,
            "cierre_bien": self.cierre_bien,
            "final": self.final.como_dict() if self.final else None,
            "turnos": self.turnos,
            "lecciones": [leccion.como_dict() for leccion in self.lecciones],
        })
        return datos


def calcular_resultado(sesion: Sesion) -> Resultado:
    escenario = sesion.escenario
    calificador = sesion.calificador
    justificado = escenario.cierre_justificado
    calificaciones = [t.calificacion for t in sesion.turnos]
    final = sesion.final.tipo if sesion.final is not None else None
    calificacion = calificador.resultado(sesion.ident, calificaciones, justificado, final)
    turnos: list[dict[str, Any]] = []
    anteriores = []
    pares = [(t.rol, t.senales) for t in sesion.turnos]
    for i, (turno, base) in enumerate(zip(sesion.turnos, calificacion["turnos"], strict=True)):
        datos = {**base, "texto": turno.texto, "nodo": turno.nodo, "origen": turno.origen,
                 "momento": round(turno.momento, 3), "enfado": turno.enfado}
        if turno.rol == "agente":
            datos["numero"] = turno.numero
            datos["segundos_respuesta"] = round(turno.segundos_respuesta or 0.0, 3)
            datos["comentarios"] = [c.como_dict() for c in comentar(
                calificador.rubrica, turno.calificacion, anteriores,
                ignora_un_insulto(pares, i))]
            anteriores.append(turno.calificacion)
        turnos.append(datos)
    lecciones = calcular_lecciones(escenario, calificador.rubrica, sesion.turnos, calificacion,
                                   justificado)
    datos_sesion = {
        "id": sesion.ident,
        "escenario": {"id": escenario.id, "titulo": escenario.titulo,
                      "version": escenario.version},
        "semilla": sesion.semilla,
        "modo": sesion.modo,
        "agente": sesion.agente,
        "equipo": sesion.equipo,
        "inicio": sesion.inicio.isoformat() if sesion.inicio else None,
        "enfado": {"inicial": escenario.cliente.enfado_inicial, "final": sesion.enfado},
    }
    return Resultado(calificacion, sesion.final, escenario.cierre_esperado, lecciones,
                     datos_sesion, turnos)
