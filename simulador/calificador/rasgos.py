"""Qué mira la capa aprendida de una respuesta: lo mismo al entrenar y al calificar.

Las palabras salen del texto ya normalizado por el calificador (minúsculas,
sin tildes, erratas corregidas), así que el modelo y las reglas leen lo
mismo. Cada rasgo es lineal por palabra: el peso de una palabra (su unigrama
y sus trozos de letras) se calcula una vez y se reutiliza en cada respuesta
que la contenga, y por eso calificar sigue siendo lineal en el largo.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from simulador.calificador.lenguaje import Lenguaje

# Trozos de letras de 3 a 5 con los bordes de la palabra marcados: «perdon»
# da « pe», «per», … Reconocen familias de palabras y erratas que las
# palabras enteras no ven.
TROZOS = (3, 4, 5)
LARGO_UTIL = 4  # palabras del cliente que cuentan para el solapamiento
NOMBRES_DENSOS = ("mayusculas", "exclamaciones", "pregunta", "largo", "solapa",
                  "solapa_proporcion", "numero_compartido", "enlace")

_NUMERO = re.compile(r"\d{2,}")
_CORREO = re.compile(r"\S+@\S+")  # un correo no es un enlace a la ayuda


def trozos(palabra: str) -> list[str]:
    """Los trozos de letras de una palabra (con « » en los bordes)."""
    marcada = f" {palabra} "
    largo = len(marcada)
    return [marcada[i:i + n] for n in TROZOS for i in range(largo - n + 1)]


def bigramas(palabras: Sequence[str]) -> list[str]:
    return [f"{a} {b}" for a, b in pairwise(palabras)]


@dataclass(slots=True)
class MemoriaCliente:
    """Las palabras y números que el cliente ha dicho: para ver si la respuesta los recoge."""

    palabras: set[str] = field(default_factory=set)
    numeros: set[str] = field(default_factory=set)

    def anadir(self, palabras: Iterable[str], original: str) -> None:
        self.palabras.update(p for p in palabras if len(p) >= LARGO_UTIL)
        self.numeros.update(_NUMERO.findall(original))


# Casi todo el texto de un chat en español cabe en Latin-1: contar letras y mayúsculas
# borrando bytes con una tabla es cien veces más rápido que mirar letra a letra.
_NO_LETRA = bytes(b for b in range(256) if not chr(b).isalpha())
_NO_MAYUSCULA = bytes(b for b in range(256) if not chr(b).isupper())


def _letras_y_mayusculas(original: str) -> tuple[int, int]:
    if original.islower():
        return 0, 0
    try:
        crudo = original.encode("latin-1")
    except UnicodeEncodeError:  # emojis u otras escrituras: letra a letra
        letras = [c for c in original if c.isalpha()]
        return len(letras), sum(c.isupper() for c in letras)
    return len(crudo.translate(None, _NO_LETRA)), len(crudo.translate(None, _NO_MAYUSCULA))


def densos(original: str, palabras: Sequence[str], memoria: MemoriaCliente | None,
           lenguaje: Lenguaje) -> tuple[float, ...]:
    """Rasgos que no son palabras: gritos, preguntas, largo y lo que recoge del cliente."""
    letras, mayusculas = _letras_y_mayusculas(original)
    proporcion = mayusculas / letras if letras >= 8 else 0.0
    solapa = proporcion_recogida = numero = 0.0
    if memoria is not None:
        if memoria.palabras:
            utiles = {p for p in palabras if len(p) >= LARGO_UTIL}
            if utiles:
                recogidas = len(memoria.palabras.intersection(utiles))
                solapa = min(recogidas, 5) / 5.0
                proporcion_recogida = recogidas / len(utiles)
        if memoria.numeros and not memoria.numeros.isdisjoint(_NUMERO.findall(original)):
            numero = 1.0
    return (
        proporcion,
        1.0 if ("!!" in original or "¡¡" in original) else 0.0,
        1.0 if "?" in original else 0.0,
        min(math.log1p(len(palabras)) / 5.0, 1.5),
        solapa,
        proporcion_recogida,
        numero,
        1.0 if lenguaje.pista_enlace.search(_CORREO.sub(" ", original) if "@" in original
                                            else original)
        else 0.0,
    )
