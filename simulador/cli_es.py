"""argparse en español: la ayuda y los errores de uso los lee un formador."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

_TEXTOS = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "show program's version number and exit": "muestra la versión y termina",
    "the following arguments are required: %s": "faltan argumentos obligatorios: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "opción no válida: %(value)r (elija entre %(choices)s)",
    "expected one argument": "falta el valor de la opción",
    "expected at least one argument": "se esperaba al menos un valor",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se puede usar junto con %s",
    "one of the arguments %s is required": "hace falta uno de estos argumentos: %s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}


def _traducir(texto: str) -> str:
    return _TEXTOS.get(texto, texto)


argparse._ = _traducir  # type: ignore[attr-defined]


class Analizador(argparse.ArgumentParser):
    """ArgumentParser que explica los errores en español y sale con código 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n"
                  f"Use «{self.prog} --help» para ver las opciones.\n")
