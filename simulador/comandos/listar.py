"""`simulador listar`: qué escenarios hay para practicar."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulador.catalogo import cargar_catalogo
from simulador.rutas import escenarios_incluidos
from simulador.salida import error, escribir, escribir_json

AYUDA = "lista los escenarios disponibles (los incluidos, si no se indica una ruta)"


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("listar", help=AYUDA, description=AYUDA.capitalize() + ".",
                       parents=[comun])
    p.add_argument("rutas", nargs="*", type=Path, metavar="RUTA",
                   help="archivo o carpeta de escenarios (por defecto, los incluidos)")
    p.add_argument("--json", action="store_true", help="lista en JSON para otras herramientas")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    catalogo = cargar_catalogo(args.rutas or [escenarios_incluidos()])
    filas = [
        {
            "id": c.modelo.id,
            "titulo": c.modelo.titulo,
            "archivo": str(c.ruta),
            "dificultad": c.modelo.dificultad,
            "canal": c.modelo.canal,
            "etiquetas": list(c.modelo.etiquetas),
            "nodos": len(c.modelo.nodos),
            "finales": len(c.modelo.finales),
            "cierre_esperado": c.modelo.cierre_esperado,
            "descripcion": c.modelo.descripcion,
        }
        for c in catalogo.escenarios
    ]
    errores = [i for i in catalogo.incidencias if i.nivel == "error"]
    if args.json:
        escribir_json(filas)
    else:
        if not filas:
            escribir("No hay escenarios en esa ruta.")
        for f in filas:
            escribir(f"{f['id']:<28} {f['titulo']}")
            escribir(f"{'':<28} {f['dificultad']} · {f['canal']} · {f['nodos']} nodos · "
                     f"{f['finales']} finales · cierre esperado: {f['cierre_esperado']}")
    for incidencia in catalogo.incidencias:
        error(str(incidencia))
    if errores:
        error(f"{len(errores)} archivo(s) no se pudieron cargar; "
              "«simulador validar RUTA» explica cada error.")
        return 1
    return 0
