"""`simulador rutas`: dónde guarda el simulador cada cosa de este usuario.

Para hacer copia del historial, borrar la caché o saber qué carpeta pasar
con --datos en otra máquina.
"""

from __future__ import annotations

import argparse

from simulador.historial import ruta_historial
from simulador.incidencias import nombre_visible
from simulador.rutas import (
    ARCHIVO_PREFERENCIAS,
    directorio_cache,
    directorio_datos,
    escenarios_incluidos,
    guias,
    rubricas_incluidas,
)
from simulador.salida import escribir, escribir_json

AYUDA = ("dice dónde están el historial, las preferencias, la caché, el contenido incluido y "
         "las guías")


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("rutas", help=AYUDA, parents=[comun],
                       description=AYUDA[:1].upper() + AYUDA[1:] + ". La carpeta de datos "
                       "se cambia con --datos o SIMULADOR_DATOS; la caché, con "
                       "SIMULADOR_CACHE (se puede borrar: se vuelve a crear).",
                       epilog="Ejemplo: simulador rutas --json")
    p.add_argument("--json", action="store_true", help="las rutas en JSON")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    datos = directorio_datos(args.datos)
    rutas = {
        "datos": datos,
        "historial": ruta_historial(datos),
        "preferencias": datos / ARCHIVO_PREFERENCIAS,
        "cache": directorio_cache(),
        "escenarios_incluidos": escenarios_incluidos(),
        "rubricas_incluidas": rubricas_incluidas(),
        "guias": guias(),
    }
    if args.json:
        escribir_json({k: str(v) for k, v in rutas.items()})
        return 0
    nombres = {"datos": "Carpeta de datos", "historial": "Historial",
               "preferencias": "Preferencias de la interfaz", "cache": "Caché (se puede borrar)",
               "escenarios_incluidos": "Escenarios incluidos",
               "rubricas_incluidas": "Rúbricas incluidas",
               "guias": "Guías (escenarios, rúbricas, transcripciones)"}
    ancho = max(len(n) for n in nombres.values())
    for clave, ruta in rutas.items():
        estado = "" if ruta.exists() else "  (todavía no existe)"
        escribir(f"{nombres[clave] + ':':<{ancho + 1}} "
                 f"{nombre_visible(ruta.resolve())}{estado}")
    return 0
