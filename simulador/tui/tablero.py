"""Los números de la pantalla de equipo, sacados del historial local sin Textual.

Las sesiones terminadas pasan por las mismas filas que `simulador exportar`
(`exportar.tabla`) y por las mismas funciones que `simulador comparar`
(`leer_filas`, `filtrar`, `resumir`): la pantalla muestra exactamente lo
que daría `simulador exportar | simulador comparar`. Aquí no se calcula
ninguna media; solo se eligen grupos y se ordenan los datos para pintarlos.
Como en la CLI, las partidas con guion (`jugar --guion`) no cuentan salvo
que se pidan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from simulador.comparar import (
    FilaComparacion,
    SesionExportada,
    filtrar,
    leer_filas,
    nombres_juntados,
    resumir,
    sin_terminar_en_una_linea,
    versiones_mezcladas,
)
from simulador.exportar import aviso_guiones, exportables, sin_guiones, tabla
from simulador.historial import Filtro

if TYPE_CHECKING:
    from simulador.historial import Historial

TODOS = "todos"
AVISO_INCLUIR = "Ctrl+G las incluye"


@dataclass(frozen=True)
class Grupo:
    """Una opción del filtro: todo el historial, un equipo o un agente."""

    etiqueta: str
    valor: str
    filtro: Filtro = field(default_factory=Filtro)


@dataclass(frozen=True)
class FilaGrafico:
    """Un criterio: su media en el grupo y su nota en cada sesión, de la más antigua."""

    criterio: str
    media: float | None
    notas: tuple[float, ...]


@dataclass
class DatosEquipo:
    """Las sesiones terminadas del historial, como las leería `simulador comparar`."""

    sesiones: list[SesionExportada]
    criterios: list[str]
    avisos: list[str]
    guiones: int = 0  # partidas con guion que se dejaron fuera
    con_guiones: bool = False  # se pidió incluirlas

    @property
    def vacio(self) -> bool:
        return not self.sesiones


def leer(historial: Historial, incluir_guiones: bool = False) -> DatosEquipo:
    """Lee el historial (puede ir en un hilo); ErrorDeHistorial si no se puede."""
    resumenes = exportables(historial)
    guiones = 0
    if not incluir_guiones:
        resumenes, guiones = sin_guiones(resumenes)
    columnas, filas = tabla(resumenes)
    lectura = leer_filas(columnas, filas)
    # La pantalla enseña un aviso: primero el de los exámenes dejados, que no salen en las
    # medias y un responsable debe ver; después, las pruebas que no cuentan.
    examenes = sin_terminar_en_una_linea(lectura.sesiones)
    avisos = [*([examenes] if examenes else []),
              *([aviso_guiones(guiones, AVISO_INCLUIR)] if guiones else []), *lectura.avisos,
              *nombres_juntados(lectura.sesiones), *versiones_mezcladas(lectura.sesiones)]
    return DatosEquipo(lectura.sesiones, lectura.criterios, avisos, guiones, incluir_guiones)


def _nombre(texto: str) -> str:
    return " ".join(texto.split())


def valor_agente(fila: FilaComparacion) -> str:
    """El valor del filtro que muestra solo el agente de esta fila de la tabla."""
    return f"agente:{_nombre(fila.agente or '')}\x1f{_nombre(fila.equipo)}"


def grupos(datos: DatosEquipo) -> list[Grupo]:
    """Todo, cada equipo y cada agente (con su equipo), en orden alfabético."""
    filas = resumir(datos.sesiones, datos.criterios, "agente")
    equipos = sorted({_nombre(r.equipo) for r in filas}, key=str.casefold)
    agentes = sorted(filas, key=lambda r: (_nombre(r.agente or "").casefold(),
                                           _nombre(r.equipo).casefold()))
    opciones = [Grupo("Todos los agentes", TODOS)]
    opciones += [Grupo(f"Equipo {e or '(sin equipo)'}", f"equipo:{e}", Filtro(equipo=e))
                 for e in equipos]
    for r in agentes:
        agente, equipo = _nombre(r.agente or ""), _nombre(r.equipo)
        opciones.append(Grupo(f"{agente or '(sin nombre)'} · {equipo or 'sin equipo'}",
                              valor_agente(r), Filtro(agente=agente, equipo=equipo)))
    return opciones


def sesiones_de(datos: DatosEquipo, grupo: Grupo) -> list[SesionExportada]:
    return filtrar(datos.sesiones, grupo.filtro)


def por_agente(datos: DatosEquipo, grupo: Grupo) -> list[FilaComparacion]:
    """La tabla de `simulador comparar --por agente` para ese grupo (ordenada por media)."""
    return resumir(sesiones_de(datos, grupo), datos.criterios, "agente")


def del_grupo(datos: DatosEquipo, grupo: Grupo) -> FilaComparacion | None:
    """El grupo entero como una sola fila de `resumir` (la de su equipo, si es uno)."""
    sesiones = sesiones_de(datos, grupo)
    if not sesiones:
        return None
    # Un solo grupo para `resumir`: todas las sesiones con la misma etiqueta de equipo.
    juntas = [replace(s, equipo=grupo.etiqueta) for s in sesiones]
    return resumir(juntas, datos.criterios, "equipo")[0]


def grafico(datos: DatosEquipo, grupo: Grupo) -> list[FilaGrafico]:
    """Una fila por criterio: la media del grupo y su evolución sesión a sesión."""
    resumen = del_grupo(datos, grupo)
    ordenadas = sorted(sesiones_de(datos, grupo), key=lambda s: (s.fecha, s.sesion_id))
    return [FilaGrafico(c, resumen.criterios.get(c) if resumen else None,
                        tuple(v for s in ordenadas if (v := s.criterios.get(c)) is not None))
            for c in datos.criterios]


