"""La rúbrica estándar con su capa aprendida, medida con autores que no vio.

Las cifras con los mismos datos con que se entrenó (tests/test_calificador_conjunto.py)
solo protegen de regresiones; las que valen son las de cada autor apartado, que es lo
que imprime `simulador evaluar --validacion-cruzada`. Los listones están justo por
debajo de lo medido hoy (ver docs/guia-rubricas.md): una caída los rompe.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from simulador.calificador import ruta_del_modelo
from simulador.calificador.acuerdo import acuerdo, leer_segundas
from simulador.calificador.aprendido import ModeloAprendido
from simulador.carga.transcripciones import leer_autores
from simulador.entrenamiento import Validacion, validacion_cruzada
from simulador.formatos.senales import SENALES_AGENTE
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import cargar_calificador, ruta_rubrica

DATOS = Path(__file__).parent / "datos"
ARCHIVOS = sorted((DATOS / "etiquetado").glob("*.jsonl"))
SEGUNDA = sorted((DATOS / "segunda-anotacion").glob("*.jsonl"))

# F1 mínimo con autores apartados. El objetivo es 0,90 en todas; `escalada` y
# `excusa` no llegan (0,82 y 0,81 con 27 autores; un segundo anotador coincide con los
# autores en F1 0,87 y 0,88, así que ni una persona llega a 0,90).
LISTON = {"escucha": 0.85, "disculpa": 0.90, "escalada": 0.78, "excusa": 0.78,
          "asiste": 0.85, "advierte": 0.90, "termina": 0.90, "abuso": 0.90}


def _autores() -> list:
    autores, saltadas = leer_autores([str(a) for a in ARCHIVOS], pytest.fail)
    assert saltadas == 0
    return autores


def _incluido() -> ModeloAprendido:
    return ModeloAprendido.desde_archivo(ruta_del_modelo(ruta_rubrica(None)))


@pytest.fixture(scope="module")
def validacion() -> Validacion:
    """Entrenado como el modelo incluido (con las mismas señales en que puede quitar)."""
    # Cinco grupos de autores en lugar de uno por autor: cabe en el tiempo de la
    # integración continua y mide algo por debajo (cada modelo ve menos autores).
    return validacion_cruzada(cargar_calificador(aprendido=False), _autores(),
                              puede_quitar=_incluido().datos["puede_quitar"], pliegues=5,
                              en_muestra=False)


def test_el_modelo_incluido_esta_al_dia_con_el_conjunto_y_las_frases():
    datos = _incluido().datos
    assert datos["autores"] == [a.stem for a in ARCHIVOS]
    assert datos["respuestas"] == sum(t.rol == "agente" for a in _autores()
                                      for c in a.conversaciones for t in c.turnos)
    # Si cambian las frases de la rúbrica: simulador entrenar … -o rubricas/estandar.modelo.json.gz
    assert datos["rubrica"] == cargar_calificador(aprendido=False).version


@pytest.mark.parametrize("senal", sorted(LISTON))
def test_f1_con_cada_autor_apartado(validacion, senal):
    cuenta = validacion.apartados.senales[senal]
    assert cuenta.f1 >= LISTON[senal], (senal, cuenta.como_dict())


def test_el_modelo_mejora_a_las_frases_donde_ellas_no_llegan(validacion):
    for senal in ("escucha", "escalada", "excusa", "asiste"):
        assert (validacion.apartados.senales[senal].f1
                > validacion.solo_frases.senales[senal].f1 + 0.01), senal


def test_el_cierre_acierta_en_conversaciones_de_varios_turnos(validacion):
    assert sum(validacion.apartados.cierre_largas.values()) >= 800
    # El objetivo es 0,90; con cinco grupos de autores mide 0,90 justo: el listón, 0,88.
    assert validacion.apartados.exactitud_cierre_largas >= 0.88


def test_el_veredicto_coincide_con_el_de_los_formadores(validacion):
    """Aprobar o suspender como lo haría un formador (issue 12): objetivo 90 %."""
    assert validacion.apartados.aprobado.total >= 3000
    assert validacion.apartados.acuerdo_aprobado >= 0.90
    # Y muy por encima de lo que daba la rúbrica solo con frases.
    assert validacion.apartados.acuerdo_aprobado > validacion.solo_frases.acuerdo_aprobado + 0.1


def test_la_respuesta_preferida_saca_mas_que_sus_alternativas(validacion):
    """El objetivo es el 95 % de los grupos; con cinco grupos de autores apartados mide
    95,5 % (397 grupos), y 93,4 % con tres autores nuevos medidos antes de aprender de
    ellos: el listón, 0,93. Lo que queda son sobre todo fallos de detección: dos
    respuestas buenas que empatan, ironía que no se ve, ayuda vista donde no la hay."""
    assert validacion.apartados.grupos_medibles >= 350
    assert validacion.apartados.preferida_la_mejor >= 0.93


# --- el conjunto de datos ----------------------------------------------------


def _crudas() -> list[tuple[str, dict]]:
    return [(archivo.stem, json.loads(linea)) for archivo in ARCHIVOS
            for linea in archivo.read_text(encoding="utf-8").splitlines() if linea.strip()]


def test_el_conjunto_tiene_muchos_autores_y_todas_las_etiquetas():
    crudas = _crudas()
    assert len(crudas) >= 3000
    assert len({autor for autor, _ in crudas}) >= 12
    for autor, conversacion in crudas:
        etiquetas = conversacion["etiquetas"]
        assert isinstance(etiquetas.get("aprobado"), bool), (autor, conversacion["id"])
        for turno, etiqueta in zip(conversacion["turnos"], etiquetas["turnos"], strict=True):
            esperadas = set(SENALES_AGENTE) if turno["rol"] == "agente" else {"abuso"}
            assert set(etiqueta) == esperadas, (autor, conversacion["id"])
    aprobadas = Counter(c["etiquetas"]["aprobado"] for _, c in crudas)
    assert min(aprobadas.values()) >= 0.35 * len(crudas)


def test_cada_veredicto_de_cierre_aparece_en_conversaciones_de_varios_turnos():
    largas = Counter(c["etiquetas"]["cierre"] for _, c in _crudas()
                     if sum(t["rol"] == "agente" for t in c["turnos"]) > 1)
    assert all(largas[v] >= 100 for v in ("correcto", "prematuro", "tardio", "descortes"))


def test_los_grupos_de_alternativas_tienen_una_preferida():
    grupos: dict[str, list[dict]] = {}
    for _, conversacion in _crudas():
        if "grupo" in conversacion:
            grupos.setdefault(conversacion["grupo"], []).append(conversacion)
    assert len(grupos) >= 150
    for nombre, alternativas in grupos.items():
        assert len(alternativas) >= 2, nombre
        assert sum(bool(a.get("preferida")) for a in alternativas) == 1, nombre


def test_un_segundo_anotador_etiqueto_mas_del_diez_por_ciento():
    conversaciones = [Transcripcion.model_validate(c) for _, c in _crudas()]
    medido = acuerdo(conversaciones, leer_segundas([str(s) for s in SEGUNDA]))
    assert medido.comunes >= 0.10 * len(conversaciones)
    # Todas las señales, `asiste` incluida, tienen segunda anotación y un acuerdo medido.
    assert set(medido.senales) == {*SENALES_AGENTE, "abuso"}
    assert all(c.kappa >= 0.7 for c in medido.senales.values())
