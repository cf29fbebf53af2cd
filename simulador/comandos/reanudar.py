"""`simulador reanudar`: continuar una sesión que quedó a medias (cortada o dejada).

Se reconstruye repitiendo en el motor lo guardado, se muestra la
conversación hasta donde llegó y se sigue como en `simulador jugar`:
tecleando, o con las respuestas de un guion (`--guion`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulador.comandos.jugar import (
    GuardadoTexto,
    PintorTexto,
    marca_insulto,
    prefijo_agente,
    seguir,
)
from simulador.destinos import MismoArchivo, comprobar_distintos
from simulador.historial import ErrorDeHistorial, Historial, SesionNoEncontrada, reanudar
from simulador.incidencias import ErrorDeArchivo
from simulador.motor import Sesion
from simulador.motor.guion import Paso, leer_guion
from simulador.salida import error

AYUDA = "continúa una sesión a medias (vea «simulador sesiones --pendientes»)"
_TITULO = AYUDA[:1].upper() + AYUDA[1:]


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("reanudar", help=AYUDA, parents=[comun],
                       description=_TITULO + ". Sin --guion, se sigue escribiendo "
                       "en la terminal como en «simulador jugar».",
                       epilog="Ejemplo: simulador reanudar 3f2a9c1e --guion resto.txt")
    p.add_argument("ident", metavar="ID", help="identificador de la sesión (o su comienzo)")
    p.add_argument("--guion", type=Path, metavar="RESPUESTAS.txt",
                   help="sigue con las respuestas de este archivo, una por línea")
    p.add_argument("--json", action="store_true", help="solo el resultado, en JSON")
    p.add_argument("--transcripcion", type=Path, metavar="SALIDA.jsonl",
                   help="guarda la conversación completa como transcripción")
    p.set_defaults(ejecutar=ejecutar)


def pintar_conversacion(sesion: Sesion, pintor: PintorTexto) -> None:
    """Lo que se dijo antes del corte, para retomar el hilo."""
    cliente = sesion.escenario.cliente.nombre
    for turno in sesion.turnos:
        if turno.rol == "agente":
            pintor.escribir(prefijo_agente(turno.origen == "terminar")
                              + " ".join(turno.texto.split()))
        else:
            silencio = "(silencio) " if turno.origen == "silencio" else ""
            marca = marca_insulto(bool(turno.senales.get("abuso")))
            pintor.escribir(f"{silencio}{cliente}{marca}: {' '.join(turno.texto.split())}")


def _pasos(args: argparse.Namespace) -> list[Paso] | None:
    return leer_guion(args.guion) if args.guion is not None else None


def ejecutar(args: argparse.Namespace) -> int:
    if args.guion is None and not sys.stdin.isatty():
        error("No hay terminal para escribir las respuestas. Páselas en un archivo con "
              f"--guion, una por línea:\n  simulador reanudar {args.ident} --guion resto.txt")
        return 2
    try:
        comprobar_distintos({"--transcripcion": args.transcripcion}, {"--guion": args.guion})
    except MismoArchivo as exc:
        error(f"Error: {exc}")
        return 2
    try:
        pasos = _pasos(args)
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    historial = Historial.del_usuario(args.datos)
    try:
        with historial:
            grabador = reanudar(historial, args.ident, en_vivo=pasos is None)
            sesion = grabador.sesion
            if sesion.terminada and pasos is not None:
                pasos = []  # terminó justo antes del corte: no queda nada que jugar
            pintor = PintorTexto(sesion, callada=args.json)
            pintor.cabecera()
            pintor.escribir(f"(se reanuda la sesión {grabador.ident}: "
                              f"{len(sesion.respuestas)} respuesta(s) guardada(s))")
            pintar_conversacion(sesion, pintor)
            return seguir(sesion, pintor, pasos, args, GuardadoTexto(grabador))
    except SesionNoEncontrada as exc:
        error(f"Error: {exc}")
        return 2  # no se pudo hacer lo pedido: esa sesión no está (README)
    except ErrorDeHistorial as exc:
        error(f"Error: {exc}")
        return 2  # no se pudo hacer lo pedido: el historial no se puede usar (README)
