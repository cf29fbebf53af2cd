"""De las señales de cada turno a la nota 0–100 de cada criterio y la total.

Reglas de una hoja de calidad de centro de contacto: un criterio que no
aplica es nulo y la nota se reparte entre los demás; un criterio crítico
por debajo de su mínimo suspende la sesión entera.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from simulador.calificador.cierre import insulto_sin_aviso
from simulador.formatos.rubrica import Criterio, Rubrica

T = TypeVar("T")


@dataclass(frozen=True)
class NotaPorCriterios:
    puntaje: int
    criterios: dict[str, int | None]
    aprobado: bool
    criticos_fallidos: list[str]


def _respuestas(turnos: Sequence[tuple[str, Mapping[str, bool]]],
                unidades: Sequence[Mapping[str, int]] | None = None
                ) -> list[Mapping[str, bool]]:
    """Las respuestas del agente que contestan a algo del cliente.

    Con `unidades` (una por turno), cada respuesta es una `_Respuesta`, que además
    sabe cuántas oraciones distintas trae de cada señal.
    """
    respuestas: list[Mapping[str, bool]] = []
    hubo_cliente = False
    for i, (rol, senales) in enumerate(turnos):
        if rol == "cliente":
            hubo_cliente = True
        elif hubo_cliente:
            respuestas.append(_Respuesta(senales, unidades[i]) if unidades else senales)
    return respuestas


class _Respuesta(dict[str, bool]):
    """Las señales de una respuesta y cuántas oraciones distintas trae de cada una."""

    __slots__ = ("unidades",)

    def __init__(self, senales: Mapping[str, bool], unidades: Mapping[str, int]) -> None:
        super().__init__(senales)
        self.unidades = unidades


def _cuantas(respuesta: Mapping[str, bool], senal: str) -> int:
    """Oraciones distintas con la señal (al menos una si la respuesta la tiene)."""
    cuantas = getattr(respuesta, "unidades", {}).get(senal, 1)
    return max(1, cuantas)


def puntos_criterio(criterio: Criterio, turnos: Sequence[tuple[str, Mapping[str, bool]]],
                    veredicto: str,
                    respuestas: Sequence[Mapping[str, bool]] | None = None) -> float | None:
    if respuestas is None:
        respuestas = [] if criterio.calculo == "cierre" else _respuestas(turnos)
    abuso = hubo_abuso(turnos)
    return _puntos(criterio, respuestas, veredicto, abuso, _sin_aviso(turnos, veredicto, abuso))


def _sin_aviso(turnos: Sequence[tuple[str, Mapping[str, bool]]], veredicto: str,
               abuso: bool) -> bool:
    """Un insulto contestado como si nada, donde el veredicto no lo recoge ya (no_aplica)."""
    return abuso and veredicto == "no_aplica" and insulto_sin_aviso(turnos)


def juzgadas(criterio: Criterio, respuestas: Sequence[T],
             senales: Callable[[T], Mapping[str, bool]], hubo_abuso: bool = False
             ) -> list[T]:
    """Las respuestas que este criterio juzga (ver `Criterio.no_aplica_con`).

    Si todas son avisos o despedidas, lo decide `si_todas_excluidas`: se juzgan todas
    (despedir a alguien sin haberle escuchado nunca no se libra de la escucha) o, si
    el cliente insultó, ninguna (a quien solo insultaba se le avisa y se le despide).
    """
    if not criterio.no_aplica_con:
        return list(respuestas)
    aplicables = [r for r in respuestas if aplica(criterio, senales(r))]
    if aplicables or (hubo_abuso and criterio.si_todas_excluidas == "no_aplica_si_abuso"):
        return aplicables
    return list(respuestas)


def hubo_abuso(turnos: Sequence[tuple[str, Mapping[str, bool]]]) -> bool:
    return any(rol == "cliente" and senales.get("abuso") for rol, senales in turnos)


def aplica(criterio: Criterio, senales: Mapping[str, bool]) -> bool:
    """¿Juzga este criterio una respuesta con estas señales? (`Criterio.no_aplica_con`)"""
    return (bool(senales.get(criterio.senal or ""))
            or not any(senales.get(s) for s in criterio.no_aplica_con))


def _puntos(criterio: Criterio, respuestas: Sequence[Mapping[str, bool]],
            veredicto: str, abuso: bool = False, sin_aviso: bool = False) -> float | None:
    """Los puntos 0–100 de un criterio; None si no aplica.

    Se llama miles de veces por segundo: una sola pasada por las respuestas,
    sin listas intermedias.
    """
    calculo = criterio.calculo
    if calculo == "cierre":
        if sin_aviso and criterio.insulto_sin_aviso is not None:
            return criterio.insulto_sin_aviso
        return criterio.puntos_cierre.get(veredicto)
    if criterio.no_aplica_con:
        respuestas = juzgadas(criterio, respuestas, lambda r: r, abuso)
    if not respuestas:
        return None
    senal = criterio.senal or ""
    con_senal = 0  # respuestas con la señal
    retraso = 0  # respuestas sin ella antes de la primera que la tiene
    for r in respuestas:
        if r.get(senal):
            con_senal += 1
        elif not con_senal:
            retraso += 1
    if calculo == "proporcion":
        return 100 * con_senal / len(respuestas)
    if calculo == "presencia":
        if not con_senal:
            return 0.0
        completa = criterio.completa_con
        if completa == 1:
            return 100.0
        cuantas = sum(_cuantas(r, senal) for r in respuestas if r.get(senal))
        minimo = criterio.minimo_si_aparece
        return minimo + (100 - minimo) * (min(cuantas, completa) - 1) / (completa - 1)
    if calculo == "penaliza":
        return max(0.0, 100 - criterio.coste * con_senal)
    # temprana
    if not con_senal:
        return 0.0
    return max(criterio.minimo_si_aparece, 100 - criterio.coste * retraso)


def nota(rubrica: Rubrica, turnos: Sequence[tuple[str, Mapping[str, bool]]],
         veredicto: str, unidades: Sequence[Mapping[str, int]] | None = None) -> NotaPorCriterios:
    """La nota de una sesión; `unidades`, si se da, una por turno (ver `_Respuesta`)."""
    criterios: dict[str, int | None] = {}
    suma = 0.0
    pesos = 0.0
    fallidos: list[str] = []
    respuestas = _respuestas(turnos, unidades)
    abuso = hubo_abuso(turnos)
    sin_aviso = _sin_aviso(turnos, veredicto, abuso)
    for nombre, criterio in rubrica.criterios.items():
        puntos = _puntos(criterio, respuestas, veredicto, abuso, sin_aviso)
        if puntos is None:
            criterios[nombre] = None
            continue
        criterios[nombre] = round(puntos)
        suma += criterio.peso * puntos
        pesos += criterio.peso
        if criterio.critico and puntos < criterio.minimo_critico:
            fallidos.append(nombre)
    total = round(suma / pesos) if pesos else 0
    aprobado = pesos > 0 and total >= rubrica.umbral_aprobado and not fallidos
    return NotaPorCriterios(total, criterios, aprobado, fallidos)
