"""`simulador comparar`: tabla por agente y por equipo a partir de varias exportaciones CSV.

Un responsable junta los CSV de su gente (cada uno exporta el suyo) y ve
quién mejora, quién se equivoca al cerrar y en qué criterios flojea el
equipo.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from simulador.comandos.exportar import anadir_filtros, escribir_bytes, leer_filtro
from simulador.comparar import (
    CAMPOS_ORDEN,
    Lectura,
    Resumen,
    filtrar,
    leer_exportaciones,
    nombres_juntados,
    numero,
    ordenar,
    resumir,
    sin_terminar,
    versiones_mezcladas,
)
from simulador.exportar import EXCEL, PREFIJO_CRITERIO, UTF8, Celda, escribir_csv
from simulador.historial import FechaNoValida
from simulador.incidencias import nombre_visible
from simulador.salida import error, escribir

AYUDA = "compara agentes y equipos a partir de CSV exportados con «simulador exportar»"
_TITULO = AYUDA[:1].upper() + AYUDA[1:]


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("comparar", help=AYUDA, parents=[comun],
                       description=_TITULO + ". Admite los dos formatos de "
                       "exportar (comas o --excel) y quita las sesiones repetidas. La "
                       "tendencia es el cambio medio de cada sesión respecto a la anterior "
                       "del mismo agente en el mismo escenario.",
                       epilog="Ejemplo: simulador comparar ana.csv luis.csv --equipo Mañana "
                       "--ordenar tendencia")
    p.add_argument("archivos", nargs="+", type=Path, metavar="ARCHIVO.csv",
                   help="CSV de «simulador exportar» (de una o varias personas)")
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


def _celdas(r: Resumen, criterios: list[str], por: str, con_sin_terminar: bool) -> list[str]:
    nombre = [r.agente or "", r.equipo or "—"] if por == "agente" else [
        r.equipo or "—", str(r.agentes)]
    return [*nombre, str(r.sesiones), numero(r.media), numero(r.mejor), numero(r.ultimo),
            *(numero(r.criterios.get(c)) for c in criterios), str(r.errores_cierre),
            *([str(r.sin_terminar)] if con_sin_terminar else []),
            numero(r.tendencia, signo=True)]


def pintar_tabla(resumenes: list[Resumen], criterios: list[str], por: str) -> None:
    """La columna de exámenes sin terminar solo sale si alguien tiene alguno."""
    con_sin_terminar = any(r.sin_terminar for r in resumenes)
    cabecera = (["Agente", "Equipo"] if por == "agente" else ["Equipo", "Agentes"]) + [
        "Sesiones", "Media", "Mejor", "Última", *criterios, "Errores cierre",
        *(["Exámenes sin terminar"] if con_sin_terminar else []), "Tendencia"]
    filas = [cabecera, *(_celdas(r, criterios, por, con_sin_terminar) for r in resumenes)]
    anchos = [max(len(f[i]) for f in filas) for i in range(len(cabecera))]
    textos = 2 if por == "agente" else 1  # columnas de nombres, a la izquierda
    for fila in filas:
        partes = [c.ljust(anchos[i]) if i < textos else c.rjust(anchos[i])
                  for i, c in enumerate(fila)]
        escribir("  ".join(partes).rstrip())


def _fila_csv(r: Resumen, criterios: list[str]) -> dict[str, Celda]:
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
    lectura = leer_exportaciones(args.archivos)
    _informar(lectura)
    codigo = 1 if lectura.errores else 0
    if len(lectura.errores) == len(args.archivos):
        return 1
    sesiones = filtrar(lectura.sesiones, filtro)
    for aviso in [*nombres_juntados(sesiones), *versiones_mezcladas(sesiones),
                  *sin_terminar(sesiones)]:
        error(f"Aviso: {aviso}")
    por_defecto = "agente" if (args.json or args.csv is not None) else None
    tablas = [args.por] if args.por else ([por_defecto] if por_defecto else
                                          ["agente", "equipo"])
    resultados = {por: ordenar(resumir(sesiones, lectura.criterios, por), args.ordenar,
                               args.inverso) for por in tablas}
    if args.csv is not None:
        por = tablas[0]
        filas = [_fila_csv(r, lectura.criterios) for r in resultados[por]]
        try:
            escribir_bytes(escribir_csv(_columnas_csv(lectura.criterios, por), filas,
                                        EXCEL if args.excel else UTF8), args.csv)
        except OSError as exc:
            error(f"Error: no se puede escribir {nombre_visible(args.csv)} "
                  f"({exc.strerror or exc})")
            return 2
    if args.json:
        escribir(json.dumps([r.como_dict() for r in resultados[tablas[0]]],
                            ensure_ascii=False, indent=2))
        return codigo
    if args.csv is not None:
        error(f"Tabla de {len(resultados[tablas[0]])} fila(s) escrita en "
              f"{nombre_visible(args.csv)}")
        return codigo
    if not sesiones:
        escribir("Ninguna sesión cumple los filtros." if lectura.sesiones else
                 "Los archivos no tienen ninguna sesión.")
        return codigo
    repetidas = (f"; {lectura.repetidas} repetida(s) quitada(s)" if lectura.repetidas
                 else "")
    escribir(f"{len(sesiones)} sesión(es) de {len(args.archivos) - len(lectura.errores)} "
             f"archivo(s){repetidas}.")
    for por in tablas:
        escribir()
        escribir("Por agente:" if por == "agente" else "Por equipo:")
        pintar_tabla(resultados[por], lectura.criterios, por)
    return codigo
