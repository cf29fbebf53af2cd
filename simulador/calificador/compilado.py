"""La copia compilada de una rúbrica en la carpeta de caché: solo datos, comprobados al leer.

Compilar la rúbrica estándar cuesta más de un segundo (desplegar miles de frases,
calcular sus erratas, convertir los pesos del modelo); leer esta copia, unas
décimas. La copia es un archivo de datos —JSON comprimido y los pesos del modelo
como números en binario—, nunca objetos de Python: un archivo plantado en la caché
no puede ejecutar nada, y uno dañado o ajeno se descarta y se vuelve a compilar.

El archivo (versión `FORMATO`):
    línea 1   «simulador-rubrica-compilada N»
    línea 2   cabecera JSON: la clave (rúbrica + modelo + código que la compila), el
              sha256 del resto y el largo de cada parte
    resto     JSON comprimido con zlib (rúbrica, léxico, autómatas ya desplegados,
              tablas del corrector y el modelo sin sus pesos) y los pesos del modelo
              como float64 little-endian, en el orden de sus claves.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from simulador.calificador.aprendido import ModeloAprendido, ModeloRol, TablasRol, Vector
from simulador.calificador.frases import (
    Buscador,
    Complejos,
    CorrectorErratas,
    Simples,
    TablasCorrectorErratas,
)
from simulador.formatos.lexico import Lexico
from simulador.formatos.rubrica import Rubrica
from simulador.texto import Despliegue

FORMATO = 1
_MAGIA = f"simulador-rubrica-compilada {FORMATO}\n".encode()
_EXTENSION = ".compilada"
# La estándar ocupa unos megas; una rúbrica que pase de esto se compila cada vez.
TAMANO_MAXIMO = 64 * 1024 * 1024
# Lo que debe quedar libre en el disco tras escribir: el historial vive en el mismo
# disco y una copia que se puede rehacer no debe quitarle sitio.
LIBRE_MINIMO = 100 * 1024 * 1024
# Se guardan las copias de unas cuantas rúbricas (y versiones); las más viejas se borran.
COPIAS_MAXIMAS = 8
# Un temporal más viejo que esto es de un proceso que murió a medias.
_TEMPORAL_ABANDONADO = 3600.0
_BANDERAS_RE = re.compile("").flags
_ROLES_PESOS = ("palabras", "bigramas", "trozos")
_CLAVES_BUSCADOR = {"textos", "literales", "simples", "cuantos_simples", "complejos",
                    "cuantos_complejos", "conocidas", "prefijos", "completas", "de_prefijo"}
_CLAVES_ROL = {"senales", "sesgo", "umbrales", "decide", "reglas", "densos", *_ROLES_PESOS}


class CopiaInvalida(ValueError):
    """La copia guardada no sirve: se descarta y se vuelve a compilar."""


class Compilado(NamedTuple):
    """Lo que hace falta para montar un `Calificador` sin compilar nada."""

    rubrica: Rubrica
    lexico: Lexico
    modelo: ModeloAprendido | None
    buscadores: tuple[Buscador, Buscador]  # del agente y del cliente


def huella_codigo() -> str:
    """Huella del código que compila la rúbrica (y de las bibliotecas que usa)."""
    from importlib.metadata import PackageNotFoundError, version

    huella = hashlib.sha256(str(FORMATO).encode())
    carpeta = Path(__file__).parent
    formatos = carpeta.parent / "formatos"
    for modulo in [*sorted(carpeta.glob("*.py")), carpeta.parent / "texto.py",
                   *(formatos / f"{m}.py" for m in ("base", "rubrica", "lexico", "senales"))]:
        huella.update(modulo.read_bytes())
    huella.update(sys.version.encode())
    for paquete in ("pyahocorasick", "PyStemmer", "pydantic"):
        try:
            huella.update(version(paquete).encode())
        except PackageNotFoundError:
            huella.update(paquete.encode())
    return huella.hexdigest()[:12]


class CopiaCompilada:
    """La copia de una versión de una rúbrica en una carpeta de caché."""

    def __init__(self, carpeta: Path, version: str) -> None:
        huella = huella_codigo()
        self.carpeta = carpeta
        self.archivo = carpeta / f"rubrica-{version}-{huella}{_EXTENSION}"
        self.clave = f"{FORMATO}:{version}:{huella}"
        self._version = version

    def leer(self) -> Compilado | None:
        """La compilación guardada; None si no hay. CopiaInvalida si la hay y no vale
        (entonces se borra, para no avisar de lo mismo cada vez)."""
        try:
            enorme = self.archivo.stat().st_size > TAMANO_MAXIMO
            contenido = b"" if enorme else self.archivo.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None  # no hay copia (o la carpeta de caché no puede existir)
        except OSError as exc:
            raise CopiaInvalida(f"no se puede leer: {exc.strerror or exc}") from None
        try:
            if enorme:
                raise CopiaInvalida("es demasiado grande")
            return _desde_bytes(contenido, self.clave)
        except CopiaInvalida:
            self._borrar()
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, zlib.error,
                re.error, RecursionError, MemoryError, OverflowError) as exc:
            self._borrar()
            raise CopiaInvalida(f"su contenido no tiene la forma esperada ({type(exc).__name__})"
                                ) from None

    def guardar(self, compilado: Compilado) -> bool:
        """Escribe la copia si cabe; nunca falla (disco lleno, sin permisos: no se guarda)."""
        try:
            contenido = _a_bytes(compilado, self.clave)
        except (ValueError, TypeError):  # algo que no se puede guardar como datos
            return False
        if len(contenido) > TAMANO_MAXIMO:
            return False
        try:
            self.carpeta.mkdir(parents=True, exist_ok=True)
            if shutil.disk_usage(self.carpeta).free - len(contenido) < LIBRE_MINIMO:
                return False
            _escribir(self.archivo, contenido)
        except OSError:
            return False
        self._limpiar()
        return True

    def _borrar(self) -> None:
        with contextlib.suppress(OSError):
            self.archivo.unlink(missing_ok=True)

    def _limpiar(self) -> None:
        """Fuera lo que ya no se usará: copias de otro código o de otro formato
        (pickle, de versiones anteriores), temporales abandonados y, pasado el
        máximo, las copias más viejas."""
        ahora = time.time()
        copias: list[tuple[float, Path]] = []
        try:
            presentes = list(self.carpeta.glob("rubrica-*"))
        except OSError:
            return
        for ruta in presentes:
            try:
                if ruta == self.archivo:
                    continue
                if ruta.suffix == ".tmp":
                    if ahora - ruta.stat().st_mtime > _TEMPORAL_ABANDONADO:
                        ruta.unlink(missing_ok=True)
                elif ruta.suffix == ".pickle" or ruta.name.startswith(
                        f"rubrica-{self._version}-"):
                    ruta.unlink(missing_ok=True)
                elif ruta.suffix == _EXTENSION:
                    copias.append((ruta.stat().st_mtime, ruta))
            except OSError:
                continue
        copias.sort(reverse=True)
        for _, ruta in copias[COPIAS_MAXIMAS - 1:]:
            try:
                ruta.unlink(missing_ok=True)
            except OSError:
                continue


def _escribir(archivo: Path, contenido: bytes) -> None:
    """Temporal en la misma carpeta y cambio de nombre: nadie lee nunca media copia;
    si algo falla, el temporal se borra."""
    descriptor, nombre = tempfile.mkstemp(dir=archivo.parent, prefix="rubrica-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as flujo:
            flujo.write(contenido)
        os.replace(nombre, archivo)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(nombre)
        raise


# --- escribir -----------------------------------------------------------------------


def _a_bytes(compilado: Compilado, clave: str) -> bytes:
    pesos = array("d")
    datos = {
        "rubrica": _volcar_modelo(compilado.rubrica, Rubrica),
        "lexico": _volcar_modelo(compilado.lexico, Lexico),
        "buscadores": [_volcar_buscador(b) for b in compilado.buscadores],
        "modelo": _volcar_aprendido(compilado.modelo, pesos) if compilado.modelo else None,
    }
    if sys.byteorder != "little":
        pesos.byteswap()
    comprimido = zlib.compress(
        json.dumps(datos, ensure_ascii=False, separators=(",", ":"),
                   allow_nan=False).encode("utf-8"), 1)
    binario = pesos.tobytes()
    resto = comprimido + binario
    cabecera = {"clave": clave, "sha256": hashlib.sha256(resto).hexdigest(),
                "datos": len(comprimido), "pesos": len(binario)}
    return _MAGIA + json.dumps(cabecera).encode("ascii") + b"\n" + resto


def _volcar_modelo(modelo: Rubrica | Lexico, tipo: type[Rubrica] | type[Lexico]) -> Any:
    """El modelo como datos; solo si al validarlos de nuevo sale exactamente el mismo."""
    volcado = modelo.model_dump(mode="json")
    texto = json.dumps(volcado, ensure_ascii=False)
    if json.dumps(tipo.model_validate(volcado).model_dump(mode="json"),
                  ensure_ascii=False) != texto:
        raise CopiaInvalida(f"{tipo.__name__} no se puede guardar como datos")
    return volcado


def _volcar_buscador(buscador: Buscador) -> dict[str, Any]:
    """Cada literal con sus frases, como listas planas de índices a una tabla de textos
    (grupos, frases y colas): leerlas y comprobarlas es casi todo trabajo en C."""
    textos: dict[str, int] = {}

    def indice(texto: str) -> int:
        return textos.setdefault(texto, len(textos))

    literales: list[str] = []
    simples: list[int] = []
    cuantos_simples: list[int] = []
    complejos: list[int] = []
    cuantos_complejos: list[int] = []
    for literal, sus_simples, sus_complejos in buscador.entradas():
        literales.append(literal)
        simples += [indice(t) for par in sus_simples for t in par]
        cuantos_simples.append(len(sus_simples))
        for grupo, frase, cola, abierta in sus_complejos:
            if cola is not None and cola.flags != _BANDERAS_RE:
                raise CopiaInvalida("una expresión con opciones no se puede guardar")
            complejos += [indice(grupo), indice(frase),
                          -1 if cola is None else indice(cola.pattern), int(abierta)]
        cuantos_complejos.append(len(sus_complejos))
    tablas = buscador.corrector.tablas()
    return {"textos": list(textos), "literales": literales, "simples": simples,
            "cuantos_simples": cuantos_simples, "complejos": complejos,
            "cuantos_complejos": cuantos_complejos, "conocidas": sorted(tablas.conocidas),
            "prefijos": sorted(tablas.prefijos), "completas": tablas.completas,
            "de_prefijo": tablas.de_prefijo}


def _volcar_aprendido(modelo: ModeloAprendido, pesos: array[float]) -> dict[str, Any]:
    roles: list[list[Any]] = []
    for nombre, rol in modelo.roles.items():
        t = rol.tablas()
        datos: dict[str, Any] = {"senales": t.senales, "sesgo": t.sesgo,
                                 "umbrales": t.umbrales, "decide": t.decide,
                                 "reglas": t.reglas, "densos": t.densos}
        for tabla_nombre, tabla in zip(_ROLES_PESOS, (t.palabras, t.bigramas, t.trozos),
                                       strict=True):
            datos[tabla_nombre] = list(tabla)
            for vector in tabla.values():
                pesos.extend(vector)
        roles.append([nombre, datos])
    return {"datos": modelo.datos, "roles": roles}


# --- leer (sin fiarse de nada) --------------------------------------------------------


def _desde_bytes(contenido: bytes, clave: str) -> Compilado:
    if not contenido.startswith(_MAGIA):
        raise CopiaInvalida("no es una copia compilada del simulador")
    fin_cabecera = contenido.find(b"\n", len(_MAGIA))
    if fin_cabecera == -1:
        raise CopiaInvalida("está incompleta")
    cabecera = json.loads(contenido[len(_MAGIA):fin_cabecera])
    _forma(cabecera, {"clave", "sha256", "datos", "pesos"})
    if cabecera["clave"] != clave:
        raise CopiaInvalida("es de otra versión de la rúbrica o del programa")
    largo_datos, largo_pesos = cabecera["datos"], cabecera["pesos"]
    resto = memoryview(contenido)[fin_cabecera + 1:]
    if (not _entero(largo_datos) or not _entero(largo_pesos)
            or largo_datos + largo_pesos != len(resto)):
        raise CopiaInvalida("está incompleta o le sobra algo")
    if hashlib.sha256(resto).hexdigest() != cabecera["sha256"]:
        raise CopiaInvalida("está dañada: su suma no cuadra")
    descompresor = zlib.decompressobj()
    texto = descompresor.decompress(resto[:largo_datos], TAMANO_MAXIMO)
    if not descompresor.eof or descompresor.unconsumed_tail:
        raise CopiaInvalida("sus datos comprimidos están incompletos o son enormes")
    datos = json.loads(texto)
    _forma(datos, {"rubrica", "lexico", "buscadores", "modelo"})
    rubrica = Rubrica.model_validate(datos["rubrica"])
    lexico = Lexico.model_validate(datos["lexico"])
    buscadores = datos["buscadores"]
    if not isinstance(buscadores, list) or len(buscadores) != 2:
        raise CopiaInvalida("no tiene los dos buscadores")
    despliegue = Despliegue(lexico.abreviaturas, lexico.abreviaturas_con_punto)
    agente, cliente = (_leer_buscador(b, despliegue) for b in buscadores)
    modelo = None
    if datos["modelo"] is not None:
        pesos = array("d")
        pesos.frombytes(resto[largo_datos:])
        if sys.byteorder != "little":
            pesos.byteswap()
        modelo = _leer_aprendido(datos["modelo"], pesos)
    elif largo_pesos:
        raise CopiaInvalida("tiene pesos sin modelo")
    return Compilado(rubrica, lexico, modelo, (agente, cliente))


def _forma(valor: Any, claves: set[str]) -> None:
    if not isinstance(valor, dict) or valor.keys() != claves:
        raise CopiaInvalida("su contenido no tiene la forma esperada")


def _entero(valor: Any) -> bool:
    return type(valor) is int and valor >= 0


def _textos(valor: Any) -> list[str]:
    if not isinstance(valor, list) or not all(type(t) is str for t in valor):
        raise CopiaInvalida("se esperaba una lista de textos")
    return valor


def _tabla(valor: Any) -> dict[str, str]:
    if not isinstance(valor, dict) or not all(type(t) is str for t in valor.values()):
        raise CopiaInvalida("se esperaba una tabla de textos")
    return valor


def _enteros(valor: Any, minimo: int, tope: int) -> array[int]:
    """Una lista de enteros en [minimo, tope); array la convierte y comprueba en C."""
    if not isinstance(valor, list):
        raise CopiaInvalida("se esperaba una lista de números")
    enteros = array("q", valor)
    if enteros and (min(enteros) < minimo or max(enteros) >= tope):
        raise CopiaInvalida("un índice del autómata señala fuera de su tabla")
    return enteros


def _leer_buscador(datos: Any, despliegue: Despliegue) -> Buscador:
    _forma(datos, _CLAVES_BUSCADOR)
    textos = _textos(datos["textos"])
    literales = _textos(datos["literales"])
    tope = len(textos)
    simples = _enteros(datos["simples"], 0, tope)
    complejos = _enteros(datos["complejos"], -1, tope)
    cuantos_simples = _enteros(datos["cuantos_simples"], 0, len(simples) + 1)
    cuantos_complejos = _enteros(datos["cuantos_complejos"], 0, len(complejos) + 1)
    if (not all(literales) or not len(literales) == len(cuantos_simples)
            == len(cuantos_complejos) or 2 * sum(cuantos_simples) != len(simples)
            or 4 * sum(cuantos_complejos) != len(complejos)
            or (complejos and (min(complejos[0::4]) < 0 or min(complejos[1::4]) < 0
                               or min(complejos[3::4]) < 0 or max(complejos[3::4]) > 1))):
        raise CopiaInvalida("el autómata no tiene la forma esperada")
    texto = textos.__getitem__
    planos = iter(map(texto, simples))
    pares = list(zip(planos, planos, strict=True))
    expresiones = {i: re.compile(textos[i]) for i in set(complejos[2::4]) if i >= 0}
    expresiones[-1] = None
    cuadruplas = list(zip(map(texto, complejos[0::4]), map(texto, complejos[1::4]),
                          map(expresiones.__getitem__, complejos[2::4]),
                          map(bool, complejos[3::4]), strict=True))

    def entradas() -> Iterator[tuple[str, Simples, Complejos]]:
        s = c = 0
        for literal, ns, nc in zip(literales, cuantos_simples, cuantos_complejos,
                                   strict=True):
            yield literal, tuple(pares[s:s + ns]), tuple(cuadruplas[c:c + nc])
            s += ns
            c += nc

    corrector = CorrectorErratas.de_tablas(TablasCorrectorErratas(
        set(_textos(datos["conocidas"])), set(_textos(datos["prefijos"])),
        _tabla(datos["completas"]), _tabla(datos["de_prefijo"])), despliegue)
    return Buscador.de_entradas(entradas(), corrector)


def _vector(valor: Any, largo: int) -> Vector:
    if (not isinstance(valor, list) or len(valor) != largo
            or not all(type(v) is float or type(v) is int for v in valor)
            or not all(math.isfinite(v) for v in valor)):
        raise CopiaInvalida(f"un vector del modelo no tiene {largo} números")
    return tuple(float(v) for v in valor)


def _leer_aprendido(datos: Any, pesos: array[float]) -> ModeloAprendido:
    _forma(datos, {"datos", "roles"})
    if not isinstance(datos["datos"], dict) or not isinstance(datos["roles"], list):
        raise CopiaInvalida("el modelo no tiene la forma esperada")
    if not math.isfinite(sum(pesos)):
        raise CopiaInvalida("los pesos del modelo no son números finitos")
    roles: dict[str, ModeloRol] = {}
    usados = 0
    for par in datos["roles"]:
        if not isinstance(par, list) or len(par) != 2 or type(par[0]) is not str:
            raise CopiaInvalida("el modelo no tiene la forma esperada")
        nombre, rol = par
        _forma(rol, _CLAVES_ROL)
        senales = _textos(rol["senales"])
        k = len(senales)
        decide = rol["decide"]
        if not isinstance(decide, list) or not all(type(d) is bool for d in decide):
            raise CopiaInvalida("el modelo no tiene la forma esperada")
        tablas: list[dict[str, Vector]] = []
        for tabla_nombre in _ROLES_PESOS:
            claves = _textos(rol[tabla_nombre])
            fin = usados + len(claves) * k
            if fin > len(pesos) or (k == 0 and claves):
                raise CopiaInvalida("faltan pesos del modelo")
            numeros = iter(pesos[usados:fin])
            tablas.append(dict(zip(claves, zip(*[numeros] * k, strict=True), strict=True))
                          if k else {})
            usados = fin
        listas = [rol[c] for c in ("reglas", "densos")]
        if not all(isinstance(lista, list) for lista in listas):
            raise CopiaInvalida("el modelo no tiene la forma esperada")
        roles[nombre] = ModeloRol.de_tablas(TablasRol(
            senales, _vector(rol["sesgo"], k), _vector(rol["umbrales"], k), decide,
            [_vector(v, k) for v in rol["reglas"]], *tablas,
            [_vector(v, k) for v in rol["densos"]]))
    if usados != len(pesos):
        raise CopiaInvalida("sobran pesos del modelo")
    return ModeloAprendido.de_roles(roles, datos["datos"])
