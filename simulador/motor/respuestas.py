"""Respuestas de muestra que disparan cada señal de la rúbrica estándar.

Sirven para jugar sesiones al azar (`simulador probar`): combinando un
fragmento por señal se obtiene una respuesta para cada combinación de
señales. Los fragmentos evitan palabras concretas del problema para no
disparar la escucha por accidente; una prueba comprueba que cada
combinación da exactamente sus señales.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from functools import cache
from itertools import product

# El orden importa: la escalada va delante de la disculpa (una disculpa
# seguida de un reproche deja de contar como disculpa).
FRAGMENTOS: dict[str, tuple[str, ...]] = {
    "escalada": ("Cálmese, por favor.", "No es mi problema."),
    "disculpa": ("Lo siento mucho.", "Le pido disculpas."),
    "escucha": ("¿Desde cuándo le ocurre?", "¿Desde qué día le pasa?"),
    "excusa": ("Es nuestra política.", "Son las normas de la empresa."),
    # Ayuda sin objeto concreto: así no atiende por casualidad una necesidad del escenario.
    "asiste": ("Le hago la gestión hoy mismo.", "Mañana a primera hora le llamo yo."),
    "advierte": (
        "Le pido que mantengamos el respeto; si sigue insultando, tendré que terminar la "
        "conversación.",
        "Si continúa con los insultos, tendré que cortar la comunicación.",
    ),
    "termina": ("Doy por terminada esta conversación.", "Voy a finalizar este chat ahora."),
}
NEUTRAS: tuple[str, ...] = ("De acuerdo.", "Un momento.")
SENALES: tuple[str, ...] = tuple(FRAGMENTOS)


@cache
def combinaciones() -> tuple[dict[str, bool], ...]:
    """Las combinaciones posibles de las siete señales del agente (96 de 128).

    Excusa y asiste a la vez no se dan: nombrar una norma mientras se ayuda
    no es excusa (shared/senales.md), así que esas 32 no existen.
    """
    todas = (dict(zip(SENALES, valores, strict=True))
             for valores in product((False, True), repeat=len(SENALES)))
    return tuple(c for c in todas if not (c["excusa"] and c["asiste"]))


def respuesta_con(senales: Mapping[str, bool], variante: int = 0) -> str:
    """Una respuesta corta con exactamente esas señales (en un contexto neutro)."""
    partes = [FRAGMENTOS[s][variante % len(FRAGMENTOS[s])] for s in SENALES if senales.get(s)]
    return " ".join(partes) or NEUTRAS[variante % len(NEUTRAS)]


def respuesta_al_azar(azar: random.Random, senales: Mapping[str, bool] | None = None) -> str:
    combinacion = senales if senales is not None else azar.choice(combinaciones())
    return respuesta_con(combinacion, azar.randrange(2))
