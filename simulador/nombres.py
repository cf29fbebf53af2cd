"""Los nombres que ve la persona para las claves de los formatos («dificil» → «difícil»).

Viven en el núcleo para que la CLI y la interfaz digan lo mismo: quien practica en la
interfaz y después lee `simulador jugar` o `listar` no debe encontrarse dos idiomas.
"""

from __future__ import annotations

NOMBRES_DIFICULTAD = {"facil": "fácil", "media": "media", "dificil": "difícil"}
NOMBRES_CANAL = {"chat": "chat", "telefono": "teléfono", "correo": "correo"}
NOMBRES_MODO = {"practica": "práctica", "examen": "examen"}

NOMBRES_CRITERIO = {"escucha": "Escucha", "resolucion": "Resolución", "disculpa": "Disculpa",
                    "desescalada": "Desescalada", "sin_excusas": "Sin excusas",
                    "cierre": "Cierre"}
NOMBRES_SENAL = {"escucha": "escucha", "disculpa": "disculpa", "escalada": "escalada",
                 "excusa": "excusa", "asiste": "ayuda concreta", "advierte": "aviso",
                 "termina": "terminar", "abuso": "insulto",
                 "necesidad": "lo que pide el cliente"}

NOMBRES_FINAL = {"resuelto": "resuelto", "abandona": "el cliente se va",
                 "relacion_terminada": "relación terminada", "escalado": "pide un supervisor"}
NOMBRES_MOTIVO_FINAL = {"limite_enfado": "el enfado llegó al límite",
                        "silencio": "tras un silencio demasiado largo",
                        "terminar": "usted terminó la relación", "transicion": ""}

SIMBOLOS = {"bien": "✓", "mal": "✗", "falta": "·", "aviso": "!"}  # de cada comentario

NOMBRES_VEREDICTO = {"correcto": "correcto", "no_aplica": "no aplica", "tardio": "tardío",
                     "prematuro": "prematuro", "descortes": "descortés"}
# Cómo marcan listar y la lista de inicio un escenario con errores.
NO_SE_PUEDE_JUGAR = "✗ no se puede jugar"

NOMBRES_ESTADO = {"en_curso": "a medias", "terminada": "terminada", "descartada": "descartada"}


def dificultad(clave: str) -> str:
    return NOMBRES_DIFICULTAD.get(clave, clave)


def canal(clave: str) -> str:
    return NOMBRES_CANAL.get(clave, clave)


def modo(clave: str) -> str:
    return NOMBRES_MODO.get(clave, clave)


def final(clave: str) -> str:
    return NOMBRES_FINAL.get(clave, clave)


def motivo_final(clave: str) -> str:
    """Por qué acabó, o "" si acabó por una transición normal."""
    return NOMBRES_MOTIVO_FINAL.get(clave, "")


def veredicto(clave: str) -> str:
    return NOMBRES_VEREDICTO.get(clave, clave.replace("_", " "))


def estado(clave: str) -> str:
    return NOMBRES_ESTADO.get(clave, clave)


def nombre_criterio(nombre: str) -> str:
    """Los criterios propios de una rúbrica no están en la tabla: «trato_vip» → «Trato vip»."""
    return NOMBRES_CRITERIO.get(nombre, nombre.replace("_", " ").capitalize())


def nombre_senal(nombre: str) -> str:
    return NOMBRES_SENAL.get(nombre, nombre.replace("_", " "))


def ficha(dificultad_: str, canal_: str) -> str:
    """«difícil · teléfono»: como se presenta un escenario en cualquier lista."""
    return f"{dificultad(dificultad_)} · {canal(canal_)}"
