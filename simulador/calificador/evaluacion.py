"""¿Acierta la rúbrica? Métricas contra conversaciones etiquetadas a mano.

Para cada señal: precisión, exhaustividad, F1 y kappa de Cohen; para el
veredicto de cierre: exactitud y matriz de confusión; y los peores fallos
con su texto, que es lo que un formador necesita para corregir frases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from simulador.calificador import Calificador
from simulador.formatos.senales import VEREDICTOS
from simulador.formatos.transcripcion import Transcripcion


@dataclass
class Cuenta:
    vp: int = 0
    fp: int = 0
    fn: int = 0
    vn: int = 0

    def anotar(self, esperado: bool, obtenido: bool) -> None:
        if esperado and obtenido:
            self.vp += 1
        elif obtenido:
            self.fp += 1
        elif esperado:
            self.fn += 1
        else:
            self.vn += 1

    @property
    def precision(self) -> float:
        return self.vp / (self.vp + self.fp) if self.vp + self.fp else 1.0

    @property
    def exhaustividad(self) -> float:
        return self.vp / (self.vp + self.fn) if self.vp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.exhaustividad
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def total(self) -> int:
        return self.vp + self.fp + self.fn + self.vn

    def sumar(self, otra: Cuenta) -> None:
        self.vp += otra.vp
        self.fp += otra.fp
        self.fn += otra.fn
        self.vn += otra.vn

    @property
    def kappa(self) -> float:
        total = self.total
        if not total:
            return 1.0
        observado = (self.vp + self.vn) / total
        si = ((self.vp + self.fp) / total) * ((self.vp + self.fn) / total)
        no = ((self.fn + self.vn) / total) * ((self.fp + self.vn) / total)
        esperado = si + no
        return 1.0 if esperado == 1 else (observado - esperado) / (1 - esperado)

    def como_dict(self) -> dict[str, Any]:
        return {
            "vp": self.vp, "fp": self.fp, "fn": self.fn, "vn": self.vn,
            "precision": round(self.precision, 4), "exhaustividad": round(self.exhaustividad, 4),
            "f1": round(self.f1, 4), "kappa": round(self.kappa, 4),
        }


@dataclass
class Fallo:
    conversacion: str
    turno: int
    senal: str
    esperado: bool
    texto: str


@dataclass
class Evaluacion:
    senales: dict[str, Cuenta] = field(default_factory=dict)
    cierre: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Solo las conversaciones con más de una respuesta del agente: ahí se decide el cierre.
    cierre_largas: Counter[tuple[str, str]] = field(default_factory=Counter)
    fallos: list[Fallo] = field(default_factory=list)
    fallos_cierre: list[tuple[str, str, str]] = field(default_factory=list)
    conversaciones: int = 0
    # ¿Aprueba la rúbrica lo que aprobaría un formador? (etiqueta `aprobado`)
    aprobado: Cuenta = field(default_factory=Cuenta)
    # Por grupo de respuestas alternativas: (¿la prefiere el formador?, puntuación).
    grupos: dict[str, list[tuple[bool, float]]] = field(default_factory=dict)

    @property
    def acuerdo_aprobado(self) -> float:
        total = self.aprobado.total
        return (self.aprobado.vp + self.aprobado.vn) / total if total else 1.0

    def _medibles(self) -> list[tuple[float, list[tuple[bool, float]]]]:
        """(puntuación de la preferida, miembros) de los grupos con una sola preferida."""
        return [(p, g) for g in self.grupos.values() if (p := _preferida(g)) is not None]

    @property
    def grupos_medibles(self) -> int:
        return len(self._medibles())

    @property
    def preferida_la_mejor(self) -> float:
        """En qué proporción de grupos la respuesta preferida saca estrictamente más."""
        medibles = self._medibles()
        if not medibles:
            return 1.0
        return sum(all(p > otra for ok, otra in g if not ok)
                   for p, g in medibles) / len(medibles)

    @property
    def exactitud_cierre(self) -> float:
        return _exactitud(self.cierre)

    @property
    def exactitud_cierre_largas(self) -> float:
        return _exactitud(self.cierre_largas)

    @classmethod
    def sumar(cls, partes: Iterable[Evaluacion]) -> Evaluacion:
        """Una sola evaluación con las cuentas de varias (p. ej. cada autor apartado)."""
        total = cls()
        for parte in partes:
            total.conversaciones += parte.conversaciones
            for senal, cuenta in parte.senales.items():
                total.senales.setdefault(senal, Cuenta()).sumar(cuenta)
            total.cierre.update(parte.cierre)
            total.cierre_largas.update(parte.cierre_largas)
            total.fallos.extend(parte.fallos)
            total.fallos_cierre.extend(parte.fallos_cierre)
            total.aprobado.sumar(parte.aprobado)
            for grupo, miembros in parte.grupos.items():
                total.grupos.setdefault(grupo, []).extend(miembros)
        total.fallos.sort(key=lambda f: (f.senal, len(f.texto)))
        return total

    def como_dict(self, max_fallos: int = 20) -> dict[str, Any]:
        return {
            "conversaciones": self.conversaciones,
            "senales": {s: c.como_dict() for s, c in self.senales.items()},
            "cierre": {
                "exactitud": round(self.exactitud_cierre, 4),
                "exactitud_varios_turnos": round(self.exactitud_cierre_largas, 4),
                "conversaciones_varios_turnos": sum(self.cierre_largas.values()),
                "confusion": {e: {o: self.cierre[(e, o)] for o in VEREDICTOS}
                              for e in VEREDICTOS},
                "fallos": [{"id": i, "esperado": e, "obtenido": o}
                           for i, e, o in self.fallos_cierre[:max_fallos]],
            },
            "aprobado": {**self.aprobado.como_dict(),
                         "acuerdo": round(self.acuerdo_aprobado, 4)},
            "grupos": {"medibles": self.grupos_medibles,
                       "preferida_la_mejor": round(self.preferida_la_mejor, 4)},
            "fallos": [f.__dict__ for f in self.fallos[:max_fallos]],
        }


def _preferida(miembros: list[tuple[bool, float]]) -> float | None:
    """La puntuación de la preferida, si el grupo tiene una sola y alguna alternativa."""
    preferidas = [p for ok, p in miembros if ok]
    return preferidas[0] if len(preferidas) == 1 and len(miembros) > 1 else None


def _exactitud(cierre: Counter[tuple[str, str]]) -> float:
    total = sum(cierre.values())
    return sum(n for (e, o), n in cierre.items() if e == o) / total if total else 1.0


def evaluar(calificador: Calificador, conversaciones: list[Transcripcion]) -> Evaluacion:
    resultado = Evaluacion()
    for conv in conversaciones:
        if conv.etiquetas is None:
            continue
        resultado.conversaciones += 1
        salida = calificador.calificar(conv)
        for i, (turno, etiqueta, obtenido) in enumerate(
            zip(conv.turnos, conv.etiquetas.turnos, salida["turnos"], strict=False)
        ):
            for senal, esperado in etiqueta.items():
                if senal not in obtenido["senales"]:
                    continue
                valor = obtenido["senales"][senal]
                resultado.senales.setdefault(senal, Cuenta()).anotar(esperado, valor)
                if esperado != valor:
                    resultado.fallos.append(Fallo(conv.id, i + 1, senal, esperado, turno.texto))
        if conv.etiquetas.aprobado is not None:
            resultado.aprobado.anotar(conv.etiquetas.aprobado, bool(salida["aprobado"]))
        if conv.grupo is not None:
            resultado.grupos.setdefault(conv.grupo, []).append(
                (bool(conv.preferida), float(salida["puntaje"])))
        par = (conv.etiquetas.cierre, salida["cierre"])
        resultado.cierre[par] += 1
        if sum(t.rol == "agente" for t in conv.turnos) > 1:
            resultado.cierre_largas[par] += 1
        if par[0] != par[1]:
            resultado.fallos_cierre.append((conv.id, *par))
    # Los textos más cortos primero: son los fallos más fáciles de entender y corregir.
    resultado.fallos.sort(key=lambda f: (f.senal, len(f.texto)))
    return resultado
