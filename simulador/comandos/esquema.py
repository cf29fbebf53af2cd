"""`simulador esquema`: JSON Schema de los formatos para editores y otras herramientas."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulador.destinos import es_estandar, escribir_bytes
from simulador.esquemas import FORMATOS, esquema_json
from simulador.incidencias import nombre_visible, razon_del_sistema
from simulador.salida import error, escribir

AYUDA = "escribe el JSON Schema de los formatos de escenario y rúbrica"


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("esquema", help=AYUDA, description=AYUDA.capitalize() + ". Sin "
                       "--salida lo muestra en pantalla; con una carpeta escribe un archivo "
                       "FORMATO.schema.json por formato.", parents=[comun])
    p.add_argument("formato", nargs="?", choices=FORMATOS, default=None,
                   help="qué formato (por defecto, todos si se escribe en una carpeta; "
                   "«escenario» en pantalla)")
    p.add_argument("-o", "--salida", type=Path, metavar="RUTA",
                   help="archivo o carpeta donde escribir")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    if es_estandar(args.salida):
        escribir(esquema_json(args.formato or "escenario").rstrip("\n"))
        return 0
    destino: Path = args.salida
    try:
        if destino.is_dir() or (args.formato is None and not destino.suffix
                                and not destino.exists()):
            destino.mkdir(parents=True, exist_ok=True)
            for formato in [args.formato] if args.formato else FORMATOS:
                archivo = destino / f"{formato}.schema.json"
                escribir_bytes(esquema_json(formato).encode("utf-8"), archivo)
                escribir(f"Escrito {nombre_visible(archivo)}")
        else:
            escribir_bytes(esquema_json(args.formato or "escenario").encode("utf-8"), destino)
            escribir(f"Escrito {nombre_visible(destino)}")
    except OSError as exc:
        error(f"{nombre_visible(destino)}: no se puede escribir ({razon_del_sistema(exc)})")
        return 2
    return 0
