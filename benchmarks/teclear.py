"""La caja de respuesta con textos enormes: lo que cuesta cada tecla según lo escrito.

Issue 15: «a 100 KB paste typed key by key freezes the TUI for minutes». Un terminal
sin pegado entre corchetes (o `tmux send-keys`) manda el texto tecla a tecla, y cada
tecla vuelve a partir en líneas todo lo escrito: el coste crece con el largo. La caja
no pasa de `MAXIMO_RESPUESTA` caracteres, así que el peor caso queda acotado.

Imprime, para varios largos ya escritos, los milisegundos por tecla (con la caja sin
límite, para ver la curva, y con el límite de verdad), lo que tardaría teclear 100 KB
uno a uno en cada caso y lo que tarda un pegado de 100 KB de una vez.

Uso: python benchmarks/teclear.py
"""

from __future__ import annotations

import asyncio
import time

from textual import events
from textual.app import App, ComposeResult

import simulador.tui.widgets.entrada as entrada
from simulador.tui.widgets.entrada import EntradaRespuesta

TECLAS = 60
LARGOS = (1_000, 5_000, 10_000, 20_000, 50_000, 100_000)


class _Caja(App[None]):
    def compose(self) -> ComposeResult:
        yield EntradaRespuesta(id="respuesta")


async def _ms_por_tecla(app: _Caja, pilot, largo: int) -> float:  # type: ignore[no-untyped-def]
    caja = app.query_one(EntradaRespuesta)
    caja.text = ("palabra " * (largo // 8 + 1))[:largo]
    await pilot.pause()
    inicio = time.perf_counter()
    for _ in range(TECLAS):
        caja.post_message(events.Key("a", "a"))
    await pilot.pause()
    await pilot.pause()
    return (time.perf_counter() - inicio) / TECLAS * 1000


async def _medir(maximo: int) -> dict[int, float]:
    entrada.MAXIMO_RESPUESTA = maximo
    app = _Caja()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(EntradaRespuesta).focus()
        return {largo: await _ms_por_tecla(app, pilot, largo) for largo in LARGOS}


async def _pegar() -> float:
    app = _Caja()
    async with app.run_test(size=(80, 24)) as pilot:
        caja = app.query_one(EntradaRespuesta)
        caja.focus()
        inicio = time.perf_counter()
        caja.post_message(events.Paste("palabra " * 12_500))
        await pilot.pause()
        await pilot.pause()
        return time.perf_counter() - inicio


def _cien_kb(tiempos: dict[int, float]) -> float:
    """Segundos para teclear 100 000 caracteres uno a uno (interpolando por tramos)."""
    total, anterior, coste_anterior = 0.0, 0, tiempos[LARGOS[0]]
    for largo in LARGOS:
        total += (largo - anterior) * (coste_anterior + tiempos[largo]) / 2 / 1000
        anterior, coste_anterior = largo, tiempos[largo]
    return total


def main() -> None:
    limite = entrada.MAXIMO_RESPUESTA
    sin_limite = asyncio.run(_medir(10**9))
    con_limite = asyncio.run(_medir(limite))
    entrada.MAXIMO_RESPUESTA = limite
    print(f"Caja de respuesta: ms por tecla según lo ya escrito (límite {limite} caracteres)")
    print(f"{'escrito':>10} {'sin límite':>12} {'con límite':>12}")
    for largo in LARGOS:
        print(f"{largo:>10} {sin_limite[largo]:>12.2f} {con_limite[largo]:>12.2f}")
    print(f"Teclear 100 KB uno a uno: {_cien_kb(sin_limite):.0f} s sin límite, "
          f"{_cien_kb(con_limite):.0f} s con límite")
    print(f"Pegar 100 KB de una vez (se corta en el límite): {asyncio.run(_pegar()):.2f} s")


if __name__ == "__main__":
    main()
