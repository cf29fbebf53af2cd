"""`simulador comparar`: tabla por agente y por equipo a partir de varias exportaciones CSV.

Un responsable junta los CSV de su gente (cada uno exporta el suyo) y ve
quién mejora, quién se equivoca al cerrar y en qué criterios flojea el
equipo.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from simulador.comandos.exportar import anadir_filtros, leer_filtro
from simulador.comparar import (
    CAMPOS_ORDEN,
    FilaComparacion,
    Lectura,
    comparar,
    numero,
    ordenar,
)
from simulador.destinos import MismoArchivo, comprobar_distintos, escribir_bytes
from simulador.exportar import EXCEL, PREFIJO_CRITERIO, UTF8, Celda, aviso_guiones, escribir_csv
from simulador.historial import FechaNoValida
from simulador.incidencias import faltan, nombre_visible, razon_del_sistema, una_linea
from simulador.nombres import nombre_criterio
from simulador.salida import error, escribir

AYUDA = "compara agentes y equipos a partir de CSV exportados con «simulador exportar»"
_TITULO = AYUDA[:1].upper() + AYUDA[1:]


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("comparar", help=AYUDA, parents=[comun],
                       description=_TITULO + ". Admite los dos formatos de "
                       "exportar (comas o --excel) y quita las sesiones repetidas. La "
                       "tendencia es el cambio medio de cada sesión respecto a la anterior "
                       "del mismo agente en el mismo escenario. «Sesiones» cuenta sesiones "
                       "terminadas (no turnos). Las partidas jugadas con «jugar --guion» "
                       "(pruebas) no cuentan salvo con --incluir-guiones. Los archivos se "
                       "leen fila a fila: su tamaño no dispara la memoria.",
                       epilog="Ejemplo: simulador comparar ana.csv luis.csv --equipo Mañana "
                       "--ordenar tendencia")
    p.add_argument("archivos", nargs="+", type=Path, metavar="ARCHIVO.csv",
                   help="CSV de «simulador exportar» (de una o varias personas; «-» es la "
                   "entrada estándar)")
    anadir_filtros(p)
    p.add_argument("--ordenar", choices=CAMPOS_ORDEN, default="media", metavar="CAMPO",
                   help=f"orden de las filas: {', '.join(CAMPOS_ORDEN)} (por defecto, media; "
                   "los números de mayor a menor)")
    p.add_argument("--inverso", action="store_true", help="invierte el orden")
    p.add_argument("--por", choices=("agente", "equipo"), metavar="{agente,equipo}",
                   help="solo la tabla por agente o por equipo (con --json y --csv, por "
                   "defecto la de agentes)")
    p.add_argument("--json", action="store_true", help="la tabla en JSON: una lista de "
                   "objetos con agente, equipo, sesiones, media…")
    p.add_argument("--csv", type=Path, metavar="SALIDA.csv", help="escribe la tabla en CSV")
    p.add_argument("--excel", action="store_true", help="con --csv: punto y coma, coma "
                   "decimal y BOM, para una hoja de cálculo en español")
    p.set_defaults(ejecutar=ejecutar)


# --- pintar --------------------------------------------------------------------------


def _ancho() -> int:
    """El de la terminal; a un archivo o una tubería, 80 columnas."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return 80


def _tabla(cabeceras: list[str], filas: list[list[str]], textos: int) -> str:
    """Una tabla ajustada al ancho con rich, que mide lo que ocupa cada carácter (emoji,
    tildes combinadas). Los números ocupan lo que su palabra de cabecera más larga o su
    cifra; los nombres (las `textos` primeras columnas, a la izquierda) se reparten el
    resto y se cortan con «…»; las cabeceras largas pasan a dos líneas."""
    filas = [[una_linea(c) for c in fila] for fila in filas]
    numeros = [max([*(cell_len(p) for p in c.split()), *(cell_len(f[i]) for f in filas)])
               for i, c in enumerate(cabeceras) if i >= textos]
    sitio = _ancho() - sum(numeros) - (len(cabeceras) - 1)
    largos = [max([cell_len(cabeceras[i]), *(cell_len(f[i]) for f in filas)])
              for i in range(textos)]
    nombres = [min(largo, max(6, sitio // textos)) for largo in largos]
    tabla = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 0))
    for i, cabecera in enumerate(cabeceras):
        if i < textos:
            tabla.add_column(cabecera, overflow="ellipsis", no_wrap=True, width=nombres[i])
        else:
            tabla.add_column(cabecera, justify="right", width=numeros[i - textos])
    for fila in filas:
        tabla.add_row(*(Text(c) for c in fila))
    consola = Console(file=io.StringIO(), width=max(_ancho(), sum(nombres) + sum(numeros)
                                                  + len(cabeceras)),
                      color_system=None, emoji=False, highlight=False, markup=False)
    consola.print(tabla)
    return "\n".join(linea.rstrip() for linea in consola.file.getvalue().splitlines())


def _nombres(r: FilaComparacion, por: str) -> list[str]:
    return [r.agente or "", r.equipo or "—"] if por == "agente" else [
        r.equipo or "—", str(r.agentes)]


def pintar_tabla(resumenes: list[FilaComparacion], criterios: list[str], por: str) -> None:
    """Dos tablas que caben en 80 columnas: la nota y su evolución, y las medias por
    criterio. La columna de exámenes sin terminar solo sale si alguien tiene alguno."""
    con_sin_terminar = any(r.sin_terminar for r in resumenes)
    nombres = ["Agente", "Equipo"] if por == "agente" else ["Equipo", "Agentes"]
    textos = 2 if por == "agente" else 1
    cabecera = [*nombres, "Sesiones terminadas", "Media", "Mejor", "Última", "Errores cierre",
                *(["Exámenes sin terminar"] if con_sin_terminar else []), "Tendencia"]
    filas = [[*_nombres(r, por), str(r.sesiones), numero(r.media), numero(r.mejor),
              numero(r.ultimo), str(r.errores_cierre),
              *([str(r.sin_terminar)] if con_sin_terminar else []),
              numero(r.tendencia, signo=True)] for r in resumenes]
    escribir(_tabla(cabecera, filas, textos))
    if criterios:
        escribir()
        escribir("Medias por criterio:")
        # Una sola columna de nombre («Ana (Mañana)»): deja sitio a los criterios.
        escribir(_tabla(["Agente (equipo)" if por == "agente" else "Equipo",
                         *(nombre_criterio(c) for c in criterios)],
                        [[f"{r.agente} ({r.equipo or '—'})" if por == "agente"
                          else (r.equipo or "—"),
                          *(numero(r.criterios.get(c)) for c in criterios)]
                         for r in resumenes], 1))


def _fila_csv(r: FilaComparacion, criterios: list[str]) -> dict[str, Celda]:
    datos: dict[str, Celda] = {
        "agente": r.agente, "equipo": r.equipo, "agentes": r.agentes, "sesiones": r.sesiones,
        "media": r.media, "mejor": r.mejor, "ultimo": r.ultimo,
        "ultima_fecha": r.ultima_fecha.isoformat(timespec="seconds"),
        "errores_cierre": r.errores_cierre, "examenes_sin_terminar": r.sin_terminar,
        "tendencia": r.tendencia}
    datos.update({PREFIJO_CRITERIO + c: r.criterios.get(c) for c in criterios})
    return datos


def _columnas_csv(criterios: list[str], por: str) -> list[str]:
    nombre = ["agente", "equipo"] if por == "agente" else ["equipo", "agentes"]
    return [*nombre, "sesiones", "media", "mejor", "ultimo", "ultima_fecha",
            *(PREFIJO_CRITERIO + c for c in criterios), "errores_cierre",
            "examenes_sin_terminar", "tendencia"]


# --- ejecutar -------------------------------------------------------------------------


def _informar(lectura: Lectura) -> None:
    for mensaje in lectura.errores:
        error(f"Error: {mensaje}")
    for aviso in lectura.avisos:
        error(f"Aviso: {aviso}")


def ejecutar(args: argparse.Namespace) -> int:
    try:
        filtro = leer_filtro(args)
    except FechaNoValida as exc:
        error(f"Error: {exc}")
        return 2
    if args.excel and args.csv is None:
        error("Error: --excel solo sirve junto con --csv SALIDA.csv")
        return 2
    try:
        comprobar_distintos({"--csv": args.csv},
                            {f"la entrada {i}": r for i, r in enumerate(args.archivos, 1)})
    except MismoArchivo as exc:
        error(f"Error: {exc}")
        return 2
    comparacion = comparar(args.archivos, filtro, args.incluir_guiones)
    lectura, totales = comparacion.lectura, comparacion.totales
    _informar(lectura)
    codigo = 1 if lectura.errores or lectura.saltadas else 0
    if faltan(a for a in args.archivos if str(a) != "-"):
        codigo = 2  # no se pudo hacer lo pedido: una entrada no existe (README)
    if len(lectura.errores) == len(args.archivos):
        return codigo
    for aviso in [*totales.nombres_juntados(), *totales.versiones_mezcladas(),
                  *totales.sin_terminar()]:
        error(f"Aviso: {aviso}")
    if comparacion.guiones:
        error(f"Aviso: {aviso_guiones(comparacion.guiones)}")
    por_defecto = "agente" if (args.json or args.csv is not None) else None
    tablas = [args.por] if args.por else ([por_defecto] if por_defecto else
                                          ["agente", "equipo"])
    resultados = {por: ordenar(totales.resumir(lectura.criterios, por), args.ordenar,
                               args.inverso) for por in tablas}
    if args.csv is not None:
        por = tablas[0]
        filas = [_fila_csv(r, lectura.criterios) for r in resultados[por]]
        try:
            escribir_bytes(escribir_csv(_columnas_csv(lectura.criterios, por), filas,
                                        EXCEL if args.excel else UTF8), args.csv)
        except OSError as exc:
            error(f"Error: no se puede escribir {nombre_visible(args.csv)} "
                  f"({razon_del_sistema(exc)})")
            return 2
    if args.json:
        escribir(json.dumps([r.como_dict() for r in resultados[tablas[0]]],
                            ensure_ascii=False, indent=2))
        return codigo
    if args.csv is not None:
        error(f"Tabla de {len(resultados[tablas[0]])} fila(s) escrita en "
              f"{nombre_visible(args.csv)}")
        return codigo
    if not totales.sesiones:
        if not lectura.distintas:
            escribir("Los archivos no tienen ninguna sesión.")
        elif comparacion.guiones:
            escribir("Ninguna sesión cuenta: las que cumplen los filtros son partidas con "
                     "guion (añada --incluir-guiones para verlas).")
        else:
            escribir("Ninguna sesión cumple los filtros.")
        return codigo
    repetidas = (f"; {lectura.repetidas} repetida(s) quitada(s)" if lectura.repetidas
                 else "")
    guiones = (f"; {comparacion.guiones} partida(s) con guion fuera" if comparacion.guiones
               else "")
    escribir(f"{totales.sesiones} sesión(es) de {len(args.archivos) - len(lectura.errores)} "
             f"archivo(s){repetidas}{guiones}.")
    for por in tablas:
        escribir()
        escribir("Por agente:" if por == "agente" else "Por equipo:")
        pintar_tabla(resultados[por], lectura.criterios, por)
    return codigo
