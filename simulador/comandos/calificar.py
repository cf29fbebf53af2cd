"""`simulador calificar`: puntuar transcripciones con una rúbrica."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulador.carga.transcripciones import leer_transcripciones
from simulador.incidencias import ErrorDeArchivo, nombre_visible
from simulador.rubricas import cargar_calificador
from simulador.salida import error

AYUDA = "puntúa conversaciones (JSONL, o una sola en JSON o YAML) con una rúbrica"


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("calificar", help=AYUDA, description=AYUDA.capitalize() + ". Escribe "
                       "una línea JSON por conversación, en el mismo orden.", parents=[comun])
    p.add_argument("entrada", metavar="ENTRADA",
                   help="archivo .jsonl, .json o .yaml; «-» para la entrada estándar")
    p.add_argument("-o", "--salida", type=Path, metavar="SALIDA",
                   help="archivo donde escribir (por defecto, la pantalla)")
    p.add_argument("--rubrica", metavar="R", help="archivo de rúbrica o id de una incluida "
                   "(por defecto, estandar)")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    try:
        calificador = cargar_calificador(args.rubrica)
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    destino = None
    try:
        destino = args.salida.open("w", encoding="utf-8") if args.salida else sys.stdout
        saltadas = 0
        escritas = 0
        for leida in leer_transcripciones(args.entrada):
            if leida.transcripcion is None:
                saltadas += 1
                error(f"{leida.incidencia}; se salta esta línea")
                continue
            resultado = calificador.calificar(leida.transcripcion)
            destino.write(json.dumps(resultado, ensure_ascii=False) + "\n")
            escritas += 1
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    except OSError as exc:
        error(f"{nombre_visible(args.salida) if args.salida else 'salida'}: no se puede "
              f"escribir ({exc.strerror or exc})")
        return 2
    finally:
        if destino is not None and destino is not sys.stdout:
            destino.close()
    if saltadas:
        error(f"{escritas} conversación(es) calificada(s); {saltadas} línea(s) saltada(s) por "
              "errores.")
        return 1
    if escritas == 0:
        error("La entrada no contiene ninguna conversación.")
        return 1
    return 0
