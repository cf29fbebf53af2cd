"""El proyecto se instala y se prueba como dice el README."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]


def _ordenes_del_readme() -> list[str]:
    texto = (RAIZ / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```\n(.*?)```", texto, re.S) if "venv" in b]


def test_ci_ejecuta_exactamente_la_orden_de_pruebas_del_readme():
    ordenes = _ordenes_del_readme()
    prueba = next(o for o in ordenes if "pytest" in o)
    ci = (RAIZ / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert prueba in ci


def test_el_readme_da_las_dos_ordenes():
    ordenes = _ordenes_del_readme()
    assert len(ordenes) == 2
    assert any("pytest" in o for o in ordenes)
    assert any("simulador" in o and "pytest" not in o for o in ordenes)


def test_ruff_no_encuentra_nada():
    """El estilo se comprueba en la integración continua, con la misma orden de pruebas."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff no está instalado (viene con .[test])")
    salida = subprocess.run([ruff, "check", "--no-cache", "simulador", "tests", "benchmarks"],
                            cwd=RAIZ, capture_output=True, text=True, check=False)
    assert salida.returncode == 0, salida.stdout + salida.stderr


def test_la_rueda_incluye_escenarios_rubricas_y_esquemas(tmp_path):
    """Quien instala con `pip install .` lejos del repositorio también tiene el contenido."""
    import subprocess
    import sys
    import zipfile

    r = subprocess.run([sys.executable, "-m", "pip", "wheel", str(RAIZ), "--no-deps", "-q",
                        "-w", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    rueda = next(tmp_path.glob("simulador-*.whl"))
    nombres = set(zipfile.ZipFile(rueda).namelist())
    for escenario in (RAIZ / "escenarios").glob("*.yaml"):
        assert f"simulador/incluidos/escenarios/{escenario.name}" in nombres
    assert "simulador/incluidos/rubricas/estandar.yaml" in nombres
    assert "simulador/incluidos/esquemas/escenario.schema.json" in nombres
    # Las guías viajan con el paquete: quien instala con pipx también las tiene.
    assert "simulador/incluidos/docs/guia-escenarios.md" in nombres
    assert not any(n.startswith("tests/") for n in nombres)
    # La licencia viaja con el paquete (la rueda la guarda en sus metadatos).
    assert any(n.endswith("/LICENSE") and ".dist-info/" in n for n in nombres), nombres


def test_rutas_prefiere_el_contenido_instalado(tmp_path, monkeypatch):
    from simulador import rutas

    paquete = tmp_path / "simulador"
    (paquete / "incluidos" / "escenarios").mkdir(parents=True)
    monkeypatch.setattr(rutas.resources, "files", lambda _nombre: paquete)
    assert rutas.escenarios_incluidos() == paquete / "incluidos" / "escenarios"
    assert rutas.rubricas_incluidas() == RAIZ / "rubricas"


def test_las_versiones_probadas_fijan_cada_dependencia_dentro_de_su_rango():
    """El lock que usan las órdenes del README cubre todo lo que pide pyproject.toml, y
    cada versión fijada cumple el rango declarado."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    proyecto = tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pedidas = [Requirement(r) for r in [*proyecto["dependencies"],
                                        *proyecto["optional-dependencies"]["test"]]]
    fijadas = {}
    for linea in (RAIZ / "versiones-probadas.txt").read_text(encoding="utf-8").splitlines():
        if linea.strip() and not linea.startswith("#"):
            nombre, version = linea.split("==")
            fijadas[canonicalize_name(nombre)] = version.strip()
    for requisito in pedidas:
        version = fijadas.get(canonicalize_name(requisito.name))
        assert version is not None, f"{requisito.name} no está en versiones-probadas.txt"
        assert requisito.specifier.contains(version), (requisito, version)
    for orden in _ordenes_del_readme():
        assert "-c versiones-probadas.txt" in orden
