"""Lo que la interfaz prepara para jugar: catálogo, rúbrica compilada y la sesión.

Todo lo lento (cargar el catálogo, compilar la rúbrica) pasa aquí, fuera de
las pantallas, y puede hacerse en un hilo: las pantallas solo preguntan si
está listo y piden una `Sesion` al motor. Ninguna regla de puntuación vive
aquí.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from simulador.tui import indice as indices
from simulador.tui.config import Config
from simulador.tui.indice import Indice, ResumenEscenario

if TYPE_CHECKING:
    from simulador.calificador import Calificador
    from simulador.carga import Cargado
    from simulador.catalogo import Catalogo
    from simulador.formatos.escenario import Escenario
    from simulador.motor import Sesion

# La interfaz elige semillas cortas, que se leen y se copian bien de la pantalla
# (la CLI admite cualquiera que quepa en el historial: comandos.SEMILLA_MAXIMA).
SEMILLA_AL_AZAR_HASTA = 100_000


class NoSePuedeJugar(Exception):
    """El escenario o la rúbrica no permiten empezar (mensaje en español)."""


@dataclass(frozen=True)
class Partida:
    """Lo que se eligió en la pantalla de inicio: sirve para repetir la sesión."""

    escenario: ResumenEscenario
    rubrica: str
    modo: str
    agente: str
    equipo: str
    semilla: int

    def con_semilla(self, semilla: int) -> Partida:
        return replace(self, semilla=semilla)


def rubricas_incluidas() -> list[str]:
    """Los ids de las rúbricas incluidas (el nombre del archivo, sin cargarlas)."""
    from simulador.rutas import rubricas_incluidas as carpeta

    return sorted(p.stem for p in carpeta().glob("*.yaml"))


class Preparacion:
    """El catálogo y las rúbricas de esta ejecución, cargados una sola vez."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._cerrojo = threading.Lock()
        self._catalogo: Catalogo | None = None
        self._calificadores: dict[str, Calificador] = {}
        self._azar = (random.Random(config.semilla) if config.semilla is not None
                      else random.SystemRandom())
        guardado = indices.leer(config.escenarios, config.datos)
        if guardado is None:
            # Sin índice válido no hay más remedio que cargar ya (y rehacerlo).
            self.indice = self._cargar_catalogo()
        else:
            self.indice = guardado

    # --- lo que se puede hacer en segundo plano ------------------------------------

    def _cargar_catalogo(self) -> Indice:
        from simulador.catalogo import cargar_catalogo

        catalogo = cargar_catalogo(self.config.escenarios)
        nuevo = indices.desde_catalogo(catalogo)
        indices.guardar(self.config.escenarios, self.config.datos, nuevo)
        self._catalogo = catalogo
        return nuevo

    def preparar(self, rubrica: str) -> None:
        """Carga el catálogo y compila la rúbrica si aún no lo están (puede ir en un hilo).

        Lanza ErrorDeArchivo si la rúbrica no existe o está rota.
        """
        with self._cerrojo:
            if self._catalogo is None:
                self._cargar_catalogo()
            if rubrica not in self._calificadores:
                cargar = self.config.cargar_calificador
                if cargar is None:
                    from simulador.rubricas import cargar_calificador as cargar
                self._calificadores[rubrica] = cargar(rubrica)

    def lista(self, rubrica: str) -> bool:
        return self._catalogo is not None and rubrica in self._calificadores

    def calificador(self, rubrica: str) -> Calificador | None:
        """La rúbrica ya compilada, si se preparó."""
        return self._calificadores.get(rubrica)

    def resumen_de(self, escenario: Escenario, ruta: Path | None) -> ResumenEscenario:
        """El escenario de una sesión reanudada tal como está en la lista de inicio (para
        poder repetirlo); si ya no está, uno hecho a partir del propio escenario."""
        real = str(ruta.resolve()) if ruta is not None else ""
        candidatos = [r for r in self.indice.resumenes if r.id == escenario.id]
        for resumen in candidatos:
            if resumen.ruta == real:
                return resumen
        return candidatos[0] if candidatos else indices.resumen_de(escenario, real)

    # --- sesiones ------------------------------------------------------------------

    def nueva_semilla(self) -> int:
        return self._azar.randrange(1, SEMILLA_AL_AZAR_HASTA)

    def primera_semilla(self) -> int:
        semilla = self.config.semilla
        return semilla if semilla is not None else self.nueva_semilla()

    def _cargado(self, resumen: ResumenEscenario) -> Cargado[Escenario]:
        assert self._catalogo is not None
        for cargado in self._catalogo.escenarios:
            if str(cargado.ruta.resolve()) == resumen.ruta and cargado.modelo.id == resumen.id:
                return cargado
        raise NoSePuedeJugar(f"El escenario «{resumen.titulo}» ya no está en "
                             f"{Path(resumen.ruta).name}; reinicie el simulador.")

    def crear_sesion(self, partida: Partida) -> Sesion:
        """La sesión del motor para esta partida (la rúbrica debe estar preparada)."""
        from simulador.motor import RelojSistema, Sesion
        from simulador.motor.escenarios import errores_de_grafo

        calificador = self._calificadores[partida.rubrica]
        cargado = self._cargado(partida.escenario)
        errores = errores_de_grafo(cargado, calificador.rubrica.senales_extra)
        if errores:
            # El aviso de la pantalla tiene tres líneas: el error entero no cabría.
            linea = f" (el primero, en la línea {errores[0].linea})" if errores[0].linea else ""
            cuantos = "1 error" if len(errores) == 1 else f"{len(errores)} errores"
            raise NoSePuedeJugar(f"«{partida.escenario.titulo}» no se puede jugar con esta "
                                 f"rúbrica: tiene {cuantos}{linea}; «simulador validar "
                                 f"{Path(partida.escenario.ruta).name}» los explica.")
        reloj = self.config.reloj if self.config.reloj is not None else RelojSistema()
        modo = "examen" if partida.modo == "examen" else "practica"
        return Sesion(cargado.modelo, calificador, semilla=partida.semilla, modo=modo,
                      agente=partida.agente, equipo=partida.equipo, reloj=reloj)
