"""Qué se dice de cada evento del motor, y a qué método de la capa que pinta va cada uno.

La CLI (`comandos/jugar.py`) y la interfaz (`tui/pintor_chat.py`) cuentan la misma
partida. Cuando cada una tenía sus etiquetas se desviaron («el cliente abandona» frente a
«el cliente se va»): aquí está QUÉ se dice, y cada capa solo decide CÓMO se ve (texto plano
o widgets) heredando de `Pintor`, que no deja crear una capa que olvide un tipo de evento.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import assert_never

from simulador.motor.eventos import (
    CambioEnfado,
    Comentario,
    Evento,
    Final,
    Insistencia,
    LineaCliente,
    Valoracion,
)
from simulador.nombres import SIMBOLOS, final, motivo_final, nombre_senal

AGENTE = "Tú"  # quien habla cuando responde el alumno
TERMINA_LA_RELACION = "termina la relación"  # su respuesta con /terminar o Ctrl+T
INSULTO = nombre_senal("abuso")  # la marca de una línea del cliente que insulta
ENFADO = "enfado"
FINAL = "Final"
MAXIMO_CITAS = 3  # palabras de la respuesta que se citan por comentario


def silencio(segundos: int) -> str:
    """Por qué insiste el cliente: «silencio de 60 s»."""
    return f"silencio de {segundos} s"


def cambio(diferencia: int) -> str:
    """«+15» o «−10», con el signo menos tipográfico."""
    signo = "+" if diferencia > 0 else "−"
    return f"{signo}{abs(diferencia)}"


def etiqueta_comentario(tipo: str, senal: str) -> str:
    """«✓ escucha»: el símbolo de si está bien o mal y la señal, como en el entrenador."""
    return f"{SIMBOLOS.get(tipo, '·')} {nombre_senal(senal)}"


def citas(comentario: Comentario) -> tuple[str, ...]:
    """Las palabras de la respuesta que dispararon el comentario (las primeras)."""
    return tuple(e.texto for e in comentario.evidencias[:MAXIMO_CITAS])


def como_acabo(evento: Final) -> str:
    """«el cliente se va (el enfado llegó al límite)»: el final y, si no fue el normal, por qué."""
    motivo = motivo_final(evento.motivo)
    return final(evento.tipo) + (f" ({motivo})" if motivo else "")


def linea_final(evento: Final, *, con_nodo: bool) -> str:
    """«Final: resuelto». El nodo es para quien prueba un escenario (la CLI); quien practica
    en la interfaz no ve los nombres del grafo."""
    nodo = f" (nodo «{evento.nodo}»)" if con_nodo and evento.nodo else ""
    return f"{FINAL}: {como_acabo(evento)}{nodo}"


class Pintor(ABC):
    """Reparte cada evento del motor a su método. Cada capa hereda y define todos: si el
    motor gana un tipo de evento, se añade aquí su método abstracto y una capa que no lo
    pinte ya no se puede crear (tests/test_pintor.py recorre todos los tipos)."""

    def pintar(self, evento: Evento) -> None:
        match evento:
            case LineaCliente():
                self.linea_cliente(evento)
            case Insistencia():
                self.insistencia(evento)
            case CambioEnfado():
                self.cambio_enfado(evento)
            case Valoracion():
                self.valoracion(evento)
            case Final():
                self.final(evento)
            case _:
                assert_never(evento)

    def pintar_todos(self, eventos: Iterable[Evento]) -> None:
        for evento in eventos:
            self.pintar(evento)

    @abstractmethod
    def linea_cliente(self, evento: LineaCliente) -> None:
        """El cliente dice algo."""

    @abstractmethod
    def insistencia(self, evento: Insistencia) -> None:
        """El cliente insiste tras un silencio (`silencio`)."""

    @abstractmethod
    def cambio_enfado(self, evento: CambioEnfado) -> None:
        """El enfado sube o baja (`cambio`)."""

    @abstractmethod
    def valoracion(self, evento: Valoracion) -> None:
        """Lo que la rúbrica vio en la respuesta (`etiqueta_comentario`, `citas`)."""

    @abstractmethod
    def final(self, evento: Final) -> None:
        """La conversación acaba (`linea_final`)."""
