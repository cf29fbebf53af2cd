"""Clientes que necesitan algo concreto (issue 13): el relleno no les resuelve nada y
el cliente pregunta por lo que falta, no por lo que ya le dieron."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulador.catalogo import cargar_catalogo
from simulador.formatos.escenario import Escenario, Necesidad
from simulador.motor import RelojManual, Sesion
from simulador.motor.guion import jugar_guion, leer_guion
from simulador.motor.necesidades import JuezNecesidades
from simulador.rubricas import cargar_calificador
from simulador.rutas import escenarios_incluidos

RELLENO = Path(__file__).parent / "datos" / "relleno.txt"


@pytest.fixture(scope="module")
def calificador():
    return cargar_calificador()


@pytest.fixture(scope="module")
def socio() -> Escenario:
    escenario = cargar_catalogo([escenarios_incluidos()]).buscar("caida-del-socio")
    assert escenario is not None
    return escenario.modelo


def _sesion(escenario: Escenario, calificador, semilla: int = 0) -> Sesion:
    sesion = Sesion(escenario, calificador, semilla=semilla, reloj=RelojManual())
    sesion.iniciar()
    return sesion


def _atiende(escenario, calificador, texto: str) -> set[str]:
    contexto = calificador.contexto()
    calificacion = calificador.turno_agente(texto, contexto)
    return JuezNecesidades(escenario, calificador).atendidas(texto, calificacion)


@pytest.mark.parametrize(("texto", "esperadas"), [
    ("La fibra se la reconectan hoy a las cinco y le abono los dos días en la factura.",
     {"plazo", "compensacion"}),
    ("Mañana a primera hora pasa el técnico a arreglar la avería de su zona.", {"plazo"}),
    # La respuesta directa y breve a «¿cuándo vuelve el servicio?» también es ayuda.
    ("El servicio vuelve hoy antes de las seis.", {"plazo"}),
    ("No le vamos a cobrar esos días: se los descuento del recibo de este mes.",
     {"compensacion"}),
    # Empatía, disculpas y promesas vagas no atienden nada, aunque nombren el problema.
    ("Lamento muchísimo que lleve sin servicio; lo reviso y le digo algo.", set()),
    ("Entiendo que necesita saber cuándo vuelve y que le compensen.", set()),
    # Repetir lo que pide como si se le diera, u ofrecerlo como un deseo, tampoco.
    ("Tiene razón: usted quiere que le abonen los días y que le reconecten la línea.", set()),
    ("Ojalá pudiera decirle que la línea vuelve esta tarde; de momento no lo sé.", set()),
    ("Me encantaría poder descontarle esos días, pero no está en mi mano.", set()),
    ("Lo de los días sin conexión lo tengo muy presente.", set()),
    # Una oferta de verdad dicha con cortesía sí atiende: «si prefiere…».
    ("Si lo prefiere, le descuento ahora mismo los dos días en el recibo.", {"compensacion"}),
    # Una ayuda concreta para otra cosa no atiende estas necesidades.
    ("Le cambio la contraseña del wifi ahora mismo.", set()),
])
def test_que_necesidades_atiende_una_respuesta(socio, calificador, texto, esperadas):
    assert _atiende(socio, calificador, texto) == esperadas


def test_si_falta_algo_el_cliente_pregunta_por_lo_que_falta(socio, calificador):
    sesion = _sesion(socio, calificador)
    sesion.responder("Miguel Ángel, lo siento mucho: un día sin fibra es un problema serio. "
                     "El servicio vuelve hoy antes de las seis de la tarde.")
    assert sesion.atendidas == {"plazo"}
    assert sesion.nodo_actual == "falta_compensacion"
    # El cliente no vuelve a preguntar cuándo vuelve: pregunta por los días perdidos.
    ultima = sesion.turnos[-1].texto
    assert "cuándo" not in ultima.lower() and ("cobrar" in ultima or "descontar" in ultima)
    sesion.responder("Le descuento de la próxima factura los dos días sin servicio.")
    assert sesion.final is not None and sesion.final.nodo == "resuelto"
    assert [t.atiende for t in sesion.respuestas] == [["plazo"], ["compensacion"]]


def test_todo_de_una_vez_resuelve_a_la_primera(socio, calificador):
    sesion = _sesion(socio, calificador)
    sesion.responder("Lo siento mucho, Miguel Ángel. La conexión queda restablecida hoy "
                     "antes de las seis y le abono en la factura los días sin internet.")
    assert sesion.final is not None and sesion.final.nodo == "resuelto"


@pytest.mark.parametrize("semilla", range(4))
def test_el_relleno_no_resuelve_y_acaba_pidiendo_un_supervisor(socio, calificador, semilla):
    sesion = Sesion(socio, calificador, semilla=semilla, reloj=RelojManual())
    jugar_guion(sesion, leer_guion(RELLENO))
    assert sesion.atendidas == set()
    assert sesion.final is not None and sesion.final.tipo == "escalado"
    assert not sesion.resultado().aprobado


def test_el_entrenador_dice_que_necesidad_atendio_y_cual_falta(socio, calificador):
    from simulador.motor import Valoracion

    sesion = _sesion(socio, calificador)
    eventos = sesion.responder("Lo siento mucho. El técnico le restablece hoy la conexión "
                               "antes de las seis.")
    valoracion = next(e for e in eventos if isinstance(e, Valoracion))
    sobre = [(c.tipo, c.mensaje) for c in valoracion.comentarios if c.senal == "necesidad"]
    assert sobre == [
        ("bien", "atiende lo que necesita el cliente: saber cuándo vuelve el servicio"),
        ("falta", "el cliente aún necesita: que no le cobren (o le compensen) los días sin "
                  "servicio")]
    # En examen no hay entrenador: nada se revela.
    examen = Sesion(socio, calificador, modo="examen", reloj=RelojManual())
    examen.iniciar()
    assert not any(isinstance(e, Valoracion) for e in examen.responder(
        "Lo siento mucho. El técnico le restablece hoy la conexión antes de las seis."))


@pytest.mark.parametrize(("excusa", "nodo", "sale_el_socio"), [
    ("Es un problema de nuestro socio mayorista, no depende de nosotros.", "culpa_socio", True),
    ("Por política de la empresa no podemos darle una fecha todavía.", "culpa_ajena", False),
])
def test_el_cliente_solo_habla_del_socio_si_se_lo_nombraron(socio, calificador, excusa, nodo,
                                                          sale_el_socio):
    for semilla in range(3):
        sesion = _sesion(socio, calificador, semilla)
        sesion.responder(excusa)
        assert sesion.nodo_actual == nodo
        if not sale_el_socio:
            assert "socio" not in sesion.turnos[-1].texto.lower()


def _con_acciones(socio: Escenario) -> Escenario:
    """La compensación de caida-del-socio, exigiendo además qué se hace con ella."""
    datos = socio.model_dump(exclude_none=True)
    datos["necesidades"]["compensacion"] = {
        "descripcion": "Que no le cobren los días sin servicio",
        "palabras": ["dias", "factura*", "recibo*", "cobr*"],
        "acciones": ["descuent*", "abon*", "devuel*", "devolv*", "compens*", "bonific*"],
    }
    return Escenario.model_validate(datos)


@pytest.mark.parametrize(("texto", "esperadas"), [
    # Con «acciones», nombrar lo que pide no basta: hay que decir qué se hace con ello.
    ("Tiene razón, le cobramos los días sin servicio y no debimos hacerlo.", set()),
    ("Le descuento de la factura los días sin servicio.", {"compensacion"}),
    # El punto de «1.250» no corta la oración: la acción y la palabra siguen juntas.
    ("Le abono ya los 1.250 pesos de los días sin servicio.", {"compensacion"}),
])
def test_con_acciones_la_ayuda_tiene_que_hacer_algo_con_la_necesidad(socio, calificador,
                                                                     texto, esperadas):
    escenario = _con_acciones(socio)
    assert _atiende(escenario, calificador, texto) & {"compensacion"} == esperadas


def test_acciones_sin_palabras_es_un_error_que_se_explica():
    with pytest.raises(ValueError, match="«acciones» solo sirve junto con «palabras»"):
        Necesidad.model_validate({"descripcion": "x", "ejemplos": ["y"],
                                  "acciones": ["devuel*"]})


def test_cancelar_el_seguro_no_es_devolver_lo_cobrado(calificador):
    """cargo-no-informado: quitar el seguro atiende la baja; la devolución sigue pendiente
    (visto jugando: el cliente daba las gracias por una devolución que nadie ofreció)."""
    escenario = cargar_catalogo([escenarios_incluidos()]).buscar("cargo-no-informado")
    assert escenario is not None
    assert _atiende(escenario.modelo, calificador, "Ya le cancelé el seguro.") == {"baja"}
    assert _atiende(escenario.modelo, calificador,
                    "Le cancelo el seguro y le devuelvo los tres cobros.") == {"baja",
                                                                             "reintegro"}


def test_anular_el_cargo_es_no_cobrar_los_dias_sin_servicio(calificador):
    """cliente-abusivo: visto jugando, «le anulo el cargo de este mes» no contaba y el
    cliente volvía a preguntar por el cobro."""
    escenario = cargar_catalogo([escenarios_incluidos()]).buscar("cliente-abusivo")
    assert escenario is not None
    assert _atiende(escenario.modelo, calificador,
                    "Le agendo un técnico para mañana de 8 a 12 y le anulo el cargo de "
                    "este mes.") == {"tecnico", "descuento"}
    assert _atiende(escenario.modelo, calificador,
                    "Le devuelvo el cobro de este mes completo.") == {"descuento"}
