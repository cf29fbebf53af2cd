"""Los eventos del motor en la pantalla de conversación: chat, medidor de enfado y entrenador.

Lo que se dice sale de `simulador.pintor`, como en `simulador jugar`; aquí solo se
decide en qué widget va cada cosa. La pantalla crea el pintor al montarse y le pasa los
widgets: el pintor no conoce la pantalla, solo le avisa de que la conversación acabó.
"""

from __future__ import annotations

from collections.abc import Callable

from simulador.motor import CambioEnfado, Final, Insistencia, LineaCliente, Valoracion
from simulador.pintor import INSULTO, Pintor, citas, linea_final, silencio
from simulador.tui.textos import elegir_consejo
from simulador.tui.widgets.chat import Chat
from simulador.tui.widgets.enfado import MedidorEnfado
from simulador.tui.widgets.entrenador import NotaEntrenador, PanelEntrenador


class PintorChat(Pintor):
    """El entrenador es None en examen: ni comentarios ni marca de insulto hasta el final."""

    def __init__(self, chat: Chat, medidor: MedidorEnfado, entrenador: PanelEntrenador | None,
                 cliente: str, lecciones: dict[str, str], al_terminar: Callable[[], None]
                 ) -> None:
        self.chat = chat
        self.medidor = medidor
        self.entrenador = entrenador
        self.cliente = cliente
        self.lecciones = lecciones  # por señal, para el consejo del entrenador
        self.al_terminar = al_terminar

    def _nota(self, abuso: bool, extra: str = "") -> str:
        partes = [extra] if extra else []
        if abuso and self.entrenador is not None:
            partes.append(INSULTO)
        return " · ".join(partes)

    def linea_cliente(self, evento: LineaCliente) -> None:
        self.chat.agregar("cliente", self.cliente, evento.texto, self._nota(evento.abuso))

    def insistencia(self, evento: Insistencia) -> None:
        self.chat.agregar("cliente", self.cliente, evento.texto,
                          self._nota(evento.abuso, silencio(evento.segundos)))

    def cambio_enfado(self, evento: CambioEnfado) -> None:
        self.medidor.enfado = evento.despues
        self.medidor.cambio = evento.diferencia

    def valoracion(self, evento: Valoracion) -> None:
        if self.entrenador is None:
            return
        notas = [NotaEntrenador(c.senal, c.tipo, c.mensaje, citas(c)) for c in evento.comentarios]
        consejo = elegir_consejo([(n.senal, n.tipo) for n in notas], self.lecciones)
        self.entrenador.mostrar(evento.numero, notas, consejo)

    def final(self, evento: Final) -> None:
        # Espacios duros junto a las rayas: a 80 columnas no quedan solas en una línea.
        self.chat.agregar("sistema", "", f"──\u00a0{linea_final(evento, con_nodo=False)}"
                          "\u00a0──")
        self.al_terminar()
