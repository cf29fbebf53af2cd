"""La frontera del historial: solo simulador/historial/ abre la base de datos.

Y el motor no sabe nada del historial: quien lo usa avisa al grabador. Dentro
del historial y del motor no hay círculos de importación (ni siquiera para los
tipos): `almacen` solo lee y escribe filas, y grabar y reanudar lo usan desde al
lado; un círculo escondido con una importación dentro de una función se rompe
en cuanto alguien importa los módulos en otro orden.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PAQUETE = Path(__file__).resolve().parents[1] / "simulador"
HISTORIAL = PAQUETE / "historial"
SIN_CIRCULOS = ("historial", "motor")


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


# --- sin círculos ---------------------------------------------------------------------


def _modulos(paquete: str) -> dict[str, Path]:
    """Cada módulo del paquete por su nombre completo (el paquete mismo es su __init__)."""
    base = f"simulador.{paquete}"
    return {base if ruta.stem == "__init__" else f"{base}.{ruta.stem}": ruta
            for ruta in sorted((PAQUETE / paquete).glob("*.py"))}


def _hermanos(nodo: ast.Import | ast.ImportFrom, paquete: str, modulos: dict[str, Path]
              ) -> set[str]:
    """Los módulos del mismo paquete que hace cargar una importación."""
    base = f"simulador.{paquete}"
    if isinstance(nodo, ast.Import):
        return {a.name for a in nodo.names} & modulos.keys()
    if nodo.level > 1:
        return set()
    modulo = (base + (f".{nodo.module}" if nodo.module else "")) if nodo.level else nodo.module
    if modulo != base:
        return {modulo} & modulos.keys()
    # `from simulador.motor import grafo` carga ese módulo; `... import Sesion`, el __init__.
    return {f"{base}.{a.name}" if f"{base}.{a.name}" in modulos else base for a in nodo.names}


def _importaciones(ruta: Path) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Cada importación del archivo y si está dentro de una función."""
    encontradas: list[tuple[ast.Import | ast.ImportFrom, bool]] = []

    def recorrer(nodo: ast.AST, en_funcion: bool) -> None:
        for hijo in ast.iter_child_nodes(nodo):
            if isinstance(hijo, ast.Import | ast.ImportFrom):
                encontradas.append((hijo, en_funcion))
            recorrer(hijo, en_funcion or isinstance(
                hijo, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    recorrer(ast.parse(ruta.read_text(encoding="utf-8"), str(ruta)), False)
    return encontradas


def _grafo(paquete: str) -> dict[str, set[str]]:
    """Quién importa a quién dentro del paquete: también dentro de funciones y solo para
    los tipos (TYPE_CHECKING), que un círculo de tipos es un círculo de diseño."""
    modulos = _modulos(paquete)
    return {nombre: {hermano for nodo, _ in _importaciones(ruta)
                     for hermano in _hermanos(nodo, paquete, modulos)} - {nombre}
            for nombre, ruta in modulos.items()}


def _circulo(grafo: dict[str, set[str]]) -> list[str] | None:
    camino: list[str] = []
    terminados: set[str] = set()

    def visitar(modulo: str) -> list[str] | None:
        if modulo in camino:
            return [*camino[camino.index(modulo):], modulo]
        if modulo in terminados:
            return None
        camino.append(modulo)
        for siguiente in sorted(grafo[modulo]):
            if (circulo := visitar(siguiente)) is not None:
                return circulo
        camino.pop()
        terminados.add(modulo)
        return None

    return next((c for m in sorted(grafo) if (c := visitar(m)) is not None), None)


def test_la_prueba_ve_un_circulo():
    assert _circulo({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _circulo({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
    # Y lee las importaciones de verdad: el grabador usa el almacén.
    assert "simulador.historial.almacen" in _grafo("historial")["simulador.historial.grabador"]


@pytest.mark.parametrize("paquete", SIN_CIRCULOS)
def test_sin_circulos_de_importacion(paquete):
    circulo = _circulo(_grafo(paquete))
    assert circulo is None, f"círculo de importaciones en simulador/{paquete}/: " + " → ".join(
        circulo or [])


@pytest.mark.parametrize("paquete", SIN_CIRCULOS)
def test_ningun_modulo_importa_un_hermano_dentro_de_una_funcion(paquete):
    modulos = _modulos(paquete)
    culpables = [f"{ruta.relative_to(PAQUETE.parent)}:{nodo.lineno}"
                 for ruta in modulos.values() for nodo, en_funcion in _importaciones(ruta)
                 if en_funcion and _hermanos(nodo, paquete, modulos)]
    assert not culpables, ("importaciones perezosas de un módulo del mismo paquete (suelen "
                           f"esconder un círculo): {culpables}")


def test_el_almacen_no_sabe_de_grabar_ni_de_reanudar():
    """El repositorio lee y escribe filas: no conoce sesiones del motor, rúbricas ni
    escenarios, ni a quien graba o reanuda."""
    arbol = ast.parse((HISTORIAL / "almacen.py").read_text(encoding="utf-8"))
    ajenos = [m for m in ("simulador.historial.grabador", "simulador.historial.reanudacion",
                          "simulador.historial.archivos", "simulador.motor",
                          "simulador.calificador", "simulador.carga", "simulador.formatos")
              if _importa(arbol, m)]
    assert not ajenos, f"simulador/historial/almacen.py importa {ajenos}"


@pytest.mark.parametrize("paquete", SIN_CIRCULOS)
def test_cada_modulo_se_importa_primero_sin_errores(paquete):
    """Cada módulo, el primero en cargarse (sin nada de simulador ya importado), y
    después los demás del paquete en orden inverso."""
    programa = textwrap.dedent("""
        import importlib
        import sys

        modulos = sys.argv[1:]
        fallos = []
        for primero in modulos:
            for nombre in [m for m in sys.modules if m.split(".")[0] == "simulador"]:
                del sys.modules[nombre]
            orden = [primero, *[m for m in reversed(modulos) if m != primero]]
            for nombre in orden:
                try:
                    importlib.import_module(nombre)
                except Exception as exc:
                    fallos.append(f"{primero} primero, al importar {nombre}: {exc!r}")
                    break
        print("\\n".join(fallos))
    """)
    modulos = sorted(_modulos(paquete))
    proceso = subprocess.run([sys.executable, "-c", programa, *modulos], capture_output=True,
                             text=True, timeout=300)
    assert proceso.returncode == 0, proceso.stderr
    assert len(modulos) > 5 and proceso.stdout.strip() == "", proceso.stdout
