"""El motor de conversación: una sesión de práctica sin interfaz.

La TUI, la CLI (`simulador jugar`, `simulador probar`) y las pruebas usan
el mismo código: `Sesion` recibe las acciones del agente y devuelve eventos
(`eventos.py`) que cada interfaz pinta a su manera; `Sesion.resultado()` da
la nota, el cierre, el final y las lecciones.
"""

from simulador.motor.eventos import (
    CambioEnfado,
    Comentario,
    Evento,
    Final,
    Insistencia,
    LineaCliente,
    Valoracion,
)
from simulador.motor.grafo import ErrorDeEscenario, ErrorDeSesion
from simulador.motor.lecciones import Caso, Leccion
from simulador.motor.reloj import Reloj, RelojManual, RelojSistema
from simulador.motor.resultado import Resultado
from simulador.motor.sesion import RespuestaVacia, Sesion, SesionTerminada
from simulador.motor.turnos import FichaSesion, Modo, TurnoSesion

__all__ = [
    "CambioEnfado",
    "Caso",
    "Comentario",
    "ErrorDeEscenario",
    "ErrorDeSesion",
    "Evento",
    "FichaSesion",
    "Final",
    "Insistencia",
    "Leccion",
    "LineaCliente",
    "Modo",
    "Reloj",
    "RelojManual",
    "RelojSistema",
    "RespuestaVacia",
    "Resultado",
    "Sesion",
    "SesionTerminada",
    "TurnoSesion",
    "Valoracion",
]
