"""`Historial`: la base de datos SQLite de sesiones, turnos y resultados.

Se abre al primer uso y se comparte entre hilos (con un cerrojo): la
interfaz de texto puede grabar desde un hilo y listar desde otro. Las
consultas sobre un historial que aún no existe devuelven listas vacías sin
crear el archivo; solo escribir lo crea.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulador.historial.conexion import ErrorDeHistorial, abrir, traducir_errores, transaccion
from simulador.historial.filtro import Filtro
from simulador.historial.modelos import ResultadoGuardado, ResumenSesion, TurnoGuardado
from simulador.rutas import directorio_datos

if TYPE_CHECKING:
    import sqlite3

NOMBRE_ARCHIVO = "historial.sqlite3"
_PREFIJO_MINIMO = 4
_IDENT = re.compile(r"^[0-9a-f]+$")

_CONSULTA_SESIONES = """
    SELECT s.id, s.inicio, s.agente, s.equipo, s.escenario, s.escenario_titulo,
           s.escenario_version, s.escenario_version_autor, s.rubrica, s.rubrica_version,
           s.modo, s.semilla, s.estado,
           s.actualizada, s.guion,
           (SELECT count(*) FROM turnos t WHERE t.sesion = s.id) AS n_turnos,
           (SELECT count(*) FROM turnos t WHERE t.sesion = s.id AND t.rol = 'agente')
               AS n_respuestas,
           r.sesion AS con_resultado, r.fin, r.puntaje, r.aprobado, r.criterios, r.cierre,
           r.cierre_esperado, r.final, r.turnos AS r_turnos, r.duracion_s,
           r.respuesta_media_s
    FROM sesiones s LEFT JOIN resultados r ON r.sesion = s.id
"""


class SesionNoEncontrada(ErrorDeHistorial):
    """No hay ninguna sesión con ese identificador (o el prefijo es ambiguo)."""


def ruta_historial(datos: Path | None = None) -> Path:
    """El archivo del historial dentro de la carpeta de datos (--datos, SIMULADOR_DATOS…)."""
    return directorio_datos(datos) / NOMBRE_ARCHIVO


def fecha_de(texto: str | None) -> datetime | None:
    if not texto:
        return None
    fecha = datetime.fromisoformat(texto)
    return fecha if fecha.tzinfo else fecha.replace(tzinfo=UTC)


def texto_de_fecha(fecha: datetime) -> str:
    """Las fechas se guardan en UTC e ISO 8601: se ordenan y se comparan sin sorpresas."""
    if fecha.tzinfo is None:
        fecha = fecha.astimezone()
    return fecha.astimezone(UTC).isoformat()


class Historial:
    """El historial de sesiones de un usuario (un archivo SQLite en su carpeta de datos)."""

    def __init__(self, ruta: Path) -> None:
        self.ruta = Path(ruta)
        self._conexion: sqlite3.Connection | None = None
        self._cerrojo = threading.RLock()
        # Las sesiones dañadas que las consultas saltaron (id → por qué), para avisar.
        self.danadas: dict[str, str] = {}

    @classmethod
    def del_usuario(cls, datos: Path | None = None) -> Historial:
        """El historial de la carpeta de datos (la de `--datos`, SIMULADOR_DATOS o la del
        usuario)."""
        return cls(ruta_historial(datos))

    @property
    def existe(self) -> bool:
        return self.ruta.is_file()

    def cerrar(self) -> None:
        with self._cerrojo:
            if self._conexion is not None:
                self._conexion.close()
                self._conexion = None

    def __enter__(self) -> Historial:
        return self

    def __exit__(self, *_: object) -> None:
        self.cerrar()

    # --- conexión ---------------------------------------------------------------

    def _abierta(self) -> sqlite3.Connection:
        if self._conexion is None:
            self._conexion = abrir(self.ruta)
        return self._conexion

    @contextmanager
    def escritura(self) -> Iterator[sqlite3.Connection]:
        """Una transacción de escritura (la usa el grabador): todo o nada."""
        with self._cerrojo, traducir_errores(self.ruta):
            conexion = self._abierta()
            with transaccion(conexion):
                yield conexion

    @contextmanager
    def _lectura(self) -> Iterator[sqlite3.Connection | None]:
        """Una lectura coherente; None si el historial todavía no existe."""
        with self._cerrojo, traducir_errores(self.ruta):
            if self._conexion is None and not self.existe:
                carpeta = self.ruta.parent
                if carpeta.exists() and not carpeta.is_dir():
                    raise ErrorDeHistorial(f"{carpeta}: la carpeta de datos es un archivo, "
                                           "no una carpeta (revise --datos o SIMULADOR_DATOS)")
                yield None
                return
            conexion = self._abierta()
            if conexion.in_transaction:  # una lectura dentro de una escritura del mismo hilo
                yield conexion
                return
            with transaccion(conexion, inmediata=False):
                yield conexion

    # --- consultas --------------------------------------------------------------

    def sesiones(self, *, pendientes: bool = False, terminadas: bool = False,
                 filtro: Filtro | None = None) -> list[ResumenSesion]:
        """Las sesiones, de la más antigua a la más reciente (descartadas incluidas, salvo
        que se pidan solo las pendientes o solo las terminadas)."""
        with self._lectura() as conexion:
            if conexion is None:
                return []
            condicion = ""
            if pendientes:
                condicion = " WHERE s.estado = 'en_curso'"
            elif terminadas:
                condicion = " WHERE s.estado = 'terminada' AND r.sesion IS NOT NULL"
            filas = conexion.execute(_CONSULTA_SESIONES + condicion).fetchall()
        resumenes = []
        for fila in filas:
            try:
                resumenes.append(_resumen(fila))
            except _DANOS as exc:
                self.danadas[fila["id"]] = _motivo_dano(exc)
        if filtro is not None:
            resumenes = [r for r in resumenes if filtro.admite(r.inicio, r.agente, r.equipo,
                                                               r.escenario)]
        return sorted(resumenes, key=lambda r: (r.inicio, r.ident))

    def pendientes(self) -> list[ResumenSesion]:
        """Las sesiones a medias (cortadas o dejadas): se pueden reanudar o descartar."""
        return self.sesiones(pendientes=True)

    def terminadas(self, filtro: Filtro | None = None) -> list[ResumenSesion]:
        """Las sesiones terminadas, con su resultado: lo que se exporta."""
        return self.sesiones(terminadas=True, filtro=filtro)

    def buscar(self, ident: str) -> ResumenSesion:
        """La sesión con ese identificador o con ese comienzo (al menos 4 caracteres)."""
        buscado = ident.strip().lower()
        if len(buscado) < _PREFIJO_MINIMO or not _IDENT.match(buscado):
            raise SesionNoEncontrada(f"«{ident}» no es un identificador de sesión (vea "
                                     "«simulador sesiones»)")
        with self._lectura() as conexion:
            filas = [] if conexion is None else conexion.execute(
                _CONSULTA_SESIONES + " WHERE s.id >= ? AND s.id < ? ORDER BY s.id LIMIT 6",
                (buscado, buscado + "g")).fetchall()
        if not filas:
            raise SesionNoEncontrada(f"no hay ninguna sesión «{ident}» en el historial (vea "
                                     "«simulador sesiones»)")
        exacta = [f for f in filas if f["id"] == buscado]
        if len(filas) > 1 and not exacta:
            candidatas = ", ".join(f["id"] for f in filas[:5])
            raise SesionNoEncontrada(f"«{ident}» puede ser varias sesiones ({candidatas}…): "
                                     "escriba más caracteres")
        fila = exacta[0] if exacta else filas[0]
        try:
            return _resumen(fila)
        except _DANOS as exc:
            raise ErrorDeHistorial(f"la sesión {fila['id']} del historial está dañada "
                                   f"({_motivo_dano(exc)}): no se puede usar") from None

    def turnos(self, ident: str) -> list[TurnoGuardado]:
        """Los turnos guardados de una sesión, en orden."""
        with self._lectura() as conexion:
            if conexion is None:
                return []
            filas = conexion.execute("SELECT * FROM turnos WHERE sesion = ? ORDER BY indice",
                                     (ident,)).fetchall()
        return [TurnoGuardado(
            indice=f["indice"], rol=f["rol"], texto=f["texto"], momento=f["momento"],
            origen=f["origen"], nodo=f["nodo"], enfado=f["enfado"], numero=f["numero"],
            segundos_respuesta=f["segundos_respuesta"], senales=json.loads(f["senales"]),
            evidencias=json.loads(f["evidencias"])) for f in filas]

    def transcripcion(self, ident: str) -> dict[str, Any] | None:
        """La transcripción (shared/senales.md) de una sesión terminada."""
        return self._json_resultado(ident, "transcripcion")

    def resultado(self, ident: str) -> dict[str, Any] | None:
        """El resultado completo de una sesión terminada (lo que da `jugar --json`)."""
        return self._json_resultado(ident, "resultado")

    def _json_resultado(self, ident: str, columna: str) -> dict[str, Any] | None:
        with self._lectura() as conexion:
            fila = None if conexion is None else conexion.execute(
                f"SELECT {columna} FROM resultados WHERE sesion = ?", (ident,)).fetchone()
        return None if fila is None else dict(json.loads(fila[0]))

    def archivo(self, huella: str) -> tuple[str, bytes] | None:
        """El nombre y el contenido del escenario o rúbrica guardado con esa huella."""
        with self._lectura() as conexion:
            fila = None if conexion is None else conexion.execute(
                "SELECT nombre, contenido FROM archivos WHERE huella = ?", (huella,)).fetchone()
        return None if fila is None else (str(fila[0]), bytes(fila[1]))

    def rutas_jugadas(self, ident: str) -> tuple[Path | None, Path | None]:
        """Dónde estaban el escenario y la rúbrica cuando se jugó la sesión."""
        with self._lectura() as conexion:
            fila = None if conexion is None else conexion.execute(
                "SELECT escenario_ruta, rubrica_ruta FROM sesiones WHERE id = ?",
                (ident,)).fetchone()
        if fila is None:
            return None, None
        return (Path(fila[0]) if fila[0] else None, Path(fila[1]) if fila[1] else None)

    # --- cambios ----------------------------------------------------------------

    def descartar(self, ident: str) -> ResumenSesion:
        """Descarta una sesión a medias: deja de ofrecerse para reanudar y no se exporta
        (sus turnos se conservan en el historial)."""
        sesion = self.buscar(ident)
        if not sesion.pendiente:
            estado = "ya terminó" if sesion.terminada else "ya estaba descartada"
            raise ErrorDeHistorial(f"la sesión {sesion.ident} {estado}: solo se descartan "
                                   "las sesiones a medias")
        with self.escritura() as conexion:
            conexion.execute("UPDATE sesiones SET estado = 'descartada', actualizada = ? "
                             "WHERE id = ? AND estado = 'en_curso'",
                             (texto_de_fecha(datetime.now(UTC)), sesion.ident))
        return self.buscar(sesion.ident)


# Un campo que no es lo que debe (una fecha imposible, una nota que no es un número):
# el historial se editó a mano o se dañó. Esa sesión se salta y se avisa.
_DANOS = (ValueError, TypeError, OverflowError, KeyError)


def _motivo_dano(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return "un campo JSON no se puede leer"
    return "una fecha o un número no válidos" if isinstance(exc, ValueError | TypeError
                                                           | OverflowError) else str(exc)


def _resumen(fila: sqlite3.Row) -> ResumenSesion:
    resultado = None
    if fila["con_resultado"] is not None:
        resultado = ResultadoGuardado(
            fin=fecha_de(fila["fin"]) or datetime.now(UTC), puntaje=int(fila["puntaje"]),
            aprobado=bool(fila["aprobado"]), criterios=json.loads(fila["criterios"]),
            cierre=fila["cierre"], cierre_esperado=fila["cierre_esperado"],
            final=fila["final"], turnos=int(fila["r_turnos"]),
            duracion_s=float(fila["duracion_s"]),
            respuesta_media_s=(None if fila["respuesta_media_s"] is None
                               else float(fila["respuesta_media_s"])))
    return ResumenSesion(
        ident=fila["id"], inicio=fecha_de(fila["inicio"]) or datetime.now(UTC),
        agente=fila["agente"], equipo=fila["equipo"], escenario=fila["escenario"],
        escenario_titulo=fila["escenario_titulo"], escenario_version=fila["escenario_version"],
        escenario_version_autor=fila["escenario_version_autor"],
        rubrica=fila["rubrica"], rubrica_version=fila["rubrica_version"], modo=fila["modo"],
        semilla=int(fila["semilla"]), estado=fila["estado"], turnos=int(fila["n_turnos"]),
        respuestas=int(fila["n_respuestas"]), actualizada=fecha_de(fila["actualizada"]),
        resultado=resultado, guion=bool(fila["guion"]))
