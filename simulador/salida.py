"""Escribir en la terminal sin romperse con emoji ni con una tubería cerrada."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from simulador.texto import escapar_json, visible

# El código de salida de una sesión jugada que el historial no tiene entera (bloqueado,
# disco lleno, sin permiso): un script que juega y luego exporta debe poder saberlo.
SIN_GUARDAR = 3


def escribir(texto: str = "", flujo: TextIO | None = None) -> None:
    """Todo lo que la CLI escribe pasa por aquí: una secuencia de escape en un título o un
    nombre ajeno se ve («␛[2J») en lugar de borrar la pantalla."""
    texto = visible(texto)
    destino = flujo or sys.stdout
    try:
        destino.write(texto + "\n")
    except UnicodeEncodeError:
        codificacion = getattr(destino, "encoding", None) or "ascii"
        destino.write(texto.encode(codificacion, "replace").decode(codificacion) + "\n")


def error(texto: str) -> None:
    escribir(texto, sys.stderr)


def escribir_json(datos: Any) -> None:
    escribir(escapar_json(json.dumps(datos, ensure_ascii=False, indent=2)))
