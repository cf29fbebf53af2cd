"""Relleno: lo que escribe quien quiere aprobar sin ayudar en nada concreto.

`simulador probar` juega estas estrategias en el escenario y avisa si alguna lo
resuelve o lo aprueba: un escenario así no enseña a ayudar. Son cinco estilos que
se ven en la práctica: disculparse y «tomar nota», prometer seguimiento, repetir
los datos del cliente con buenas palabras, repetir lo que pide como si se le diera
y ofrecerlo en condicional («me gustaría poder decirle que…»).
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


def _minuscula(texto: str) -> str:
    return texto[:1].lower() + texto[1:]


def _lo_que_pide(escenario: Escenario) -> list[str]:
    pide = [_minuscula(n.descripcion) for n in escenario.necesidades.values()] or [
        "una solución"]
    return [
        f"Entiendo perfectamente que necesita {pide[0]}; lo siento mucho, de verdad.",
        f"Tiene toda la razón: quiere {pide[1 % len(pide)]}, y lo comprendo.",
        f"Lo de {pide[-1]} lo tengo muy presente, se lo prometo.",
        f"Sé que lo que pide es {pide[0]}. Disculpe las molestias.",
    ]


def _en_condicional(escenario: Escenario) -> list[str]:
    ejemplos = [n.ejemplos[0] for n in escenario.necesidades.values() if n.ejemplos] or [
        "se lo arreglamos hoy"]
    return [
        f"Me gustaría poder decirle que {_minuscula(ejemplos[0])}, pero todavía no lo sé.",
        f"Ojalá pudiera decirle que {_minuscula(ejemplos[-1])}; lo siento mucho.",
        f"Si estuviera en mi mano, {_minuscula(ejemplos[len(ejemplos) // 2])}.",
        "Comprendo su enfado y lo lamento de verdad.",
    ]


ESTRATEGIAS: dict[str, Callable[[Escenario], list[str]]] = {
    "disculpas y «tomo nota»": _disculpas,
    "promesas de seguimiento": _promesas,
    "repetir los datos del cliente": _eco,
    "repetir lo que pide": _lo_que_pide,
    "ofrecer en condicional": _en_condicional,
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
