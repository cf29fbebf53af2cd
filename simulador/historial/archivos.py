"""La huella y el contenido del escenario y de la rúbrica con los que se jugó.

La huella (`escenario_version`, `rubrica_version`) va en cada sesión para
que las notas de un escenario editado no se mezclen sin avisar; el
contenido se guarda una vez por huella para poder reanudar una sesión a
medias aunque alguien cambie el archivo mientras tanto.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from simulador.calificador import contenido_rubrica, version_de
from simulador.historial.modelos import ArchivoJugado
from simulador.incidencias import ErrorDeArchivo

if TYPE_CHECKING:
    from simulador.calificador import Calificador
    from simulador.formatos.escenario import Escenario


def _leer(ruta: Path | None, leer: Callable[[Path], bytes] = Path.read_bytes
          ) -> bytes | None:
    if ruta is None:
        return None
    try:
        return leer(ruta)
    except OSError:
        return None


def _absoluta(ruta: Path) -> Path:
    try:
        return ruta.resolve()
    except (OSError, RuntimeError):  # RuntimeError: un enlace en bucle
        return ruta.absolute()


def archivo_escenario(escenario: Escenario, ruta: Path | None = None) -> ArchivoJugado:
    """La huella del archivo del escenario (o del incluido con su id, si es el mismo)."""
    contenido = _leer(ruta)
    if contenido is None:
        ruta, contenido = _escenario_incluido(escenario)
    if ruta is None or contenido is None:
        # Sin archivo (un escenario construido en memoria): la huella del modelo.
        huella = version_de(escenario.model_dump_json().encode("utf-8"))
        return ArchivoJugado("escenario", huella, f"{escenario.id}.yaml")
    return ArchivoJugado("escenario", version_de(contenido), ruta.name, _absoluta(ruta),
                         contenido)


def _escenario_incluido(escenario: Escenario) -> tuple[Path | None, bytes | None]:
    from simulador.carga import cargar_escenario
    from simulador.rutas import escenarios_incluidos

    ruta = escenarios_incluidos() / f"{escenario.id}.yaml"
    contenido = _leer(ruta) if ruta.is_file() else None
    if contenido is None:
        return None, None
    try:
        igual = cargar_escenario(ruta).modelo == escenario
    except ErrorDeArchivo:
        igual = False
    return (ruta, contenido) if igual else (None, None)


def archivo_rubrica(calificador: Calificador, ruta: Path | None = None) -> ArchivoJugado:
    """La rúbrica compilada por el calificador; su contenido si se encuentra el archivo."""
    version = calificador.version
    candidatas = [ruta] if ruta is not None else []
    try:
        from simulador.rubricas import ruta_rubrica

        candidatas.append(ruta_rubrica(calificador.rubrica.id))
    except ErrorDeArchivo:  # sin rúbrica incluida con ese id: solo la huella
        pass
    for candidata in candidatas:
        contenido = _leer(candidata, contenido_rubrica)
        if contenido is not None and version_de(contenido) == version:
            return ArchivoJugado("rubrica", version, candidata.name, _absoluta(candidata),
                                 contenido)
    return ArchivoJugado("rubrica", version, f"{calificador.rubrica.id}.yaml")
