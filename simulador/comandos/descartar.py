"""`simulador descartar`: dejar de ofrecer una sesión a medias (sus turnos se conservan)."""

from __future__ import annotations

import argparse

from simulador.historial import ErrorDeHistorial, Historial, SesionNoEncontrada
from simulador.salida import error, escribir

AYUDA = ("descarta una sesión a medias: no se ofrecerá para reanudar (un examen se exporta "
         "como descartado y sin nota, para su responsable)")
_TITULO = AYUDA[:1].upper() + AYUDA[1:]


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("descartar", help=AYUDA, parents=[comun],
                       description=_TITULO + ". Lo jugado se conserva en el "
                       "historial.", epilog="Ejemplo: simulador descartar 3f2a9c1e")
    p.add_argument("ident", metavar="ID", help="identificador de la sesión (o su comienzo; "
                   "vea «simulador sesiones --pendientes»)")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    try:
        with Historial.del_usuario(args.datos) as historial:
            sesion = historial.descartar(args.ident)
    except SesionNoEncontrada as exc:
        error(f"Error: {exc}")
        return 2  # no se pudo hacer lo pedido: esa sesión no está (README)
    except ErrorDeHistorial as exc:
        error(f"Error: {exc}")
        return 2  # no se pudo hacer lo pedido: el historial no se puede usar (README)
    destino = ("al exportar, su responsable la verá como descartada y sin nota"
               if sesion.modo == "examen" else "no se exportará")
    escribir(f"Sesión {sesion.ident} descartada ({sesion.escenario}, {sesion.respuestas} "
             f"respuesta(s)): ya no se ofrecerá para reanudar; {destino}.")
    return 0
