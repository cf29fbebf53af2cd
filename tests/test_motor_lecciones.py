"""Las lecciones: cada punto perdido, con su principio, el turno, las palabras y algo mejor."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulador.catalogo import cargar_catalogo
from simulador.motor import RelojManual, Sesion
from simulador.motor.guion import jugar_guion, leer_guion
from simulador.rubricas import cargar_calificador
from simulador.rutas import escenarios_incluidos

GUIONES = Path(__file__).parent / "guiones"


@pytest.fixture(scope="module")
def calificador():
    return cargar_calificador()


def _jugar(calificador, nombre: str) -> Sesion:
    ident = nombre.rsplit("-", 1)[0]
    escenario = cargar_catalogo([escenarios_incluidos()]).buscar(ident)
    assert escenario is not None
    sesion = Sesion(escenario.modelo, calificador, semilla=0, reloj=RelojManual())
    jugar_guion(sesion, leer_guion(GUIONES / f"{nombre}.txt"))
    return sesion


@pytest.mark.parametrize("nombre", ["pedido-retrasado-pobre", "cliente-abusivo-pobre",
                                    "exige-imposible-pobre", "cliente-abusivo-tardio",
                                    "cliente-abusivo-prematuro"])
def test_los_puntos_perdidos_suman_lo_que_falta_hasta_100(calificador, nombre):
    resultado = _jugar(calificador, nombre).resultado()
    perdidos = sum(x.puntos_perdidos for x in resultado.lecciones)
    assert abs(perdidos - (100 - resultado.puntaje)) <= 1
    for leccion in resultado.lecciones:
        criterio = calificador.rubrica.criterios[leccion.criterio]
        assert leccion.principio == " ".join(criterio.leccion.split())
        assert leccion.mejor and leccion.casos
        assert leccion.nota == resultado.criterios[leccion.criterio] < 100


def test_cada_caso_senala_el_turno_y_las_palabras(calificador):
    sesion = _jugar(calificador, "pedido-retrasado-pobre")
    lecciones = {x.criterio: x for x in sesion.resultado().lecciones}
    excusas = lecciones["sin_excusas"]
    assert [c.numero for c in excusas.casos] == [1, 2]
    for caso in excusas.casos:
        turno = sesion.turnos[caso.indice]
        assert turno.rol == "agente" and turno.numero == caso.numero
        assert caso.evidencias and all(e.senal == "excusa" for e in caso.evidencias)
        for e in caso.evidencias:
            assert turno.texto[e.inicio:e.fin] == e.texto and f"«{e.texto}»" in caso.texto
    sarcasmo = lecciones["desescalada"].casos[0]
    assert sarcasmo.numero == 2 and "Perdone por intentar" in sarcasmo.texto
    assert "Perdone por intentar" in lecciones["desescalada"].mejor
    # La disculpa que nunca llegó se señala en la primera respuesta, con un extracto.
    disculpa = lecciones["disculpa"]
    assert disculpa.casos[0].numero == 1 and disculpa.casos[0].evidencias == ()
    assert disculpa.casos[0].texto.startswith("«El retraso es culpa")
    assert "Lucía" in disculpa.mejor


def test_lecciones_de_cierre(calificador):
    tardio = {x.criterio: x for x in _jugar(calificador, "cliente-abusivo-tardio")
              .resultado().lecciones}["cierre"]
    assert all(c.rol == "cliente" and c.numero is None for c in tardio.casos)
    assert any("inútil" in c.texto or "rateros" in c.texto for c in tardio.casos)
    assert "avise" in tardio.mejor
    prematuro = {x.criterio: x for x in _jugar(calificador, "cliente-abusivo-prematuro")
                 .resultado().lecciones}["cierre"]
    assert prematuro.casos[0].numero == 1
    assert prematuro.casos[0].evidencias[0].senal == "termina"
    assert "no había insultado" in prematuro.mejor
    justificado = {x.criterio: x for x in _jugar(calificador, "exige-imposible-tardio")
                   .resultado().lecciones}["cierre"]
    assert "alternativas" in justificado.mejor


def test_sin_puntos_perdidos_no_hay_lecciones(calificador):
    resultado = _jugar(calificador, "pedido-retrasado-modelo").resultado()
    assert resultado.puntaje == 100 and resultado.lecciones == []


def test_comentarios_por_respuesta(calificador):
    resultado = _jugar(calificador, "pedido-retrasado-pobre").resultado()
    primera = next(t for t in resultado.turnos if t["rol"] == "agente")
    tipos = {c["senal"]: c["tipo"] for c in primera["comentarios"]}
    assert tipos == {"escucha": "falta", "disculpa": "falta", "excusa": "mal",
                     "asiste": "falta"}
    excusa = next(c for c in primera["comentarios"] if c["senal"] == "excusa")
    assert excusa["evidencias"] and all(
        primera["texto"][e["inicio"]:e["fin"]] == e["texto"] for e in excusa["evidencias"])


def test_al_aviso_y_a_la_despedida_no_se_les_pide_escucha_ni_disculpa(calificador):
    # Como en la nota: un aviso ante insultos o la despedida que termina la relación no
    # se juzgan por la escucha ni la disculpa, y el entrenador tampoco las echa en falta.
    resultado = _jugar(calificador, "cliente-abusivo-correcto").resultado()
    respuestas = [t for t in resultado.turnos if t["rol"] == "agente"]
    aviso, despedida = respuestas[-2], respuestas[-1]
    for turno in (aviso, despedida):
        faltas = {c["senal"] for c in turno["comentarios"] if c["tipo"] == "falta"}
        assert not faltas & {"escucha", "disculpa"}, turno["texto"]
    assert resultado.criterios["escucha"] == 100


def test_una_ayuda_a_medias_cita_lo_que_hizo_y_pide_lo_que_falta(calificador):
    """Quien ya ayudó no recibe el principio de «proponga algo concreto», sino el de
    completar la ayuda, con sus propias palabras citadas."""
    sesion = _jugar(calificador, "cliente-abusivo-correcto")
    resultado = sesion.resultado()
    resolucion = {x.criterio: x for x in resultado.lecciones}["resolucion"]
    criterio = calificador.rubrica.criterios["resolucion"]
    assert 0 < resolucion.nota < 100
    assert resolucion.principio == " ".join(criterio.leccion_parcial.split())
    assert resolucion.casos and all(e.senal == "asiste" for c in resolucion.casos
                                    for e in c.evidencias)
    ayuda = resolucion.casos[0].evidencias[0].texto
    assert resolucion.mejor.startswith(f"Además de «{ayuda[:30]}")
    assert "qué va a hacer" not in resolucion.mejor


def _un_insulto():
    from simulador.formatos.escenario import Escenario

    return Escenario.model_validate({
        "id": "insulto", "titulo": "Un insulto", "descripcion": "Cobro de una revisión.",
        "dificultad": "facil", "canal": "telefono",
        "cliente": {"nombre": "Rosa Prieto", "enfado_inicial": 60},
        "puntos_clave": [{"texto": "58 euros"}], "cierre_esperado": "no_aplica",
        "inicio": "queja", "enfado": {"limite": 100, "al_limite": "fin"},
        "nodos": {
            "queja": {"dice": ["Panda de inútiles, me cobrasteis 58 euros por una revisión "
                               "de la caldera que nunca se hizo."],
                      "por_defecto": {"ir_a": "fin"}},
            "fin": {"dice": ["Bueno, a ver si es verdad."], "final": "resuelto"},
        }})


def test_la_leccion_de_un_insulto_sin_aviso_senala_la_respuesta_que_siguio_como_si_nada(
        calificador):
    sesion = Sesion(_un_insulto(), calificador, semilla=0, reloj=RelojManual())
    sesion.iniciar()
    sesion.responder("Tiene razón, la revisión no consta como hecha: le devuelvo hoy los "
                     "58 euros y le llegan en dos días.")
    resultado = sesion.resultado()
    assert resultado.cierre == "no_aplica" and resultado.criterios["cierre"] == 50
    leccion = {x.criterio: x for x in resultado.lecciones}["cierre"]
    assert "Rosa insultó" in leccion.mejor and "terminar la conversación" in leccion.mejor
    assert [c.numero for c in leccion.casos] == [1]
    assert "58 euros" in leccion.casos[0].texto


@pytest.mark.parametrize(("respuesta", "echa_en_falta"), [
    ("Tiene razón: le devuelvo hoy los 58 euros y le llegan en dos días.", True),
    ("Le devuelvo hoy los 58 euros. Eso sí, le pido respeto: si los insultos siguen, "
     "tendré que terminar la llamada.", False),
])
def test_el_entrenador_echa_en_falta_el_aviso_al_primer_insulto(calificador, respuesta,
                                                                 echa_en_falta):
    from simulador.motor.eventos import Valoracion

    sesion = Sesion(_un_insulto(), calificador, semilla=0, reloj=RelojManual())
    sesion.iniciar()
    valoracion = next(e for e in sesion.responder(respuesta) if isinstance(e, Valoracion))
    faltas = [c for c in valoracion.comentarios if c.senal == "advierte" and c.tipo == "falta"]
    assert bool(faltas) is echa_en_falta
    if echa_en_falta:
        assert "insultó" in faltas[0].mensaje
