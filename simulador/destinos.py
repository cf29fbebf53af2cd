"""Dónde escribe un comando: un archivo, o la salida estándar con «-».

Un archivo se escribe entero en uno temporal de la misma carpeta y se cambia
por el de destino al final: si el disco se llena o el proceso muere a medias,
el archivo anterior sigue intacto. Antes de escribir, un comando comprueba
que la salida no es uno de sus archivos de entrada (`calificar X -o X`
vaciaría X).
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from simulador.texto import visible

ESTANDAR = "-"
_SQLITE = b"SQLite format 3\x00"
# Los permisos de un archivo nuevo, como los daría cualquier otro programa (mkstemp
# crea los temporales solo para su dueño).
_MASCARA = os.umask(0o022)
os.umask(_MASCARA)


class MismoArchivo(ValueError):
    """La salida es uno de los archivos de entrada; el mensaje dice cuáles."""


def es_estandar(ruta: Path | None) -> bool:
    """Sin ruta, o con «-»: la salida (o la entrada) estándar."""
    return ruta is None or str(ruta) == ESTANDAR


def _mismo(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists()
                                              and os.path.samefile(a, b))
    except (OSError, RuntimeError):  # RuntimeError: un enlace en bucle
        return False


def _es_base_de_datos(ruta: Path) -> bool:
    try:
        with ruta.open("rb") as archivo:
            return archivo.read(len(_SQLITE)) == _SQLITE
    except (OSError, RuntimeError):
        return False


def _es_la_entrada_estandar(ruta: Path) -> bool:
    """«calificar - -o X < X»: la entrada estándar es el mismo archivo que la salida."""
    try:
        entrada, salida = os.fstat(sys.stdin.fileno()), ruta.stat()
    except (OSError, ValueError, AttributeError, RuntimeError):
        return False
    return stat.S_ISREG(entrada.st_mode) and (entrada.st_dev, entrada.st_ino) == (
        salida.st_dev, salida.st_ino)


def comprobar_distintos(salidas: dict[str, Path | None], entradas: dict[str, Path | None]
                        ) -> None:
    """MismoArchivo si una salida es una entrada u otra salida (con su nombre de opción),
    la entrada estándar, o una base de datos (el historial: escribir encima lo borraría)."""
    # Solo las salidas se comparan: leer dos veces la misma entrada no destruye nada.
    vistas = [(nombre, ruta) for nombre, ruta in entradas.items() if not es_estandar(ruta)]
    estandar = [nombre for nombre, ruta in entradas.items()
                if ruta is not None and es_estandar(ruta)]
    for nombre, ruta in salidas.items():
        if es_estandar(ruta):
            continue
        assert ruta is not None
        if _es_base_de_datos(ruta):
            raise MismoArchivo(f"{nombre} ({ruta}) es una base de datos (¿el historial?): "
                               "no se escribe encima; use otro nombre para la salida")
        if estandar and _es_la_entrada_estandar(ruta):
            raise MismoArchivo(f"la entrada estándar ({estandar[0]}) y {nombre} son el mismo "
                               f"archivo ({ruta}): use otro nombre para la salida")
        for otro, previa in vistas:
            assert previa is not None
            if _mismo(ruta, previa):
                raise MismoArchivo(f"{otro} y {nombre} son el mismo archivo "
                                   f"({ruta}): use otro nombre para la salida")
        vistas.append((nombre, ruta))


@contextlib.contextmanager
def _temporal(ruta: Path, binario: bool) -> Iterator[TextIO]:
    """Un archivo temporal junto al destino que lo sustituye solo si todo fue bien.

    Un enlace simbólico se sigue (se escribe su destino, el enlace queda); un dispositivo
    o una tubería con nombre se escriben directamente (cambiarlos por un archivo los
    rompería); el archivo nuevo conserva los permisos del anterior."""
    if ruta.is_symlink():
        ruta = Path(os.path.realpath(ruta))
    try:
        anterior: os.stat_result | None = ruta.stat()
    except (OSError, RuntimeError):
        anterior = None
    if anterior is not None and not stat.S_ISREG(anterior.st_mode):
        with ruta.open("wb" if binario else "w",
                       **({} if binario else {"encoding": "utf-8", "newline": ""})) as directo:
            yield directo  # type: ignore[misc]
        return
    permisos = stat.S_IMODE(anterior.st_mode) if anterior else 0o666 & ~_MASCARA
    carpeta = ruta.parent if str(ruta.parent) else Path(".")
    descriptor, temporal = tempfile.mkstemp(prefix=f".{ruta.name}.", suffix=".tmp",
                                            dir=carpeta)
    try:
        flujo = (os.fdopen(descriptor, "wb") if binario
                 else os.fdopen(descriptor, "w", encoding="utf-8", newline=""))
        with flujo:
            yield flujo  # type: ignore[misc]
            flujo.flush()
            os.fsync(flujo.fileno())
        os.chmod(temporal, permisos)
        os.replace(temporal, ruta)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporal)
        raise


@contextlib.contextmanager
def abrir_texto(ruta: Path | None) -> Iterator[TextIO]:
    """Un flujo de texto hacia el destino; el archivo solo se sustituye si todo va bien."""
    if es_estandar(ruta):
        yield sys.stdout
        sys.stdout.flush()
        return
    assert ruta is not None
    with _temporal(ruta, binario=False) as flujo:
        yield flujo


def _es_terminal(flujo: object) -> bool:
    try:
        return bool(flujo.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def escribir_bytes(datos: bytes, ruta: Path | None) -> None:
    """Todo de una vez: a la salida estándar (sin ruta o «-») o a un archivo, sin dejarlo
    a medias si algo falla."""
    if es_estandar(ruta):
        binaria = getattr(sys.stdout, "buffer", None)
        if _es_terminal(sys.stdout):
            # Un CSV o un JSONL mirado en la terminal: sus celdas son texto de otros (nombres,
            # transcripciones) y un escape en ellas actuaría. A un archivo o una tubería
            # van tal cual: son datos.
            sys.stdout.write(visible(datos.decode("utf-8", "replace")))
            sys.stdout.flush()
        elif binaria is None:  # una salida de solo texto (pruebas, algunas consolas)
            sys.stdout.write(datos.decode("utf-8"))
        else:
            binaria.write(datos)
            binaria.flush()
        return
    assert ruta is not None
    with _temporal(ruta, binario=True) as flujo:
        flujo.write(datos)  # type: ignore[arg-type]
