"""Cargar archivos de formadores: YAML → modelos, con errores comprensibles.

Es el único paquete que lee YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from simulador.carga.lector import Documento, Posicion, leer_yaml
from simulador.carga.rescate import rescatar
from simulador.carga.traductor import incidencias_de, sugerir
from simulador.formatos.escenario import Escenario
from simulador.incidencias import ErrorDeArchivo

M = TypeVar("M", bound=BaseModel)

__all__ = [
    "Cargado",
    "Documento",
    "Posicion",
    "cargar",
    "cargar_escenario",
    "leer_yaml",
    "rescatar",
    "sugerir",
    "validar_documento",
]


@dataclass(frozen=True)
class Cargado(Generic[M]):
    """Un modelo válido junto al documento del que salió (para señalar líneas)."""

    modelo: M
    documento: Documento

    @property
    def ruta(self) -> Path:
        return self.documento.ruta


def cargar(ruta: Path, modelo: type[M]) -> Cargado[M]:
    """Lee y valida un archivo; lanza ErrorDeArchivo con todas las incidencias."""
    return validar_documento(leer_yaml(ruta), modelo)


def validar_documento(documento: Documento, modelo: type[M]) -> Cargado[M]:
    """Valida un YAML ya leído contra un formato."""
    try:
        valido = modelo.model_validate(documento.datos)
    except ValidationError as exc:
        raise ErrorDeArchivo(incidencias_de(exc, documento, modelo)) from None
    except RecursionError:
        raise ErrorDeArchivo([documento.incidencia((), "el documento está anidado a "
                                                   "demasiada profundidad")]) from None
    return Cargado(valido, documento)


def cargar_escenario(ruta: Path) -> Cargado[Escenario]:
    return cargar(ruta, Escenario)
