"""La capa aprendida: pesos entrenados con conversaciones etiquetadas, sin bibliotecas.

Las reglas de la rúbrica reconocen bien lo que un formador sabe nombrar; lo
que cada persona dice a su manera (culpar al cliente sin palabras gruesas,
mandarle a otro canal, ayudar con algo concreto) se aprende de ejemplos
etiquetados por muchos autores (`simulador entrenar`). Aquí solo se aplica
lo aprendido: una regresión logística por señal, leída de un archivo de
datos (JSON comprimido) que vive junto a la rúbrica. Calificar no importa
scikit-learn ni numpy.

Una señal se da si la dispara una frase de la rúbrica **o** si el modelo
la ve con una probabilidad de al menos su umbral (elegido al entrenar con
autores apartados). Así las frases de un formador siguen disparando, y el
modelo añade lo que las frases no alcanzan.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise, repeat
from operator import add, mul
from pathlib import Path
from typing import Any, NamedTuple

from simulador.calificador.lenguaje import Lenguaje
from simulador.calificador.rasgos import MemoriaCliente, bigramas, densos, trozos

FORMATO = 1
_CACHE_PALABRAS = 200_000
_LARGO_SIN_AGRUPAR = 200  # palabras; más largo, se agrupan las repetidas antes de sumar

Vector = tuple[float, ...]


class ModeloInvalido(ValueError):
    """El archivo del modelo no tiene la forma esperada."""


@dataclass(slots=True)
class _Palabra:
    unigrama: Vector | None
    trozos: Vector
    n_trozos: int
    # Los trozos divididos por la raíz de cuántos son: su peso como evidencia.
    normados: Vector = ()


class TablasRol(NamedTuple):
    """Los pesos de un rol ya leídos: lo que cuesta sacar del JSON (ver `ModeloRol.tablas`)."""

    senales: list[str]
    sesgo: Vector
    umbrales: Vector
    decide: list[bool]  # por señal: ¿decide el modelo o solo añade a las frases?
    reglas: list[Vector]
    palabras: dict[str, Vector]
    bigramas: dict[str, Vector]
    trozos: dict[str, Vector]
    densos: list[Vector]


class ModeloRol:
    """Los pesos de las señales de un rol (agente o cliente)."""

    def __init__(self, datos: dict[str, Any]) -> None:
        try:
            senales = [str(s) for s in datos["senales"]]
            k = len(senales)
            tablas = TablasRol(
                senales, _vector(datos["sesgo"], k), _vector(datos["umbrales"], k),
                [_modo(m) for m in datos["modos"]], [_vector(v, k) for v in datos["reglas"]],
                {str(p): _vector(v, k) for p, v in datos["palabras"].items()},
                {str(p): _vector(v, k) for p, v in datos["bigramas"].items()},
                {str(p): _vector(v, k) for p, v in datos["trozos"].items()},
                [_vector(v, k) for v in datos["densos"]])
        except (KeyError, TypeError, AttributeError) as exc:
            raise ModeloInvalido(f"falta o sobra algo en el modelo ({exc})") from None
        self._poner(tablas)

    def _poner(self, tablas: TablasRol) -> None:
        k = len(tablas.senales)
        if len(tablas.decide) != k or len(tablas.reglas) != k:
            raise ModeloInvalido("«modos» y «reglas» deben tener una entrada por señal")
        self.senales = tablas.senales
        self.sesgo = tablas.sesgo
        self.umbrales = tablas.umbrales
        self.decide = tablas.decide
        self.reglas = tablas.reglas
        self.palabras = tablas.palabras
        self.bigramas = tablas.bigramas
        self.trozos = tablas.trozos
        self.densos = tablas.densos
        self._cero: Vector = (0.0,) * k
        self._cache: dict[str, _Palabra] = {}

    def tablas(self) -> TablasRol:
        return TablasRol(self.senales, self.sesgo, self.umbrales, self.decide, self.reglas,
                         self.palabras, self.bigramas, self.trozos, self.densos)

    @classmethod
    def de_tablas(cls, tablas: TablasRol) -> ModeloRol:
        """El rol a partir de sus pesos ya leídos (de la copia compilada de la rúbrica)."""
        rol = cls.__new__(cls)
        rol._poner(tablas)
        return rol

    def _palabra(self, palabra: str) -> _Palabra:
        guardada = self._cache.get(palabra)
        if guardada is not None:
            return guardada
        partes = trozos(palabra)
        suma = _sumar(self._cero, partes, self.trozos)
        raiz = math.sqrt(max(1, len(partes)))
        guardada = _Palabra(self.palabras.get(palabra), suma, len(partes),
                            tuple(t / raiz for t in suma))
        if len(self._cache) >= _CACHE_PALABRAS:
            self._cache.clear()
        self._cache[palabra] = guardada
        return guardada

    def _vectores(self, palabras: Sequence[str], lenguaje: Lenguaje
                  ) -> tuple[list[Vector], list[Vector], float, float]:
        """Los vectores que se suman (de palabras, pares y negadas; de trozos) y sus normas.

        Las sumas van siempre en este orden: una señal sola (`da`) y todas a la vez
        (`puntos`) dan exactamente los mismos números.
        """
        pares = bigramas(palabras)
        bajo_negacion = lenguaje.negadas(palabras)
        if len(palabras) <= _LARGO_SIN_AGRUPAR:
            cache = self._cache
            palabra_de = self._palabra
            datos = [cache.get(palabra) or palabra_de(palabra) for palabra in palabras]
            vectores_palabras = [d.unigrama for d in datos if d.unigrama is not None]
            vectores_trozos = [d.trozos for d in datos]
            n_trozos = sum([d.n_trozos for d in datos])
            vectores_palabras.extend(filter(None, map(self.bigramas.get, pares)))
            if bajo_negacion:
                vectores_palabras.extend(filter(None, map(self.palabras.get, bajo_negacion)))
        else:
            vectores_palabras = []
            vectores_trozos = []
            n_trozos = 0
            palabra_de = self._palabra
            # Un texto pegado repite mucho sus palabras: cada una se suma una sola vez,
            # multiplicada por sus apariciones (un texto de 100 KB en milisegundos).
            for palabra, veces in Counter(palabras).items():
                datos_palabra = palabra_de(palabra)
                if datos_palabra.unigrama is not None:
                    vectores_palabras.append(_por(datos_palabra.unigrama, veces))
                vectores_trozos.append(_por(datos_palabra.trozos, veces))
                n_trozos += datos_palabra.n_trozos * veces
            for claves, tabla in ((pares, self.bigramas), (bajo_negacion, self.palabras)):
                for clave, veces in Counter(claves).items():
                    pesos = tabla.get(clave)
                    if pesos is not None:
                        vectores_palabras.append(_por(pesos, veces))
        norma_palabras = 1.0 / math.sqrt(max(1, len(palabras) + len(pares) + len(bajo_negacion)))
        norma_trozos = 1.0 / math.sqrt(max(1, n_trozos))
        return vectores_palabras, vectores_trozos, norma_palabras, norma_trozos

    def puntos(self, palabras: Sequence[str], original: str, memoria: MemoriaCliente | None,
               disparadas: Collection[str], lenguaje: Lenguaje) -> list[float]:
        """La puntuación lineal de cada señal (antes de la sigmoide).

        `disparadas`: las señales que dieron las frases de la rúbrica.
        """
        # Se juntan los vectores y se suman columna a columna: mucho más rápido que
        # ir sumando tupla a tupla.
        vectores_palabras, vectores_trozos, norma_palabras, norma_trozos = self._vectores(
            palabras, lenguaje)
        puntos = [s + p * norma_palabras + t * norma_trozos for s, p, t in
                  zip(self.sesgo, _columnas(vectores_palabras, self._cero),
                      _columnas(vectores_trozos, self._cero), strict=True)]
        for valor, pesos in zip(densos(original, palabras, memoria, lenguaje), self.densos,
                                strict=True):
            if valor:
                puntos = list(map(add, puntos, map(mul, pesos, repeat(valor))))
        if disparadas:
            for senal, pesos in zip(self.senales, self.reglas, strict=True):
                if senal in disparadas:
                    puntos = list(map(add, puntos, pesos))
        return puntos

    def _punto(self, i: int, palabras: Sequence[str], original: str,
               memoria: MemoriaCliente | None, lenguaje: Lenguaje) -> float:
        """La columna `i` de `puntos` sin frases disparadas, con las mismas sumas en el mismo
        orden (el mismo número), sin calcular las demás señales."""
        vectores_palabras, vectores_trozos, norma_palabras, norma_trozos = self._vectores(
            palabras, lenguaje)
        suma_palabras = sum([v[i] for v in vectores_palabras]) if vectores_palabras else 0.0
        suma_trozos = sum([v[i] for v in vectores_trozos]) if vectores_trozos else 0.0
        punto = self.sesgo[i] + suma_palabras * norma_palabras + suma_trozos * norma_trozos
        for valor, pesos in zip(densos(original, palabras, memoria, lenguaje), self.densos,
                                strict=True):
            if valor:
                punto = punto + pesos[i] * valor
        return punto

    def decisiones(self, palabras: Sequence[str], original: str,
                   memoria: MemoriaCliente | None, disparadas: Collection[str],
                   lenguaje: Lenguaje) -> dict[str, bool]:
        """Lo que el modelo dice de cada señal: True la añade; False la quita (solo
        en las señales en que decide); las que no aparecen quedan como digan las frases."""
        decision: dict[str, bool] = {}
        puntos = self.puntos(palabras, original, memoria, disparadas, lenguaje)
        for senal, punto, umbral, decide in zip(self.senales, puntos, self.umbrales,
                                                self.decide, strict=True):
            if umbral > 1:
                continue  # esta señal es solo de las frases
            if _sigmoide(punto) >= umbral:
                decision[senal] = True
            elif decide:
                decision[senal] = False
        return decision

    def da(self, senal: str, palabras: Sequence[str], original: str,
           memoria: MemoriaCliente | None, lenguaje: Lenguaje) -> bool:
        """¿Ve el modelo la señal en este texto solo (sin las frases de la rúbrica)?"""
        i = self.senales.index(senal)
        umbral = self.umbrales[i]
        if umbral > 1:
            return False
        return _sigmoide(self._punto(i, palabras, original, memoria, lenguaje)) >= umbral

    def peso_palabras(self, palabras: Sequence[str], senal: str) -> list[float]:
        """Cuánto empuja cada palabra hacia la señal: para señalar la evidencia.

        El de sus trozos y su unigrama, más la mitad de cada par en que está: primero el
        que forma con la siguiente y luego con la anterior (siempre en ese orden, que
        cambiarlo cambia los decimales).
        """
        i = self.senales.index(senal)
        cache = self._cache
        palabra_de = self._palabra
        largo = len(palabras) > _LARGO_SIN_AGRUPAR
        # Un texto pegado repite sus palabras y sus pares: cada uno se pesa una vez.
        distintas = set(palabras) if largo else palabras
        peso: dict[str, float] = {}
        for palabra in distintas:
            datos = cache.get(palabra) or palabra_de(palabra)
            unigrama = datos.unigrama
            peso[palabra] = (datos.normados[i] if unigrama is None
                             else datos.normados[i] + unigrama[i])
        pesos = list(map(peso.__getitem__, palabras))
        # Cada par se busca una vez; casi ninguno está en el modelo.
        if largo:
            tabla = self.bigramas
            medios: dict[tuple[str, str], float | None] = {}
            for a, b in set(pairwise(palabras)):
                par = tabla.get(f"{a} {b}")
                medios[a, b] = None if par is None else par[i] / 2
            pares = [(j, medio) for j, medio in enumerate(map(medios.__getitem__,
                                                              pairwise(palabras)))
                     if medio is not None]
        else:
            pares = [(j, par[i] / 2) for j, par in enumerate(map(self.bigramas.get,
                                                                 bigramas(palabras)))
                     if par is not None]
        for j, medio in pares:
            pesos[j] += medio
        for j, medio in pares:
            pesos[j + 1] += medio
        return pesos


class ModeloAprendido:
    """Los modelos de cada rol, leídos de un archivo de datos."""

    def __init__(self, datos: dict[str, Any]) -> None:
        if not isinstance(datos, dict) or datos.get("formato") != FORMATO:
            raise ModeloInvalido(f"no es un modelo del simulador (formato {FORMATO})")
        roles = datos.get("roles")
        if not isinstance(roles, dict):
            raise ModeloInvalido("el modelo no tiene «roles»")
        self.roles = {str(rol): ModeloRol(d) for rol, d in roles.items()}
        self.datos = datos.get("datos", {})

    @classmethod
    def de_roles(cls, roles: dict[str, ModeloRol], datos: dict[str, Any]) -> ModeloAprendido:
        """El modelo a partir de sus roles ya leídos (de la copia compilada de la rúbrica)."""
        modelo = cls.__new__(cls)
        modelo.roles = roles
        modelo.datos = datos
        return modelo

    @classmethod
    def desde_bytes(cls, contenido: bytes) -> ModeloAprendido:
        try:
            texto = gzip.decompress(contenido) if contenido[:2] == b"\x1f\x8b" else contenido
            return cls(json.loads(texto))
        except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModeloInvalido(f"no se puede leer ({exc})") from None

    @classmethod
    def desde_archivo(cls, ruta: Path) -> ModeloAprendido:
        return cls.desde_bytes(ruta.read_bytes())

    def rol(self, rol: str) -> ModeloRol | None:
        return self.roles.get(rol)


def guardar(datos: dict[str, Any], ruta: Path, comprimir: bool = True) -> None:
    """Escribe un modelo como JSON comprimido (o sin comprimir, para leerlo a mano)."""
    texto = json.dumps(datos, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if comprimir:
        texto = gzip.compress(texto, compresslevel=9, mtime=0)
    ruta.write_bytes(texto)


def _columnas(vectores: list[Vector], cero: Vector) -> Iterable[float]:
    """La suma de los vectores, columna a columna (de arriba abajo, siempre igual)."""
    return map(sum, zip(*vectores, strict=True)) if vectores else cero


def _por(vector: Vector, veces: int) -> Vector:
    return vector if veces == 1 else tuple(x * veces for x in vector)


def _sumar(suma: Vector, claves: Iterable[str], tabla: dict[str, Vector]) -> Vector:
    """`suma` más los pesos de las claves que están en la tabla."""
    for clave in claves:
        pesos = tabla.get(clave)
        if pesos is not None:
            suma = tuple(map(add, suma, pesos))
    return suma


def _vector(valores: Any, largo: int) -> Vector:
    vector = tuple(float(v) for v in valores)
    if len(vector) != largo or not all(math.isfinite(v) for v in vector):
        raise ModeloInvalido(f"un vector de pesos no tiene {largo} números finitos")
    return vector


def _modo(valor: Any) -> bool:
    """True si el modelo decide la señal; False si solo añade a las frases."""
    if valor not in ("anade", "decide"):
        raise ModeloInvalido(f"modo desconocido «{valor}» (anade o decide)")
    return valor == "decide"


def _sigmoide(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
