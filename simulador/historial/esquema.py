"""El esquema de la base de datos del historial y sus migraciones.

Cada versión del esquema es una lista de sentencias que se aplica una sola
vez, en orden, dentro de una transacción; `PRAGMA user_version` dice cuántas
se han aplicado. Así una versión nueva del programa abre (y pone al día) un
historial creado por una anterior, y nunca se pierde nada de lo guardado.
Las migraciones ya publicadas no se editan: se añade una nueva al final.
"""

from __future__ import annotations

# Versión 1: sesiones, turnos y resultados.
_V1: tuple[str, ...] = (
    """CREATE TABLE sesiones (
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
    )""",
    """CREATE TABLE turnos (
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
    ) WITHOUT ROWID""",
    """CREATE TABLE resultados (
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
    )""",
)

# Versión 2: el contenido de los escenarios y rúbricas jugados (para reanudar una
# sesión aunque el archivo cambie después), la hora de la última actividad y un
# índice para listar las sesiones a medias.
_V2: tuple[str, ...] = (
    """CREATE TABLE archivos (
        huella TEXT PRIMARY KEY,
        tipo TEXT NOT NULL CHECK (tipo IN ('escenario', 'rubrica')),
        nombre TEXT NOT NULL,
        contenido BLOB NOT NULL
    )""",
    "ALTER TABLE sesiones ADD COLUMN actualizada TEXT",
    "UPDATE sesiones SET actualizada = inicio",
    "CREATE INDEX sesiones_por_estado ON sesiones (estado, inicio)",
)

# Versión 3: la versión que el autor puso al escenario («1.2»), junto a la huella: es la
# que entiende un responsable. Las sesiones terminadas la recuperan de su resultado.
_V3: tuple[str, ...] = (
    "ALTER TABLE sesiones ADD COLUMN escenario_version_autor TEXT NOT NULL DEFAULT ''",
    """UPDATE sesiones SET escenario_version_autor = coalesce((
        SELECT json_extract(r.resultado, '$.escenario.version') FROM resultados r
        WHERE r.sesion = sesiones.id), '')""",
)

# Versión 4: si la sesión se jugó con un guion (`jugar --guion`): las pruebas de un formador
# no cuentan como resultados del equipo. Las sesiones de antes cuentan como jugadas a mano.
_V4: tuple[str, ...] = (
    "ALTER TABLE sesiones ADD COLUMN guion INTEGER NOT NULL DEFAULT 0 CHECK (guion IN (0, 1))",
)

MIGRACIONES: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3, _V4)
VERSION_ACTUAL = len(MIGRACIONES)


def script(version: int) -> str:
    """El script SQL de una versión (la 1 crea el esquema inicial), para pruebas y soporte."""
    return ";\n".join(MIGRACIONES[version - 1]) + ";\n"
