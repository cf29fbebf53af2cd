"""Qué sesiones interesan: por fechas, agente, equipo y escenario.

Lo comparten `exportar` (sobre el historial) y `comparar` (sobre los CSV
exportados). Una fecha sin hora es un día entero en la hora local: «--hasta
2024-03-15» incluye todo ese día.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from simulador.texto import clave_de_nombre

_DIA_ESPANOL = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
EJEMPLO = "AAAA-MM-DD, por ejemplo 2024-03-15 (o 15/03/2024, o 2024-03-15T09:30)"


class FechaNoValida(ValueError):
    """Una fecha escrita por el usuario que no se entiende; el mensaje lo explica."""


def _local(fecha: datetime) -> datetime:
    return fecha if fecha.tzinfo is not None else fecha.astimezone()


def leer_fecha(texto: str) -> tuple[datetime, datetime]:
    """El intervalo [desde, hasta) que cubre la fecha escrita: un día entero o un instante."""
    bruto = texto.strip()
    espanol = _DIA_ESPANOL.match(bruto)
    try:
        if espanol:
            dia, mes, anio = (int(x) for x in espanol.groups())
            return _dia(date(anio, mes, dia))
        if len(bruto) == 10:
            return _dia(date.fromisoformat(bruto))
        instante = _local(datetime.fromisoformat(bruto))
        return instante, instante + timedelta(seconds=1)
    except ValueError:
        raise FechaNoValida(f"fecha no válida «{texto}»: escríbala como {EJEMPLO}") from None
    except OverflowError:  # el 31/12/9999 o el 1/1/1: el día siguiente no existe
        raise FechaNoValida(f"fecha fuera del calendario «{texto}»: use una entre los años "
                            "2 y 9998") from None


def _dia(dia: date) -> tuple[datetime, datetime]:
    inicio = datetime.combine(dia, time()).astimezone()
    fin = datetime.combine(dia + timedelta(days=1), time()).astimezone()
    return inicio, fin


def _igual(a: str, b: str) -> bool:
    return clave_de_nombre(a) == clave_de_nombre(b)


@dataclass(frozen=True)
class Filtro:
    """Las condiciones (todas a la vez); None es «cualquiera». `hasta` no se incluye."""

    desde: datetime | None = None
    hasta: datetime | None = None
    agente: str | None = None
    equipo: str | None = None
    escenario: str | None = None

    @classmethod
    def desde_textos(cls, desde: str | None = None, hasta: str | None = None,
                     agente: str | None = None, equipo: str | None = None,
                     escenario: str | None = None) -> Filtro:
        """Un filtro a partir de lo que escribe el usuario; FechaNoValida si no se entiende."""
        inicio = leer_fecha(desde)[0] if desde is not None else None
        fin = leer_fecha(hasta)[1] if hasta is not None else None
        if inicio is not None and fin is not None and inicio >= fin:
            raise FechaNoValida(f"--desde ({desde}) es posterior a --hasta ({hasta}): no "
                                "puede haber ninguna sesión entre las dos")
        return cls(inicio, fin, agente, equipo, escenario)

    def admite(self, fecha: datetime, agente: str, equipo: str, escenario: str) -> bool:
        fecha = _local(fecha)
        return ((self.desde is None or fecha >= self.desde)
                and (self.hasta is None or fecha < self.hasta)
                and (self.agente is None or _igual(agente, self.agente))
                and (self.equipo is None or _igual(equipo, self.equipo))
                and (self.escenario is None or _igual(escenario, self.escenario)))

    @property
    def vacio(self) -> bool:
        return self == Filtro()
