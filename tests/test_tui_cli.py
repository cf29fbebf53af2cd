"""`simulador` sin argumentos: abre la interfaz solo si hay terminal; la CLI sigue igual."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from simulador import cli


def test_sin_terminal_explica_y_sale_con_error(ejecutar, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    salida = ejecutar()
    assert salida.codigo == 2
    assert "No hay un terminal interactivo" in salida.err
    assert "simulador --help" in salida.err and "--guion" in salida.err
    assert salida.out == ""


def test_sin_terminal_en_un_proceso_de_verdad():
    # Como en CI: stdin no es un terminal. Ni se cuelga ni arranca Textual.
    proceso = subprocess.run([sys.executable, "-m", "simulador"], stdin=subprocess.DEVNULL,
                             capture_output=True, text=True, timeout=60)
    assert proceso.returncode == 2
    assert "No hay un terminal interactivo" in proceso.stderr
    assert "\x1b[" not in proceso.stdout  # ninguna secuencia de escape de una interfaz


def test_la_ayuda_sigue_funcionando(ejecutar):
    salida = ejecutar("--help")
    assert salida.codigo == 0
    assert "--escenarios CARPETA" in salida.out
    assert "Sin subcomando abre la interfaz" in salida.out
    for subcomando in ("validar", "listar", "jugar"):
        assert subcomando in salida.out


def test_escenarios_con_subcomando_es_un_error_claro(ejecutar):
    salida = ejecutar("--escenarios", "escenarios", "listar")
    assert salida.codigo == 2
    assert "--escenarios solo vale sin subcomando" in salida.err


def test_una_carpeta_de_escenarios_que_no_existe(ejecutar, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    lanzada = []
    monkeypatch.setattr("simulador.tui.ejecutar", lambda extra: lanzada.append(extra) or 0)
    assert cli.main(["--escenarios", str(tmp_path / "no-existe")]) == 2
    assert lanzada == []


def test_con_terminal_abre_la_interfaz_con_las_carpetas_extra(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    lanzada = []
    monkeypatch.setattr("simulador.tui.ejecutar", lambda extra: lanzada.append(extra) or 0)
    assert cli.main(["--escenarios", str(tmp_path), "--escenarios", str(tmp_path)]) == 0
    assert lanzada == [[tmp_path, tmp_path]]


@pytest.mark.parametrize("comando", ["listar", "validar escenarios"])
def test_los_subcomandos_no_cargan_textual(comando):
    programa = ("import sys\nfrom simulador.cli import main\n"
                f"main({comando.split()!r})\n"
                "print('textual' if any(m.startswith('textual') for m in sys.modules) "
                "else 'limpio', file=sys.stderr)")
    proceso = subprocess.run([sys.executable, "-c", programa], capture_output=True, text=True,
                             timeout=120, stdin=subprocess.DEVNULL)
    assert proceso.stderr.strip().splitlines()[-1] == "limpio"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True
