"""El léxico compilado: conjuntos y expresiones que las reglas consultan miles de veces."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from simulador.formatos.lexico import Lexico
from simulador.texto import Despliegue

# Cuántas palabras tras una negación marca el modelo como negadas («¬devolver»):
# es una decisión del modelo, no del idioma.
ALCANCE_NEGADAS = 3
_LARGO_CONTAR = 200  # palabras; en una lista más larga se cuentan las repetidas de golpe


def _alternativas(opciones: Iterable[str]) -> str:
    # Las más largas primero: «sin embargo» antes que «sin».
    return "|".join(re.escape(o) for o in sorted(set(opciones), key=len, reverse=True))


class Lenguaje:
    """Lo que las reglas y el modelo saben del idioma, sacado de un `Lexico`."""

    def __init__(self, lexico: Lexico) -> None:
        self.negaciones = frozenset(lexico.negaciones)
        self.puentes = frozenset(lexico.puentes_negacion)
        self.alcance = lexico.alcance_negacion
        contraste = _alternativas(lexico.contraste)
        # Una oración que empieza así es del ámbito de la anterior («Lo siento. Pero…»).
        self.contraste = re.compile(rf"\s*(?:{contraste})\b")
        # Un contraste justo detrás de una frase («Disculpe, pero usted…»).
        self.contraste_detras = re.compile(rf"[\s,;:]*(?:{contraste})\b")
        self.negacion = re.compile(rf"\b(?:{_alternativas(lexico.negaciones)})\b")
        self.despliegue = Despliegue(lexico.abreviaturas, lexico.abreviaturas_con_punto)
        dominios = _alternativas(lexico.dominios_enlace)
        self.enlace = re.compile(rf"(?:https?://|www\.)\S+|\b[\w-]+\.(?:{dominios})(?:/\S*)?",
                                 re.IGNORECASE)
        self.enlaces_gramaticales = frozenset(lexico.palabras_enlace)
        self.lista_minimo = lexico.lista_minimo_palabras
        self.lista_proporcion = lexico.lista_proporcion_enlace
        # Una búsqueda barata que decide si merece la pena buscar enlaces.
        self.pista_enlace = re.compile(rf"https?:|www\.|\.(?:{dominios})\b", re.IGNORECASE)

    def es_lista(self, palabras: Sequence[str]) -> bool:
        """¿Es una lista de palabras sueltas y no una oración? (casi sin palabras de enlace)

        Los números (pedidos, importes, direcciones) son datos: no cuentan como palabras.
        """
        if not self.enlaces_gramaticales:
            return False
        if len(palabras) > _LARGO_CONTAR:
            # Un texto pegado repite sus palabras: se mira cada palabra distinta una vez.
            veces = [(p in self.enlaces_gramaticales, n) for p, n in Counter(palabras).items()
                     if not p.isdigit()]
            cuantas = sum(n for _, n in veces)
            if cuantas < self.lista_minimo:
                return False
            return sum(n for enlace, n in veces if enlace) < self.lista_proporcion * cuantas
        letras = [p for p in palabras if not p.isdigit()]
        if len(letras) < self.lista_minimo:
            return False
        enlaces = sum(p in self.enlaces_gramaticales for p in letras)
        return enlaces < self.lista_proporcion * len(letras)

    def negadas(self, palabras: Sequence[str]) -> list[str]:
        """Las palabras bajo una negación, marcadas: «no le podemos devolver» da «¬devolver».

        Así el modelo distingue «le devolvemos el dinero» de «no le devolvemos el
        dinero», que comparten casi todas sus palabras.
        """
        negaciones = self.negaciones
        if negaciones.isdisjoint(palabras):
            return []
        marcadas: list[str] = []
        quedan = 0
        for palabra in palabras:
            if palabra in negaciones:
                quedan = ALCANCE_NEGADAS
            elif quedan:
                marcadas.append("¬" + palabra)
                quedan -= 1
        return marcadas
