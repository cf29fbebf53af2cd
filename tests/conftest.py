"""Ayudas comunes de las pruebas.

Ninguna prueba toca los datos reales del usuario: SIMULADOR_DATOS apunta
siempre a una carpeta temporal (también para los subprocesos, que heredan
el entorno).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from simulador.cli import main


@pytest.fixture(autouse=True)
def _datos_aislados(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMULADOR_DATOS", str(tmp_path / "datos_usuario"))


RAIZ = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Salida:
    codigo: int
    out: str
    err: str

    @property
    def todo(self) -> str:
        return self.out + self.err


@pytest.fixture
def ejecutar(capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> Callable[..., Salida]:
    """Ejecuta la CLI de verdad (`simulador.cli.main`) desde la raíz del proyecto."""
    monkeypatch.chdir(RAIZ)

    def _ejecutar(*argumentos: str) -> Salida:
        capsys.readouterr()
        try:
            codigo = main(list(argumentos))
        except SystemExit as exc:  # errores de uso de argparse
            codigo = exc.code if isinstance(exc.code, int) else 1
        capturado = capsys.readouterr()
        return Salida(codigo, capturado.out, capturado.err)

    return _ejecutar


@pytest.fixture
def comprobar_roto(ejecutar: Callable[..., Salida]) -> Callable[..., str]:
    """`simulador validar` sobre un archivo roto: sale con 1 y señala el sitio exacto.

    Comprueba la salida de texto (archivo:línea:columna, clave, palabras) y la
    de `--json` (las mismas línea, columna y clave). Devuelve la línea del error.
    """

    def _comprobar(relativa: str, linea: int, columna: int | None, clave: str | None,
                   palabras: tuple[str, ...]) -> str:
        salida = ejecutar("validar", relativa)
        assert salida.codigo == 1, salida.todo
        assert "Traceback" not in salida.todo
        sitio = f"{relativa}:{linea}:" + (f"{columna}:" if columna is not None else "")
        en_clave = f" error en «{clave}»: " if clave else " error: "
        errores = [x for x in salida.out.splitlines() if x.startswith(sitio) and en_clave in x]
        assert errores, f"se esperaba un error en «{sitio}»{en_clave!r}; salida:\n{salida.out}"
        mensaje = errores[0]
        for palabra in palabras:
            assert palabra in mensaje, f"falta «{palabra}» en: {mensaje}"

        en_json = ejecutar("validar", "--json", relativa)
        assert en_json.codigo == 1
        datos = json.loads(en_json.out)
        assert datos["valido"] is False and datos["errores"] >= 1
        incidencias = [i for a in datos["archivos"] for i in a["incidencias"]]
        assert all(i["archivo"] == relativa for i in incidencias)
        assert any(
            i["nivel"] == "error" and i["linea"] == linea
            and (columna is None or i["columna"] == columna) and i["clave"] == (clave or "")
            for i in incidencias
        ), incidencias
        return mensaje

    return _comprobar
