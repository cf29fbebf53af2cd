"""Lo que la interfaz recuerda entre sesiones: nombre, equipo, modo, rúbrica, escenario.

Un JSON pequeño en la carpeta de datos. Si no existe, está roto o no se
puede escribir, se sigue sin él: perder las preferencias no debe impedir
practicar.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from simulador.destinos import escribir_bytes
from simulador.rutas import ARCHIVO_PREFERENCIAS

ARCHIVO = ARCHIVO_PREFERENCIAS
_LARGO_MAXIMO = 80


@dataclass
class Preferencias:
    nombre: str = ""
    equipo: str = ""
    modo: str = "practica"
    rubrica: str = "estandar"
    escenario: str = ""  # id del último escenario jugado


def _ruta(datos: Path) -> Path:
    return datos / ARCHIVO


def cargar(datos: Path) -> Preferencias:
    """Las preferencias guardadas, o las de por defecto si no hay o no se entienden."""
    try:
        crudo = json.loads(_ruta(datos).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferencias()
    if not isinstance(crudo, dict):
        return Preferencias()
    valores = {f.name: str(crudo[f.name])[:_LARGO_MAXIMO] for f in fields(Preferencias)
               if isinstance(crudo.get(f.name), str)}
    preferencias = Preferencias(**valores)
    if preferencias.modo not in ("practica", "examen"):
        preferencias.modo = "practica"
    return preferencias


def guardar(datos: Path, preferencias: Preferencias) -> bool:
    """Escribe de forma atómica; False si no se ha podido (carpeta de solo lectura…)."""
    try:
        datos.mkdir(parents=True, exist_ok=True)
        escribir_bytes(json.dumps(asdict(preferencias), ensure_ascii=False, indent=2)
                       .encode("utf-8"), _ruta(datos))
    except OSError:
        return False
    return True
