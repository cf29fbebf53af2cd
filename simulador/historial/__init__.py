"""El historial: cada sesión jugada, turno a turno, en una base de datos SQLite.

Es el único paquete que abre la base de datos (lo comprueba una prueba).
Uso desde una interfaz:

    historial = Historial.del_usuario()          # o Historial(ruta)
    grabador = grabar(historial, sesion, escenario=cargado.ruta, rubrica=ruta)
    grabador.anotar(sesion.iniciar())            # después de cada acción
    historial.pendientes()                       # sesiones a medias
    grabador = reanudar(historial, ident)        # grabador.sesion sigue donde quedó
    historial.descartar(ident)

`Historial` (almacen.py) solo lee y escribe filas; grabar (grabador.py) y
reanudar (reanudacion.py) están a su lado y lo usan, nunca al revés.
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
from simulador.historial.grabador import Grabador, grabar
from simulador.historial.modelos import ResultadoGuardado, ResumenSesion, TurnoGuardado
from simulador.historial.reanudacion import ErrorDeReanudacion, RelojReanudado, reanudar

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
    "grabar",
    "leer_fecha",
    "reanudar",
    "ruta_historial",
]
