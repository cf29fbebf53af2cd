"""`simulador probar`: jugar un escenario cientos de veces al azar antes de publicarlo.

Dice qué finales se alcanzan y con qué frecuencia, qué finales y nodos no
se alcanzan nunca, cuál fue la sesión más larga, qué sesiones no terminan
(bucles) y qué errores hubo, cada uno con su línea en el archivo. Sale con
1 si un final es inalcanzable, una sesión no termina o hay errores.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from typing import Any

from simulador.carga import Cargado
from simulador.comandos import semilla
from simulador.formatos.escenario import Escenario
from simulador.incidencias import ErrorDeArchivo, Incidencia
from simulador.motor.escenarios import localizar_escenario
from simulador.motor.exploracion import TOPE_RESPUESTAS, InformeExploracion, Recorrido, explorar
from simulador.motor.relleno import ESTRATEGIAS, SEMILLAS, jugar_relleno
from simulador.progreso import Progreso
from simulador.rubricas import cargar_calificador
from simulador.salida import error, escribir, escribir_json

AYUDA = "juega un escenario muchas veces al azar y busca finales inalcanzables, bucles y errores"


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("probar", help=AYUDA, description=AYUDA.capitalize() + ". Las "
                       "respuestas combinan todas las señales, con silencios y despedidas al "
                       "azar.", parents=[comun],
                       epilog="Ejemplo: simulador probar escenarios/mi-escenario.yaml")
    p.add_argument("escenario", metavar="ESCENARIO",
                   help="archivo .yaml o id de un escenario incluido")
    p.add_argument("--recorridos", type=_positivo, default=500, metavar="N",
                   help="cuántas sesiones jugar (por defecto, 500)")
    p.add_argument("--semilla", type=semilla, default=0, metavar="S",
                   help="semilla del azar; la misma da el mismo informe (por defecto, 0)")
    p.add_argument("--rubrica", metavar="R", help="archivo de rúbrica o id de una incluida "
                   "(por defecto, estandar)")
    p.add_argument("--json", action="store_true", help="informe en JSON")
    p.set_defaults(ejecutar=ejecutar)


def _positivo(texto: str) -> int:
    try:
        valor = int(texto)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{texto}» no es un número entero") from None
    if not 1 <= valor <= 100_000:
        raise argparse.ArgumentTypeError("debe estar entre 1 y 100000")
    return valor


def _incidencia(cargado: Cargado[Escenario], clave: tuple[str | int, ...], mensaje: str,
                nivel: str = "error") -> Incidencia:
    return cargado.documento.incidencia(clave, mensaje, nivel)


def _repetir(r: Recorrido) -> str:
    return f"recorrido n.º {r.numero}, semilla {r.semilla}"


def _bucle(camino: list[str]) -> list[str]:
    """El tramo final del camino que se repite (o las últimas etapas si no se repite)."""
    ultimo = camino[-1]
    previo = max((i for i, n in enumerate(camino[:-1]) if n == ultimo), default=None)
    return camino[previo:] if previo is not None else camino[-6:]


def _bucles(informe: InformeExploracion) -> dict[tuple[str, ...], list[Recorrido]]:
    """Las sesiones sin final, agrupadas por el bucle en que quedaron atrapadas."""
    grupos: dict[tuple[str, ...], list[Recorrido]] = {}
    for r in informe.sin_final:
        bucle = _bucle(r.camino)
        # El mismo bucle puede cortarse por cualquier nodo: se empieza por el menor.
        ciclo = bucle[:-1] if len(bucle) > 1 and bucle[0] == bucle[-1] else bucle
        giro = ciclo.index(min(ciclo))
        canonico = tuple(ciclo[giro:] + ciclo[:giro] + ciclo[giro:giro + 1])
        grupos.setdefault(canonico, []).append(r)
    return grupos


def informe_como_dict(informe: InformeExploracion, cargado: Cargado[Escenario], segundos: float,
                      semilla: int) -> dict[str, Any]:
    total = len(informe.recorridos)
    doc = cargado.documento

    def linea(nodo: str | None) -> int | None:
        pos = doc.posicion(("nodos", nodo)) if nodo else None
        return pos.linea if pos else None

    errores: dict[tuple[str, str | None], list[Recorrido]] = {}
    for r in informe.errores:
        errores.setdefault((r.error or "", r.error_nodo), []).append(r)
    mas_largo = informe.mas_largo
    return {
        "escenario": informe.escenario.id,
        "archivo": cargado.documento.nombre,
        "recorridos": total,
        "semilla": semilla,
        "tope_respuestas": TOPE_RESPUESTAS,
        "segundos": round(segundos, 3),
        "correcto": informe.correcto,
        "finales": [{"nodo": nodo, "tipo": tipo, "veces": veces,
                     "porcentaje": round(100 * veces / total, 1)}
                    for (nodo, tipo), veces in informe.finales.most_common()],
        "finales_no_alcanzados": [{"nodo": n, "linea": linea(n)}
                                  for n in informe.finales_no_alcanzados],
        "nodos_no_alcanzados": [{"nodo": n, "linea": linea(n)}
                                for n in informe.nodos_no_alcanzados],
        "mas_largo": None if mas_largo is None else {
            "numero": mas_largo.numero, "semilla": mas_largo.semilla,
            "respuestas": mas_largo.respuestas, "silencios": mas_largo.silencios,
            "camino": mas_largo.camino},
        "sin_final": [{"bucle": list(bucle), "linea": linea(bucle[0]), "veces": len(lista),
                       "ejemplo": {"numero": lista[0].numero, "semilla": lista[0].semilla}}
                      for bucle, lista in _bucles(informe).items()],
        "errores": [{"mensaje": mensaje, "nodo": nodo, "clave": list(lista[0].error_clave),
                     "linea": (p.linea if (p := doc.posicion(lista[0].error_clave)) else None),
                     "veces": len(lista), "ejemplo": {"numero": lista[0].numero,
                                                      "semilla": lista[0].semilla}}
                    for (mensaje, nodo), lista in errores.items()],
        "relleno": [{"estrategia": j.estrategia, "semilla": j.semilla, "final": j.final,
                     "nodo": j.nodo, "aprobado": j.aprobado, "gana": j.gana}
                    for j in informe.relleno],
    }


def _pintar(informe: InformeExploracion, cargado: Cargado[Escenario], segundos: float,
            semilla: int) -> None:
    total = len(informe.recorridos)
    escribir(f"Probando «{informe.escenario.id}» ({cargado.documento.nombre}): {total} "
             f"recorridos al azar, semilla {semilla} ({segundos:.2f} s)")
    escribir()
    escribir("Finales alcanzados:")
    for (nodo, tipo), veces in informe.finales.most_common():
        nombre = nodo or "(despedida genérica)"
        escribir(f"  {nombre:<24} {tipo:<20} {veces:>6}  {100 * veces / total:5.1f} %")
    if not informe.finales:
        escribir("  ninguno")
    problemas: list[Incidencia] = []
    for nodo in informe.finales_no_alcanzados:
        problemas.append(_incidencia(cargado, ("nodos", nodo), f"el final «{nodo}» no se "
                                     f"alcanzó en ninguno de los {total} recorridos"))
    for bucle, lista in _bucles(informe).items():
        problemas.append(_incidencia(cargado, ("nodos", bucle[0]), f"{len(lista)} sesión(es) "
                                     f"sin final tras {TOPE_RESPUESTAS} respuestas, en el bucle "
                                     f"{' → '.join(bucle)} (p. ej. {_repetir(lista[0])})"))
    agrupados: Counter[tuple[str, str | None, tuple[str | int, ...]]] = Counter(
        (r.error or "", r.error_nodo, r.error_clave) for r in informe.errores)
    for (mensaje, nodo, clave), veces in agrupados.items():
        ejemplo = next(r for r in informe.errores if r.error == mensaje and r.error_nodo == nodo)
        problemas.append(_incidencia(cargado, clave or ("nodos", nodo or ""), f"{mensaje} (en "
                                     f"{veces} recorrido(s); p. ej. {_repetir(ejemplo)})"))
    for jugada in informe.relleno_gana:
        que = "llega a «resuelto»" if jugada.final == "resuelto" else "aprueba"
        problemas.append(_incidencia(
            cargado, ("nodos", jugada.nodo) if jugada.nodo else (),
            f"el relleno ({jugada.estrategia}, semilla {jugada.semilla}) {que} sin ayudar "
            "en nada concreto: exija lo que necesita el cliente («necesidades», "
            "«todo_atendido») para resolver"))
    avisos = [_incidencia(cargado, ("nodos", n), f"al nodo «{n}» no se llegó en ningún "
                          "recorrido", "aviso") for n in informe.nodos_no_alcanzados]
    mas_largo = informe.mas_largo
    if mas_largo is not None:
        escribir(f"Recorrido más largo: {mas_largo.respuestas} respuestas y "
                 f"{mas_largo.silencios} silencio(s) ({_repetir(mas_largo)})")
        escribir(f"  camino: {' → '.join(mas_largo.camino)}")
    escribir(f"Finales nunca alcanzados: {', '.join(informe.finales_no_alcanzados) or 'ninguno'}")
    escribir(f"Nodos nunca alcanzados: {', '.join(informe.nodos_no_alcanzados) or 'ninguno'}")
    escribir(f"Sesiones sin final tras {TOPE_RESPUESTAS} respuestas: {len(informe.sin_final)}")
    escribir(f"Errores: {len(informe.errores)}")
    if informe.relleno:
        escribir(f"Relleno ({len(ESTRATEGIAS)} estrategias × {SEMILLAS} semillas): "
                 + ("ninguna resuelve ni aprueba" if not informe.relleno_gana else
                    f"{len(informe.relleno_gana)} jugada(s) resuelven o aprueban sin ayudar"))
    for incidencia in [*problemas, *avisos]:
        escribir(str(incidencia))
    escribir()
    if informe.correcto:
        escribir("Correcto: todos los finales se alcanzan, todas las sesiones terminan y el "
                 "relleno no resuelve ni aprueba.")
    else:
        escribir("Hay problemas: revise los errores de arriba antes de publicar el escenario.")


def ejecutar(args: argparse.Namespace) -> int:
    try:
        # Recorrer el grafo pide respuestas que den exactamente las señales de cada
        # transición: las de muestra están hechas para las frases de la rúbrica, así que
        # aquí no se usa la capa aprendida (probar mide el escenario, no al agente).
        calificador = cargar_calificador(args.rubrica, aprendido=False)
        cargado = localizar_escenario(args.escenario)
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    inicio = time.perf_counter()
    progreso = Progreso("Probando", total=args.recorridos, unidad="recorridos")
    informe = explorar(cargado.modelo, calificador, args.recorridos, args.semilla,
                       al_avanzar=progreso.avanzar)
    progreso.terminar()
    # El relleno se juega contra el calificador completo, el que tendrá el alumno.
    informe.relleno = jugar_relleno(cargado.modelo, cargar_calificador(args.rubrica))
    segundos = time.perf_counter() - inicio
    if args.json:
        escribir_json(informe_como_dict(informe, cargado, segundos, args.semilla))
    else:
        _pintar(informe, cargado, segundos, args.semilla)
    return 0 if informe.correcto else 1
