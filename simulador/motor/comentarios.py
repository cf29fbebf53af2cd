"""Comentarios de una respuesta: qué ha visto la rúbrica y con qué palabras.

Si una señal es buena o mala lo dice la propia rúbrica: la que un criterio
penaliza es mala; la que un criterio premia es buena. Así una rúbrica de
formador con señales propias también recibe comentarios.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulador.calificador import Evidencia, ResultadoTurno
from simulador.calificador.criterios import aplica
from simulador.formatos.rubrica import Rubrica
from simulador.motor.eventos import Comentario

_BIEN = {
    "escucha": "recoge un dato concreto del problema",
    "disculpa": "se disculpa de verdad",
    "asiste": "ofrece algo concreto (una acción, un plazo, la respuesta)",
}
_FALTA = {
    "escucha": "no recoge ningún dato concreto del problema del cliente",
    "disculpa": "todavía no se ha disculpado",
    "asiste": "todavía no ha ofrecido nada concreto: una acción, un plazo o la respuesta",
}
_MAL = {
    "escalada": "echa leña al fuego (culpa, sarcasmo, pedir calma, gritos)",
    "excusa": "se escuda en una norma, un enlace o un tercero",
}
_FALTA_AVISO = ("el cliente insultó y la respuesta sigue como si nada: falta un aviso "
                "cordial y firme")
_AVISO = {
    "advierte": "avisa de que la conversación terminará si el abuso sigue",
    "termina": "termina la conversación o la relación",
}


def papeles(rubrica: Rubrica) -> dict[str, str]:
    """Señal → «mala», «cada» (buena en cada respuesta), «una» (buena una vez) o «cierre»."""
    resultado: dict[str, str] = {}
    for criterio in rubrica.criterios.values():
        if criterio.senal:
            resultado[criterio.senal] = {"penaliza": "mala", "proporcion": "cada"}.get(
                criterio.calculo, "una")
    for senal in ("advierte", "termina"):
        resultado.setdefault(senal, "cierre")
    # Ayudar de verdad se comenta aunque la rúbrica aún no tenga un criterio para ello.
    resultado.setdefault("asiste", "una")
    return resultado


def _descripcion(rubrica: Rubrica, senal: str) -> str:
    definicion = rubrica.senales.get(senal)
    return (definicion.descripcion.strip() if definicion and definicion.descripcion
            else f"señal «{senal}»")


def comentar(rubrica: Rubrica, turno: ResultadoTurno,
             anteriores: Sequence[ResultadoTurno] = (),
             ignora_un_insulto: bool = False) -> tuple[Comentario, ...]:
    """Los comentarios de una respuesta del agente; `anteriores`: sus respuestas previas;
    `ignora_un_insulto`: si contesta a un insulto sin avisar ni terminar."""
    comentarios: list[Comentario] = []
    if ignora_un_insulto:
        # Tolerancia cero: el límite va en la primera respuesta al insulto.
        comentarios.append(Comentario("advierte", "falta", _FALTA_AVISO))
    por_senal: dict[str, list[Evidencia]] = {}
    for evidencia in turno.evidencias:
        por_senal.setdefault(evidencia.senal, []).append(evidencia)
    # Un aviso o una despedida no se juzgan por la escucha: tampoco se le echa en falta.
    exentas = {c.senal for c in rubrica.criterios.values()
               if c.senal and not aplica(c, turno.senales)}
    for senal, papel in papeles(rubrica).items():
        if senal not in turno.senales:
            continue
        presente = turno.senales[senal]
        evidencias = tuple(por_senal.get(senal, ()))
        if papel == "mala" and presente:
            comentarios.append(Comentario(senal, "mal", _MAL.get(senal) or
                                          _descripcion(rubrica, senal), evidencias))
        elif papel in ("cada", "una") and presente:
            comentarios.append(Comentario(senal, "bien", _BIEN.get(senal) or
                                          _descripcion(rubrica, senal), evidencias))
        elif senal not in exentas and (papel == "cada" or (papel == "una" and not any(
                r.senales.get(senal) for r in anteriores))):
            # «cada»: se mide en todas las respuestas; «una»: basta con que llegue.
            comentarios.append(Comentario(senal, "falta", _FALTA.get(senal) or
                                          f"falta: {_descripcion(rubrica, senal)}"))
        elif papel == "cierre" and presente:
            comentarios.append(Comentario(senal, "aviso", _AVISO.get(senal) or
                                          _descripcion(rubrica, senal), evidencias))
    return tuple(comentarios)
