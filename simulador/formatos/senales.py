"""Las señales y veredictos del contrato (shared/senales.md)."""

from typing import Literal

SENALES_AGENTE: tuple[str, ...] = (
    "escucha",
    "disculpa",
    "escalada",
    "excusa",
    "advierte",
    "termina",
)
SENALES_CLIENTE: tuple[str, ...] = ("abuso",)

Veredicto = Literal["correcto", "prematuro", "tardio", "descortes", "no_aplica"]
VEREDICTOS: tuple[str, ...] = ("correcto", "prematuro", "tardio", "descortes", "no_aplica")
