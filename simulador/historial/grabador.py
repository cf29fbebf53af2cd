"""El grabador: guarda una sesión en el historial a medida que se juega.

El motor no sabe nada de bases de datos: quien lo usa (la CLI, la interfaz)
pide un grabador con `grabar(historial, sesion)` y llama a su `anotar()`
después de cada acción, y el grabador escribe en una
sola transacción los turnos nuevos (y el resultado, si la conversación ha
terminado). Si el proceso muere, lo anotado queda; solo se pierde la
respuesta que se estaba escribiendo.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulador.historial.almacen import Historial, texto_de_fecha
from simulador.historial.archivos import ArchivoJugado, archivo_escenario, archivo_rubrica
from simulador.historial.conexion import ErrorDeHistorial
from simulador.texto import unicode_valido

if TYPE_CHECKING:
    import sqlite3

    from simulador.carga import Cargado
    from simulador.formatos.escenario import Escenario
    from simulador.motor import Evento, Sesion, TurnoSesion


def nuevo_ident() -> str:
    """Un identificador único entre personas y equipos (para quitar repetidas al comparar)."""
    return uuid.uuid4().hex


def _ruta(ruta: Path | None) -> str | None:
    """La ruta como texto que SQLite admite (sus bytes raros, como «�»)."""
    return unicode_valido(str(ruta)) if ruta is not None else None


def _json(datos: Any) -> str:
    return json.dumps(datos, ensure_ascii=False, separators=(",", ":"))


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
        with self.historial.escritura() as conexion:
            if not self._creada:
                self._crear(conexion)
            else:
                self._comprobar_que_sigue(conexion)
            for indice, turno in enumerate(nuevos, start=self._guardados):
                self._turno(conexion, indice, turno)
            conexion.execute("UPDATE sesiones SET actualizada = ? WHERE id = ?",
                             (texto_de_fecha(datetime.now(UTC)), self.ident))
            if cerrar:
                self._resultado(conexion)
        self._creada = True
        self._guardados += len(nuevos)
        self._cerrada = self._cerrada or cerrar
        return eventos or []

    # --- escrituras -------------------------------------------------------------

    def _comprobar_que_sigue(self, conexion: sqlite3.Connection) -> None:
        """Alguien la descartó desde otra ventana («simulador descartar») mientras se jugaba:
        no vuelve al historial como terminada (ni se exporta); se dice al que juega."""
        fila = conexion.execute("SELECT estado FROM sesiones WHERE id = ?",
                                (self.ident,)).fetchone()
        if fila is None or fila[0] == "descartada":
            raise ErrorDeHistorial(f"la sesión {self.ident[:10]} se descartó desde otra "
                                   "ventana mientras se jugaba: ya no se guarda")

    def _crear(self, conexion: sqlite3.Connection) -> None:
        sesion = self.sesion
        escenario = sesion.escenario
        inicio = sesion.inicio or datetime.now(UTC)
        for archivo in (self.escenario, self.rubrica):
            if archivo.contenido is not None:
                conexion.execute("INSERT OR IGNORE INTO archivos (huella, tipo, nombre, "
                                 "contenido) VALUES (?, ?, ?, ?)",
                                 (archivo.huella, archivo.tipo, unicode_valido(archivo.nombre),
                                  archivo.contenido))
        conexion.execute(
            "INSERT INTO sesiones (id, inicio, agente, equipo, escenario, escenario_titulo, "
            "escenario_version, escenario_ruta, rubrica, rubrica_version, rubrica_ruta, modo, "
            "semilla, estado, actualizada, escenario_version_autor, guion) VALUES (?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, 'en_curso', ?, ?, ?)",
            (self.ident, texto_de_fecha(inicio), unicode_valido(sesion.agente),
             unicode_valido(sesion.equipo), escenario.id, escenario.titulo,
             self.escenario.huella, _ruta(self.escenario.ruta),
             sesion.calificador.rubrica.id, self.rubrica.huella, _ruta(self.rubrica.ruta),
             sesion.modo,
             sesion.semilla, texto_de_fecha(datetime.now(UTC)), escenario.version or "",
             int(self.guion)))

    def _turno(self, conexion: sqlite3.Connection, indice: int, turno: TurnoSesion) -> None:
        conexion.execute(
            "INSERT INTO turnos (sesion, indice, rol, texto, momento, origen, nodo, enfado, "
            "numero, segundos_respuesta, senales, evidencias) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.ident, indice, turno.rol, turno.texto, turno.momento, turno.origen,
             turno.nodo, turno.enfado, turno.numero, turno.segundos_respuesta,
             _json(turno.senales), _json([e.como_dict() for e in turno.evidencias])))

    def _resultado(self, conexion: sqlite3.Connection) -> None:
        sesion = self.sesion
        resultado = sesion.resultado()
        turnos = sesion.turnos
        duracion = max((t.momento for t in turnos), default=0.0)
        esperas = [t.segundos_respuesta for t in turnos
                   if t.rol == "agente" and t.segundos_respuesta is not None]
        inicio = sesion.inicio or datetime.now(UTC)
        conexion.execute(
            "INSERT INTO resultados (sesion, fin, puntaje, aprobado, criterios, cierre, "
            "cierre_esperado, final, turnos, duracion_s, respuesta_media_s, transcripcion, "
            "resultado) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self.ident, texto_de_fecha(inicio + timedelta(seconds=duracion)),
             resultado.puntaje, int(resultado.aprobado), _json(resultado.criterios),
             resultado.cierre, resultado.cierre_esperado,
             resultado.final.tipo if resultado.final else None, len(turnos), duracion,
             sum(esperas) / len(esperas) if esperas else None,
             _json(sesion.transcripcion()), _json(resultado.como_dict())))
        conexion.execute("UPDATE sesiones SET estado = 'terminada' WHERE id = ?",
                         (self.ident,))
