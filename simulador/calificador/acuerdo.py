"""¿Coinciden dos personas al etiquetar? Kappa de Cohen por señal entre dos anotadores.

Si dos formadores no se ponen de acuerdo en una señal, ningún calificador
puede acertarla más de lo que ellos coinciden: el acuerdo es el techo, y
donde es bajo hay que afinar la definición de la señal, no las frases.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from simulador.calificador.evaluacion import Cuenta
from simulador.carga.transcripciones import SENALES_DEL_CONTRATO, etiquetas_mal, explicar
from simulador.formatos.transcripcion import EtiquetasConversacion, Transcripcion
from simulador.incidencias import ErrorDeArchivo, Incidencia, motivo_de_lectura, nombre_visible


@dataclass
class Acuerdo:
    comunes: int = 0
    senales: dict[str, Cuenta] = field(default_factory=dict)
    cierre_igual: int = 0
    aprobado: Cuenta = field(default_factory=Cuenta)
    # Conversaciones con otro número de turnos en cada anotación: no se pueden comparar.
    no_cuadran: list[str] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        return {
            "conversaciones": self.comunes,
            "senales": {s: {"kappa": round(c.kappa, 4), "turnos": c.total}
                        for s, c in self.senales.items()},
            "cierre_igual": self.cierre_igual,
            "aprobado_kappa": round(self.aprobado.kappa, 4),
        }


def leer_segundas(rutas: list[str],
                  senales: Mapping[str, Sequence[str]] = SENALES_DEL_CONTRATO
                  ) -> dict[str, EtiquetasConversacion]:
    """Las etiquetas del segundo anotador por `id` (líneas {"id": …, "etiquetas": …}).

    Se revisan como las del primero (`etiquetas_mal`): un «"false"» entre comillas o una
    señal mal escrita no pueden pasar por acuerdo (ni por desacuerdo) sin que nadie lo vea.
    """
    segundas: dict[str, EtiquetasConversacion] = {}
    for texto_ruta in rutas:
        ruta = Path(texto_ruta)
        nombre = nombre_visible(ruta)
        if texto_ruta == "-":
            raise ErrorDeArchivo([Incidencia("-", "el segundo anotador se lee de un archivo, "
                                             "no de la entrada estándar")])
        try:
            lineas = ruta.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ErrorDeArchivo([Incidencia(nombre, motivo_de_lectura(exc))]) from None
        for numero, linea in enumerate(lineas, start=1):
            if not linea.strip():
                continue
            try:
                datos = json.loads(linea)
                if not isinstance(datos, dict) or "id" not in datos or "etiquetas" not in datos:
                    raise ValueError("cada línea lleva «id» y «etiquetas»")
                etiquetas = EtiquetasConversacion.model_validate(datos["etiquetas"])
            except ValidationError as exc:
                raise ErrorDeArchivo([Incidencia(
                    nombre, explicar(exc, EtiquetasConversacion, ("etiquetas",)), numero)]
                    ) from None
            except ValueError as exc:
                raise ErrorDeArchivo([Incidencia(nombre, f"no es una línea de etiquetas "
                                                 f"válida ({exc})", numero)]) from None
            mal = etiquetas_mal(etiquetas, None, senales)
            if mal is not None:
                raise ErrorDeArchivo([Incidencia(nombre, mal, numero)])
            segundas[str(datos["id"])] = etiquetas
    return segundas


def acuerdo(conversaciones: list[Transcripcion], segundas: dict[str, EtiquetasConversacion]
            ) -> Acuerdo:
    medido = Acuerdo()
    for conv in conversaciones:
        otra = segundas.get(conv.id)
        if conv.etiquetas is None or otra is None:
            continue
        if len(otra.turnos) != len(conv.etiquetas.turnos):
            medido.no_cuadran.append(conv.id)
            continue
        medido.comunes += 1
        for primera, segunda in zip(conv.etiquetas.turnos, otra.turnos, strict=True):
            for senal, valor in primera.items():
                if senal in segunda:
                    medido.senales.setdefault(senal, Cuenta()).anotar(valor, segunda[senal])
        medido.cierre_igual += conv.etiquetas.cierre == otra.cierre
        if conv.etiquetas.aprobado is not None and otra.aprobado is not None:
            medido.aprobado.anotar(conv.etiquetas.aprobado, otra.aprobado)
    return medido
