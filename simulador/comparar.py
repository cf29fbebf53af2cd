"""Comparar personas y equipos a partir de exportaciones CSV de varias personas.

Lee los dos dialectos de `simulador exportar` (comas y UTF-8, o punto y
coma, coma decimal y BOM), quita las sesiones repetidas (el mismo
`sesion_id` exportado dos veces) y resume por agente y por equipo: media,
mejor, última, medias por criterio, errores de cierre y tendencia (cuánto
cambia cada sesión respecto a la anterior del mismo agente en el mismo
escenario y versión). Una fila mala se avisa con su archivo y línea y se
salta; un archivo que no es una exportación es un error. Los exámenes sin
terminar (a medias o descartados) no tienen nota: se cuentan aparte y se
avisan, para que no desaparezcan de la vista del responsable. Las partidas
con guion (`jugar --guion`, pruebas de un formador) quedan fuera salvo que
se pidan.

Los archivos se leen fila a fila y cada fila se suma a unos totales
(`Totales`) en lugar de guardarse: la memoria no crece con el tamaño de los
archivos salvo por los identificadores de sesión ya vistos, que hacen falta
para quitar las repetidas (issue 15: tres archivos de 35 MB llegaban a 900 MB).
La tendencia tampoco necesita la lista: la suma de los cambios de una serie es
la última nota menos la primera.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal

from simulador.destinos import es_estandar
from simulador.exportar import (
    ESTADOS_CSV,
    NO,
    PREFIJO_CRITERIO,
    SI,
    TERMINADA,
    UTF8,
    Celda,
    celda,
    desneutralizar,
)
from simulador.formatos.senales import CIERRES_BIEN
from simulador.historial.filtro import Filtro
from simulador.incidencias import nombre_visible, razon_del_sistema, una_linea
from simulador.texto import clave_de_nombre

REQUERIDAS = ("sesion_id", "fecha", "agente", "equipo", "escenario", "puntaje", "cierre")
LIMITE_BYTES = 200 * 1024 * 1024
TROZO = 256 * 1024  # lo que se lee de una vez al comprobar la codificación
Por = Literal["agente", "equipo"]
CAMPOS_ORDEN = ("media", "mejor", "ultimo", "sesiones", "tendencia", "errores_cierre",
                "sin_terminar", "agente", "equipo", "ultima_fecha")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_GUION = {SI: True, "si": True, NO: False, "": False}


class NoEsExportacion(Exception):
    """El archivo no es una exportación de `simulador exportar`; el mensaje dice por qué."""


class FilaMala(ValueError):
    """Una fila que no se puede usar; el mensaje dice qué campo falla."""


@dataclass(frozen=True)
class SesionExportada:
    """Una fila de una exportación, ya interpretada."""

    sesion_id: str
    fecha: datetime
    agente: str
    equipo: str
    escenario: str
    escenario_version: str
    rubrica: str
    rubrica_version: str
    puntaje: float | None
    criterios: dict[str, float | None]
    cierre: str
    archivo: str
    linea: int
    estado: str = TERMINADA
    guion: bool = False

    @property
    def terminada(self) -> bool:
        return self.estado == TERMINADA

    @property
    def cierre_bien(self) -> bool:
        return self.cierre in CIERRES_BIEN

    @property
    def orden(self) -> tuple[datetime, str]:
        return self.fecha, self.sesion_id


@dataclass
class Lectura:
    """Lo leído de todos los archivos: avisos, errores y cuántas sesiones distintas había
    (y la lista de sesiones, solo si se pidió leerlo todo a memoria)."""

    sesiones: list[SesionExportada] = field(default_factory=list)
    criterios: list[str] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)
    errores: list[str] = field(default_factory=list)
    repetidas: int = 0
    distintas: int = 0
    saltadas: int = 0  # filas malas que no se contaron (comparar sale con 1)


# --- leer -------------------------------------------------------------------------


def _abrir(ruta: Path) -> tuple[IO[bytes], str]:
    """El archivo (o la entrada estándar, copiada a un temporal para poder leerla dos
    veces) y su nombre para los mensajes."""
    if es_estandar(ruta):
        nombre = "entrada estándar"
        copia = tempfile.SpooledTemporaryFile(max_size=8 * TROZO)  # noqa: SIM115
        fuente = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
        copiados = 0
        while copiados <= LIMITE_BYTES:
            trozo = fuente.read(TROZO) if fuente is not None else sys.stdin.read(
                TROZO).encode("utf-8")
            if not trozo:
                break
            copia.write(trozo)
            copiados += len(trozo)
        if copiados > LIMITE_BYTES:
            copia.close()
            raise NoEsExportacion(f"{nombre}: es demasiado grande para ser una exportación")
        copia.seek(0)
        return copia, nombre
    nombre = nombre_visible(ruta)
    try:
        if ruta.is_dir():
            raise NoEsExportacion(f"{nombre}: es una carpeta, no un CSV exportado")
        if ruta.stat().st_size > LIMITE_BYTES:
            raise NoEsExportacion(f"{nombre}: es demasiado grande para ser una exportación")
        return ruta.open("rb"), nombre
    except FileNotFoundError:
        raise NoEsExportacion(f"{nombre}: no existe ese archivo") from None
    except OSError as exc:
        raise NoEsExportacion(f"{nombre}: no se puede leer ({razon_del_sistema(exc)})") from None


def _codificacion(archivo: IO[bytes], nombre: str) -> tuple[str, str | None]:
    """Una primera pasada por trozos, sin guardar el texto: la codificación con la que
    leerlo y, si no venía en UTF-8, el aviso de cómo se lee."""
    decodificador = codecs.getincrementaldecoder("utf-8")()
    lineas, mala = 0, None
    primero = True
    while trozo := archivo.read(TROZO):
        # Un libro de Excel, una base de datos o un comprimido llevan bytes nulos desde el
        # principio; un nulo en una fila es una celda rara, que se avisa al leerla.
        if primero and b"\x00" in trozo.split(b"\n", 1)[0]:
            raise NoEsExportacion(f"{nombre}: no es un CSV (es un archivo binario)")
        primero = False
        if mala is None:
            try:
                decodificador.decode(trozo)
            except UnicodeDecodeError as exc:
                mala = lineas + exc.object[: exc.start].count(b"\n") + 1
            lineas += trozo.count(b"\n")
    if mala is None:
        try:
            decodificador.decode(b"", final=True)
        except UnicodeDecodeError:
            mala = lineas + 1
    archivo.seek(0)
    if mala is None:
        return "utf-8-sig", None
    # Una hoja de cálculo de Windows que vuelve a guardar el CSV lo deja en Windows-1252.
    try:
        while trozo := archivo.read(TROZO):
            trozo.decode("cp1252")
    except UnicodeDecodeError:
        raise NoEsExportacion(f"{nombre}:{mala}: no está en UTF-8 ni en Windows-1252; "
                              "expórtelo de nuevo con «simulador exportar»") from None
    archivo.seek(0)
    return "cp1252", (f"{nombre}: no está en UTF-8 (desde la línea {mala}); se lee como "
                      "Windows-1252, la codificación de las hojas de cálculo de Windows")


def _separador(primera: str, nombre: str) -> str:
    if not primera.strip():
        raise NoEsExportacion(f"{nombre}: está vacío; no es una exportación de «simulador "
                              "exportar»")
    for separador in (";", ","):
        columnas = next(csv.reader([primera], delimiter=separador))
        if "sesion_id" in columnas:
            return separador
    raise NoEsExportacion(f"{nombre}: no es una exportación de «simulador exportar» (la "
                          "primera línea no tiene la columna sesion_id)")


def _numero(texto: str, coma_decimal: bool, columna: str) -> float | None:
    limpio = texto.strip()
    if not limpio:
        return None
    try:
        valor = float(limpio.replace(",", ".") if coma_decimal else limpio)
    except ValueError:
        raise FilaMala(f"«{columna}» no es un número: «{una_linea(limpio)[:40]}»") from None
    if not math.isfinite(valor):
        raise FilaMala(f"«{columna}» no es una nota: «{una_linea(limpio)[:40]}»")
    return valor


def _fecha(texto: str, zona: str = "") -> datetime:
    """La fecha de una exportación: con su `zona_horaria` si la trae (las de ahora), con el
    desfase dentro (las de antes) o, sin ninguno, en la hora local de esta máquina."""
    try:
        fecha = datetime.fromisoformat(texto.strip())
        desfase = zona.strip().removeprefix("UTC")
        if fecha.tzinfo is None and desfase:
            fecha = datetime.fromisoformat(fecha.isoformat() + desfase)
    except ValueError:
        raise FilaMala(f"«fecha» no es una fecha ISO 8601: «{una_linea(texto)[:40]}»") from None
    try:
        fecha = fecha if fecha.tzinfo else fecha.astimezone()
        fecha.astimezone(UTC)  # que se pueda comparar con las demás
    except (ValueError, OverflowError):
        raise FilaMala(f"«fecha» está fuera de las fechas posibles: "
                       f"«{una_linea(texto)[:40]}»") from None
    return fecha


def _guion(texto: str) -> bool:
    """La columna `guion` («sí» o «no»); las exportaciones de antes no la tienen."""
    valor = _GUION.get(texto.strip().casefold())
    if valor is None:
        raise FilaMala(f"«guion» no es «sí» ni «no»: «{una_linea(texto)[:40]}»")
    return valor


def _sesion(valores: list[str], cabecera: list[str], criterios: list[str], coma: bool,
            nombre: str, linea: int) -> SesionExportada:
    if len(valores) != len(cabecera):
        raise FilaMala(f"tiene {len(valores)} campos y la cabecera {len(cabecera)}")
    texto = {k: desneutralizar(v) for k, v in zip(cabecera, valores, strict=True)}
    if not texto["sesion_id"].strip():
        raise FilaMala("«sesion_id» está vacío")
    estado = texto.get("estado", "").strip() or TERMINADA  # las exportaciones de antes
    if estado not in ESTADOS_CSV.values():
        raise FilaMala(f"«estado» no es {', '.join(sorted(ESTADOS_CSV.values()))}: "
                       f"«{una_linea(estado)[:40]}»")
    puntaje = _numero(texto["puntaje"], coma, "puntaje") if estado == TERMINADA else None
    if puntaje is None and estado == TERMINADA:
        raise FilaMala("«puntaje» está vacío")
    if puntaje is not None and not 0 <= puntaje <= 100:
        raise FilaMala(f"«puntaje» es {texto['puntaje'].strip()[:20]}: debe estar entre 0 "
                       "y 100")
    return SesionExportada(
        sesion_id=texto["sesion_id"].strip(),
        fecha=_fecha(texto["fecha"], texto.get("zona_horaria", "")),
        agente=texto["agente"].strip(), equipo=texto["equipo"].strip(),
        escenario=texto["escenario"].strip(),
        escenario_version=texto.get("escenario_version", "").strip(),
        rubrica=texto.get("rubrica", "").strip(),
        rubrica_version=texto.get("rubrica_version", "").strip(), puntaje=puntaje,
        criterios={c: _numero(texto[PREFIJO_CRITERIO + c], coma, PREFIJO_CRITERIO + c)
                   for c in criterios},
        cierre=texto["cierre"].strip(), archivo=nombre, linea=linea,
        estado=estado, guion=_guion(texto.get("guion", "")))


class Exportacion:
    """Un CSV de `simulador exportar` abierto para leerlo fila a fila, sin cargarlo entero.

    Al abrirlo se comprueba que es una exportación (NoEsExportacion si no); al
    recorrerlo, las filas malas se saltan y se anotan en `avisos` con su línea.
    """

    def __init__(self, ruta: Path) -> None:
        self._archivo, self.nombre = _abrir(ruta)
        self._texto: io.TextIOWrapper | None = None
        try:
            codificacion, aviso = _codificacion(self._archivo, self.nombre)
            self.avisos: list[str] = [aviso] if aviso else []
            self.saltadas = 0
            # newline="": el módulo csv ve los saltos de línea tal cual (también los «\r»
            # sueltos de un Mac antiguo, que terminan una línea como cualquier otro).
            self._texto = io.TextIOWrapper(self._archivo, encoding=codificacion, newline="")
            # Con límite: un archivo de una sola línea enorme no se carga entero.
            primera = self._texto.readline(TROZO).rstrip("\r\n")
            self._separador = _separador(primera, self.nombre)
        except OSError as exc:
            self.cerrar()
            raise NoEsExportacion(f"{self.nombre}: no se puede leer "
                                  f"({razon_del_sistema(exc)})") from None
        except BaseException:
            self.cerrar()
            raise
        self.cabecera = [c.strip() for c in next(csv.reader([primera],
                                                            delimiter=self._separador))]
        faltan = [c for c in REQUERIDAS if c not in self.cabecera]
        if faltan:
            self.cerrar()
            raise NoEsExportacion(f"{self.nombre}: no es una exportación de «simulador "
                                  f"exportar» (faltan las columnas {', '.join(faltan)})")
        self.criterios = [c.removeprefix(PREFIJO_CRITERIO) for c in self.cabecera
                          if c.startswith(PREFIJO_CRITERIO)]

    def __enter__(self) -> Exportacion:
        return self

    def __exit__(self, *_: object) -> None:
        self.cerrar()

    def cerrar(self) -> None:
        (self._texto or self._archivo).close()

    def __iter__(self) -> Iterator[SesionExportada]:
        assert self._texto is not None  # abierto en __init__ o NoEsExportacion
        lector = csv.reader(self._texto, delimiter=self._separador)
        coma = self._separador == ";"
        leidas = 1  # la cabecera
        try:
            for valores in lector:
                inicio, leidas = leidas + 1, 1 + lector.line_num
                if not any(v.strip() for v in valores):
                    continue  # una línea en blanco no es un error
                try:
                    yield _sesion(valores, self.cabecera, self.criterios, coma, self.nombre,
                                  inicio)
                except FilaMala as exc:
                    self.avisos.append(f"{self.nombre}:{inicio}: {exc}; se salta la fila")
                    self.saltadas += 1
        except csv.Error as exc:
            self.saltadas += 1
            self.avisos.append(f"{self.nombre}:{leidas + 1}: el CSV está mal formado ({exc}); "
                               "se deja de leer el archivo ahí")
        except OSError as exc:
            self.saltadas += 1
            self.avisos.append(f"{self.nombre}:{leidas + 1}: no se puede seguir leyendo "
                               f"({razon_del_sistema(exc)}); se deja de leer el archivo ahí")


def leer_exportacion(ruta: Path) -> tuple[list[SesionExportada], list[str], list[str]]:
    """Las sesiones de un archivo, sus criterios y los avisos de filas malas."""
    with Exportacion(ruta) as exportacion:
        sesiones = list(exportacion)
        return sesiones, exportacion.criterios, exportacion.avisos


def _clave_sesion(sesion_id: str) -> bytes | str:
    """El identificador como clave pequeña: los del simulador (32 cifras hexadecimales)
    ocupan 16 bytes; los demás se guardan tal cual."""
    return bytes.fromhex(sesion_id) if _HEX32.fullmatch(sesion_id) else sesion_id


def _firma(sesion: SesionExportada) -> int:
    """Lo que se compara de dos copias de una sesión, en un número (para avisar si no son
    iguales sin guardar la sesión)."""
    return hash((sesion.puntaje, sesion.agente, sesion.cierre)) & (2**64 - 1)


def _vista(sesion: SesionExportada, archivo: int) -> int:
    """Lo que se recuerda de una sesión ya vista, en un solo número: su firma, dónde
    estaba (archivo y línea) y si estaba terminada."""
    return (_firma(sesion) << 64) | (archivo << 40) | (sesion.linea << 1) | sesion.terminada


def recorrer_exportaciones(rutas: Iterable[Path], lectura: Lectura
                           ) -> Iterator[SesionExportada]:
    """Las sesiones de todos los archivos, cada una una sola vez, sin cargar los archivos.

    Gana la primera que aparece, salvo un examen exportado a medias y después terminado:
    vale el terminado. Por eso los exámenes sin terminar se dan al final (son pocos),
    cuando ya se sabe que ningún archivo los trae terminados. Errores, avisos, criterios
    y cuántas sesiones había van a `lectura`.
    """
    vistas: dict[bytes | str, int] = {}
    pendientes: dict[bytes | str, SesionExportada] = {}
    nombres: list[str] = []
    for ruta in rutas:
        try:
            exportacion = Exportacion(ruta)
        except NoEsExportacion as exc:
            lectura.errores.append(str(exc))
            continue
        indice = len(nombres)
        nombres.append(exportacion.nombre)
        lectura.criterios.extend(c for c in exportacion.criterios
                                 if c not in lectura.criterios)
        distintos: list[str] = []
        with exportacion:
            for sesion in exportacion:
                clave = _clave_sesion(sesion.sesion_id)
                previa = vistas.get(clave)
                if previa is None:
                    vistas[clave] = _vista(sesion, indice)
                    lectura.distintas += 1
                    if sesion.terminada:
                        yield sesion
                    else:
                        pendientes[clave] = sesion
                    continue
                lectura.repetidas += 1
                previa_terminada = bool(previa & 1)
                if sesion.terminada and not previa_terminada:
                    # El examen se exportó a medias y después terminado: vale el terminado.
                    pendientes.pop(clave, None)
                    vistas[clave] = _vista(sesion, indice)
                    yield sesion
                    continue
                if previa_terminada and not sesion.terminada:
                    continue
                if previa >> 64 != _firma(sesion):
                    donde = (f"{nombres[(previa >> 40) & 0xFFFFFF]}:"
                             f"{(previa >> 1) & (2**39 - 1)}")
                    distintos.append(
                        f"{sesion.archivo}:{sesion.linea}: la sesión {sesion.sesion_id} ya "
                        f"estaba en {donde} con otros datos; se usa la primera")
        lectura.avisos.extend(exportacion.avisos)
        lectura.avisos.extend(distintos)
        lectura.saltadas += exportacion.saltadas
    yield from pendientes.values()


def leer_exportaciones(rutas: Iterable[Path]) -> Lectura:
    """Todos los archivos juntos y en memoria, sin sesiones repetidas (para pruebas y
    listas pequeñas; `comparar` usa `recorrer_exportaciones`)."""
    lectura = Lectura()
    lectura.sesiones = list(recorrer_exportaciones(rutas, lectura))
    return lectura


def leer_filas(columnas: Sequence[str], filas: Iterable[Mapping[str, Celda]],
               nombre: str = "historial") -> Lectura:
    """Las filas de `exportar.tabla` (el historial propio, sin pasar por un archivo) tal
    como se leerían de su CSV: las mismas sesiones y criterios que daría `comparar` con
    la exportación (lo usa la pantalla de equipo de la interfaz)."""
    cabecera = list(columnas)
    criterios = [c.removeprefix(PREFIJO_CRITERIO) for c in cabecera
                 if c.startswith(PREFIJO_CRITERIO)]
    lectura = Lectura(criterios=criterios)
    for linea, datos in enumerate(filas, start=2):  # la 1 sería la cabecera
        valores = [celda(datos.get(c), UTF8) for c in cabecera]
        try:
            lectura.sesiones.append(_sesion(valores, cabecera, criterios, False, nombre, linea))
        except FilaMala as exc:
            lectura.avisos.append(f"{nombre}:{linea}: {exc}; se salta la fila")
            lectura.saltadas += 1
    lectura.distintas = len(lectura.sesiones)
    return lectura


def admitida(sesion: SesionExportada, filtro: Filtro) -> bool:
    return filtro.admite(sesion.fecha, sesion.agente, sesion.equipo, sesion.escenario)


def filtrar(sesiones: Sequence[SesionExportada], filtro: Filtro) -> list[SesionExportada]:
    return [s for s in sesiones if admitida(s, filtro)]


# --- totales ------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _clave(texto: str) -> str:
    # Los mismos pocos nombres se repiten en miles de filas: se normalizan una vez.
    return clave_de_nombre(texto)


class _Suma:
    """Una suma exacta (como la de `statistics.fmean`, que suma sin redondear) sin guardar
    los sumandos: enteros aparte, el resto como fracciones."""

    __slots__ = ("enteros", "fracciones", "n")

    def __init__(self) -> None:
        self.enteros = 0
        self.fracciones = Fraction(0)
        self.n = 0

    def anadir(self, valor: float) -> None:
        if float(valor).is_integer():
            self.enteros += int(valor)
        else:
            self.fracciones += Fraction(valor)
        self.n += 1

    def media(self) -> float | None:
        """La media redondeada a un decimal, como la enseñan las tablas."""
        if not self.n:
            return None
        total = float(self.enteros + self.fracciones) if self.fracciones else float(
            self.enteros)
        return round(total / self.n, 1)


Nota = tuple[tuple[datetime, str], float]  # (orden de la sesión, nota)


class _Serie:
    """Las sesiones terminadas de un agente en un escenario y versión: para la tendencia
    bastan la primera nota, las dos últimas y cuántas hay."""

    __slots__ = ("n", "penultima", "primera", "ultima")

    def __init__(self, nota: Nota) -> None:
        self.n = 1
        self.primera = self.ultima = nota
        self.penultima: Nota | None = None

    def anadir(self, nota: Nota) -> None:
        self.n += 1
        if nota[0] < self.primera[0]:
            self.primera = nota
        if nota[0] > self.ultima[0]:
            self.penultima, self.ultima = self.ultima, nota
        elif self.penultima is None or nota[0] > self.penultima[0]:
            self.penultima = nota


class _Grupo:
    """Los totales de un agente (de un equipo) o de un equipo entero."""

    __slots__ = ("agentes", "criterios", "errores_cierre", "mejor", "notas", "series",
                 "sin_terminar", "ultima", "ultima_nota")

    def __init__(self) -> None:
        self.ultima: SesionExportada | None = None  # la más reciente, terminada o no
        self.ultima_nota: Nota | None = None
        self.notas = _Suma()
        self.mejor: float | None = None
        self.criterios: dict[str, _Suma] = defaultdict(_Suma)
        self.errores_cierre = 0
        self.sin_terminar = 0
        self.agentes: set[str] = set()
        self.series: set[tuple[str, str, str, str]] = set()

    def anadir(self, s: SesionExportada, serie: tuple[str, str, str, str]) -> None:
        if self.ultima is None or s.orden > self.ultima.orden:
            self.ultima = s
        self.agentes.add(serie[0])
        if s.puntaje is None:
            self.sin_terminar += 1
            return
        self.series.add(serie)
        self.notas.anadir(s.puntaje)
        self.mejor = s.puntaje if self.mejor is None else max(self.mejor, s.puntaje)
        if self.ultima_nota is None or s.orden > self.ultima_nota[0]:
            self.ultima_nota = (s.orden, s.puntaje)
        for criterio, valor in s.criterios.items():
            if valor is not None:
                self.criterios[criterio].anadir(valor)
        if not s.cierre_bien:
            self.errores_cierre += 1

    def resumen(self, criterios: Sequence[str], series: Mapping[tuple[str, str, str, str],
                _Serie], por: Por) -> FilaComparacion:
        ultima = self.ultima
        assert ultima is not None  # un grupo nace con su primera sesión
        cambios = _Suma()
        ultimo_cambio: Nota | None = None
        for clave in self.series:
            serie = series[clave]
            if serie.penultima is None:
                continue  # una sola sesión: sin cambio
            # La suma de los cambios de una serie ordenada es la última menos la primera.
            cambios.fracciones += Fraction(serie.ultima[1]) - Fraction(serie.primera[1])
            cambios.n += serie.n - 1
            if ultimo_cambio is None or serie.ultima[0] > ultimo_cambio[0]:
                ultimo_cambio = (serie.ultima[0], serie.ultima[1] - serie.penultima[1])
        return FilaComparacion(
            agente=ultima.agente if por == "agente" else None, equipo=ultima.equipo,
            sesiones=self.notas.n, media=self.notas.media(), mejor=self.mejor,
            ultimo=self.ultima_nota[1] if self.ultima_nota else None,
            ultima_fecha=ultima.fecha,
            criterios={c: self.criterios[c].media() if c in self.criterios else None
                       for c in criterios},
            errores_cierre=self.errores_cierre, tendencia=cambios.media(),
            ultimo_cambio=ultimo_cambio[1] if ultimo_cambio else None,
            agentes=len(self.agentes), sin_terminar=self.sin_terminar)


class Totales:
    """Todo lo que necesitan las tablas y los avisos de `comparar`, sumado sesión a sesión:
    por agente y por equipo, las series de cada agente para la tendencia, los nombres
    escritos de varias formas, las versiones y los exámenes sin terminar. Crece con el
    número de agentes, escenarios y versiones, no con el de sesiones."""

    def __init__(self) -> None:
        self.sesiones = 0
        self._grupos: dict[Por, dict[tuple[str, ...], _Grupo]] = {
            "agente": defaultdict(_Grupo), "equipo": defaultdict(_Grupo)}
        self._series: dict[tuple[str, str, str, str], _Serie] = {}
        self._formas: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._versiones: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._sin_terminar: dict[tuple[str, str], dict[str, int]] = defaultdict(
            lambda: defaultdict(int))
        self._nombres: dict[tuple[str, str], str] = {}

    @classmethod
    def de(cls, sesiones: Iterable[SesionExportada]) -> Totales:
        totales = cls()
        for sesion in sesiones:
            totales.anadir(sesion)
        return totales

    def anadir(self, s: SesionExportada) -> None:
        self.sesiones += 1
        agente, equipo = _clave(s.agente), _clave(s.equipo)
        serie = (agente, equipo, s.escenario, s.escenario_version)
        self._grupos["agente"][(agente, equipo)].anadir(s, serie)
        self._grupos["equipo"][(equipo,)].anadir(s, serie)
        if s.puntaje is not None:
            nota = (s.orden, s.puntaje)
            if serie in self._series:
                self._series[serie].anadir(nota)
            else:
                self._series[serie] = _Serie(nota)
        for tipo, nombre in (("agente", s.agente), ("equipo", s.equipo)):
            visible = " ".join(unicodedata.normalize("NFC", nombre).split())
            if visible:
                self._formas[(tipo, _clave(nombre))].add(visible)
        self._versiones[("escenario", s.escenario)].add(s.escenario_version)
        self._versiones[("rúbrica", s.rubrica)].add(s.rubrica_version)
        if not s.terminada:
            self._sin_terminar[(agente, equipo)][s.estado] += 1
            self._nombres.setdefault((agente, equipo), (una_linea(s.agente) or "sin nombre")
                                     + (f" ({una_linea(s.equipo)})" if s.equipo.strip()
                                        else ""))

    def resumir(self, criterios: Sequence[str], por: Por = "agente") -> list[FilaComparacion]:
        """Una fila por agente (agente y equipo) o por equipo, ordenadas por media."""
        return ordenar([g.resumen(criterios, self._series, por)
                        for g in self._grupos[por].values()], "media")

    def nombres_juntados(self) -> list[str]:
        return [f"se cuentan como "
                f"{'una misma persona' if tipo == 'agente' else 'un mismo equipo'}"
                f" {', '.join(f'«{una_linea(f)}»' for f in sorted(v))}"
                for (tipo, _), v in sorted(self._formas.items()) if len(v) > 1]

    def versiones_mezcladas(self) -> list[str]:
        return [f"el {tipo} «{nombre}» aparece con {len(v)} versiones "
                f"({', '.join(sorted(v))}): las notas de versiones distintas no son del todo "
                "comparables; la tendencia solo compara sesiones de la misma versión"
                for (tipo, nombre), v in sorted(self._versiones.items()) if len(v) > 1]

    def sin_terminar_por_agente(self) -> list[tuple[str, dict[str, int]]]:
        """Cada agente («Ana (Mañana)») con sus exámenes sin terminar por estado."""
        return [(self._nombres[clave], dict(estados))
                for clave, estados in sorted(self._sin_terminar.items())]

    def sin_terminar(self) -> list[str]:
        return [f"{agente} tiene examen(es) sin terminar: {_estados(estados)}; sin nota, "
                "cuentan como no aprobados" for agente, estados in self.sin_terminar_por_agente()]


def _estados(estados: dict[str, int]) -> str:
    return " y ".join(f"{n} {'descartado(s)' if e == 'descartada' else 'a medias'}"
                      for e, n in sorted(estados.items()))


def versiones_mezcladas(sesiones: Iterable[SesionExportada]) -> list[str]:
    """Avisos de escenarios o rúbricas con varias versiones: sus notas no son del todo
    comparables."""
    return Totales.de(sesiones).versiones_mezcladas()


def nombres_juntados(sesiones: Iterable[SesionExportada]) -> list[str]:
    """Avisos de las personas y equipos escritos de varias formas que se cuentan como uno
    («jose angel pena» y «José Ángel Peña»): que el responsable sepa qué se juntó."""
    return Totales.de(sesiones).nombres_juntados()


def sin_terminar(sesiones: Iterable[SesionExportada]) -> list[str]:
    """Avisos de los exámenes que alguien dejó a medias o descartó, por agente: no tienen
    nota y no entran en las medias, pero el responsable debe saber que existen."""
    return Totales.de(sesiones).sin_terminar()


def sin_terminar_en_una_linea(sesiones: Iterable[SesionExportada]) -> str | None:
    """Lo mismo en una sola línea, para una pantalla con sitio para un aviso."""
    agentes = Totales.de(sesiones).sin_terminar_por_agente()
    if not agentes:
        return None
    return ("Exámenes sin terminar (sin nota, no aprobados): "
            + "; ".join(f"{agente}: {_estados(estados)}" for agente, estados in agentes))


@dataclass
class Comparacion:
    """Lo que da `comparar` de unos archivos: la lectura (avisos, errores, repetidas), los
    totales de las sesiones que cuentan y cuántas partidas con guion quedaron fuera."""

    lectura: Lectura
    totales: Totales
    guiones: int = 0


def comparar(rutas: Iterable[Path], filtro: Filtro | None = None,
             incluir_guiones: bool = False) -> Comparacion:
    """Lee los archivos fila a fila y suma las sesiones que cumplen el filtro; las partidas
    con guion se cuentan aparte (y no suman) salvo `incluir_guiones`."""
    filtro = filtro or Filtro()
    resultado = Comparacion(Lectura(), Totales())
    for sesion in recorrer_exportaciones(rutas, resultado.lectura):
        if not admitida(sesion, filtro):
            continue
        if sesion.guion and not incluir_guiones:
            resultado.guiones += 1
            continue
        resultado.totales.anadir(sesion)
    return resultado


# --- resumir ------------------------------------------------------------------------


@dataclass
class FilaComparacion:
    """Una fila de la comparación: un agente (de un equipo) o un equipo entero."""

    agente: str | None
    equipo: str
    sesiones: int
    media: float | None
    mejor: float | None
    ultimo: float | None
    ultima_fecha: datetime
    criterios: dict[str, float | None]
    errores_cierre: int
    tendencia: float | None
    ultimo_cambio: float | None = None
    agentes: int = 1
    sin_terminar: int = 0

    def como_dict(self) -> dict[str, Any]:
        return {"agente": self.agente, "equipo": self.equipo, "sesiones": self.sesiones,
                "media": self.media, "mejor": _entero(self.mejor),
                "ultimo": _entero(self.ultimo), "sin_terminar": self.sin_terminar,
                "ultima_fecha": self.ultima_fecha.isoformat(timespec="seconds"),
                "criterios": self.criterios, "errores_cierre": self.errores_cierre,
                "tendencia": self.tendencia, "ultimo_cambio": self.ultimo_cambio,
                "agentes": self.agentes}


def _entero(valor: float | None) -> int | float | None:
    return int(valor) if valor is not None and float(valor).is_integer() else valor


def resumir(sesiones: Iterable[SesionExportada], criterios: Sequence[str], por: Por = "agente"
            ) -> list[FilaComparacion]:
    """Una fila por agente (agente y equipo) o por equipo, ordenadas por media."""
    return Totales.de(sesiones).resumir(criterios, por)


def ordenar(resumenes: list[FilaComparacion], campo: str,
            inverso: bool = False) -> list[FilaComparacion]:
    """Los números de mayor a menor (los vacíos al final); los nombres, alfabéticamente."""
    if campo not in CAMPOS_ORDEN:
        raise ValueError(f"no se puede ordenar por «{campo}»")
    if campo in ("agente", "equipo"):
        clave = lambda r: (_clave(getattr(r, campo) or ""), _clave(r.equipo))  # noqa: E731
        return sorted(resumenes, key=clave, reverse=inverso)
    if campo == "ultima_fecha":
        return sorted(resumenes, key=lambda r: r.ultima_fecha, reverse=not inverso)
    con = [r for r in resumenes if getattr(r, campo) is not None]
    sin = [r for r in resumenes if getattr(r, campo) is None]
    con.sort(key=lambda r: (getattr(r, campo), _clave(r.agente or r.equipo)), reverse=True)
    if inverso:
        con.reverse()
    return con + sin


def numero(valor: float | None, signo: bool = False) -> str:
    """Un número como lo enseñan las tablas de equipo: coma decimal, «−» y «—» sin dato."""
    if valor is None:
        return "—"
    texto = f"{valor:+.1f}" if signo else (f"{valor:.0f}" if float(valor).is_integer()
                                            else f"{valor:.1f}")
    return texto.replace(".", ",").replace("-", "−")
