"""La frontera del historial: solo simulador/historial/ abre la base de datos.

Y el motor no sabe nada del historial: quien lo usa avisa al grabador.
"""

from __future__ import annotations

import ast
from pathlib import Path

PAQUETE = Path(__file__).resolve().parents[1] / "simulador"
HISTORIAL = PAQUETE / "historial"


def _importa(arbol: ast.AST, modulo: str) -> bool:
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import) and any(
                a.name == modulo or a.name.startswith(f"{modulo}.") for a in nodo.names):
            return True
        if isinstance(nodo, ast.ImportFrom) and nodo.level == 0 and nodo.module and (
                nodo.module == modulo or nodo.module.startswith(f"{modulo}.")):
            return True
        if (isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Name)
                and nodo.func.id == "__import__" and nodo.args
                and isinstance(nodo.args[0], ast.Constant) and nodo.args[0].value == modulo):
            return True
    return False


def _culpables(modulo: str, dentro: Path | None = None) -> list[str]:
    return [str(ruta.relative_to(PAQUETE.parent)) for ruta in sorted(PAQUETE.rglob("*.py"))
            if (dentro is None or dentro in ruta.parents or ruta.parent == dentro)
            and _importa(ast.parse(ruta.read_text(encoding="utf-8"), str(ruta)), modulo)]


def test_solo_el_historial_importa_sqlite3():
    fuera = [c for c in _culpables("sqlite3") if not c.startswith("simulador/historial/")]
    fuera += [c for c in _culpables("_sqlite3")]
    assert not fuera, f"importan sqlite3 fuera de simulador/historial/: {fuera}"
    # Y la prueba sabe reconocerlo: el historial sí lo importa.
    assert any(c.startswith("simulador/historial/") for c in _culpables("sqlite3"))


def test_el_motor_no_sabe_nada_del_historial():
    culpables = _culpables("simulador.historial", PAQUETE / "motor")
    culpables += _culpables("sqlite3", PAQUETE / "motor")
    assert not culpables, f"el motor importa el historial: {culpables}"
