"""Elegir la rúbrica: la estándar, una incluida por su id o un archivo."""

from __future__ import annotations

import gc
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from simulador.incidencias import ErrorDeArchivo, Incidencia
from simulador.rutas import rubricas_incluidas

if TYPE_CHECKING:
    from simulador.calificador import Calificador

RUBRICA_POR_DEFECTO = "estandar"


def archivo_propio(nombre: str | None) -> Path | None:
    """La rúbrica de `--rubrica` si es un archivo del usuario (no el id de una incluida):
    una entrada más, que ninguna salida debe pisar."""
    return Path(nombre) if nombre and Path(nombre).exists() else None


def ruta_rubrica(nombre: str | None) -> Path:
    """Una ruta a un archivo, o el id de una rúbrica incluida."""
    nombre = nombre or RUBRICA_POR_DEFECTO
    ruta = Path(nombre)
    if ruta.suffix.lower() in (".yaml", ".yml") or ruta.exists():
        return ruta
    incluida = rubricas_incluidas() / f"{nombre}.yaml"
    if incluida.exists():
        return incluida
    disponibles = ", ".join(sorted(p.stem for p in _rubricas()))
    raise ErrorDeArchivo([Incidencia(nombre, "no existe ese archivo ni una rúbrica incluida "
                                     f"con ese id (incluidas: {disponibles})")])


def cargar_calificador(nombre: str | None = None, cache: bool = True,
                       aprendido: bool = True) -> Calificador:
    """La rúbrica compilada; la compilación se guarda en la carpeta de caché.

    Con `aprendido=False` solo cuentan las frases (para entrenar un modelo nuevo).
    Una copia guardada que no vale se vuelve a compilar con un aviso en stderr
    (bajo la interfaz, Textual se lo queda y no ensucia la pantalla).
    """
    # Importación diferida: `validar` y `listar` no necesitan compilar ninguna rúbrica.
    from simulador.calificador import Calificador
    from simulador.rutas import directorio_cache
    from simulador.salida import error

    ruta = ruta_rubrica(nombre)
    carpeta = directorio_cache() if cache else None
    # Leer o compilar crea cien mil objetos de golpe, todos de larga vida: sin el
    # recolector de ciclos pasando una y otra vez por ellos, se tarda casi la mitad.
    activo = gc.isenabled()
    gc.disable()
    try:
        calificador = Calificador.desde_archivo(ruta, carpeta, aprendido, avisar=error)
    finally:
        if activo:
            gc.enable()
    # Y viven hasta el final: fuera del alcance del recolector, que si no los
    # recorrería enteros en cada pasada completa (una respuesta de 100 KB crea
    # miles de objetos y dispararía varias).
    gc.freeze()
    return calificador


@cache
def calificador_estandar() -> Calificador:
    """La rúbrica estándar compilada una sola vez por proceso."""
    return cargar_calificador()


def senales_de_rubricas_incluidas() -> set[str]:
    """Las señales que añaden las rúbricas incluidas (las estándar no cuentan)."""
    from simulador.carga import cargar
    from simulador.formatos.rubrica import Rubrica

    extra: set[str] = set()
    for ruta in _rubricas():
        try:
            extra.update(cargar(ruta, Rubrica).modelo.senales_extra)
        except ErrorDeArchivo:
            continue
    return extra


def _rubricas() -> list[Path]:
    """Las rúbricas incluidas (un «….lexico.yaml» a su lado no es una rúbrica)."""
    return sorted(p for p in rubricas_incluidas().glob("*.yaml")
                  if not p.name.endswith(".lexico.yaml"))
