"""El léxico compilado: conjuntos y expresiones que las reglas consultan miles de veces."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from simulador.formatos.lexico import Lexico
from simulador.texto import Despliegue

# Cuántas palabras tras una negación marca el modelo como negadas («¬devolver»):
# es una decisión del modelo, no del idioma.
ALCANCE_NEGADAS = 3


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
        # Una búsqueda barata que decide si merece la pena buscar enlaces.
        self.pista_enlace = re.compile(rf"https?:|www\.|\.(?:{dominios})\b", re.IGNORECASE)

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
