"""Abrir la base de datos del historial: WAL, espera si está ocupada y esquema al día.

Es el único sitio del programa que importa sqlite3 (lo comprueba una
prueba): el resto habla con `Historial`. Cada escritura va en su propia
transacción `BEGIN IMMEDIATE`, de modo que dos procesos que escriben a la
vez se turnan en lugar de pisarse, y un proceso que muere a mitad solo
pierde la transacción que no llegó a confirmar.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from simulador.historial.esquema import MIGRACIONES, VERSION_ACTUAL
from simulador.incidencias import razon_del_sistema

ESPERA_SEGUNDOS = 30.0


class ErrorDeHistorial(Exception):
    """El historial no se puede abrir, leer o escribir; el mensaje es para el usuario."""


def _explicar(ruta: Path, exc: Exception) -> ErrorDeHistorial:
    texto = str(exc)
    if "not a database" in texto or "malformed" in texto:
        return ErrorDeHistorial(f"{ruta}: no es una base de datos del historial o está dañada")
    if "locked" in texto or "busy" in texto:
        return ErrorDeHistorial(f"{ruta}: el historial está ocupado por otro proceso desde hace "
                                f"más de {ESPERA_SEGUNDOS:g} s; inténtelo de nuevo")
    if "UNIQUE constraint failed" in texto:
        return ErrorDeHistorial(f"{ruta}: esos turnos ya estaban guardados (¿se está jugando la "
                                "misma sesión en otra ventana?)")
    if "readonly" in texto or "unable to open" in texto:
        return ErrorDeHistorial(f"{ruta}: no se puede abrir el historial para escribir "
                                f"({texto})")
    return ErrorDeHistorial(f"{ruta}: error del historial ({texto})")


@contextmanager
def traducir_errores(ruta: Path) -> Iterator[None]:
    """Convierte los errores de sqlite3 en ErrorDeHistorial con un mensaje en español."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _explicar(ruta, exc) from exc


def comprobar_ruta(ruta: Path) -> None:
    """Lo que hay en el sitio del historial no es un historial: mejor decirlo que darlo
    por vacío (y que una exportación salga vacía sin explicación)."""
    carpeta = ruta.parent
    if carpeta.is_symlink() and not carpeta.exists():
        raise ErrorDeHistorial(f"{carpeta}: la carpeta de datos es un enlace simbólico roto "
                               "(revise --datos o SIMULADOR_DATOS)")
    if carpeta.exists() and not carpeta.is_dir():
        raise ErrorDeHistorial(f"{carpeta}: la carpeta de datos es un archivo, no una carpeta "
                               "(revise --datos o SIMULADOR_DATOS)")
    if ruta.is_symlink() and not ruta.exists():
        raise ErrorDeHistorial(f"{ruta}: el historial es un enlace simbólico roto")
    if ruta.exists() and not ruta.is_file():
        raise ErrorDeHistorial(f"{ruta}: en el sitio del historial hay una carpeta, no el "
                               "archivo del historial")


def abrir(ruta: Path) -> sqlite3.Connection:
    """Abre (o crea) el historial con WAL y espera ante bloqueos, y lo pone al día."""
    comprobar_ruta(ruta)
    with traducir_errores(ruta):
        try:
            ruta.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ErrorDeHistorial(f"{ruta.parent}: no se puede crear la carpeta de datos "
                                   f"({razon_del_sistema(exc)})") from exc
        conexion = sqlite3.connect(ruta, timeout=ESPERA_SEGUNDOS, isolation_level=None,
                                   check_same_thread=False)
        try:
            conexion.row_factory = sqlite3.Row
            conexion.execute(f"PRAGMA busy_timeout = {int(ESPERA_SEGUNDOS * 1000)}")
            _modo_wal(conexion)
            conexion.execute("PRAGMA synchronous = FULL")
            conexion.execute("PRAGMA foreign_keys = ON")
            migrar(conexion, ruta)
        except BaseException:
            conexion.close()
            raise
    return conexion


def _modo_wal(conexion: sqlite3.Connection) -> None:
    # Cambiar a WAL necesita el archivo para sí solo un instante: si otro proceso lo
    # está creando a la vez, se reintenta en lugar de fallar.
    limite = time.monotonic() + ESPERA_SEGUNDOS
    while True:
        try:
            conexion.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as exc:
            # Por el código de SQLite, no por el texto (que cambia entre versiones).
            ocupada = getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY,
                                                                  sqlite3.SQLITE_LOCKED)
            if not ocupada or time.monotonic() > limite:
                raise
            time.sleep(0.05)


def version_esquema(conexion: sqlite3.Connection) -> int:
    return int(conexion.execute("PRAGMA user_version").fetchone()[0])


def migrar(conexion: sqlite3.Connection, ruta: Path) -> None:
    """Aplica las migraciones que falten, cada una una sola vez aunque abran dos procesos."""
    if version_esquema(conexion) == VERSION_ACTUAL:
        return
    with transaccion(conexion):
        version = version_esquema(conexion)  # otro proceso pudo migrar mientras esperábamos
        if version == 0:
            ajenas = [fila[0] for fila in conexion.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
            if ajenas:
                raise ErrorDeHistorial(
                    f"{ruta}: es una base de datos de otro programa (tablas: "
                    f"{', '.join(sorted(ajenas)[:3])}), no un historial del simulador")
        if version > VERSION_ACTUAL:
            raise ErrorDeHistorial(
                f"{ruta}: el historial es de una versión más nueva del simulador (esquema "
                f"{version}; esta versión entiende hasta el {VERSION_ACTUAL}). Actualice el "
                "programa.")
        for numero in range(version, VERSION_ACTUAL):
            for sentencia in MIGRACIONES[numero]:
                conexion.execute(sentencia)
            conexion.execute(f"PRAGMA user_version = {numero + 1}")


@contextmanager
def transaccion(conexion: sqlite3.Connection, inmediata: bool = True) -> Iterator[None]:
    """Una transacción: todo o nada. Inmediata para escribir (toma el turno de escritura
    al empezar, no a mitad, y así no hay bloqueos cruzados entre procesos)."""
    conexion.execute("BEGIN IMMEDIATE" if inmediata else "BEGIN")
    try:
        yield
    except BaseException:
        conexion.execute("ROLLBACK")
        raise
    conexion.execute("COMMIT")
