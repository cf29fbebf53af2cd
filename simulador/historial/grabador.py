"""El grabador: guarda una sesión en el historial a medida que se juega.

El motor no sabe nada de bases de datos: quien lo usa (la CLI, la interfaz)
pide un grabador con `grabar(historial, sesion)` y llama a su `anotar()`
después de cada acción. El grabador convierte lo nuevo de la sesión en filas
(modelos.py) y el historial las escribe en una sola transacción: los turnos
nuevos y el resultado, si la conversación ha terminado. Si el proceso muere,
lo anotado queda; solo se pierde la respuesta que se estaba escribiendo.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from simulador.historial.almacen import Historial
from simulador.historial.archivos import archivo_escenario, archivo_rubrica
from simulador.historial.modelos import (
    ArchivoJugado,
    FinDeSesion,
    ResultadoGuardado,
    SesionNueva,
    TurnoGuardado,
)

if TYPE_CHECKING:
    from simulador.carga import Cargado
    from simulador.formatos.escenario import Escenario
    from simulador.motor import Evento, Sesion, TurnoSesion


def nuevo_ident() -> str:
    """Un identificador único entre personas y equipos (para quitar repetidas al comparar)."""
    return uuid.uuid4().hex


def grabar(historial: Historial, sesion: Sesion, *,
           escenario: Path | Cargado[Escenario] | None = None, rubrica: Path | None = None,
           guion: bool = False) -> Grabador:
    """Un grabador para `sesion`: llame a su `anotar()` después de cada acción.

    `escenario` y `rubrica` son los archivos con los que se jugó (para su huella y
    para poder reanudar); si faltan, se buscan entre los incluidos. `guion` marca una
    partida con las respuestas de un archivo: la prueba de un formador, que `exportar` y
    `comparar` dejan fuera salvo que se pida.
    """
    ruta_escenario = escenario.ruta if escenario is not None and not isinstance(
        escenario, Path) else escenario
    return Grabador(historial, sesion, nuevo_ident(),
                    archivo_escenario(sesion.escenario, ruta_escenario),
                    archivo_rubrica(sesion.calificador, rubrica), guion=guion)


class Grabador:
    """Observa una sesión y guarda en el historial cada turno nuevo cuando se le avisa."""

    def __init__(self, historial: Historial, sesion: Sesion, ident: str,
                 escenario: ArchivoJugado, rubrica: ArchivoJugado, *, guardados: int = 0,
                 creada: bool = False, guion: bool = False) -> None:
        self.historial = historial
        self.sesion = sesion
        self.ident = ident
        self.escenario = escenario
        self.rubrica = rubrica
        self._guardados = guardados
        self._creada = creada
        self._cerrada = False
        self.guion = guion  # solo cuenta al crear la fila: una reanudada conserva la suya

    @property
    def guardados(self) -> int:
        """Cuántos turnos de la sesión están ya en el historial."""
        return self._guardados

    @property
    def al_dia(self) -> bool:
        """Todo lo que ha pasado en la sesión está guardado."""
        return self._creada and self._guardados == len(self.sesion.turnos) and (
            not self.sesion.terminada or self._cerrada)

    def anotar(self, eventos: list[Evento] | None = None) -> list[Evento]:
        """Guarda lo nuevo de la sesión; devuelve `eventos` sin tocarlos para encadenar:
        `pantalla.pintar(grabador.anotar(sesion.responder(texto)))`.

        Si no se puede escribir lanza ErrorDeHistorial y no da nada por guardado: la
        próxima llamada lo vuelve a intentar.
        """
        sesion = self.sesion
        if not sesion.iniciada:
            return eventos or []
        # Primero si terminó y luego los turnos: si otro hilo (la interfaz) sigue jugando
        # mientras se guarda, nunca se cierra la sesión sin sus últimos turnos.
        cerrar = sesion.terminada and not self._cerrada
        nuevos = sesion.turnos[self._guardados:]
        if self._creada and not nuevos and not cerrar:
            return eventos or []
        self.historial.anotar(
            self.ident, [_fila(indice, turno) for indice, turno in
                         enumerate(nuevos, start=self._guardados)],
            nueva=None if self._creada else self._nueva(), fin=self._fin() if cerrar else None)
        self._creada = True
        self._guardados += len(nuevos)
        self._cerrada = self._cerrada or cerrar
        return eventos or []

    # --- filas ------------------------------------------------------------------

    def _nueva(self) -> SesionNueva:
        sesion = self.sesion
        escenario = sesion.escenario
        return SesionNueva(
            inicio=sesion.inicio or datetime.now(UTC), agente=sesion.agente,
            equipo=sesion.equipo, escenario=escenario.id, escenario_titulo=escenario.titulo,
            escenario_version_autor=escenario.version or "",
            rubrica=sesion.calificador.rubrica.id, modo=sesion.modo, semilla=sesion.semilla,
            archivo_escenario=self.escenario, archivo_rubrica=self.rubrica, guion=self.guion)

    def _fin(self) -> FinDeSesion:
        sesion = self.sesion
        resultado = sesion.resultado()
        turnos = sesion.turnos
        duracion = max((t.momento for t in turnos), default=0.0)
        esperas = [t.segundos_respuesta for t in turnos
                   if t.rol == "agente" and t.segundos_respuesta is not None]
        inicio = sesion.inicio or datetime.now(UTC)
        guardado = ResultadoGuardado(
            fin=inicio + timedelta(seconds=duracion), puntaje=resultado.puntaje,
            aprobado=resultado.aprobado, criterios=resultado.criterios,
            cierre=resultado.cierre, cierre_esperado=resultado.cierre_esperado,
            final=resultado.final.tipo if resultado.final else None, turnos=len(turnos),
            duracion_s=duracion,
            respuesta_media_s=sum(esperas) / len(esperas) if esperas else None)
        return FinDeSesion(guardado, sesion.transcripcion(), resultado.como_dict())


def _fila(indice: int, turno: TurnoSesion) -> TurnoGuardado:
    return TurnoGuardado(
        indice=indice, rol=turno.rol, texto=turno.texto, momento=turno.momento,
        origen=turno.origen, nodo=turno.nodo, enfado=turno.enfado, numero=turno.numero,
        segundos_respuesta=turno.segundos_respuesta, senales=turno.senales,
        evidencias=[e.como_dict() for e in turno.evidencias])
