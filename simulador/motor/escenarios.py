"""Elegir el escenario a jugar: una ruta a un archivo o el id de uno de los incluidos.

Antes de jugar se revisa el grafo (como `simulador validar`): un escenario
con errores se rompería a mitad de la sesión.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from simulador.carga import Cargado, cargar_escenario, sugerir
from simulador.catalogo import cargar_catalogo
from simulador.formatos.escenario import Escenario
from simulador.incidencias import ErrorDeArchivo, Incidencia, nombre_visible
from simulador.rutas import escenarios_incluidos


def _parece_ruta(referencia: str) -> bool:
    return (Path(referencia).suffix.lower() in (".yaml", ".yml") or "/" in referencia
            or "\\" in referencia)


def localizar_escenario(referencia: str) -> Cargado[Escenario]:
    """Carga el escenario; ErrorDeArchivo con un mensaje claro si no se encuentra."""
    ruta = Path(referencia)
    if ruta.is_file():
        return cargar_escenario(ruta)
    if _parece_ruta(referencia) or ruta.exists():
        motivo = "es una carpeta, no un escenario" if ruta.is_dir() else "no existe ese archivo"
        raise ErrorDeArchivo([Incidencia(nombre_visible(ruta), motivo)])
    catalogo = cargar_catalogo([escenarios_incluidos()])
    encontrado = catalogo.buscar(referencia)
    if encontrado is not None:
        return encontrado
    ids = sorted(c.modelo.id for c in catalogo.escenarios)
    parecido = sugerir(referencia, ids)
    mensaje = f"no hay ningún escenario incluido con el id «{referencia}»"
    if parecido:
        mensaje += f". ¿Quiso decir «{parecido}»?"
    mensaje += f" (incluidos: {', '.join(ids)})" if ids else " (no hay escenarios incluidos)"
    raise ErrorDeArchivo([Incidencia(referencia, mensaje)])


def errores_de_grafo(cargado: Cargado[Escenario], senales_extra: Iterable[str] = ()
                     ) -> list[Incidencia]:
    """Los errores (no los avisos) que impiden jugar el escenario."""
    from simulador.validacion import comprobar_escenario

    return [i for i in comprobar_escenario(cargado, senales_extra) if i.nivel == "error"]
