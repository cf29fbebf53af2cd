"""`simulador listar`: qué escenarios hay para practicar y cuáles no se pueden jugar."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulador.catalogo import Ficha, cargar_catalogo
from simulador.incidencias import faltan
from simulador.nombres import NO_SE_PUEDE_JUGAR, veredicto
from simulador.nombres import ficha as nombre_ficha
from simulador.rutas import escenarios_incluidos
from simulador.salida import error, escribir, escribir_json

AYUDA = ("lista los escenarios disponibles (los incluidos, si no se indica una ruta) y "
         "marca los que no se pueden jugar")
ANCHO = 28


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("listar", help=AYUDA, description=AYUDA[:1].upper() + AYUDA[1:] + ".",
                       parents=[comun])
    p.add_argument("rutas", nargs="*", type=Path, metavar="RUTA",
                   help="archivo o carpeta de escenarios (por defecto, los incluidos)")
    p.add_argument("--json", action="store_true", help="lista en JSON para otras herramientas")
    p.set_defaults(ejecutar=ejecutar)


def _fila(f: Ficha) -> dict[str, object]:
    """Un archivo en JSON; uno que no se pudo cargar lleva null en lo que no se sabe."""
    esc = f.cargado.modelo if f.cargado is not None else None
    return {
        "id": esc.id if esc else None,
        "titulo": esc.titulo if esc else None,
        "archivo": str(f.ruta),
        "dificultad": esc.dificultad if esc else None,
        "canal": esc.canal if esc else None,
        "etiquetas": list(esc.etiquetas) if esc else [],
        "nodos": len(esc.nodos) if esc else None,
        "finales": len(esc.finales) if esc else None,
        "cierre_esperado": esc.cierre_esperado if esc else None,
        "descripcion": esc.descripcion if esc else None,
        "jugable": f.jugable,
        "errores": [i.como_dict() for i in f.errores],
        "avisos": [i.como_dict() for i in f.avisos],
    }


def _pintar(f: Ficha) -> None:
    sangria = " " * ANCHO
    if f.cargado is None:
        escribir(f.archivo)
    else:
        esc = f.cargado.modelo
        escribir(f"{esc.id:<{ANCHO}} {esc.titulo}")
        if f.jugable:
            escribir(f"{sangria} {nombre_ficha(esc.dificultad, esc.canal)} · "
                     f"{len(esc.nodos)} nodos · {len(esc.finales)} finales · cierre esperado: "
                     f"{veredicto(esc.cierre_esperado)}")
    if not f.jugable:
        mas = len(f.errores) - 1
        resto = f" (y {mas} error{'es' if mas > 1 else ''} más)" if mas > 0 else ""
        escribir(f"{sangria} {NO_SE_PUEDE_JUGAR}: {f.errores[0]}{resto}")
    for aviso in f.avisos:
        escribir(f"{sangria} ! {aviso.mensaje}")


def _archivos(n: int) -> str:
    return f"{n} archivo" if n == 1 else f"{n} archivos"


def ejecutar(args: argparse.Namespace) -> int:
    catalogo = cargar_catalogo(args.rutas or [escenarios_incluidos()])
    if args.json:
        escribir_json([_fila(f) for f in catalogo.fichas])
    elif not catalogo.fichas:
        escribir("No hay escenarios en esa ruta.")
    else:
        for ficha in catalogo.fichas:
            _pintar(ficha)
    # Los errores enteros, uno por línea, en la salida de errores (también con --json).
    archivos = {f.archivo for f in catalogo.fichas}
    for incidencia in catalogo.incidencias:
        if incidencia.archivo not in archivos:  # una carpeta vacía, una ruta que no existe
            error(str(incidencia))
    for ficha in catalogo.fichas:
        for incidencia in (*ficha.errores, *ficha.avisos):
            error(str(incidencia))
    rotos = catalogo.no_jugables
    repetidos = sum(1 for f in catalogo.fichas if f.avisos)
    if rotos:
        verbo = "se puede" if len(rotos) == 1 else "se pueden"
        error(f"{_archivos(len(rotos))} de {len(catalogo.fichas)} no {verbo} jugar; "
              "«simulador validar RUTA» explica cada error.")
    if repetidos:
        error(f"{_archivos(repetidos)} con un id que usa otro archivo; dé a cada escenario "
              "un id propio.")
    problemas = any(i.nivel == "error" for i in catalogo.incidencias)
    if faltan(args.rutas):
        return 2  # una ruta que no existe: no se pudo listar lo pedido
    return 1 if rotos or repetidos or problemas else 0
