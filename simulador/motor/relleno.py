"""Relleno: lo que escribe quien quiere aprobar sin ayudar en nada concreto.

`simulador probar` juega estas estrategias en el escenario y avisa si alguna lo
resuelve o lo aprueba: un escenario así no enseña a ayudar. Son tres estilos que
se ven en la práctica: disculparse y «tomar nota», prometer seguimiento, y repetir
los datos del cliente con buenas palabras.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulador.calificador import Calificador
from simulador.formatos.escenario import Escenario
from simulador.motor.grafo import ErrorDeSesion
from simulador.motor.reloj import RelojManual
from simulador.motor.sesion import Sesion

SEMILLAS = 3


def _disculpas(_: Escenario) -> list[str]:
    return [
        "Le pido mil disculpas, de verdad; comprendo muy bien cómo se siente.",
        "Tiene usted toda la razón y lo siento muchísimo. Tomo nota de todo.",
        "Lamento profundamente las molestias que le hemos causado.",
        "Le aseguro que su opinión es muy importante para nosotros.",
    ]


def _promesas(_: Escenario) -> list[str]:
    return [
        "Entiendo la situación. Voy a mirar su caso con atención y le comento.",
        "Ya está en revisión; en cuanto sepa algo más le escribo.",
        "Lo estamos gestionando internamente, haremos lo que esté en nuestra mano.",
        "Gracias por esperar, seguimos con ello y le mantendremos informado.",
    ]


def _eco(escenario: Escenario) -> list[str]:
    datos = [p.texto for p in escenario.puntos_clave] or ["lo que me cuenta"]
    return [
        f"Siento mucho lo de {datos[0]}; entiendo perfectamente su enfado.",
        f"Me hago cargo: lo de {datos[1 % len(datos)]} no tendría que haber pasado.",
        f"Comprendo lo de {datos[2 % len(datos)]}. Lo vamos a revisar, se lo prometo.",
        f"De nuevo, disculpe lo de {datos[0]}. Lo tengo muy presente.",
    ]


ESTRATEGIAS: dict[str, Callable[[Escenario], list[str]]] = {
    "disculpas y «tomo nota»": _disculpas,
    "promesas de seguimiento": _promesas,
    "repetir los datos del cliente": _eco,
}


@dataclass(frozen=True)
class Jugada:
    estrategia: str
    semilla: int
    final: str | None  # tipo de final, o None si la sesión no terminó
    nodo: str | None
    aprobado: bool

    @property
    def gana(self) -> bool:
        """El relleno resolvió o aprobó: el escenario no exige ayudar."""
        return self.final == "resuelto" or self.aprobado


def jugar_relleno(escenario: Escenario, calificador: Calificador,
                  semillas: int = SEMILLAS) -> list[Jugada]:
    """Cada estrategia con varias semillas, respondiendo en bucle hasta que acabe."""
    jugadas = []
    for nombre, estrategia in ESTRATEGIAS.items():
        respuestas = estrategia(escenario) * 3
        for semilla in range(semillas):
            sesion = Sesion(escenario, calificador, semilla=semilla, modo="examen",
                            reloj=RelojManual())
            try:
                sesion.iniciar()
                for respuesta in respuestas:
                    if sesion.terminada:
                        break
                    sesion.responder(respuesta)
            except ErrorDeSesion:
                continue  # un escenario roto: sus errores los informa la exploración
            final = sesion.final
            jugadas.append(Jugada(nombre, semilla, final.tipo if final else None,
                                  final.nodo if final else None,
                                  sesion.resultado().aprobado))
    return jugadas
