"""El progreso de los trabajos largos: en una terminal se ve; en una tubería, nada."""

from __future__ import annotations

import io

from simulador import progreso as modulo
from simulador.progreso import Progreso


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_en_una_terminal_se_ve_y_al_terminar_se_borra(monkeypatch):
    monkeypatch.setattr(modulo, "INTERVALO", 0.0)
    flujo = _Terminal()
    progreso = Progreso("Probando", total=3, unidad="recorridos", flujo=flujo)
    for _ in range(3):
        progreso.avanzar()
    progreso.terminar()
    texto = flujo.getvalue()
    assert "\rProbando: 1/3 recorridos…" in texto and "\rProbando: 3/3 recorridos…" in texto
    assert texto.endswith("\r\033[K")


def test_en_una_tuberia_no_se_escribe_nada():
    flujo = io.StringIO()
    progreso = Progreso("Calificando", unidad="conversaciones", flujo=flujo)
    for _ in range(1000):
        progreso.avanzar()
    progreso.terminar()
    assert flujo.getvalue() == "" and progreso.hechos == 1000


def test_probar_sin_terminal_no_ensucia_la_salida_de_errores(ejecutar):
    salida = ejecutar("probar", "pedido-retrasado", "--recorridos", "20")
    assert "…" not in salida.err and "\r" not in salida.err
