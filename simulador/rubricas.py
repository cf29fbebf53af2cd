"""Elegir la rúbrica: la estándar, una incluida por su id o un archivo."""

from __future__ import annotations

from pathlib import Path

from simulador.incidencias import ErrorDeArchivo, Incidencia
from simulador.rutas import rubricas_incluidas

RUBRICA_POR_DEFECTO = "estandar"


def ruta_rubrica(nombre: str | None) -> Path:
    """Una ruta a un archivo, o el id de una rúbrica incluida."""
    nombre = nombre or RUBRICA_POR_DEFECTO
    ruta = Path(nombre)
    if ruta.suffix.lower() in (".yaml", ".yml") or ruta.exists():
        return ruta
    incluida = rubricas_incluidas() / f"{nombre}.yaml"
    if incluida.exists():
        return incluida
    disponibles = ", ".join(sorted(p.stem for p in rubricas_incluidas().glob("*.yaml")))
    raise ErrorDeArchivo([Incidencia(nombre, "no existe ese archivo ni una rúbrica incluida "
                                     f"con ese id (incluidas: {disponibles})")])


def cargar_calificador(nombre: str | None = None):  # noqa: ANN201 - importación diferida
    from simulador.calificador import Calificador

    return Calificador.desde_archivo(ruta_rubrica(nombre))
