"""Base común: un formador que se equivoca en una clave debe enterarse."""

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator


def desenvolver(tipo: Any) -> list[Any]:
    """Los tipos que admite un campo, sin Annotated ni uniones (Optional incluido):
    `Annotated[int, Field(ge=1)] | None` → [int, NoneType]."""
    origen = get_origin(tipo)
    if origen is Annotated:
        return desenvolver(get_args(tipo)[0])
    if origen in (Union, types.UnionType):
        return [t for arg in get_args(tipo) for t in desenvolver(arg)]
    return [tipo]


def _es_numero(tipo: Any) -> bool:
    """¿Es un número (int o float), quizá opcional o con restricciones (Annotated)?"""
    return any(t in (int, float) for t in desenvolver(tipo))


class Modelo(BaseModel):
    """Modelo estricto: rechaza claves desconocidas para nombrarlas en el error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _sin_si_o_no_por_numero(cls, valor: Any, info: ValidationInfo) -> Any:
        """pydantic leería `umbral_aprobado: true` como 1: un sí/no donde va un número es
        una errata (y aprobaría todo), no un 1."""
        if isinstance(valor, bool) and info.field_name is not None:
            campo = cls.model_fields.get(info.field_name)
            if campo is not None and _es_numero(campo.annotation):
                raise ValueError(f"«{str(valor).lower()}» es un sí/no: aquí va un número")
        return valor


def _palabra_o_comienzo(texto: str) -> str:
    if not texto.rstrip("*").isalpha() or texto.count("*") > 1 or texto.startswith("*"):
        raise ValueError(f"«{texto}» debe ser una sola palabra, o su comienzo con «*» al "
                         "final («descuent*»)")
    return texto


# Un texto que no puede quedar vacío (títulos, nombres de nodo, líneas del cliente).
Texto = Annotated[str, Field(min_length=1)]

# Una palabra, o su comienzo con «*» («descuent*»): se busca entre las palabras de un texto.
PalabraOComienzo = Annotated[str, AfterValidator(_palabra_o_comienzo)]
