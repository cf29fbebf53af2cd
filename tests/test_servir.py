"""`simulador servir`: la interfaz en el navegador con textual-serve.

La prueba hace lo que un navegador: pide la página y abre el websocket; la sesión del
simulador que lanza el servidor tiene que arrancar y pintar la pantalla de inicio (antes
se negaba por no tener terminal y el navegador se quedaba en la pantalla de carga).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp")
pytest.importorskip("textual_serve")


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


@pytest.fixture
def servidor(tmp_path: Path):
    puerto = _puerto_libre()
    entorno = {**os.environ, "SIMULADOR_DATOS": str(tmp_path / "datos")}
    proceso = subprocess.Popen([sys.executable, "-m", "simulador", "servir", "--puerto",
                                str(puerto)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=entorno, cwd=tmp_path)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://localhost:{puerto}/", timeout=2) as r:
                    pagina = r.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        else:
            proceso.kill()
            pytest.fail(f"el servidor no arrancó: {proceso.stderr.read().decode()[-2000:]}")
        yield puerto, pagina
    finally:
        proceso.terminate()
        proceso.wait(timeout=10)


async def _pantalla(puerto: int, buscado: str, segundos: float = 60) -> str:
    """Lo que pinta la sesión por el websocket, hasta que aparece `buscado`."""
    recibido = ""
    async with aiohttp.ClientSession() as sesion, sesion.ws_connect(
            f"http://localhost:{puerto}/ws?width=100&height=30") as ws:
        fin = time.monotonic() + segundos
        while time.monotonic() < fin and buscado not in recibido:
            try:
                mensaje = await ws.receive(timeout=fin - time.monotonic())
            except TimeoutError:
                break
            if mensaje.type == aiohttp.WSMsgType.BINARY:
                recibido += mensaje.data.decode("utf-8", "replace")
            elif mensaje.type == aiohttp.WSMsgType.TEXT:
                recibido += mensaje.data
            elif mensaje.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break
    return recibido


def test_el_navegador_recibe_la_pantalla_de_inicio(servidor):
    puerto, pagina = servidor
    assert "textual" in pagina.lower() and "Simulador de atención al cliente" in pagina
    pantalla = asyncio.run(_pantalla(puerto, "Escenarios"))
    assert "Escenarios" in pantalla, pantalla[-1500:]
    assert "No hay un terminal" not in pantalla


def test_un_puerto_imposible_se_explica(ejecutar):
    salida = ejecutar("servir", "--puerto", "70000")
    assert salida.codigo == 2 and "el puerto 70000 no existe" in salida.err
