"""`simulador validar`: el revisor del formador antes de publicar un escenario."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulador.catalogo import archivos_yaml
from simulador.incidencias import faltan
from simulador.salida import escribir, escribir_json
from simulador.validacion_lote import validar_archivos

AYUDA = "comprueba escenarios y rúbricas (archivos o carpetas) y explica cada error"


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("validar", help=AYUDA, description=AYUDA.capitalize() + ".",
                       parents=[comun])
    p.add_argument("rutas", nargs="+", type=Path, metavar="RUTA",
                   help="archivo .yaml o carpeta que contiene archivos .yaml")
    p.add_argument("--json", action="store_true", help="resultado en JSON para otras herramientas")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    archivos, previas = archivos_yaml(args.rutas)
    informe = validar_archivos(archivos)
    informe.incidencias_sueltas.extend(previas)
    errores = informe.cuenta("error")
    avisos = informe.cuenta("aviso")
    if args.json:
        escribir_json({
            "valido": errores == 0,
            "errores": errores,
            "avisos": avisos,
            "archivos": [a.como_dict() for a in informe.archivos],
            "otras": [i.como_dict() for i in informe.incidencias_sueltas],
        })
        return _codigo(args.rutas, errores)
    for incidencia in informe.incidencias_sueltas:
        escribir(str(incidencia))
    for archivo in informe.archivos:
        if not archivo.incidencias:
            escribir(f"{archivo.archivo}: correcto ({archivo.resumen})")
        for incidencia in archivo.incidencias:
            escribir(str(incidencia))
    escribir()
    escribir(f"{len(informe.archivos)} archivo(s) revisado(s): {errores} error(es), "
             f"{avisos} aviso(s).")
    if errores:
        escribir("Corrija los errores: un escenario con errores no se puede jugar.")
    return _codigo(args.rutas, errores)


def _codigo(rutas: list[Path], errores: int) -> int:
    """2 si una ruta pedida no existe (no se pudo revisar lo pedido), 1 si hay errores."""
    if faltan(rutas):
        return 2
    return 1 if errores else 0
