"""Los 402 documentos de la YAML test suite: ninguno es un escenario.

Tienen de todo (etiquetas, anclas, varios documentos, escalares raros, YAML
inválido). El cargador debe rechazarlos todos con un mensaje que nombre el
archivo y la línea, y sin un solo «Traceback».
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulador.validacion_lote import validar_archivos

SUITE = Path(__file__).resolve().parents[2] / "shared" / "yaml-test-suite"
ARCHIVOS = sorted(SUITE.glob("*.yaml")) if SUITE.is_dir() else []

pytestmark = pytest.mark.skipif(
    not ARCHIVOS,
    reason=f"no está la YAML test suite en {SUITE} (en CI está en ../shared/yaml-test-suite)",
)


def test_estan_todos_los_documentos():
    assert len(ARCHIVOS) >= 402


def test_cada_documento_se_rechaza_nombrando_el_archivo_y_la_linea():
    informe = validar_archivos(ARCHIVOS)
    assert len(informe.archivos) == len(ARCHIVOS)
    fallos: list[str] = []
    for ruta, revisado in zip(ARCHIVOS, informe.archivos, strict=True):
        errores = [i for i in revisado.incidencias if i.nivel == "error"]
        if revisado.valido or not errores:
            fallos.append(f"{ruta.name}: se aceptó")
            continue
        if not any(i.archivo.endswith(ruta.name) and i.linea is not None for i in errores):
            fallos.append(f"{ruta.name}: ningún error nombra el archivo con su línea")
        for incidencia in revisado.incidencias:
            texto = str(incidencia)
            if not incidencia.archivo.endswith(ruta.name) or "\n" in texto:
                fallos.append(f"{ruta.name}: incidencia mal formada: {texto!r}")
            if "Traceback" in texto or "Error(" in texto:
                fallos.append(f"{ruta.name}: mensaje de programador: {texto!r}")
    assert not fallos, "\n".join(fallos)


def test_la_cli_rechaza_la_carpeta_entera_sin_traceback():
    entorno = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proceso = subprocess.run(
        [sys.executable, "-m", "simulador", "validar", str(SUITE)],
        capture_output=True, text=True, encoding="utf-8", timeout=300, env=entorno,
    )
    salida = proceso.stdout + proceso.stderr
    assert proceso.returncode == 1
    assert "Traceback" not in salida
    assert f"{len(ARCHIVOS)} archivo(s) revisado(s)" in proceso.stdout
    for ruta in ARCHIVOS:
        assert f"{ruta.name}:" in proceso.stdout, ruta.name

    proceso = subprocess.run(
        [sys.executable, "-m", "simulador", "validar", "--json", str(SUITE)],
        capture_output=True, text=True, encoding="utf-8", timeout=300, env=entorno,
    )
    assert proceso.returncode == 1
    datos = json.loads(proceso.stdout)
    assert datos["valido"] is False
    assert len(datos["archivos"]) == len(ARCHIVOS)
    assert not any(a["valido"] for a in datos["archivos"])
