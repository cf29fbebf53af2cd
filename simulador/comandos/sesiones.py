"""`simulador sesiones`: las sesiones del historial, o solo las que quedaron a medias."""

from __future__ import annotations

import argparse

from simulador.historial import ErrorDeHistorial, Historial, ResumenSesion
from simulador.incidencias import nombre_visible, una_linea
from simulador.nombres import estado
from simulador.salida import error, escribir, escribir_json

AYUDA = "lista las sesiones guardadas en el historial (o solo las que quedaron a medias)"
_TITULO = AYUDA[:1].upper() + AYUDA[1:]


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sesiones", help=AYUDA, parents=[comun],
                       description=_TITULO + ". Una sesión a medias se continúa "
                       "con «simulador reanudar ID» o se descarta con «simulador descartar "
                       "ID» (basta con el comienzo del ID).",
                       epilog="Ejemplo: simulador sesiones --pendientes")
    p.add_argument("--pendientes", action="store_true",
                   help="solo las sesiones a medias (cortadas o dejadas sin terminar)")
    p.add_argument("--json", action="store_true", help="la lista en JSON")
    p.set_defaults(ejecutar=ejecutar)


def _fila(s: ResumenSesion) -> list[str]:
    puntaje = str(s.resultado.puntaje) if s.resultado else "—"
    return [s.ident, s.inicio.astimezone().strftime("%Y-%m-%d %H:%M"),
            una_linea(s.agente) or "—", una_linea(s.equipo) or "—", s.escenario,
            estado(s.estado) + (" · guion" if s.guion else ""), str(s.respuestas), puntaje]


def pintar(sesiones: list[ResumenSesion]) -> None:
    cabecera = ["ID", "Inicio", "Agente", "Equipo", "Escenario", "Estado", "Respuestas",
                "Nota"]
    filas = [cabecera, *(_fila(s) for s in sesiones)]
    anchos = [max(len(f[i]) for f in filas) for i in range(len(cabecera))]
    for fila in filas:
        escribir("  ".join(c.rjust(anchos[i]) if i >= 6 else c.ljust(anchos[i])
                           for i, c in enumerate(fila)).rstrip())


def ejecutar(args: argparse.Namespace) -> int:
    historial = Historial.del_usuario(args.datos)
    try:
        with historial:
            sesiones = historial.sesiones(pendientes=args.pendientes)
    except ErrorDeHistorial as exc:
        error(f"Error: {exc}")
        return 2  # no se pudo hacer lo pedido: el historial no se puede usar (README)
    codigo = avisar_danadas(historial)
    if args.json:
        escribir_json([s.como_dict() for s in sesiones])
        return codigo
    if not sesiones:
        escribir("No hay sesiones a medias." if args.pendientes else
                 f"El historial está vacío ({nombre_visible(historial.ruta)}).")
        return codigo
    pintar(sesiones)
    if any(s.pendiente for s in sesiones):
        escribir()
        escribir("Una sesión a medias se continúa con «simulador reanudar ID» o se descarta "
                 "con «simulador descartar ID».")
    if any(s.guion for s in sesiones):
        escribir("«guion»: partida de prueba con «jugar --guion»; no cuenta en exportar ni "
                 "comparar salvo con --incluir-guiones.")
    return codigo


def avisar_danadas(historial: Historial) -> int:
    """Las sesiones que el historial tiene dañadas se saltan: se dice cuáles (código 1)."""
    for ident, motivo in historial.danadas.items():
        error(f"Aviso: {nombre_visible(historial.ruta)}: la sesión {ident} está dañada "
              f"({motivo}); se salta.")
    return 1 if historial.danadas else 0
