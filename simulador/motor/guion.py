"""Guiones de respuestas: jugar una sesión entera desde un archivo de texto.

Una respuesta por línea; `/terminar TEXTO` termina la relación con esa
despedida; `/esperar SEGUNDOS` es quedarse callado (se adelanta el reloj y
el cliente insiste si toca). Las líneas en blanco y las que empiezan por
`#` no cuentan; una respuesta que empiece por «/» se escribe con «//».
Los errores se dan todos juntos y con su número de línea, antes de jugar
nada.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from simulador.carga import sugerir
from simulador.incidencias import (
    ErrorDeArchivo,
    Incidencia,
    nombre_visible,
    razon_del_sistema,
    una_linea,
)
from simulador.motor.eventos import Evento
from simulador.motor.sesion import Sesion, es_vacia

LIMITE_BYTES = 5 * 1024 * 1024
MAXIMO_ESPERA = 3600
ORDENES = ("/terminar", "/esperar")
_NUMERO = re.compile(r"^\d+(?:[.,]\d+)?$")

TipoPaso = Literal["responder", "terminar", "esperar"]


@dataclass(frozen=True)
class Paso:
    linea: int
    tipo: TipoPaso
    texto: str = ""
    segundos: float = 0.0


def interpretar_linea(numero: int, bruta: str) -> Paso | str | None:
    """Un paso, un mensaje de error o None (línea que no cuenta)."""
    linea = bruta.strip()
    if not linea or linea.startswith("#"):
        return None
    if linea.startswith("//"):  # una respuesta que empieza por «/» se escribe con «//»
        linea = linea[1:]
    elif linea.startswith("/"):
        return _orden(numero, linea)
    if es_vacia(linea):
        return "la respuesta está vacía (solo tiene caracteres invisibles): no se envía"
    return Paso(numero, "responder", linea)


def _orden(numero: int, linea: str) -> Paso | str:
    orden, *resto_lista = linea.split(maxsplit=1)
    resto = resto_lista[0].strip() if resto_lista else ""
    if orden == "/terminar":
        if es_vacia(resto):
            return ("«/terminar» necesita el texto de la despedida, por ejemplo: /terminar "
                    "Doy por terminada la conversación. Que tenga buen día.")
        return Paso(numero, "terminar", resto)
    if orden == "/esperar":
        if not _NUMERO.match(resto):
            return (f"«/esperar» necesita un número de segundos (por ejemplo /esperar 60), no "
                    f"«{una_linea(resto)}»")
        segundos = float(resto.replace(",", "."))
        if not 0 < segundos <= MAXIMO_ESPERA:
            return f"«/esperar» admite de 1 a {MAXIMO_ESPERA} segundos"
        return Paso(numero, "esperar", segundos=segundos)
    parecida = sugerir(orden, ORDENES, umbral=50)
    return (f"orden desconocida «{una_linea(orden)}»"
            + (f". ¿Quiso decir «{parecida}»?" if parecida else "")
            + " (órdenes: /terminar TEXTO, /esperar SEGUNDOS)")


def leer_texto(texto: str, nombre: str = "guion") -> list[Paso]:
    """Los pasos de un guion ya leído; ErrorDeArchivo con todos sus errores."""
    pasos: list[Paso] = []
    errores: list[Incidencia] = []
    for numero, bruta in enumerate(texto.splitlines(), start=1):
        leido = interpretar_linea(numero, bruta)
        if isinstance(leido, str):
            errores.append(Incidencia(nombre, leido, numero))
        elif leido is not None:
            pasos.append(leido)
    if errores:
        raise ErrorDeArchivo(errores)
    if not any(p.tipo != "esperar" for p in pasos):
        raise ErrorDeArchivo([Incidencia(nombre, "el guion no tiene ninguna respuesta: escriba "
                                         "una respuesta por línea")])
    return pasos


def leer_guion(ruta: Path) -> list[Paso]:
    """Lee un archivo de guion (UTF-8)."""
    nombre = nombre_visible(ruta)
    try:
        if ruta.is_dir():
            raise ErrorDeArchivo([Incidencia(nombre, "es una carpeta, no un archivo de guion")])
        if ruta.stat().st_size > LIMITE_BYTES:
            raise ErrorDeArchivo([Incidencia(nombre, "el guion es demasiado grande (más de "
                                             f"{LIMITE_BYTES // (1024 * 1024)} MB)")])
        texto = ruta.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ErrorDeArchivo([Incidencia(nombre, "no existe ese archivo de guion")]) from None
    except UnicodeDecodeError as exc:
        linea = ruta.read_bytes()[: exc.start].count(b"\n") + 1
        raise ErrorDeArchivo([Incidencia(nombre, "el guion no está en UTF-8: guárdelo con esa "
                                         "codificación", linea)]) from None
    except OSError as exc:
        raise ErrorDeArchivo([Incidencia(nombre, f"no se puede leer ({razon_del_sistema(exc)})")]
                             ) from None
    return leer_texto(texto, nombre)


def ejecutar_paso(sesion: Sesion, paso: Paso) -> list[Evento]:
    """Aplica un paso a la sesión y devuelve los eventos que provoca."""
    if paso.tipo == "esperar":
        return sesion.esperar(paso.segundos)
    if paso.tipo == "terminar":
        return sesion.terminar_relacion(paso.texto)
    return sesion.responder(paso.texto)


def reproducir(sesion: Sesion, pasos: list[Paso]) -> Iterator[tuple[Paso, list[Evento]]]:
    """Juega los pasos en orden hasta acabarlos o hasta que termine la conversación."""
    for paso in pasos:
        if sesion.terminada:
            return
        yield paso, ejecutar_paso(sesion, paso)


def jugar_guion(sesion: Sesion, pasos: list[Paso]) -> int:
    """Inicia (si hace falta) y juega el guion entero; devuelve cuántos pasos se usaron."""
    if not sesion.iniciada:
        sesion.iniciar()
    return sum(1 for _ in reproducir(sesion, pasos))
