"""Sesiones a medias: al arrancar, continuar cada una donde quedó, descartarla o dejarla.

Lista las sesiones que el historial tiene sin terminar (cortadas, dejadas o
abandonadas) con su escenario, agente, fecha y respuestas. Devuelve la que
se quiere continuar, o None («más tarde»). Descartar no cierra la ventana
mientras queden otras.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from simulador.nombres import NOMBRES_MODO
from simulador.texto import visible
from simulador.tui.pantallas.base import Modal
from simulador.tui.pantallas.confirmar import Confirmar
from simulador.tui.textos import cuantos

if TYPE_CHECKING:
    from simulador.historial import ResumenSesion

# Descarta una sesión por su id; devuelve None si fue bien o el motivo si no.
Descartar = Callable[[str], str | None]


def fecha_corta(resumen: ResumenSesion) -> str:
    """Cuándo empezó, en la hora local (como `simulador sesiones`)."""
    return resumen.inicio.astimezone().strftime("%d/%m/%Y %H:%M")


def describir(resumen: ResumenSesion) -> Text:
    texto = Text()
    texto.append(visible(resumen.escenario_titulo or resumen.escenario), style="bold")
    respuestas = cuantos(resumen.respuestas, "respuesta", "respuestas")
    agente = visible(" ".join(resumen.agente.split())) or "sin nombre"
    texto.append(f"\n{agente} · {fecha_corta(resumen)} · {respuestas} · "
                 f"{NOMBRES_MODO.get(resumen.modo, resumen.modo)}")
    return texto


class Pendientes(Modal):
    """Devuelve la ResumenSesion que se quiere continuar, o None para seguir sin ellas."""

    CSS_PATH = "modales.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "mas_tarde", "Más tarde"),
        Binding("c", "continuar", "Continuar", show=False),
        Binding("d,delete", "descartar", "Descartar", show=False),
        Binding("l", "mas_tarde", "Más tarde", show=False),
    ]

    def __init__(self, sesiones: Sequence[ResumenSesion], descartar: Descartar) -> None:
        super().__init__(id="pendientes")
        self.sesiones = list(sesiones)
        self._descartar = descartar

    def compose(self) -> ComposeResult:
        with Vertical(classes="ventana media"):
            yield Static("Sesiones a medias", classes="titulo-ventana")
            yield Static("Quedaron sin terminar. Puede continuar cada una donde la dejó o "
                         "descartarla (no contará en el historial).\nIntro: continuar · D: "
                         "descartar · Esc: más tarde", classes="pista")
            lista = OptionList(*self._opciones(), id="lista-pendientes")
            lista.border_title = self._titulo_lista()
            yield lista
            yield Static("", id="aviso-pendientes", markup=False)
            with Horizontal(classes="botones"):
                yield Button("Continuar", id="continuar", variant="primary")
                yield Button("Descartar", id="descartar", variant="warning")
                yield Button("Más tarde", id="mas-tarde")

    def _opciones(self) -> list[Option]:
        return [Option(describir(s), id=f"pendiente-{i}") for i, s in enumerate(self.sesiones)]

    def _titulo_lista(self) -> str:
        return cuantos(len(self.sesiones), "sesión", "sesiones")

    def on_mount(self) -> None:
        lista = self.query_one("#lista-pendientes", OptionList)
        lista.highlighted = 0
        lista.focus()

    def seleccionada(self) -> ResumenSesion | None:
        indice = self.query_one("#lista-pendientes", OptionList).highlighted
        if indice is None or not 0 <= indice < len(self.sesiones):
            return None
        return self.sesiones[indice]

    # --- eventos -----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#lista-pendientes")
    def _elegida(self) -> None:
        self.action_continuar()

    @on(Button.Pressed)
    def _boton(self, event: Button.Pressed) -> None:
        event.stop()
        acciones = {"continuar": self.action_continuar, "descartar": self.action_descartar,
                    "mas-tarde": self.action_mas_tarde}
        if event.button.id in acciones:
            acciones[event.button.id]()

    # --- acciones ----------------------------------------------------------------------

    def action_continuar(self) -> None:
        sesion = self.seleccionada()
        if sesion is not None:
            self.dismiss(sesion)

    def action_descartar(self) -> None:
        """Descartar no se deshace: se pregunta antes (un examen, con más razón)."""
        sesion = self.seleccionada()
        if sesion is None:
            return
        examen = sesion.modo == "examen"
        pregunta = (f"¿Descartar {'el examen' if examen else 'la sesión'} «"
                    f"{sesion.escenario_titulo or sesion.escenario}» de "
                    f"{' '.join(sesion.agente.split()) or 'sin nombre'}?\n\n"
                    + ("No se podrá continuar. Saldrá como examen descartado, sin nota y "
                       "no aprobado, en la exportación y en la pantalla de equipo."
                       if examen else "No se podrá continuar ni contará en los resultados."))
        self.app.push_screen(Confirmar(pregunta, si="Descartar", no="Volver"),
                             partial(self._descartar_confirmado, sesion))

    def _descartar_confirmado(self, sesion: ResumenSesion, si: bool | None) -> None:
        if not si or sesion not in self.sesiones:
            self.query_one("#lista-pendientes", OptionList).focus()
            return
        aviso = self.query_one("#aviso-pendientes", Static)
        motivo = self._descartar(sesion.ident)
        if motivo is not None:
            aviso.update(visible(f"No se puede descartar: {motivo}"))
            return
        indice = self.sesiones.index(sesion)
        self.sesiones.remove(sesion)
        if not self.sesiones:
            self.dismiss(None)
            return
        lista = self.query_one("#lista-pendientes", OptionList)
        lista.set_options(self._opciones())
        lista.border_title = self._titulo_lista()
        lista.highlighted = min(indice, len(self.sesiones) - 1)
        lista.focus()
        aviso.update(visible(f"Descartada: «{sesion.escenario_titulo or sesion.escenario}»."))

    def action_mas_tarde(self) -> None:
        self.dismiss(None)
