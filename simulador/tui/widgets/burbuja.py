"""Una intervención del chat: quién habla, lo que dice y, en la revisión, sus evidencias."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.text import Text
from textual.widgets import Static

from simulador.tui.textos import a_la_vista

Rol = Literal["cliente", "agente", "sistema"]
# Tramo del texto original que resaltar: (inicio, fin, estilo).
Resalte = tuple[int, int, str]

LARGO_VISIBLE = 3000  # en el chat; la revisión muestra el texto entero


def componer(autor: str, texto: str, nota: str = "", resaltes: Sequence[Resalte] = (),
             maximo: int | None = None) -> Text:
    """Nombre en la primera línea (así se distingue sin color) y el texto debajo."""
    contenido = Text()
    if autor:
        contenido.append(autor, style="bold")
        if nota:
            contenido.append(f" · {nota}", style="italic")
        contenido.append("\n")
    cuerpo = Text(texto)
    for inicio, fin, estilo in resaltes:
        if 0 <= inicio < fin <= len(texto):
            cuerpo.stylize(estilo, inicio, fin)
    if maximo is not None and len(texto) > maximo:
        cuerpo = cuerpo[:maximo]
        cuerpo.append(f"… ({len(texto)} caracteres; el texto entero, en la revisión)",
                      style="italic")
    contenido.append_text(cuerpo)
    return a_la_vista(contenido)


class Burbuja(Static):
    """Texto literal (nunca markup): lo que escribe el agente no puede romper la pantalla."""

    def __init__(self, rol: Rol, autor: str, texto: str, *, nota: str = "",
                 resaltes: Sequence[Resalte] = (), maximo: int | None = LARGO_VISIBLE,
                 id: str | None = None) -> None:
        super().__init__(componer(autor, texto, nota, resaltes, maximo), id=id,
                         classes=f"burbuja {rol}")
        self.rol: Rol = rol
        self.texto = texto
