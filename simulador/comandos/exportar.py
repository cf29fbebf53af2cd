"""`simulador exportar`: las sesiones terminadas del historial en CSV (y sus transcripciones).

Para que un responsable de equipo compare personas y semanas en una hoja de
cálculo o con `simulador comparar`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulador.comandos import nombre_de_persona
from simulador.comandos.sesiones import avisar_danadas
from simulador.destinos import MismoArchivo, comprobar_distintos, es_estandar, escribir_bytes
from simulador.exportar import (
    EXCEL,
    TERMINADA,
    UTF8,
    aviso_guiones,
    escribir_csv,
    exportables,
    sin_guiones,
    tabla,
    transcripciones,
)
from simulador.historial import ErrorDeHistorial, FechaNoValida, Filtro, Historial
from simulador.incidencias import nombre_visible, razon_del_sistema
from simulador.salida import error

AYUDA = ("exporta las sesiones terminadas del historial a CSV (una fila por sesión; los "
         "exámenes sin terminar salen sin nota)")
_TITULO = AYUDA[:1].upper() + AYUDA[1:]


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("exportar", help=AYUDA, parents=[comun],
                       description=_TITULO + ". Sin -o, el CSV sale por la salida "
                       "estándar en UTF-8 con comas; con --excel, con punto y coma, coma "
                       "decimal y BOM, como lo abre una hoja de cálculo en español. Con -o "
                       "ARCHIVO.xlsx escribe un libro de Excel: las sesiones, la tabla por "
                       "agente y por equipo, y un gráfico de la nota media por semana. Las "
                       "partidas jugadas con «jugar --guion» (pruebas) no se exportan salvo "
                       "con --incluir-guiones.",
                       epilog="Ejemplo: simulador exportar -o marzo.xlsx --desde 2024-03-01 "
                       "--hasta 2024-03-31 --equipo Mañana")
    anadir_filtros(p)
    p.add_argument("-o", "--salida", type=Path, metavar="RESULTADOS.csv|.xlsx",
                   help="archivo donde escribir el CSV, o el libro de Excel si acaba en "
                   ".xlsx (por defecto, o con «-», el CSV por la salida estándar)")
    p.add_argument("--excel", action="store_true", help="punto y coma, coma decimal y BOM "
                   "UTF-8: lo que abre bien una hoja de cálculo en español")
    p.add_argument("--transcripciones", type=Path, metavar="SALIDA.jsonl",
                   help="escribe además las conversaciones como transcripciones JSONL (las "
                   "que leen «simulador calificar» y «simulador evaluar»)")
    p.set_defaults(ejecutar=ejecutar)


def anadir_filtros(p: argparse.ArgumentParser) -> None:
    """Las opciones de filtro que comparten `exportar` y `comparar`."""
    p.add_argument("--desde", metavar="FECHA", help="solo sesiones de esa fecha en adelante "
                   "(AAAA-MM-DD o DD/MM/AAAA)")
    p.add_argument("--hasta", metavar="FECHA", help="solo sesiones hasta esa fecha, incluida")
    p.add_argument("--agente", metavar="A", type=nombre_de_persona,
                   help="solo las sesiones de ese agente")
    p.add_argument("--equipo", metavar="E", type=nombre_de_persona,
                   help="solo las sesiones de ese equipo")
    p.add_argument("--escenario", metavar="ID", help="solo las sesiones de ese escenario")
    p.add_argument("--incluir-guiones", action="store_true", help="incluye las partidas "
                   "jugadas con «jugar --guion» (pruebas de un formador, que por defecto no "
                   "cuentan como resultados del equipo)")


def leer_filtro(args: argparse.Namespace) -> Filtro:
    """El filtro de los argumentos; FechaNoValida con un mensaje en español si hace falta."""
    return Filtro.desde_textos(args.desde, args.hasta, args.agente, args.equipo,
                               args.escenario)


def ejecutar(args: argparse.Namespace) -> int:
    try:
        filtro = leer_filtro(args)
    except FechaNoValida as exc:
        error(f"Error: {exc}")
        return 2
    try:
        comprobar_distintos({"-o": args.salida, "--transcripciones": args.transcripciones}, {})
        if es_estandar(args.salida) and args.transcripciones is not None and es_estandar(
                args.transcripciones):
            raise MismoArchivo("-o y --transcripciones van los dos a la salida estándar: "
                               "escriba al menos uno en un archivo")
    except MismoArchivo as exc:
        error(f"Error: {exc}")
        return 2
    historial = Historial.del_usuario(args.datos)
    try:
        with historial:
            sesiones = exportables(historial, filtro)
            todas = len(sesiones) if filtro.vacio else len(exportables(historial))
            quitadas = 0
            if not args.incluir_guiones:
                sesiones, quitadas = sin_guiones(sesiones)
            columnas, filas = tabla(sesiones)
            lineas = list(transcripciones(historial, sesiones)) if args.transcripciones else []
    except ErrorDeHistorial as exc:
        error(f"Error: {exc}")
        return 2  # no se pudo hacer lo pedido: el historial no se puede usar (README)
    if not todas:
        error(f"El historial está vacío: todavía no hay sesiones terminadas que exportar "
              f"({nombre_visible(historial.ruta)}).")
    elif not filas and not quitadas:
        error(f"Ninguna de las {todas} sesiones terminadas del historial cumple los filtros.")
    try:
        if not es_estandar(args.salida) and args.salida.suffix.lower() == ".xlsx":
            from simulador.libro import libro

            escribir_bytes(libro(columnas, filas), args.salida)
        else:
            escribir_bytes(escribir_csv(columnas, filas, EXCEL if args.excel else UTF8),
                           args.salida)
        if args.transcripciones is not None:
            escribir_bytes("".join(lineas).encode("utf-8"), args.transcripciones)
    except OSError as exc:
        destino = getattr(exc, "filename", None) or "la salida"
        error(f"Error: no se puede escribir en {destino} ({razon_del_sistema(exc)})")
        return 2
    if not es_estandar(args.salida):
        error(f"{len(filas)} sesión(es) exportada(s) a {nombre_visible(args.salida)}"
              + (f"; transcripciones en {nombre_visible(args.transcripciones)}"
                 if args.transcripciones is not None else ""))
    if quitadas:
        error(f"Aviso: {aviso_guiones(quitadas)}")
    sin_nota = sum(1 for f in filas if f["estado"] != TERMINADA)
    if sin_nota:
        error(f"{sin_nota} examen(es) sin terminar (estado «a_medias» o «descartada»): van "
              "sin nota y como no aprobados.")
    return avisar_danadas(historial)
