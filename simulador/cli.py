"""Punto de entrada: `simulador SUBCOMANDO`. Cada subcomando llama al núcleo."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from simulador import __version__
from simulador.cli_es import Analizador
from simulador.comandos import calificar, esquema, evaluar, jugar, listar, probar, validar
from simulador.rutas import VARIABLE_DATOS
from simulador.salida import error

_COMANDOS = (validar, listar, esquema, calificar, evaluar, jugar, probar)


def construir_analizador() -> argparse.ArgumentParser:
    comun = Analizador(add_help=False)
    comun.add_argument("--datos", type=Path, metavar="CARPETA",
                       help="carpeta de datos (historial, preferencias); también "
                       "SIMULADOR_DATOS")
    analizador = Analizador(
        prog="simulador",
        description="Simulador de conversaciones con clientes difíciles para formar "
        "agentes de atención al cliente.",
        epilog="Ejemplo: simulador validar escenarios/",
    )
    analizador.add_argument("--version", action="version", version=f"simulador {__version__}",
                            help="muestra la versión y termina")
    sub = analizador.add_subparsers(title="subcomandos", metavar="SUBCOMANDO",
                                    parser_class=Analizador)
    for comando in _COMANDOS:
        comando.registrar(sub, comun)
    return analizador


def main(argv: Sequence[str] | None = None) -> int:
    analizador = construir_analizador()
    args = analizador.parse_args(argv)
    if getattr(args, "datos", None) is not None:
        # Una sola fuente de verdad para todo el proceso (y sus subprocesos).
        os.environ[VARIABLE_DATOS] = str(args.datos)
    if not hasattr(args, "ejecutar"):
        analizador.print_help()
        return 0
    try:
        return int(args.ejecutar(args))
    except KeyboardInterrupt:
        error("Interrumpido.")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
