"""`simulador servir`: la interfaz de práctica en el navegador, con textual-serve.

Cada pestaña abre su propia sesión del simulador (un proceso aparte): no se
recuerda el nombre de la persona anterior ni se ofrecen sus sesiones a medias.
Por omisión solo escucha en esta máquina (localhost).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from simulador.incidencias import razon_del_sistema
from simulador.salida import error, escribir

AYUDA = "abre la interfaz de práctica en el navegador (textual-serve)"


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("servir", help=AYUDA, parents=[comun],
                       description=AYUDA[:1].upper() + AYUDA[1:] + ". Cada pestaña es una "
                       "sesión nueva; el historial es el de la carpeta de datos.",
                       epilog="Ejemplo: simulador servir --puerto 8080 (y abra "
                       "http://localhost:8080 en el navegador)")
    p.add_argument("--puerto", type=int, default=8000, metavar="N",
                   help="puerto donde escuchar (por defecto, 8000)")
    p.add_argument("--host", default="localhost", metavar="H",
                   help="dirección donde escuchar (por defecto, localhost: solo esta "
                   "máquina; 0.0.0.0 abre a la red)")
    p.add_argument("--escenarios", type=Path, action="append", default=[], dest="extra",
                   metavar="CARPETA", help="añade los escenarios de esta carpeta")
    p.set_defaults(ejecutar=ejecutar)


def orden_de_la_interfaz(extra: list[Path]) -> str:
    """La orden que el servidor lanza por cada pestaña: este mismo simulador."""
    partes = [sys.executable, "-m", "simulador"]
    for carpeta in extra:
        partes += ["--escenarios", str(carpeta.resolve())]
    return shlex.join(partes)


def ejecutar(args: argparse.Namespace) -> int:
    if not 0 < args.puerto < 65536:
        error(f"Error: el puerto {args.puerto} no existe: use uno entre 1 y 65535.")
        return 2
    faltan = [c for c in args.extra if not c.is_dir()]
    if faltan:
        error(f"Error: {faltan[0]}: no existe esa carpeta de escenarios.")
        return 2
    try:
        from textual_serve.server import Server
    except ImportError:
        error("Error: para servir la interfaz en el navegador hace falta textual-serve: "
              "pip install 'simulador[web]' (o pip install textual-serve).")
        return 2
    servidor = Server(orden_de_la_interfaz(args.extra), host=args.host, port=args.puerto,
                      title="Simulador de atención al cliente")
    escribir(f"Abra http://{args.host}:{args.puerto} en el navegador (Ctrl+C para parar).")
    try:
        servidor.serve()
    except OSError as exc:
        error(f"Error: no se puede escuchar en {args.host}:{args.puerto} "
              f"({razon_del_sistema(exc)}); pruebe con otro --puerto.")
        return 2
    return 0
