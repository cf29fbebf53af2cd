"""El resultado de una sesión: la nota de `simulador calificar`, el final y las lecciones.

La nota sale de `Calificador.resultado` con los mismos turnos que vería
`calificar` en la transcripción de la sesión; por eso ambos dan los mismos
números.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulador.calificador.cierre import ignora_un_insulto
from simulador.formatos.senales import CIERRES_BIEN
from simulador.motor.comentarios import comentar
from simulador.motor.eventos import Final
from simulador.motor.lecciones import Leccion, calcular_lecciones

if TYPE_CHECKING:
    from simulador.calificador import Calificador, ResultadoTurno
    from simulador.formatos.escenario import Escenario
    from simulador.motor.turnos import FichaSesion, TurnoSesion


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


def calcular_resultado(escenario: Escenario, calificador: Calificador, ficha: FichaSesion,
                       turnos_sesion: Sequence[TurnoSesion], final_sesion: Final | None,
                       enfado: int) -> Resultado:
    """El resultado de lo jugado hasta ahora, con lo que la sesión le pasa (nada más)."""
    justificado = escenario.cierre_justificado
    calificaciones = [t.calificacion for t in turnos_sesion]
    final = final_sesion.tipo if final_sesion is not None else None
    calificacion = calificador.resultado(ficha.ident, calificaciones, justificado, final)
    turnos: list[dict[str, Any]] = []
    anteriores: list[ResultadoTurno] = []
    pares = [(t.rol, t.senales) for t in turnos_sesion]
    for i, (turno, base) in enumerate(zip(turnos_sesion, calificacion["turnos"], strict=True)):
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
    lecciones = calcular_lecciones(escenario, calificador.rubrica, turnos_sesion,
                                   calificacion, justificado)
    datos_sesion = {
        "id": ficha.ident,
        "escenario": {"id": escenario.id, "titulo": escenario.titulo,
                      "version": escenario.version},
        "semilla": ficha.semilla,
        "modo": ficha.modo,
        "agente": ficha.agente,
        "equipo": ficha.equipo,
        "inicio": ficha.inicio.isoformat() if ficha.inicio else None,
        "enfado": {"inicial": escenario.cliente.enfado_inicial, "final": enfado},
    }
    return Resultado(calificacion, final_sesion, escenario.cierre_esperado, lecciones,
                     datos_sesion, turnos)
