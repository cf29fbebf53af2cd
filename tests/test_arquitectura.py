"""Las reglas de la arquitectura, comprobadas: cada una con su prueba.

- El núcleo no importa Textual: solo simulador/tui/ lo hace.
- Solo simulador/carga/ lee YAML.
- Ningún módulo importa pickle ni marshal: lo que se guarda (la caché de la rúbrica
  compilada incluida) son datos, y un archivo plantado no puede ejecutar código.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

PAQUETE = Path(__file__).resolve().parents[1] / "simulador"


def test_el_nucleo_no_importa_textual():
    programa = textwrap.dedent("""
        import importlib
        import pkgutil
        import sys

        import simulador
        import simulador.carga
        import simulador.cli
        import simulador.validacion_lote
        import simulador.validacion

        for modulo in pkgutil.walk_packages(simulador.__path__, "simulador."):
            if modulo.name == "simulador.tui" or modulo.name.startswith("simulador.tui."):
                continue
            if modulo.name == "simulador.__main__":
                continue  # ejecutaría la CLI
            importlib.import_module(modulo.name)

        culpables = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print("textual" if culpables else "limpio")
    """)
    proceso = subprocess.run([sys.executable, "-c", programa], capture_output=True, text=True,
                             timeout=120)
    assert proceso.returncode == 0, proceso.stderr
    assert proceso.stdout.strip() == "limpio", (
        "algún módulo fuera de simulador/tui/ importa Textual al cargarse"
    )


def _importa_yaml(arbol: ast.AST) -> bool:
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.Import) and any(
            a.name == "yaml" or a.name.startswith("yaml.") for a in nodo.names
        ):
            return True
        if isinstance(nodo, ast.ImportFrom) and nodo.level == 0 and nodo.module and (
            nodo.module == "yaml" or nodo.module.startswith("yaml.")
        ):
            return True
    return False


def test_solo_carga_importa_yaml():
    carga = PAQUETE / "carga"
    culpables = [
        str(ruta.relative_to(PAQUETE.parent))
        for ruta in sorted(PAQUETE.rglob("*.py"))
        if carga not in ruta.parents
        and _importa_yaml(ast.parse(ruta.read_text(encoding="utf-8"), str(ruta)))
    ]
    assert not culpables, f"importan yaml fuera de simulador/carga/: {culpables}"
    # Y la prueba sabe reconocerlo: simulador/carga/ sí lo importa.
    assert any(_importa_yaml(ast.parse(r.read_text(encoding="utf-8"))) for r in
               carga.glob("*.py"))


# Cargar con cualquiera de estos ejecuta lo que diga el archivo.
_SERIALIZADORES_DE_CODIGO = {"pickle", "_pickle", "cPickle", "marshal", "shelve", "dill",
                             "cloudpickle", "joblib"}


def _importa_serializador(arbol: ast.AST) -> bool:
    for nodo in ast.walk(arbol):
        nombres: list[str] = []
        if isinstance(nodo, ast.Import):
            nombres = [a.name for a in nodo.names]
        elif isinstance(nodo, ast.ImportFrom) and nodo.level == 0 and nodo.module:
            nombres = [nodo.module]
        elif (isinstance(nodo, ast.Call) and isinstance(nodo.func, ast.Name | ast.Attribute)
              and (nodo.func.id if isinstance(nodo.func, ast.Name) else nodo.func.attr)
              in ("__import__", "import_module")
              and nodo.args and isinstance(nodo.args[0], ast.Constant)):
            nombres = [str(nodo.args[0].value)]
        if any(n.split(".")[0] in _SERIALIZADORES_DE_CODIGO for n in nombres):
            return True
    return False


def test_ningun_modulo_importa_pickle_ni_marshal():
    culpables = [
        str(ruta.relative_to(PAQUETE.parent))
        for ruta in sorted(PAQUETE.rglob("*.py"))
        if _importa_serializador(ast.parse(ruta.read_text(encoding="utf-8"), str(ruta)))
    ]
    assert not culpables, f"importan pickle o marshal: {culpables}"
    # Y la prueba sabe reconocerlo, se importe como se importe.
    for codigo in ("import pickle", "import marshal as m", "from pickle import loads",
                   "from _pickle import Unpickler", "importlib.import_module('pickle')",
                   "__import__('marshal')"):
        assert _importa_serializador(ast.parse(codigo)), codigo
    assert not _importa_serializador(ast.parse("import json, zlib\nfrom array import array"))
