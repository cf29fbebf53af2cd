"""Un módulo por subcomando: cada uno registra sus opciones y se ejecuta."""

from __future__ import annotations

import argparse

from simulador.texto import quitar_peligrosos, unicode_valido

SEMILLA_MAXIMA = 2**63 - 1  # lo que cabe en el historial (un entero de SQLite)


def nombre_de_persona(texto: str) -> str:
    """Tipo de argparse para --agente y --equipo: en una sola línea, sin controles y en
    UTF-8 válido (un byte suelto de otra codificación pasa a «�»)."""
    return " ".join(quitar_peligrosos(unicode_valido(texto)).split())


def semilla(texto: str) -> int:
    """Tipo de argparse para --semilla: un entero que el historial pueda guardar."""
    try:
        valor = int(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número entero") from None
    if not 0 <= valor <= SEMILLA_MAXIMA:
        raise argparse.ArgumentTypeError(f"la semilla debe estar entre 0 y {SEMILLA_MAXIMA}")
    return valor
