"""Un historial creado por una versión anterior se abre, se pone al día y no pierde nada."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_historial import jugar, lineas_de

from simulador.exportar import tabla
from simulador.historial import VERSION_ACTUAL, ErrorDeHistorial, Historial, reanudar
from simulador.historial.esquema import script

# El script de la versión 1 tal como se publicó. Si esta prueba falla porque alguien lo
# cambió en esquema.py: las migraciones publicadas no se editan, se añade una nueva.
ESQUEMA_V1 = """\
CREATE TABLE sesiones (
        id TEXT PRIMARY KEY,
        inicio TEXT NOT NULL,
        agente TEXT NOT NULL DEFAULT '',
        equipo TEXT NOT NULL DEFAULT '',
        escenario TEXT NOT NULL,
        escenario_titulo TEXT NOT NULL DEFAULT '',
        escenario_version TEXT NOT NULL,
        escenario_ruta TEXT,
        rubrica TEXT NOT NULL,
        rubrica_version TEXT NOT NULL,
        rubrica_ruta TEXT,
        modo TEXT NOT NULL,
        semilla INTEGER NOT NULL,
        estado TEXT NOT NULL DEFAULT 'en_curso'
            CHECK (estado IN ('en_curso', 'terminada', 'descartada'))
    );
CREATE TABLE turnos (
        sesion TEXT NOT NULL REFERENCES sesiones (id),
        indice INTEGER NOT NULL,
        rol TEXT NOT NULL CHECK (rol IN ('cliente', 'agente')),
        texto TEXT NOT NULL,
        momento REAL NOT NULL,
        origen TEXT NOT NULL,
        nodo TEXT,
        enfado INTEGER NOT NULL,
        numero INTEGER,
        segundos_respuesta REAL,
        senales TEXT NOT NULL,
        evidencias TEXT NOT NULL,
        PRIMARY KEY (sesion, indice)
    ) WITHOUT ROWID;
CREATE TABLE resultados (
        sesion TEXT PRIMARY KEY REFERENCES sesiones (id),
        fin TEXT NOT NULL,
        puntaje INTEGER NOT NULL,
        aprobado INTEGER NOT NULL,
        criterios TEXT NOT NULL,
        cierre TEXT NOT NULL,
        cierre_esperado TEXT NOT NULL,
        final TEXT,
        turnos INTEGER NOT NULL,
        duracion_s REAL NOT NULL,
        respuesta_media_s REAL,
        transcripcion TEXT NOT NULL,
        resultado TEXT NOT NULL
    );
"""

_COLUMNAS_V1 = {
    "sesiones": "id, inicio, agente, equipo, escenario, escenario_titulo, escenario_version, "
                "escenario_ruta, rubrica, rubrica_version, rubrica_ruta, modo, semilla, estado",
    "turnos": "sesion, indice, rol, texto, momento, origen, nodo, enfado, numero, "
              "segundos_respuesta, senales, evidencias",
    "resultados": "sesion, fin, puntaje, aprobado, criterios, cierre, cierre_esperado, final, "
                  "turnos, duracion_s, respuesta_media_s, transcripcion, resultado",
}


def test_el_script_v1_publicado_no_ha_cambiado():
    assert script(1) == ESQUEMA_V1


def _historial_v1(tmp_path: Path) -> tuple[Path, str, str]:
    """Un historial con el esquema v1 y los datos que habría escrito aquella versión."""
    with Historial(tmp_path / "actual.sqlite3") as actual:
        terminada = jugar(actual, lineas_de("pedido-retrasado-modelo"), agente="Ana")
        cortada = jugar(actual, ["De acuerdo."], agente="Luis", equipo="Tarde", semilla=4,
                        fecha=datetime(2024, 3, 5, 16, 0, tzinfo=UTC))
    ruta = tmp_path / "v1.sqlite3"
    conexion = sqlite3.connect(ruta)
    conexion.executescript(ESQUEMA_V1)
    conexion.execute("PRAGMA user_version = 1")
    conexion.execute("ATTACH DATABASE ? AS actual", (str(tmp_path / "actual.sqlite3"),))
    with conexion:
        for tabla_v1, columnas in _COLUMNAS_V1.items():
            conexion.execute(f"INSERT INTO main.{tabla_v1} ({columnas}) "
                             f"SELECT {columnas} FROM actual.{tabla_v1}")
        # La v1 no guardaba rutas siempre: se reanuda con los incluidos por su id.
        conexion.execute("UPDATE main.sesiones SET escenario_ruta = NULL, rubrica_ruta = NULL")
    conexion.execute("DETACH DATABASE actual")
    conexion.close()
    return ruta, terminada.ident, cortada.ident


def test_un_historial_v1_se_abre_y_se_pone_al_dia(tmp_path):
    ruta, terminada, cortada = _historial_v1(tmp_path)
    with Historial(ruta) as historial:
        sesiones = historial.sesiones()
        assert [s.ident for s in sesiones] == [terminada, cortada]
        assert [s.estado for s in sesiones] == ["terminada", "en_curso"]
        assert historial.turnos(terminada) and historial.transcripcion(terminada)
        _, filas = tabla(historial.terminadas())
        assert [f["sesion_id"] for f in filas] == [terminada] and filas[0]["agente"] == "Ana"
        # La v3 recupera del resultado la versión que el autor puso al escenario.
        assert filas[0]["escenario_version_autor"] == "1.0"
        assert sesiones[1].escenario_version_autor == ""  # sin resultado, no se sabe
        # La v4 anota las partidas con guion: las de antes cuentan como jugadas a mano.
        assert [s.guion for s in sesiones] == [False, False]
        assert filas[0]["guion"] == "no"
        # Lo nuevo de la v2 funciona con los datos viejos: reanudar y terminar.
        grabador = reanudar(historial, cortada[:6], en_vivo=False)
        assert grabador.sesion.agente == "Luis" and len(grabador.sesion.respuestas) == 1
        grabador.anotar(grabador.sesion.responder("Lo siento muchísimo, Lucía: hoy mismo le "
                                                  "enviamos la cafetera por mensajero."))
    conexion = sqlite3.connect(ruta)
    assert conexion.execute("PRAGMA user_version").fetchone()[0] == VERSION_ACTUAL
    assert conexion.execute("SELECT count(*) FROM turnos WHERE sesion = ?",
                            (cortada,)).fetchone()[0] == 5
    assert conexion.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conexion.close()


def test_un_historial_de_una_version_mas_nueva(tmp_path, ejecutar):
    ruta = tmp_path / "datos_usuario" / "historial.sqlite3"
    ruta.parent.mkdir()
    conexion = sqlite3.connect(ruta)
    conexion.execute(f"PRAGMA user_version = {VERSION_ACTUAL + 1}")
    conexion.close()
    with pytest.raises(ErrorDeHistorial, match="versión más nueva"):
        Historial(ruta).sesiones()
    salida = ejecutar("sesiones")
    assert salida.codigo == 2 and "versión más nueva" in salida.err
    assert "Traceback" not in salida.todo
