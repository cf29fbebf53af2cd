"""El equipo: la tabla de `simulador comparar` y un gráfico por criterio, del historial local.

Para un formador o un responsable que practica con su gente en el mismo
equipo: por agente, sesiones, media, mejor, última, errores de cierre y
tendencia; debajo, la media de cada criterio del grupo elegido (todos, un
equipo o un agente) y su evolución. Los números salen de `tablero`, que
reutiliza `exportar` y `comparar`: son los mismos que los de la CLI. Las
partidas con guion (pruebas de un formador) quedan fuera y se avisa; Ctrl+G
las incluye, como `--incluir-guiones`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from simulador.comparar import FilaComparacion, numero
from simulador.texto import visible
from simulador.tui import tablero
from simulador.tui.config import ALTO_COMPLETO
from simulador.tui.pantallas.base import Accion, Pantalla
from simulador.tui.tablero import DatosEquipo, Grupo
from simulador.tui.textos import cuantos
from simulador.tui.widgets.grafico import GraficoCriterios
from simulador.tui.widgets.pie import Pie
from simulador.tui.widgets.selector import Selector

# Las columnas de `simulador comparar` (sin los criterios: van en el gráfico). En dos
# líneas la cabecera larga, para que la tabla quepa en 80 columnas.
COLUMNAS = (("Agente", "agente"), ("Equipo", "equipo"), ("Sesiones\nterminadas", "sesiones"),
            ("Media", "media"), ("Mejor", "mejor"), ("Última", "ultimo"),
            ("Errores\ncierre", "errores_cierre"), ("Tendencia", "tendencia"))
LARGO_NOMBRE = 18  # más largo se corta con «…» (entero, en el filtro «Mostrar»)
VACIO = ("Todavía no hay sesiones terminadas en el historial. Juegue un escenario hasta el "
         "final y aparecerá aquí.")


def celdas(r: FilaComparacion) -> list[Text]:
    """Una fila de la tabla, con los números como los escribe `simulador comparar`."""
    numeros = [str(r.sesiones), numero(r.media), numero(r.mejor),
               numero(r.ultimo), str(r.errores_cierre),
               numero(r.tendencia, signo=True)]
    return [Text(_corto(r.agente or "—")), Text(_corto(r.equipo or "—")),
            *(Text(n, justify="right") for n in numeros)]


def _corto(nombre: str) -> str:
    nombre = visible(" ".join(nombre.split()))  # un nombre ajeno no manda escapes
    return nombre if len(nombre) <= LARGO_NOMBRE else nombre[:LARGO_NOMBRE - 1] + "…"


class PantallaEquipo(Pantalla):
    CSS_PATH = "equipo.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "volver", "Inicio"),
        Binding("ctrl+f", "filtrar", "Filtrar"),
        Binding("f5", "actualizar", "Actualizar"),
        Binding("ctrl+g", "guiones", "Partidas con guion", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="equipo")
        self.datos: DatosEquipo | None = None
        self.grupos: list[Grupo] = [Grupo("Todos los agentes", tablero.TODOS)]
        self.con_guiones = False  # como `--incluir-guiones`: las pruebas también cuentan

    def compose(self) -> ComposeResult:
        yield Static("Equipo · leyendo el historial…", id="titulo", markup=False)
        with Horizontal(id="fila-filtro"):
            selector = Selector([(g.etiqueta, g.valor) for g in self.grupos], id="grupo")
            selector.border_title = "Mostrar"
            yield selector
        with Vertical(id="cuerpo-equipo"):
            tabla = DataTable(id="tabla-agentes", cursor_type="row", zebra_stripes=True,
                              header_height=2)
            tabla.border_title = "Por agente (como «simulador comparar»)"
            yield tabla
            with Vertical(id="marco-grafico"):
                yield GraficoCriterios(id="grafico")
            yield Static("", id="aviso", markup=False)
        yield Pie()

    def on_mount(self) -> None:
        tabla = self.query_one("#tabla-agentes", DataTable)
        for titulo, clave in COLUMNAS:
            numerica = clave not in ("agente", "equipo")
            tabla.add_column(Text(titulo, justify="right") if numerica else titulo, key=clave)
        self.query_one("#marco-grafico").border_title = "Media por criterio"
        self.action_actualizar()

    def on_resize(self, event: events.Resize) -> None:
        """Con poco alto (la clase «-baja» de la pantalla) el gráfico se esconde: la tabla va
        primero, y se dice dónde está."""
        tabla = self.query_one("#tabla-agentes", DataTable)
        tabla.border_subtitle = ("la media por criterio, con 20 líneas o más"
                                 if event.size.height < ALTO_COMPLETO else "")

    # --- leer --------------------------------------------------------------------------

    def action_actualizar(self) -> None:
        self._leer()

    @work(thread=True, exclusive=True, group="equipo", exit_on_error=False)
    def _leer(self) -> DatosEquipo:
        return tablero.leer(self.simulador.historial, self.con_guiones)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "equipo":
            return
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, DatosEquipo):
            self._mostrar_datos(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.query_one("#titulo", Static).update("Equipo · el historial no se puede leer")
            self.query_one("#aviso", Static).update(
                visible(f"No se puede leer el historial: {event.worker.error}"))

    def _mostrar_datos(self, datos: DatosEquipo) -> None:
        self.datos = datos
        anterior = self.grupo.valor
        self.grupos = tablero.grupos(datos)
        self.query_one("#grupo", Selector).poner_opciones(
            [(g.etiqueta, g.valor) for g in self.grupos], anterior)
        total = sum(1 for s in datos.sesiones if s.terminada)
        guiones = " (con las partidas con guion)" if datos.con_guiones else ""
        self.query_one("#titulo", Static).update(
            f"Equipo · {cuantos(total, 'sesión terminada', 'sesiones terminadas')} en el "
            f"historial{guiones}" if total else "Equipo · historial sin sesiones terminadas")
        self._pintar()

    # --- pintar ------------------------------------------------------------------------

    @property
    def grupo(self) -> Grupo:
        valor = self.query_one("#grupo", Selector).valor
        return next((g for g in self.grupos if g.valor == valor), self.grupos[0])

    def _pintar(self) -> None:
        datos = self.datos
        if datos is None:
            return
        grupo = self.grupo
        tabla = self.query_one("#tabla-agentes", DataTable)
        tabla.clear()
        for fila in tablero.por_agente(datos, grupo):
            tabla.add_row(*celdas(fila), key=tablero.valor_agente(fila))
        resumen = tablero.del_grupo(datos, grupo)
        marco = self.query_one("#marco-grafico")
        if resumen is None:
            marco.border_title = "Media por criterio"
        else:
            errores = (f" · {cuantos(resumen.errores_cierre, 'error', 'errores')} de cierre"
                       if resumen.errores_cierre else "")
            marco.border_title = (f"Media por criterio · "
                                  f"{cuantos(resumen.sesiones, 'sesión', 'sesiones')}, "
                                  f"media {numero(resumen.media)}{errores}")
        marco.border_subtitle = "una marca por sesión →" if resumen else ""
        self.query_one(GraficoCriterios).mostrar(tablero.grafico(datos, grupo))
        # Sin sesiones que contar porque todas son partidas con guion, lo dice su aviso.
        avisos = datos.avisos if datos.sesiones or datos.guiones else [VACIO]
        aviso = self.query_one("#aviso", Static)
        aviso.update(visible("\n".join(avisos[:1])) if avisos else "")
        aviso.display = bool(avisos)

    @on(Selector.Cambiado, "#grupo")
    def _cambio_de_grupo(self) -> None:
        self._pintar()

    @on(DataTable.RowSelected, "#tabla-agentes")
    def _fila_elegida(self, event: DataTable.RowSelected) -> None:
        """Intro sobre un agente muestra solo ese agente (y otra vez, todos)."""
        valor = str(event.row_key.value)
        selector = self.query_one("#grupo", Selector)
        selector.valor = tablero.TODOS if selector.valor == valor else valor

    # --- acciones ----------------------------------------------------------------------

    def action_volver(self) -> None:
        self.app.pop_screen()

    def action_guiones(self) -> None:
        """Incluye o deja fuera las partidas con guion y vuelve a leer."""
        self.con_guiones = not self.con_guiones
        self._leer()

    def action_filtrar(self) -> None:
        self.query_one("#grupo", Selector).focus()

    def mostrar_grupo(self, valor: str) -> None:
        self.query_one("#grupo", Selector).valor = valor

    def acciones(self) -> Iterable[Accion]:
        yield Accion("Volver al inicio", "Cerrar la pantalla de equipo (Esc)", self.action_volver)
        yield Accion("Actualizar", "Leer otra vez el historial (F5)", self.action_actualizar)
        yield Accion("Dejar fuera las partidas con guion" if self.con_guiones else
                     "Incluir las partidas con guion",
                     "Las pruebas con «jugar --guion» no cuentan por defecto (Ctrl+G)",
                     self.action_guiones)
        for grupo in self.grupos:
            yield Accion(f"Mostrar: {grupo.etiqueta}", "Filtra la tabla y el gráfico",
                         lambda g=grupo: self.mostrar_grupo(g.valor))
