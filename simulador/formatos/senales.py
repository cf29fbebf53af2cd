"""Las señales y veredictos del contrato (shared/senales.md)."""

from typing import Literal

SENALES_AGENTE: tuple[str, ...] = (
    "escucha",
    "disculpa",
    "escalada",
    "excusa",
    "asiste",
    "advierte",
    "termina",
)
SENALES_CLIENTE: tuple[str, ...] = ("abuso",)

Veredicto = Literal["correcto", "prematuro", "tardio", "descortes", "no_aplica"]
VEREDICTOS: tuple[str, ...] = ("correcto", "prematuro", "tardio", "descortes", "no_aplica")
# Los veredictos de cierre que son un acierto; los demás cuentan como error de cierre
# (en el resultado de una sesión y en las tablas de `simulador comparar`).
CIERRES_BIEN: tuple[str, ...] = ("correcto", "no_aplica")

TipoFinal = Literal["resuelto", "abandona", "relacion_terminada", "escalado"]

# Un turno del agente con esta acción es `termina` diga lo que diga: el agente
# eligió terminar la relación (la orden /terminar o la tecla de la interfaz).
ACCION_TERMINAR = "terminar"
