"""Encontrar y cargar los archivos de escenario y rúbrica de una o varias rutas."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulador.carga import Cargado, cargar_escenario
from simulador.formatos.escenario import Escenario
from simulador.incidencias import ErrorDeArchivo, Incidencia, nombre_visible

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
            encontrados = sorted(
                p for p in ruta.rglob("*") if p.suffix.lower() in EXTENSIONES and p.is_file()
            )
            if not encontrados:
                incidencias.append(Incidencia(nombre_visible(ruta), "la carpeta no contiene "
                                              "archivos .yaml", nivel="aviso"))
            for encontrado in encontrados:
                anadir(encontrado)
        elif ruta.exists():
            anadir(ruta)
        else:
            incidencias.append(Incidencia(nombre_visible(ruta), "no existe ese archivo ni esa "
                                          "carpeta"))
    return archivos, incidencias


@dataclass
class Catalogo:
    """Los escenarios que se han podido cargar y los problemas de los que no."""

    escenarios: list[Cargado[Escenario]] = field(default_factory=list)
    incidencias: list[Incidencia] = field(default_factory=list)

    def buscar(self, ident: str) -> Cargado[Escenario] | None:
        return next((c for c in self.escenarios if c.modelo.id == ident), None)


def cargar_catalogo(rutas: Iterable[Path]) -> Catalogo:
    """Carga todos los escenarios; un archivo roto no impide cargar los demás."""
    archivos, incidencias = archivos_yaml(rutas)
    catalogo = Catalogo(incidencias=incidencias)
    for archivo in archivos:
        try:
            catalogo.escenarios.append(cargar_escenario(archivo))
        except ErrorDeArchivo as exc:
            catalogo.incidencias.extend(exc.incidencias)
    return catalogo
