"""Velocidad de `simulador validar` con escenarios grandes (issue 15).

Genera escenarios sintéticos de 1 000, 4 000 y 8 000 nodos (cadenas de nodos con
una transición por señal, un «por_defecto» que se salta uno y tres finales, sin
alias; nodos cortos, para que 8 000 quepan en el máximo de 1 MB de un archivo) e
imprime, para cada tamaño, los segundos de la revisión dentro del proceso (leer,
esquema, grafo, señales y avisos de coherencia) y los de `simulador validar` de
punta a punta (arranque incluido), más los milisegundos por cada mil nodos: si
`validar` crece en línea con el escenario, esa columna apenas cambia.

Objetivo: 8 000 nodos en pocos segundos de punta a punta, y crecimiento lineal.

Uso: python benchmarks/validar.py [--tamanos 1000 4000 8000] [--pasadas P]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulador.validacion_lote import validar_archivos

CABECERA = """\
id: grande-{n}
titulo: Un escenario enorme
descripcion: Escenario sintético para medir validar.
dificultad: media
canal: chat
cliente:
  nombre: Ana Gómez
cierre_esperado: no_aplica
inicio: n0
puntos_clave: [pedido]
silencio: {{segundos: 30, dice: ["¿Hola?"]}}
al_terminar: termina
nodos:
"""
FINALES = """\
  se_va:
    dice: [Me voy a otra tienda.]
    final: abandona
  termina:
    dice: [Pues adiós.]
    final: relacion_terminada
  resuelto:
    dice: [Gracias, así sí.]
    final: resuelto
"""


def escenario(nodos: int) -> str:
    """Un escenario válido de `nodos` nodos, todos alcanzables y con salida."""
    cadena = nodos - 3
    partes = [CABECERA.format(n=nodos)]
    for i in range(cadena):
        siguiente = f"n{i + 1}" if i + 1 < cadena else "resuelto"
        salto = f"n{i + 2}" if i + 2 < cadena else "se_va"
        partes.append(f"  n{i}:\n"
                      f"    dice: [Y mi pedido {i}]\n"
                      f"    transiciones: [{{si: disculpa, ir_a: {siguiente}}}]\n"
                      f"    por_defecto: {{ir_a: {salto}}}\n")
    partes.append(FINALES)
    return "".join(partes)


def _dentro(archivo: Path, pasadas: int) -> float:
    tiempos = []
    for _ in range(pasadas):
        inicio = time.perf_counter()
        informe = validar_archivos([archivo])
        tiempos.append(time.perf_counter() - inicio)
        if informe.cuenta("error"):
            raise SystemExit(f"{archivo}: el escenario generado tiene errores")
    return statistics.median(tiempos)


def _punta_a_punta(archivo: Path, pasadas: int) -> float:
    tiempos = []
    for _ in range(pasadas):
        inicio = time.perf_counter()
        proceso = subprocess.run([sys.executable, "-m", "simulador", "validar", str(archivo)],
                                 capture_output=True, text=True, encoding="utf-8")
        tiempos.append(time.perf_counter() - inicio)
        if proceso.returncode != 0:
            raise SystemExit(f"validar falló ({proceso.returncode}):\n{proceso.stdout}")
    return statistics.median(tiempos)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tamanos", type=int, nargs="+", default=[1000, 4000, 8000],
                        help="número de nodos de cada escenario generado")
    parser.add_argument("--pasadas", type=int, default=3,
                        help="pasadas por tamaño (se da la mediana: la máquina es ruidosa)")
    args = parser.parse_args()
    validar_archivos([])  # importa y compila lo que se carga una sola vez
    print(f"{'nodos':>7} {'KB':>6} {'revisión s':>11} {'ms/1000 nodos':>14} "
          f"{'validar s':>10}")
    with tempfile.TemporaryDirectory() as carpeta:
        for nodos in args.tamanos:
            archivo = Path(carpeta) / f"grande-{nodos}.yaml"
            archivo.write_text(escenario(nodos), encoding="utf-8")
            dentro = _dentro(archivo, args.pasadas)
            fuera = _punta_a_punta(archivo, args.pasadas)
            print(f"{nodos:>7} {archivo.stat().st_size // 1024:>6} {dentro:>11.2f} "
                  f"{dentro * 1_000_000 / nodos:>14.0f} {fuera:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
