"""Lo que necesita el cliente y si una respuesta se lo da.

Un escenario declara las necesidades de su cliente («saber cuándo vuelve el
servicio», «que le descuenten los días sin servicio»), cada una con palabras
que la nombran y ejemplos de respuestas que la atienden. Una respuesta atiende
una necesidad si trae ayuda concreta (la señal `asiste` del calificador) y una
de sus oraciones de ayuda habla de ella: contiene una de sus palabras o se
parece a uno de sus ejemplos (rapidfuzz, sin las palabras de enlace del
léxico). Así el relleno («lo reviso y le digo algo») no atiende nada, y una
ayuda para otra cosa tampoco.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from simulador.calificador import Calificador, ResultadoTurno
from simulador.formatos.escenario import Escenario, menciona
from simulador.texto import lista_palabras, normalizar

# La señal del calificador que dice que hubo ayuda concreta.
SENAL_AYUDA = "asiste"
# Fin de oración; el punto de «38.000» o «1.5» no lo es.
_FIN_ORACION = re.compile(r"(?:\.(?!\d)|[!?;\n])+")


@dataclass(frozen=True)
class _Necesidad:
    palabras: tuple[str, ...]  # como en el escenario: «descuent*» admite terminaciones
    acciones: tuple[str, ...]  # si hay, la oración también dice qué se hace («devuel*»)
    ejemplos: tuple[str, ...]  # ya normalizados y sin palabras de enlace
    parecido: int


class JuezNecesidades:
    """Decide qué necesidades del escenario atiende cada respuesta."""

    def __init__(self, escenario: Escenario, calificador: Calificador) -> None:
        lenguaje = calificador.lenguaje
        self._despliegue = lenguaje.despliegue
        self._enlace = lenguaje.enlaces_gramaticales
        self._necesidades: dict[str, _Necesidad] = {}
        for nombre, necesidad in escenario.necesidades.items():
            self._necesidades[nombre] = _Necesidad(
                tuple(necesidad.palabras), tuple(necesidad.acciones),
                tuple(self._limpio(e) for e in necesidad.ejemplos), necesidad.parecido)

    def _limpio(self, texto: str) -> str:
        return " ".join(p for p in lista_palabras(normalizar(texto, self._despliegue))
                        if p not in self._enlace)

    def atendidas(self, texto: str, calificacion: ResultadoTurno) -> set[str]:
        """Las necesidades que atiende esta respuesta (vacío si no trae ayuda concreta)."""
        if not self._necesidades or not calificacion.senales.get(SENAL_AYUDA):
            return set()
        oraciones = list(_oraciones_de_ayuda(texto, (
            (e.inicio, e.fin) for e in calificacion.evidencias if e.senal == SENAL_AYUDA)))
        atendidas: set[str] = set()
        for oracion in oraciones:
            normal = normalizar(oracion, self._despliegue)
            palabras = lista_palabras(normal)
            limpia = " ".join(p for p in palabras if p not in self._enlace)
            for nombre, necesidad in self._necesidades.items():
                if nombre not in atendidas and (_nombra(necesidad, palabras) or any(
                        fuzz.token_set_ratio(limpia, e) >= necesidad.parecido
                        for e in necesidad.ejemplos)):
                    atendidas.add(nombre)
        return atendidas


def _nombra(necesidad: _Necesidad, palabras: list[str]) -> bool:
    """¿Dice la oración una palabra de la necesidad y, si se piden, lo que se hace con ella?"""
    return menciona(necesidad.palabras, palabras) and (
        not necesidad.acciones or menciona(necesidad.acciones, palabras))


def _oraciones_de_ayuda(texto: str, tramos: Iterable[tuple[int, int]]) -> list[str]:
    """Las oraciones del texto que contienen algún tramo de ayuda (en orden, sin repetir)."""
    cortes = [m.end() for m in _FIN_ORACION.finditer(texto)]
    inicios = [0, *cortes]
    elegidas = sorted({bisect_right(inicios, inicio) - 1 for inicio, _ in tramos})
    finales = [*cortes, len(texto)]
    return [texto[inicios[i]:finales[i]] for i in elegidas if 0 <= i < len(finales)]
