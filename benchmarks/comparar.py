"""Memoria y tiempo de `simulador comparar` con exportaciones grandes (issue 15).

Genera en una carpeta temporal tres CSV como los de `simulador exportar`
(uno con --excel; el tercero repite una décima parte de las sesiones del
primero, para que haya repetidas que quitar) de unos MEGAS MB cada uno, y
ejecuta `simulador comparar` sobre ellos en otro proceso. Imprime los
segundos y la memoria pico (RSS máximo del proceso, de `os.wait4`). Con
varios tamaños se ve si la memoria crece con el tamaño de los archivos.

Objetivo: la memoria no crece con el tamaño de los archivos más allá de un
conjunto con los identificadores de sesión ya vistos.

Cifras (issue 15, 2 núcleos compartidos): antes, 3 × 35 MB en 31,6 s con 978 MB de
memoria pico (3 × 5 MB: 210 MB); leyendo fila a fila, 125 MB (3 × 5 MB: 59 MB).

Uso: python benchmarks/comparar.py [--megas 5 35] [--semilla S] [--carpeta DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from simulador.exportar import EXCEL, UTF8, Dialecto, columnas, escribir_csv

EQUIPOS = ("Mañana", "Tarde", "Noche", "Fin de semana", "Soporte")
ESCENARIOS = ("pedido-retrasado", "cliente-abusivo", "exige-imposible", "cargo-no-informado",
              "baja-servicio", "averia-internet")
CIERRES = ("correcto", "no_aplica", "tardio", "prematuro")


def _fila(azar: random.Random, agentes: list[tuple[str, str]], dia: int
          ) -> dict[str, str | int | float | None]:
    agente, equipo = azar.choice(agentes)
    escenario = azar.choice(ESCENARIOS)
    minuto = azar.randrange(24 * 60)
    datos: dict[str, str | int | float | None] = {
        "sesion_id": uuid.UUID(int=azar.getrandbits(128)).hex,
        "fecha": f"2024-{1 + dia // 28:02d}-{1 + dia % 28:02d} {minuto // 60:02d}:"
                 f"{minuto % 60:02d}:{azar.randrange(60):02d}",
        "zona_horaria": "UTC+01:00", "agente": agente, "equipo": equipo,
        "escenario": escenario, "escenario_version": f"{hash(escenario) & 0xFFFFFFFF:08x}",
        "escenario_version_autor": "1.0", "rubrica": "estandar",
        "rubrica_version": "0123abcd", "modo": azar.choice(("practica", "examen")),
        "puntaje": azar.randrange(101), "aprobado": "sí", "cierre": azar.choice(CIERRES),
        "final": "resuelto", "estado": "terminada", "guion": "no",
        "respuestas_agente": azar.randrange(3, 12), "turnos_total": azar.randrange(6, 24),
        "turnos": azar.randrange(6, 24),
        "duracion_s": round(azar.uniform(30, 900), 1),
        "respuesta_media_s": round(azar.uniform(2, 40), 1)}
    for criterio in ("escucha", "resolucion", "disculpa", "desescalada", "sin_excusas"):
        datos["criterio_" + criterio] = azar.choice((0, 25, 50, 75, 100))
    datos["criterio_cierre"] = azar.choice((None, 0, 100))
    return datos


def generar(ruta: Path, megas: float, azar: random.Random, dialecto: Dialecto,
            repetidas: list[dict[str, str | int | float | None]] | None = None
            ) -> list[dict[str, str | int | float | None]]:
    """Escribe un CSV de unos `megas` MB y devuelve su primera décima parte de filas."""
    agentes = [(f"Agente {n:03d} {azar.choice(('García', 'Pérez', 'Núñez'))}",
                azar.choice(EQUIPOS)) for n in range(200)]
    cabecera = columnas()
    objetivo = int(megas * 1024 * 1024)
    primeras: list[dict[str, str | int | float | None]] = []
    escritas = 0
    with ruta.open("wb") as archivo:
        archivo.write(escribir_csv(cabecera, repetidas or [], dialecto))
        escritas = archivo.tell()
        dia = 0
        while escritas < objetivo:
            bloque = [_fila(azar, agentes, (dia + i) % 300) for i in range(2000)]
            dia += 7
            # Sin cabecera ni BOM: solo las filas del bloque.
            crudo = escribir_csv(cabecera, bloque, dialecto).decode("utf-8-sig")
            archivo.write(crudo.split("\r\n", 1)[1].encode("utf-8"))
            escritas = archivo.tell()
            if len(primeras) < 20000:
                primeras.extend(bloque[:200])
    return primeras


def medir(archivos: list[Path]) -> tuple[float, float, float, int]:
    """Segundos de reloj y de CPU (la máquina puede estar compartida), MB de memoria pico
    y código de salida de `simulador comparar`."""
    inicio = time.perf_counter()
    proceso = subprocess.Popen([sys.executable, "-m", "simulador", "comparar",
                                *map(str, archivos), "--json"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, estado, uso = os.wait4(proceso.pid, 0)
    segundos = time.perf_counter() - inicio
    proceso.returncode = os.waitstatus_to_exitcode(estado)
    # ru_maxrss va en KiB en Linux.
    return segundos, uso.ru_utime + uso.ru_stime, uso.ru_maxrss / 1024, proceso.returncode


def main() -> None:
    opciones = argparse.ArgumentParser(description=__doc__)
    opciones.add_argument("--megas", type=float, nargs="+", default=[5.0, 35.0])
    opciones.add_argument("--semilla", type=int, default=0)
    opciones.add_argument("--carpeta", type=Path, help="dónde generar los CSV (por defecto, "
                          "una carpeta temporal que se borra al acabar)")
    args = opciones.parse_args()
    with tempfile.TemporaryDirectory(prefix="simulador-comparar-") as temporal:
        carpeta = args.carpeta or Path(temporal)
        carpeta.mkdir(parents=True, exist_ok=True)
        for megas in args.megas:
            azar = random.Random(args.semilla)
            archivos = [carpeta / f"equipo-{megas:g}MB-{n}.csv" for n in (1, 2, 3)]
            primeras = generar(archivos[0], megas, azar, UTF8)
            generar(archivos[1], megas, azar, EXCEL)
            generar(archivos[2], megas, azar, UTF8, repetidas=primeras)
            total = sum(r.stat().st_size for r in archivos) / 1024 / 1024
            segundos, cpu, memoria, codigo = medir(archivos)
            print(f"3 × {megas:g} MB ({total:.0f} MB en total): {segundos:.1f} s "
                  f"({cpu:.1f} s de CPU), "
                  f"memoria pico {memoria:.0f} MB"
                  + ("" if codigo == 0 else f" (código de salida {codigo})"))


if __name__ == "__main__":
    main()
