"""La rúbrica estándar, medida con autores que ni el modelo ni quien escribió sus frases vio.

`tests/datos/ciego/` guarda conversaciones de dos autores independientes que se
escribieron después de la última versión de la rúbrica y del modelo: nadie las
leyó para ajustar nada, y `simulador entrenar` no las usa (el modelo incluido se
entrena con `tests/datos/etiquetado/`). Es la medida más honesta de lo que verá un
equipo con sus propias conversaciones; no se deben usar para ajustar frases ni
pesos (si se hace, dejan de medir y hay que pedir otras).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulador.calificador import ruta_del_modelo
from simulador.calificador.aprendido import ModeloAprendido
from simulador.calificador.evaluacion import Evaluacion, evaluar
from simulador.carga.transcripciones import leer_autores
from simulador.rubricas import cargar_calificador, ruta_rubrica

CIEGO = sorted((Path(__file__).parent / "datos" / "ciego").glob("*.jsonl"))

# Lo medido al guardarlas (diciembre de 2026, 400 conversaciones), con un margen para
# cambios pequeños: abuso 0,93, escucha 0,91, disculpa 0,95, escalada 0,69, excusa 0,82,
# asiste 0,89, advierte 0,97, termina 0,97. `escalada` es la señal en que más discrepan
# las personas (de 0,62 a 0,85 según el autor); el objetivo de 0,90 no lo alcanza nadie.
LISTON = {"abuso": 0.90, "escucha": 0.88, "disculpa": 0.92, "escalada": 0.65,
          "excusa": 0.78, "asiste": 0.86, "advierte": 0.93, "termina": 0.93}


@pytest.fixture(scope="module")
def medido() -> Evaluacion:
    autores, saltadas = leer_autores([str(a) for a in CIEGO], pytest.fail)
    assert saltadas == 0 and len(autores) >= 2
    return evaluar(cargar_calificador(), [c for a in autores for c in a.conversaciones])


def test_nadie_entreno_con_ellas():
    datos = ModeloAprendido.desde_archivo(ruta_del_modelo(ruta_rubrica(None))).datos
    assert not set(datos["autores"]) & {a.stem for a in CIEGO}


@pytest.mark.parametrize("senal", sorted(LISTON))
def test_f1_con_autores_que_nadie_vio(medido, senal):
    cuenta = medido.senales[senal]
    assert cuenta.f1 >= LISTON[senal], (senal, cuenta.como_dict())


def test_cierre_veredicto_y_preferida_con_autores_que_nadie_vio(medido):
    """Issue 12: aprobar o suspender como el formador (objetivo 90 %; medido 90,5 %) y la
    respuesta que prefiere con la nota más alta (objetivo 95 %; 95,7 % de 70 grupos)."""
    assert medido.conversaciones >= 400
    assert medido.exactitud_cierre >= 0.90
    assert medido.acuerdo_aprobado >= 0.88
    assert medido.grupos_medibles >= 70
    assert medido.preferida_la_mejor >= 0.92
