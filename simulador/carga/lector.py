"""YAML → datos de Python, con la posición de cada clave y sin sorpresas.

Solo la semántica de `yaml.safe_load`; además se rechazan los archivos
grandes, los alias que multiplican el documento (bombas YAML), las claves
repetidas y todo lo que no sea un bloque de claves y valores.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from simulador.incidencias import (
    Clave,
    ErrorDeArchivo,
    Incidencia,
    nombre_visible,
    razon_del_sistema,
    una_linea,
)
from simulador.texto import tiene_peligrosos, visible

try:
    from yaml import CSafeLoader as _CargadorBase
except ImportError:  # pragma: no cover - depende de cómo se compiló PyYAML
    from yaml import SafeLoader as _CargadorBase  # type: ignore[assignment]

_BOOLEANO = "tag:yaml.org,2002:bool"


class _Cargador(_CargadorBase):  # type: ignore[misc,valid-type]
    """El cargador seguro, con los booleanos de YAML 1.2: solo true y false.

    Con YAML 1.1, «- No» o «- sí»… «yes», «no», «on», «off» serían booleanos, y
    los editores (que leen YAML 1.2) los muestran como texto: así coinciden.
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        inicial: [(etiqueta, patron) for etiqueta, patron in lista if etiqueta != _BOOLEANO]
        for inicial, lista in _CargadorBase.yaml_implicit_resolvers.items()
    }


_Cargador.add_implicit_resolver(
    _BOOLEANO, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

LIMITE_BYTES = 1024 * 1024
# Lo que los alias pueden añadir al documento escrito (contra las bombas de alias).
LIMITE_EXPANSION = 100_000
LIMITE_ALIAS = 1_000
LIMITE_PROFUNDIDAD = 100


@dataclass(frozen=True)
class Posicion:
    linea: int
    columna: int


@dataclass
class Documento:
    """Un YAML leído: sus datos y dónde empieza cada clave del archivo."""

    ruta: Path
    datos: dict[str, Any]
    posiciones: dict[Clave, Posicion] = field(default_factory=dict)
    # El texto tal como se escribió de los valores que YAML no lee como texto
    # (`No` → False, `2024-01-01` → fecha): para citarlo en los mensajes.
    originales: dict[Clave, str] = field(default_factory=dict)
    # Textos con secuencias de escape o caracteres invisibles, ya cambiados por su forma
    # visible («␛»): ni la interfaz ni la CLI los mandan a la terminal; validar avisa.
    saneados: list[Clave] = field(default_factory=list)

    @property
    def nombre(self) -> str:
        return nombre_visible(self.ruta)

    def posicion(self, clave: Clave) -> Posicion | None:
        """La posición de la clave, o de la más cercana que la contenga."""
        for fin in range(len(clave), -1, -1):
            encontrada = self.posiciones.get(tuple(clave[:fin]))
            if encontrada is not None:
                return encontrada
        return None

    def incidencia(self, clave: Clave, mensaje: str, nivel: str = "error") -> Incidencia:
        pos = self.posicion(clave)
        return Incidencia(
            archivo=self.nombre,
            mensaje=mensaje,
            linea=pos.linea if pos else None,
            columna=pos.columna if pos else None,
            clave=tuple(clave),
            nivel=nivel,  # type: ignore[arg-type]
        )


# Los problemas de PyYAML, en palabras de un formador. El primero que encaja gana.
_TRADUCCIONES: list[tuple[str, str]] = [
    (r"found character '\\t'|tab character", "hay un tabulador: en YAML se sangra solo con "
     "espacios (configure su editor para escribir espacios)"),
    (r"mapping values are not allowed", "hay unos dos puntos («:») donde no se esperaban: "
     "revise la sangría o ponga el texto entre comillas"),
    (r"could not find expected ':'", "falta «:» después de una clave, o la sangría no cuadra"),
    (r"did not find expected key", "la sangría no cuadra con la de las líneas de arriba"),
    (r"did not find expected '-' indicator", "la sangría de esta lista no cuadra"),
    (r"expected <block end>", "la sangría no cuadra: esta línea está más o menos sangrada "
     "de lo que debería"),
    (r"found undefined alias", "se usa un alias (*nombre) que no se ha definido con &nombre"),
    (r"found duplicate anchor", "el ancla (&nombre) está definida dos veces"),
    (r"expected a single document", "el archivo contiene varios documentos separados por "
     "«---»; cada escenario o rúbrica va solo en su archivo"),
    (r"quoted scalar.*(end of stream|document)", "hay unas comillas sin cerrar: el texto "
     "que empieza aquí no las cierra"),
    (r"found unexpected end of stream|unexpected end", "el archivo se acaba antes de tiempo: "
     "¿faltan comillas o un corchete por cerrar?"),
    (r"unknown escape character", "hay una secuencia de escape desconocida (una «\\») en un "
     "texto entre comillas dobles: use comillas simples"),
    (r"expected ',' or '\]'", "falta «,» o «]» en una lista entre corchetes"),
    (r"expected ',' or '}'", "falta «,» o «}» en un bloque entre llaves"),
    (r"that cannot start any token", "este carácter no puede empezar un valor: ponga el "
     "texto entre comillas"),
    (r"could not determine a constructor for the tag|unknown tag", "usa una etiqueta YAML "
     "(«!algo») que no está permitida: quítela; un escenario solo lleva textos, números, "
     "listas y bloques"),
    (r"found unhashable key", "una clave no puede ser una lista ni un bloque"),
    (r"found incompatible YAML document|duplicate %YAML|duplicate %TAG|found duplicate tag|"
     r"undefined tag handle", "tiene "
     "directivas YAML (%YAML, %TAG) no admitidas"),
    (r"while scanning a quoted scalar|while scanning a double-quoted|found unexpected end",
     "hay unas comillas sin cerrar"),
    (r"expected the node content|expected node content|expected a block",
     "falta un valor donde se esperaba uno"),
    (r"expected <document start>", "hay contenido después de donde termina el documento: "
     "revise la sangría"),
    (r"while (scanning|parsing) a (directive|tag)", "hay una directiva o etiqueta YAML "
     "(«%…», «!…») mal escrita o no admitida"),
    (r"while scanning a block scalar", "el texto en bloque («|» o «>») está mal escrito: "
     "revise el indicador y la sangría"),
    (r"expected a mapping or list of mappings for merging", "«<<:» solo puede juntar un "
     "bloque (*nombre) o una lista de bloques"),
    (r"mapping keys are not allowed in this context", "no puede empezar una clave («? ») en "
     "esta posición: revise la sangría"),
    (r"invalid Unicode character escape|expected hexdecimal number", "hay un código «\\x», "
     "«\\u» o «\\U» mal escrito en un texto entre comillas dobles: use comillas simples"),
    (r"did not find expected comment or line break", "sobra texto al final de esta línea "
     "(¿falta un «#» delante del comentario, o unas comillas?)"),
    (r"block sequence entries are not allowed", "no puede empezar una lista («- ») en esta "
     "posición: revise la sangría"),
    (r"while scanning a plain scalar", "un texto sin comillas contiene caracteres que "
     "confunden a YAML: póngalo entre comillas"),
    (r"while scanning an? (anchor|alias)", "un ancla o alias (&nombre, *nombre) está mal "
     "escrito"),
    (r"while parsing a (block|flow)", "la estructura no cuadra: revise la sangría, los "
     "corchetes y las llaves"),
    (r"(special|control) characters are not allowed|unacceptable character", "el archivo "
     "contiene caracteres de control (invisibles) que no pueden ir en un YAML: bórrelos o "
     "vuelva a escribir esa parte"),
]


# Lo que YAML no admite en un archivo (caracteres de control, U+FFFE…).
_NO_IMPRIMIBLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ETIQUETA = re.compile(r"constructor for the tag '(?:tag:yaml\.org,2002:)?([^']*)'")


# Si PyYAML cambia el texto de un error (o da uno nuevo), se explica por su clase: nunca
# llega al formador un mensaje en inglés.
_POR_CLASE: tuple[tuple[type[yaml.YAMLError], str], ...] = (
    (yaml.scanner.ScannerError, "hay algo en esta línea que YAML no entiende (unas comillas "
     "sin cerrar, un carácter raro o una sangría que no cuadra): revísela o ponga el texto "
     "entre comillas"),
    (yaml.parser.ParserError, "la estructura no cuadra: revise la sangría, los guiones de "
     "las listas, los corchetes y las llaves"),
    (yaml.composer.ComposerError, "un ancla o un alias (&nombre, *nombre) no es válido"),
    (yaml.constructor.ConstructorError, "hay un valor que no se puede leer: si es un texto, "
     "póngalo entre comillas"),
    (yaml.reader.ReaderError, "el archivo contiene caracteres que no pueden ir en un YAML"),
)


def _traducir_problema(problema: str, error: yaml.YAMLError | None = None) -> str:
    etiqueta = _ETIQUETA.search(problema)
    if etiqueta:
        nombre = etiqueta.group(1)
        nombre = nombre if nombre.startswith("!") else f"!!{nombre}"
        return (f"usa la etiqueta YAML «{nombre}», que no está permitida: quítela; un "
                "escenario solo lleva textos, números, listas y bloques")
    for patron, traduccion in _TRADUCCIONES:
        if re.search(patron, problema):
            return traduccion
    for clase, explicacion in _POR_CLASE:
        if isinstance(error, clase):
            return explicacion
    return "el YAML no es válido: revise la sangría, las comillas y los dos puntos"


def _error(ruta: Path, mensaje: str, linea: int | None = None,
           columna: int | None = None, clave: Clave = ()) -> ErrorDeArchivo:
    return ErrorDeArchivo([Incidencia(nombre_visible(ruta), mensaje, linea, columna, clave)])


@dataclass
class _Marco:
    """Un bloque o lista abierto mientras se recorren los sucesos YAML."""

    es_lista: bool
    clave: str | None = None
    # En un bloque: «clave» (espera una clave), «en_clave», «valor», «en_valor».
    estado: str = "clave"
    indice: int = -1
    linea_clave: int = -1

    def parte(self) -> str | int | None:
        if self.es_lista:
            return self.indice if self.indice >= 0 else None
        return self.clave if self.estado != "clave" else None


def _clave_en(texto: str, linea: int | None, columna: int | None) -> Clave:
    """La clave en la que cae (línea, columna), aunque el YAML esté roto a partir de ahí.

    Se recorren los sucesos del analizador YAML hasta esa posición (o hasta el
    error): así un tabulador o una sangría mal puesta también dicen en qué clave están.
    """
    if linea is None:
        return ()
    objetivo = (linea - 1, (columna or 1) - 1)
    marcos: list[_Marco] = []

    def ruta() -> Clave:
        return tuple(p for p in (m.parte() for m in marcos) if p is not None)

    def completar() -> None:
        if marcos and not marcos[-1].es_lista:
            marco = marcos[-1]
            marco.estado = "valor" if marco.estado == "en_clave" else "clave"

    try:
        for suceso in yaml.parse(texto, Loader=_Cargador):
            marca = suceso.start_mark
            if (marca.line, marca.column) > objetivo:
                break
            if isinstance(suceso, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                if marcos:
                    marcos.pop()
                completar()
                continue
            if not isinstance(suceso, yaml.NodeEvent):
                continue
            if marcos:
                padre = marcos[-1]
                if padre.es_lista:
                    padre.indice += 1
                elif padre.estado == "clave":
                    padre.clave = (suceso.value if isinstance(suceso, yaml.ScalarEvent)
                                   else None)
                    padre.estado = "en_clave"
                    padre.linea_clave = marca.line
                else:
                    padre.estado = "en_valor"
            if isinstance(suceso, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                marcos.append(_Marco(es_lista=isinstance(suceso, yaml.SequenceStartEvent)))
                continue
            fin = suceso.end_mark
            if objetivo < (fin.line, fin.column):
                return ruta()
            completar()
    except (yaml.YAMLError, ValueError, RecursionError):
        pass  # el error que se está explicando: la ruta llega hasta él
    # Una clave cuyo valor aún no ha empezado, en una línea anterior: el problema
    # está en la línea siguiente (otra clave del mismo bloque), no en esa clave.
    if marcos and marcos[-1].estado == "valor" and marcos[-1].linea_clave < objetivo[0]:
        return ruta()[:-1]
    return ruta()


def _leer_texto(ruta: Path) -> str:
    try:
        if ruta.is_dir():
            raise _error(ruta, "es una carpeta, no un archivo YAML")
        tamano = ruta.stat().st_size
        if tamano > LIMITE_BYTES:
            raise _error(ruta, f"el archivo ocupa {tamano // 1024} KB y el máximo es "
                         f"{LIMITE_BYTES // 1024} KB: ¿es de verdad un escenario?")
        crudo = ruta.read_bytes()
    except FileNotFoundError:
        if ruta.is_symlink():
            raise _error(ruta, f"es un enlace simbólico roto (apunta a «{os.readlink(ruta)}», "
                         "que no existe)") from None
        raise _error(ruta, "el archivo no existe") from None
    except PermissionError:
        raise _error(ruta, "no hay permiso para leer el archivo") from None
    except OSError as exc:
        raise _error(ruta, f"no se puede leer el archivo ({razon_del_sistema(exc)})") from None
    if len(crudo) > LIMITE_BYTES:
        raise _error(ruta, f"el archivo supera el máximo de {LIMITE_BYTES // 1024} KB")
    if crudo[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _error(ruta, "el archivo está en UTF-16 (lo hace el Bloc de notas con «Unicode»): "
                     "guárdelo con la codificación UTF-8", 1, 1)
    try:
        return crudo.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        antes = crudo[: exc.start].decode("utf-8-sig")
        linea = antes.count("\n") + 1
        columna = len(antes) - (antes.rfind("\n") + 1) + 1
        malo = crudo[exc.start: exc.end].hex(" ").upper()
        clave = _clave_en(crudo.decode("utf-8-sig", errors="replace"), linea, columna)
        raise _error(ruta, f"el archivo no está en UTF-8 (byte {malo}; ¿se guardó como "
                     "Latin-1 o Windows-1252?): guárdelo con la codificación UTF-8",
                     linea, columna, clave) from None


def _revisar_grafo(ruta: Path, raiz: yaml.Node) -> None:
    """Rechaza alias recursivos y documentos que los alias hacen enormes.

    Solo cuenta lo que añaden los alias: un escenario grande escrito a mano (diez mil
    nodos sin un alias) ya está acotado por el tamaño del archivo.
    """
    tamanos: dict[int, int] = {}
    caminos: dict[int, Clave] = {}
    en_curso: set[int] = set()
    usos_alias = 0
    # Recorrido iterativo en postorden: un YAML muy anidado no agota la pila. Cada
    # entrada lleva cuántos nodos se habían cerrado al abrirla: los que se cierran
    # entre su apertura y su cierre son los escritos dentro de ella.
    pila: list[tuple[yaml.Node, bool, Clave, int]] = [(raiz, False, (), 0)]
    while pila:
        nodo, cerrado, camino, al_abrir = pila.pop()
        clave = id(nodo)
        hijos = _hijos(nodo)
        if cerrado:
            en_curso.discard(clave)
            escritos = len(tamanos) - al_abrir + 1
            tamanos[clave] = 1 + sum(tamanos[id(h)] for _, h in hijos)
            if tamanos[clave] - escritos > LIMITE_EXPANSION:
                raise _alias_excesivo(ruta, nodo, camino, tamanos[clave], escritos)
            continue
        if clave in tamanos:
            usos_alias += 1
            if usos_alias > LIMITE_ALIAS:
                raise _demasiados_alias(ruta, nodo, caminos[clave])
            continue
        if clave in en_curso:
            raise _alias_recursivo(ruta, nodo, caminos[clave])
        en_curso.add(clave)
        caminos[clave] = camino
        pila.append((nodo, True, camino, len(tamanos)))
        for parte, hijo in reversed(hijos):
            if id(hijo) in en_curso:
                raise _alias_recursivo(ruta, hijo, caminos[id(hijo)])
            pila.append((hijo, False, camino if parte is None else (*camino, parte), 0))


def _revisar_profundidad(ruta: Path, texto: str) -> None:
    """Rechaza anidamientos absurdos antes de construir el árbol.

    El compositor de libyaml es recursivo: un archivo pequeño con cien mil «[»
    seguidos agota la pila del proceso y lo tumba sin mensaje. Los sucesos del
    analizador se leen de uno en uno, sin recursión, y se para al pasar el límite.
    Las versiones nuevas de libyaml tienen además su propio límite, que salta al
    leer por adelantado, antes de que se vea el suceso número cien: si libyaml
    se queja, el analizador de Python puro (sin límite ni recursión) dice si la
    causa es la profundidad, sin depender del texto en inglés de su error.
    """
    try:
        _medir_profundidad(ruta, texto, _Cargador)
    except yaml.YAMLError as original:
        if _CargadorBase is yaml.SafeLoader:
            raise
        with suppress(yaml.YAMLError):
            _medir_profundidad(ruta, texto, yaml.SafeLoader)
        raise original from None


def _medir_profundidad(ruta: Path, texto: str, cargador: type) -> None:
    profundidad = 0
    for suceso in yaml.parse(texto, Loader=cargador):
        if isinstance(suceso, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            profundidad += 1
            if profundidad > LIMITE_PROFUNDIDAD:
                linea = suceso.start_mark.line + 1
                columna = suceso.start_mark.column + 1
                raise _error(ruta, f"el documento está anidado a demasiada profundidad (más "
                             f"de {LIMITE_PROFUNDIDAD} niveles de listas o bloques)", linea,
                             columna, _clave_en(texto, linea, columna)[:LIMITE_PROFUNDIDAD // 10])
        elif isinstance(suceso, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            profundidad -= 1


def _alias_recursivo(ruta: Path, nodo: yaml.Node, camino: Clave) -> ErrorDeArchivo:
    marca = nodo.start_mark
    return _error(ruta, "un alias (*nombre) se contiene a sí mismo: el valor no acabaría "
                  "nunca", marca.line + 1, marca.column + 1, camino)


def _miles(numero: int) -> str:
    return f"{numero:,}".replace(",", " ")


def _alias_excesivo(ruta: Path, nodo: yaml.Node, camino: Clave, expandido: int,
                    escritos: int) -> ErrorDeArchivo:
    marca = nodo.start_mark
    return _error(ruta, f"los alias (*nombre) multiplican este valor: al expandirlos "
                  f"tendría {_miles(expandido)} elementos (escritos hay {_miles(escritos)}) y "
                  f"los alias pueden añadir como máximo {_miles(LIMITE_EXPANSION)}; no se carga "
                  "por seguridad: escriba el texto en lugar de repetirlo con alias",
                  marca.line + 1, marca.column + 1, camino)


def _demasiados_alias(ruta: Path, nodo: yaml.Node, camino: Clave) -> ErrorDeArchivo:
    marca = nodo.start_mark
    return _error(ruta, f"el documento usa más de {_miles(LIMITE_ALIAS)} alias (*nombre), "
                  "el máximo que se admite (al pasarlo se repetía el valor de esta línea); no "
                  "se carga por seguridad: escriba el texto en lugar de repetirlo con alias",
                  marca.line + 1, marca.column + 1, camino)


def _hijos(nodo: yaml.Node) -> list[tuple[str | int | None, yaml.Node]]:
    """Los nodos dentro de `nodo`, cada uno con su parte de la clave (None: es una clave)."""
    if isinstance(nodo, yaml.SequenceNode):
        return list(enumerate(nodo.value))
    if isinstance(nodo, yaml.MappingNode):
        hijos: list[tuple[str | int | None, yaml.Node]] = []
        for clave, valor in nodo.value:
            hijos.append((None, clave))
            hijos.append((clave.value if isinstance(clave, yaml.ScalarNode) else None, valor))
        return hijos
    return []


_TEXTO = "tag:yaml.org,2002:str"
_FUSION = "tag:yaml.org,2002:merge"
_COMO: dict[str, str] = {
    "tag:yaml.org,2002:int": "un número",
    "tag:yaml.org,2002:float": "un número",
    "tag:yaml.org,2002:bool": "verdadero o falso",
    "tag:yaml.org,2002:null": "un valor vacío",
    "tag:yaml.org,2002:timestamp": "una fecha",
}


def _posiciones(ruta: Path, raiz: yaml.Node) -> tuple[dict[Clave, Posicion], dict[Clave, str]]:
    """La posición de cada clave y elemento, y el texto original de los valores que
    YAML no lee como texto. De paso, rechaza claves repetidas, claves que no son
    textos y anidamientos absurdos."""
    posiciones: dict[Clave, Posicion] = {(): _pos(raiz)}
    originales: dict[Clave, str] = {}
    pila: list[tuple[Clave, yaml.Node]] = [((), raiz)]
    while pila:
        camino, nodo = pila.pop()
        if len(camino) > LIMITE_PROFUNDIDAD:
            marca = nodo.start_mark
            raise _error(ruta, f"el documento está anidado a demasiada profundidad (más de "
                         f"{LIMITE_PROFUNDIDAD} niveles)", marca.line + 1, marca.column + 1,
                         camino)
        if isinstance(nodo, yaml.ScalarNode):
            if nodo.tag != _TEXTO and not nodo.style:  # sin comillas
                originales[camino] = nodo.value
        elif isinstance(nodo, yaml.MappingNode):
            vistas: dict[str, yaml.Node] = {}
            for clave_nodo, valor in nodo.value:
                if not isinstance(clave_nodo, yaml.ScalarNode):
                    continue
                nombre = clave_nodo.value
                visible = una_linea(nombre)
                marca = clave_nodo.start_mark
                if clave_nodo.tag not in (_TEXTO, _FUSION):
                    como = _COMO.get(clave_nodo.tag)
                    if not nombre:
                        mensaje = ("hay una clave sin nombre: unos dos puntos («:») sin nada "
                                   "delante")
                    elif como:
                        mensaje = (f"la clave «{visible}» no se lee como un nombre sino como "
                                   f"{como}: póngala entre comillas («\"{visible}\":») o use "
                                   "un nombre con letras")
                    else:
                        mensaje = (f"la clave «{visible}» lleva una etiqueta YAML "
                                   f"({clave_nodo.tag}) no permitida: las claves son nombres "
                                   "como «titulo» o «nodos»")
                    raise _error(ruta, mensaje, marca.line + 1, marca.column + 1,
                                 (*camino, nombre))
                if nombre in vistas and clave_nodo.tag != _FUSION:
                    primera = vistas[nombre].start_mark.line + 1
                    raise _error(ruta, f"la clave «{visible}» está repetida (ya aparece en la "
                                 f"línea {primera}); el segundo valor taparía al primero: "
                                 "deje solo una", marca.line + 1, marca.column + 1,
                                 (*camino, nombre))
                vistas[nombre] = clave_nodo
                hijo = (*camino, nombre)
                posiciones.setdefault(hijo, _pos(clave_nodo))
                pila.append((hijo, valor))
        elif isinstance(nodo, yaml.SequenceNode):
            for i, elemento in enumerate(nodo.value):
                hijo = (*camino, i)
                posiciones.setdefault(hijo, _pos(elemento))
                pila.append((hijo, elemento))
    return posiciones, originales


def _pos(nodo: yaml.Node) -> Posicion:
    return Posicion(nodo.start_mark.line + 1, nodo.start_mark.column + 1)


def _ilegible(cargador: Any, raiz: yaml.Node) -> yaml.ScalarNode | None:
    """El primer valor suelto que el constructor de YAML no sabe leer (p. ej. 2024-13-45)."""
    pila = [raiz]
    vistos: set[int] = set()
    while pila:
        nodo = pila.pop()
        if id(nodo) in vistos:
            continue
        vistos.add(id(nodo))
        if isinstance(nodo, yaml.ScalarNode):
            try:
                cargador.construct_object(nodo)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                return nodo
        else:
            pila.extend(reversed([h for _, h in _hijos(nodo)]))
    return None


def _marca_util(exc: yaml.MarkedYAMLError) -> Any:
    """Dónde mirar: casi siempre donde YAML se atasca; para una clave sin «:» o unas
    comillas sin cerrar, donde empieza esa clave o ese texto (YAML se atasca más abajo)."""
    contexto, problema = exc.context or "", exc.problem or ""
    if exc.context_mark is not None and (
        "simple key" in contexto
        or ("quoted scalar" in contexto and re.search("end of stream|document", problema))
    ):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


# Una línea que parece YAML y no un texto: «clave:» o «- » al principio.
_PARECE_ESTRUCTURA = re.compile(r"^\s*(?:- |-$|[^\s\"'#][^:#]*:(?: |$))")


def _comillas_sin_cerrar(texto: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """Dónde se abrieron unas comillas que YAML no cerró donde el formador creía.

    Unas comillas sin cerrar se tragan las líneas siguientes hasta las próximas
    comillas del archivo, y YAML se atasca allí, a veces muchas líneas más abajo y
    hablando de sangría. Un texto entre comillas que abarca líneas con pinta de
    «clave:» o «- » es casi seguro eso: se señala dónde se abrió.
    """
    contexto = exc.context or ""
    if "quoted scalar" in contexto and exc.context_mark is not None:
        marca = exc.context_mark
        linea, columna = marca.line + 1, marca.column + 1
        return linea, columna, (
            f"hay unas comillas sin cerrar: las que se abren en la línea {linea}, columna "
            f"{columna}, no se cierran en todo el archivo; ciérrelas al final de su texto")
    fin = exc.problem_mark or exc.context_mark
    if fin is None:
        return None
    lineas = texto.splitlines()
    sospechoso: yaml.ScalarToken | None = None
    try:
        for token in yaml.scan(texto, Loader=_Cargador):
            if (token.start_mark.line, token.start_mark.column) > (fin.line, fin.column):
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line
                    and any(_PARECE_ESTRUCTURA.match(linea) for linea in
                            lineas[token.start_mark.line + 1: token.end_mark.line])):
                sospechoso = token
    except yaml.YAMLError:
        pass  # el error que se explica: lo leído hasta él basta
    if sospechoso is None:
        return None
    inicio, cierre = sospechoso.start_mark, sospechoso.end_mark
    linea, columna = inicio.line + 1, inicio.column + 1
    return linea, columna, (
        f"hay unas comillas sin cerrar: las que se abren en la línea {linea}, columna "
        f"{columna}, no se cierran hasta la línea {cierre.line + 1} y YAML lee todo lo de en "
        "medio como un solo texto (por eso se atasca más abajo); ciérrelas al final de su "
        "texto")


def _columna_esperada(texto: str, linea: int) -> str:
    """«: esta línea empieza en la columna 6 y aquí se espera la 3 (como «nombre»…)».

    Las columnas válidas para empezar una línea son las de los bloques y listas aún
    abiertos en ese punto: se sacan de los sucesos del analizador hasta el error.
    """
    renglon = texto.splitlines()[linea - 1] if linea - 1 < len(texto.splitlines()) else ""
    contenido = renglon.lstrip(" ")
    if not contenido or contenido.startswith("#"):
        return ""
    actual = len(renglon) - len(contenido) + 1
    abiertos: list[tuple[int, str, int]] = []  # (columna, primera clave o «-», su línea)
    esperando_clave: list[bool] = []
    try:
        for suceso in yaml.parse(texto, Loader=_Cargador):
            if suceso.start_mark.line >= linea - 1:
                break
            if isinstance(suceso, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if not suceso.flow_style:
                    es_lista = isinstance(suceso, yaml.SequenceStartEvent)
                    abiertos.append((suceso.start_mark.column + 1, "-" if es_lista else "",
                                     suceso.start_mark.line + 1))
                    esperando_clave.append(not es_lista)
                else:
                    abiertos.append((0, "", 0))
                    esperando_clave.append(False)
            elif isinstance(suceso, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                if abiertos:
                    abiertos.pop()
                    esperando_clave.pop()
            elif isinstance(suceso, yaml.ScalarEvent) and esperando_clave and \
                    esperando_clave[-1] and abiertos and not abiertos[-1][1]:
                columna, _, _ = abiertos[-1]
                abiertos[-1] = (columna, suceso.value, suceso.start_mark.line + 1)
    except yaml.YAMLError:
        pass  # el error que se explica
    columnas = [(c, clave, n) for c, clave, n in abiertos if c > 0]
    if not columnas or actual in {c for c, _, _ in columnas}:
        return ""
    if actual > columnas[-1][0]:
        candidatas = [columnas[-1]]
    else:  # entre dos niveles: el de dentro o el de fuera
        candidatas = [max((x for x in columnas if x[0] < actual), default=None,
                          key=lambda x: x[0]),
                      min((x for x in columnas if x[0] > actual), default=None,
                          key=lambda x: x[0])]
    partes = [f"{columna} ({_como(clave, n)})" for columna, clave, n in
              (x for x in candidatas if x is not None)]
    return (f": esta línea empieza en la columna {actual} y aquí se espera la "
            f"{' o la '.join(partes)}")


def _como(clave: str, linea: int) -> str:
    if clave == "-":
        return f"como el «-» de la línea {linea}"
    if clave:
        return f"como «{una_linea(clave)}», en la línea {linea}"
    return f"como la línea {linea}"


def _describir(datos: object) -> str:
    """Qué hay en un archivo que no es un bloque de claves, en palabras de formador."""
    if isinstance(datos, list):
        return "una lista (líneas que empiezan por «- »)"
    if datos is None:
        return "un valor vacío"
    if isinstance(datos, str):
        visible = una_linea(datos if len(datos) <= 40 else datos[:37] + "…")
        return f"solo un texto suelto («{visible}»)"
    return f"solo un valor suelto («{datos}»)"


@contextmanager
def _sin_recolector() -> Iterator[None]:
    """Sin el recolector de ciclos mientras se crean los objetos de un archivo grande.

    Leer un escenario crea cientos de miles de objetos sin ciclos; el recolector los
    repasaba una y otra vez y duplicaba el tiempo de `validar` con miles de nodos.
    """
    activo = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if activo:
            gc.enable()


def leer_yaml(ruta: Path) -> Documento:
    """Lee un archivo YAML que debe contener un bloque de claves y valores."""
    with _sin_recolector():
        return _leer_yaml(ruta)


def _leer_yaml(ruta: Path) -> Documento:
    texto = _leer_texto(ruta)
    if not texto.strip() or all(
        not linea.strip() or linea.lstrip().startswith("#") for linea in texto.splitlines()
    ):
        raise _error(ruta, "el archivo está vacío: un escenario empieza por «id:», "
                     "«titulo:»…", 1, 1)
    cargador = _Cargador(texto)
    try:
        _revisar_profundidad(ruta, texto)
        raiz = cargador.get_single_node()
        if raiz is None:
            raise _error(ruta, "el archivo está vacío: un escenario empieza por «id:», "
                         "«titulo:»…", 1, 1)
        _revisar_grafo(ruta, raiz)
        posiciones, originales = _posiciones(ruta, raiz)
        try:
            datos = cargador.construct_document(raiz)
        except (ValueError, TypeError, OverflowError):
            # Valores que el constructor de YAML no sabe representar (fechas imposibles…).
            malo = _ilegible(cargador, raiz)
            if malo is None:
                raise _error(ruta, "hay un valor que no se puede leer: si es un texto, "
                             "póngalo entre comillas") from None
            linea, columna = malo.start_mark.line + 1, malo.start_mark.column + 1
            como = _COMO.get(malo.tag, "un valor especial")
            raise _error(ruta, f"«{malo.value}» parece {como} pero no es válido: "
                         "corríjalo o, si es un texto, póngalo entre comillas",
                         linea, columna, _clave_en(texto, linea, columna)) from None
    except yaml.MarkedYAMLError as exc:
        abiertas = _comillas_sin_cerrar(texto, exc)
        if abiertas is not None:
            linea, columna, mensaje = abiertas
            raise _error(ruta, mensaje, linea, columna,
                         _clave_en(texto, linea, columna)) from None
        marca = _marca_util(exc)
        problema = f"{exc.context or ''} {exc.problem or ''}".strip()
        linea = marca.line + 1 if marca else None
        columna = marca.column + 1 if marca else None
        mensaje = _traducir_problema(problema, exc)
        if "sangría" in mensaje and linea is not None:
            mensaje += _columna_esperada(texto, linea)
        raise _error(ruta, mensaje, linea, columna,
                     _clave_en(texto, linea, columna)) from None
    except yaml.reader.ReaderError as exc:
        # La posición de libyaml cuenta bytes UTF-8, no caracteres.
        antes = texto.encode("utf-8")[: exc.position].decode("utf-8", errors="replace")
        linea = antes.count("\n") + 1
        columna = len(antes) - (antes.rfind("\n") + 1) + 1
        limpio = _NO_IMPRIMIBLE.sub("\ufffd", texto)  # mismo largo: posiciones iguales
        raise _error(ruta, _traducir_problema(str(exc.reason), exc), linea, columna,
                     _clave_en(limpio, linea, columna)) from None
    except yaml.YAMLError as exc:
        raise _error(ruta, _traducir_problema(str(exc), exc)) from None
    except RecursionError:
        raise _error(ruta, "el documento está anidado a demasiada profundidad") from None
    finally:
        cargador.dispose()
    if not isinstance(datos, dict):
        pos = posiciones[()]
        raise _error(ruta, "se esperaba un bloque de claves y valores (id, titulo, …), "
                     f"pero el archivo contiene {_describir(datos)}", pos.linea, pos.columna)
    saneados: list[Clave] = []
    datos = _sanear(datos, (), saneados)
    return Documento(ruta=ruta, datos=datos, posiciones=posiciones, originales=originales,
                     saneados=saneados)


def _sanear(valor: Any, clave: Clave, saneados: list[Clave]) -> Any:
    """Los textos con caracteres que actuarían en una terminal, en su forma visible."""
    if isinstance(valor, str):
        if tiene_peligrosos(valor):
            saneados.append(clave)
            return visible(valor)
        return valor
    if isinstance(valor, dict):
        return {k: _sanear(v, (*clave, k), saneados) for k, v in valor.items()}
    if isinstance(valor, list):
        return [_sanear(v, (*clave, i), saneados) for i, v in enumerate(valor)]
    return valor
