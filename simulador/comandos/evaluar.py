"""`simulador evaluar`: medir una rúbrica con conversaciones etiquetadas a mano."""

from __future__ import annotations

import argparse

from simulador.calificador.evaluacion import evaluar
from simulador.carga.transcripciones import leer_transcripciones
from simulador.formatos.senales import VEREDICTOS
from simulador.incidencias import ErrorDeArchivo
from simulador.rubricas import cargar_calificador
from simulador.salida import error, escribir, escribir_json

AYUDA = "mide la rúbrica contra conversaciones etiquetadas (precisión, F1, kappa, cierre)"


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("evaluar", help=AYUDA, description=AYUDA.capitalize() + ".",
                       parents=[comun])
    p.add_argument("entrada", metavar="ETIQUETADO", nargs="+",
                   help="archivo(s) .jsonl con conversaciones etiquetadas (ver senales.md)")
    p.add_argument("--rubrica", metavar="R", help="archivo de rúbrica o id de una incluida")
    p.add_argument("--json", action="store_true", help="resultado en JSON")
    p.add_argument("--fallos", type=int, default=10, metavar="N",
                   help="cuántos fallos mostrar (por defecto, 10)")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    try:
        calificador = cargar_calificador(args.rubrica)
        conversaciones = []
        saltadas = 0
        for entrada in args.entrada:
            for leida in leer_transcripciones(entrada):
                if leida.transcripcion is None or leida.transcripcion.etiquetas is None:
                    saltadas += 1
                    motivo = leida.incidencia or f"{entrada}:{leida.linea}: no tiene «etiquetas»"
                    error(f"{motivo}; se salta esta línea")
                    continue
                conversaciones.append(leida.transcripcion)
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    if not conversaciones:
        error("No hay ninguna conversación etiquetada que evaluar.")
        return 1
    resultado = evaluar(calificador, conversaciones)
    if args.json:
        datos = resultado.como_dict(args.fallos)
        datos["rubrica"] = {"id": calificador.rubrica.id, "version": calificador.version}
        escribir_json(datos)
        return 1 if saltadas else 0
    escribir(f"Rúbrica «{calificador.rubrica.id}» ({calificador.version}) sobre "
             f"{resultado.conversaciones} conversaciones etiquetadas\n")
    escribir(f"{'señal':<12}{'precisión':>10}{'exhaust.':>10}{'F1':>8}{'kappa':>8}"
             f"{'VP':>6}{'FP':>6}{'FN':>6}")
    for senal, c in resultado.senales.items():
        escribir(f"{senal:<12}{c.precision:>10.2f}{c.exhaustividad:>10.2f}{c.f1:>8.3f}"
                 f"{c.kappa:>8.2f}{c.vp:>6}{c.fp:>6}{c.fn:>6}")
    escribir(f"\nCierre: exactitud {resultado.exactitud_cierre:.3f}")
    escribir("Matriz de confusión (filas: etiqueta; columnas: calificador)")
    escribir(" " * 12 + "".join(f"{v[:9]:>10}" for v in VEREDICTOS))
    for esperado in VEREDICTOS:
        fila = "".join(f"{resultado.cierre[(esperado, o)]:>10}" for o in VEREDICTOS)
        escribir(f"{esperado:<12}{fila}")
    if resultado.fallos:
        escribir(f"\nFallos (los {min(args.fallos, len(resultado.fallos))} primeros de "
                 f"{len(resultado.fallos)}):")
        for f in resultado.fallos[: args.fallos]:
            tipo = "no detectada" if f.esperado else "detectada de más"
            texto = f.texto if len(f.texto) <= 160 else f.texto[:157] + "…"
            escribir(f"- {f.conversacion} turno {f.turno}: «{f.senal}» {tipo}: {texto}")
    for ident, esperado, obtenido in resultado.fallos_cierre[: args.fallos]:
        escribir(f"- {ident}: cierre «{obtenido}», se esperaba «{esperado}»")
    return 1 if saltadas else 0
