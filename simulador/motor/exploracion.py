"""Jugar un escenario cientos de veces al azar para encontrar lo que un formador no ve.

Cada recorrido responde con combinaciones de señales, se calla o termina
la relación al azar (la mitad de los recorridos no termina nunca, para que
un bucle del que solo se sale despidiendo al cliente no pase inadvertido).
Para que los caminos largos también se recorran, en cada paso se elige
primero a qué salida del nodo apuntar (cada transición y `por_defecto` por
igual) y luego una combinación de señales que lleve allí. El informe dice
qué finales y nodos se alcanzan y con qué frecuencia, qué recorrido fue el
más largo, cuáles no terminan y qué errores hubo, cada uno con su nodo.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from simulador.calificador import Calificador
from simulador.formatos.escenario import Escenario
from simulador.motor import grafo
from simulador.motor.grafo import ErrorDeEscenario
from simulador.motor.relleno import Jugada
from simulador.motor.reloj import RelojManual
from simulador.motor.respuestas import combinaciones, respuesta_al_azar
from simulador.motor.sesion import Sesion
from simulador.texto import normalizar

TOPE_RESPUESTAS = 60
PROB_SILENCIO = 0.06
PROB_TERMINAR = 0.05


@dataclass
class Recorrido:
    """Un recorrido: su semilla (para repetirlo), su camino y cómo acabó."""

    numero: int
    semilla: int
    respuestas: int = 0
    silencios: int = 0
    camino: list[str] = field(default_factory=list)
    final: tuple[str | None, str] | None = None  # (nodo, tipo)
    error: str | None = None
    error_nodo: str | None = None
    error_clave: tuple[str | int, ...] = ()


@dataclass
class InformeExploracion:
    escenario: Escenario
    recorridos: list[Recorrido] = field(default_factory=list)
    relleno: list[Jugada] = field(default_factory=list)  # ver simulador.motor.relleno

    @property
    def finales(self) -> Counter[tuple[str | None, str]]:
        return Counter(r.final for r in self.recorridos if r.final is not None)

    @property
    def nodos_visitados(self) -> set[str]:
        return {n for r in self.recorridos for n in r.camino}

    @property
    def finales_no_alcanzados(self) -> list[str]:
        alcanzados = {nodo for nodo, _ in self.finales}
        return [n for n in self.escenario.finales if n not in alcanzados]

    @property
    def nodos_no_alcanzados(self) -> list[str]:
        vistos = self.nodos_visitados
        return [n for n, x in self.escenario.nodos.items() if not x.es_final and n not in vistos]

    @property
    def sin_final(self) -> list[Recorrido]:
        return [r for r in self.recorridos if r.final is None and r.error is None]

    @property
    def relleno_gana(self) -> list[Jugada]:
        """Las jugadas de relleno (si se jugaron) que resolvieron o aprobaron."""
        return [j for j in self.relleno if j.gana]

    @property
    def errores(self) -> list[Recorrido]:
        return [r for r in self.recorridos if r.error is not None]

    @property
    def mas_largo(self) -> Recorrido | None:
        return max(self.recorridos, key=lambda r: (r.respuestas, -r.numero), default=None)

    @property
    def correcto(self) -> bool:
        return not (self.finales_no_alcanzados or self.sin_final or self.errores
                    or self.relleno_gana)


class _Elector:
    """Agrupa las 96 combinaciones por la salida del nodo a la que llevan (con caché).

    Si el escenario declara `necesidades`, cada respuesta atiende además al azar algunas
    de las pendientes (con uno de sus ejemplos y ayuda concreta), para que también se
    recorran los caminos de «todo atendido».
    """

    def __init__(self, escenario: Escenario) -> None:
        self.escenario = escenario
        self._grupos: dict[tuple[str, int, int, frozenset[str], bool, frozenset[str]],
                           list[list[dict[str, bool]]]] = {}

    def grupos(self, nodo: str, enfado: int, turno: int,
               atendidas: frozenset[str] = frozenset(), ayuda: bool = False,
               palabras: frozenset[str] = frozenset()) -> list[list[dict[str, bool]]]:
        """`atendidas`: las necesidades atendidas tras la respuesta; `ayuda`: la respuesta
        atiende alguna nueva (lleva ayuda concreta); `palabras`: las que menciona."""
        clave = (nodo, enfado, turno, atendidas, ayuda, palabras)
        grupos = self._grupos.get(clave)
        if grupos is None:
            transiciones = self.escenario.nodos[nodo].transiciones
            todas = self.escenario.necesidades.keys()
            por_salida: dict[int, list[dict[str, bool]]] = {}
            for combinacion in combinaciones():
                if ayuda and (combinacion["excusa"] or not combinacion["asiste"]):
                    continue  # atender una necesidad es ayudar
                salida = next((i for i, t in enumerate(transiciones)
                               if t.si.cumple(combinacion, enfado, turno, atendidas, todas,
                                              palabras)),
                              -1)
                por_salida.setdefault(salida, []).append(combinacion)
            grupos = self._grupos[clave] = list(por_salida.values())
        return grupos

    def respuesta(self, azar: random.Random, sesion: Sesion) -> str:
        nodo = sesion.nodo_actual
        if nodo not in self.escenario.nodos:
            return respuesta_al_azar(azar)
        pendientes = sorted(set(self.escenario.necesidades) - sesion.atendidas)
        # La mitad de las respuestas no atiende nada nuevo; la otra mitad, algunas al azar.
        # (Sin necesidades pendientes no se tira el dado: los recorridos no cambian.)
        nuevas = ([n for n in pendientes if azar.random() < 0.5]
                  if pendientes and azar.random() < 0.5 else [])
        atendidas = frozenset(sesion.atendidas | set(nuevas))
        # Y a veces nombra algo a lo que el cliente reacciona (`menciona`: «su socio»).
        menciones = sorted({normalizar(m.rstrip("*"))
                            for m in grafo.menciones(self.escenario, nodo)})
        palabras = (frozenset([azar.choice(menciones)])
                    if menciones and azar.random() < 0.5 else frozenset())
        grupos = self.grupos(nodo, sesion.enfado, len(sesion.respuestas) + 1, atendidas,
                             bool(nuevas), palabras)
        combinacion = azar.choice(azar.choice(grupos))
        ejemplos = [azar.choice(self.escenario.necesidades[n].ejemplos)
                    for n in nuevas if self.escenario.necesidades[n].ejemplos]
        if ejemplos:
            # La ayuda la ponen los ejemplos: un fragmento de ayuda genérico («le devuelvo
            # el importe») podría atender por accidente otra necesidad.
            combinacion = {**combinacion, "asiste": False}
        texto = respuesta_al_azar(azar, combinacion)
        return " ".join([texto, *(f"{e[:1].upper()}{e[1:]}." for e in ejemplos),
                         *(f"Hablo de {p}." for p in palabras)])


def _jugar(escenario: Escenario, calificador: Calificador, elector: _Elector,
           recorrido: Recorrido, tope: int) -> None:
    azar = random.Random(recorrido.semilla)
    reloj = RelojManual()
    sesion = Sesion(escenario, calificador, semilla=recorrido.semilla, modo="examen",
                    reloj=reloj)
    # La mitad de los recorridos nunca termina la relación: así se ven los bucles de los
    # que solo se sale despidiendo al cliente.
    prob_terminar = PROB_TERMINAR if azar.random() < 0.5 else 0.0
    try:
        sesion.iniciar()
        recorrido.camino.append(sesion.nodo_actual)
        while not sesion.terminada and recorrido.respuestas < tope \
                and recorrido.silencios <= tope:
            tirada = azar.random()
            espera = sesion.segundos_para_silencio()
            if tirada < PROB_SILENCIO:
                if espera is None:
                    continue  # sin silencio configurado, callar no cambia nada
                reloj.avanzar(espera)
                sesion.comprobar_silencio()
                recorrido.silencios += 1
            elif tirada < PROB_SILENCIO + prob_terminar:
                sesion.terminar_relacion(respuesta_al_azar(azar))
                recorrido.respuestas += 1
            else:
                sesion.responder(elector.respuesta(azar, sesion))
                recorrido.respuestas += 1
            if sesion.nodo_actual != recorrido.camino[-1]:
                recorrido.camino.append(sesion.nodo_actual)
        if sesion.final is not None:
            recorrido.final = (sesion.final.nodo, sesion.final.tipo)
            sesion.resultado()  # que calcular la nota tampoco falle
    except ErrorDeEscenario as exc:
        recorrido.error = str(exc)
        recorrido.error_nodo = exc.nodo or sesion.nodo_actual
        recorrido.error_clave = exc.clave
    except Exception as exc:  # cualquier fallo del motor se informa, no se propaga
        recorrido.error = f"{type(exc).__name__}: {exc}"
        recorrido.error_nodo = sesion.nodo_actual
        recorrido.error_clave = ("nodos", sesion.nodo_actual)


def explorar(escenario: Escenario, calificador: Calificador, recorridos: int = 500,
             semilla: int = 0, tope: int = TOPE_RESPUESTAS,
             al_avanzar: Callable[[], None] | None = None) -> InformeExploracion:
    """Juega `recorridos` sesiones al azar (repetibles con la misma semilla);
    `al_avanzar` se llama tras cada una (para enseñar el progreso)."""
    semillas = random.Random(semilla)
    elector = _Elector(escenario)
    informe = InformeExploracion(escenario)
    for numero in range(1, recorridos + 1):
        recorrido = Recorrido(numero, semillas.randrange(2**31))
        _jugar(escenario, calificador, elector, recorrido, tope)
        informe.recorridos.append(recorrido)
        if al_avanzar is not None:
            al_avanzar()
    return informe
