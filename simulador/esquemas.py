"""JSON Schema de los formatos, para que el editor autocomplete y subraye errores."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from simulador.formatos.escenario import Escenario
from simulador.formatos.lexico import Lexico
from simulador.formatos.rubrica import Rubrica

# Modelos que en YAML también aceptan un texto suelto (validador «before»).
_ACEPTAN_TEXTO = {"Linea", "Condicion", "PuntoClave"}


def _formatos() -> dict[str, type[BaseModel]]:
    # rubricas/estandar.yaml enlaza esquemas/rubrica.schema.json: sin él, el editor
    # del formador no autocompleta ni subraya nada en la rúbrica.
    return {"escenario": Escenario, "rubrica": Rubrica, "lexico": Lexico}


FORMATOS = tuple(_formatos())


def esquema(formato: str) -> dict[str, Any]:
    modelo = _formatos()[formato]
    datos = modelo.model_json_schema()
    for nombre, definicion in datos.get("$defs", {}).items():
        if nombre in _ACEPTAN_TEXTO:
            datos["$defs"][nombre] = {"anyOf": [{"type": "string"}, definicion]}
    datos["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    datos["title"] = f"simulador: {formato}"
    return datos


def esquema_json(formato: str) -> str:
    return json.dumps(esquema(formato), ensure_ascii=False, indent=2) + "\n"
