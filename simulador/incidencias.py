"""Los mensajes que ve un formador: siempre archivo, línea, columna y clave."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Nivel = Literal["error", "aviso"]
Clave = tuple[str | int, ...]


def una_linea(texto: str) -> str:
    """Un texto citado en un mensaje, en una sola línea y sin caracteres invisibles."""
    texto = texto.replace("\r\n", "↵").replace("\n", "↵").replace("\t", "→")
    return "".join(c if c.isprintable() else "�" for c in texto)


def formatear_clave(clave: Clave) -> str:
    """`('nodos', 'inicio', 'dice', 0)` → `nodos.inicio.dice[1]` (listas desde 1)."""
    partes: list[str] = []
    for parte in clave:
        if isinstance(parte, int):
            partes.append(f"[{parte + 1}]")
        else:
            partes.append(("." if partes else "") + (una_linea(str(parte)) or '""'))
    return "".join(partes)


@dataclass(frozen=True)
class Incidencia:
    """Un error o un aviso sobre un archivo, con su sitio exacto."""

    archivo: str
    mensaje: str
    linea: int | None = None
    columna: int | None = None
    clave: Clave = ()
    nivel: Nivel = "error"

    def __str__(self) -> str:
        sitio = self.archivo
        if self.linea is not None:
            sitio += f":{self.linea}"
            if self.columna is not None:
                sitio += f":{self.columna}"
        en_clave = f" en «{formatear_clave(self.clave)}»" if self.clave else ""
        # Una incidencia por línea: quien la lea (o un script) no se confunde.
        return f"{sitio}: {self.nivel}{en_clave}: {una_linea(self.mensaje)}"

    def como_dict(self) -> dict[str, object]:
        datos = asdict(self)
        datos["clave"] = formatear_clave(self.clave)
        return datos


class ErrorDeArchivo(Exception):
    """Un archivo no se puede usar; lleva todas las incidencias encontradas."""

    def __init__(self, incidencias: list[Incidencia]) -> None:
        super().__init__("\n".join(str(i) for i in incidencias))
        self.incidencias = incidencias


def nombre_visible(ruta: Path) -> str:
    """La ruta tal como la reconoce el usuario: relativa si está bajo la carpeta actual."""
    try:
        return str(ruta.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: un enlace en bucle
        return str(ruta)


def motivo_de_lectura(exc: OSError | UnicodeDecodeError) -> str:
    """Por qué no se pudo leer un archivo, dicho para quien lo escribió."""
    if isinstance(exc, FileNotFoundError):
        return "el archivo no existe"
    if isinstance(exc, IsADirectoryError):
        return "es una carpeta, no un archivo"
    if isinstance(exc, UnicodeDecodeError):
        return "el archivo no está en UTF-8"
    return f"no se puede leer ({razon_del_sistema(exc)})"


# Lo que el sistema dice en inglés («No space left on device»), dicho para quien usa el
# simulador. Los errores raros quedan con el texto del sistema y su número.
_RAZONES = {
    errno.ENOENT: "no existe",
    errno.EACCES: "no tiene permiso",
    errno.EPERM: "no tiene permiso",
    errno.ENOSPC: "el disco está lleno",
    errno.EDQUOT: "se ha acabado su cuota de disco",
    errno.EROFS: "el disco es de solo lectura",
    errno.EEXIST: "ya existe un archivo con ese nombre",
    errno.ENOTDIR: "una parte de la ruta es un archivo, no una carpeta",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.ELOOP: "hay enlaces simbólicos en bucle",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.EPIPE: "quien leía la salida la ha cerrado",
    errno.EIO: "error de entrada o salida del disco",
    errno.EMFILE: "hay demasiados archivos abiertos",
    errno.ENFILE: "hay demasiados archivos abiertos",
    errno.EBUSY: "está en uso",
    errno.ETXTBSY: "está en uso",
    errno.EADDRINUSE: "la dirección ya está en uso",
    errno.EADDRNOTAVAIL: "la dirección no existe en esta máquina",
    errno.ENOMEM: "no queda memoria",
}


def razon_del_sistema(exc: OSError) -> str:
    """Por qué falló una operación del sistema, en español."""
    razon = _RAZONES.get(exc.errno) if exc.errno is not None else None
    if razon is not None:
        return razon
    if exc.strerror:
        return f"{exc.strerror}, errno {exc.errno}" if exc.errno else exc.strerror
    return str(exc) or type(exc).__name__


def faltan(rutas: Iterable[Path]) -> bool:
    """¿Alguna ruta pedida no existe (o es un enlace roto)? No se pudo hacer lo pedido:
    código 2 (README)."""
    return any(not ruta.exists() for ruta in rutas)
