"""JSON Schema de los formatos, para que el editor autocomplete y subraye errores."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, get_args

from pydantic import BaseModel

from simulador.formatos.escenario import Escenario
from simulador.formatos.lexico import Lexico
from simulador.formatos.rubrica import Rubrica
from simulador.formatos.senales import SENALES_AGENTE, SENALES_CLIENTE

# Modelos que en YAML también aceptan un texto suelto (validador «before»).
_ACEPTAN_TEXTO = {"Linea", "Condicion", "PuntoClave"}


def _formatos() -> dict[str, type[BaseModel]]:
    # rubricas/estandar.yaml enlaza esquemas/rubrica.schema.json: sin él, el editor
    # del formador no autocompleta ni subraya nada en la rúbrica.
    return {"escenario": Escenario, "rubrica": Rubrica, "lexico": Lexico}


FORMATOS = tuple(_formatos())


def _numeros_como_texto(definicion: dict[str, Any]) -> None:
    """Un modelo que acepta números donde pide texto («version: 1.0», «numero: 4411»):
    el esquema también, para que el editor no lo marque en rojo si validar lo acepta."""
    for propiedad in definicion.get("properties", {}).values():
        for opcion in [propiedad, *propiedad.get("anyOf", [])]:
            if opcion.get("type") == "string" and not opcion.keys() & {"enum", "const"}:
                opcion["type"] = ["string", "number"]


def _modelos(modelo: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Cada modelo al que llega el formato, por su nombre en «$defs»."""
    vistos: dict[str, type[BaseModel]] = {}
    pendientes = [modelo]
    while pendientes:
        actual = pendientes.pop()
        if actual.__name__ in vistos:
            continue
        vistos[actual.__name__] = actual
        for campo in actual.model_fields.values():
            for tipo in _tipos(campo.annotation):
                if isinstance(tipo, type) and issubclass(tipo, BaseModel):
                    pendientes.append(tipo)
    return vistos


def _tipos(anotacion: Any) -> Iterator[Any]:
    yield anotacion
    for argumento in get_args(anotacion):
        yield from _tipos(argumento)


def _con_senales(opcion: dict[str, Any], senales: tuple[str, ...]) -> dict[str, Any]:
    """Un texto que suele ser el nombre de una señal: el editor las ofrece al escribir, y
    una señal propia de una rúbrica (que el editor no conoce) sigue siendo válida."""
    return {"anyOf": [{"enum": list(senales)}, opcion]}


def _sugerir_senales(datos: dict[str, Any], formato: str) -> None:
    definiciones = datos.get("$defs", {})
    if formato == "escenario" and "Condicion" in definiciones:
        condicion = definiciones["Condicion"]
        senal = condicion["properties"]["senal"]
        senal["anyOf"] = [_con_senales(o, SENALES_AGENTE) if o.get("type") == "string"
                          else o for o in senal["anyOf"]]
    if formato == "rubrica" and "Criterio" in definiciones:
        senal = definiciones["Criterio"]["properties"]["senal"]
        senal["anyOf"] = [_con_senales(o, (*SENALES_AGENTE, *SENALES_CLIENTE))
                          if o.get("type") == "string" else o for o in senal["anyOf"]]


def esquema(formato: str) -> dict[str, Any]:
    modelo = _formatos()[formato]
    datos = modelo.model_json_schema()
    modelos = _modelos(modelo)
    for nombre, clase in modelos.items():
        if clase.model_config.get("coerce_numbers_to_str"):
            _numeros_como_texto(datos if clase is modelo else datos["$defs"].get(nombre, {}))
    _sugerir_senales(datos, formato)
    for nombre, definicion in datos.get("$defs", {}).items():
        if nombre in _ACEPTAN_TEXTO:
            texto: dict[str, Any] = {"type": "string"}
            if nombre == "Condicion":  # «si: disculpa»: el texto suelto es una señal
                texto = _con_senales(texto, SENALES_AGENTE)
            datos["$defs"][nombre] = {"anyOf": [texto, definicion]}
    datos["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    datos["title"] = f"simulador: {formato}"
    return datos


def esquema_json(formato: str) -> str:
    return json.dumps(esquema(formato), ensure_ascii=False, indent=2) + "\n"
