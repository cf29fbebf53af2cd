"""Índice de escenarios para pintar la lista de inicio sin cargar el motor.

Cargar un escenario de verdad (YAML + pydantic) cuesta más que abrir la
interfaz entera. La pantalla de inicio solo necesita título, dificultad,
canal y descripción: se guardan en un JSON de la carpeta de datos junto a
la fecha y el tamaño de cada archivo. Si nada ha cambiado, la lista sale del
índice y el catálogo completo se carga después, en segundo plano; si algo
cambió, se carga el catálogo en el momento y se rehace el índice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulador import __version__

if TYPE_CHECKING:
    from simulador.catalogo import Catalogo
    from simulador.formatos.escenario import Escenario

ARCHIVO = "indice-escenarios.json"
_VERSION_FORMATO = 2  # 2: los escenarios que no se pueden jugar, con sus errores
_EXTENSIONES = (".yaml", ".yml")


@dataclass(frozen=True)
class ResumenEscenario:
    """Lo que la lista de inicio muestra de un escenario."""

    ruta: str  # ruta absoluta del archivo: así se encuentra luego en el catálogo
    id: str
    titulo: str
    descripcion: str
    dificultad: str
    canal: str
    cliente: str
    etiquetas: tuple[str, ...] = ()
    # Lo que dice `simulador validar` (archivo:línea: …): con un error no se puede jugar.
    errores: tuple[str, ...] = ()
    avisos: tuple[str, ...] = ()

    @property
    def jugable(self) -> bool:
        return not self.errores


@dataclass
class Indice:
    resumenes: list[ResumenEscenario]  # también los que no se pueden jugar: la lista los marca
    problemas: list[str]  # los errores de esos archivos y de las rutas que no existen
    rotos: list[str]  # los archivos que no se pueden jugar, como los nombra el núcleo


def _archivos(rutas: Iterable[Path]) -> list[Path]:
    """Los YAML de cada ruta, en el mismo orden en que los recorre el catálogo."""
    vistos: set[Path] = set()
    archivos: list[Path] = []
    for ruta in rutas:
        if ruta.is_dir():
            candidatos = sorted(p for p in ruta.rglob("*")
                                if p.suffix.lower() in _EXTENSIONES and p.is_file())
        elif ruta.exists():
            candidatos = [ruta]
        else:
            candidatos = []
        for archivo in candidatos:
            real = archivo.resolve()
            if real not in vistos:
                vistos.add(real)
                archivos.append(real)
    return archivos


def _firma(rutas: Sequence[Path]) -> dict[str, Any]:
    """Lo que debe coincidir para fiarse del índice: rutas, archivos, fechas y tamaños."""
    archivos = []
    for archivo in _archivos(rutas):
        try:
            estado = archivo.stat()
        except OSError:
            continue
        archivos.append([str(archivo), estado.st_mtime_ns, estado.st_size])
    return {
        "formato": _VERSION_FORMATO,
        "version": __version__,
        "rutas": [[str(r), r.exists(), r.is_dir()] for r in rutas],
        "archivos": archivos,
    }


def leer(rutas: Sequence[Path], datos: Path) -> Indice | None:
    """El índice guardado si sigue valiendo para estas rutas; None si hay que rehacerlo."""
    try:
        guardado = json.loads((datos / ARCHIVO).read_text(encoding="utf-8"))
        if guardado.get("firma") != _firma(rutas):
            return None
        resumenes = [ResumenEscenario(**{**r, **{clave: tuple(r.get(clave, ()))
                                                  for clave in ("etiquetas", "errores", "avisos")}})
                     for r in guardado["resumenes"]]
        problemas = [str(p) for p in guardado["problemas"]]
        rotos = [str(p) for p in guardado["rotos"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return Indice(resumenes, problemas, rotos)


def resumen_de(escenario: Escenario, ruta: str) -> ResumenEscenario:
    """Lo que la lista muestra de un escenario ya cargado (`ruta`, absoluta o vacía)."""
    return ResumenEscenario(
        ruta=ruta,
        id=escenario.id,
        titulo=escenario.titulo,
        descripcion=" ".join(escenario.descripcion.split()),
        dificultad=escenario.dificultad,
        canal=escenario.canal,
        cliente=escenario.cliente.nombre,
        etiquetas=tuple(escenario.etiquetas),
    )


def desde_catalogo(catalogo: Catalogo) -> Indice:
    resumenes: list[ResumenEscenario] = []
    for ficha in catalogo.fichas:
        errores = tuple(str(i) for i in ficha.errores)
        avisos = tuple(str(i) for i in ficha.avisos)
        ruta = str(ficha.ruta.resolve())
        if ficha.cargado is not None:
            resumen = replace(resumen_de(ficha.cargado.modelo, ruta), errores=errores,
                              avisos=avisos)
        else:  # sin cargarlo no hay título: el nombre del archivo ocupa su sitio
            resumen = ResumenEscenario(ruta=ruta, id="", titulo=Path(ficha.archivo).name,
                                       descripcion="", dificultad="", canal="", cliente="",
                                       errores=errores, avisos=avisos)
        resumenes.append(resumen)
    errores = [i for i in catalogo.incidencias if i.nivel == "error"]
    rotos = [f.archivo for f in catalogo.no_jugables]
    return Indice(resumenes, [str(i) for i in errores], rotos)


def guardar(rutas: Sequence[Path], datos: Path, indice: Indice) -> None:
    """Guarda el índice; si no se puede escribir, la próxima vez se cargará sin él."""
    contenido = {"firma": _firma(rutas),
                 "resumenes": [asdict(r) for r in indice.resumenes],
                 "problemas": indice.problemas, "rotos": indice.rotos}
    ruta = datos / ARCHIVO
    temporal = ruta.with_name(ruta.name + ".tmp")
    try:
        datos.mkdir(parents=True, exist_ok=True)
        temporal.write_text(json.dumps(contenido, ensure_ascii=False), encoding="utf-8")
        os.replace(temporal, ruta)
    except OSError:
        pass
