"""Base común: un formador que se equivoca en una clave debe enterarse."""

from pydantic import BaseModel, ConfigDict


class Modelo(BaseModel):
    """Modelo estricto: rechaza claves desconocidas para nombrarlas en el error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
