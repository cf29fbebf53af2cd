"""Escribir en la terminal sin romperse con emoji ni con una tubería cerrada."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


def escribir(texto: str = "", flujo: TextIO | None = None) -> None:
    destino = flujo or sys.stdout
    try:
        destino.write(texto + "\n")
    except UnicodeEncodeError:
        codificacion = getattr(destino, "encoding", None) or "ascii"
        destino.write(texto.encode(codificacion, "replace").decode(codificacion) + "\n")


def error(texto: str) -> None:
    escribir(texto, sys.stderr)


def escribir_json(datos: Any) -> None:
    escribir(json.dumps(datos, ensure_ascii=False, indent=2))
