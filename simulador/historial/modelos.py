"""Las filas del historial: datos simples, sin conexión ni SQL.

La CLI y la interfaz de texto pintan lo que devuelve el historial; el
grabador le da lo que hay que escribir con estos mismos objetos, y así
ninguno de los dos necesita saber cómo se guardan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Estado = Literal["en_curso", "terminada", "descartada"]
ESTADOS: tuple[str, ...] = ("en_curso", "terminada", "descartada")
TipoArchivo = Literal["escenario", "rubrica"]


@dataclass(frozen=True)
class ArchivoJugado:
    """Un archivo de formador tal como era al empezar la sesión."""

    tipo: TipoArchivo
    huella: str
    nombre: str
    ruta: Path | None = None
    contenido: bytes | None = None


@dataclass(frozen=True)
class SesionNueva:
    """Lo que se escribe de una sesión al guardarla por primera vez."""

    inicio: datetime
    agente: str
    equipo: str
    escenario: str
    escenario_titulo: str
    escenario_version_autor: str
    rubrica: str
    modo: str
    semilla: int
    archivo_escenario: ArchivoJugado  # su huella es la versión que se guarda
    archivo_rubrica: ArchivoJugado
    guion: bool = False


@dataclass(frozen=True)
class ResultadoGuardado:
    """La nota de una sesión terminada, tal como se exporta."""

    fin: datetime
    puntaje: int
    aprobado: bool
    criterios: dict[str, int | None]
    cierre: str
    cierre_esperado: str
    final: str | None
    turnos: int
    duracion_s: float
    respuesta_media_s: float | None


@dataclass(frozen=True)
class ResumenSesion:
    """Una sesión del historial: quién, qué escenario, cuándo y cómo va."""

    ident: str
    inicio: datetime
    agente: str
    equipo: str
    escenario: str
    escenario_titulo: str
    escenario_version: str
    rubrica: str
    rubrica_version: str
    modo: str
    semilla: int
    estado: Estado
    turnos: int
    respuestas: int
    actualizada: datetime | None = None
    resultado: ResultadoGuardado | None = None
    escenario_version_autor: str = ""  # la que puso el autor («1.2»); la otra es la huella
    guion: bool = False  # jugada con `jugar --guion`: una prueba, no un resultado del equipo

    @property
    def terminada(self) -> bool:
        return self.estado == "terminada"

    @property
    def pendiente(self) -> bool:
        """A medias: se puede reanudar o descartar."""
        return self.estado == "en_curso"

    def como_dict(self) -> dict[str, Any]:
        datos: dict[str, Any] = {
            "id": self.ident, "inicio": self.inicio.isoformat(), "agente": self.agente,
            "equipo": self.equipo, "escenario": self.escenario,
            "escenario_titulo": self.escenario_titulo,
            "escenario_version": self.escenario_version,
            "escenario_version_autor": self.escenario_version_autor, "rubrica": self.rubrica,
            "rubrica_version": self.rubrica_version, "modo": self.modo,
            "semilla": self.semilla, "estado": self.estado, "turnos": self.turnos,
            "respuestas": self.respuestas, "guion": self.guion,
            "actualizada": self.actualizada.isoformat() if self.actualizada else None,
            "puntaje": None, "aprobado": None, "cierre": None, "final": None,
        }
        if self.resultado is not None:
            datos.update(puntaje=self.resultado.puntaje, aprobado=self.resultado.aprobado,
                         cierre=self.resultado.cierre, final=self.resultado.final)
        return datos


@dataclass(frozen=True)
class TurnoGuardado:
    """Un turno tal como quedó en el historial, con sus señales y evidencias."""

    indice: int
    rol: str
    texto: str
    momento: float
    origen: str
    nodo: str | None
    enfado: int
    numero: int | None
    segundos_respuesta: float | None
    senales: dict[str, bool] = field(default_factory=dict)
    evidencias: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class FinDeSesion:
    """Lo que se escribe cuando una sesión termina: la nota para listar y exportar, y la
    transcripción y el resultado completos para volver a leerlos tal cual."""

    resultado: ResultadoGuardado
    transcripcion: dict[str, Any]
    completo: dict[str, Any]
