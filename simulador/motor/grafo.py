"""Leer el grafo del escenario: adónde lleva una respuesta, qué hacer al callar o al terminar.

Solo consulta el escenario; no guarda estado. Si el escenario está roto (un
destino que no existe) lo dice con el nombre del nodo, para que quien lo
muestre pueda señalar la línea del archivo.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

from simulador.formatos.escenario import Escenario, Nodo, Silencio
from simulador.incidencias import Clave


class ErrorDeSesion(Exception):
    """Una acción que la sesión no puede hacer (mensaje en español para el usuario)."""


class ErrorDeEscenario(ErrorDeSesion):
    """El escenario no permite seguir: nombra el nodo y la clave culpables."""

    def __init__(self, nodo: str | None, mensaje: str, clave: Clave = ()) -> None:
        super().__init__(mensaje)
        self.nodo = nodo
        self.clave = clave or (("nodos", nodo) if nodo else ())


@dataclass(frozen=True)
class TransicionElegida:
    """El resultado de evaluar las transiciones de un nodo."""

    destino: str
    enfado: int
    transicion: int | None  # índice de la transición elegida; None = por_defecto


def nodo(escenario: Escenario, nombre: str, desde: Clave = ()) -> Nodo:
    encontrado = escenario.nodos.get(nombre)
    if encontrado is None:
        origen = desde[1] if len(desde) > 1 and desde[0] == "nodos" else None
        raise ErrorDeEscenario(origen, f"el nodo «{nombre}» no existe", desde)
    return encontrado


def siguiente(escenario: Escenario, actual: str, senales: Mapping[str, bool], enfado: int,
              turno: int, atendidas: Set[str] = frozenset(),
              palabras: Set[str] = frozenset()) -> TransicionElegida:
    """La primera transición que se cumple gana; si ninguna, `por_defecto`.

    `atendidas`: las necesidades del cliente atendidas hasta esta respuesta, incluida;
    `palabras`: las de la respuesta, normalizadas (para `menciona`).
    """
    datos = nodo(escenario, actual)
    todas = escenario.necesidades.keys()
    for i, transicion in enumerate(datos.transiciones):
        if transicion.si.cumple(senales, enfado, turno, atendidas, todas, palabras):
            nodo(escenario, transicion.ir_a, ("nodos", actual, "transiciones", i, "ir_a"))
            return TransicionElegida(transicion.ir_a, transicion.enfado, i)
    if datos.por_defecto is None:
        raise ErrorDeEscenario(actual, f"el nodo «{actual}» no tiene «por_defecto» y la "
                               "respuesta no cumple ninguna transición")
    nodo(escenario, datos.por_defecto.ir_a, ("nodos", actual, "por_defecto", "ir_a"))
    return TransicionElegida(datos.por_defecto.ir_a, datos.por_defecto.enfado, None)


def menciones(escenario: Escenario, actual: str) -> list[str]:
    """Lo que las transiciones del nodo piden que la respuesta mencione (`menciona`)."""
    return [m for t in nodo(escenario, actual).transiciones for m in t.si.menciones()]


def silencio(escenario: Escenario, actual: str) -> Silencio | None:
    """El `silencio` del nodo manda sobre el del escenario."""
    return nodo(escenario, actual).silencio or escenario.silencio


def destino_silencio(escenario: Escenario, actual: str) -> str | None:
    config = silencio(escenario, actual)
    if config is None or not config.ir_a:
        return None
    clave: Clave = (("nodos", actual, "silencio", "ir_a") if nodo(escenario, actual).silencio
                    else ("silencio", "ir_a"))
    nodo(escenario, config.ir_a, clave)
    return config.ir_a


def al_terminar(escenario: Escenario, actual: str) -> str | None:
    """Adónde va el cliente si el agente termina la relación (None: despedida genérica)."""
    propio = nodo(escenario, actual).al_terminar
    if propio:
        nodo(escenario, propio, ("nodos", actual, "al_terminar"))
        return propio
    if escenario.al_terminar:
        nodo(escenario, escenario.al_terminar, ("al_terminar",))
        return escenario.al_terminar
    return None


def al_limite(escenario: Escenario, enfado: int) -> str | None:
    """El nodo al que se va el cliente si su enfado ha llegado al límite."""
    if escenario.enfado is None or enfado < escenario.enfado.limite:
        return None
    nodo(escenario, escenario.enfado.al_limite, ("enfado", "al_limite"))
    return escenario.enfado.al_limite
