"""Exportar el historial: una fila por sesión terminada, en CSV para hojas de cálculo.

Dos dialectos: UTF-8 con comas (el de siempre) y el que abre bien una hoja
de cálculo en español (punto y coma, coma decimal y BOM). Las columnas son
fijas y con nombre estable; los criterios van como `criterio_NOMBRE`
porque `cierre` es a la vez un criterio y el veredicto. Un texto que una
hoja de cálculo tomaría por fórmula se neutraliza con un apóstrofo.
`fecha` es el comienzo de la sesión en hora local («2026-12-07 10:02:14»,
la forma que una hoja de cálculo en español reconoce como fecha) y
`zona_horaria` su desfase respecto a UTC («UTC+01:00»); `respuestas_agente` cuenta
lo que escribió el agente y `turnos_total` las líneas de los dos (cliente y
agente): una hoja que sumara «turnos» pensando en respuestas contaría el doble;
`duracion_s` va del comienzo al último turno y `respuesta_media_s` es lo que
tardó de media el agente en contestar. `guion` dice si la sesión se jugó con
`jugar --guion` (la prueba de un formador): esas no se exportan salvo que se
pidan, para que no cuenten como resultados del equipo.

Un examen que se dejó a medias o se descartó también sale, sin nota y con
`estado` «a_medias» o «descartada»: un responsable ve que existió.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulador.historial import Filtro, Historial, ResumenSesion

COLUMNAS_INICIO = ("sesion_id", "fecha", "zona_horaria", "agente", "equipo", "escenario",
                   "escenario_version", "escenario_version_autor", "rubrica",
                   "rubrica_version", "modo", "puntaje", "aprobado")
COLUMNAS_FIN = ("cierre", "final", "estado", "guion", "respuestas_agente", "turnos_total",
                "duracion_s", "respuesta_media_s")
TERMINADA = "terminada"
# El estado de la exportación: el del historial, con «a_medias» por «en_curso» (un examen
# que se dejó sin acabar no sigue «en curso» para quien lee la hoja semanas después).
ESTADOS_CSV = {"terminada": TERMINADA, "en_curso": "a_medias", "descartada": "descartada"}
PREFIJO_CRITERIO = "criterio_"
CRITERIOS_POR_DEFECTO = ("escucha", "resolucion", "disculpa", "desescalada", "sin_excusas",
                         "cierre")
SI, NO = "sí", "no"
# Lo que una hoja de cálculo interpreta como el comienzo de una fórmula; el apóstrofo
# también, para que neutralizar y deshacerlo sea exacto en los dos sentidos.
PELIGROSOS = ("=", "+", "-", "@", "\t", "\r", "'")

Celda = str | int | float | None


@dataclass(frozen=True)
class Dialecto:
    nombre: str
    separador: str
    coma_decimal: bool
    bom: bool
    fin_de_linea: str


# Fin de línea CRLF (RFC 4180) en los dos: así el módulo csv entrecomilla también los
# textos con un retorno de carro o un salto de línea sueltos.
UTF8 = Dialecto("utf8", ",", False, False, "\r\n")
EXCEL = Dialecto("excel", ";", True, True, "\r\n")


def neutralizar(texto: str) -> str:
    """Un texto que empieza como una fórmula lleva delante un apóstrofo: se ve, no se ejecuta."""
    return "'" + texto if texto.startswith(PELIGROSOS) else texto


def desneutralizar(texto: str) -> str:
    """Deshace `neutralizar` al leer una exportación."""
    return texto[1:] if texto.startswith("'") and texto[1:].startswith(PELIGROSOS) else texto


def numero_a_texto(valor: int | float, dialecto: Dialecto) -> str:
    if isinstance(valor, float):
        valor = round(valor, 1)
        texto = str(int(valor)) if valor.is_integer() else repr(valor)
    else:
        texto = str(valor)
    return texto.replace(".", ",") if dialecto.coma_decimal else texto


def celda(valor: Celda, dialecto: Dialecto) -> str:
    """Los números quedan números (con coma decimal si toca); los textos, neutralizados."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return SI if valor else NO
    if isinstance(valor, int | float):
        return numero_a_texto(valor, dialecto)
    return neutralizar(str(valor))


def escribir_csv(columnas: Sequence[str], filas: Iterable[Mapping[str, Celda]],
                 dialecto: Dialecto = UTF8) -> bytes:
    """El CSV completo en bytes (con BOM si el dialecto lo pide)."""
    salida = io.StringIO(newline="")
    escritor = csv.writer(salida, delimiter=dialecto.separador,
                          lineterminator=dialecto.fin_de_linea)
    escritor.writerow(columnas)
    for fila in filas:
        escritor.writerow([celda(fila.get(c), dialecto) for c in columnas])
    return salida.getvalue().encode("utf-8-sig" if dialecto.bom else "utf-8")


# --- de sesiones a filas ---------------------------------------------------------------


@cache
def criterios_estandar() -> tuple[str, ...]:
    """Los criterios de la rúbrica estándar, en su orden: las primeras columnas de nota."""
    from simulador.carga import cargar
    from simulador.formatos.rubrica import Rubrica
    from simulador.incidencias import ErrorDeArchivo
    from simulador.rubricas import ruta_rubrica

    try:
        return tuple(cargar(ruta_rubrica(None), Rubrica).modelo.criterios)
    except (ErrorDeArchivo, OSError):
        return CRITERIOS_POR_DEFECTO


def columnas(criterios: Iterable[str] = ()) -> list[str]:
    """Las columnas: fijas, los criterios de la estándar y después los de otras rúbricas."""
    base = list(criterios_estandar())
    extra = sorted(set(criterios) - set(base))
    return [*COLUMNAS_INICIO, *(PREFIJO_CRITERIO + c for c in [*base, *extra]), *COLUMNAS_FIN]


def fecha_y_zona(momento: datetime) -> dict[str, Celda]:
    """La hora local sin desfase (con desfase, una hoja de cálculo la deja como texto) y el
    desfase aparte, para no perder el instante exacto."""
    local = momento.astimezone()
    desfase = local.isoformat(timespec="seconds")[19:] or "+00:00"
    # «UTC+01:00» y no «+01:00»: un texto que empieza por «+» se tomaría por una fórmula.
    return {"fecha": local.strftime("%Y-%m-%d %H:%M:%S"), "zona_horaria": "UTC" + desfase}


def exportable(resumen: ResumenSesion) -> bool:
    """Se exportan las sesiones terminadas y los exámenes sin terminar (a medias o
    descartados); una práctica sin terminar no cuenta para nadie."""
    if resumen.terminada:
        return resumen.resultado is not None
    return resumen.modo == "examen"


def exportables(historial: Historial, filtro: Filtro | None = None) -> list[ResumenSesion]:
    """Las sesiones del historial que se exportan, de la más antigua a la más reciente."""
    return [r for r in historial.sesiones(filtro=filtro) if exportable(r)]


def sin_guiones(resumenes: Sequence[ResumenSesion]) -> tuple[list[ResumenSesion], int]:
    """Las sesiones sin las partidas con guion, y cuántas se han quitado: las pruebas de un
    formador no son resultados del equipo."""
    jugadas = [r for r in resumenes if not r.guion]
    return jugadas, len(resumenes) - len(jugadas)


def aviso_guiones(quitadas: int, como_incluir: str = "añada --incluir-guiones para "
                  "incluirlas") -> str:
    """El aviso de las partidas con guion que se han dejado fuera."""
    return (f"{quitadas} partida(s) con guion («jugar --guion») no cuentan: son pruebas, no "
            f"resultados del equipo; {como_incluir}.")


def _sin_terminar(resumen: ResumenSesion) -> dict[str, Celda]:
    """Un examen sin nota: no aprobado, con sus turnos y el tiempo que duró."""
    fin = resumen.actualizada or resumen.inicio
    return {
        "puntaje": None, "aprobado": NO, "cierre": "", "final": "",
        "estado": ESTADOS_CSV.get(resumen.estado, resumen.estado),
        "turnos_total": resumen.turnos,
        "duracion_s": float(max(0, round((fin - resumen.inicio).total_seconds()))),
        "respuesta_media_s": None,
    }


def fila(resumen: ResumenSesion) -> dict[str, Celda]:
    """Una sesión terminada, o un examen sin terminar, como fila de la exportación."""
    if not exportable(resumen):
        raise ValueError(f"la sesión {resumen.ident} no ha terminado")
    datos: dict[str, Celda] = {
        "sesion_id": resumen.ident,
        **fecha_y_zona(resumen.inicio),
        "agente": resumen.agente,
        "equipo": resumen.equipo,
        "escenario": resumen.escenario,
        "escenario_version": resumen.escenario_version,
        "escenario_version_autor": resumen.escenario_version_autor,
        "rubrica": resumen.rubrica,
        "rubrica_version": resumen.rubrica_version,
        "modo": resumen.modo,
        "guion": SI if resumen.guion else NO,
        "respuestas_agente": resumen.respuestas,
    }
    resultado = resumen.resultado
    if resultado is None or not resumen.terminada:
        return datos | _sin_terminar(resumen)
    datos |= {
        "puntaje": resultado.puntaje,
        "aprobado": SI if resultado.aprobado else NO,
        "cierre": resultado.cierre,
        "final": resultado.final or "",
        "estado": TERMINADA,
        "turnos_total": resultado.turnos,
        "duracion_s": float(resultado.duracion_s),
        "respuesta_media_s": (None if resultado.respuesta_media_s is None
                              else float(resultado.respuesta_media_s)),
    }
    for nombre, nota in resultado.criterios.items():
        datos[PREFIJO_CRITERIO + nombre] = nota
    return datos


def tabla(resumenes: Sequence[ResumenSesion]) -> tuple[list[str], list[dict[str, Celda]]]:
    """Columnas y filas de la exportación de estas sesiones (las que se exportan)."""
    filas = [fila(r) for r in resumenes if exportable(r)]
    criterios = {c for r in resumenes if r.resultado for c in r.resultado.criterios}
    return columnas(criterios), filas


def transcripciones(historial: Historial, resumenes: Sequence[ResumenSesion]
                    ) -> Iterator[str]:
    """Cada sesión como una línea JSONL de transcripción (shared/senales.md), con el `id`
    de la sesión para casar cada línea con su fila del CSV."""
    for resumen in resumenes:
        transcripcion = historial.transcripcion(resumen.ident)
        if transcripcion is None:
            continue
        yield json.dumps({**transcripcion, "id": resumen.ident, "sesion_id": resumen.ident},
                         ensure_ascii=False) + "\n"
