"""Arranque de la interfaz: del lanzamiento a la primera pantalla pintada.

Compara `simulador` (sin argumentos, la entrada real) con una aplicación
Textual «hola, mundo» en la misma máquina. Cada programa corre en un
pseudo-terminal (como en uso real) y anota la hora del evento `Ready` de
Textual, que llega tras pintar la primera pantalla; se toma la mediana de
varias repeticiones. El objetivo del issue 5: no más de 1,5 veces lo que
tarda «hola, mundo».

Se miden tres cosas:
- hola mundo: App con un Static.
- simulador: `simulador` tal cual (incluye importar `simulador.cli`; sin
  subcomando no se importan los módulos de los subcomandos).
- interfaz sola: `simulador.tui.ejecutar()` sin pasar por `simulador.cli`,
  como referencia de lo que cuesta la propia interfaz.
Y, aparte, un arranque en frío de la interfaz (sin índice de escenarios), y lo que
cuesta tener la rúbrica estándar lista para calificar (`cargar_calificador`, en un
proceso nuevo cada vez): compilándola y leyendo su copia de la caché (objetivo del
issue 15: menos de 0,4 s).

Uso: python benchmarks/arranque.py [--repeticiones N] [--solo-rubrica]
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

OBJETIVO = 1.5
OBJETIVO_CACHE = 0.4  # segundos para leer la rúbrica compilada de la caché


# --- lo que corre en cada proceso hijo ------------------------------------------------


def _anotar(archivo: str) -> None:
    Path(archivo).write_text(repr(time.time()), encoding="utf-8")


def _hijo_hola(archivo: str) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Hola(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hola, mundo")

        def on_ready(self) -> None:
            _anotar(archivo)
            self.exit()

    Hola().run()


def _enganchar(archivo: str) -> None:
    """Al pintarse la primera pantalla del simulador, anota la hora y sale."""
    from simulador.tui.app import SimuladorApp

    def on_ready(self: SimuladorApp) -> None:
        _anotar(archivo)
        self.exit(0)

    SimuladorApp.on_ready = on_ready  # type: ignore[attr-defined]


def _hijo_simulador(archivo: str) -> None:
    _enganchar(archivo)
    from simulador.cli import main

    sys.exit(main([]))


def _hijo_interfaz(archivo: str) -> None:
    _enganchar(archivo)
    from simulador.tui import ejecutar

    sys.exit(ejecutar())


HIJOS = {"hola": _hijo_hola, "simulador": _hijo_simulador, "interfaz": _hijo_interfaz}


# --- el proceso que mide ---------------------------------------------------------------


def _una_vez(tipo: str, datos: Path) -> float:
    """Lanza un hijo en un pseudo-terminal y devuelve los segundos hasta su primera pantalla."""
    maestro, esclavo = pty.openpty()
    with tempfile.NamedTemporaryFile(delete=False) as marca:
        archivo = marca.name

    def drenar() -> None:  # el hijo escribe en el terminal: alguien debe leerlo
        try:
            while os.read(maestro, 65536):
                pass
        except OSError:
            pass

    hilo = threading.Thread(target=drenar, daemon=True)
    hilo.start()
    entorno = {**os.environ, "SIMULADOR_DATOS": str(datos), "TERM": "xterm-256color",
               "COLUMNS": "80", "LINES": "24"}
    inicio = time.time()
    proceso = subprocess.Popen([sys.executable, __file__, "--hijo", tipo, archivo],
                               stdin=esclavo, stdout=esclavo, stderr=esclavo, env=entorno)
    try:
        proceso.wait(timeout=60)
    finally:
        os.close(esclavo)
    try:
        listo = float(Path(archivo).read_text(encoding="utf-8"))
    except ValueError:
        raise SystemExit(f"{tipo}: el programa no llegó a pintar la primera pantalla "
                         f"(código {proceso.returncode})") from None
    finally:
        os.unlink(archivo)
        os.close(maestro)
    return listo - inicio


def _importar_cli(veces: int) -> float:
    """Lo que cuesta solo importar `simulador.cli` (antes de mirar los argumentos)."""
    programa = ("import time; t = time.perf_counter(); import simulador.cli; "
                "print(time.perf_counter() - t)")
    tiempos = [float(subprocess.run([sys.executable, "-c", programa], capture_output=True,
                                    text=True, check=True).stdout) for _ in range(veces)]
    return statistics.median(tiempos)


def _cargar_rubrica(cache: Path, usar_cache: bool) -> float:
    """Segundos de `cargar_calificador()` en un proceso nuevo, sin contar las importaciones
    del calificador (las mismas con caché o sin ella)."""
    programa = ("import time; import simulador.calificador; "
                "from simulador.rubricas import cargar_calificador; "
                f"t = time.perf_counter(); cargar_calificador(cache={usar_cache}); "
                "print(time.perf_counter() - t)")
    entorno = {**os.environ, "SIMULADOR_CACHE": str(cache)}
    return float(subprocess.run([sys.executable, "-c", programa], capture_output=True,
                                text=True, check=True, env=entorno).stdout)


def _rubrica(veces: int) -> None:
    carpeta = Path(tempfile.mkdtemp(prefix="simulador-cache-"))
    try:
        compilar = [_cargar_rubrica(carpeta, False) for _ in range(max(1, veces // 3))]
        _cargar_rubrica(carpeta, True)  # compila y guarda la copia
        tamano = sum(p.stat().st_size for p in carpeta.iterdir())
        leer = [_cargar_rubrica(carpeta, True) for _ in range(veces)]
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)
    mediana = statistics.median(leer)
    estado = "ok" if mediana < OBJETIVO_CACHE else "por encima del objetivo"
    print("Rúbrica estándar lista para calificar (cargar_calificador, proceso nuevo):")
    print(f"{'compilándola':<28} mediana {statistics.median(compilar) * 1000:6.0f} ms")
    print(f"{'desde la caché':<28} mediana {mediana * 1000:6.0f} ms  mínimo "
          f"{min(leer) * 1000:6.0f} ms  {estado} (< {OBJETIVO_CACHE * 1000:.0f} ms); "
          f"copia de {tamano / 1e6:.1f} MB")
    programa = ("import time; t = time.perf_counter(); import simulador.calificador; "
                "print(time.perf_counter() - t)")
    importar = statistics.median(float(subprocess.run(
        [sys.executable, "-c", programa], capture_output=True, text=True, check=True).stdout)
        for _ in range(5))
    print(f"{'importar el calificador':<28} mediana {importar * 1000:6.0f} ms (aparte: igual "
          "con caché o sin ella)")


def _mediana(tipo: str, datos: Path, veces: int) -> tuple[float, float]:
    tiempos = [_una_vez(tipo, datos) for _ in range(veces)]
    return statistics.median(tiempos), min(tiempos)


def main() -> None:
    opciones = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    opciones.add_argument("--repeticiones", type=int, default=9)
    opciones.add_argument("--solo-rubrica", action="store_true",
                          help="mide solo la carga de la rúbrica compilada")
    opciones.add_argument("--hijo", nargs=2, metavar=("TIPO", "ARCHIVO"),
                          help=argparse.SUPPRESS)
    args = opciones.parse_args()
    if args.hijo:
        HIJOS[args.hijo[0]](args.hijo[1])
        return
    if args.solo_rubrica:
        _rubrica(args.repeticiones)
        return

    carpeta = Path(tempfile.mkdtemp(prefix="simulador-arranque-"))
    try:
        frio = _una_vez("interfaz", carpeta / "frio")
        datos = carpeta / "datos"
        _una_vez("interfaz", datos)  # crea el índice de escenarios y calienta la caché
        _una_vez("hola", datos)
        hola, hola_min = _mediana("hola", datos, args.repeticiones)
        simulador, simulador_min = _mediana("simulador", datos, args.repeticiones)
        interfaz, interfaz_min = _mediana("interfaz", datos, args.repeticiones)
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)

    def linea(nombre: str, mediana: float, minimo: float) -> str:
        veces = mediana / hola
        estado = "" if nombre.startswith("hola mundo") else (
            "  ok" if veces <= OBJETIVO else f"  por encima del objetivo ({OBJETIVO:g}×)")
        return (f"{nombre:<28} mediana {mediana * 1000:6.0f} ms  mínimo {minimo * 1000:6.0f} ms"
                f"  {veces:4.2f}×{estado}")

    print(f"Del lanzamiento a la primera pantalla ({args.repeticiones} repeticiones, 80×24):")
    print(linea("hola mundo (Textual)", hola, hola_min))
    print(linea("simulador", simulador, simulador_min))
    print(linea("interfaz sola (sin cli)", interfaz, interfaz_min))
    print(f"{'interfaz, en frío':<28} {frio * 1000:6.0f} ms (primera vez: sin índice de "
          "escenarios)")
    print(f"{'importar simulador.cli':<28} {_importar_cli(5) * 1000:6.0f} ms (carga todos los "
          "subcomandos antes de ver que no hay ninguno)")
    print()
    _rubrica(args.repeticiones)


if __name__ == "__main__":
    main()
