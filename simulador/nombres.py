"""Los nombres que ve la persona para las claves de los formatos («dificil» → «difícil»).

Viven en el núcleo para que la CLI y la interfaz digan lo mismo: quien practica en la
interfaz y después lee `simulador jugar` o `listar` no debe encontrarse dos idiomas.
"""

from __future__ import annotations

DIFICULTADES = {"facil": "fácil", "media": "media", "dificil": "difícil"}
CANALES = {"chat": "chat", "telefono": "teléfono", "correo": "correo"}
MODOS = {"practica": "práctica", "examen": "examen"}

CRITERIOS = {"escucha": "Escucha", "resolucion": "Resolución", "disculpa": "Disculpa",
             "desescalada": "Desescalada", "sin_excusas": "Sin excusas", "cierre": "Cierre"}
SENALES = {"escucha": "escucha", "disculpa": "disculpa", "escalada": "escalada",
           "excusa": "excusa", "asiste": "ayuda concreta", "advierte": "aviso",
           "termina": "terminar", "abuso": "insulto", "necesidad": "lo que pide el cliente"}

FINALES = {"resuelto": "resuelto", "abandona": "el cliente se va",
           "relacion_terminada": "relación terminada", "escalado": "pide un supervisor"}
MOTIVOS_FINAL = {"limite_enfado": "el enfado llegó al límite",
                 "silencio": "tras un silencio demasiado largo",
                 "terminar": "usted terminó la relación", "transicion": ""}

SIMBOLOS = {"bien": "✓", "mal": "✗", "falta": "·", "aviso": "!"}  # de cada comentario

NOMBRES_VEREDICTO = {"correcto": "correcto", "no_aplica": "no aplica", "tardio": "tardío",
                     "prematuro": "prematuro", "descortes": "descortés"}
ESTADOS = {"en_curso": "a medias", "terminada": "terminada", "descartada": "descartada"}


def dificultad(clave: str) -> str:
    return DIFICULTADES.get(clave, clave)


def canal(clave: str) -> str:
    return CANALES.get(clave, clave)


def modo(clave: str) -> str:
    return MODOS.get(clave, clave)


def final(clave: str) -> str:
    return FINALES.get(clave, clave)


def motivo_final(clave: str) -> str:
    """Por qué acabó, o "" si acabó por una transición normal."""
    return MOTIVOS_FINAL.get(clave, "")


def veredicto(clave: str) -> str:
    return NOMBRES_VEREDICTO.get(clave, clave.replace("_", " "))


def estado(clave: str) -> str:
    return ESTADOS.get(clave, clave)


def nombre_criterio(nombre: str) -> str:
    """Los criterios propios de una rúbrica no están en la tabla: «trato_vip» → «Trato vip»."""
    return CRITERIOS.get(nombre, nombre.replace("_", " ").capitalize())


def nombre_senal(nombre: str) -> str:
    return SENALES.get(nombre, nombre.replace("_", " "))


def ficha(dificultad_: str, canal_: str) -> str:
    """«difícil · teléfono»: como se presenta un escenario en cualquier lista."""
    return f"{dificultad(dificultad_)} · {canal(canal_)}"
