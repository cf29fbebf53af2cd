"""Errores de pydantic → mensajes en español con sugerencias «¿quiso decir…?»."""

from __future__ import annotations

import datetime
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from rapidfuzz import fuzz, process

from simulador.carga.lector import Documento
from simulador.formatos.base import desenvolver
from simulador.incidencias import Clave, Incidencia, una_linea

_MENSAJES: dict[str, str] = {
    "string_type": "debe ser un texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero, sin decimales",
    "float_type": "debe ser un número",
    "float_parsing": "debe ser un número",
    "bool_type": "debe ser true o false",
    "bool_parsing": "debe ser true o false",
    "list_type": "debe ser una lista (cada elemento en su línea, empezando por «- »)",
    "dict_type": "debe ser un bloque de claves y valores",
    "model_type": "debe ser un bloque de claves y valores",
    "model_attributes_type": "debe ser un bloque de claves y valores",
    "string_too_short": "no puede estar vacío",
    "string_too_long": "es demasiado largo (máximo {max_length} caracteres)",
    "greater_than_equal": "debe ser como mínimo {ge}",
    "less_than_equal": "debe ser como máximo {le}",
    "greater_than": "debe ser mayor que {gt}",
    "less_than": "debe ser menor que {lt}",
    "string_pattern_mismatch": "solo puede llevar minúsculas sin tildes, cifras, «-» y «_», "
    "y empezar por una letra o cifra",
    "finite_number": "debe ser un número finito",
}


def sugerir(valor: object, opciones: Iterable[str], umbral: float = 60) -> str | None:
    """La opción más parecida a lo escrito, si se parece lo bastante."""
    if not isinstance(valor, str):
        return None
    mejor = process.extractOne(valor, list(opciones), scorer=fuzz.ratio, score_cutoff=umbral)
    return mejor[0] if mejor else None


def campos_en(modelo: type[BaseModel], clave: Sequence[str | int]) -> list[str]:
    """Las claves válidas del bloque al que apunta `clave` dentro de `modelo`."""
    return [
        nombre
        for tipo in tipos_en(modelo, clave)
        if isinstance(tipo, type) and issubclass(tipo, BaseModel)
        for nombre in tipo.model_fields
    ]


def tipos_en(modelo: type[BaseModel], clave: Sequence[str | int]) -> list[Any]:
    """Los tipos que admite la posición `clave` dentro de `modelo`."""
    tipos: list[Any] = [modelo]
    for parte in clave:
        siguientes: list[Any] = []
        for tipo in tipos:
            for t in desenvolver(tipo):
                origen = typing.get_origin(t)
                if isinstance(t, type) and issubclass(t, BaseModel):
                    campo = t.model_fields.get(str(parte))
                    if campo is not None:
                        siguientes.extend(desenvolver(campo.annotation))
                elif origen is list and isinstance(parte, int):
                    siguientes.extend(desenvolver(typing.get_args(t)[0]))
                elif origen is dict:
                    siguientes.extend(desenvolver(typing.get_args(t)[1]))
        tipos = siguientes
    return [t for tipo in tipos for t in desenvolver(tipo)]


def _acepta_texto(modelo: type[BaseModel], clave: Sequence[str | int]) -> bool:
    """¿Vale un texto suelto en esa posición? (una línea del cliente, una señal…)"""
    for tipo in tipos_en(modelo, clave):
        if tipo is str:
            return True
        if isinstance(tipo, type) and issubclass(tipo, BaseModel):
            try:
                tipo.model_validate("texto")
            except (ValidationError, TypeError, ValueError):
                continue
            return True
    return False


def _visible(valor: object, original: str | None = None) -> str:
    """El valor tal como lo escribió el formador, no como lo ve Python."""
    if original is not None:
        texto = original
    elif isinstance(valor, bool):
        texto = "true" if valor else "false"
    elif valor is None:
        texto = ""
    elif isinstance(valor, datetime.date):
        texto = valor.isoformat()
    elif isinstance(valor, str):
        texto = valor
    else:
        texto = str(valor)
    texto = una_linea(texto)
    return texto if len(texto) <= 40 else texto[:37] + "…"


def _como_lee_yaml(valor: object) -> str | None:
    """Si YAML convirtió en otra cosa algo que quizá era un texto, en qué lo convirtió."""
    if isinstance(valor, bool):
        return "verdadero" if valor else "falso"
    if isinstance(valor, int | float):
        return "un número"
    if isinstance(valor, datetime.date):
        return "una fecha"
    return None


def _encontrado(valor: object, original: str | None, espera_texto: bool) -> str:
    """« (se encontró …)», con la pista de las comillas cuando hace falta."""
    if valor is None:
        return " (está vacío)"
    if isinstance(valor, list):
        return " (se encontró una lista)"
    if isinstance(valor, dict):
        return " (se encontró un bloque de claves y valores)"
    visible = _visible(valor, original)
    como = _como_lee_yaml(valor)
    if espera_texto and como:
        return (f" (se encontró «{visible}», que YAML lee como {como}: si es un texto, "
                f"póngalo entre comillas: \"{visible}\")")
    return f" (se encontró «{visible}»)"


def _limpiar_clave(loc: Sequence[str | int]) -> Clave:
    # pydantic añade «[key]» al validar la clave de un diccionario.
    return tuple(parte for parte in loc if parte != "[key]")


def traducir(error: ErrorDetails, modelo: type[BaseModel],
             originales: Mapping[Clave, str] | None = None) -> tuple[Clave, str]:
    """Un error de pydantic → (clave, mensaje en español).

    `originales`: el texto tal como se escribió de los valores que YAML no leyó
    como texto (`No` → False), para citarlo en el mensaje.
    """
    clave = _limpiar_clave(error["loc"])
    tipo = error["type"]
    ctx = error.get("ctx") or {}
    entrada = error.get("input")
    original = (originales or {}).get(clave)
    if tipo == "missing":
        return clave, f"falta la clave obligatoria «{clave[-1]}»"
    if tipo == "extra_forbidden":
        validas = campos_en(modelo, clave[:-1])
        nombre = str(clave[-1])
        mensaje = f"la clave «{_visible(nombre)}» no existe aquí"
        parecida = sugerir(nombre, validas)
        if parecida:
            mensaje += f". ¿Quiso decir «{parecida}»?"
        if validas:
            mensaje += f" (claves válidas: {', '.join(validas)})"
        return clave, mensaje
    if tipo == "literal_error":
        opciones = [o.strip().strip("'") for o in str(ctx.get("expected", "")).replace(
            " or ", ",").split(",") if o.strip()]
        if entrada is None:
            return clave, "está vacío; debe ser uno de: " + ", ".join(opciones)
        mensaje = f"«{_visible(entrada, original)}» no es un valor válido; debe ser uno de: " \
            + ", ".join(opciones)
        parecida = sugerir(_visible(entrada, original), opciones)
        if parecida:
            mensaje += f". ¿Quiso decir «{parecida}»?"
        return clave, mensaje
    if tipo == "too_short":
        if ctx.get("field_type") == "Dictionary":
            return clave, "el bloque no puede estar vacío"
        return clave, "la lista no puede estar vacía"
    if tipo in ("model_type", "model_attributes_type", "dict_type") and not isinstance(
        entrada, dict
    ) and _acepta_texto(modelo, clave):
        return clave, "debe ser un texto" + _encontrado(
            entrada, original, espera_texto=True)
    if tipo == "value_error":
        return clave, str(ctx.get("error", error["msg"]))
    plantilla = _MENSAJES.get(tipo)
    mensaje = plantilla.format(**ctx) if plantilla else error["msg"]
    if entrada is None:
        return clave, f"está vacío: {mensaje}"
    if tipo not in ("string_pattern_mismatch", "string_too_short"):
        mensaje += _encontrado(entrada, original, espera_texto=tipo == "string_type")
    return clave, mensaje


def _erratas_de_obligatorias(errores: Sequence[ErrorDetails],
                             modelo: type[BaseModel]) -> dict[Clave, Clave]:
    """Cada clave desconocida que es la errata de una obligatoria que falta en el mismo
    bloque («descripcon» por «descripcion»), con la clave que falta."""
    faltan = {_limpiar_clave(e["loc"]) for e in errores if e["type"] == "missing"}
    erratas: dict[Clave, Clave] = {}
    for error in errores:
        if error["type"] != "extra_forbidden":
            continue
        clave = _limpiar_clave(error["loc"])
        parecida = sugerir(str(clave[-1]), campos_en(modelo, clave[:-1]))
        if parecida is not None and (*clave[:-1], parecida) in faltan:
            erratas[clave] = (*clave[:-1], parecida)
    return erratas


def incidencias_de(exc: ValidationError, doc: Documento,
                   modelo: type[BaseModel]) -> list[Incidencia]:
    """Todas las incidencias de una validación fallida, con su posición en el archivo."""
    resultado: list[Incidencia] = []
    vistas: set[tuple[Clave, str]] = set()
    errores = exc.errors(include_url=False)
    erratas = _erratas_de_obligatorias(errores, modelo)
    for error in errores:
        clave, mensaje = traducir(error, modelo, doc.originales)
        if error["type"] == "missing" and clave in erratas.values():
            continue  # ya lo dice la clave mal escrita: una errata, un error
        if clave in erratas:
            sugerencia = f"¿Quiso decir «{erratas[clave][-1]}»?"
            mensaje = mensaje.replace(sugerencia, f"{sugerencia} Es obligatoria y falta.")
        if (clave, mensaje) in vistas:
            continue
        vistas.add((clave, mensaje))
        # Una clave que falta se señala en el bloque que debería contenerla.
        sitio = clave[:-1] if error["type"] == "missing" else clave
        pos = doc.posicion(sitio)
        resultado.append(Incidencia(
            archivo=doc.nombre, mensaje=mensaje, linea=pos.linea if pos else None,
            columna=pos.columna if pos else None, clave=clave))
    # En el orden del archivo: el formador las corrige de arriba abajo.
    resultado.sort(key=lambda i: (i.linea or 0, i.columna or 0))
    return resultado
