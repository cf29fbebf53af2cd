"""Base común: un formador que se equivoca en una clave debe enterarse."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


class Modelo(BaseModel):
    """Modelo estricto: rechaza claves desconocidas para nombrarlas en el error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _palabra_o_comienzo(texto: str) -> str:
    if not texto.rstrip("*").isalpha() or texto.count("*") > 1 or texto.startswith("*"):
        raise ValueError(f"«{texto}» debe ser una sola palabra, o su comienzo con «*» al "
                         "final («descuent*»)")
    return texto


# Una palabra, o su comienzo con «*» («descuent*»): se busca entre las palabras de un texto.
PalabraOComienzo = Annotated[str, AfterValidator(_palabra_o_comienzo)]
