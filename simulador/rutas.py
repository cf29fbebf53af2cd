"""Dónde vive cada cosa: datos del usuario y contenido incluido en el paquete.

Nada se escribe dentro del paquete instalado ni en la carpeta actual: los
datos van a la carpeta de datos del usuario (platformdirs), o a la que se
indique con `--datos` o con la variable de entorno SIMULADOR_DATOS. La
rúbrica compilada, que se puede borrar sin perder nada, va a la carpeta de
caché del sistema (o a SIMULADOR_CACHE); con una carpeta de datos propia, a
su subcarpeta `cache`, para que esa carpeta lo tenga todo junto.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

VARIABLE_DATOS = "SIMULADOR_DATOS"
VARIABLE_CACHE = "SIMULADOR_CACHE"
ARCHIVO_PREFERENCIAS = "preferencias.json"
_RAIZ_FUENTES = Path(__file__).resolve().parent.parent


def directorio_datos(explicito: Path | None = None) -> Path:
    """La carpeta de datos del usuario; no se crea hasta que haga falta escribir."""
    if explicito is not None:
        return explicito.expanduser()
    desde_entorno = os.environ.get(VARIABLE_DATOS)
    if desde_entorno:
        return Path(desde_entorno).expanduser()
    return user_data_path("simulador", appauthor=False)


def directorio_cache() -> Path:
    """Donde se guarda la rúbrica compilada (se puede borrar: se vuelve a compilar)."""
    desde_entorno = os.environ.get(VARIABLE_CACHE)
    if desde_entorno:
        return Path(desde_entorno).expanduser()
    if os.environ.get(VARIABLE_DATOS):
        return directorio_datos() / "cache"
    return user_cache_path("simulador", appauthor=False)


def en_navegador() -> bool:
    """¿Corre la interfaz en un navegador (textual-serve pone su controlador web)?"""
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def incluido(nombre: str) -> Path:
    """Carpeta de contenido incluido (escenarios, rubricas, lexicos, esquemas).

    Instalado como rueda, está dentro del paquete; instalado en modo editable
    o usado desde el repositorio, está en la raíz del proyecto.
    """
    dentro = Path(str(resources.files("simulador"))) / "incluidos" / nombre
    if dentro.is_dir():
        return dentro
    return _RAIZ_FUENTES / nombre


def escenarios_incluidos() -> Path:
    return incluido("escenarios")


def rubricas_incluidas() -> Path:
    return incluido("rubricas")


LEXICO_INCLUIDO = "espanol.yaml"


def lexicos_incluidos() -> Path:
    return incluido("lexicos")


def guias() -> Path:
    """Las guías (escenarios, rúbricas, transcripciones), también en el paquete instalado."""
    return incluido("docs")
