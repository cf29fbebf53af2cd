"""Lo que pasa en una sesión, como datos: la interfaz los pinta, el motor no imprime.

Cada acción del agente (responder, terminar, callar) devuelve la lista de
eventos que provoca, en orden. La TUI, la CLI y las pruebas los consumen
igual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from simulador.calificador import Evidencia
from simulador.formatos.senales import TipoFinal

MotivoFinal = Literal["transicion", "limite_enfado", "silencio", "terminar"]
MotivoEnfado = Literal["respuesta", "silencio"]
TipoComentario = Literal["bien", "mal", "falta", "aviso"]


@dataclass(frozen=True)
class LineaCliente:
    """El cliente dice algo al llegar a un nodo (o al despedirse)."""

    texto: str
    nodo: str | None
    abuso: bool
    indice: int  # posición del turno en la conversación (desde 0)


@dataclass(frozen=True)
class Insistencia:
    """El agente ha callado demasiado: el cliente insiste."""

    texto: str
    nodo: str
    abuso: bool
    indice: int
    segundos: int  # el silencio que la ha provocado


@dataclass(frozen=True)
class CambioEnfado:
    antes: int
    despues: int
    motivo: MotivoEnfado

    @property
    def diferencia(self) -> int:
        return self.despues - self.antes


@dataclass(frozen=True)
class Comentario:
    """Una observación sobre una respuesta: qué señal, si está bien o mal, y por qué."""

    senal: str
    tipo: TipoComentario
    mensaje: str
    evidencias: tuple[Evidencia, ...] = ()

    def como_dict(self) -> dict[str, object]:
        return {"senal": self.senal, "tipo": self.tipo, "mensaje": self.mensaje,
                "evidencias": [e.como_dict() for e in self.evidencias]}


@dataclass(frozen=True)
class Valoracion:
    """Solo en modo práctica: lo que la rúbrica ha visto en la respuesta recién enviada."""

    numero: int  # número de respuesta del agente (desde 1)
    senales: dict[str, bool]
    comentarios: tuple[Comentario, ...] = field(default=())


@dataclass(frozen=True)
class Final:
    """La conversación ha terminado: cómo, en qué nodo y por qué."""

    tipo: TipoFinal
    nodo: str | None
    motivo: MotivoFinal

    def como_dict(self) -> dict[str, object]:
        return {"tipo": self.tipo, "nodo": self.nodo, "motivo": self.motivo}


Evento = LineaCliente | Insistencia | CambioEnfado | Valoracion | Final
