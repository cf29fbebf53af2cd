"""Encontrar y cargar los archivos de escenario y rúbrica de una o varias rutas."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from simulador.carga import Cargado, cargar_escenario
from simulador.formatos.escenario import Escenario
from simulador.incidencias import ErrorDeArchivo, Incidencia, nombre_visible, razon_del_sistema

EXTENSIONES = (".yaml", ".yml")


def archivos_yaml(rutas: Iterable[Path]) -> tuple[list[Path], list[Incidencia]]:
    """Los YAML de cada ruta (una carpeta se recorre entera, en orden)."""
    archivos: list[Path] = []
    incidencias: list[Incidencia] = []
    vistos: set[Path] = set()

    def anadir(archivo: Path) -> None:
        # Un archivo nombrado dos veces (o suelto y dentro de su carpeta) se revisa una
        # sola vez: si no, chocaría consigo mismo como «id repetido».
        try:
            real = archivo.resolve()
        except (OSError, RuntimeError):  # un enlace en bucle: ya se quejará al leerlo
            real = archivo.absolute()
        if real not in vistos:
            vistos.add(real)
            archivos.append(archivo)

    for ruta in rutas:
        if ruta.is_dir():
            encontrados, ilegibles = _buscar(ruta)
            for carpeta, exc in ilegibles:
                incidencias.append(Incidencia(
                    nombre_visible(carpeta), f"no se puede leer la carpeta "
                    f"({razon_del_sistema(exc)}): sus escenarios no se han revisado"))
            if not encontrados and not ilegibles:
                incidencias.append(Incidencia(nombre_visible(ruta), "la carpeta no contiene "
                                              "archivos .yaml", nivel="aviso"))
            for encontrado in encontrados:
                anadir(encontrado)
        elif ruta.exists():
            anadir(ruta)
        elif ruta.is_symlink():
            incidencias.append(Incidencia(nombre_visible(ruta), "es un enlace simbólico roto "
                                          f"(apunta a «{os.readlink(ruta)}», que no existe)"))
        else:
            incidencias.append(Incidencia(nombre_visible(ruta), "no existe ese archivo ni esa "
                                          "carpeta"))
    return archivos, incidencias


def _buscar(carpeta: Path) -> tuple[list[Path], list[tuple[Path, OSError]]]:
    """Los escenarios de una carpeta y sus subcarpetas, y las carpetas que no se pudieron
    leer (sin permiso): una carpeta ilegible no es una carpeta vacía."""
    ilegibles: list[tuple[Path, OSError]] = []

    def fallo(exc: OSError) -> None:
        ilegibles.append((Path(exc.filename or carpeta), exc))

    encontrados = [Path(raiz) / nombre
                   for raiz, _, nombres in os.walk(carpeta, onerror=fallo)
                   for nombre in nombres if Path(nombre).suffix.lower() in EXTENSIONES]
    # Un enlace roto (o en bucle) no se salta en silencio: al leerlo se explica.
    return sorted(p for p in encontrados if p.is_file() or p.is_symlink()), ilegibles


@dataclass(frozen=True)
class Ficha:
    """Un archivo de escenario tal como se lista: si se puede jugar y, si no, por qué.

    `errores` son los de `simulador validar` (carga y grafo): con uno solo, la sesión se
    rompería, así que la lista lo dice antes de ofrecerlo. `avisos` no impiden jugar
    (un id repetido: los dos archivos se juegan, pero `jugar ID` solo encontraría uno).
    """

    ruta: Path
    archivo: str  # como lo reconoce el usuario (relativo a la carpeta actual)
    cargado: Cargado[Escenario] | None
    errores: tuple[Incidencia, ...] = ()
    avisos: tuple[Incidencia, ...] = ()

    @property
    def jugable(self) -> bool:
        return self.cargado is not None and not self.errores


@dataclass
class Catalogo:
    """Los escenarios que se han podido cargar y los problemas de los que no."""

    escenarios: list[Cargado[Escenario]] = field(default_factory=list)
    incidencias: list[Incidencia] = field(default_factory=list)
    fichas: list[Ficha] = field(default_factory=list)  # todos los archivos, en orden

    def buscar(self, ident: str) -> Cargado[Escenario] | None:
        return next((c for c in self.escenarios if c.modelo.id == ident), None)

    @property
    def no_jugables(self) -> list[Ficha]:
        return [f for f in self.fichas if not f.jugable]


def cargar_catalogo(rutas: Iterable[Path]) -> Catalogo:
    """Carga todos los escenarios; un archivo roto no impide cargar los demás.

    Cada escenario pasa también la revisión del grafo de `simulador validar` (con las
    señales de las rúbricas incluidas, las que se pueden elegir al jugar).
    """
    from simulador.rubricas import senales_de_rubricas_incluidas
    from simulador.validacion import comprobar_escenario

    archivos, incidencias = archivos_yaml(rutas)
    catalogo = Catalogo(incidencias=incidencias)
    senales_extra: set[str] | None = None
    for archivo in archivos:
        try:
            cargado = cargar_escenario(archivo)
        except ErrorDeArchivo as exc:
            catalogo.incidencias.extend(exc.incidencias)
            catalogo.fichas.append(Ficha(archivo, nombre_visible(archivo), None,
                                         tuple(exc.incidencias)))
            continue
        if senales_extra is None:
            senales_extra = senales_de_rubricas_incluidas()
        errores = tuple(i for i in comprobar_escenario(cargado, senales_extra)
                        if i.nivel == "error")
        catalogo.incidencias.extend(errores)
        catalogo.escenarios.append(cargado)
        catalogo.fichas.append(Ficha(archivo, cargado.documento.nombre, cargado, errores))
    _marcar_repetidos(catalogo)
    return catalogo


def _marcar_repetidos(catalogo: Catalogo) -> None:
    """Dos archivos con el mismo id: un aviso en cada uno que nombra al otro."""
    from simulador.validacion import ids_repetidos

    cargadas = [(i, f.cargado) for i, f in enumerate(catalogo.fichas) if f.cargado is not None]
    por_archivo = {cargado.documento.nombre: i for i, cargado in cargadas}
    primeros: dict[str, int] = {}
    for i, cargado in cargadas:
        primeros.setdefault(cargado.modelo.id, i)
    for incidencia in ids_repetidos(cargado for _, cargado in cargadas):
        # validar lo cuenta como error; para jugar no lo es: cada archivo se juega entero.
        aviso = replace(incidencia, nivel="aviso")
        catalogo.incidencias.append(aviso)
        segundo = por_archivo[incidencia.archivo]
        _anadir_aviso(catalogo, segundo, aviso)
        otro = catalogo.fichas[segundo]
        assert otro.cargado is not None
        ident = otro.cargado.modelo.id
        pos = otro.cargado.documento.posicion(("id",))
        donde = f"{otro.archivo}:{pos.linea}" if pos else otro.archivo
        primero = catalogo.fichas[primeros[ident]]
        assert primero.cargado is not None
        _anadir_aviso(catalogo, primeros[ident], primero.cargado.documento.incidencia(
            ("id",), f"el id «{ident}» lo usa también {donde}; cada escenario necesita "
            "un id propio", "aviso"))


def _anadir_aviso(catalogo: Catalogo, indice: int, aviso: Incidencia) -> None:
    ficha = catalogo.fichas[indice]
    catalogo.fichas[indice] = replace(ficha, avisos=(*ficha.avisos, aviso))
