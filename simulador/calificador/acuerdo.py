"""¿Coinciden dos personas al etiquetar? Kappa de Cohen por señal entre dos anotadores.

Si dos formadores no se ponen de acuerdo en una señal, ningún calificador
puede acertarla más de lo que ellos coinciden: el acuerdo es el techo, y
donde es bajo hay que afinar la definición de la señal, no las frases.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulador.calificador.evaluacion import Cuenta
from simulador.formatos.transcripcion import EtiquetasConversacion, Transcripcion
from simulador.incidencias import ErrorDeArchivo, Incidencia, motivo_de_lectura, nombre_visible


@dataclass
class Acuerdo:
    comunes: int = 0
    senales: dict[str, Cuenta] = field(default_factory=dict)
    cierre_igual: int = 0
    aprobado: Cuenta = field(default_factory=Cuenta)

    def como_dict(self) -> dict[str, Any]:
        return {
            "conversaciones": self.comunes,
            "senales": {s: {"kappa": round(c.kappa, 4), "turnos": c.total}
                        for s, c in self.senales.items()},
            "cierre_igual": self.cierre_igual,
            "aprobado_kappa": round(self.aprobado.kappa, 4),
        }


def leer_segundas(rutas: list[str]) -> dict[str, dict[str, Any]]:
    """Las etiquetas del segundo anotador por `id` (líneas {"id": …, "etiquetas": …})."""
    segundas: dict[str, dict[str, Any]] = {}
    for texto_ruta in rutas:
        ruta = Path(texto_ruta)
        try:
            lineas = ruta.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ErrorDeArchivo([Incidencia(nombre_visible(ruta), motivo_de_lectura(exc))]
                                 ) from None
        for numero, linea in enumerate(lineas, start=1):
            if not linea.strip():
                continue
            try:
                datos = json.loads(linea)
                EtiquetasConversacion.model_validate(datos["etiquetas"])
                segundas[str(datos["id"])] = datos["etiquetas"]
            except (ValueError, KeyError, TypeError) as exc:
                raise ErrorDeArchivo([Incidencia(nombre_visible(ruta), f"no es una línea de "
                                                 f"etiquetas válida ({exc})", numero)]) from None
    return segundas


def acuerdo(conversaciones: list[Transcripcion], segundas: dict[str, dict[str, Any]]
            ) -> Acuerdo:
    medido = Acuerdo()
    for conv in conversaciones:
        otra = segundas.get(conv.id)
        if conv.etiquetas is None or otra is None:
            continue
        turnos = otra.get("turnos", [])
        if len(turnos) != len(conv.etiquetas.turnos):
            continue
        medido.comunes += 1
        for primera, segunda in zip(conv.etiquetas.turnos, turnos, strict=True):
            for senal, valor in primera.items():
                if senal in segunda:
                    medido.senales.setdefault(senal, Cuenta()).anotar(valor, bool(segunda[senal]))
        medido.cierre_igual += conv.etiquetas.cierre == otra.get("cierre")
        if conv.etiquetas.aprobado is not None and "aprobado" in otra:
            medido.aprobado.anotar(conv.etiquetas.aprobado, bool(otra["aprobado"]))
    return medido
