"""Normalizar el español escrito en un chat sin perder dónde estaba cada letra.

Minúsculas, sin tildes, letras repetidas reducidas («perdoooon» → «perdon»),
abreviaturas de chat desplegadas con las del léxico («xq» → «porque») y, si
se da un corrector, erratas corregidas (el corrector recibe cada palabra tal
cual y hace también lo anterior). Cada tramo del texto normalizado se puede llevar de
vuelta al texto original, para que la evidencia que ve el agente sea
exactamente lo que escribió.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Protocol

_COMILLAS = {**dict.fromkeys("«»“”„‟‹›", '"'), **dict.fromkeys("‘’‚‛´`", "'"), "\u00a0": " "}


def _traduccion(codigo: int) -> str | None:
    """Lo que pasa a ser un carácter (misma longitud): minúsculas y sin tildes; None si
    se queda igual."""
    if codigo < 0x20 or codigo == 0x7F:
        return "\n" if codigo == 0x0A else " "
    caracter = chr(codigo)
    cambio = _COMILLAS.get(caracter)
    if cambio is not None:
        return cambio
    if codigo >= 0x2000:
        return None
    base = "".join(
        c for c in unicodedata.normalize("NFD", caracter.lower())
        if not unicodedata.combining(c)
    )
    return base if len(base) == 1 and base != caracter else None


@cache
def _tabla() -> dict[int, str]:
    """La traducción de todos los caracteres que cambian. Solo la usa un texto que no cabe
    en un byte por letra (emojis, otras escrituras): construirla cuesta una centésima que
    un archivo normal no paga al arrancar."""
    tabla: dict[int, str] = {}
    for codigo in [*range(0x2000), *map(ord, _COMILLAS)]:
        cambio = _traduccion(codigo)
        if cambio is not None:
            tabla[codigo] = cambio
    return tabla

_COMBINANTES = re.compile(r"[\u0300-\u036f]")  # tildes sueltas (texto en NFD)
_REESCRITURA = re.compile(
    r"[\u0300-\u036f]+"  # tildes sueltas (texto en NFD)
    r"| {2,}| ?\n\s*"  # espacios seguidos; saltos de línea con su sangría
)
_REPETIDAS = re.compile(r"([a-z])\1{2,}")  # letras repetidas: «perdoooon»
_PALABRA = re.compile(r"[^\W_]+")

# El español de un chat cabe casi siempre en Latin-1, y si no, en Windows-1252 (que
# añade «€», las comillas tipográficas y las rayas): traducir bytes con una tabla de
# 256 entradas es varias veces más rápido que `str.translate` con un diccionario.
def _tablas_de_bytes(codificacion: str) -> tuple[bytes, bytes]:
    """Las tablas de traducir y de separar palabras para una codificación de un byte."""
    traducir = bytearray(range(256))
    separar = bytearray(range(256))
    for b in range(256):
        try:
            caracter = bytes([b]).decode(codificacion)
        except UnicodeDecodeError:
            continue  # un byte que esa codificación no usa nunca aparece al codificar
        traducir[b] = (_traduccion(ord(caracter)) or caracter).encode(codificacion)[0]
        if not caracter.isalnum():
            separar[b] = 0x20
    return bytes(traducir), bytes(separar)


_BYTES = [(codificacion, *_tablas_de_bytes(codificacion))
          for codificacion in ("latin-1", "cp1252")]


def _traducir(texto: str) -> str:
    for codificacion, tabla, _ in _BYTES:
        try:
            return texto.encode(codificacion).translate(tabla).decode(codificacion)
        except UnicodeEncodeError:
            continue
    return texto.translate(_tabla())  # emojis, otras escrituras


# Lo que no debe llegar tal cual a una terminal: controles C0 y C1 (ESC abre secuencias
# que borran la pantalla o cambian el título), DEL, marcas de dirección que dan la vuelta
# al texto y caracteres invisibles. El salto de línea y el tabulador sí pasan.
# Y las mitades sueltas de un par UTF-16 (un JSON con «\ud800»): no se pueden escribir.
_CLASE_PELIGROSOS = ("\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200c\u200e\u200f"
                     "\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff")
_PELIGROSOS = re.compile(f"[{_CLASE_PELIGROSOS}]")
# Para las cajas de texto de la interfaz: solo se admite lo que no contiene ninguno.
SIN_PELIGROSOS = f"[^{_CLASE_PELIGROSOS}]*"


def _a_la_vista(m: re.Match[str]) -> str:
    caracter = m.group()
    codigo = ord(caracter)
    if codigo < 0x20:
        return chr(0x2400 + codigo)  # «␛» para ESC: se ve qué había
    if codigo == 0x7F:
        return "\u2421"
    return "\ufffd"


def visible(texto: str) -> str:
    """El texto de otros (escenarios, nombres, transcripciones) listo para una terminal:
    las secuencias de escape y los caracteres invisibles se ven en vez de actuar."""
    return _PELIGROSOS.sub(_a_la_vista, texto) if _PELIGROSOS.search(texto) else texto


def escapar_json(json_texto: str) -> str:
    """Un JSON ya escrito, con lo peligroso como «\\u001b»: es el mismo JSON (un programa
    lee los mismos datos), pero una terminal no ejecuta nada al mostrarlo. Fuera de las
    cadenas un JSON solo tiene ASCII imprimible, así que solo se tocan cadenas."""
    if _PELIGROSOS.search(json_texto) is None:
        return json_texto
    return _PELIGROSOS.sub(lambda m: f"\\u{ord(m.group()):04x}", json_texto)


def unicode_valido(texto: str) -> str:
    """Un texto que se puede guardar en UTF-8: un nombre de archivo o un argumento con bytes
    que no son UTF-8 llega a Python con «mitades sueltas» (\\udcff) que ni SQLite ni un
    archivo admiten; esos bytes pasan a «�»."""
    try:
        texto.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return texto.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return _PELIGROSOS.sub(_a_la_vista, texto)
    return texto


def quitar_peligrosos(texto: str) -> str:
    """Lo que se pega en una caja de texto: los finales de línea de Windows o Mac antiguo
    pasan a saltos de línea y lo que no debe llegar a una terminal se quita."""
    texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    return _PELIGROSOS.sub("", texto)


def tiene_peligrosos(texto: str) -> bool:
    return _PELIGROSOS.search(texto) is not None


def clave_de_nombre(texto: str) -> str:
    """Una persona o un equipo escritos de formas distintas dan la misma clave: sin
    mayúsculas, tildes ni espacios de más, y en cualquier forma Unicode («José Ángel
    Peña», «jose angel pena» y la misma en NFD)."""
    descompuesto = unicodedata.normalize("NFKD", texto)
    return " ".join("".join(c for c in descompuesto if not unicodedata.combining(c))
                    .casefold().split())


def lista_palabras(normal: str) -> list[str]:
    """Las palabras de un texto ya normalizado (como `[^\\W_]+`, pero más rápido)."""
    for codificacion, _, separar in _BYTES:
        try:
            return normal.encode(codificacion).translate(separar).decode(codificacion).split()
        except UnicodeEncodeError:
            continue
    return _PALABRA.findall(normal)


def apariciones(texto: str, palabra: str) -> list[tuple[int, int]]:
    """Dónde aparece la palabra entera (más barato que trocear todo el texto)."""
    tramos: list[tuple[int, int]] = []
    largo = len(palabra)
    inicio = texto.find(palabra)
    while inicio != -1:
        fin = inicio + largo
        if (inicio == 0 or not texto[inicio - 1].isalnum()) and (
                fin == len(texto) or not texto[fin].isalnum()):
            tramos.append((inicio, fin))
        inicio = texto.find(palabra, fin)
    return tramos


def colapsar(palabra: str) -> str:
    """Sin letras repetidas: «perdoooon» → «perdon»."""
    return _REPETIDAS.sub(r"\1", palabra) if len(palabra) > 2 else palabra


class Despliegue:
    """Letras repetidas y abreviaturas de chat, sin erratas: el corrector más sencillo.

    Las abreviaturas (y las que llevan punto sin cerrar la oración) vienen del
    léxico de la rúbrica (`lexicos/espanol.yaml`); sin léxico solo se reducen
    las letras repetidas.
    """

    def __init__(self, abreviaturas: Mapping[str, str] | None = None,
                 con_punto: Iterable[str] = ()) -> None:
        self.abreviaturas = dict(abreviaturas or {})
        self.con_punto = frozenset(con_punto)
        self._cache: dict[str, str | None] = {}

    def desplegar(self, palabra: str) -> str:
        """Sin letras repetidas ni abreviaturas de chat: «xqqq» → «porque»."""
        palabra = colapsar(palabra)
        return self.abreviaturas.get(palabra, palabra)

    def __call__(self, palabra: str) -> str | None:
        try:
            return self._cache[palabra]
        except KeyError:
            pass
        nueva = self.desplegar(palabra)
        if len(self._cache) > 100_000:
            self._cache.clear()
        resultado = self._cache[palabra] = None if nueva == palabra else nueva
        return resultado

    def cambia(self, palabras: list[str]) -> bool:
        return any(self(p) is not None for p in palabras)


_DESPLIEGUE = Despliegue()


class CorrectorPalabras(Protocol):
    """Corrige una palabra (o None si se queda igual) y sabe si un lote cambia."""

    con_punto: frozenset[str]  # abreviaturas cuyo punto no cierra la oración («sra.»)

    def __call__(self, palabra: str) -> str | None: ...

    def cambia(self, palabras: list[str]) -> bool: ...


Edicion = tuple[int, int, str]  # (inicio, fin, reemplazo) sobre el texto de partida


def _reemplazo(m: re.Match[str]) -> str:
    encontrado = m.group(0)
    if encontrado[0].isspace():
        return "\n" if "\n" in encontrado else " "
    return ""


class _Mapa:
    """Traduce posiciones de un texto editado a las del texto de partida."""

    __slots__ = ("_finales", "_inicios", "_tramos")

    def __init__(self, tramos: list[tuple[int, int, int, int, bool]]) -> None:
        # (inicio_nuevo, inicio_viejo, largo_nuevo, largo_viejo, identico)
        self._tramos = tramos
        self._inicios = [t[0] for t in tramos]

    def atras(self, inicio: int, fin: int) -> tuple[int, int]:
        if fin <= inicio:  # tramo vacío: justo detrás de la letra anterior
            if inicio <= 0:
                return 0, 0
            _, detras = self.atras(inicio - 1, inicio)
            return detras, detras
        return self.atras_varios(((inicio, fin),))[0]

    def atras_varios(self, pares: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """`atras` de muchos tramos (la evidencia de un texto pegado son miles): lo mismo,
        con una búsqueda por extremo y sin más llamadas."""
        inicios = self._inicios
        tramos = self._tramos
        ultimo = len(tramos) - 1
        resultado: list[tuple[int, int]] = []
        for inicio, fin in pares:
            if fin <= inicio:
                resultado.append(self.atras(inicio, fin))
                continue
            # El tramo de cada extremo: el último que empieza en él o antes, saltando los
            # que se quedaron vacíos (un punto borrado) si el siguiente también empieza ahí.
            i = bisect_right(inicios, inicio) - 1
            if i < 0:
                i = 0
            while i < ultimo and tramos[i][2] == 0 and tramos[i + 1][0] <= inicio:
                i += 1
            n, o, _, _, identico = tramos[i]
            o_inicio = o + (inicio - n) if identico else o
            final = fin - 1
            i = bisect_right(inicios, final, i) - 1  # el final no va antes que el inicio
            if i < 0:
                i = 0
            while i < ultimo and tramos[i][2] == 0 and tramos[i + 1][0] <= final:
                i += 1
            n, o, _, lo, identico = tramos[i]
            o_fin = o + (final - n) + 1 if identico else o + lo
            resultado.append((o_inicio, max(o_fin, o_inicio)))
        return resultado


def _editar(texto: str, ediciones: Iterable[Edicion]) -> tuple[str, _Mapa | None]:
    piezas: list[str] = []
    tramos: list[tuple[int, int, int, int, bool]] = []
    n = o = 0
    for inicio, fin, nuevo in ediciones:
        if inicio > o:
            largo = inicio - o
            tramos.append((n, o, largo, largo, True))
            piezas.append(texto[o:inicio])
            n += largo
        tramos.append((n, inicio, len(nuevo), fin - inicio, False))
        piezas.append(nuevo)
        n += len(nuevo)
        o = fin
    if not tramos:
        return texto, None
    if o < len(texto):
        tramos.append((n, o, len(texto) - o, len(texto) - o, True))
        piezas.append(texto[o:])
    return "".join(piezas), _Mapa(tramos)


class TextoNormal:
    """Un texto normalizado que sabe traducir sus posiciones al original."""

    __slots__ = ("_mapas", "identico", "lista_palabras", "normal", "original")

    def __init__(self, original: str, corrector: CorrectorPalabras | None = None) -> None:
        self.original = original
        traducido = _traducir(original)
        mapas: list[_Mapa] = []
        if ("  " in traducido or "\n" in traducido
                or (not traducido.isascii() and _COMBINANTES.search(traducido))):
            traducido, mapa = _editar(traducido, (
                (m.start(), m.end(), _reemplazo(m)) for m in _REESCRITURA.finditer(traducido)))
            if mapa is not None:
                mapas.append(mapa)
        palabras = lista_palabras(traducido)
        corregir = corrector or _DESPLIEGUE
        con_punto = corregir.con_punto
        # «Sra. Gómez»: el punto de una abreviatura no cierra la oración, así que se quita.
        puntos = (bool(con_punto) and "." in traducido and not con_punto.isdisjoint(palabras))
        if puntos or corregir.cambia(palabras):
            # Se corrige cada palabra distinta una vez y se buscan solo las que cambian:
            # un texto pegado repite mucho sus palabras.
            ediciones = []
            for palabra in set(palabras):
                nueva = corregir(palabra)
                sin_punto = puntos and palabra in con_punto
                if nueva is None and not sin_punto:
                    continue
                for inicio, fin in apariciones(traducido, palabra):
                    if nueva is not None:
                        ediciones.append((inicio, fin, nueva))
                    if sin_punto and traducido.startswith(".", fin):
                        ediciones.append((fin, fin + 1, ""))
            ediciones.sort()
            traducido, mapa = _editar(traducido, ediciones)
            if mapa is not None:
                mapas.append(mapa)
                palabras = lista_palabras(traducido)
        self.lista_palabras: list[str] = palabras  # las palabras del texto normalizado
        self.normal = traducido
        self._mapas = mapas
        self.identico = not mapas  # misma longitud: cada posición es la del original

    def a_original(self, inicio: int, fin: int) -> tuple[int, int]:
        """Lleva el tramo [inicio, fin) del normalizado a su tramo en el original."""
        for mapa in reversed(self._mapas):
            inicio, fin = mapa.atras(inicio, fin)
        return inicio, fin

    def a_original_varios(self, tramos: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`a_original` de cada tramo, en el mismo orden."""
        for mapa in reversed(self._mapas):
            tramos = mapa.atras_varios(tramos)
        return tramos

    def palabras(self) -> list[tuple[str, int, int]]:
        """Las palabras del texto normalizado con sus posiciones."""
        return [(m.group(0), m.start(), m.end()) for m in _PALABRA.finditer(self.normal)]


@cache
def normalizar(texto: str, despliegue: Despliegue | None = None) -> str:
    """Solo el texto normalizado (para frases de una rúbrica, con el léxico de la rúbrica)."""
    return TextoNormal(texto, despliegue).normal
