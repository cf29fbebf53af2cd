"""La exportación como libro de Excel (.xlsx): lo que un responsable mira, no lo que lee.

Cuatro hojas: las sesiones con celdas de su tipo (fechas que son fechas,
números que son números y «aprobado» como 1 o 0 que se ve «sí» o «no», así
que su media es la tasa de aprobados), la tabla por agente y por equipo de
`simulador comparar`, y la evolución de la nota media por semana y equipo con
su gráfico. Las filas y las medias son exactamente las del CSV y de `comparar`:
se calculan con las mismas funciones.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from statistics import fmean
from typing import TYPE_CHECKING, Any

from simulador.comparar import FilaComparacion, SesionExportada, leer_filas, resumir
from simulador.exportar import NO, PREFIJO_CRITERIO, SI, Celda, neutralizar
from simulador.texto import visible

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMATO_FECHA = "yyyy-mm-dd hh:mm"
FORMATO_DIA = "yyyy-mm-dd"
FORMATO_SI_NO = '"sí";"sí";"no"'  # 1 se ve «sí», 0 se ve «no»: la media es la tasa
ANCHO_MAXIMO = 40


def _texto(texto: str) -> str:
    """Una celda de texto: sin fórmulas (como el CSV) y sin controles, que un libro de
    Excel no admite (un escape en un nombre tumbaba la exportación entera)."""
    return visible(neutralizar(texto))


def _valor(columna: str, valor: Celda) -> Any:
    """La celda con su tipo: fecha, sí/no como 1/0, número o texto neutralizado."""
    if valor is None or valor == "":
        return None
    if columna == "fecha" and isinstance(valor, str):
        return datetime.fromisoformat(valor)
    if columna == "aprobado":
        return 1 if valor in (SI, True) else 0 if valor in (NO, False) else _texto(str(valor))
    if isinstance(valor, bool):
        return 1 if valor else 0
    if isinstance(valor, int | float):
        return valor
    return _texto(str(valor))


def _cabecera(hoja: Worksheet, nombres: Sequence[str]) -> None:
    from openpyxl.styles import Font

    hoja.append(list(nombres))
    for celda in hoja[1]:
        celda.font = Font(bold=True)
    hoja.freeze_panes = "A2"


def _anchos(hoja: Worksheet) -> None:
    for columna in hoja.columns:
        largo = max((len(str(c.value)) for c in columna if c.value is not None), default=8)
        letra = columna[0].column_letter
        hoja.column_dimensions[letra].width = min(ANCHO_MAXIMO, max(8, largo + 2))


def _sesiones(hoja: Worksheet, columnas: Sequence[str],
              filas: Sequence[Mapping[str, Celda]]) -> None:
    _cabecera(hoja, columnas)
    for fila in filas:
        hoja.append([_valor(c, fila.get(c)) for c in columnas])
    for i, columna in enumerate(columnas, start=1):
        formato = {"fecha": FORMATO_FECHA, "aprobado": FORMATO_SI_NO}.get(columna)
        if formato:
            for (celda,) in hoja.iter_rows(min_row=2, min_col=i, max_col=i):
                celda.number_format = formato
    if filas:
        hoja.auto_filter.ref = hoja.dimensions
    _anchos(hoja)


def _resumenes(hoja: Worksheet, resumenes: Sequence[FilaComparacion], criterios: Sequence[str],
               por: str) -> None:
    nombres = ["agente", "equipo"] if por == "agente" else ["equipo", "agentes"]
    _cabecera(hoja, [*nombres, "sesiones", "media", "mejor", "ultimo", "ultima_fecha",
                     *(PREFIJO_CRITERIO + c for c in criterios), "errores_cierre",
                     "examenes_sin_terminar", "tendencia"])
    for r in resumenes:
        nombre = [_texto(r.agente or ""), _texto(r.equipo)] if por == "agente" else [
            _texto(r.equipo), r.agentes]
        hoja.append([*nombre, r.sesiones, r.media, r.mejor, r.ultimo,
                     r.ultima_fecha.astimezone().replace(tzinfo=None),
                     *(r.criterios.get(c) for c in criterios), r.errores_cierre,
                     r.sin_terminar, r.tendencia])
    for (celda,) in hoja.iter_rows(min_row=2, min_col=7, max_col=7):
        celda.number_format = FORMATO_FECHA
    _anchos(hoja)


def semanas(sesiones: Sequence[SesionExportada]) -> tuple[list[datetime], list[str],
                                                         list[list[float | None]]]:
    """La nota media de cada equipo en cada semana (del lunes), solo sesiones terminadas."""
    notas: dict[tuple[datetime, str], list[float]] = defaultdict(list)
    equipos: dict[str, str] = {}
    for s in sesiones:
        if s.puntaje is None:
            continue
        dia = s.fecha.astimezone().replace(tzinfo=None, hour=0, minute=0, second=0,
                                          microsecond=0)
        lunes = dia - timedelta(days=dia.weekday())
        clave = " ".join(s.equipo.split()).casefold()
        equipos.setdefault(clave, " ".join(s.equipo.split()) or "sin equipo")
        notas[(lunes, clave)].append(s.puntaje)
    lunes_todos = sorted({lunes for lunes, _ in notas})
    claves = sorted(equipos, key=lambda c: equipos[c].casefold())
    tabla = [[round(fmean(notas[(lunes, c)]), 1) if notas.get((lunes, c)) else None
              for c in claves] for lunes in lunes_todos]
    return lunes_todos, [equipos[c] for c in claves], tabla


def _evolucion(hoja: Worksheet, sesiones: Sequence[SesionExportada]) -> None:
    from openpyxl.chart import LineChart, Reference

    lunes, equipos, tabla = semanas(sesiones)
    _cabecera(hoja, ["semana", *(_texto(e) for e in equipos)])
    for dia, medias in zip(lunes, tabla, strict=True):
        hoja.append([dia, *medias])
    for (celda,) in hoja.iter_rows(min_row=2, min_col=1, max_col=1):
        celda.number_format = FORMATO_DIA
    _anchos(hoja)
    if not lunes:
        return
    grafico = LineChart()
    grafico.title = "Nota media por semana"
    grafico.y_axis.title = "nota media"
    grafico.x_axis.title = "semana (lunes)"
    grafico.x_axis.number_format = FORMATO_DIA
    grafico.y_axis.scaling.min = 0
    grafico.y_axis.scaling.max = 100
    grafico.height, grafico.width = 9, 15
    datos = Reference(hoja, min_col=2, max_col=1 + len(equipos), min_row=1,
                      max_row=1 + len(lunes))
    grafico.add_data(datos, titles_from_data=True)
    for serie in grafico.series:  # líneas rectas con un punto por semana
        serie.smooth = False
        serie.marker.symbol = "circle"
    # Sin esto, algunas hojas de cálculo no dibujan los ejes (openpyxl 3.1).
    grafico.x_axis.delete = False
    grafico.y_axis.delete = False
    grafico.set_categories(Reference(hoja, min_col=1, min_row=2, max_row=1 + len(lunes)))
    hoja.add_chart(grafico, f"A{len(lunes) + 4}")  # debajo de la tabla


def libro(columnas: Sequence[str], filas: Sequence[Mapping[str, Celda]]) -> bytes:
    """El libro completo en bytes, a partir de las filas de `exportar.tabla`."""
    from openpyxl import Workbook

    lectura = leer_filas(columnas, filas)
    criterios = lectura.criterios
    documento = Workbook()
    hoja = documento.active
    hoja.title = "Sesiones"
    _sesiones(hoja, columnas, filas)
    _resumenes(documento.create_sheet("Por agente"),
               resumir(lectura.sesiones, criterios, "agente"), criterios, "agente")
    _resumenes(documento.create_sheet("Por equipo"),
               resumir(lectura.sesiones, criterios, "equipo"), criterios, "equipo")
    _evolucion(documento.create_sheet("Evolución"), lectura.sesiones)
    salida = io.BytesIO()
    documento.save(salida)
    return salida.getvalue()
