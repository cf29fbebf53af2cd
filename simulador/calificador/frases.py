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
from functools import cache
from typing import NamedTuple

import ahocorasick

from simulador.texto import Despliegue, colapsar, normalizar

_ALTERNATIVAS = re.compile(r"\(([^()]*)\)")
_CONFUSIONES = [("c", "s"), ("s", "c"), ("z", "s"), ("s", "z"), ("c", "z"), ("z", "c"),
                ("b", "v"), ("v", "b"), ("ll", "y"), ("y", "ll"), ("h", ""), ("qu", "k"),
                ("gu", "g"), ("j", "g"), ("g", "j"), ("rr", "r"), ("cc", "c"), ("sc", "s")]
_MAX_ALTERNATIVAS = 20_000
_MAX_LITERALES = 300
_MAX_LITERALES_CORTOS = 4000
_LARGO_MINIMO_ERRATA = 6
_CACHE_MAXIMO = 100_000


def desplegar(frase: str, vacia: bool = False) -> list[str]:
    """«pido (perdon|disculpas)» → ["pido perdon", "pido disculpas"]; admite anidados.

    Con `vacia`, incluye también la forma vacía si la hay («(por favor|)»).
    """
    pendientes = [frase]
    resultado: list[str] = []
    vistos: set[str] = set()
    while pendientes and len(resultado) < _MAX_ALTERNATIVAS:
        actual = pendientes.pop()
        m = _ALTERNATIVAS.search(actual)  # el primer grupo sin paréntesis dentro
        if m is None:
            texto = " ".join(actual.split())
            if (texto or vacia) and texto not in vistos:
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


class Patron(NamedTuple):
    """Una frase ya desplegada y normalizada, lista para buscar."""

    grupo: str  # a quién pertenece: «disculpa», «disculpa:anulan»…
    frase: str  # la frase tal como la escribió el formador
    literal: str  # lo que se busca con el autómata
    cola: re.Pattern[str] | None  # lo que debe seguir al literal, si hay comodines
    abierta: bool  # termina en «*»: no exige fin de palabra


class Coincidencia(NamedTuple):
    """Dónde encaja una frase (en el texto normalizado). Tupla: se crean a miles."""

    grupo: str
    frase: str
    inicio: int  # en el texto normalizado
    fin: int


# Un espacio; o nada si ya lo hay detrás, o si no sigue ninguna palabra (opcionales).
_ESPACIO = "(?:(?<= )| |(?![^\\W_]))"
_RESTO_DE_PALABRA = "[^\\W_]*"


def _elementos(frase: str) -> list[str]:
    """Trocea una frase en sus elementos de primer nivel (separados por espacios)."""
    elementos: list[str] = []
    actual: list[str] = []
    nivel = 0
    for caracter in frase:
        if caracter == "(":
            nivel += 1
        elif caracter == ")":
            nivel = max(nivel - 1, 0)
        if caracter == " " and nivel == 0:
            if actual:
                elementos.append("".join(actual))
            actual = []
        else:
            actual.append(caracter)
    if actual:
        elementos.append("".join(actual))
    return elementos


def _grupo(fuente: str, inicio: int) -> tuple[list[str], int]:
    """Las alternativas del grupo «(a|b|…)» que abre en `inicio`, y dónde acaba."""
    nivel, fin = 1, inicio + 1
    while fin < len(fuente) and nivel:
        nivel += {"(": 1, ")": -1}.get(fuente[fin], 0)
        fin += 1
    opciones: list[str] = []
    actual: list[str] = []
    nivel = 0
    for caracter in fuente[inicio + 1:fin - 1]:
        if caracter == "|" and nivel == 0:
            opciones.append("".join(actual))
            actual = []
            continue
        nivel += {"(": 1, ")": -1}.get(caracter, 0)
        actual.append(caracter)
    opciones.append("".join(actual))
    return opciones, fin


def _contar(fuente: str) -> int:
    """Cuántas formas da `desplegar(fuente)`, sin desplegarla."""
    total = 1
    i = 0
    while i < len(fuente):
        if fuente[i] != "(":
            i += 1
            continue
        opciones, i = _grupo(fuente, i)
        total *= sum(_contar(o) for o in opciones)
    return total


def _expresion(fuente: str) -> str:
    """La sintaxis de frases («(a|b)», «*», espacios) como expresión regular."""
    partes: list[str] = []
    i = 0
    while i < len(fuente):
        caracter = fuente[i]
        if caracter == "(":
            opciones, i = _grupo(fuente, i)
            partes.append("(?:" + "|".join(_expresion(o.strip()) for o in opciones) + ")")
        elif caracter == " ":
            partes.append(_ESPACIO)
            i += 1
        elif caracter == "*":
            partes.append(_RESTO_DE_PALABRA)
            i += 1
        else:
            partes.append(re.escape(caracter))
            i += 1
    return "".join(partes)


def _patrones(grupo: str, frase: str, despliegue: Despliegue | None = None
              ) -> Iterator[Patron]:
    """Los literales que busca el autómata y, detrás de cada uno, el resto como expresión.

    Solo se despliega el comienzo de la frase (hasta tener un literal que no
    pueda ser vacío); el resto queda como una expresión regular. Así una frase
    con varias listas de alternativas no se multiplica en miles de entradas.
    """
    elementos = _elementos(" ".join(normalizar(frase, despliegue).split()))
    while elementos and elementos[-1] == "*":  # «… *» al final: lo que siga, si lo hay
        elementos.pop()
    if not elementos:
        return
    corte = 1
    while corte < len(elementos) and re.fullmatch(
            _expresion(" ".join(elementos[:corte])), "") is not None:
        corte += 1
    # Cuanto más largo el literal, menos falsas alarmas que comprobar: se alarga
    # mientras el despliegue no pase de un tamaño razonable.
    minimo: tuple[int | None, bool] = (None, True)  # forma no vacía más corta; ¿puede ser vacía?
    for elemento in elementos[:corte]:
        minimo = _sumar(minimo, elemento)
    while corte < len(elementos) and "*" not in elementos[corte - 1]:
        # Un literal corto («la», «si») se dispara en casi cada respuesta: se
        # admite desplegar más con tal de alargarlo.
        corto = (minimo[0] or 0) < 6
        if _contar(" ".join(elementos[:corte + 1])) > (
                _MAX_LITERALES_CORTOS if corto else _MAX_LITERALES):
            break
        minimo = _sumar(minimo, elementos[corte])
        corte += 1
    resto = " ".join(elementos[corte:])
    fuente_resto = (_ESPACIO + _expresion(resto)) if resto else ""
    for forma in desplegar(" ".join(elementos[:corte])):
        literal, estrella, tras = forma.partition("*")
        cola = ""
        if estrella:
            cola = _RESTO_DE_PALABRA + _expresion(tras)
        cola += fuente_resto
        if not literal.strip():
            continue
        if cola:
            yield Patron(grupo, frase, literal, _compilar(cola + "(?![^\\W_])"), True)
        else:
            yield Patron(grupo, frase, literal, None, False)


def _sumar(previo: tuple[int | None, bool], elemento: str) -> tuple[int | None, bool]:
    """La forma no vacía más corta tras añadir un elemento, sin desplegar todo de nuevo.

    Las formas se unen con un espacio, y una forma vacía no añade espacio.
    """
    minimo, vacio = previo
    formas = desplegar(elemento, vacia=True)
    propio = min((len(f) for f in formas if f), default=None)
    candidatos = []
    if minimo is not None and propio is not None:
        candidatos.append(minimo + 1 + propio)
    if minimo is not None and "" in formas:
        candidatos.append(minimo)
    if vacio and propio is not None:
        candidatos.append(propio)
    return min(candidatos, default=None), vacio and "" in formas


@cache
def _compilar(fuente: str) -> re.Pattern[str]:
    return re.compile(fuente)


_PALABRA_FRASE = re.compile(r"[^\W\d_]+\*?")


def vocabulario(frase: str, despliegue: Despliegue | None = None) -> set[str]:
    """Las palabras (y comienzos «disculp*») que aparecen en una frase."""
    return set(_PALABRA_FRASE.findall(normalizar(frase, despliegue)))


class TablasCorrectorErratas(NamedTuple):
    """Las tablas de un `CorrectorErratas`: las palabras que respeta y cada errata y su arreglo."""

    conocidas: set[str]
    prefijos: set[str]
    completas: dict[str, str]  # errata → palabra
    de_prefijo: dict[str, str]  # errata → comienzo («disculp*»)


# Lo que el autómata guarda de cada literal: (grupo, frase) de las frases que acaban ahí
# y (grupo, frase, cola, abierta) de las que siguen con una expresión o un comodín.
Simples = tuple[tuple[str, str], ...]
Complejos = tuple[tuple[str, str, re.Pattern[str] | None, bool], ...]


class CorrectorErratas:
    """Corrige erratas de una letra en las palabras que usa la rúbrica.

    Solo toca palabras que no están en el vocabulario de la rúbrica y que a
    una errata de distancia son una palabra (o un comienzo «disculp*») de
    ella; si una variante podría venir de dos palabras, no se corrige.
    """

    def __init__(self, palabras: Iterable[str], respetar: Iterable[str] = (),
                 despliegue: Despliegue | None = None) -> None:
        despliegue = despliegue or Despliegue()
        self._abreviaturas = despliegue.abreviaturas
        self.con_punto = despliegue.con_punto
        # Un número (de pedido, un importe) nunca cambia, salvo que el léxico lo abrevie.
        self._numeros_fijos = not any(a.isdigit() for a in self._abreviaturas)
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
        self._preparar()

    def _preparar(self) -> None:
        self._largos = sorted({len(v) for v in self._de_prefijo}, reverse=True)
        self._largos_reales = sorted({len(p) for p in self._prefijos}, reverse=True)
        self._cache: dict[str, str | None] = {}
        self._sin_cambios: set[str] = set()

    def tablas(self) -> TablasCorrectorErratas:
        """Lo caro de calcular, como datos (para la copia compilada de la rúbrica)."""
        return TablasCorrectorErratas(self._conocidas, self._prefijos, self._completas,
                               self._de_prefijo)

    @classmethod
    def de_tablas(cls, tablas: TablasCorrectorErratas, despliegue: Despliegue | None = None
                  ) -> CorrectorErratas:
        """El corrector tal como quedó al compilar, sin volver a calcular las erratas."""
        corrector = cls.__new__(cls)
        despliegue = despliegue or Despliegue()
        corrector._abreviaturas = despliegue.abreviaturas
        corrector.con_punto = despliegue.con_punto
        corrector._numeros_fijos = not any(a.isdigit() for a in corrector._abreviaturas)
        corrector._conocidas = set(tablas.conocidas)
        corrector._prefijos = set(tablas.prefijos)
        corrector._completas = dict(tablas.completas)
        corrector._de_prefijo = dict(tablas.de_prefijo)
        corrector._preparar()
        return corrector

    def cambia(self, palabras: list[str]) -> bool:
        """¿Hay alguna palabra que desplegar o corregir? Rápido para lo ya visto."""
        if self._sin_cambios.issuperset(palabras):  # todas vistas y sin cambios
            return False
        nuevas = set(palabras) - self._sin_cambios
        hay = False
        numeros_fijos = self._numeros_fijos
        for palabra in nuevas:
            if numeros_fijos and palabra.isdigit():
                continue  # sin guardarlo: cada conversación trae números nuevos
            if self(palabra) is None:
                if len(self._sin_cambios) > _CACHE_MAXIMO:
                    self._sin_cambios.clear()
                self._sin_cambios.add(palabra)
            else:
                hay = True
        return hay

    def __call__(self, palabra: str) -> str | None:
        """La palabra desplegada (letras repetidas, abreviaturas) o corregida, o None."""
        try:
            return self._cache[palabra]
        except KeyError:
            pass
        colapsada = colapsar(palabra)
        nueva = self._abreviaturas.get(colapsada)
        if nueva is None:
            nueva = self._corregir(colapsada)
            if nueva is None and colapsada != palabra:
                nueva = colapsada
        if len(self._cache) > _CACHE_MAXIMO:
            self._cache.clear()
        self._cache[palabra] = nueva
        return nueva

    def _corregir(self, palabra: str) -> str | None:
        # Un número de pedido o un importe nunca es la errata de una palabra de la rúbrica.
        if (len(palabra) < _LARGO_MINIMO_ERRATA - 1 or palabra in self._conocidas
                or not palabra.isalpha()):
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


def _agrupar(patrones: list[Patron]) -> tuple[Patron, ...]:
    """Une los patrones de un mismo literal y grupo en una sola expresión.

    «finaliz* (el|la) (chat|ticket|…)» se despliega en decenas de colas que
    empiezan igual; probarlas una a una en cada «finaliz» sería lento.
    """
    sueltos: list[Patron] = []
    colas: dict[tuple[str, bool], list[Patron]] = {}
    for patron in patrones:
        if patron.cola is None:
            sueltos.append(patron)
        else:
            colas.setdefault((patron.grupo, patron.abierta), []).append(patron)
    for (grupo, abierta), lista in colas.items():
        fuentes = sorted({p.cola.pattern for p in lista if p.cola is not None},
                         key=len, reverse=True)
        unida = re.compile("(?:" + "|".join(fuentes) + ")")
        sueltos.append(Patron(grupo, lista[0].frase, lista[0].literal, unida, abierta))
    # Sin repetir el mismo patrón simple dos veces (frases que se solapan).
    vistos: set[tuple[str, bool, str | None]] = set()
    unicos = []
    for p in sueltos:
        clave = (p.grupo, p.abierta, p.cola.pattern if p.cola else None)
        if clave not in vistos:
            vistos.add(clave)
            unicos.append(p)
    return tuple(unicos)


class Buscador:
    """Un autómata con todas las frases de todos los grupos de una rúbrica."""

    def __init__(self, frases: Iterable[tuple[str, str, bool]],
                 respetar: Iterable[str] = (), despliegue: Despliegue | None = None) -> None:
        indice: dict[str, list[Patron]] = {}
        con_erratas: set[str] = set()
        entradas: list[tuple[str, Simples, Complejos]] = []
        for grupo, frase, erratas_si in frases:
            for patron in _patrones(grupo, frase, despliegue):
                if patron.literal:
                    indice.setdefault(patron.literal, []).append(patron)
            if erratas_si:
                con_erratas.update(vocabulario(frase, despliegue))
        for literal, patrones in indice.items():
            agrupados = _agrupar(patrones)
            # Las frases sin comodín ni cola solo piden que la palabra acabe ahí: se
            # comprueban juntas, sin expresión regular.
            simples = tuple((p.grupo, p.frase) for p in agrupados
                            if p.cola is None and not p.abierta)
            complejos = tuple((p.grupo, p.frase, p.cola, p.abierta) for p in agrupados
                              if p.cola is not None or p.abierta)
            entradas.append((literal, simples, complejos))
        self._montar(entradas, CorrectorErratas(con_erratas, respetar, despliegue))

    def _montar(self, entradas: Iterable[tuple[str, Simples, Complejos]],
                corrector: CorrectorErratas) -> None:
        self._automata = ahocorasick.Automaton()
        for literal, simples, complejos in entradas:
            self._automata.add_word(literal, (len(literal), simples, complejos))
        self.vacio = len(self._automata) == 0
        if not self.vacio:
            self._automata.make_automaton()
        self.corrector = corrector

    def entradas(self) -> Iterator[tuple[str, Simples, Complejos]]:
        """Cada literal del autómata con sus frases (para la copia compilada)."""
        for literal, (_, simples, complejos) in self._automata.items():
            yield literal, simples, complejos

    @classmethod
    def de_entradas(cls, entradas: Iterable[tuple[str, Simples, Complejos]],
                    corrector: CorrectorErratas) -> Buscador:
        """El buscador de unas entradas ya desplegadas: sin desplegar ni agrupar frases."""
        buscador = cls.__new__(cls)
        buscador._montar(entradas, corrector)
        return buscador

    def buscar_por_grupo(self, normal: str) -> dict[str, list[Coincidencia]]:
        """Las coincidencias con límites de palabra por grupo, cada lista en orden de aparición.

        Es el bucle más caliente del calificador: todo lo que se pueda va fuera.
        """
        grupos: dict[str, list[Coincidencia]] = {}
        if self.vacio:
            return grupos
        largo_texto = len(normal)
        nueva = tuple.__new__  # crear la tupla con nombre sin pasar por Python
        for final, (largo, simples, complejos) in self._automata.iter(normal):
            inicio = final - largo + 1
            if inicio and normal[inicio - 1].isalnum():
                continue
            if simples and (final + 1 == largo_texto or not normal[final + 1].isalnum()):
                for grupo, frase in simples:
                    lista = grupos.get(grupo)
                    if lista is None:
                        grupos[grupo] = [nueva(Coincidencia, (grupo, frase, inicio, final + 1))]
                    else:
                        lista.append(nueva(Coincidencia, (grupo, frase, inicio, final + 1)))
            for grupo, frase, cola, abierta in complejos:
                fin = final + 1
                if cola is not None:
                    m = cola.match(normal, fin)
                    if m is None:
                        continue
                    fin = m.end()
                if abierta:
                    while fin < largo_texto and normal[fin].isalnum():
                        fin += 1
                elif fin < largo_texto and normal[fin].isalnum():
                    continue
                lista = grupos.get(grupo)
                if lista is None:
                    grupos[grupo] = [nueva(Coincidencia, (grupo, frase, inicio, fin))]
                else:
                    lista.append(nueva(Coincidencia, (grupo, frase, inicio, fin)))
        for lista in grupos.values():
            if len(lista) > 1:
                lista.sort(key=orden)
        return grupos


def orden(c: Coincidencia) -> tuple[int, int]:
    """Por dónde empieza y, a igual comienzo, la más larga primero."""
    return c.inicio, -c.fin
