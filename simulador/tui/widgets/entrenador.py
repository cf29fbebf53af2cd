"""El panel del entrenador (modo práctica): qué vio la rúbrica en la última respuesta.

Muestra los comentarios que da el motor con las palabras que los
dispararon, y un consejo corto. Solo pinta: no decide nada.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from simulador.pintor import MAXIMO_CITAS, etiqueta_comentario
from simulador.tui.textos import a_la_vista

_ESTILOS = {"bien": "bold", "mal": "bold reverse", "falta": "dim", "aviso": "bold italic"}
_LARGO_CITA = 60


@dataclass(frozen=True)
class NotaEntrenador:
    """Un comentario del motor, listo para pintar."""

    senal: str
    tipo: str  # bien, mal, falta, aviso
    mensaje: str
    citas: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValoracionEntrenador:
    numero: int
    notas: tuple[NotaEntrenador, ...]
    consejo: str


def _cita(texto: str) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= _LARGO_CITA else texto[: _LARGO_CITA - 1] + "…"


def pintar(valoracion: ValoracionEntrenador | None) -> Text:
    if valoracion is None:
        return Text("Tras cada respuesta verá aquí lo que ha detectado la rúbrica y un "
                    "consejo.", style="italic")
    texto = Text()
    if valoracion.numero:
        texto.append(f"Respuesta {valoracion.numero}\n", style="bold")
    for nota in valoracion.notas:
        texto.append(etiqueta_comentario(nota.tipo, nota.senal), style=_ESTILOS.get(nota.tipo, ""))
        texto.append(f": {nota.mensaje}")
        if nota.citas:
            texto.append(" — ")
            texto.append(", ".join(f"«{_cita(c)}»" for c in nota.citas[:MAXIMO_CITAS]),
                         style="italic")
        texto.append("\n")
    texto.append("\nConsejo: ", style="bold")
    texto.append(valoracion.consejo)
    return a_la_vista(texto)  # cita las palabras del alumno


class PanelEntrenador(VerticalScroll):
    valoracion: reactive[ValoracionEntrenador | None] = reactive(None, init=False)

    def compose(self) -> ComposeResult:
        yield Static("Entrenador", classes="titulo-panel")
        yield Static(pintar(None), id="entrenador-texto")

    def watch_valoracion(self, valoracion: ValoracionEntrenador | None) -> None:
        self.query_one("#entrenador-texto", Static).update(pintar(valoracion))
        self.scroll_home(animate=False)

    def mostrar(self, numero: int, notas: Sequence[NotaEntrenador], consejo: str) -> None:
        self.valoracion = ValoracionEntrenador(numero, tuple(notas), consejo)

    def terminar(self) -> None:
        """Acabada la conversación, un consejo para seguir ya no sirve: se remite al resultado."""
        valoracion = self.valoracion
        final = "La conversación ha terminado: la nota y las lecciones están en el resultado."
        self.valoracion = (ValoracionEntrenador(valoracion.numero, valoracion.notas, final)
                           if valoracion is not None else ValoracionEntrenador(0, (), final))
