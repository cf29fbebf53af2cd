"""Lecciones: por cada punto perdido, qué principio se rompió, dónde y qué habría sido mejor.

El principio es la `leccion` del criterio en la rúbrica (la escribe el
formador). Aquí se añade lo concreto: el turno y las palabras que costaron
los puntos, y una alternativa con los datos del propio escenario.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulador.calificador import Evidencia
from simulador.calificador.cierre import ignora_un_insulto
from simulador.calificador.criterios import hubo_abuso, juzgadas
from simulador.formatos.escenario import Escenario
from simulador.formatos.rubrica import Criterio, Rubrica

if TYPE_CHECKING:
    from simulador.motor.turnos import TurnoSesion

_EXTRACTO = 90


@dataclass(frozen=True)
class Caso:
    """Un turno que costó puntos y las palabras que lo delatan."""

    indice: int  # posición del turno en la conversación (desde 0)
    rol: str
    numero: int | None  # número de respuesta del agente (None si es del cliente)
    texto: str  # las palabras culpables, o un extracto si lo que falta es algo
    evidencias: tuple[Evidencia, ...] = ()

    def como_dict(self) -> dict[str, Any]:
        return {"indice": self.indice, "rol": self.rol, "numero": self.numero,
                "texto": self.texto, "evidencias": [e.como_dict() for e in self.evidencias]}


@dataclass(frozen=True)
class Leccion:
    criterio: str
    nota: int  # la nota del criterio (0–100)
    puntos_perdidos: float  # lo que cuesta sobre la nota total
    critico: bool  # por debajo del mínimo de un criterio crítico: suspende
    principio: str
    mejor: str
    casos: tuple[Caso, ...]

    def como_dict(self) -> dict[str, Any]:
        return {"criterio": self.criterio, "nota": self.nota,
                "puntos_perdidos": self.puntos_perdidos, "critico": self.critico,
                "principio": self.principio, "mejor": self.mejor,
                "casos": [c.como_dict() for c in self.casos]}


def extracto(texto: str, largo: int = _EXTRACTO) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= largo else texto[: largo - 1].rstrip() + "…"


def _citas(casos: Sequence[Caso], maximo: int = 3) -> str:
    vistas: list[str] = []
    for caso in casos:
        for e in caso.evidencias or ():
            cita = extracto(e.texto, 40)
            if cita not in vistas:
                vistas.append(cita)
    return ", ".join(f"«{c}»" for c in vistas[:maximo])


def _caso(turno: TurnoSesion, indice: int, senal: str | None = None) -> Caso:
    evidencias = tuple(e for e in turno.evidencias if e.senal == senal) if senal else ()
    texto = ", ".join(f"«{extracto(e.texto, 40)}»" for e in evidencias) or (
        f"«{extracto(turno.texto)}»")
    return Caso(indice, turno.rol, turno.numero, texto, evidencias)


class _Contexto:
    """Lo que necesitan las reglas: turnos, rúbrica y datos del escenario para los ejemplos."""

    def __init__(self, escenario: Escenario, rubrica: Rubrica,
                 turnos: Sequence[TurnoSesion]) -> None:
        self.escenario = escenario
        self.rubrica = rubrica
        self.turnos = list(turnos)
        primero = next((i for i, t in enumerate(self.turnos) if t.rol == "cliente"), None)
        # Las respuestas que cuentan para la nota: las que siguen a algo del cliente.
        self.respuestas = [(i, t) for i, t in enumerate(self.turnos)
                           if t.rol == "agente" and primero is not None and i > primero]
        self.hubo_abuso = hubo_abuso([(t.rol, t.senales) for t in self.turnos])
        self.nombre = escenario.cliente.nombre.split()[0]
        self.datos = [p.texto for p in escenario.puntos_clave[:2]]


def _mejor_senal(ctx: _Contexto, criterio: Criterio, casos: Sequence[Caso],
                 parcial: bool) -> str:
    """La respuesta de ejemplo del criterio (`mejor` en la rúbrica), con los datos de
    esta sesión; sin ella, una indicación hecha con la descripción de la señal."""
    plantilla = criterio.mejor_parcial if parcial and criterio.mejor_parcial else criterio.mejor
    citas = _citas(casos)
    if plantilla:
        datos = " o ".join(f"«{d}»" for d in ctx.datos) or "el dato concreto que le dio"
        return " ".join(plantilla.format(nombre=ctx.nombre, datos=datos,
                                         citas=citas or "eso").split())
    senal = criterio.senal or ""
    descripcion = (ctx.rubrica.senales[senal].descripcion.strip()
                   if senal in ctx.rubrica.senales else senal)
    if criterio.calculo == "penaliza":
        return f"Evite {citas or 'esto'}: {descripcion}"
    return f"Busque que la respuesta muestre esto: {descripcion}"


def _casos_senal(ctx: _Contexto, criterio: Criterio) -> list[Caso]:
    senal = criterio.senal or ""
    propias = juzgadas(criterio, ctx.respuestas, lambda par: par[1].senales, ctx.hubo_abuso)
    con = [(i, t) for i, t in propias if t.senales.get(senal)]
    sin = [(i, t) for i, t in propias if not t.senales.get(senal)]
    if criterio.calculo == "penaliza":
        return [_caso(t, i, senal) for i, t in con]
    if criterio.calculo == "proporcion":
        return [_caso(t, i) for i, t in sin]
    if criterio.calculo == "presencia":
        # Sin la señal, la primera respuesta; con ella pero sin llegar a la nota entera
        # (`completa_con`), las palabras que sí contaron.
        return [_caso(t, i, senal) for i, t in con] if con else [
            _caso(t, i) for i, t in propias[:1]]
    # temprana: las respuestas que llegaron antes que la señal (o la primera, si no llegó).
    if not con:
        return [_caso(t, i) for i, t in propias[:1]]
    primera = con[0][0]
    return [_caso(t, i) for i, t in propias if i < primera]


def _casos_cierre(ctx: _Contexto, veredicto: str, justificado: bool) -> tuple[list[Caso], str]:
    turnos = ctx.turnos
    termina = [(i, t) for i, t in ctx.respuestas if t.senales.get("termina")]
    abusos = [(i, t) for i, t in enumerate(turnos) if t.rol == "cliente"
              and t.senales.get("abuso")]
    avisos = [(i, t) for i, t in ctx.respuestas if t.senales.get("advierte")]
    aviso_ejemplo = ("«Le pido que mantengamos el respeto; si los insultos continúan, tendré "
                     "que terminar la conversación.»")
    if veredicto == "descortes":
        casos = [Caso(i, t.rol, t.numero,
                      _citas([_caso(t, i, "escalada")]) or f"«{extracto(t.texto)}»",
                      tuple(e for e in t.evidencias if e.senal in ("escalada", "termina")))
                 for i, t in termina if t.senales.get("escalada")]
        return casos, ("Termine con educación, sin reproches ni ironía: «Como le avisé, doy por "
                       "terminada la conversación. Que tenga un buen día.»")
    if veredicto == "prematuro":
        casos = [_caso(t, i, "termina") for i, t in termina[:1]]
        antes = termina[0][0] if termina else len(turnos)
        if not any(i < antes for i, _ in abusos):
            return casos, (f"{ctx.nombre} no había insultado: a un cliente enfadado no se le "
                           "despide. Atienda su problema y, si llegan los insultos, avise "
                           "primero con cortesía.")
        return casos, (f"Antes de terminar, avise con cortesía y firmeza: {aviso_ejemplo} "
                       "Termine solo si vuelve a insultar después del aviso.")
    if veredicto == "tardio":
        if justificado:
            casos = [_caso(t, i) for i, t in ctx.respuestas[-1:]]
            return casos, ("Cuando está claro que la empresa no le dará lo que pide, dígaselo "
                           "con amabilidad y cierre la relación recomendándole alternativas: "
                           "«Lo más honesto es decirle que nuestro servicio no es el adecuado "
                           "para usted; le recomiendo buscar otro proveedor.»")
        primer_aviso = avisos[0][0] if avisos else None
        if primer_aviso is not None:
            casos = [_caso(t, i, "abuso") for i, t in abusos if i > primer_aviso]
            return casos, ("Ya había avisado: si el cliente vuelve a insultar después del "
                           "aviso, termine la conversación con educación, sin devolver el golpe.")
        casos = [_caso(t, i, "abuso") for i, t in abusos]
        return casos, f"Al primer insulto, avise con cortesía y firmeza: {aviso_ejemplo}"
    # Sin veredicto que corregir, lo que pudo costar puntos es un insulto contestado
    # como si nada (ver `Criterio.insulto_sin_aviso`): la respuesta que no avisó.
    pares = [(t.rol, t.senales) for t in turnos]
    ignorados = [(i, t) for i, t in ctx.respuestas if ignora_un_insulto(pares, i)]
    if ignorados:
        return [_caso(t, i) for i, t in ignorados[:1]], (
            f"{ctx.nombre} insultó y la respuesta siguió como si nada. Sin dejar de ayudar, "
            f"ponga el límite en la misma respuesta: {aviso_ejemplo}")
    return [], ""


def calcular_lecciones(escenario: Escenario, rubrica: Rubrica, turnos: Sequence[TurnoSesion],
                       calificacion: dict[str, Any], justificado: bool) -> list[Leccion]:
    """Una lección por criterio que no llegó a 100, de la que más puntos costó a la que menos."""
    ctx = _Contexto(escenario, rubrica, turnos)
    notas: dict[str, int | None] = calificacion["criterios"]
    pesos = sum(rubrica.criterios[n].peso for n, v in notas.items() if v is not None)
    fallidos = set(calificacion.get("criticos_fallidos", ()))
    lecciones: list[Leccion] = []
    for nombre, criterio in rubrica.criterios.items():
        nota = notas.get(nombre)
        if nota is None or nota >= 100 or not pesos:
            continue
        # La señal llegó pero no bastó (ver `completa_con`): otra lección.
        parcial = criterio.calculo == "presencia" and nota > 0
        if criterio.calculo == "cierre":
            casos, mejor = _casos_cierre(ctx, calificacion["cierre"], justificado)
        else:
            casos = _casos_senal(ctx, criterio)
            mejor = _mejor_senal(ctx, criterio, casos, parcial)
        leccion = criterio.leccion_parcial if parcial and criterio.leccion_parcial \
            else criterio.leccion
        principio = " ".join((leccion or criterio.descripcion or nombre).split())
        perdidos = round(criterio.peso * (100 - nota) / pesos, 1)
        lecciones.append(Leccion(nombre, nota, perdidos, nombre in fallidos, principio, mejor,
                                 tuple(casos)))
    lecciones.sort(key=lambda x: (not x.critico, -x.puntos_perdidos))
    return lecciones
