"""¿Recogió el agente el problema concreto del cliente?

Se compara cada palabra con contenido de la respuesta (su raíz, con el
lematizador Snowball de español) con lo que el cliente ha dicho hasta ese
momento y con los puntos clave del escenario. Vale la paráfrasis: las
palabras de un mismo concepto de la rúbrica cuentan como la misma idea.
Lo genérico («entiendo su molestia») no cuenta.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz

from simulador.calificador.analisis import Analisis
from simulador.formatos.rubrica import Escucha
from simulador.texto import TextoNormal, normalizar

_VACIAS = frozenset(
    """
    a al algo alguien alguna alguno algunos ante antes aqui asi aun bien cada como con
    contra cual cuales cuando de del desde donde dos el ella ellas ellos en entre era eres
    es esa esas ese eso esos esta estaba estado estamos estan estar estas este esto estos
    estoy fue fuera fueron ha habia han has hasta hay he hemos la las le les lo los mas me
    mi mis mucho muy nada ni no nos nosotros o os otra otro para pero poco por porque que
    quien se sea ser si sido sin sobre son soy su sus tambien tan tanto te tengo tiene
    tienen todo todos tu tus un una uno unos usted ustedes vos vosotros y ya yo mio mia suyo
    suya tuyo ahora hoy aca alla alli ok vale bueno claro gracias favor hola buenas buenos
    dias tardes noches senor senora senorita don dona estimado estimada querido saludos
    atentamente cordialmente puede puedo podemos pueda quiero quiere queremos hacer hace
    hago haga voy vamos va ir dar doy damos decir digo dice dijo dicho ver veo tener tenemos
    tenga tenia estoy esten este mismo misma pues entonces tal vez solo solamente casi nunca
    siempre mientras luego despues cosa cosas vez veces mas menos bastante demasiado cuanto
    cuanta cuantos cuantas que quien cual donde como cuando
    """.split()
)

_NUMEROS = {
    "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6",
    "siete": "7", "ocho": "8", "nueve": "9", "diez": "10", "once": "11", "doce": "12",
    "quince": "15", "veinte": "20", "treinta": "30", "cuarenta": "40", "cincuenta": "50",
    "cien": "100", "mil": "1000", "primero": "1", "primera": "1", "primer": "1",
    "segundo": "2", "segunda": "2", "tercero": "3", "tercera": "3", "tercer": "3",
    "cuarto": "4", "cuarta": "4", "quinto": "5", "quinta": "5", "doble": "2",
    "duplicado": "2", "repetido": "2", "triple": "3",
}
_stemmer = Stemmer.Stemmer("spanish")
# Pedir el documento o el correo identifica al cliente, no demuestra que se le escuchó.
_IDENTIFICACION = frozenset("""
documento dni nie rut cedula cuit curp rfc pasaporte identificacion nombre apellido apellidos
correo email mail electronico telefono celular movil numero cliente usuario ayudar ayudarle
ayudarte servir ayudo sirvo mas algo otra cosa consulta duda dudas gestion necesita
necesitas datos dato registrado registrada titular
""".split())
_PALABRA = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def raiz(palabra: str) -> str:
    if palabra in _NUMEROS:
        return _NUMEROS[palabra]
    if palabra.isdigit():
        return palabra.lstrip("0") or "0"
    return _stemmer.stemWord(palabra)


def _contenido(palabra: str) -> bool:
    if palabra in _NUMEROS or palabra.isdigit():
        return True
    return palabra not in _VACIAS and len(palabra) >= 3


class ModeloEscucha:
    """La parte de la rúbrica que decide la escucha, compilada una vez."""

    def __init__(self, config: Escucha) -> None:
        self.difuso = config.difuso
        self.minimo = config.minimo_coincidencias
        self._utiles: dict[str, str | None] = {}
        self.genericas = {normalizar(p) for p in config.genericas}
        self.concepto: dict[str, set[int]] = {}
        for i, grupo in enumerate(config.conceptos):
            for palabra in grupo:
                for parte in normalizar(palabra).split():
                    if _contenido(parte):
                        self.concepto.setdefault(raiz(parte), set()).add(i)

    def util(self, palabra: str) -> str | None:
        """La raíz de una palabra que puede demostrar escucha, o None."""
        try:
            return self._utiles[palabra]
        except KeyError:
            pass
        if len(self._utiles) > 100_000:
            self._utiles.clear()
        r = self._utiles[palabra] = self._util(palabra)
        return r

    def _util(self, palabra: str) -> str | None:
        if not _contenido(palabra) or palabra in self.genericas or (
                palabra.endswith("s") and palabra[:-1] in self.genericas):
            return None
        r = raiz(palabra)
        return None if len(r) < 2 else r


def _apariciones(texto: str, palabra: str) -> list[tuple[int, int]]:
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


@dataclass
class ContextoEscucha:
    """Lo que el cliente ha contado hasta ahora en la conversación."""

    modelo: ModeloEscucha
    puntos_clave: list[str] = field(default_factory=list)
    nombre: str = ""
    raices: set[str] = field(default_factory=set)
    conceptos: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._puntos = [normalizar(p) for p in self.puntos_clave if p.strip()]
        # Decir el nombre del cliente es cortesía, no prueba de haber entendido su problema.
        self._nombre = {raiz(p) for p in _PALABRA.findall(normalizar(self.nombre))}
        self._raices_puntos: set[str] = set()
        for punto in self._puntos:
            self._anadir_normal(punto)
            self._raices_puntos.update(
                r for r in map(self.modelo.util, _PALABRA.findall(punto)) if r is not None)

    def anadir_cliente(self, texto: str | Analisis) -> None:
        if isinstance(texto, Analisis):
            insultos = texto.grupo("abuso")
            if not insultos:
                self._anadir_palabras(texto.texto.lista_palabras)
                return
            # Los insultos del cliente no son datos de su problema.
            normal = texto.normal
            for c in sorted(insultos, key=lambda c: -c.inicio):
                normal = normal[:c.inicio] + " " * (c.fin - c.inicio) + normal[c.fin:]
        else:
            normal = TextoNormal(texto).normal
        self._anadir_normal(normal)

    def _anadir_normal(self, normal: str) -> None:
        self._anadir_palabras(_PALABRA.findall(normal))

    def _anadir_palabras(self, palabras: list[str]) -> None:
        for palabra in set(palabras):
            r = self.modelo.util(palabra)
            if r is not None:
                self.raices.add(r)
                self.conceptos.update(self.modelo.concepto.get(r, ()))

    def coincidencias(self, a: Analisis, excluir: list[tuple[int, int]] = (),
                      exigente: bool = False) -> list[tuple[int, int]]:
        """Tramos (en el normalizado) de la respuesta que recogen datos del cliente.

        `excluir`: tramos de la respuesta que no pueden contar (excusas, gritos…);
        `exigente`: la respuesta se escuda o escala, así que hacen falta dos datos más.
        """
        if not self.raices and not self._puntos:
            return []
        util = self.modelo.util
        concepto = self.modelo.concepto
        utiles: dict[str, str] = {}
        for palabra in set(a.texto.lista_palabras):
            r = util(palabra)
            if r is not None and r not in self._nombre and (r in self.raices or (
                    r in concepto and not self.conceptos.isdisjoint(concepto[r]))):
                utiles[palabra] = r
        if utiles:
            tramos = [(inicio, fin) for palabra in utiles
                      for inicio, fin in _apariciones(a.normal, palabra)
                      if not any(i <= inicio < f for i, f in excluir)]
            tramos.sort()
            distintas = {utiles[a.normal[i:f]] for i, f in tramos}
            fuerte = any(r.isdigit() or r in self._raices_puntos for r in distintas)
            minimo = self.modelo.minimo + (2 if exigente else 0)
            if tramos and ((fuerte and not exigente) or len(distintas) >= minimo):
                return tramos
        if self.modelo.difuso and self._puntos:
            return list(self._puntos_difusos(a.normal))
        return []

    def preguntas_concretas(self, a: Analisis) -> list[tuple[int, int]]:
        """Preguntas que piden un dato del problema («¿el cargo es del día 12?»).

        Una pregunta con palabras de contenido que no sean de identificación
        (documento, nombre, correo…) ni de cortesía («¿algo más?») demuestra
        que el agente está mirando el caso concreto.
        """
        tramos: list[tuple[int, int]] = []
        if "?" not in a.normal:
            return tramos
        for inicio, fin in a.oraciones:
            if "?" not in a.normal[inicio:fin]:
                continue
            utiles = [(i, f) for palabra, i, f in a.palabras()
                      if inicio <= i < fin and palabra not in _IDENTIFICACION
                      and self.modelo.util(palabra) is not None]
            if len(utiles) >= 2:
                tramos.append((utiles[0][0], utiles[-1][1]))
        return tramos

    def _puntos_difusos(self, normal: str) -> Iterable[tuple[int, int]]:
        for punto in self._puntos:
            if len(punto) < 5:
                continue
            alineado = fuzz.partial_ratio_alignment(punto, normal, score_cutoff=self.modelo.difuso)
            if alineado is not None:
                yield alineado.dest_start, alineado.dest_end
