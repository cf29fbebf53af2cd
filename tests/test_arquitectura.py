"""Las reglas de la arquitectura, comprobadas: cada una con su prueba.

- El núcleo no importa Textual: solo simulador/tui/ lo hace.
- Solo simulador/carga/ lee YAML.
- Ningún módulo importa pickle ni marshal: lo que se guarda (la caché de la rúbrica
  compilada incluida) son datos, y un archivo plantado no puede ejecutar código.
- Un nombre para cada cosa: dos clases (o alias de tipo) del paquete no se llaman igual,
  y la interfaz no repite el nombre de un módulo de primer nivel del núcleo.
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


# --- un nombre para cada cosa -----------------------------------------------------------

# Repetidos que otro trabajo tenga abiertos (ninguno hoy). Cuando uno cambie de nombre,
# esta prueba pide quitarlo de aquí.
_REPETIDOS_PENDIENTES: dict[str, list[str]] = {}


def _es_tipo(nombre: str) -> bool:
    """`TipoFinal` o `Salto` son tipos; `CIERRES_BIEN` o `T` no."""
    return nombre[:1].isupper() and not nombre.isupper()


def _tipos_definidos(arbol: ast.Module) -> list[str]:
    """Las clases y los alias de tipo (`Nombre = …`) de nivel superior de un módulo."""
    nombres: list[str] = []
    for nodo in arbol.body:
        if isinstance(nodo, ast.ClassDef):
            nombres.append(nodo.name)
        elif isinstance(nodo, ast.Assign | ast.AnnAssign):
            objetivos = nodo.targets if isinstance(nodo, ast.Assign) else [nodo.target]
            nombres += [o.id for o in objetivos if isinstance(o, ast.Name) and _es_tipo(o.id)]
    return nombres


def _repetidos(modulos: dict[str, str]) -> dict[str, list[str]]:
    """Nombre de tipo → los módulos que lo definen, si son más de uno."""
    donde: dict[str, list[str]] = {}
    for ruta, codigo in sorted(modulos.items()):
        for nombre in _tipos_definidos(ast.parse(codigo, ruta)):
            donde.setdefault(nombre, []).append(ruta)
    return {nombre: rutas for nombre, rutas in donde.items() if len(rutas) > 1}


def test_dos_clases_del_paquete_no_se_llaman_igual():
    modulos = {str(ruta.relative_to(PAQUETE.parent)): ruta.read_text(encoding="utf-8")
               for ruta in PAQUETE.rglob("*.py")}
    assert _repetidos(modulos) == _REPETIDOS_PENDIENTES, (
        "cada nombre de clase o de tipo debe decir una sola cosa en todo el paquete "
        "(si un pendiente ya no se repite, quítelo de _REPETIDOS_PENDIENTES)")
    # Y la prueba sabe reconocerlo: clases, alias con y sin anotación; no las constantes.
    assert _repetidos({
        "a.py": "class Informe:\n    pass\nLinea = int\nAYUDA = 1\nT = 2\n",
        "b.py": "Informe = str\nLinea: TypeAlias = str\nAYUDA = 3\nT = 4\n",
        "c.py": "def f():\n    class Informe: ...\n",
    }) == {"Informe": ["a.py", "b.py"], "Linea": ["a.py", "b.py"]}


def _asignados(arbol: ast.Module) -> set[str]:
    """Los nombres que un módulo define con `=` en su nivel superior."""
    nombres: set[str] = set()
    for nodo in arbol.body:
        objetivos = (nodo.targets if isinstance(nodo, ast.Assign)
                     else [nodo.target] if isinstance(nodo, ast.AnnAssign) else [])
        nombres |= {o.id for o in objetivos if isinstance(o, ast.Name)}
    return nombres


def test_lo_que_dice_el_contrato_se_define_una_sola_vez():
    """`formatos/senales.py` dice qué señales, veredictos y finales hay y qué cierres son
    un acierto: otro módulo que vuelva a definir `CIERRES_BIEN` o `TipoFinal` puede
    quedarse atrás cuando el contrato cambie."""
    contrato = PAQUETE / "formatos" / "senales.py"
    nombres = _asignados(ast.parse(contrato.read_text(encoding="utf-8")))
    assert {"CIERRES_BIEN", "TipoFinal", "VEREDICTOS"} <= nombres
    culpables = sorted(
        f"{ruta.relative_to(PAQUETE.parent)}: {', '.join(sorted(repetidos))}"
        for ruta in PAQUETE.rglob("*.py") if ruta != contrato
        if (repetidos := nombres & _asignados(ast.parse(ruta.read_text(encoding="utf-8"))))
    )
    assert not culpables, f"vuelven a definir nombres de formatos/senales.py: {culpables}"
    assert _asignados(ast.parse("CIERRES_BIEN = ()\nTipoFinal: object = str\n")) == {
        "CIERRES_BIEN", "TipoFinal"}


def _nombres_de_modulos(carpeta: Path) -> set[str]:
    """Los módulos y paquetes de una carpeta, por su nombre de importación."""
    return ({r.stem for r in carpeta.glob("*.py") if r.stem != "__init__"}
            | {r.name for r in carpeta.iterdir() if (r / "__init__.py").is_file()})


def _choques_con_el_nucleo(paquete: Path) -> list[str]:
    """Módulos o paquetes de `tui/` que se llaman como uno de primer nivel del núcleo."""
    nucleo = _nombres_de_modulos(paquete) - {"tui"}
    return sorted(
        f"{ruta.relative_to(paquete.parent)} se llama como {paquete.name}/{ruta.stem}"
        for ruta in (paquete / "tui").rglob("*")
        if (ruta.suffix == ".py" or (ruta / "__init__.py").is_file()) and ruta.stem in nucleo
    )


def test_la_interfaz_no_repite_el_nombre_de_un_modulo_del_nucleo(tmp_path):
    """`tui/comandos.py` (la paleta) se confundía con las subórdenes de `comandos/`, y
    `tui/pantallas/revision.py` con la validación en lote de `revision.py`."""
    assert not _choques_con_el_nucleo(PAQUETE)
    # Y la prueba sabe reconocerlo: así estaba antes.
    antes = tmp_path / "simulador"
    for archivo in ("comandos/__init__.py", "revision.py", "validacion.py", "tui/__init__.py",
                    "tui/comandos.py", "tui/pantallas/__init__.py", "tui/pantallas/revision.py",
                    "tui/pantallas/inicio.py"):
        (antes / archivo).parent.mkdir(parents=True, exist_ok=True)
        (antes / archivo).write_text("", encoding="utf-8")
    assert _choques_con_el_nucleo(antes) == [
        "simulador/tui/comandos.py se llama como simulador/comandos",
        "simulador/tui/pantallas/revision.py se llama como simulador/revision",
    ]
