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
    # Una sola pasada reúne lo que piden las reglas; se repasan los turnos solo
    # cuando hay abusos y avisos que ordenar (lo raro).
    termina = None  # el primer turno en que el agente termina la relación
    abusos = 0
    avisos = 0
    for i, (rol, senales) in enumerate(turnos):
        if rol == "agente":
            if senales.get("termina"):
                if senales.get("escalada"):
                    return "descortes"
                if termina is None:
                    termina = i
            if senales.get("advierte"):
                avisos += 1
        elif rol == "cliente" and senales.get("abuso"):
            abusos += 1
    if justificado:
        return "correcto" if termina is not None else "tardio"
    if termina is not None:
        return "correcto" if _abuso_tras_avisos(turnos[:termina], advertencias) else "prematuro"
    # Sin abusos, o sin avisos suficientes en toda la conversación, no hay abuso tras avisos.
    if abusos and avisos >= advertencias and _abuso_tras_avisos(
            turnos, advertencias, exigir_abuso_previo=False):
        return "tardio"
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



def insulto_sin_aviso(turnos: Sequence[tuple[str, Mapping[str, bool]]]) -> bool:
    """¿Contestó el agente a algún insulto como si nada (ver `ignora_un_insulto`)?

    El contrato lo deja en `no_aplica` si el insulto fue uno solo; la rúbrica puede
    descontarlo (`Criterio.insulto_sin_aviso`): tolerancia cero es avisar al primero.
    """
    return any(rol == "agente" and ignora_un_insulto(turnos, i)
               for i, (rol, _) in enumerate(turnos))


def ignora_un_insulto(turnos: Sequence[tuple[str, Mapping[str, bool]]], indice: int) -> bool:
    """¿La respuesta del agente en `indice` contesta a un cliente que acaba de insultar
    sin avisar ni terminar?"""
    senales = turnos[indice][1]
    if senales.get("advierte") or senales.get("termina"):
        return False
    for rol, antes in reversed(turnos[:indice]):
        if rol == "agente":
            return False
        if antes.get("abuso"):
            return True
    return False
