"""El calificador contra las conversaciones etiquetadas a mano (tests/datos/etiquetado).

El conjunto se escribió desde las definiciones de shared/senales.md, no desde
las frases de la rúbrica. los `revision-*` los etiquetaron después
otros autores sin ver ni la rúbrica ni el calificador; sirvieron para encontrar
lo que no generalizaba y se quedan para que no vuelva a fallar.

El listón: F1 ≥ 0,90 en cada señal y exactitud de cierre ≥ 0,90, medido como lo
mide `simulador evaluar`. Son los mismos datos con que se entrenó la capa aprendida:
esto solo protege de regresiones. Las cifras que valen, con autores apartados, las
comprueba tests/test_calificador_aprendido.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from simulador.calificador import Calificador
from simulador.calificador.evaluacion import Evaluacion, evaluar
from simulador.cli import main
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import cargar_calificador

CARPETA = Path(__file__).parent / "datos" / "etiquetado"
ARCHIVOS = sorted(CARPETA.glob("*.jsonl"))


def _conversaciones() -> list[Transcripcion]:
    return [Transcripcion.model_validate_json(linea)
            for archivo in ARCHIVOS
            for linea in archivo.read_text(encoding="utf-8").splitlines() if linea.strip()]


@pytest.fixture(scope="module")
def calificador() -> Calificador:
    return cargar_calificador()


@pytest.fixture(scope="module")
def evaluacion(calificador) -> Evaluacion:
    return evaluar(calificador, _conversaciones())


def test_el_conjunto_es_grande_y_variado():
    conversaciones = _conversaciones()
    assert len(conversaciones) >= 250
    veredictos = {c.etiquetas.cierre for c in conversaciones if c.etiquetas}
    assert veredictos == {"correcto", "prematuro", "tardio", "descortes", "no_aplica"}
    crudas = [json.loads(linea) for a in ARCHIVOS
              for linea in a.read_text(encoding="utf-8").splitlines() if linea.strip()]
    assert len({c.get("sector") for c in crudas}) >= 6
    assert len({c.get("pais") for c in crudas}) >= 5


@pytest.mark.parametrize("senal", ["abuso", "escucha", "disculpa", "escalada", "excusa",
                                   "asiste", "advierte", "termina"])
def test_f1_de_cada_senal_al_menos_090(evaluacion, senal):
    cuenta = evaluacion.senales[senal]
    assert cuenta.vp + cuenta.fn >= 25, "muy pocos positivos para medir"
    assert cuenta.f1 >= 0.90, cuenta.como_dict()


def test_exactitud_del_cierre_al_menos_090(evaluacion):
    assert evaluacion.exactitud_cierre >= 0.90


def test_en_cada_par_la_buena_respuesta_puntua_mas(calificador):
    pares: dict[str, dict[str, Transcripcion]] = defaultdict(dict)
    for archivo in ARCHIVOS:
        for linea in archivo.read_text(encoding="utf-8").splitlines():
            datos = json.loads(linea)
            if "par" in datos:
                pares[datos["par"]][datos["calidad"]] = Transcripcion.model_validate(datos)
    assert len(pares) >= 40
    peores = []
    for par, lados in pares.items():
        buena = calificador.calificar(lados["buena"])["puntaje"]
        mala = calificador.calificar(lados["mala"])["puntaje"]
        if buena <= mala:
            peores.append((par, buena, mala))
    assert not peores


def test_evaluar_por_la_cli_da_las_mismas_cifras(evaluacion, capsys):
    assert main(["evaluar", *map(str, ARCHIVOS), "--json"]) == 0
    datos = json.loads(capsys.readouterr().out)
    assert datos["conversaciones"] == evaluacion.conversaciones
    for senal, cuenta in evaluacion.senales.items():
        assert datos["senales"][senal]["f1"] == round(cuenta.f1, 4)
    assert datos["cierre"]["exactitud"] == round(evaluacion.exactitud_cierre, 4)
