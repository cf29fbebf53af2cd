"""La revisión: la conversación entera, con las evidencias resaltadas y las señales al lado.

Las señales, evidencias y comentarios son los de `Sesion.resultado()`: lo
mismo que daría `simulador calificar` con esta transcripción.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from simulador.motor import Resultado, Sesion
from simulador.pintor import etiqueta_comentario
from simulador.tui.pantallas.base import Accion, Pantalla
from simulador.tui.widgets.burbuja import Burbuja, Resalte
from simulador.tui.widgets.pie import Pie

# Sin depender del color: lo bueno va subrayado, lo malo en vídeo inverso.
ESTILOS = {"bien": "bold underline", "mal": "bold reverse", "aviso": "bold italic underline",
           "falta": ""}


def _tipos(turno: dict[str, Any]) -> dict[str, str]:
    """Señal → bien/mal/aviso según los comentarios del motor para este turno."""
    tipos = {c["senal"]: c["tipo"] for c in turno.get("comentarios", ())}
    if turno["rol"] == "cliente" and turno["senales"].get("abuso"):
        tipos["abuso"] = "mal"
    return tipos


def resaltes(turno: dict[str, Any]) -> list[Resalte]:
    tipos = _tipos(turno)
    return [(e["inicio"], e["fin"], ESTILOS.get(tipos.get(e["senal"], "aviso"), "bold"))
            for e in turno.get("evidencias", ())]


def texto_senales(turno: dict[str, Any]) -> Text:
    texto = Text()
    if turno["rol"] == "cliente":
        if turno["senales"].get("abuso"):
            texto.append(etiqueta_comentario("mal", "abuso"), style="bold reverse")
        return texto
    for comentario in turno.get("comentarios", ()):
        texto.append(etiqueta_comentario(comentario["tipo"], comentario["senal"]) + "\n",
                     style=ESTILOS.get(comentario["tipo"]) or "dim")
    if not texto:
        texto.append("sin señales", style="dim")
    texto.rstrip()
    return texto


class PantallaRevision(Pantalla):
    CSS_PATH = "revision.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "volver", "Volver al resultado")]

    def __init__(self, sesion: Sesion, resultado: Resultado) -> None:
        super().__init__(id="revision")
        self.sesion = sesion
        self.resultado = resultado

    def compose(self) -> ComposeResult:
        cliente = self.sesion.escenario.cliente.nombre
        yield Static(f"Revisión · {self.sesion.escenario.titulo}", id="titulo", markup=False)
        with VerticalScroll(id="transcripcion"):
            for i, turno in enumerate(self.resultado.turnos):
                agente = turno["rol"] == "agente"
                autor = f"Tú · respuesta {turno.get('numero')}" if agente else cliente
                nota = "termina la relación" if turno.get("origen") == "terminar" else ""
                if turno.get("origen") == "silencio":
                    nota = "tras un silencio"
                with Horizontal(classes="fila " + ("agente" if agente else "cliente")):
                    yield Burbuja("agente" if agente else "cliente", autor, turno["texto"],
                                  nota=nota, resaltes=resaltes(turno), maximo=None,
                                  id=f"turno-{i}")
                    yield Static(texto_senales(turno), id=f"senales-{i}", classes="senales")
        yield Static("✓ acierto  ✗ fallo  · falta  ! cierre │ texto: subrayado bien, inverso "
                     "mal", id="leyenda")
        yield Pie()

    def on_mount(self) -> None:
        self.query_one("#transcripcion").focus()

    def action_volver(self) -> None:
        self.app.pop_screen()

    def acciones(self) -> Iterable[Accion]:
        yield Accion("Volver al resultado", "Cerrar la revisión (Esc)", self.action_volver)
