"""Comparar personas y equipos a partir de exportaciones CSV de varias personas.

Lee los dos dialectos de `simulador exportar` (comas y UTF-8, o punto y
coma, coma decimal y BOM), quita las sesiones repetidas (el mismo
`sesion_id` exportado dos veces) y resume por agente y por equipo: media,
mejor, última, medias por criterio, errores de cierre y tendencia (cuánto
cambia cada sesión respecto a la anterior del mismo agente en el mismo
escenario y versión). Una fila mala se avisa con su archivo y línea y se
salta; un archivo que no es una exportación es un error. Los exámenes sin
terminar (a medias o descartados) no tienen nota: se cuentan aparte y se
avisan, para que no desaparezcan de la vista del responsable.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from statistics import fmean
from typing import Any, Literal

from simulador.destinos import es_estandar
from simulador.exportar import (
    ESTADOS,
    PREFIJO_CRITERIO,
    TERMINADA,
    UTF8,
    Celda,
    celda,
    desneutralizar,
)
from simulador.historial.filtro import Filtro
from simulador.incidencias import nombre_visible, una_linea
from simulador.texto import clave_de_nombre

REQUERIDAS = ("sesion_id", "fecha", "agente", "equipo", "escenario", "puntaje", "cierre")
CIERRES_BIEN = ("correcto", "no_aplica")
LIMITE_BYTES = 200 * 1024 * 1024
Por = Literal["agente", "equipo"]
CAMPOS_ORDEN = ("media", "mejor", "ultimo", "sesiones", "tendencia", "errores_cierre",
                "sin_terminar", "agente", "equipo", "ultima_fecha")


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

    @property
    def terminada(self) -> bool:
        return self.estado == TERMINADA

    @property
    def cierre_bien(self) -> bool:
        return self.cierre in CIERRES_BIEN


@dataclass
class Lectura:
    """Lo leído de todos los archivos: sesiones sin repetir, avisos y errores."""

    sesiones: list[SesionExportada] = field(default_factory=list)
    criterios: list[str] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)
    errores: list[str] = field(default_factory=list)
    repetidas: int = 0


# --- leer -------------------------------------------------------------------------


def _texto(ruta: Path) -> tuple[str, str | None]:
    """El texto del archivo y, si no venía en UTF-8, el aviso de cómo se leyó."""
    nombre = nombre_visible(ruta)
    if es_estandar(ruta):
        nombre = "entrada estándar"
        crudo = sys.stdin.buffer.read(LIMITE_BYTES + 1) if hasattr(sys.stdin, "buffer") else (
            sys.stdin.read().encode("utf-8"))
        if len(crudo) > LIMITE_BYTES:
            raise NoEsExportacion(f"{nombre}: es demasiado grande para ser una exportación")
        return _decodificar(crudo, nombre)
    try:
        if ruta.is_dir():
            raise NoEsExportacion(f"{nombre}: es una carpeta, no un CSV exportado")
        if ruta.stat().st_size > LIMITE_BYTES:
            raise NoEsExportacion(f"{nombre}: es demasiado grande para ser una exportación")
        crudo = ruta.read_bytes()
    except FileNotFoundError:
        raise NoEsExportacion(f"{nombre}: no existe ese archivo") from None
    except OSError as exc:
        raise NoEsExportacion(f"{nombre}: no se puede leer ({exc.strerror or exc})") from None
    return _decodificar(crudo, nombre)


def _decodificar(crudo: bytes, nombre: str) -> tuple[str, str | None]:
    if b"\x00" in crudo:
        raise NoEsExportacion(f"{nombre}: no es un CSV (es un archivo binario)")
    try:
        return crudo.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        linea = crudo[: exc.start].count(b"\n") + 1
    # Una hoja de cálculo de Windows que vuelve a guardar el CSV lo deja en Windows-1252.
    try:
        return crudo.decode("cp1252"), (f"{nombre}: no está en UTF-8 (desde la línea "
                                        f"{linea}); se lee como Windows-1252, la "
                                        "codificación de las hojas de cálculo de Windows")
    except UnicodeDecodeError:
        raise NoEsExportacion(f"{nombre}:{linea}: no está en UTF-8 ni en Windows-1252; "
                              "expórtelo de nuevo con «simulador exportar»") from None


def _separador(texto: str, nombre: str) -> str:
    primera = texto.split("\n", 1)[0].rstrip("\r")
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


def _sesion(valores: list[str], cabecera: list[str], criterios: list[str], coma: bool,
            nombre: str, linea: int) -> SesionExportada:
    if len(valores) != len(cabecera):
        raise FilaMala(f"tiene {len(valores)} campos y la cabecera {len(cabecera)}")
    texto = {k: desneutralizar(v) for k, v in zip(cabecera, valores, strict=True)}
    if not texto["sesion_id"].strip():
        raise FilaMala("«sesion_id» está vacío")
    estado = texto.get("estado", "").strip() or TERMINADA  # las exportaciones de antes
    if estado not in ESTADOS.values():
        raise FilaMala(f"«estado» no es {', '.join(sorted(ESTADOS.values()))}: "
                       f"«{una_linea(estado)[:40]}»")
    puntaje = _numero(texto["puntaje"], coma, "puntaje") if estado == TERMINADA else None
    if puntaje is None and estado == TERMINADA:
        raise FilaMala("«puntaje» está vacío")
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
        estado=estado)


def leer_exportacion(ruta: Path) -> tuple[list[SesionExportada], list[str], list[str]]:
    """Las sesiones de un archivo, sus criterios y los avisos de filas malas."""
    nombre = nombre_visible(ruta)
    texto, codificacion = _texto(ruta)
    # Finales de línea de un Mac antiguo (solo «\r»): como cualquier otro salto de línea.
    texto = re.sub("\r(?!\n)", "\n", texto)
    separador = _separador(texto, nombre)
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
    cabecera = [c.strip() for c in next(lector)]
    faltan = [c for c in REQUERIDAS if c not in cabecera]
    if faltan:
        raise NoEsExportacion(f"{nombre}: no es una exportación de «simulador exportar» "
                              f"(faltan las columnas {', '.join(faltan)})")
    criterios = [c.removeprefix(PREFIJO_CRITERIO) for c in cabecera
                 if c.startswith(PREFIJO_CRITERIO)]
    sesiones: list[SesionExportada] = []
    avisos: list[str] = [codificacion] if codificacion else []
    leidas = lector.line_num
    try:
        for valores in lector:
            inicio, leidas = leidas + 1, lector.line_num
            if not any(v.strip() for v in valores):
                continue  # una línea en blanco no es un error
            try:
                sesiones.append(_sesion(valores, cabecera, criterios, separador == ";",
                                        nombre, inicio))
            except FilaMala as exc:
                avisos.append(f"{nombre}:{inicio}: {exc}; se salta la fila")
    except csv.Error as exc:
        avisos.append(f"{nombre}:{leidas + 1}: el CSV está mal formado ({exc}); se deja de "
                      "leer el archivo ahí")
    return sesiones, criterios, avisos


def leer_exportaciones(rutas: Iterable[Path]) -> Lectura:
    """Todos los archivos juntos, sin sesiones repetidas (gana la primera que aparece)."""
    lectura = Lectura()
    vistas: dict[str, SesionExportada] = {}
    for ruta in rutas:
        try:
            sesiones, criterios, avisos = leer_exportacion(ruta)
        except NoEsExportacion as exc:
            lectura.errores.append(str(exc))
            continue
        lectura.avisos.extend(avisos)
        lectura.criterios.extend(c for c in criterios if c not in lectura.criterios)
        for sesion in sesiones:
            previa = vistas.get(sesion.sesion_id)
            if previa is None:
                vistas[sesion.sesion_id] = sesion
                lectura.sesiones.append(sesion)
                continue
            lectura.repetidas += 1
            if sesion.terminada and not previa.terminada:
                # El examen se exportó a medias y después terminado: vale el terminado.
                vistas[sesion.sesion_id] = sesion
                lectura.sesiones[lectura.sesiones.index(previa)] = sesion
                continue
            if previa.terminada and not sesion.terminada:
                continue
            if (previa.puntaje, previa.agente, previa.cierre) != (
                    sesion.puntaje, sesion.agente, sesion.cierre):
                lectura.avisos.append(
                    f"{sesion.archivo}:{sesion.linea}: la sesión {sesion.sesion_id} ya estaba "
                    f"en {previa.archivo}:{previa.linea} con otros datos; se usa la primera")
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
    return lectura


def filtrar(sesiones: Sequence[SesionExportada], filtro: Filtro) -> list[SesionExportada]:
    return [s for s in sesiones if filtro.admite(s.fecha, s.agente, s.equipo, s.escenario)]


def versiones_mezcladas(sesiones: Sequence[SesionExportada]) -> list[str]:
    """Avisos de escenarios o rúbricas con varias versiones: sus notas no son del todo
    comparables."""
    versiones: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in sesiones:
        versiones[("escenario", s.escenario)].add(s.escenario_version)
        versiones[("rúbrica", s.rubrica)].add(s.rubrica_version)
    return [f"el {tipo} «{nombre}» aparece con {len(v)} versiones ({', '.join(sorted(v))}): "
            "las notas de versiones distintas no son del todo comparables; la tendencia solo "
            "compara sesiones de la misma versión"
            for (tipo, nombre), v in sorted(versiones.items()) if len(v) > 1]


def _sin_terminar_por_agente(sesiones: Sequence[SesionExportada]
                             ) -> list[tuple[str, dict[str, int]]]:
    """Cada agente («Ana (Mañana)») con sus exámenes sin terminar por estado."""
    cuentas: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    nombres: dict[tuple[str, str], str] = {}
    for s in sesiones:
        if not s.terminada:
            clave = (_clave(s.agente), _clave(s.equipo))
            cuentas[clave][s.estado] += 1
            nombres.setdefault(clave, (una_linea(s.agente) or "sin nombre")
                               + (f" ({una_linea(s.equipo)})" if s.equipo.strip() else ""))
    return [(nombres[clave], dict(estados)) for clave, estados in sorted(cuentas.items())]


def _estados(estados: dict[str, int]) -> str:
    return " y ".join(f"{n} {'descartado(s)' if e == 'descartada' else 'a medias'}"
                      for e, n in sorted(estados.items()))


def nombres_juntados(sesiones: Sequence[SesionExportada]) -> list[str]:
    """Avisos de las personas y equipos escritos de varias formas que se cuentan como uno
    («jose angel pena» y «José Ángel Peña»): que el responsable sepa qué se juntó."""
    formas: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in sesiones:
        for tipo, nombre in (("agente", s.agente), ("equipo", s.equipo)):
            visible = " ".join(unicodedata.normalize("NFC", nombre).split())
            if visible:
                formas[(tipo, _clave(nombre))].add(visible)
    return [f"se cuentan como {'una misma persona' if tipo == 'agente' else 'un mismo equipo'}"
            f" {', '.join(f'«{una_linea(f)}»' for f in sorted(v))}"
            for (tipo, _), v in sorted(formas.items()) if len(v) > 1]


def sin_terminar(sesiones: Sequence[SesionExportada]) -> list[str]:
    """Avisos de los exámenes que alguien dejó a medias o descartó, por agente: no tienen
    nota y no entran en las medias, pero el responsable debe saber que existen."""
    return [f"{agente} tiene examen(es) sin terminar: {_estados(estados)}; sin nota, "
            "cuentan como no aprobados" for agente, estados in _sin_terminar_por_agente(sesiones)]


def sin_terminar_en_una_linea(sesiones: Sequence[SesionExportada]) -> str | None:
    """Lo mismo en una sola línea, para una pantalla con sitio para un aviso."""
    agentes = _sin_terminar_por_agente(sesiones)
    if not agentes:
        return None
    return ("Exámenes sin terminar (sin nota, no aprobados): "
            + "; ".join(f"{agente}: {_estados(estados)}" for agente, estados in agentes))


# --- resumir ------------------------------------------------------------------------


@dataclass
class Resumen:
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


def _clave(texto: str) -> str:
    return clave_de_nombre(texto)


def _orden(s: SesionExportada) -> tuple[datetime, str]:
    return s.fecha, s.sesion_id


def cambios(sesiones: Sequence[SesionExportada]) -> dict[str, float]:
    """Cuánto cambia cada sesión respecto a la anterior del mismo agente en el mismo
    escenario y versión (la primera de cada serie no tiene cambio)."""
    series: dict[tuple[str, str, str, str], list[SesionExportada]] = defaultdict(list)
    for s in sesiones:
        if s.puntaje is not None:
            series[(_clave(s.agente), _clave(s.equipo), s.escenario,
                    s.escenario_version)].append(s)
    resultado: dict[str, float] = {}
    for serie in series.values():
        ordenada = sorted(serie, key=_orden)
        for anterior, actual in pairwise(ordenada):
            resultado[actual.sesion_id] = (actual.puntaje or 0.0) - (anterior.puntaje or 0.0)
    return resultado


def _media(valores: Sequence[float]) -> float | None:
    return round(fmean(valores), 1) if valores else None


def _resumen(grupo: list[SesionExportada], criterios: Sequence[str], deltas: dict[str, float],
             por: Por) -> Resumen:
    todas = sorted(grupo, key=_orden)
    ordenado = [s for s in todas if s.puntaje is not None]
    propios = [deltas[s.sesion_id] for s in ordenado if s.sesion_id in deltas]
    notas = [s.puntaje for s in ordenado if s.puntaje is not None]
    ultima = todas[-1]
    return Resumen(
        agente=ultima.agente if por == "agente" else None, equipo=ultima.equipo,
        sesiones=len(ordenado), media=_media(notas), mejor=max(notas, default=None),
        ultimo=notas[-1] if notas else None, ultima_fecha=ultima.fecha,
        criterios={c: _media([v for s in ordenado if (v := s.criterios.get(c)) is not None])
                   for c in criterios},
        errores_cierre=sum(1 for s in ordenado if not s.cierre_bien),
        tendencia=_media(propios), ultimo_cambio=propios[-1] if propios else None,
        agentes=len({_clave(s.agente) for s in todas}),
        sin_terminar=len(todas) - len(ordenado))


def resumir(sesiones: Sequence[SesionExportada], criterios: Sequence[str], por: Por = "agente"
            ) -> list[Resumen]:
    """Una fila por agente (agente y equipo) o por equipo, ordenadas por media."""
    deltas = cambios(sesiones)
    grupos: dict[tuple[str, ...], list[SesionExportada]] = defaultdict(list)
    for s in sesiones:
        clave = ((_clave(s.agente), _clave(s.equipo)) if por == "agente"
                 else (_clave(s.equipo),))
        grupos[clave].append(s)
    return ordenar([_resumen(g, criterios, deltas, por) for g in grupos.values()], "media")


def ordenar(resumenes: list[Resumen], campo: str, inverso: bool = False) -> list[Resumen]:
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
