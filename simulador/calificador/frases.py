"""Buscar cientos de frases a la vez en una respuesta: Aho-Corasick y erratas.

Cada frase de la rúbrica se normaliza como el texto (sin tildes ni
mayúsculas), se despliega en sus alternativas («pido (perdon|disculpas)») y
se indexa por su parte literal en un autómata Aho-Corasick, de modo que una
sola pasada por la respuesta encuentra todos los candidatos. Un «*» al final
de una palabra admite cualquier terminación; eso se comprueba con una
expresión regular, pero solo en los sitios que el autómata ya señaló.

Las erratas se cubren sin búsqueda difusa por respuesta: al compilar se
calculan las variantes de una errata de las palabras largas de la rúbrica
(una letra de menos, dos letras cambiadas de sitio, confusiones fonéticas
como s/c/z o b/v), y el texto se corrige palabra a palabra antes de buscar.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from simulador.texto import ABREVIATURAS, normalizar

_ALTERNATIVAS = re.compile(r"\(([^()]*)\)")
_CONFUSIONES = [("c", "s"), ("s", "c"), ("z", "s"), ("s", "z"), ("c", "z"), ("z", "c"),
                ("b", "v"), ("v", "b"), ("ll", "y"), ("y", "ll"), ("h", ""), ("qu", "k"),
                ("gu", "g"), ("j", "g"), ("g", "j"), ("rr", "r"), ("cc", "c"), ("sc", "s")]
_MAX_ALTERNATIVAS = 20_000
_LARGO_MINIMO_ERRATA = 6
_CACHE_MAXIMO = 100_000


def desplegar(frase: str) -> list[str]:
    """«pido (perdon|disculpas)» → ["pido perdon", "pido disculpas"]; admite anidados."""
    pendientes = [frase]
    resultado: list[str] = []
    vistos: set[str] = set()
    while pendientes and len(resultado) < _MAX_ALTERNATIVAS:
        actual = pendientes.pop()
        m = _ALTERNATIVAS.search(actual)  # el primer grupo sin paréntesis dentro
        if m is None:
            texto = " ".join(actual.split())
            if texto and texto not in vistos:
                vistos.add(texto)
                resultado.append(texto)
            continue
        for opcion in reversed(m.group(1).split("|")):
            pendientes.append(actual[: m.start()] + " " + opcion.strip() + " " + actual[m.end():])
    return resultado


def erratas(palabra: str) -> dict[str, int]:
    """Variantes de una sola errata de una palabra larga, con su rareza (0 = la más común).

    Las confusiones fonéticas (s/c/z, b/v…) son las más comunes; luego dos
    letras cambiadas de sitio; la letra de menos, solo en palabras largas
    («tardo» no debe leerse «tarado»).
    """
    if len(palabra) < _LARGO_MINIMO_ERRATA or not palabra.isalpha():
        return {}
    variantes: dict[str, int] = {}

    def anotar(variante: str, rareza: int) -> None:
        if variante != palabra and len(variante) >= _LARGO_MINIMO_ERRATA - 1:
            variantes[variante] = min(rareza, variantes.get(variante, rareza))

    for de, a in _CONFUSIONES:
        inicio = palabra.find(de)
        while inicio != -1:
            anotar(palabra[:inicio] + a + palabra[inicio + len(de):], 0)
            inicio = palabra.find(de, inicio + 1)
    for i in range(1, len(palabra) - 1):
        anotar(palabra[:i] + palabra[i + 1] + palabra[i] + palabra[i + 2:], 1)
    if len(palabra) > _LARGO_MINIMO_ERRATA:
        for i in range(1, len(palabra)):
            anotar(palabra[:i] + palabra[i + 1:], 2)
    return variantes


@dataclass(frozen=True)
class Patron:
    """Una frase ya desplegada y normalizada, lista para buscar."""

    grupo: str  # a quién pertenece: «disculpa», «disculpa:anulan»…
    frase: str  # la frase tal como la escribió el formador
    literal: str  # lo que se busca con el autómata
    cola: re.Pattern[str] | None  # lo que debe seguir al literal, si hay comodines
    abierta: bool  # termina en «*»: no exige fin de palabra


@dataclass(frozen=True)
class Coincidencia:
    grupo: str
    frase: str
    inicio: int  # en el texto normalizado
    fin: int


def _patrones(grupo: str, frase: str) -> Iterator[Patron]:
    for forma in desplegar(normalizar(frase)):
        while forma.endswith(" *"):  # «… *» al final: «y lo que siga», que puede no haber
            forma = forma[:-2].rstrip()
        literal, _, resto = forma.partition("*")
        cola = None
        if resto.strip("*"):
            cola = re.compile(
                "[^\\W_]*" + re.escape(resto.rstrip("*")).replace("\\*", "[^\\W_]*")
            )
        yield Patron(grupo, frase, literal, cola, forma.endswith("*") or (
            cola is None and "*" in forma))


class Corrector:
    """Corrige erratas de una letra en las palabras que usa la rúbrica.

    Solo toca palabras que no están en el vocabulario de la rúbrica y que a
    una errata de distancia son una palabra (o un comienzo «disculp*») de
    ella; si una variante podría venir de dos palabras, no se corrige.
    """

    def __init__(self, palabras: Iterable[str], respetar: Iterable[str] = ()) -> None:
        completas: set[str] = set()
        prefijos: set[str] = set()
        for palabra in palabras:
            (prefijos if palabra.endswith("*") else completas).add(palabra.rstrip("*"))
        self._conocidas = completas | set(respetar)
        self._prefijos = prefijos
        variantes: dict[str, str | None] = {}
        rarezas: dict[str, int] = {}
        for palabra in sorted(completas | prefijos):
            for variante, rareza in erratas(palabra).items():
                previa = rarezas.get(variante)
                if previa is None or rareza < previa:
                    variantes[variante], rarezas[variante] = palabra, rareza
                elif rareza == previa and variantes[variante] != palabra:
                    variantes[variante] = None  # ambigua: no se corrige
        self._completas = {v: p for v, p in variantes.items()
                           if p in completas and v not in self._conocidas}
        self._de_prefijo = {v: p for v, p in variantes.items()
                            if p in prefijos and v not in self._conocidas}
        self._largos = sorted({len(v) for v in self._de_prefijo}, reverse=True)
        self._largos_reales = sorted({len(p) for p in prefijos}, reverse=True)
        self._cache: dict[str, str | None] = {}
        self._sin_cambios: set[str] = set()

    def cambia(self, palabras: Iterable[str]) -> bool:
        """¿Hay alguna palabra que desplegar o corregir? Rápido para lo ya visto."""
        nuevas = set(palabras) - self._sin_cambios
        if not nuevas:
            return False
        hay = False
        for palabra in nuevas:
            if self(palabra) is None:
                if len(self._sin_cambios) > _CACHE_MAXIMO:
                    self._sin_cambios.clear()
                self._sin_cambios.add(palabra)
            else:
                hay = True
        return hay

    def __call__(self, palabra: str) -> str | None:
        """La palabra desplegada o corregida, o None si se queda como está."""
        try:
            return self._cache[palabra]
        except KeyError:
            pass
        nueva = ABREVIATURAS.get(palabra)
        if nueva is None:
            nueva = self._corregir(palabra)
        if len(self._cache) > _CACHE_MAXIMO:
            self._cache.clear()
        self._cache[palabra] = nueva
        return nueva

    def _corregir(self, palabra: str) -> str | None:
        if len(palabra) < _LARGO_MINIMO_ERRATA - 1 or palabra in self._conocidas:
            return None
        corregida = self._completas.get(palabra)
        if corregida is not None:
            return corregida
        for largo in self._largos_reales:
            if palabra[:largo] in self._prefijos:
                return None
        for largo in self._largos:
            if largo <= len(palabra):
                prefijo = self._de_prefijo.get(palabra[:largo])
                if prefijo is not None:
                    return prefijo + palabra[largo:]
        return None


class Buscador:
    """Un autómata con todas las frases de todos los grupos de una rúbrica."""

    def __init__(self, frases: Iterable[tuple[str, str, bool]],
                 respetar: Iterable[str] = ()) -> None:
        self._automata = ahocorasick.Automaton()
        indice: dict[str, list[Patron]] = {}
        con_erratas: set[str] = set()
        for grupo, frase, erratas_si in frases:
            for patron in _patrones(grupo, frase):
                if patron.literal:
                    indice.setdefault(patron.literal, []).append(patron)
            if erratas_si:
                for forma in desplegar(normalizar(frase)):
                    con_erratas.update(w for w in forma.split(" ") if w.strip("*").isalpha())
        for literal, patrones in indice.items():
            self._automata.add_word(literal, (len(literal), tuple(patrones)))
        self.vacio = not indice
        if not self.vacio:
            self._automata.make_automaton()
        self.corrector = Corrector(con_erratas, respetar)

    def buscar(self, normal: str) -> list[Coincidencia]:
        """Todas las coincidencias con límites de palabra, por orden de aparición."""
        if self.vacio:
            return []
        encontradas: list[Coincidencia] = []
        largo_texto = len(normal)
        for final, (largo, patrones) in self._automata.iter(normal):
            inicio = final - largo + 1
            if inicio > 0 and normal[inicio - 1].isalnum():
                continue
            for patron in patrones:
                fin = final + 1
                if patron.cola is not None:
                    m = patron.cola.match(normal, fin)
                    if m is None:
                        continue
                    fin = m.end()
                if patron.abierta:
                    while fin < largo_texto and normal[fin].isalnum():
                        fin += 1
                elif fin < largo_texto and normal[fin].isalnum():
                    continue
                encontradas.append(Coincidencia(patron.grupo, patron.frase, inicio, fin))
        encontradas.sort(key=lambda c: (c.inicio, -c.fin))
        return encontradas
