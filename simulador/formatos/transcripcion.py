"""Transcripciones (entrada del calificador) y etiquetas, según shared/senales.md.

A diferencia de los archivos de formador, aquí las claves desconocidas se
ignoran: el contrato dice que otras herramientas pueden añadir las suyas.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from simulador.formatos.senales import TipoFinal, Veredicto


class _Abierto(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class Turno(_Abierto):
    rol: Literal["cliente", "agente"]
    texto: str
    accion: Literal["terminar"] | None = None


class ClienteTranscripcion(_Abierto):
    nombre: str | None = None


class EtiquetasConversacion(_Abierto):
    turnos: list[dict[str, bool]]
    cierre: Veredicto
    # El veredicto global de un formador exigente: ¿aprobaría esta conversación?
    aprobado: bool | None = None


class Transcripcion(_Abierto):
    id: Annotated[str, Field(min_length=1)] = "sin-id"
    cliente: ClienteTranscripcion | None = None
    turnos: list[Turno]
    cierre_justificado: bool = False
    final: TipoFinal | None = None
    puntos_clave: list[str] = Field(default_factory=list)
    etiquetas: EtiquetasConversacion | None = None
    # Respuestas alternativas al mismo mensaje del cliente: la que prefiere un formador.
    grupo: str | None = None
    preferida: bool | None = None

    @field_validator("final", mode="before")
    @classmethod
    def _final_antiguo(cls, valor: Any) -> Any:
        """Las transcripciones guardadas antes del contrato actual llevaban un bloque."""
        return valor.get("tipo") if isinstance(valor, dict) else valor

    @property
    def nombre_cliente(self) -> str | None:
        return self.cliente.nombre if self.cliente else None
