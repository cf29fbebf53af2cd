"""El historial: cada sesión jugada, turno a turno, en una base de datos SQLite.

Es el único paquete que abre la base de datos (lo comprueba una prueba).
Uso desde una interfaz:

    historial = Historial.del_usuario()          # o Historial(ruta)
    grabador = historial.grabar(sesion, escenario=cargado.ruta, rubrica=ruta)
    grabador.anotar(sesion.iniciar())            # después de cada acción
    historial.pendientes()                       # sesiones a medias
    grabador = historial.reanudar(ident)         # grabador.sesion sigue donde quedó
    historial.descartar(ident)
"""

from simulador.historial.almacen import (
    NOMBRE_ARCHIVO,
    Historial,
    SesionNoEncontrada,
    ruta_historial,
)
from simulador.historial.conexion import ErrorDeHistorial
from simulador.historial.esquema import VERSION_ACTUAL
from simulador.historial.filtro import FechaNoValida, Filtro, leer_fecha
from simulador.historial.grabador import Grabador
from simulador.historial.modelos import ResultadoGuardado, ResumenSesion, TurnoGuardado
from simulador.historial.reanudacion import ErrorDeReanudacion, RelojReanudado

__all__ = [
    "NOMBRE_ARCHIVO",
    "VERSION_ACTUAL",
    "ErrorDeHistorial",
    "ErrorDeReanudacion",
    "FechaNoValida",
    "Filtro",
    "Grabador",
    "Historial",
    "RelojReanudado",
    "ResultadoGuardado",
    "ResumenSesion",
    "SesionNoEncontrada",
    "TurnoGuardado",
    "leer_fecha",
    "ruta_historial",
]
