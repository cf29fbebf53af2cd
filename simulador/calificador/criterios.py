"""De las señales de cada turno a la nota 0–100 de cada criterio y la total.

Reglas de una hoja de calidad de centro de contacto: un criterio que no
aplica es nulo y la nota se reparte entre los demás; un criterio crítico
por debajo de su mínimo suspende la sesión entera.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulador.formatos.rubrica import Criterio, Rubrica


@dataclass(frozen=True)
class Nota:
    puntaje: int
    criterios: dict[str, int | None]
    aprobado: bool
    criticos_fallidos: list[str]


def _respuestas(turnos: Sequence[tuple[str, Mapping[str, bool]]]) -> list[Mapping[str, bool]]:
    """Las respuestas del agente que contestan a algo del cliente."""
    respuestas: list[Mapping[str, bool]] = []
    hubo_cliente = False
    for rol, senales in turnos:
        if rol == "cliente":
            hubo_cliente = True
        elif hubo_cliente:
            respuestas.append(senales)
    return respuestas


def puntos_criterio(criterio: Criterio, turnos: Sequence[tuple[str, Mapping[str, bool]]],
                    veredicto: str,
                    respuestas: list[Mapping[str, bool]] | None = None) -> float | None:
    if criterio.calculo == "cierre":
        return criterio.puntos_cierre.get(veredicto)
    if respuestas is None:
        respuestas = _respuestas(turnos)
    if not respuestas:
        return None
    senal = criterio.senal or ""
    con_senal = [bool(r.get(senal)) for r in respuestas]
    if criterio.calculo == "proporcion":
        return 100 * sum(con_senal) / len(con_senal)
    if criterio.calculo == "presencia":
        return 100.0 if any(con_senal) else 0.0
    if criterio.calculo == "penaliza":
        return max(0.0, 100 - criterio.coste * sum(con_senal))
    # temprana
    if not any(con_senal):
        return 0.0
    retraso = con_senal.index(True)
    return max(criterio.minimo_si_aparece, 100 - criterio.coste * retraso)


def nota(rubrica: Rubrica, turnos: Sequence[tuple[str, Mapping[str, bool]]],
         veredicto: str) -> Nota:
    criterios: dict[str, int | None] = {}
    suma = 0.0
    pesos = 0.0
    fallidos: list[str] = []
    respuestas = _respuestas(turnos)
    for nombre, criterio in rubrica.criterios.items():
        puntos = puntos_criterio(criterio, turnos, veredicto, respuestas)
        criterios[nombre] = None if puntos is None else round(puntos)
        if puntos is None:
            continue
        suma += criterio.peso * puntos
        pesos += criterio.peso
        if criterio.critico and puntos < criterio.minimo_critico:
            fallidos.append(nombre)
    total = round(suma / pesos) if pesos else 0
    aprobado = pesos > 0 and total >= rubrica.umbral_aprobado and not fallidos
    return Nota(total, criterios, aprobado, fallidos)
