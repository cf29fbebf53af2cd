"""Elegir una opción de pocas con ← y →: el valor se lee siempre, sin menú desplegable.

Sustituye a Select (su menú trae textos de teclas en inglés) y a los botones
de radio (el elegido solo se distingue por el color).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from simulador.texto import visible


class Selector(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "mover(-1)", "Anterior", show=False),
        Binding("right,space", "mover(1)", "Cambiar"),
    ]

    indice: reactive[int] = reactive(0)

    @dataclass
    class Cambiado(Message):
        selector: Selector
        valor: str

        @property
        def control(self) -> Selector:
            return self.selector

    def __init__(self, opciones: Sequence[tuple[str, str]], valor: str | None = None, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.opciones = list(opciones)
        valores = [v for _, v in self.opciones]
        self.set_reactive(Selector.indice, valores.index(valor) if valor in valores else 0)

    @property
    def valor(self) -> str:
        return self.opciones[self.indice][1]

    @valor.setter
    def valor(self, valor: str) -> None:
        valores = [v for _, v in self.opciones]
        if valor in valores:
            self.indice = valores.index(valor)

    def poner_opciones(self, opciones: Sequence[tuple[str, str]], valor: str | None = None
                       ) -> None:
        """Cambia las opciones y elige `valor` (o la primera) sin avisar de un cambio."""
        self.opciones = list(opciones)
        valores = [v for _, v in self.opciones]
        self.set_reactive(Selector.indice, valores.index(valor) if valor in valores else 0)
        self.refresh(layout=True)

    def render(self) -> Text:
        """En poco ancho se quita primero la cuenta y después se corta la etiqueta: las
        flechas, que dicen que hay más opciones, siempre se ven."""
        etiqueta = visible(self.opciones[self.indice][0] if self.opciones else "")
        cuenta = (f"  ({self.indice + 1}/{len(self.opciones)})"
                  if len(self.opciones) > 1 else "")
        ancho = self.content_size.width or 1_000
        if len(etiqueta) + 4 + len(cuenta) > ancho:
            cuenta = ""
        if len(etiqueta) + 4 > ancho:
            etiqueta = etiqueta[:max(ancho - 5, 1)] + "…"
        texto = Text("◀ ", style="dim")
        texto.append(etiqueta, style="bold")
        texto.append(" ▶", style="dim")
        texto.append(cuenta, style="dim")
        return texto

    def action_mover(self, paso: int) -> None:
        if self.opciones:
            self.indice = (self.indice + paso) % len(self.opciones)

    def watch_indice(self, anterior: int, nuevo: int) -> None:
        if anterior != nuevo and self.opciones:
            self.post_message(self.Cambiado(self, self.valor))
