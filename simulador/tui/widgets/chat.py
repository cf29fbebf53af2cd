"""La conversación en curso: una burbuja por intervención, siempre mostrando la última."""

from __future__ import annotations

from textual.containers import VerticalScroll

from simulador.tui.widgets.burbuja import Burbuja, Rol


class Chat(VerticalScroll):
    """Tras cada línea nueva baja hasta el final (sin animación: capturas estables)."""

    def agregar(self, rol: Rol, autor: str, texto: str, nota: str = "") -> Burbuja:
        burbuja = Burbuja(rol, autor, texto, nota=nota, id=f"linea-{len(self.children)}")
        self.mount(burbuja)
        self.call_after_refresh(self.scroll_end, animate=False)
        return burbuja

    @property
    def burbujas(self) -> list[Burbuja]:
        return list(self.query(Burbuja))
