"""Transcripciones (entrada del calificador) y etiquetas, según shared/senales.md.

A diferencia de los archivos de formador, aquí las claves desconocidas se
ignoran: el contrato dice que otras herramientas pueden añadir las suyas.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from simulador.formatos.senales import TipoFinal, Veredicto


def _numero_json(valor: Any) -> Any:
    """Un número donde va un texto vale («"id": 12»), pero NaN e Infinity no son JSON:
    Python los lee, y otra herramienta que lea la misma línea no podría."""
    if isinstance(valor, float) and not math.isfinite(valor):
        raise ValueError("NaN e Infinity no existen en JSON: escriba un texto entre comillas")
    return valor


TextoJson = Annotated[str, BeforeValidator(_numero_json)]


class _Abierto(BaseModel):
    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class Turno(_Abierto):
    rol: Literal["cliente", "agente"]
    texto: TextoJson
    accion: Literal["terminar"] | None = None


class ClienteTranscripcion(_Abierto):
    nombre: TextoJson | None = None


class EtiquetasConversacion(_Abierto):
    # Se guardan las claves de más (no se ignoran) para que evaluar y entrenar avisen
    # de un «aprovado» mal escrito, que dejaría la conversación sin veredicto.
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    turnos: list[dict[str, bool]]
    cierre: Veredicto
    # El veredicto global de un formador exigente: ¿aprobaría esta conversación?
    aprobado: bool | None = None


class Transcripcion(_Abierto):
    id: Annotated[TextoJson, Field(min_length=1)] = "sin-id"
    cliente: ClienteTranscripcion | None = None
    turnos: list[Turno]
    cierre_justificado: bool = False
    final: TipoFinal | None = None
    puntos_clave: list[str] = Field(default_factory=list)
    etiquetas: EtiquetasConversacion | None = None
    # Respuestas alternativas al mismo mensaje del cliente: la que prefiere un formador.
    grupo: TextoJson | None = None
    preferida: bool | None = None

    @field_validator("final", mode="before")
    @classmethod
    def _final_antiguo(cls, valor: Any) -> Any:
        """Las transcripciones guardadas antes del contrato actual llevaban un bloque."""
        return valor.get("tipo") if isinstance(valor, dict) else valor

    @property
    def nombre_cliente(self) -> str | None:
        return self.cliente.nombre if self.cliente else None
