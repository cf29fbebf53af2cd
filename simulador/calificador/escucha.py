"""¿Recogió el agente el problema concreto del cliente?

Se compara cada palabra con contenido de la respuesta (su raíz, con el
lematizador Snowball de español) con lo que el cliente ha dicho hasta ese
momento y con los puntos clave del escenario. Vale la paráfrasis: las
palabras de un mismo concepto de la rúbrica cuentan como la misma idea.
Lo genérico («entiendo su molestia») no cuenta.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import Stemmer

from simulador.calificador.analisis import Analisis
from simulador.calificador.frases import Coincidencia
from simulador.calificador.rasgos import MemoriaCliente
from simulador.formatos.rubrica import Escucha
from simulador.texto import Despliegue, apariciones, normalizar

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
confirma confirmas confirmar confirme indica indicas indicar indique facilita facilitas
facilitar facilite regala regalas regale proporciona proporcionas proporcionar comparte
compartes compartir pasa pasas pasar repite repites repetir dar puedes podes podria
cuentame contame cuenteme localizar localizador referencia digitos ultimos fecha nacimiento
expediente boleta codigo
""".split())
# Pedir un dato para identificar el caso (número, DNI, localizador) no demuestra
# haber entendido el problema: tampoco los verbos con que se pide.
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


def tapar(normal: str, tramos: Iterable[Coincidencia]) -> str:
    """El texto con espacios donde caen los tramos (que pueden pisarse), mismo largo."""
    partes: list[str] = []
    hecho = 0
    for inicio, fin in sorted((c.inicio, c.fin) for c in tramos):
        if fin > hecho:
            inicio = max(inicio, hecho)
            partes += (normal[hecho:inicio], " " * (fin - inicio))
            hecho = fin
    partes.append(normal[hecho:])
    return "".join(partes)


class ModeloEscucha:
    """La parte de la rúbrica que decide la escucha, compilada una vez."""

    def __init__(self, config: Escucha, despliegue: Despliegue | None = None) -> None:
        self.despliegue = despliegue
        self.no_son_datos = tuple(config.no_son_datos)
        self.difuso = config.difuso
        self.minimo = config.minimo_coincidencias
        self._utiles: dict[str, str | None] = {}
        self.genericas = {normalizar(p, despliegue) for p in config.genericas}
        self.concepto: dict[str, set[int]] = {}
        for i, grupo in enumerate(config.conceptos):
            for palabra in grupo:
                for parte in normalizar(palabra, despliegue).split():
                    if _contenido(parte):
                        self.concepto.setdefault(raiz(parte), set()).add(i)
        # Al revés: las raíces de cada concepto.
        self.miembros: list[set[str]] = [set() for _ in config.conceptos]
        for r, ids in self.concepto.items():
            for i in ids:
                self.miembros[i].add(r)

    def raices_de(self, palabras: Iterable[str]) -> frozenset[str]:
        """Las raíces útiles de unas palabras."""
        conjunto = set(palabras)
        cache = self.utiles(conjunto)
        raices = {cache[p] for p in conjunto}
        raices.discard(None)
        return frozenset(raices)  # type: ignore[arg-type]

    def raices_cliente(self, a: Analisis) -> frozenset[str]:
        """Lo que un turno del cliente cuenta de su problema, sin sus insultos."""
        insultos = [c for grupo in self.no_son_datos for c in a.grupo(grupo)]
        if not insultos:
            return self.raices_de(a.texto.lista_palabras)
        # Los insultos del cliente no son datos de su problema: se tapan con espacios, en
        # una pasada (rehacer el texto por cada insulto era cuadrático en 100 KB de ellos).
        return self.raices_de(_PALABRA.findall(tapar(a.normal, insultos)))

    def utiles(self, palabras: set[str]) -> dict[str, str | None]:
        """Un diccionario donde están las raíces (o None) de todas esas palabras.

        Se calcula una sola vez por palabra en todo el proceso: el vocabulario de
        un centro de atención se repite mucho.
        """
        cache = self._utiles
        faltan = palabras.difference(cache)  # recorre las palabras, no la caché
        if faltan:
            if len(cache) + len(faltan) > 100_000:
                cache.clear()
                faltan = palabras
            for palabra in faltan:
                cache[palabra] = self._util(palabra)
        return cache

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


def _dentro_de_alguno(tramos: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """¿Cae una posición dentro de alguno de los tramos [inicio, fin)?

    Ordenados una vez, cada pregunta es logarítmica: una respuesta de 100 KB con una
    excusa en cada oración no debe comparar cada palabra con todas las excusas.
    """
    if not tramos:
        return lambda _posicion: False
    ordenados = sorted(tramos)
    inicios = [inicio for inicio, _ in ordenados]
    hasta = list(accumulate((fin for _, fin in ordenados), max))  # el mayor fin hasta aquí

    def dentro(posicion: int) -> bool:
        k = bisect_right(inicios, posicion)
        return k > 0 and hasta[k - 1] > posicion

    return dentro


@lru_cache(maxsize=4096)
def _raices_nombre(nombre: str, despliegue: Despliegue | None) -> frozenset[str]:
    return frozenset(raiz(p) for p in _PALABRA.findall(normalizar(nombre, despliegue)))


@dataclass
class ContextoEscucha:
    """Lo que el cliente ha contado hasta ahora en la conversación."""

    modelo: ModeloEscucha
    puntos_clave: list[str] = field(default_factory=list)
    nombre: str = ""
    raices: set[str] = field(default_factory=set)
    conceptos: set[int] = field(default_factory=set)
    # Las palabras y números del cliente tal cual, para la capa aprendida.
    memoria: MemoriaCliente = field(default_factory=MemoriaCliente)
    # Las señales del agente que el cliente pidió («quiero darme de baja»): hacerlo
    # no las da (ver `DefinicionSenal.si_el_cliente_lo_pide`).
    pedidas: set[str] = field(default_factory=set)
    # Si el agente ya avisó por la conducta del cliente (un terminar posterior es por ella).
    avisado: bool = False

    def __post_init__(self) -> None:
        self._aceptadas: set[str] | None = None
        despliegue = self.modelo.despliegue
        self._puntos = [normalizar(p, despliegue) for p in self.puntos_clave if p.strip()]
        # Decir el nombre del cliente es cortesía, no prueba de haber entendido su problema.
        self._nombre = _raices_nombre(self.nombre, despliegue)
        self._raices_puntos: set[str] = set()
        for punto in self._puntos:
            self._anadir_normal(punto)
            self._raices_puntos.update(
                r for r in map(self.modelo.util, _PALABRA.findall(punto)) if r is not None)

    def _anadir_normal(self, normal: str) -> None:
        self.anadir_raices(self.modelo.raices_de(_PALABRA.findall(normal)))

    def anadir_raices(self, raices: frozenset[str]) -> None:
        """Suma lo que el cliente acaba de contar (ver `ModeloEscucha.raices_cliente`)."""
        nuevas = raices - self.raices
        if not nuevas:
            return
        self.raices |= nuevas
        concepto = self.modelo.concepto
        ids_nuevos: set[int] = set()
        for r in nuevas:
            ids = concepto.get(r)
            if ids:
                ids_nuevos |= ids
        ids_nuevos -= self.conceptos
        self.conceptos |= ids_nuevos
        aceptadas = self._aceptadas
        if aceptadas is not None:  # se amplía sin recalcularla
            aceptadas |= nuevas
            for i in ids_nuevos:
                aceptadas |= self.modelo.miembros[i]
            aceptadas -= self._nombre

    def aceptadas(self) -> set[str]:
        """Las raíces que en una respuesta demuestran escucha: lo dicho y sus sinónimos."""
        if self._aceptadas is None:
            aceptadas = set(self.raices)
            for i in self.conceptos:
                aceptadas |= self.modelo.miembros[i]
            self._aceptadas = aceptadas - self._nombre
        return self._aceptadas

    def coincidencias(self, a: Analisis, excluir: list[tuple[int, int]] = (),
                      exigente: bool = False) -> list[tuple[int, int]]:
        """Tramos (en el normalizado) de la respuesta que recogen datos del cliente.

        `excluir`: tramos de la respuesta que no pueden contar (excusas, gritos…);
        `exigente`: la respuesta se escuda o escala, así que hacen falta dos datos más.
        """
        if not self.raices and not self._puntos:
            return []
        palabras = set(a.texto.lista_palabras)
        cache = self.modelo.utiles(palabras)
        aceptadas = self.aceptadas()
        # Primero, sin bucle en Python, si alguna raíz de la respuesta es del cliente.
        utiles = ({p: r for p in palabras if (r := cache[p]) in aceptadas}
                  if not aceptadas.isdisjoint(map(cache.__getitem__, palabras)) else None)
        if utiles:
            normal = a.normal
            excluida = _dentro_de_alguno(excluir)
            tramos = [(inicio, fin) for palabra in utiles
                      for inicio, fin in apariciones(normal, palabra)
                      if not excluida(inicio)]
            tramos.sort()
            distintas = {utiles[normal[i:f]] for i, f in tramos}
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
        normal = a.normal
        if "?" not in normal:
            return tramos
        util = self.modelo.util
        for inicio, fin in a.oraciones:
            if "?" not in normal[inicio:fin]:
                continue
            utiles = [m.span() for m in _PALABRA.finditer(normal, inicio, fin)
                      if m.group() not in _IDENTIFICACION and util(m.group()) is not None]
            if len(utiles) >= 2:
                tramos.append((utiles[0][0], utiles[-1][1]))
        return tramos

    def _puntos_difusos(self, normal: str) -> Iterable[tuple[int, int]]:
        # Solo hace falta con puntos clave: calificar un archivo sin ellos no la importa.
        from rapidfuzz import fuzz

        for punto in self._puntos:
            if len(punto) < 5:
                continue
            alineado = fuzz.partial_ratio_alignment(punto, normal, score_cutoff=self.modelo.difuso)
            if alineado is not None:
                # La evidencia son palabras enteras: «una falla», no «a falla».
                inicio, fin = alineado.dest_start, alineado.dest_end
                while inicio > 0 and normal[inicio - 1].isalnum():
                    inicio -= 1
                while fin < len(normal) and normal[fin].isalnum():
                    fin += 1
                yield inicio, fin
