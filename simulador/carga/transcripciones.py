"""Leer transcripciones: JSONL (una conversación por línea), o una sola en JSON o YAML.

Una línea mal formada no detiene la lectura: se informa con su número de
línea y se sigue con las demás.
"""

from __future__ import annotations

import filecmp
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel, ValidationError

from simulador.carga.lector import leer_yaml
from simulador.carga.traductor import sugerir, traducir
from simulador.formatos.senales import SENALES_AGENTE, SENALES_CLIENTE
from simulador.formatos.transcripcion import EtiquetasConversacion, Transcripcion
from simulador.incidencias import (
    Clave,
    ErrorDeArchivo,
    Incidencia,
    formatear_clave,
    motivo_de_lectura,
    nombre_visible,
)

LIMITE_LINEA = 5 * 1024 * 1024


@dataclass(frozen=True)
class Leida:
    """Una línea de la entrada: su transcripción o el problema que tiene."""

    linea: int
    transcripcion: Transcripcion | None = None
    incidencia: Incidencia | None = None


def explicar(exc: ValidationError, modelo: type[BaseModel] = Transcripcion,
             dentro_de: Clave = ()) -> str:
    """Los errores de pydantic en español, con su clave (`dentro_de`: dónde está el trozo
    validado dentro de la línea, p. ej. («etiquetas»,))."""
    partes = []
    for error in exc.errors(include_url=False)[:3]:
        clave, mensaje = traducir(error, modelo)
        partes.append(f"«{formatear_clave((*dentro_de, *clave))}»: {mensaje}" if clave
                      else mensaje)
    return "; ".join(partes)


class _ConstanteNoJson(ValueError):
    pass


def _constante_no_json(nombre: str) -> float:
    """Python lee NaN e Infinity, pero no son JSON: otra herramienta no los leería."""
    raise _ConstanteNoJson(nombre)


def _desde_texto(archivo: str, numero: int, texto: str) -> Leida:
    try:
        # Camino rápido: pydantic lee y valida el JSON de una vez. Si falla, se repite
        # por el camino lento para explicar el error con precisión.
        transcripcion = Transcripcion.model_validate_json(texto)
    except (ValidationError, ValueError, RecursionError):
        pass
    else:
        if transcripcion.id == "sin-id":
            transcripcion = transcripcion.model_copy(update={"id": f"linea-{numero}"})
        return Leida(numero, transcripcion)
    try:
        datos = json.loads(texto, parse_constant=_constante_no_json)
    except json.JSONDecodeError as exc:
        return Leida(numero, incidencia=Incidencia(
            archivo, f"no es JSON válido ({exc.msg}, columna {exc.colno})", numero, exc.colno))
    except _ConstanteNoJson as exc:
        return Leida(numero, incidencia=Incidencia(
            archivo, f"no es JSON válido: «{exc}» no existe en JSON (escriba un número o "
            "un texto entre comillas)", numero))
    except RecursionError:
        return Leida(numero, incidencia=Incidencia(archivo, "JSON anidado en exceso", numero))
    if not isinstance(datos, dict):
        return Leida(numero, incidencia=Incidencia(
            archivo, "cada línea debe ser un objeto JSON con «turnos»", numero, 1))
    try:
        transcripcion = Transcripcion.model_validate(datos)
    except ValidationError as exc:
        return Leida(numero, incidencia=Incidencia(archivo, explicar(exc), numero))
    if transcripcion.id == "sin-id":
        transcripcion = transcripcion.model_copy(update={"id": f"linea-{numero}"})
    return Leida(numero, transcripcion)


def leer_linea(archivo: str, numero: int, linea: str) -> Leida | None:
    """Una línea de JSONL ya leída; None si está en blanco (se salta sin aviso)."""
    if not linea.strip():
        return None
    if len(linea) > LIMITE_LINEA:
        return Leida(numero, incidencia=Incidencia(
            archivo, f"la línea supera {LIMITE_LINEA // (1024 * 1024)} MB", numero))
    return _desde_texto(archivo, numero, linea)


def leer_lineas(flujo: TextIO, archivo: str) -> Iterator[Leida]:
    for numero, linea in enumerate(flujo, start=1):
        if numero == 1 and linea.startswith("\ufeff"):
            linea = linea[1:]  # la marca de orden de bytes no es parte de la línea
        leida = leer_linea(archivo, numero, linea)
        if leida is not None:
            yield leida


def error_de_lectura(nombre: str, exc: OSError | UnicodeDecodeError) -> ErrorDeArchivo:
    """El error de un archivo que no se puede abrir o leer entero, explicado."""
    return ErrorDeArchivo([Incidencia(nombre, motivo_de_lectura(exc))])


def leer_transcripciones(entrada: str) -> Iterator[Leida]:
    """`entrada`: ruta a .jsonl/.json/.yaml, o «-» para la entrada estándar."""
    if entrada == "-":
        yield from leer_lineas(sys.stdin, "<entrada estándar>")
        return
    ruta = Path(entrada)
    nombre = nombre_visible(ruta)
    if ruta.suffix.lower() in (".yaml", ".yml"):
        documento = leer_yaml(ruta)
        try:
            yield Leida(1, Transcripcion.model_validate(documento.datos))
        except ValidationError as exc:
            raise ErrorDeArchivo([documento.incidencia((), explicar(exc))]) from None
        return
    try:
        with ruta.open(encoding="utf-8-sig", errors="strict", newline="") as flujo:
            primero = flujo.read(1)
            flujo.seek(0)
            if ruta.suffix.lower() == ".json" and primero in "{[":
                texto = flujo.read()
                if "\n" in texto.strip():
                    yield _desde_texto(nombre, 1, texto)
                    return
                flujo.seek(0)  # una sola línea: se lee como JSONL
            yield from leer_lineas(flujo, nombre)
    except (OSError, UnicodeDecodeError) as exc:
        raise error_de_lectura(nombre, exc) from None


@dataclass
class Autor:
    """Las conversaciones etiquetadas de un archivo: cada archivo es un autor."""

    nombre: str
    conversaciones: list[Transcripcion]


def _mismo_archivo(a: str, b: str) -> bool:
    """¿El mismo contenido? Una copia o un enlace duro es el mismo autor. `filecmp` mira
    primero el tamaño: solo lee los dos archivos si miden lo mismo."""
    try:
        return filecmp.cmp(a, b, shallow=False)
    except OSError:
        return False  # el error se explicará al leerlo


def sin_repetir(entradas: list[str], avisar: Callable[[str], None]) -> tuple[list[str], int]:
    """Los archivos de entrada sin repetir, y cuántos se quitaron.

    El mismo archivo dos veces (por otra ruta, un enlace o una copia) no son dos autores:
    con la validación cruzada, el autor «apartado» estaría también en el entrenamiento.
    """
    unicas: list[str] = []
    for entrada in entradas:
        igual = next((u for u in unicas if u == entrada or (
            "-" not in (u, entrada) and _mismo_archivo(u, entrada))), None)
        if igual is not None:
            avisar(f"Aviso: {entrada} está repetido" + (f" (es igual que {igual})"
                                                        if igual != entrada else "")
                   + ": se lee una sola vez.")
            continue
        unicas.append(entrada)
    return unicas, len(entradas) - len(unicas)


# Las señales del contrato por rol: lo que admite un archivo etiquetado si la rúbrica no
# añade las suyas.
SENALES_DEL_CONTRATO: Mapping[str, Sequence[str]] = {"agente": SENALES_AGENTE,
                                                     "cliente": SENALES_CLIENTE}


def etiquetas_mal(etiquetas: EtiquetasConversacion, roles: Sequence[str] | None,
                  senales: Mapping[str, Sequence[str]] = SENALES_DEL_CONTRATO) -> str | None:
    """Por qué unas etiquetas no se pueden medir, o None.

    Una señal o una clave mal escrita no debe pasar por «sin etiquetar»: falsearía las
    cifras sin que nadie lo note. `roles`: el de cada turno, si se conocen (las etiquetas
    de un segundo anotador llegan sin la conversación: vale una señal de cualquier rol).
    """
    claves = list(EtiquetasConversacion.model_fields)
    for clave in etiquetas.model_extra or {}:
        pista = sugerir(clave, claves)
        return (f"«etiquetas»: clave desconocida «{clave}»"
                + (f" (¿quiso decir «{pista}»?)" if pista
                   else f"; las que valen son: {', '.join(claves)}"))
    if roles is not None and len(etiquetas.turnos) != len(roles):
        return (f"«etiquetas.turnos» tiene {len(etiquetas.turnos)} entrada(s) y la "
                f"conversación {len(roles)} turno(s): tiene que haber una "
                "por turno, en el mismo orden")
    todas = [s for validas in senales.values() for s in validas]
    for numero, etiqueta in enumerate(etiquetas.turnos, start=1):
        rol = roles[numero - 1] if roles is not None else None
        validas = senales.get(rol, ()) if rol is not None else todas
        for clave in etiqueta:
            if clave in validas:
                continue
            pista = sugerir(clave, validas)
            return (f"«etiquetas.turnos[{numero}]»: «{clave}» no es una señal"
                    + (f" del {rol}" if rol is not None else "")
                    + (f" (¿quiso decir «{pista}»?)" if pista
                       else f"; las que valen son: {', '.join(validas)}"))
    return None


def leer_autores(entradas: list[str], avisar: Callable[[str], None],
                 senales: Mapping[str, Sequence[str]] | None = None
                 ) -> tuple[list[Autor], int]:
    """Las conversaciones etiquetadas de cada archivo, y cuántos problemas hubo.

    `senales`: las etiquetas que admite el turno de cada rol (las del contrato si no se
    dan; una rúbrica con señales propias pasa las suyas).

    Una línea sin `etiquetas` o con errores se avisa con su sitio y se salta; un archivo
    sin ninguna conversación etiquetada, o repetido, se avisa y se deja fuera.
    """
    if senales is None:
        senales = SENALES_DEL_CONTRATO
    autores: list[Autor] = []
    unicas, saltadas = sin_repetir(entradas, avisar)
    ids: dict[str, str] = {}
    for entrada in unicas:
        autor = Autor(Path(entrada).stem if entrada != "-" else "entrada", [])
        nombre = "<entrada estándar>" if entrada == "-" else nombre_visible(Path(entrada))
        leidas = 0
        for leida in leer_transcripciones(entrada):
            leidas += 1
            motivo: Incidencia | str | None = leida.incidencia
            if leida.transcripcion is None or leida.transcripcion.etiquetas is None:
                motivo = motivo or f"{nombre}:{leida.linea}: no tiene «etiquetas»"
            elif (mal := etiquetas_mal(leida.transcripcion.etiquetas,
                                       [turno.rol for turno in leida.transcripcion.turnos],
                                       senales)) is not None:
                motivo = Incidencia(nombre, mal, leida.linea)
            if motivo is not None or leida.transcripcion is None:
                saltadas += 1
                avisar(f"{motivo}; se salta esta línea")
                continue
            identificador = leida.transcripcion.id
            if identificador in ids:
                saltadas += 1
                avisar(f"{nombre}:{leida.linea}: el id «{identificador}» ya está en "
                       f"{ids[identificador]}; se salta esta línea")
                continue
            ids[identificador] = f"{nombre}:{leida.linea}"
            autor.conversaciones.append(leida.transcripcion)
        if autor.conversaciones:
            autores.append(autor)
        elif not leidas:
            saltadas += 1
            avisar(f"{nombre}: está vacío, no tiene ninguna conversación; se deja fuera")
    return autores, saltadas
