"""Una respuesta troceada para las reglas: oraciones, citas y coincidencias."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from simulador.calificador.frases import Buscador, Coincidencia
from simulador.calificador.lenguaje import Lenguaje
from simulador.texto import TextoNormal

_FIN_ORACION = re.compile(r"[.!?;\n]+")
_CORTE_CLAUSULA = re.compile(r"[,.;:!?\n]")
_PALABRA = re.compile(r"[^\W_]+")
_LISTA_CORTA = 16  # hasta aquí, mirarlas todas es más barato que ordenarlas


class Analisis:
    """Todo lo que las reglas preguntan sobre un texto, calculado una vez y solo si hace falta.

    Las oraciones, negaciones y citas se calculan al pedirlas: un turno sin
    coincidencias (lo más común) no paga por ellas.
    """

    __slots__ = ("_ambitos", "_citas", "_cortes", "_indices", "_inicios", "_inicios_citas",
                 "_inicios_palabras", "_negaciones", "_oraciones", "_palabras", "_solo_palabras",
                 "_tramos_palabras", "coincidencias", "lenguaje", "normal", "sin_citas",
                 "sin_negaciones", "texto")

    def __init__(self, texto: TextoNormal, lenguaje: Lenguaje) -> None:
        self.texto = texto
        self.lenguaje = lenguaje
        self.normal = texto.normal  # el texto que leen las reglas
        # Dos preguntas baratas que ahorran las caras en casi todas las respuestas.
        self.sin_citas = '"' not in texto.normal
        self.sin_negaciones = lenguaje.negaciones.isdisjoint(texto.lista_palabras)
        self.coincidencias: dict[str, list[Coincidencia]] = {}
        self._oraciones: list[tuple[int, int]] | None = None
        self._inicios: list[int] = []
        self._citas: list[tuple[int, int]] | None = None
        self._palabras: list[tuple[str, int, int]] | None = None
        self._inicios_palabras: list[int] | None = None
        self._solo_palabras: list[str] | None = None
        self._tramos_palabras: list[tuple[int, int]] | None = None
        self._inicios_citas: list[int] = []
        # Listas largas de coincidencias ya ordenadas para preguntar qué pisan (ver `pisa`).
        self._indices: dict[int, tuple[list[Coincidencia], list[int], list[int]]] = {}
        self._negaciones: list[int] | None = None
        self._ambitos: dict[int, tuple[int, int]] | None = None
        self._cortes: list[int] | None = None  # posiciones de los cortes de cláusula

    @classmethod
    def de(cls, texto: str, buscador: Buscador, lenguaje: Lenguaje) -> Analisis:
        analisis = cls(TextoNormal(texto, buscador.corrector), lenguaje)
        analisis.coincidencias = buscador.buscar_por_grupo(analisis.texto.normal)
        return analisis

    def _trocear(self) -> list[tuple[int, int]]:
        normal = self.normal
        oraciones: list[tuple[int, int]] = []
        inicio = 0
        for m in _FIN_ORACION.finditer(normal):
            oraciones.append((inicio, m.end()))
            inicio = m.end()
        if inicio < len(normal) or not oraciones:
            oraciones.append((inicio, len(normal)))
        self._oraciones = oraciones
        self._inicios = [o[0] for o in oraciones]
        return oraciones

    @property
    def oraciones(self) -> list[tuple[int, int]]:
        return self._oraciones if self._oraciones is not None else self._trocear()

    def grupo(self, nombre: str) -> list[Coincidencia]:
        return self.coincidencias.get(nombre, [])

    def oracion(self, posicion: int) -> tuple[int, int]:
        oraciones = self.oraciones
        return oraciones[max(bisect_right(self._inicios, posicion) - 1, 0)]

    def ambito(self, posicion: int) -> tuple[int, int]:
        """La oración de la posición, y la siguiente si empieza con un «pero»."""
        oraciones = self.oraciones
        i = max(bisect_right(self._inicios, posicion) - 1, 0)
        if self._ambitos is None:
            self._ambitos = {}
        elif i in self._ambitos:
            return self._ambitos[i]
        inicio, fin = oraciones[i]
        if i + 1 < len(oraciones):
            sig_inicio, sig_fin = oraciones[i + 1]
            if self.lenguaje.contraste.match(self.normal, sig_inicio):
                fin = sig_fin
        # Y la anterior si esta empieza con «pero»: «Lo siento. Pero usted…».
        if i > 0 and self.lenguaje.contraste.match(self.normal, inicio):
            inicio = oraciones[i - 1][0]
        self._ambitos[i] = (inicio, fin)
        return inicio, fin

    def _tramos_citados(self) -> list[tuple[int, int]]:
        citas = self._citas
        if citas is None:
            normal = self.normal
            comillas = [] if self.sin_citas else [i for i, x in enumerate(normal) if x == '"']
            citas = self._citas = list(zip(comillas[::2], comillas[1::2], strict=False))
            self._inicios_citas = [a for a, _ in citas]  # una comilla sin cerrar no abre
        return citas

    def _entre_comillas(self, inicio: int, fin: int) -> bool:
        """¿Va [inicio, fin) dentro de una cita (tras su comilla de apertura)?

        Las citas van en orden y no se pisan: basta mirar la última que se abre antes
        de `inicio` (las anteriores se cierran antes). Logarítmico: un texto de 100 KB
        lleno de citas no compara cada palabra con todas.
        """
        citas = self._tramos_citados()
        k = bisect_left(self._inicios_citas, inicio) - 1
        return k >= 0 and fin <= citas[k][1]

    def citado(self, c: Coincidencia) -> bool:
        return self._entre_comillas(c.inicio, c.fin)

    def palabras_propias(self) -> list[str]:
        """Las palabras del texto normalizado que no van entre comillas: citar no es decir."""
        if self.sin_citas:
            return self.texto.lista_palabras
        entre_comillas = self._entre_comillas
        return [p for p, i, f in self.palabras() if not entre_comillas(i, f)]

    def pisa(self, lista: list[Coincidencia], inicio: int, fin: int) -> bool:
        """¿Pisa alguna coincidencia de la lista el tramo [inicio, fin)?

        Una lista larga (un texto pegado con la misma frase mil veces) se ordena una
        vez y cada pregunta es logarítmica.
        """
        if len(lista) <= _LISTA_CORTA:
            return any(x.inicio < fin and x.fin > inicio for x in lista)
        indice = self._indices.get(id(lista))
        if indice is None or indice[0] is not lista:
            ordenadas = sorted((x.inicio, x.fin) for x in lista)
            hasta = list(accumulate((f for _, f in ordenadas), max))
            indice = self._indices[id(lista)] = (lista, [i for i, _ in ordenadas], hasta)
        _, inicios, hasta = indice
        k = bisect_left(inicios, fin)  # las que empiezan antes de `fin`
        return k > 0 and hasta[k - 1] > inicio

    def negado(self, c: Coincidencia) -> bool:
        """Una negación gobierna la frase: «no tengo por qué disculparme»."""
        negaciones = self._negaciones
        if negaciones is None:
            # Sin ninguna palabra de negación (lo común) no hace falta buscar dónde están.
            negaciones = self._negaciones = (
                [] if self.sin_negaciones
                else [m.start() for m in self.lenguaje.negacion.finditer(self.normal)])
        if not negaciones or negaciones[0] >= c.inicio:  # ninguna negación antes
            return False
        inicio_oracion = self.oracion(c.inicio)[0]
        # Las negaciones van en orden: basta mirar la primera desde el inicio de la oración.
        k = bisect_left(negaciones, inicio_oracion)
        if k == len(negaciones) or negaciones[k] >= c.inicio:
            return False
        # La negación vale desde el último corte de cláusula de la oración («, .;:!?»):
        # se busca con el índice de cortes y de palabras, sin recorrer la oración
        # entera en cada coincidencia (un mensaje de 100 KB sin puntos es una oración).
        cortes = self._cortes
        if cortes is None:
            cortes = self._cortes = [m.start() for m in _CORTE_CLAUSULA.finditer(self.normal)]
        j = bisect_left(cortes, c.inicio) - 1
        corte = cortes[j] + 1 if j >= 0 and cortes[j] >= inicio_oracion else inicio_oracion
        lenguaje = self.lenguaje
        alcance = lenguaje.alcance
        inicios = self._inicios_de_palabras()
        hasta = bisect_left(inicios, c.inicio)
        cercanas = self.palabras()[max(bisect_left(inicios, corte), hasta - alcance - 1):hasta]
        for distancia, (palabra, _, fin) in enumerate(reversed(cercanas)):
            if distancia == 0 and fin > c.inicio:  # la coincidencia empieza dentro de ella
                palabra = palabra[:len(palabra) - (fin - c.inicio)]
            if palabra in lenguaje.negaciones:
                return True
            if palabra not in lenguaje.puentes or distancia >= alcance:
                return False
        return False

    def hay_en(self, nombre: str, inicio: int, fin: int) -> bool:
        return any(c.inicio < fin and c.fin > inicio for c in self.grupo(nombre))

    def palabras(self) -> list[tuple[str, int, int]]:
        if self._palabras is None:
            self._palabras = self.texto.palabras()
        return self._palabras

    def solo_palabras(self) -> list[str]:
        """Las palabras de `palabras()` sin sus posiciones."""
        if self._solo_palabras is None:
            self._solo_palabras = [p for p, _, _ in self.palabras()]
        return self._solo_palabras

    def _inicios_de_palabras(self) -> list[int]:
        inicios = self._inicios_palabras
        if inicios is None:
            inicios = self._inicios_palabras = [i for _, i, _ in self.palabras()]
        return inicios

    def palabras_en(self, inicio: int, fin: int) -> list[tuple[str, int, int]]:
        """Las palabras que empiezan en [inicio, fin), sin recorrer las demás."""
        inicios = self._inicios_de_palabras()
        return self.palabras()[bisect_left(inicios, inicio):bisect_left(inicios, fin)]

    def tramos_de_palabras(self) -> list[tuple[int, int]]:
        """Por cada oración con palabras, en orden, el tramo [desde, hasta) de sus
        palabras en `palabras()`: las oraciones cubren el texto seguidas, así que cada
        palabra cae en la oración donde empieza."""
        tramos = self._tramos_palabras
        if tramos is None:
            inicios = self._inicios_de_palabras()
            tramos = self._tramos_palabras = []
            for inicio, fin in self.oraciones:
                desde, hasta = bisect_left(inicios, inicio), bisect_left(inicios, fin)
                if hasta > desde:
                    tramos.append((desde, hasta))
        return tramos
