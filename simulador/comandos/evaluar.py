"""`simulador evaluar`: medir una rúbrica con conversaciones etiquetadas a mano."""

from __future__ import annotations

import argparse
from collections.abc import Collection

from simulador.calificador import Calificador
from simulador.calificador.acuerdo import acuerdo, leer_segundas
from simulador.calificador.evaluacion import Evaluacion, evaluar
from simulador.carga.transcripciones import Autor, leer_autores
from simulador.comandos.entrenar import anadir_puede_quitar
from simulador.comandos.entrenar import quitables as _quitables
from simulador.formatos.senales import VEREDICTOS
from simulador.formatos.transcripcion import EtiquetasConversacion, Transcripcion
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
    p.add_argument("--validacion-cruzada", action="store_true",
                   help="entrena con todos los autores (archivos) menos uno y mide con el "
                   "que quedó fuera, para cada uno; junto a las cifras con los mismos datos")
    anadir_puede_quitar(p)
    p.add_argument("--segundo-anotador", nargs="+", metavar="ARCHIVO",
                   help="etiquetas de otra persona para las mismas conversaciones (por "
                   "«id»): acuerdo entre ambas (kappa de Cohen por señal)")
    p.set_defaults(ejecutar=ejecutar)


def ejecutar(args: argparse.Namespace) -> int:
    try:
        calificador = cargar_calificador(args.rubrica, aprendido=not args.validacion_cruzada)
        autores, saltadas = leer_autores(args.entrada, error, calificador.senales_por_rol)
        if args.segundo_anotador:
            segundas = leer_segundas(args.segundo_anotador, calificador.senales_por_rol)
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    conversaciones = [c for a in autores for c in a.conversaciones]
    if not conversaciones:
        error("No hay ninguna conversación etiquetada que evaluar.")
        return 2  # no se pudo hacer lo pedido (README)
    if args.segundo_anotador:
        return _acuerdo(conversaciones, segundas, args.json) or (1 if saltadas else 0)
    if args.validacion_cruzada:
        if len(autores) < 2:
            error("La validación cruzada necesita al menos dos archivos (uno por autor).")
            return 2
        _validacion_cruzada(calificador, autores, args.json, args.fallos,
                            _quitables(args.puede_quitar))
        return 1 if saltadas else 0
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
    _veredictos(resultado)
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


def _veredictos(resultado: Evaluacion) -> None:
    """Lo que un formador firmaría: su aprobado y la respuesta que prefiere."""
    if resultado.aprobado.total:
        escribir(f"Aprobado: el mismo veredicto que el formador en "
                 f"{resultado.acuerdo_aprobado:.1%} de {resultado.aprobado.total} "
                 f"conversaciones (kappa {resultado.aprobado.kappa:.2f})")
    if resultado.grupos_medibles:
        escribir(f"Grupos de alternativas: la preferida del formador saca estrictamente "
                 f"más en el {resultado.preferida_la_mejor:.1%} de "
                 f"{resultado.grupos_medibles} grupos")


def _acuerdo(conversaciones: list[Transcripcion], segundas: dict[str, EtiquetasConversacion],
             como_json: bool) -> int:
    medido = acuerdo(conversaciones, segundas)
    if medido.no_cuadran:
        error(f"Aviso: {len(medido.no_cuadran)} conversación(es) tienen otro número de turnos "
              f"en cada anotación y no se comparan (p. ej. «{medido.no_cuadran[0]}»).")
    if not medido.comunes:
        error("Ninguna conversación del segundo anotador coincide (por «id» y número de "
              "turnos) con las etiquetadas.")
        return 1
    if como_json:
        escribir_json(medido.como_dict())
        return 1 if medido.no_cuadran else 0
    escribir(f"Acuerdo entre anotadores en {medido.comunes} conversaciones comunes\n")
    escribir(f"{'señal':<12}{'kappa':>8}{'acuerdo':>9}{'turnos':>8}")
    for senal, cuenta in medido.senales.items():
        escribir(f"{senal:<12}{cuenta.kappa:>8.2f}"
                 f"{(cuenta.vp + cuenta.vn) / cuenta.total:>9.1%}{cuenta.total:>8}")
    escribir(f"\nCierre: mismo veredicto en {medido.cierre_igual} de {medido.comunes}")
    if medido.aprobado.total:
        escribir(f"Aprobado: kappa {medido.aprobado.kappa:.2f}")
    return 1 if medido.no_cuadran else 0


def _validacion_cruzada(calificador: Calificador, autores: list[Autor], como_json: bool,
                        max_fallos: int, puede_quitar: Collection[str]) -> None:
    """Las cifras que valen: cada autor medido con un modelo que no vio sus conversaciones."""
    from simulador.entrenamiento import validacion_cruzada

    error(f"Validación cruzada con {len(autores)} autores: se entrena {len(autores) + 1} "
          "veces (unos segundos por autor)…")
    medida = validacion_cruzada(calificador, autores, puede_quitar=puede_quitar,
                                progreso=lambda nombre: error(f"  apartando a {nombre}…"))
    apartados, muestra, frases = medida.apartados, medida.en_muestra, medida.solo_frases
    assert muestra is not None  # validacion_cruzada la mide por defecto
    if como_json:
        escribir_json({
            "autores": len(autores), "conversaciones": apartados.conversaciones,
            "rubrica": {"id": calificador.rubrica.id, "version": calificador.version},
            "apartados": apartados.como_dict(max_fallos),
            "en_muestra": muestra.como_dict(0),
            "solo_frases": frases.como_dict(0),
            "por_autor": {n: {s: round(c.f1, 4) for s, c in e.senales.items()}
                          for n, e in medida.por_autor.items()},
        })
        return
    escribir(f"Rúbrica «{calificador.rubrica.id}»: {apartados.conversaciones} conversaciones "
             f"de {len(autores)} autores, cada autor medido con un modelo entrenado sin él.\n")
    escribir(f"{'':<12}{'— autores apartados —':^30}{'mismos datos':>14}{'solo frases':>13}")
    escribir(f"{'señal':<12}{'precisión':>10}{'exhaust.':>10}{'F1':>8}{'F1':>12}{'F1':>13}")
    for senal, c in apartados.senales.items():
        escribir(f"{senal:<12}{c.precision:>10.2f}{c.exhaustividad:>10.2f}{c.f1:>8.3f}"
                 f"{muestra.senales[senal].f1:>12.3f}{frases.senales[senal].f1:>13.3f}")
    escribir(f"\nCierre (conversaciones de varios turnos): exactitud "
             f"{apartados.exactitud_cierre_largas:.3f} con autores apartados, "
             f"{muestra.exactitud_cierre_largas:.3f} con los mismos datos, "
             f"{frases.exactitud_cierre_largas:.3f} solo con frases")
    if apartados.aprobado.total:
        escribir(f"Aprobado (mismo veredicto que el formador): "
                 f"{apartados.acuerdo_aprobado:.1%} con autores apartados, "
                 f"{muestra.acuerdo_aprobado:.1%} con los mismos datos, "
                 f"{frases.acuerdo_aprobado:.1%} solo con frases")
    if apartados.grupos_medibles:
        escribir(f"Grupos de alternativas ({apartados.grupos_medibles}): la preferida del "
                 f"formador saca estrictamente más en el {apartados.preferida_la_mejor:.1%} "
                 f"con autores apartados, {muestra.preferida_la_mejor:.1%} con los mismos "
                 f"datos, {frases.preferida_la_mejor:.1%} solo con frases")
    escribir("\nF1 por autor apartado:")
    senales = list(apartados.senales)
    escribir(f"{'autor':<16}" + "".join(f"{s[:8]:>9}" for s in senales))
    for nombre, evaluacion in medida.por_autor.items():
        escribir(f"{nombre[:15]:<16}" + "".join(
            f"{evaluacion.senales[s].f1:>9.2f}" if s in evaluacion.senales else f"{'—':>9}"
            for s in senales))
    escribir("\nLas cifras que valen son las de autores apartados: las de «mismos datos» "
             "solo sirven para ver si algo se rompe.")
