"""`Historial`: la base de datos SQLite de sesiones, turnos y resultados.

Se abre al primer uso y se comparte entre hilos (con un cerrojo): la
interfaz de texto puede grabar desde un hilo y listar desde otro. Las
consultas sobre un historial que aún no existe devuelven listas vacías sin
crear el archivo; solo escribir lo crea.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulador.historial.conexion import (
    ErrorDeHistorial,
    abrir,
    comprobar_ruta,
    traducir_errores,
    transaccion,
)
from simulador.historial.filtro import Filtro
from simulador.historial.modelos import (
    FinDeSesion,
    ResultadoGuardado,
    ResumenSesion,
    SesionNueva,
    TurnoGuardado,
)
from simulador.rutas import directorio_datos
from simulador.texto import unicode_valido

if TYPE_CHECKING:
    import sqlite3

NOMBRE_ARCHIVO = "historial.sqlite3"
_PREFIJO_MINIMO = 4
_IDENT = re.compile(r"^[0-9a-f]+$")

_CONSULTA_SESIONES = """
    SELECT s.id, s.inicio, s.agente, s.equipo, s.escenario, s.escenario_titulo,
           s.escenario_version, s.escenario_version_autor, s.rubrica, s.rubrica_version,
           s.modo, s.semilla, s.estado,
           s.actualizada, s.guion,
           (SELECT count(*) FROM turnos t WHERE t.sesion = s.id) AS n_turnos,
           (SELECT count(*) FROM turnos t WHERE t.sesion = s.id AND t.rol = 'agente')
               AS n_respuestas,
           r.sesion AS con_resultado, r.fin, r.puntaje, r.aprobado, r.criterios, r.cierre,
           r.cierre_esperado, r.final, r.turnos AS r_turnos, r.duracion_s,
           r.respuesta_media_s
    FROM sesiones s LEFT JOIN resultados r ON r.sesion = s.id
"""


class SesionNoEncontrada(ErrorDeHistorial):
    """No hay ninguna sesión con ese identificador (o el prefijo es ambiguo)."""


def ruta_historial(datos: Path | None = None) -> Path:
    """El archivo del historial dentro de la carpeta de datos (--datos, SIMULADOR_DATOS…)."""
    return directorio_datos(datos) / NOMBRE_ARCHIVO


def fecha_de(texto: str | None) -> datetime | None:
    if not texto:
        return None
    fecha = datetime.fromisoformat(texto)
    return fecha if fecha.tzinfo else fecha.replace(tzinfo=UTC)


def texto_de_fecha(fecha: datetime) -> str:
    """Las fechas se guardan en UTC e ISO 8601: se ordenan y se comparan sin sorpresas."""
    if fecha.tzinfo is None:
        fecha = fecha.astimezone()
    return fecha.astimezone(UTC).isoformat()


class Historial:
    """El historial de sesiones de un usuario (un archivo SQLite en su carpeta de datos)."""

    def __init__(self, ruta: Path) -> None:
        self.ruta = Path(ruta)
        self._conexion: sqlite3.Connection | None = None
        self._cerrojo = threading.RLock()
        # Las sesiones dañadas que las consultas saltaron (id → por qué), para avisar.
        self.danadas: dict[str, str] = {}

    @classmethod
    def del_usuario(cls, datos: Path | None = None) -> Historial:
        """El historial de la carpeta de datos (la de `--datos`, SIMULADOR_DATOS o la del
        usuario)."""
        return cls(ruta_historial(datos))

    @property
    def existe(self) -> bool:
        return self.ruta.is_file()

    def cerrar(self) -> None:
        with self._cerrojo:
            if self._conexion is not None:
                self._conexion.close()
                self._conexion = None

    def __enter__(self) -> Historial:
        return self

    def __exit__(self, *_: object) -> None:
        self.cerrar()

    # --- conexión ---------------------------------------------------------------

    def _abierta(self) -> sqlite3.Connection:
        if self._conexion is None:
            self._conexion = abrir(self.ruta)
        return self._conexion

    @contextmanager
    def escritura(self) -> Iterator[sqlite3.Connection]:
        """Una transacción de escritura: todo o nada."""
        with self._cerrojo, traducir_errores(self.ruta):
            conexion = self._abierta()
            with transaccion(conexion):
                yield conexion

    @contextmanager
    def _lectura(self) -> Iterator[sqlite3.Connection | None]:
        """Una lectura coherente; None si el historial todavía no existe."""
        with self._cerrojo, traducir_errores(self.ruta):
            if self._conexion is None and not self.existe:
                comprobar_ruta(self.ruta)
                yield None
                return
            conexion = self._abierta()
            if conexion.in_transaction:  # una lectura dentro de una escritura del mismo hilo
                yield conexion
                return
            with transaccion(conexion, inmediata=False):
                yield conexion

    # --- consultas --------------------------------------------------------------

    def sesiones(self, *, pendientes: bool = False, terminadas: bool = False,
                 filtro: Filtro | None = None) -> list[ResumenSesion]:
        """Las sesiones, de la más antigua a la más reciente (descartadas incluidas, salvo
        que se pidan solo las pendientes o solo las terminadas)."""
        with self._lectura() as conexion:
            if conexion is None:
                return []
            condicion = ""
            if pendientes:
                condicion = " WHERE s.estado = 'en_curso'"
            elif terminadas:
                condicion = " WHERE s.estado = 'terminada' AND r.sesion IS NOT NULL"
            filas = conexion.execute(_CONSULTA_SESIONES + condicion).fetchall()
        resumenes = []
        for fila in filas:
            try:
                resumenes.append(_resumen(fila))
            except _DANOS as exc:
                self.danadas[fila["id"]] = _motivo_dano(exc)
        if filtro is not None:
            resumenes = [r for r in resumenes if filtro.admite(r.inicio, r.agente, r.equipo,
                                                               r.escenario)]
        return sorted(resumenes, key=lambda r: (r.inicio, r.ident))

    def pendientes(self) -> list[ResumenSesion]:
        """Las sesiones a medias (cortadas o dejadas): se pueden reanudar o descartar."""
        return self.sesiones(pendientes=True)

    def terminadas(self, filtro: Filtro | None = None) -> list[ResumenSesion]:
        """Las sesiones terminadas, con su resultado: lo que se exporta."""
        return self.sesiones(terminadas=True, filtro=filtro)

    def buscar(self, ident: str) -> ResumenSesion:
        """La sesión con ese identificador o con ese comienzo (al menos 4 caracteres)."""
        buscado = ident.strip().lower()
        if len(buscado) < _PREFIJO_MINIMO or not _IDENT.match(buscado):
            raise SesionNoEncontrada(f"«{ident}» no es un identificador de sesión (vea "
                                     "«simulador sesiones»)")
        with self._lectura() as conexion:
            filas = [] if conexion is None else conexion.execute(
                _CONSULTA_SESIONES + " WHERE s.id >= ? AND s.id < ? ORDER BY s.id LIMIT 6",
                (buscado, buscado + "g")).fetchall()
        if not filas:
            raise SesionNoEncontrada(f"no hay ninguna sesión «{ident}» en el historial (vea "
                                     "«simulador sesiones»)")
        exacta = [f for f in filas if f["id"] == buscado]
        if len(filas) > 1 and not exacta:
            candidatas = ", ".join(f["id"] for f in filas[:5])
            raise SesionNoEncontrada(f"«{ident}» puede ser varias sesiones ({candidatas}…): "
                                     "escriba más caracteres")
        fila = exacta[0] if exacta else filas[0]
        try:
            return _resumen(fila)
        except _DANOS as exc:
            raise ErrorDeHistorial(f"la sesión {fila['id']} del historial está dañada "
                                   f"({_motivo_dano(exc)}): no se puede usar") from None

    def turnos(self, ident: str) -> list[TurnoGuardado]:
        """Los turnos guardados de una sesión, en orden."""
        with self._lectura() as conexion:
            if conexion is None:
                return []
            filas = conexion.execute("SELECT * FROM turnos WHERE sesion = ? ORDER BY indice",
                                     (ident,)).fetchall()
        return [TurnoGuardado(
            indice=f["indice"], rol=f["rol"], texto=f["texto"], momento=f["momento"],
            origen=f["origen"], nodo=f["nodo"], enfado=f["enfado"], numero=f["numero"],
            segundos_respuesta=f["segundos_respuesta"], senales=json.loads(f["senales"]),
            evidencias=json.loads(f["evidencias"])) for f in filas]

    def transcripcion(self, ident: str) -> dict[str, Any] | None:
        """La transcripción (shared/senales.md) de una sesión terminada."""
        return self._json_resultado(ident, "transcripcion")

    def resultado(self, ident: str) -> dict[str, Any] | None:
        """El resultado completo de una sesión terminada (lo que da `jugar --json`)."""
        return self._json_resultado(ident, "resultado")

    def _json_resultado(self, ident: str, columna: str) -> dict[str, Any] | None:
        with self._lectura() as conexion:
            fila = None if conexion is None else conexion.execute(
                f"SELECT {columna} FROM resultados WHERE sesion = ?", (ident,)).fetchone()
        return None if fila is None else dict(json.loads(fila[0]))

    def archivo(self, huella: str) -> tuple[str, bytes] | None:
        """El nombre y el contenido del escenario o rúbrica guardado con esa huella."""
        with self._lectura() as conexion:
            fila = None if conexion is None else conexion.execute(
                "SELECT nombre, contenido FROM archivos WHERE huella = ?", (huella,)).fetchone()
        return None if fila is None else (str(fila[0]), bytes(fila[1]))

    def rutas_jugadas(self, ident: str) -> tuple[Path | None, Path | None]:
        """Dónde estaban el escenario y la rúbrica cuando se jugó la sesión."""
        with self._lectura() as conexion:
            fila = None if conexion is None else conexion.execute(
                "SELECT escenario_ruta, rubrica_ruta FROM sesiones WHERE id = ?",
                (ident,)).fetchone()
        if fila is None:
            return None, None
        return (Path(fila[0]) if fila[0] else None, Path(fila[1]) if fila[1] else None)

    # --- cambios ----------------------------------------------------------------

    def anotar(self, ident: str, turnos: Sequence[TurnoGuardado], *,
               nueva: SesionNueva | None = None, fin: FinDeSesion | None = None) -> None:
        """Lo nuevo de una sesión en una sola transacción (todo o nada): la crea si es
        `nueva` (si no, comprueba que nadie la ha descartado), añade sus `turnos` y, con
        `fin`, la da por terminada con su resultado."""
        with self.escritura() as conexion:
            if nueva is not None:
                _crear(conexion, ident, nueva)
            else:
                _comprobar_que_sigue(conexion, ident)
            for turno in turnos:
                _anadir_turno(conexion, ident, turno)
            conexion.execute("UPDATE sesiones SET actualizada = ? WHERE id = ?",
                             (texto_de_fecha(datetime.now(UTC)), ident))
            if fin is not None:
                _terminar(conexion, ident, fin)

    def descartar(self, ident: str) -> ResumenSesion:
        """Descarta una sesión a medias: deja de ofrecerse para reanudar y no se exporta
        (sus turnos se conservan en el historial)."""
        sesion = self.buscar(ident)
        if not sesion.pendiente:
            estado = "ya terminó" if sesion.terminada else "ya estaba descartada"
            raise ErrorDeHistorial(f"la sesión {sesion.ident} {estado}: solo se descartan "
                                   "las sesiones a medias")
        with self.escritura() as conexion:
            conexion.execute("UPDATE sesiones SET estado = 'descartada', actualizada = ? "
                             "WHERE id = ? AND estado = 'en_curso'",
                             (texto_de_fecha(datetime.now(UTC)), sesion.ident))
        return self.buscar(sesion.ident)


# Un campo que no es lo que debe (una fecha imposible, una nota que no es un número):
# el historial se editó a mano o se dañó. Esa sesión se salta y se avisa.
_DANOS = (ValueError, TypeError, OverflowError, KeyError)


def _motivo_dano(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return "un campo JSON no se puede leer"
    return "una fecha o un número no válidos" if isinstance(exc, ValueError | TypeError
                                                           | OverflowError) else str(exc)


def _resumen(fila: sqlite3.Row) -> ResumenSesion:
    resultado = None
    if fila["con_resultado"] is not None:
        resultado = ResultadoGuardado(
            fin=fecha_de(fila["fin"]) or datetime.now(UTC), puntaje=int(fila["puntaje"]),
            aprobado=bool(fila["aprobado"]), criterios=json.loads(fila["criterios"]),
            cierre=fila["cierre"], cierre_esperado=fila["cierre_esperado"],
            final=fila["final"], turnos=int(fila["r_turnos"]),
            duracion_s=float(fila["duracion_s"]),
            respuesta_media_s=(None if fila["respuesta_media_s"] is None
                               else float(fila["respuesta_media_s"])))
    return ResumenSesion(
        ident=fila["id"], inicio=fecha_de(fila["inicio"]) or datetime.now(UTC),
        agente=fila["agente"], equipo=fila["equipo"], escenario=fila["escenario"],
        escenario_titulo=fila["escenario_titulo"], escenario_version=fila["escenario_version"],
        escenario_version_autor=fila["escenario_version_autor"],
        rubrica=fila["rubrica"], rubrica_version=fila["rubrica_version"], modo=fila["modo"],
        semilla=int(fila["semilla"]), estado=fila["estado"], turnos=int(fila["n_turnos"]),
        respuestas=int(fila["n_respuestas"]), actualizada=fecha_de(fila["actualizada"]),
        resultado=resultado, guion=bool(fila["guion"]))


# --- escrituras ---------------------------------------------------------------------


def _json(datos: Any) -> str:
    return json.dumps(datos, ensure_ascii=False, separators=(",", ":"))


def _ruta(ruta: Path | None) -> str | None:
    """La ruta como texto que SQLite admite (sus bytes raros, como «�»)."""
    return unicode_valido(str(ruta)) if ruta is not None else None


def _comprobar_que_sigue(conexion: sqlite3.Connection, ident: str) -> None:
    """Alguien la descartó desde otra ventana («simulador descartar») mientras se jugaba:
    no vuelve al historial como terminada (ni se exporta); se dice al que juega."""
    fila = conexion.execute("SELECT estado FROM sesiones WHERE id = ?", (ident,)).fetchone()
    if fila is None or fila[0] == "descartada":
        raise ErrorDeHistorial(f"la sesión {ident[:10]} se descartó desde otra ventana "
                               "mientras se jugaba: ya no se guarda")


def _crear(conexion: sqlite3.Connection, ident: str, nueva: SesionNueva) -> None:
    escenario, rubrica = nueva.archivo_escenario, nueva.archivo_rubrica
    for archivo in (escenario, rubrica):
        if archivo.contenido is not None:
            conexion.execute("INSERT OR IGNORE INTO archivos (huella, tipo, nombre, "
                             "contenido) VALUES (?, ?, ?, ?)",
                             (archivo.huella, archivo.tipo, unicode_valido(archivo.nombre),
                              archivo.contenido))
    conexion.execute(
        "INSERT INTO sesiones (id, inicio, agente, equipo, escenario, escenario_titulo, "
        "escenario_version, escenario_ruta, rubrica, rubrica_version, rubrica_ruta, modo, "
        "semilla, estado, actualizada, escenario_version_autor, guion) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, 'en_curso', ?, ?, ?)",
        (ident, texto_de_fecha(nueva.inicio), unicode_valido(nueva.agente),
         unicode_valido(nueva.equipo), nueva.escenario, nueva.escenario_titulo,
         escenario.huella, _ruta(escenario.ruta), nueva.rubrica, rubrica.huella,
         _ruta(rubrica.ruta), nueva.modo, nueva.semilla, texto_de_fecha(datetime.now(UTC)),
         nueva.escenario_version_autor, int(nueva.guion)))


def _anadir_turno(conexion: sqlite3.Connection, ident: str, turno: TurnoGuardado) -> None:
    conexion.execute(
        "INSERT INTO turnos (sesion, indice, rol, texto, momento, origen, nodo, enfado, "
        "numero, segundos_respuesta, senales, evidencias) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ident, turno.indice, turno.rol, turno.texto, turno.momento, turno.origen,
         turno.nodo, turno.enfado, turno.numero, turno.segundos_respuesta,
         _json(turno.senales), _json(turno.evidencias)))


def _terminar(conexion: sqlite3.Connection, ident: str, fin: FinDeSesion) -> None:
    resultado = fin.resultado
    conexion.execute(
        "INSERT INTO resultados (sesion, fin, puntaje, aprobado, criterios, cierre, "
        "cierre_esperado, final, turnos, duracion_s, respuesta_media_s, transcripcion, "
        "resultado) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ident, texto_de_fecha(resultado.fin), resultado.puntaje, int(resultado.aprobado),
         _json(resultado.criterios), resultado.cierre, resultado.cierre_esperado,
         resultado.final, resultado.turnos, resultado.duracion_s,
         resultado.respuesta_media_s, _json(fin.transcripcion), _json(fin.completo)))
    conexion.execute("UPDATE sesiones SET estado = 'terminada' WHERE id = ?", (ident,))
