"""Las dependencias de la interfaz, inyectables: las pruebas fijan reloj, azar y pausas.

Los tipos del motor solo se importan para el comprobador de tipos: importar
el motor cuesta tiempo y la pantalla de inicio no lo necesita.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from simulador.rutas import directorio_datos, en_navegador, escenarios_incluidos

if TYPE_CHECKING:
    from simulador.calificador import Calificador
    from simulador.motor.reloj import Reloj

# Por debajo de estas columnas o líneas la pantalla se compacta (clases «-estrecha» y
# «-baja», los BREAKPOINTS de la aplicación; el pie y la pantalla de equipo las usan).
ANCHO_COMPLETO = 70
ALTO_COMPLETO = 20


@dataclass
class Config:
    """Qué escenarios, dónde guardar, qué reloj y cuánto dura la pausa «escribiendo…»."""

    escenarios: list[Path]
    datos: Path
    reloj: Reloj | None = None  # None: el reloj del sistema, uno por sesión
    escribiendo: float = 0.9  # segundos de «escribiendo…» antes de cada línea del cliente
    semilla: int | None = None  # None: una al azar por sesión
    parpadeo: bool = True  # el cursor parpadea (las capturas lo quieren quieto)
    tic: float = 0.5  # cada cuánto se mira el silencio y se actualiza el cronómetro
    cargar_calificador: Callable[[str], Calificador] | None = None  # None: el del núcleo
    rubricas: list[str] = field(default_factory=list)  # ids elegibles; vacío: las incluidas
    # En el navegador (`simulador servir`) cada pestaña es una persona distinta: ni se
    # recuerda el nombre de la anterior ni se le ofrecen las sesiones a medias de otros.
    en_navegador: bool = False

    @classmethod
    def por_defecto(cls, extra: Sequence[Path] = ()) -> Config:
        """Los escenarios incluidos más los de `extra`, en la carpeta de datos del usuario."""
        return cls(escenarios=[escenarios_incluidos(), *extra], datos=directorio_datos(),
                   en_navegador=en_navegador())
