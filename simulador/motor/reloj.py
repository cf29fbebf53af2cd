"""El reloj de la sesión, inyectado: las pruebas y los guiones no esperan de verdad.

El motor solo pregunta la hora; quien lo usa decide si es la del sistema
(la interfaz de verdad) o una manual que se adelanta a voluntad (guiones,
pruebas, `simulador probar`).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

ORIGEN_FIJO = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


class Reloj(Protocol):
    """Lo único que el motor necesita saber del tiempo."""

    def ahora(self) -> float:
        """Segundos transcurridos desde un origen fijo (solo importan las diferencias)."""
        ...

    def fecha(self) -> datetime:
        """La fecha y hora actuales, para guardar cuándo se jugó."""
        ...

    def avanzar(self, segundos: float) -> None:
        """Adelanta el reloj (lo que hace `/esperar` en un guion)."""
        ...


class RelojManual:
    """Un reloj que solo se mueve cuando se le pide: sesiones repetibles."""

    def __init__(self, origen: datetime = ORIGEN_FIJO) -> None:
        self._origen = origen
        self._segundos = 0.0

    def ahora(self) -> float:
        return self._segundos

    def fecha(self) -> datetime:
        return self._origen + timedelta(seconds=self._segundos)

    def avanzar(self, segundos: float) -> None:
        if segundos < 0:
            raise ValueError("el reloj no puede ir hacia atrás")
        self._segundos += segundos


class RelojSistema:
    """La hora real; `avanzar` suma un desfase (para `/esperar` en modo interactivo)."""

    def __init__(self) -> None:
        self._desfase = 0.0

    def ahora(self) -> float:
        return time.monotonic() + self._desfase

    def fecha(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self._desfase)

    def avanzar(self, segundos: float) -> None:
        if segundos < 0:
            raise ValueError("el reloj no puede ir hacia atrás")
        self._desfase += segundos
