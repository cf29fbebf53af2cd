"""Reanudar una sesión a medias: se repite en el motor lo que quedó guardado.

El motor es determinista: con la misma semilla, las mismas respuestas en
los mismos segundos y los mismos silencios da la misma conversación. Por
eso no hace falta guardar su estado interno: basta con los turnos. Cada
turno repetido se compara con el guardado; si no coinciden (el escenario
cambió y no se guardó su versión) se dice en lugar de seguir con otra
conversación.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from simulador.calificador import contenido_rubrica, escribir_rubrica, version_de
from simulador.historial.almacen import Historial
from simulador.historial.conexion import ErrorDeHistorial
from simulador.historial.grabador import Grabador
from simulador.historial.modelos import ArchivoJugado
from simulador.incidencias import ErrorDeArchivo
from simulador.rutas import directorio_cache

if TYPE_CHECKING:
    from simulador.calificador import Calificador
    from simulador.formatos.escenario import Escenario
    from simulador.historial.modelos import ResumenSesion, TurnoGuardado
    from simulador.motor import Sesion

T = TypeVar("T")
# Compilar una rúbrica cuesta más de un segundo: una por versión y proceso.
_CALIFICADORES: dict[str, Calificador] = {}


class ErrorDeReanudacion(ErrorDeHistorial):
    """La sesión no se puede reanudar; el mensaje dice por qué y qué hacer."""


class RelojReanudado:
    """Un reloj que primero se coloca en cada momento guardado y después, si se pone en
    marcha, sigue con la hora real desde el último turno."""

    def __init__(self, origen: datetime) -> None:
        self._origen = origen
        self._segundos = 0.0
        self._desde: float | None = None  # time.monotonic() al ponerse en marcha

    def ahora(self) -> float:
        if self._desde is None:
            return self._segundos
        return self._segundos + (time.monotonic() - self._desde)

    def fecha(self) -> datetime:
        return self._origen + timedelta(seconds=self.ahora())

    def avanzar(self, segundos: float) -> None:
        if segundos < 0:
            raise ValueError("el reloj no puede ir hacia atrás")
        self._segundos += segundos

    def ir_a(self, segundos: float) -> None:
        """Coloca el reloj parado exactamente en `segundos` (nunca hacia atrás)."""
        self._segundos = max(self._segundos, segundos)

    def en_marcha(self) -> None:
        self._segundos = self.ahora()
        self._desde = time.monotonic()


# --- buscar el escenario y la rúbrica de entonces ----------------------------------


def _desde_contenido(nombre: str, contenido: bytes, cargar: Callable[[Path], T],
                     escribir: Callable[[bytes, Path], object] = lambda c, r: r.write_bytes(c)
                     ) -> T:
    with tempfile.TemporaryDirectory(prefix="simulador-") as carpeta:
        ruta = Path(carpeta) / (Path(nombre).name or "archivo.yaml")
        escribir(contenido, ruta)
        return cargar(ruta)


def _candidatas(historial: Historial, huella: str, ruta: Path | None,
                incluida: Callable[[], Path | None],
                leer: Callable[[Path], bytes] = Path.read_bytes
                ) -> list[tuple[str, Path | None, bytes]]:
    """Dónde puede estar esa versión: la ruta de entonces, el historial, los incluidos."""
    encontradas: list[tuple[str, Path | None, bytes]] = []
    for candidata in (ruta, incluida()):
        try:
            contenido = leer(candidata) if candidata is not None else None
        except OSError:  # ya no existe o no se puede leer: se busca en otro sitio
            contenido = None
        if candidata is not None and contenido is not None and version_de(contenido) == huella:
            encontradas.append((candidata.name, candidata, contenido))
    guardado = historial.archivo(huella)
    if guardado is not None:
        encontradas.append((guardado[0], None, guardado[1]))
    return encontradas


def _escenario_incluido(ident: str) -> Path | None:
    from simulador.rutas import escenarios_incluidos

    return escenarios_incluidos() / f"{ident}.yaml"


def _rubrica_incluida(ident: str) -> Path | None:
    from simulador.rubricas import ruta_rubrica

    try:
        return ruta_rubrica(ident)
    except ErrorDeArchivo:
        return None


def cargar_escenario_jugado(historial: Historial, resumen: ResumenSesion
                            ) -> tuple[Escenario, ArchivoJugado]:
    from simulador.carga import cargar_escenario

    ruta, _ = historial.rutas_jugadas(resumen.ident)
    for nombre, encontrada, contenido in _candidatas(
            historial, resumen.escenario_version, ruta,
            lambda: _escenario_incluido(resumen.escenario)):
        try:
            cargado = (cargar_escenario(encontrada) if encontrada is not None
                       else _desde_contenido(nombre, contenido, cargar_escenario))
        except (ErrorDeArchivo, OSError):
            continue
        return cargado.modelo, ArchivoJugado("escenario", resumen.escenario_version, nombre,
                                             encontrada, contenido)
    raise ErrorDeReanudacion(
        f"no se encuentra la versión {resumen.escenario_version} del escenario "
        f"«{resumen.escenario}» con la que empezó la sesión (el archivo ha cambiado o ya no "
        f"está): no se puede reanudar. Descártela con «simulador descartar {resumen.ident}».")


def cargar_calificador_jugado(historial: Historial, resumen: ResumenSesion,
                              calificador: Calificador | None = None
                              ) -> tuple[Calificador, ArchivoJugado]:
    from simulador.calificador import Calificador

    version = resumen.rubrica_version
    _, ruta = historial.rutas_jugadas(resumen.ident)
    candidatas = _candidatas(historial, version, ruta,
                             lambda: _rubrica_incluida(resumen.rubrica), contenido_rubrica)
    if calificador is not None and calificador.version == version:
        _CALIFICADORES.setdefault(version, calificador)
    if candidatas and version in _CALIFICADORES:
        nombre, encontrada, contenido = candidatas[0]
        return _CALIFICADORES[version], ArchivoJugado("rubrica", version, nombre, encontrada,
                                                      contenido)
    cache = directorio_cache()  # la misma copia compilada que usa `jugar`

    def compilar(ruta: Path) -> Calificador:
        return Calificador.desde_archivo(ruta, cache)

    for nombre, encontrada, contenido in candidatas:
        try:
            compilado = (compilar(encontrada) if encontrada is not None
                         else _desde_contenido(nombre, contenido, compilar, escribir_rubrica))
        except (ErrorDeArchivo, OSError):
            continue
        _CALIFICADORES[version] = compilado
        return compilado, ArchivoJugado("rubrica", version, nombre, encontrada, contenido)
    if version in _CALIFICADORES:
        return _CALIFICADORES[version], ArchivoJugado("rubrica", version,
                                                      f"{resumen.rubrica}.yaml")
    raise ErrorDeReanudacion(
        f"no se encuentra la versión {version} de la rúbrica «{resumen.rubrica}» con la que "
        f"empezó la sesión: no se puede reanudar. Descártela con «simulador descartar "
        f"{resumen.ident}».")


# --- repetir la sesión --------------------------------------------------------------


def _momento_del_silencio(guardados: list[TurnoGuardado], i: int) -> float:
    """Cuándo se comprobó el silencio que produjo la insistencia `i`: si el cliente pasó
    después a otro nodo, esa línea lleva la hora de la comprobación."""
    siguiente = guardados[i + 1] if i + 1 < len(guardados) else None
    if siguiente is not None and siguiente.rol == "cliente" and siguiente.origen == "nodo":
        return siguiente.momento
    return guardados[i].momento


def reconstruir(resumen: ResumenSesion, guardados: list[TurnoGuardado], escenario: Escenario,
                calificador: Calificador, reloj: RelojReanudado | None = None) -> Sesion:
    """Una Sesion igual a la guardada, repitiendo sus acciones en el motor."""
    from simulador.motor import ErrorDeSesion, Sesion

    reloj = reloj or RelojReanudado(resumen.inicio)
    sesion = Sesion(escenario, calificador, semilla=resumen.semilla,
                    modo=resumen.modo,  # type: ignore[arg-type]
                    agente=resumen.agente, equipo=resumen.equipo, reloj=reloj)
    try:
        sesion.iniciar()
        _comprobar(sesion, guardados, 0, resumen)
        while len(sesion.turnos) < len(guardados) and not sesion.terminada:
            i = len(sesion.turnos)
            turno = guardados[i]
            if turno.rol == "agente":
                reloj.ir_a(turno.momento)
                if turno.origen == "terminar":
                    sesion.terminar_relacion(turno.texto)
                else:
                    sesion.responder(turno.texto)
            elif turno.origen == "silencio":
                reloj.ir_a(_momento_del_silencio(guardados, i))
                sesion.comprobar_silencio()
            if len(sesion.turnos) == i:
                raise ErrorDeReanudacion(_distinta(resumen, i))
            _comprobar(sesion, guardados, i, resumen)
    except ErrorDeSesion as exc:
        raise ErrorDeReanudacion(f"al repetir la sesión {resumen.ident}, el motor dice: "
                                 f"{exc}") from exc
    if len(sesion.turnos) < len(guardados):
        raise ErrorDeReanudacion(_distinta(resumen, len(sesion.turnos)))
    return sesion


def _comprobar(sesion: Sesion, guardados: list[TurnoGuardado], desde: int,
               resumen: ResumenSesion) -> None:
    for i in range(desde, min(len(sesion.turnos), len(guardados))):
        hecho, guardado = sesion.turnos[i], guardados[i]
        if (hecho.rol, hecho.texto, hecho.origen, hecho.nodo) != (
                guardado.rol, guardado.texto, guardado.origen, guardado.nodo):
            raise ErrorDeReanudacion(_distinta(resumen, i))


def _distinta(resumen: ResumenSesion, indice: int) -> str:
    return (f"al repetir la sesión {resumen.ident}, el turno {indice + 1} no sale igual que el "
            "guardado (¿ha cambiado el escenario o el programa?): no se puede reanudar. "
            f"Descártela con «simulador descartar {resumen.ident}».")


def reanudar(historial: Historial, ident: str, *, calificador: Calificador | None = None,
             en_vivo: bool = True) -> Grabador:
    """Reconstruye una sesión a medias repitiendo en el motor lo guardado (misma
    semilla, mismas respuestas y silencios) y devuelve su grabador, listo para seguir
    guardando en la misma fila.

    `calificador` evita compilar otra vez la rúbrica si es la misma versión;
    `en_vivo` pone el reloj en marcha (interfaz), si no queda parado (guiones).
    """
    resumen = historial.buscar(ident)
    if not resumen.pendiente:
        estado = "ya terminó" if resumen.terminada else "está descartada"
        raise ErrorDeReanudacion(f"la sesión {resumen.ident} {estado}: solo se reanudan las "
                                 "sesiones a medias (vea «simulador sesiones --pendientes»)")
    guardados = historial.turnos(resumen.ident)
    escenario, archivo_escenario = cargar_escenario_jugado(historial, resumen)
    compilado, archivo_rubrica = cargar_calificador_jugado(historial, resumen, calificador)
    reloj = RelojReanudado(resumen.inicio)
    sesion = reconstruir(resumen, guardados, escenario, compilado, reloj)
    if en_vivo:
        reloj.en_marcha()
    grabador = Grabador(historial, sesion, resumen.ident, archivo_escenario, archivo_rubrica,
                        guardados=len(guardados), creada=True)
    if sesion.terminada or not guardados:
        grabador.anotar()  # terminó justo antes del corte: se guarda ya su resultado
    return grabador
