"""Pantalla de inicio: quién practica, qué escenario, en qué modo y con qué rúbrica.

La lista sale del índice de escenarios (sin cargar el motor), así los
títulos están en la primera pintada. Nombre y equipo se recuerdan.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from simulador.nombres import NO_SE_PUEDE_JUGAR, NOMBRES_CANAL, NOMBRES_DIFICULTAD, ficha
from simulador.texto import SIN_PELIGROSOS, quitar_peligrosos, visible
from simulador.tui.indice import ResumenEscenario
from simulador.tui.pantallas.base import Accion, Pantalla
from simulador.tui.partida import Partida
from simulador.tui.preferencias import Preferencias
from simulador.tui.textos import cuantos, plano
from simulador.tui.widgets.pie import Pie
from simulador.tui.widgets.selector import Selector


def _opcion(indice: int, resumen: ResumenEscenario) -> Option:
    texto = Text()
    texto.append(resumen.titulo, style="bold")
    if not resumen.jugable:
        # Sin depender del color: la marca y las palabras.
        texto.append(f"\n{NO_SE_PUEDE_JUGAR}", style="bold reverse")
        return Option(texto, id=f"escenario-{indice}")
    texto.append(f"\n{ficha(resumen.dificultad, resumen.canal)}", style="italic")
    if resumen.avisos:
        texto.append(" · ! id repetido", style="bold")
    return Option(texto, id=f"escenario-{indice}")


def _detalle(resumen: ResumenEscenario | None, filtro: str) -> Text:
    if resumen is None:
        if filtro:
            return Text(f"Ningún escenario coincide con «{filtro}».", style="italic")
        return Text("No hay escenarios. Indique una carpeta con «simulador --escenarios "
                    "CARPETA».", style="italic")
    texto = Text()
    texto.append(resumen.titulo + "\n", style="bold")
    if not resumen.jugable:
        texto.append(f"{NO_SE_PUEDE_JUGAR}", style="bold reverse")
        texto.append(f" ({cuantos(len(resumen.errores), 'error', 'errores')}):\n")
        for error in resumen.errores:
            texto.append(f"\n{error}\n")
        texto.append("\nCorrija el archivo y vuelva a abrir el simulador; «simulador validar "
                     "ARCHIVO» lo revisa.", style="italic")
        return texto
    texto.append(f"Dificultad {ficha(resumen.dificultad, resumen.canal)} · "
                 f"cliente: {resumen.cliente}\n\n")
    texto.append(resumen.descripcion)
    if resumen.etiquetas:
        texto.append(f"\n\nEtiquetas: {', '.join(resumen.etiquetas)}", style="italic")
    for aviso in resumen.avisos:
        texto.append(f"\n\n! {aviso}", style="bold")
    return texto


def coincide(resumen: ResumenEscenario, filtro: str) -> bool:
    """Todas las palabras del filtro aparecen en algún dato visible del escenario."""
    pajar = plano(" ".join((resumen.id, resumen.titulo, resumen.descripcion, resumen.cliente,
                            resumen.dificultad, NOMBRES_DIFICULTAD.get(resumen.dificultad, ""),
                            resumen.canal, NOMBRES_CANAL.get(resumen.canal, ""),
                            *resumen.etiquetas)))
    return all(palabra in pajar for palabra in plano(filtro).split())


class PantallaInicio(Pantalla):
    CSS_PATH = "inicio.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "empezar", "Empezar"),
        Binding("ctrl+f", "filtrar", "Filtrar"),
        Binding("f2", "equipo", "Equipo"),
    ]

    def __init__(self, resumenes: list[ResumenEscenario], rotos: list[str], rubricas: list[str],
                 preferencias: Preferencias) -> None:
        super().__init__(id="inicio")
        self.resumenes = resumenes
        self.rotos = rotos
        self.rubricas = rubricas or ["estandar"]
        self.preferencias = preferencias
        self.visibles: list[int] = list(range(len(resumenes)))
        # El estado inicial se fija antes de montar: cambiarlo en on_mount costaría una
        # segunda composición de la pantalla antes de la primera pintada.
        self.inicial = next((i for i, r in enumerate(resumenes) if r.id == preferencias.escenario),
                            0)
        self.AUTO_FOCUS = "#escenarios" if preferencias.nombre else "#nombre"
        primero = resumenes[self.inicial] if resumenes else None
        self._detalle_mostrado: tuple[ResumenEscenario | None, str] = (primero, "")

    # --- composición -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        p = self.preferencias
        yield Static("Simulador de atención al cliente · clientes difíciles", id="titulo")
        with Horizontal(id="fila-agente"):
            # Ni al escribir ni al pegar entra un carácter de control (ver texto.SIN_PELIGROSOS).
            nombre = Input(quitar_peligrosos(p.nombre), placeholder="Escriba su nombre",
                           id="nombre", max_length=80, restrict=SIN_PELIGROSOS)
            nombre.border_title = "Nombre"
            yield nombre
            equipo = Input(quitar_peligrosos(p.equipo), placeholder="Escriba su equipo",
                           id="equipo", max_length=80, restrict=SIN_PELIGROSOS)
            equipo.border_title = "Equipo"
            yield equipo
        with Horizontal(id="fila-opciones"):
            rubrica = p.rubrica if p.rubrica in self.rubricas else self.rubricas[0]
            selector = Selector([(r, r) for r in self.rubricas], rubrica, id="rubrica")
            selector.border_title = "Rúbrica"
            yield selector
            modos = Selector([("Práctica: con entrenador", "practica"),
                              ("Examen: nota al final", "examen")],
                             "examen" if p.modo == "examen" else "practica", id="modo")
            modos.border_title = "Modo"
            yield modos
        with Horizontal(id="cuerpo"):
            with Vertical(id="columna-lista"):
                filtro = Input(placeholder="título, canal, dificultad…", id="filtro",
                               max_length=200, restrict=SIN_PELIGROSOS)
                filtro.border_title = "Filtro"
                yield filtro
                lista = OptionList(*(_opcion(i, r) for i, r in enumerate(self.resumenes)),
                                   id="escenarios")
                lista.border_title = "Escenarios"
                if self.resumenes:
                    lista.set_reactive(OptionList.highlighted, self.inicial)
                yield lista
            with Vertical(id="columna-detalle"):
                with VerticalScroll(id="marco-detalle"):
                    yield Static(_detalle(*self._detalle_mostrado), id="detalle")
                elegido = self._detalle_mostrado[0]
                yield Button("Empezar ▶", id="empezar", variant="primary",
                             disabled=elegido is not None and not elegido.jugable)
        yield Static(self._problemas(), id="aviso", markup=False)
        yield Pie()

    def _problemas(self) -> str:
        if not self.rotos:
            return ""
        primero = visible(Path(self.rotos[0]).name)
        if len(self.rotos) == 1:
            return (f"1 escenario no se puede jugar ({primero}): elíjalo en la lista, "
                    "marcado con ✗, para leer por qué.")
        return (f"{len(self.rotos)} escenarios no se pueden jugar ({primero}…): elíjalos en "
                "la lista, marcados con ✗, para leer por qué.")

    def on_mount(self) -> None:
        # Lo lento (catálogo completo, rúbrica) después de pintar, en segundo plano.
        self.call_after_refresh(self.simulador.preparar, self.rubrica)

    # --- estado de los controles -------------------------------------------------------

    @property
    def rubrica(self) -> str:
        return self.query_one("#rubrica", Selector).valor

    @property
    def modo(self) -> str:
        return self.query_one("#modo", Selector).valor

    def seleccionado(self) -> ResumenEscenario | None:
        lista = self.query_one("#escenarios", OptionList)
        if lista.highlighted is None or lista.highlighted >= len(self.visibles):
            return None
        return self.resumenes[self.visibles[lista.highlighted]]

    def avisar(self, texto: str) -> None:
        self.query_one("#aviso", Static).update(visible(texto))

    def _mostrar_detalle(self) -> None:
        filtro = self.query_one("#filtro", Input).value.strip()
        clave = (self.seleccionado(), filtro if not self.visibles else "")
        if clave != self._detalle_mostrado:  # sin repintar lo mismo
            self._detalle_mostrado = clave
            self.query_one("#detalle", Static).update(_detalle(*clave))
            self.query_one("#empezar", Button).disabled = (
                clave[0] is not None and not clave[0].jugable)

    # --- eventos ---------------------------------------------------------------------

    @on(Input.Changed, "#filtro")
    def _filtrar(self, event: Input.Changed) -> None:
        actual = self.seleccionado()
        self.visibles = [i for i, r in enumerate(self.resumenes) if coincide(r, event.value)]
        lista = self.query_one("#escenarios", OptionList)
        lista.set_options(_opcion(i, self.resumenes[i]) for i in self.visibles)
        if self.visibles:
            posicion = next((n for n, i in enumerate(self.visibles)
                             if actual is not None and self.resumenes[i] == actual), 0)
            lista.highlighted = posicion
        self._mostrar_detalle()

    @on(Input.Submitted, "#nombre, #equipo")
    def _siguiente(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#filtro")
    def _a_la_lista(self) -> None:
        self.query_one("#escenarios").focus()

    @on(OptionList.OptionHighlighted, "#escenarios")
    def _resaltado(self) -> None:
        self._mostrar_detalle()

    @on(OptionList.OptionSelected, "#escenarios")
    def _elegido(self) -> None:
        self.action_empezar()

    @on(Button.Pressed, "#empezar")
    def _boton(self) -> None:
        self.action_empezar()

    @on(Selector.Cambiado, "#rubrica")
    def _rubrica(self) -> None:
        self.simulador.preparar(self.rubrica)

    # --- acciones --------------------------------------------------------------------

    def action_filtrar(self) -> None:
        self.query_one("#filtro", Input).focus()

    def action_equipo(self) -> None:
        self.simulador.abrir_equipo()

    def action_pendientes(self) -> None:
        self.simulador.buscar_pendientes(a_peticion=True)

    def action_empezar(self, resumen: ResumenEscenario | None = None) -> None:
        resumen = resumen or self.seleccionado()
        if resumen is None:
            self.avisar("Elija antes un escenario de la lista.")
            return
        if not resumen.jugable:
            self.avisar(f"«{resumen.titulo}» no se puede jugar: sus errores están a la "
                        "derecha.")
            return
        app = self.simulador
        partida = Partida(resumen, self.rubrica, self.modo,
                          self.query_one("#nombre", Input).value.strip(),
                          self.query_one("#equipo", Input).value.strip(),
                          app.preparacion.primera_semilla())
        app.recordar(partida)
        app.empezar(partida)

    def acciones(self) -> Iterable[Accion]:
        yield Accion("Empezar el escenario seleccionado", "Abre la conversación (F5)",
                     self.action_empezar)
        yield Accion("Filtrar escenarios", "Escribir en el filtro (Ctrl+F)", self.action_filtrar)
        yield Accion("Ver el equipo", "Tabla por agente y media por criterio del historial (F2)",
                     self.action_equipo)
        yield Accion("Sesiones a medias", "Continuar o descartar las que quedaron sin terminar",
                     self.action_pendientes)
        yield Accion("Modo práctica", "Comentarios del entrenador tras cada respuesta",
                     lambda: self._poner_modo("practica"))
        yield Accion("Modo examen", "Sin comentarios hasta el final",
                     lambda: self._poner_modo("examen"))
        for resumen in self.resumenes:
            if resumen.jugable:
                yield Accion(f"Jugar «{resumen.titulo}»",
                             ficha(resumen.dificultad, resumen.canal),
                             lambda r=resumen: self.action_empezar(r))

    def _poner_modo(self, modo: str) -> None:
        self.query_one("#modo", Selector).valor = modo
