"""Calificar es lineal en la longitud del texto, sin depender del reloj.

En vez de medir tiempos (la máquina es compartida), se cuentan los caracteres que
el análisis recorta del texto normalizado o recorre con sus expresiones: con el
doble de texto, el doble de caracteres. Un paso cuadrático (recorrer la oración
entera en cada coincidencia) da el cuádruple.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import simulador.calificador.analisis as analisis
from simulador.calificador import Calificador
from simulador.rubricas import cargar_calificador

CALIFICADOR: Calificador = cargar_calificador()


class _Contador:
    leidos = 0


class _TextoContado(str):
    """El texto normalizado, que cuenta lo que se recorta de él y de lo que se hace
    pegando sus trozos."""

    def __getitem__(self, clave):  # type: ignore[no-untyped-def, override]
        trozo = _TextoContado(str.__getitem__(self, clave))
        _Contador.leidos += len(trozo)
        return trozo

    def __add__(self, otro: str) -> _TextoContado:
        return _TextoContado(str.__add__(self, otro))


class _PatronContado:
    """Una expresión de `analisis` que cuenta los caracteres que se le dan a recorrer."""

    def __init__(self, patron: re.Pattern[str]) -> None:
        self.patron = patron

    def _contar(self, texto: str, desde: int = 0) -> None:
        _Contador.leidos += len(texto) - desde

    def finditer(self, texto: str, *args: int) -> Iterator[re.Match[str]]:
        self._contar(texto, *args[:1])
        return self.patron.finditer(texto, *args)

    def findall(self, texto: str, *args: int) -> list[str]:
        self._contar(texto, *args[:1])
        return self.patron.findall(texto, *args)


def _leidos(monkeypatch: pytest.MonkeyPatch, cliente: str, agente: str) -> int:
    de_antes = analisis.Analisis.de.__func__  # type: ignore[attr-defined]

    def de(cls, texto, buscador, lenguaje):  # type: ignore[no-untyped-def]
        a = de_antes(cls, texto, buscador, lenguaje)
        a.normal = _TextoContado(a.normal)
        return a

    with monkeypatch.context() as m:
        m.setattr(analisis.Analisis, "de", classmethod(de))
        for nombre in ("_FIN_ORACION", "_CORTE_CLAUSULA", "_PALABRA"):
            m.setattr(analisis, nombre, _PatronContado(getattr(analisis, nombre)))
        _Contador.leidos = 0
        contexto = CALIFICADOR.contexto()
        CALIFICADOR.turno_cliente(cliente, contexto)
        CALIFICADOR.turno_agente(agente, contexto)
        return _Contador.leidos


@pytest.mark.parametrize(("antes", "bloque"), [
    ("", "no quiero la baja "),  # una sola oración sin puntos, una negación en cada petición
    ("si ", "quiero la baja "),  # una petición bajo condición, repetida en la misma oración
    ("", "eres un inútil "),  # los insultos se quitaban de lo que cuenta rehaciendo el texto
])
def test_un_mensaje_enorme_del_cliente_se_recorre_en_tiempo_lineal(
        monkeypatch: pytest.MonkeyPatch, antes: str, bloque: str) -> None:
    """Un probador pegó 105 KB como mensaje del cliente y tardó 2,9 s; 210 KB, 12 s:
    cada petición de baja recorría su oración (toda la línea) para ver si estaba negada,
    era una pregunta o iba bajo un «si», y cada insulto rehacía el texto entero."""
    agente = "Lamento lo ocurrido; reviso su caso ahora mismo."
    corto = _leidos(monkeypatch, antes + bloque * (20_000 // len(bloque)), agente)
    largo = _leidos(monkeypatch, antes + bloque * (40_000 // len(bloque)), agente)
    assert corto > 0  # el contador sí ve el texto
    assert largo < 2.5 * corto, (corto, largo)
