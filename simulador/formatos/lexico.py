"""Formato del léxico: las palabras del idioma que leen las reglas del calificador.

Negaciones, palabras de contraste, abreviaturas de chat, abreviaturas con
punto que no cierran la oración y dominios de enlaces. No son de ninguna
señal: son del español escrito en un chat. Viven en un archivo de datos
(`lexicos/espanol.yaml`, o `<rúbrica>.lexico.yaml` junto a una rúbrica) para
que un formador de otra región pueda ampliarlas sin tocar código, y se
validan como cualquier otro archivo suyo.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from simulador.formatos.base import Modelo
from simulador.texto import normalizar


def _una_palabra(texto: str) -> str:
    normal = normalizar(texto.strip())
    if not normal or not normal.isalnum():
        raise ValueError(f"«{texto}» debe ser una sola palabra, sin espacios ni signos")
    return normal


def _palabras(texto: str) -> str:
    normal = " ".join(normalizar(texto).split())
    if not normal or not all(p.isalnum() for p in normal.split()):
        raise ValueError(f"«{texto}» debe tener solo palabras, sin signos")
    return normal


def _dominio(texto: str) -> str:
    normal = texto.strip().lower().lstrip(".")
    if not normal.isascii() or not normal.isalpha() or not 2 <= len(normal) <= 12:
        raise ValueError(f"«{texto}» no es un dominio de primer nivel (com, es, mx…)")
    return normal


def _expansion(texto: str) -> str:
    return _palabras(texto) if texto.strip() else ""


Palabra = Annotated[str, AfterValidator(_una_palabra)]
Expansion = Annotated[str, AfterValidator(_expansion)]  # vacía: la abreviatura se borra («xd»)
Palabras = Annotated[str, AfterValidator(_palabras)]
Dominio = Annotated[str, AfterValidator(_dominio)]


class Lexico(Modelo):
    """El léxico que usan las reglas (las palabras se comparan sin tildes ni mayúsculas)."""

    descripcion: str = Field("", description=(
        "Para qué región o uso es este léxico, en una frase: «Español de España y de "
        "América, escrito en chat»."))
    negaciones: list[Palabra] = Field(min_length=1, description=(
        "Palabras que niegan lo que sigue: «no le voy a decir que es nuestra política» "
        "no es una excusa."))
    puentes_negacion: list[Palabra] = Field(default_factory=list, description=(
        "Palabras que pueden ir entre la negación y la frase sin cortar su alcance "
        "(«no LE VOY A DECIR QUE es…»)."))
    alcance_negacion: Annotated[int, Field(ge=1, le=12)] = Field(6, description=(
        "Cuántas palabras puente, como mucho, entre la negación y la frase."))
    contraste: list[Palabras] = Field(min_length=1, description=(
        "Palabras que unen una oración con la anterior («pero», «sin embargo»): lo que "
        "dicen pertenece al mismo ámbito."))
    abreviaturas: dict[Palabra, Expansion] = Field(default_factory=dict, description=(
        "Abreviaturas de chat y su forma completa («xq»: «porque»)."))
    abreviaturas_con_punto: list[Palabra] = Field(default_factory=list, description=(
        "Abreviaturas cuyo punto no cierra la oración («Sra.», «Dr.», «aprox.»)."))
    palabras_enlace: list[Palabra] = Field(default_factory=list, description=(
        "Artículos, preposiciones, pronombres y conjunciones: casi toda respuesta escrita "
        "por una persona lleva alguna. Una respuesta larga sin ellas es una lista de "
        "palabras clave (ver «no_en_listas» en la rúbrica)."))
    lista_minimo_palabras: Annotated[int, Field(ge=2, le=50)] = Field(6, description=(
        "Palabras (sin contar números) a partir de las cuales una respuesta puede ser "
        "una lista."))
    lista_proporcion_enlace: Annotated[float, Field(ge=0, le=1)] = Field(0.15, description=(
        "Una respuesta con al menos «lista_minimo_palabras» y menos de esta proporción de "
        "palabras de enlace es una lista."))
    dominios_enlace: list[Dominio] = Field(min_length=1, description=(
        "Terminaciones de dirección web que se reconocen como enlace (com, es, mx…)."))

    @model_validator(mode="after")
    def _sin_contradicciones(self) -> Lexico:
        ambas = set(self.negaciones) & set(self.puentes_negacion)
        if ambas:
            raise ValueError(f"«{sorted(ambas)[0]}» no puede ser a la vez negación y puente")
        return self
