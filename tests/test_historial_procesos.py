"""El historial con procesos de verdad: un escritor que muere y dos que escriben a la vez."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from simulador.historial import Historial, reanudar

RAIZ = Path(__file__).resolve().parents[1]
MODELO = "tests/guiones/pedido-retrasado-modelo.txt"

# Un agente que juega con el motor, guarda cada acción y se queda «escribiendo».
_ESCRITOR_LENTO = textwrap.dedent("""
    import sys, time
    from simulador.historial import Historial, grabar
    from simulador.motor import RelojManual, Sesion
    from simulador.motor.escenarios import localizar_escenario
    from simulador.rubricas import cargar_calificador

    cargado = localizar_escenario("pedido-retrasado")
    sesion = Sesion(cargado.modelo, cargar_calificador(), semilla=3, agente="Ana",
                    equipo="Mañana", reloj=RelojManual())
    grabador = grabar(Historial.del_usuario(), sesion, escenario=cargado.ruta)
    grabador.anotar(sesion.iniciar())
    sesion.reloj.avanzar(15)
    grabador.anotar(sesion.responder("De acuerdo."))
    grabador.anotar(sesion.esperar(70))
    print(grabador.ident, len(sesion.turnos), flush=True)
    time.sleep(600)  # escribiendo la respuesta siguiente... hasta que lo maten
""")

# Muchas sesiones seguidas; empieza cuando aparece el archivo de salida para que los
# dos procesos escriban a la vez (también la creación y migración del historial).
_ESCRITOR_RAPIDO = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from simulador.historial import Historial, grabar
    from simulador.motor import RelojManual, Sesion
    from simulador.motor.escenarios import localizar_escenario
    from simulador.motor.guion import ejecutar_paso, leer_guion
    from simulador.rubricas import cargar_calificador

    nombre, cuantas, salida = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    cargado = localizar_escenario("pedido-retrasado")
    calificador = cargar_calificador()
    pasos = leer_guion(Path("tests/guiones/pedido-retrasado-pobre.txt"))
    print("listo", flush=True)
    while not salida.exists():
        time.sleep(0.01)
    historial = Historial.del_usuario()
    turnos = 0
    for i in range(cuantas):
        sesion = Sesion(cargado.modelo, calificador, semilla=i, agente=nombre,
                        equipo="Equipo", reloj=RelojManual())
        grabador = grabar(historial, sesion, escenario=cargado.ruta)
        grabador.anotar(sesion.iniciar())
        for paso in pasos:
            if sesion.terminada:
                break
            grabador.anotar(ejecutar_paso(sesion, paso))
        turnos += len(sesion.turnos)
    print(turnos, flush=True)
""")


def _lanzar(programa: str, *argumentos: str, **opciones: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", programa, *argumentos], cwd=RAIZ,
                            text=True, encoding="utf-8", **opciones)  # type: ignore[call-overload]


def _matar(proceso: subprocess.Popen[str]) -> None:
    os.kill(proceso.pid, signal.SIGKILL)
    assert proceso.wait(timeout=30) == -signal.SIGKILL


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="necesita SIGKILL (POSIX)")
def test_un_escritor_muerto_con_kill_9_no_pierde_lo_guardado(ejecutar):
    proceso = _lanzar(_ESCRITOR_LENTO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        linea = proceso.stdout.readline()  # type: ignore[union-attr]
        assert linea, proceso.stderr.read()  # type: ignore[union-attr]
    finally:
        _matar(proceso)
        proceso.stdout.close()  # type: ignore[union-attr]
        proceso.stderr.close()  # type: ignore[union-attr]
    ident, cuantos = linea.split()
    with Historial.del_usuario() as historial:
        (pendiente,) = historial.pendientes()
        assert pendiente.ident == ident and pendiente.turnos == int(cuantos) == 4
        assert [t.origen for t in historial.turnos(ident)] == ["nodo", "respuesta", "nodo",
                                                               "silencio"]
        # Se reconstruye repitiendo lo guardado...
        sesion = reanudar(historial, ident, en_vivo=False).sesion
        assert [t.texto for t in sesion.turnos] == [t.texto for t in historial.turnos(ident)]
    # ... y la CLI la ofrece, la reanuda con un guion y la termina.
    listado = ejecutar("sesiones", "--pendientes", "--json")
    assert listado.codigo == 0 and [s["id"] for s in json.loads(listado.out)] == [ident]
    salida = ejecutar("reanudar", ident[:8], "--guion", MODELO)
    assert salida.codigo == 0, salida.todo
    assert "Tú: De acuerdo." in salida.out and "Sigo esperando una respuesta" in salida.out
    assert f"Sesión guardada en el historial: {ident}" in salida.out
    assert json.loads(ejecutar("sesiones", "--pendientes", "--json").out) == []


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="necesita SIGKILL (POSIX)")
def test_otro_escritor_muerto_se_puede_descartar(ejecutar):
    proceso = _lanzar(_ESCRITOR_LENTO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        ident = proceso.stdout.readline().split()[0]  # type: ignore[union-attr]
    finally:
        _matar(proceso)
        proceso.stdout.close()  # type: ignore[union-attr]
    salida = ejecutar("descartar", ident[:5])
    assert salida.codigo == 0 and "descartada" in salida.out
    assert json.loads(ejecutar("sesiones", "--pendientes", "--json").out) == []
    (sesion,) = json.loads(ejecutar("sesiones", "--json").out)
    assert sesion["estado"] == "descartada" and sesion["turnos"] == 4


def _leer_hasta(descriptor: int, buscado: str, visto: list[str], limite: float = 60) -> None:
    final = time.monotonic() + limite
    while buscado not in "".join(visto):
        restante = final - time.monotonic()
        assert restante > 0, f"no apareció {buscado!r}; salida: {''.join(visto)!r}"
        listos, _, _ = select.select([descriptor], [], [], restante)
        if listos:
            try:
                visto.append(os.read(descriptor, 4096).decode("utf-8", "replace"))
            except OSError:
                break


@pytest.mark.skipif(sys.platform == "win32", reason="necesita un pseudoterminal (pty)")
def test_jugar_en_terminal_muerto_con_kill_9(ejecutar):
    import pty

    principal, secundario = pty.openpty()
    proceso = subprocess.Popen([sys.executable, "-m", "simulador", "jugar", "pedido-retrasado",
                                "--semilla", "2", "--agente", "Marta"], cwd=RAIZ,
                               stdin=secundario, stdout=secundario, stderr=secundario,
                               start_new_session=True)
    os.close(secundario)
    visto: list[str] = []
    try:
        _leer_hasta(principal, "Tú: ", visto)
        visto.clear()
        os.write(principal, b"Entiendo, reviso su pedido.\n")
        _leer_hasta(principal, "Tú: ", visto)  # respondida y guardada: pide la siguiente
        os.write(principal, "Lucía, lo sient".encode())  # a medio escribir
        time.sleep(0.2)
    finally:
        _matar(proceso)  # type: ignore[arg-type]
        os.close(principal)
    with Historial.del_usuario() as historial:
        (pendiente,) = historial.pendientes()
        assert pendiente.agente == "Marta" and pendiente.respuestas == 1
        assert historial.turnos(pendiente.ident)[1].texto == "Entiendo, reviso su pedido."
    salida = ejecutar("reanudar", pendiente.ident, "--guion", MODELO, "--json")
    assert salida.codigo == 0, salida.todo
    datos = json.loads(salida.out)
    assert datos["agente"] == "Marta" and datos["final"] is not None
    assert next(t["texto"] for t in datos["turnos"] if t["rol"] == "agente") == (
        "Entiendo, reviso su pedido.")


def test_dos_procesos_escribiendo_a_la_vez_no_pierden_nada(tmp_path):
    cuantas = 15
    senal = tmp_path / "empezar"
    procesos = [_lanzar(_ESCRITOR_RAPIDO, nombre, str(cuantas), str(senal),
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for nombre in ("Ana", "Luis")]
    for proceso in procesos:  # los dos con la rúbrica compilada, esperando
        assert proceso.stdout.readline().strip() == "listo"  # type: ignore[union-attr]
    senal.touch()
    turnos = 0
    for proceso in procesos:
        salida, errores = proceso.communicate(timeout=300)
        assert proceso.returncode == 0, errores
        turnos += int(salida.split()[-1])
    ruta = Historial.del_usuario().ruta
    conexion = sqlite3.connect(ruta)
    try:
        contar = lambda sql: conexion.execute(sql).fetchone()[0]  # noqa: E731
        assert contar("SELECT count(*) FROM sesiones") == 2 * cuantas
        assert contar("SELECT count(*) FROM sesiones WHERE agente = 'Ana'") == cuantas
        assert contar("SELECT count(*) FROM turnos") == turnos
        assert contar("SELECT count(*) FROM resultados") == 2 * cuantas
        assert contar("SELECT count(*) FROM sesiones WHERE estado = 'terminada'") == (
            2 * cuantas)
        assert contar("PRAGMA integrity_check") == "ok"
    finally:
        conexion.close()
