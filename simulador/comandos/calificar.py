"""`simulador calificar`: puntuar transcripciones con una rúbrica."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from simulador.destinos import MismoArchivo, abrir_texto, comprobar_distintos
from simulador.formatos.transcripcion import Transcripcion
from simulador.incidencias import ErrorDeArchivo, Incidencia, nombre_visible, razon_del_sistema
from simulador.progreso import Progreso
from simulador.rubricas import archivo_propio, cargar_calificador
from simulador.salida import error
from simulador.texto import escapar_json

if TYPE_CHECKING:
    from simulador.calificador import Calificador

AYUDA = "puntúa conversaciones (JSONL, o una sola en JSON o YAML) con una rúbrica"

# Las líneas más largas (rarísimas) van por el camino lento, que aplica el límite de
# tamaño de simulador.carga.transcripciones (LIMITE_LINEA, mucho mayor que esto).
_LARGO_RAPIDO = 64 * 1024


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


def _leer(entrada: str) -> Iterator[tuple[Transcripcion | None, Incidencia | None]]:
    """Cada conversación de la entrada, en orden, o el problema de su línea.

    Es `leer_transcripciones` con un camino rápido para JSONL: las líneas que
    pydantic valida a la primera no necesitan simulador.carga (YAML, escenarios:
    unas centésimas al arrancar). Todo lo demás (YAML, JSON, la entrada
    estándar, una línea en blanco, larga o con errores, un archivo ilegible)
    pasa por simulador.carga.transcripciones, que lo explica como siempre.
    """
    ruta = Path(entrada)
    if entrada == "-" or ruta.suffix.lower() in (".yaml", ".yml", ".json"):
        from simulador.carga.transcripciones import leer_transcripciones

        for leida in leer_transcripciones(entrada):
            yield leida.transcripcion, leida.incidencia
        return
    nombre = nombre_visible(ruta)
    validar = Transcripcion.model_validate_json
    try:
        with ruta.open(encoding="utf-8-sig", errors="strict", newline="") as flujo:
            flujo.read(1)  # como leer_transcripciones: lo ilegible falla aquí
            flujo.seek(0)
            for numero, linea in enumerate(flujo, start=1):
                if len(linea) <= _LARGO_RAPIDO:
                    try:
                        transcripcion = validar(linea)
                    except (ValidationError, ValueError, RecursionError):
                        pass
                    else:
                        if transcripcion.id != "sin-id":
                            yield transcripcion, None
                            continue
                from simulador.carga.transcripciones import leer_linea

                leida = leer_linea(nombre, numero, linea)
                if leida is not None:
                    yield leida.transcripcion, leida.incidencia
    except (OSError, UnicodeDecodeError) as exc:
        from simulador.carga.transcripciones import error_de_lectura

        raise error_de_lectura(nombre, exc) from None


def ejecutar(args: argparse.Namespace) -> int:
    try:
        calificador = cargar_calificador(args.rubrica)
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    return _calificar_todo(args, calificador)


def _calificar_todo(args: argparse.Namespace, calificador: Calificador) -> int:
    """Califica y escribe cada conversación según llega: la memoria no crece con la entrada."""
    # Un solo codificador para todas las líneas; los resultados son árboles recién
    # hechos, sin ciclos que vigilar. La salida es la misma que la de json.dumps.
    codificar = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    calificar = calificador.calificar
    try:
        comprobar_distintos({"-o": args.salida}, {"la entrada": Path(args.entrada),
                                                  "--rubrica": archivo_propio(args.rubrica)})
    except MismoArchivo as exc:
        error(f"Error: {exc}")
        return 2
    try:
        progreso = Progreso("Calificando", unidad="conversaciones")
        with abrir_texto(args.salida) as destino:
            escribir = destino.write
            saltadas = 0
            escritas = 0
            for transcripcion, incidencia in _leer(args.entrada):
                if transcripcion is None:
                    progreso.terminar()
                    saltadas += 1
                    error(f"{incidencia}; se salta esta línea")
                    continue
                escribir(escapar_json(codificar(calificar(transcripcion))) + "\n")
                escritas += 1
                progreso.avanzar()
        progreso.terminar()
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    except OSError as exc:
        error(f"{nombre_visible(args.salida) if args.salida else 'salida'}: no se puede "
              f"escribir ({razon_del_sistema(exc)}); el archivo anterior queda como estaba")
        return 2
    if saltadas:
        error(f"{escritas} conversación(es) calificada(s); {saltadas} línea(s) saltada(s) por "
              "errores.")
        return 1
    if escritas == 0:
        error("La entrada no contiene ninguna conversación.")
        return 1
    return 0
