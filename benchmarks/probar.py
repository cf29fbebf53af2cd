"""Velocidad de `simulador probar`: 500 recorridos al azar de cada escenario incluido.

Imprime el tiempo de la exploración de cada escenario (el objetivo del
issue 4: menos de 5 s por escenario) y el de `simulador probar` de punta a
punta (arranque incluido).

Uso: python benchmarks/probar.py [--recorridos N] [--semilla S]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from simulador.catalogo import cargar_catalogo
from simulador.motor.exploracion import explorar
from simulador.rubricas import cargar_calificador
from simulador.rutas import escenarios_incluidos

OBJETIVO = 5.0


def main() -> None:
    opciones = argparse.ArgumentParser(description=__doc__)
    opciones.add_argument("--recorridos", type=int, default=500)
    opciones.add_argument("--semilla", type=int, default=0)
    args = opciones.parse_args()

    calificador = cargar_calificador()
    catalogo = cargar_catalogo([escenarios_incluidos()])
    for cargado in catalogo.escenarios:
        inicio = time.perf_counter()
        informe = explorar(cargado.modelo, calificador, args.recorridos, args.semilla)
        segundos = time.perf_counter() - inicio
        respuestas = sum(r.respuestas for r in informe.recorridos)
        estado = "ok" if segundos < OBJETIVO else f"LENTO (objetivo < {OBJETIVO:g} s)"
        print(f"{cargado.modelo.id:<22} {args.recorridos} recorridos, {respuestas} respuestas: "
              f"{segundos:.2f} s ({respuestas / segundos:,.0f} respuestas/s) {estado}")
        inicio = time.perf_counter()
        subprocess.run([sys.executable, "-m", "simulador", "probar", cargado.modelo.id,
                        "--recorridos", str(args.recorridos), "--semilla", str(args.semilla)],
                       check=False, capture_output=True)
        print(f"{'':<22} simulador probar de punta a punta: "
              f"{time.perf_counter() - inicio:.2f} s")


if __name__ == "__main__":
    main()
