"""El veredicto de `cierre`: ¿supo el agente cuándo terminar la relación?

Las reglas son las de shared/senales.md, en su orden; la primera que encaja
gana. `advertencias` generaliza el aviso único del contrato a los que pida
la rúbrica.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def veredicto_cierre(turnos: Sequence[tuple[str, Mapping[str, bool]]],
                     justificado: bool = False, advertencias: int = 1) -> str:
    """`turnos`: (rol, señales) de cada turno, en orden."""
    for rol, senales in turnos:
        if rol == "agente" and senales.get("termina") and senales.get("escalada"):
            return "descortes"
    termina = next((i for i, (rol, s) in enumerate(turnos)
                    if rol == "agente" and s.get("termina")), None)
    if justificado:
        return "correcto" if termina is not None else "tardio"
    if termina is not None:
        return "correcto" if _abuso_tras_avisos(turnos[:termina], advertencias) else "prematuro"
    if _abuso_tras_avisos(turnos, advertencias, exigir_abuso_previo=False):
        return "tardio"
    abusos = sum(1 for rol, s in turnos if rol == "cliente" and s.get("abuso"))
    avisos = sum(1 for rol, s in turnos if rol == "agente" and s.get("advierte"))
    if abusos >= 2 and avisos == 0:
        return "tardio"
    return "no_aplica"


def _abuso_tras_avisos(turnos: Sequence[tuple[str, Mapping[str, bool]]], advertencias: int,
                       exigir_abuso_previo: bool = True) -> bool:
    """¿Hubo abuso → aviso(s) → abuso otra vez? (sin abuso previo, si no se exige)."""
    hubo_abuso = not exigir_abuso_previo
    avisos = 0
    for rol, senales in turnos:
        if rol == "cliente" and senales.get("abuso"):
            if hubo_abuso and avisos >= advertencias:
                return True
            hubo_abuso = True
        elif rol == "agente" and senales.get("advierte") and hubo_abuso:
            avisos += 1
    return False
