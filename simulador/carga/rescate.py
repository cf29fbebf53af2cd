"""Lo que se salva de un archivo que no cumple el esquema.

Si una clave de primer nivel está mal escrita, el resto del escenario sigue
siendo revisable: aquí se construye el modelo con todo lo que sí vale, para
que `validar` diga también los errores del grafo y de las señales en la
misma pasada y el formador no tenga que ir y volver.

El modelo rescatado no está validado: cada parte que no valía se sustituye por
su valor por defecto o, si es obligatoria, por None. Solo sirve para revisar.
"""

from __future__ import annotations

import functools
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.errors import PydanticUserError

from simulador.formatos.base import desenvolver

M = TypeVar("M", bound=BaseModel)

_FALTA = object()


def rescatar(modelo: type[M], datos: object) -> M:
    """El `modelo` con lo que valga de `datos`; lo que no vale, por defecto o None."""
    rescatado = _rescatar_modelo(modelo, datos)
    return typing.cast(M, rescatado)


def _rescatar_modelo(modelo: type[BaseModel], datos: object) -> BaseModel:
    try:
        return modelo.model_validate(datos)
    except (ValidationError, ValueError, TypeError):
        pass
    crudos = datos if isinstance(datos, dict) else {}
    valores: dict[str, Any] = {}
    for nombre, campo in modelo.model_fields.items():
        valor: Any = _FALTA
        if nombre in crudos:
            valor = _rescatar_valor(modelo, nombre, crudos[nombre])
        if valor is _FALTA:
            valor = None if campo.is_required() else campo.get_default(
                call_default_factory=True, validated_data=valores)
        valores[nombre] = valor
    return modelo.model_construct(**valores)


def _rescatar_valor(padre: type[BaseModel], nombre: str, crudo: object) -> Any:
    """El valor de un campo validado por sí solo, o lo que se salve de dentro."""
    try:
        return _adaptador(padre, nombre).validate_python(crudo)
    except (ValidationError, ValueError, TypeError):
        pass
    return _rescatar_tipo(padre.model_fields[nombre].annotation, crudo)


def _rescatar_tipo(tipo: Any, crudo: object) -> Any:
    """Dentro de listas, diccionarios y modelos: cada elemento por separado."""
    opciones = [t for t in desenvolver(tipo) if t is not type(None)]
    if len(opciones) != 1:
        return _FALTA
    [tipo] = opciones
    origen = typing.get_origin(tipo)
    if isinstance(tipo, type) and issubclass(tipo, BaseModel):
        return _rescatar_modelo(tipo, crudo)
    if origen is list and isinstance(crudo, list):
        [interior] = typing.get_args(tipo)
        # Cada posición se conserva (aunque no valga) para que las claves de los demás
        # errores («transiciones[3]») sigan señalando el elemento correcto.
        return [_rescatar_elemento(interior, x) for x in crudo]
    if origen is dict and isinstance(crudo, dict):
        _, interior = typing.get_args(tipo)
        return {str(k): _rescatar_elemento(interior, v) for k, v in crudo.items()}
    return _FALTA


def _rescatar_elemento(tipo: Any, crudo: object) -> Any:
    try:
        return _adaptador_de_tipo(tipo).validate_python(crudo)
    except (ValidationError, ValueError, TypeError):
        pass
    rescatado = _rescatar_tipo(tipo, crudo)
    return None if rescatado is _FALTA else rescatado


@functools.cache
def _adaptador(padre: type[BaseModel], nombre: str) -> TypeAdapter[Any]:
    """Valida un campo suelto con las restricciones y la configuración de su modelo."""
    anotacion = padre.model_fields[nombre].rebuild_annotation()
    config = padre.model_config
    propia = ConfigDict(str_strip_whitespace=config.get("str_strip_whitespace", False),
                        coerce_numbers_to_str=config.get("coerce_numbers_to_str", False))
    try:
        return TypeAdapter(anotacion, config=propia)
    except PydanticUserError:  # un modelo dentro: ya trae su configuración
        return TypeAdapter(anotacion)


@functools.cache
def _adaptador_de_tipo(tipo: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tipo)
