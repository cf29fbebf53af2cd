"""Las respuestas de muestra de `simulador probar` disparan exactamente sus señales."""

from __future__ import annotations

import pytest

from simulador.motor.respuestas import FRAGMENTOS, SENALES, combinaciones, respuesta_con
from simulador.rubricas import cargar_calificador


@pytest.mark.parametrize("variante", [0, 1])
def test_cada_combinacion_da_exactamente_sus_senales(variante):
    calificador = cargar_calificador(aprendido=False)  # como lo usa `simulador probar`
    # Ayudar mientras se nombra la norma no es excusa: esas combinaciones no existen.
    assert len(combinaciones()) == 2 ** len(SENALES) - 2 ** (len(SENALES) - 2) == 96
    assert set(SENALES) == set(calificador.senales_agente[:7])
    fallos = []
    for combinacion in combinaciones():
        contexto = calificador.contexto()
        calificador.turno_cliente("Hola, tengo un problema y quiero una solución.", contexto)
        texto = respuesta_con(combinacion, variante)
        senales = calificador.turno_agente(texto, contexto, "Ana Pérez").senales
        if senales != combinacion:
            fallos.append((texto, senales))
    assert not fallos, fallos


def test_cada_senal_tiene_dos_variantes_cortas():
    for senal, variantes in FRAGMENTOS.items():
        assert len(variantes) == 2, senal
        assert all(len(v) <= 110 for v in variantes), senal
