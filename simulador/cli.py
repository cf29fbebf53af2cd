"""Punto de entrada: `simulador SUBCOMANDO`. Cada subcomando llama al núcleo."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from simulador import __version__
from simulador.cli_es import Analizador
from simulador.incidencias import nombre_visible, razon_del_sistema
from simulador.rutas import VARIABLE_DATOS
from simulador.salida import error

# Los módulos de los subcomandos se importan al construir el analizador completo:
# abrir la interfaz sin subcomando no debe pagar por cargarlos todos.
_COMANDOS = ("validar", "listar", "esquema", "calificar", "evaluar", "entrenar", "jugar",
             "probar",
             "sesiones", "reanudar", "descartar", "exportar", "comparar", "rutas", "servir")
_OPCIONES_INTERFAZ = ("--escenarios", "--datos")


def _opcion_datos(analizador: argparse.ArgumentParser) -> None:
    analizador.add_argument("--datos", type=Path, metavar="CARPETA",
                            help="carpeta de datos (historial, preferencias); también "
                            "SIMULADOR_DATOS")


def _opcion_escenarios(analizador: argparse.ArgumentParser) -> None:
    analizador.add_argument("--escenarios", type=Path, action="append", default=[],
                            metavar="CARPETA", help="sin subcomando, abre la interfaz con "
                            "los escenarios incluidos y los de esta carpeta (se puede repetir)")


def _solo_interfaz(argumentos: Sequence[str]) -> bool:
    """¿Se pide abrir la interfaz (sin subcomando, sin --help)? Solo --escenarios y --datos."""
    pendiente_valor = False
    for argumento in argumentos:
        if pendiente_valor:
            pendiente_valor = False
        elif argumento in _OPCIONES_INTERFAZ:
            pendiente_valor = True
        elif not argumento.startswith(tuple(f"{o}=" for o in _OPCIONES_INTERFAZ)):
            return False
    return not pendiente_valor


def construir_analizador(solo: str | None = None) -> argparse.ArgumentParser:
    """El analizador completo; con `solo`, registra únicamente ese subcomando.

    Importar los doce módulos de subcomandos cuesta casi una décima de segundo:
    `simulador calificar …` no debe pagar por `jugar` ni por el historial.
    """
    from importlib import import_module

    comun = Analizador(add_help=False)
    _opcion_datos(comun)
    analizador = Analizador(
        prog="simulador",
        description="Simulador de conversaciones con clientes difíciles para formar "
        "agentes de atención al cliente.",
        epilog="Sin subcomando abre la interfaz de práctica. Ejemplo: simulador validar "
        "escenarios/",
    )
    analizador.add_argument("--version", action="version", version=f"simulador {__version__}",
                            help="muestra la versión y termina")
    _opcion_escenarios(analizador)
    sub = analizador.add_subparsers(title="subcomandos", metavar="SUBCOMANDO",
                                    parser_class=Analizador)
    for nombre in _COMANDOS:
        if solo is None or nombre == solo:
            import_module(f"simulador.comandos.{nombre}").registrar(sub, comun)
    return analizador


def main(argv: Sequence[str] | None = None) -> int:
    argumentos = list(sys.argv[1:] if argv is None else argv)
    if _solo_interfaz(argumentos):
        minimo = Analizador(prog="simulador")
        _opcion_escenarios(minimo)
        _opcion_datos(minimo)
        args = minimo.parse_args(argumentos)
        if args.datos is not None:
            os.environ[VARIABLE_DATOS] = str(args.datos)
        return _interfaz(args.escenarios)
    # Si el primer argumento es un subcomando, argparse solo consultará ese; la ayuda
    # general y el error de subcomando desconocido sí necesitan conocerlos todos.
    solo = argumentos[0] if argumentos and argumentos[0] in _COMANDOS else None
    analizador = construir_analizador(solo)
    args = analizador.parse_args(argumentos)
    if getattr(args, "datos", None) is not None:
        # Una sola fuente de verdad para todo el proceso (y sus subprocesos).
        os.environ[VARIABLE_DATOS] = str(args.datos)
    if not hasattr(args, "ejecutar"):
        return _interfaz(args.escenarios)
    if args.escenarios:
        error("--escenarios solo vale sin subcomando (para abrir la interfaz); "
              "los subcomandos reciben sus rutas como argumentos.")
        return 2
    try:
        return int(args.ejecutar(args))
    except KeyboardInterrupt:
        error("Interrumpido.")
        return 130
    except BrokenPipeError:
        _callar_salida()
        return 0
    except OSError as exc:
        # Lo que no se pudo leer o escribir y ninguna orden esperaba: casi siempre la salida
        # estándar (un disco lleno, una tubería que falla). No es un fallo del simulador.
        _callar_salida()
        error(f"Error: no se pudo terminar «simulador {argumentos[0] if argumentos else ''}»: "
              f"{razon_del_sistema(exc)}"
              + (f" ({nombre_visible(Path(exc.filename))})" if exc.filename else "")
              + ". Lo ya guardado en el historial sigue intacto.")
        return 2
    except Exception as exc:  # la última red: nunca una traza en pantalla
        error(f"Error inesperado en «simulador {argumentos[0] if argumentos else ''}»: "
              f"{type(exc).__name__}: {exc}. Es un fallo del simulador, no de sus archivos: "
              "avise a quien lo mantiene con la orden que ejecutó. Lo ya guardado en el "
              "historial sigue intacto.")
        return 70


def _callar_salida() -> None:
    """La salida estándar ya no admite nada: que Python no lo intente otra vez al salir
    (y escriba su propio aviso en inglés)."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _interfaz(escenarios: list[Path]) -> int:
    """Sin subcomando: la interfaz de texto, si hay un terminal donde mostrarla."""
    from simulador.rutas import en_navegador

    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not en_navegador():
        error("No hay un terminal interactivo: la interfaz de práctica necesita uno. "
              "Ábrala desde una terminal con «simulador», o use los subcomandos "
              "(«simulador --help» los lista; «simulador jugar ESCENARIO --guion "
              "RESPUESTAS.txt» juega sin terminal).")
        return 2
    faltan = [r for r in escenarios if not r.exists()]
    if faltan:
        error(f"{faltan[0]}: no existe esa carpeta de escenarios.")
        return 2
    # Importación diferida: los subcomandos no cargan Textual.
    from simulador.tui import ejecutar

    return ejecutar(escenarios)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
