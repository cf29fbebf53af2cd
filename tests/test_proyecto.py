"""El proyecto se instala y se prueba como dice el README."""

from __future__ import annotations

import re
from pathlib import Path

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
