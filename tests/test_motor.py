"""El motor de conversación: transiciones, enfado, silencio, terminar, abuso y determinismo."""

from __future__ import annotations

from typing import Any

import pytest

from simulador.formatos.escenario import Escenario
from simulador.formatos.transcripcion import Transcripcion
from simulador.motor import (
    CambioEnfado,
    ErrorDeEscenario,
    Final,
    Insistencia,
    LineaCliente,
    RelojManual,
    RespuestaVacia,
    Sesion,
    SesionTerminada,
    Valoracion,
)
from simulador.motor.sesion import DESPEDIDA_GENERICA
from simulador.rubricas import cargar_calificador

BUENA = "Ana, siento mucho el retraso de su pedido de zapatos; lo reviso ahora mismo."
MALA = "Cálmese. Es nuestra política."
NEUTRA = "De acuerdo."


@pytest.fixture(scope="module")
def calificador():
    return cargar_calificador()


def escenario(**cambios: Any) -> Escenario:
    """Un escenario pequeño y controlado; `cambios` sustituye claves de primer nivel."""
    datos: dict[str, Any] = {
        "id": "prueba",
        "titulo": "Prueba",
        "descripcion": "Un pedido de zapatos que no llega.",
        "dificultad": "facil",
        "canal": "chat",
        "cliente": {"nombre": "Ana Gómez", "enfado_inicial": 50},
        "puntos_clave": [{"texto": "zapatos", "sinonimos": ["el pedido"]}],
        "cierre_esperado": "no_aplica",
        "inicio": "saludo",
        "enfado": {"limite": 90, "al_limite": "se_va"},
        "silencio": {"segundos": 60, "enfado": 10, "dice": ["¿Hola?", "¿Sigue ahí?"]},
        "nodos": {
            "saludo": {
                "dice": ["Mi pedido de zapatos no llega.", "¿Dónde están mis zapatos?"],
                "transiciones": [
                    {"si": {"todas": ["escucha", "disculpa"]}, "ir_a": "contenta", "enfado": -20},
                    {"si": "escalada", "ir_a": "enfadada", "enfado": 30},
                ],
                "por_defecto": {"ir_a": "saludo", "enfado": 5},
            },
            "enfadada": {
                "dice": ["¿Cómo me habla así?"],
                "silencio": {"segundos": 20, "enfado": 15, "dice": ["¿Me ignora?"],
                             "ir_a": "se_va"},
                "transiciones": [{"si": "disculpa", "ir_a": "contenta", "enfado": -10}],
                "por_defecto": {"ir_a": "enfadada", "enfado": 10},
            },
            "contenta": {"dice": ["Gracias, así sí."], "final": "resuelto"},
            "se_va": {"dice": ["Me voy."], "final": "abandona"},
        },
    }
    datos.update(cambios)
    return Escenario.model_validate(datos)


def sesion(calificador, esc: Escenario | None = None, **opciones: Any) -> Sesion:
    s = Sesion(esc or escenario(), calificador, reloj=opciones.pop("reloj", RelojManual()),
               **opciones)
    s.iniciar()
    return s


def test_inicio_y_transicion_buena(calificador):
    s = Sesion(escenario(), calificador, semilla=3, reloj=RelojManual())
    inicio = s.iniciar()
    assert isinstance(inicio[0], LineaCliente) and inicio[0].nodo == "saludo"
    eventos = s.responder(BUENA)
    tipos = [type(e) for e in eventos]
    assert tipos == [Valoracion, CambioEnfado, LineaCliente, Final]
    assert eventos[1] == CambioEnfado(50, 30, "respuesta")
    assert eventos[2].texto == "Gracias, así sí." and eventos[2].nodo == "contenta"
    assert s.final == Final("resuelto", "contenta", "transicion")
    assert s.terminada and s.enfado == 30
    assert [t.rol for t in s.turnos] == ["cliente", "agente", "cliente"]
    assert s.turnos[1].numero == 1 and s.turnos[1].enfado == 30


def test_primera_transicion_que_se_cumple_gana_y_si_no_por_defecto(calificador):
    s = sesion(calificador)
    s.responder(NEUTRA)  # ninguna condición: por_defecto vuelve a «saludo» con +5
    assert s.nodo_actual == "saludo" and s.enfado == 55
    s.responder(MALA)
    assert s.nodo_actual == "enfadada" and s.enfado == 85


def test_condiciones_por_turno_usan_el_numero_de_respuesta(calificador):
    esc = escenario(nodos={
        "saludo": {"dice": ["Hola."], "transiciones": [
            {"si": {"turno_desde": 3}, "ir_a": "fin"}], "por_defecto": {"ir_a": "saludo"}},
        "fin": {"dice": ["Adiós."], "final": "escalado"},
    })
    s = sesion(calificador, esc)
    s.responder(NEUTRA)
    s.responder(NEUTRA)
    assert not s.terminada
    s.responder(NEUTRA)
    assert s.final is not None and s.final.nodo == "fin"


def test_el_enfado_se_limita_a_0_100_y_el_limite_echa_al_cliente(calificador):
    esc = escenario(cliente={"nombre": "Ana", "enfado_inicial": 5})
    s = sesion(calificador, esc)
    s.responder(BUENA)
    assert s.enfado == 0
    s = sesion(calificador, escenario(cliente={"nombre": "Ana", "enfado_inicial": 80}))
    eventos = s.responder(MALA)
    assert CambioEnfado(80, 100, "respuesta") in eventos
    assert s.final == Final("abandona", "se_va", "limite_enfado")


def test_la_variante_del_cliente_depende_de_la_semilla(calificador):
    primeras = {sesion(calificador, semilla=n).turnos[0].texto for n in range(20)}
    assert primeras == {"Mi pedido de zapatos no llega.", "¿Dónde están mis zapatos?"}


def _resumen(s: Sesion) -> list[tuple[Any, ...]]:
    return [(t.rol, t.texto, t.nodo, t.enfado, t.momento, t.senales) for t in s.turnos]


def test_determinista_misma_semilla_mismas_respuestas_misma_sesion(calificador):
    tranquila = escenario(cliente={"nombre": "Ana Gómez", "enfado_inicial": 30})

    def jugar(semilla: int) -> Sesion:
        s = sesion(calificador, tranquila, semilla=semilla)
        s.responder(NEUTRA)
        s.esperar(61)
        s.responder(MALA)
        s.responder("Perdone, lo siento mucho.")
        return s

    a, b = jugar(7), jugar(7)
    assert _resumen(a) == _resumen(b)
    assert a.eventos == b.eventos
    assert a.resultado().como_dict() == b.resultado().como_dict()
    distintas = {tuple(t.texto for t in jugar(n).turnos) for n in range(10)}
    assert len(distintas) > 1


# --- silencio ---------------------------------------------------------------------------


def test_silencio_con_reloj_inyectado(calificador):
    reloj = RelojManual()
    s = sesion(calificador, reloj=reloj)
    assert s.segundos_para_silencio() == 60
    assert s.esperar(59) == []
    eventos = s.esperar(1)
    assert isinstance(eventos[0], Insistencia) and eventos[0].segundos == 60
    assert eventos[0].texto in ("¿Hola?", "¿Sigue ahí?") and eventos[0].nodo == "saludo"
    assert eventos[1] == CambioEnfado(50, 60, "silencio")
    assert s.turnos[-1].origen == "silencio" and s.turnos[-1].momento == 60
    # El plazo vuelve a contar desde la insistencia; una espera larga insiste varias veces.
    eventos = s.esperar(130)
    assert sum(isinstance(e, Insistencia) for e in eventos) == 2
    assert [t.momento for t in s.turnos if t.origen == "silencio"] == [60, 120, 180]
    assert s.enfado == 80
    # Quien contesta tras el silencio tarda lo que marca el reloj desde la última línea.
    reloj.avanzar(5)
    s.responder(NEUTRA)
    assert s.respuestas[-1].segundos_respuesta == 15


def test_silencio_del_nodo_manda_y_su_ir_a_mueve_la_conversacion(calificador):
    s = sesion(calificador)
    s.responder(MALA)
    assert s.nodo_actual == "enfadada" and s.segundos_para_silencio() == 20
    eventos = s.esperar(20)
    assert [type(e) for e in eventos] == [Insistencia, CambioEnfado, LineaCliente, Final]
    assert eventos[0].texto == "¿Me ignora?"
    assert s.final == Final("abandona", "se_va", "silencio")


def test_silencio_hasta_el_limite_de_enfado(calificador):
    s = sesion(calificador, escenario(cliente={"nombre": "Ana", "enfado_inicial": 75}))
    s.esperar(60)
    assert not s.terminada and s.enfado == 85
    s.esperar(60)
    assert s.final == Final("abandona", "se_va", "limite_enfado")
    assert s.esperar(600) == []


def test_sin_silencio_configurado_callar_no_hace_nada(calificador):
    s = sesion(calificador, escenario(silencio=None))
    assert s.segundos_para_silencio() is None
    assert s.esperar(3600) == [] and len(s.turnos) == 1


# --- terminar la relación -------------------------------------------------------------


def test_terminar_usa_al_terminar_del_nodo_antes_que_el_del_escenario(calificador):
    nodos = escenario().model_dump()["nodos"]
    nodos["despedida"] = {"dice": ["Pues adiós."], "final": "relacion_terminada"}
    nodos["despedida_especial"] = {"dice": ["¿Así me despide?"], "final": "relacion_terminada"}
    nodos["enfadada"]["al_terminar"] = "despedida_especial"
    esc = escenario(nodos=nodos, al_terminar="despedida")
    s = sesion(calificador, esc)
    eventos = s.terminar_relacion("Doy por terminada esta conversación.")
    assert isinstance(eventos[0], Valoracion) and eventos[0].senales["termina"]
    assert s.final == Final("relacion_terminada", "despedida", "terminar")
    assert s.turnos[-2].origen == "terminar" and s.turnos[-1].texto == "Pues adiós."
    s = sesion(calificador, esc)
    s.responder(MALA)
    s.terminar_relacion("Doy por terminada esta conversación.")
    assert s.final == Final("relacion_terminada", "despedida_especial", "terminar")


def test_terminar_sin_al_terminar_da_una_despedida_generica(calificador):
    s = sesion(calificador)
    enfado = s.enfado
    eventos = s.terminar_relacion("Voy a finalizar este chat ahora.")
    assert LineaCliente(DESPEDIDA_GENERICA, None, False, 3 - 1) in eventos
    assert s.final == Final("relacion_terminada", None, "terminar")
    assert s.enfado == enfado


def test_no_se_puede_responder_al_acabar_ni_enviar_vacio(calificador):
    s = sesion(calificador)
    for vacia in ("", "   ", "\n\t", "\u200b"):
        with pytest.raises(RespuestaVacia):
            s.responder(vacia)
    assert len(s.turnos) == 1
    s.responder(BUENA)
    with pytest.raises(SesionTerminada):
        s.responder(NEUTRA)
    with pytest.raises(SesionTerminada):
        s.terminar_relacion("Adiós.")


def test_modo_examen_no_da_valoraciones_durante_la_sesion(calificador):
    s = sesion(calificador, modo="examen")
    eventos = s.responder(MALA)
    assert not any(isinstance(e, Valoracion) for e in eventos)
    assert s.resultado().turnos[1]["comentarios"]  # al final sí
    with pytest.raises(ValueError):
        Sesion(escenario(), calificador, modo="torneo")


def test_respuesta_enorme_y_con_emoji(calificador):
    s = sesion(calificador)
    enorme = ("Lo siento mucho por sus zapatos 😔🙏. " * 1400)[:50_000]
    s.responder(enorme)
    turno = s.respuestas[-1]
    assert turno.texto == enorme and turno.senales["disculpa"]
    for e in turno.evidencias:
        assert enorme[e.inicio:e.fin] == e.texto


def test_destino_roto_se_nombra_con_su_nodo_y_la_sesion_no_cambia(calificador):
    nodos = escenario().model_dump()["nodos"]
    nodos["saludo"]["por_defecto"]["ir_a"] = "no_existe"
    s = sesion(calificador, escenario(nodos=nodos))
    with pytest.raises(ErrorDeEscenario) as info:
        s.responder(NEUTRA)
    assert info.value.nodo == "saludo" and "no_existe" in str(info.value)
    assert info.value.clave == ("nodos", "saludo", "por_defecto", "ir_a")
    assert len(s.turnos) == 1 and s.nodo_actual == "saludo"


# --- abuso: las marcas del escenario mandan -------------------------------------------


def _con_insulto(texto: str, abuso: bool | None) -> Escenario:
    linea: Any = texto if abuso is None else {"texto": texto, "abuso": abuso}
    return escenario(nodos={
        "saludo": {"dice": [linea], "por_defecto": {"ir_a": "fin"}},
        "fin": {"dice": ["Adiós."], "final": "abandona"},
    })


def test_abuso_marcado_en_el_escenario_manda_sobre_la_deteccion(calificador):
    # Sin insulto reconocible, pero marcado: cuenta como abuso.
    s = sesion(calificador, _con_insulto("Es usted un majadero de tomo y lomo.", True))
    assert s.turnos[0].senales["abuso"] is True and s.eventos[0].abuso
    # Con un insulto reconocible, pero el escenario marca otras líneas y esta no.
    esc = _con_insulto("Eres un inútil.", False)
    nodos = esc.model_dump()["nodos"]
    nodos["fin"]["dice"] = [{"texto": "Adiós, ladrones.", "abuso": True}]
    s = sesion(calificador, escenario(nodos=nodos))
    assert s.turnos[0].senales["abuso"] is False
    assert not [e for e in s.turnos[0].evidencias if e.senal == "abuso"]


def test_cierre_si_termina_dice_si_terminar_ahora_seria_prematuro_o_correcto(calificador):
    """Lo que la práctica aconseja antes de la despedida: con un insulto sin aviso, terminar
    es prematuro; tras avisar y otro insulto, correcto; sin insultos, prematuro salvo que
    el escenario justifique terminar."""
    insulto = {"texto": "Eres un inútil, como todos ahí.", "abuso": True}
    esc = escenario(nodos={
        "saludo": {"dice": [insulto], "por_defecto": {"ir_a": "saludo"}},
        "fin": {"dice": ["Adiós."], "final": "abandona"},
    })
    s = sesion(calificador, esc)
    assert s.cierre_si_termina() == "prematuro"
    s.responder("Le ayudo con gusto, pero si sigue insultándome tendré que terminar la "
                "conversación.")
    assert s.cierre_si_termina() == "correcto"  # avisó y el cliente volvió a insultar
    assert not s.terminada  # preguntar no cambia nada
    assert sesion(calificador).cierre_si_termina() == "prematuro"
    justificado = escenario(cierre_esperado="correcto")
    assert sesion(calificador, justificado).cierre_si_termina() == "correcto"


def test_sin_marcas_en_el_escenario_se_usa_la_deteccion(calificador):
    s = sesion(calificador, _con_insulto("Eres un inútil.", None))
    assert s.turnos[0].senales["abuso"] is True
    s = sesion(calificador, _con_insulto("Estoy harta de esperar.", None))
    assert s.turnos[0].senales["abuso"] is False


# --- resultado ----------------------------------------------------------------------------


def test_resultado_igual_que_calificar_la_transcripcion(calificador):
    s = sesion(calificador, escenario(cliente={"nombre": "Ana Gómez", "enfado_inicial": 30}),
               semilla=2)
    s.responder(NEUTRA)
    s.esperar(60)
    s.responder(MALA)
    s.responder("Perdone, lo siento mucho, tiene razón.")
    resultado = s.resultado()
    transcripcion = s.transcripcion()
    assert transcripcion["puntos_clave"] == ["zapatos", "el pedido"]
    calificado = calificador.calificar(Transcripcion.model_validate(transcripcion))
    for clave in ("puntaje", "criterios", "cierre", "aprobado", "criticos_fallidos"):
        assert resultado.calificacion[clave] == calificado[clave]
    datos = resultado.como_dict()
    assert [(t["rol"], t["senales"]) for t in datos["turnos"]] == [
        (t["rol"], t["senales"]) for t in calificado["turnos"]]
    assert datos["final"] == {"tipo": "resuelto", "nodo": "contenta", "motivo": "transicion"}
    assert set(datos) >= {"puntaje", "criterios", "cierre", "final", "turnos", "lecciones",
                          "cierre_esperado", "semilla", "modo", "agente", "equipo"}


def test_resultado_a_medias_sin_final(calificador):
    s = sesion(calificador)
    s.responder(NEUTRA)
    resultado = s.resultado()
    assert resultado.final is None and resultado.como_dict()["final"] is None
    assert 0 <= resultado.puntaje <= 100


def test_agente_equipo_y_modo_quedan_en_el_resultado_y_la_transcripcion(calificador):
    s = sesion(calificador, agente="Marta", equipo="Tarde", modo="examen")
    s.responder(BUENA)
    datos = s.resultado().como_dict()
    assert (datos["agente"], datos["equipo"], datos["modo"]) == ("Marta", "Tarde", "examen")
    t = s.transcripcion()
    assert (t["agente"], t["equipo"], t["escenario"]) == ("Marta", "Tarde", "prueba")
    assert t["cliente"] == {"nombre": "Ana Gómez"} and t["cierre_justificado"] is False


def test_el_motor_no_imprime_ni_depende_de_la_interfaz():
    from pathlib import Path

    import simulador.motor

    carpeta = Path(simulador.motor.__file__).parent
    for archivo in carpeta.glob("*.py"):
        texto = archivo.read_text(encoding="utf-8")
        for prohibido in ("print(", "import textual", "from textual", "simulador.salida",
                          "sys.stdout", "import yaml"):
            assert prohibido not in texto, f"{archivo.name} usa {prohibido}"


def test_con_un_dialogo_delante_el_cliente_no_cuenta_el_silencio():
    """Mientras el alumno escribe la despedida (o lee la ayuda) el cliente no se impacienta,
    y ese rato no cuenta como tiempo de respuesta."""
    from simulador.catalogo import cargar_catalogo
    from simulador.rubricas import cargar_calificador
    from simulador.rutas import escenarios_incluidos

    escenario = cargar_catalogo([escenarios_incluidos()]).buscar("pedido-retrasado")
    assert escenario is not None
    reloj = RelojManual()
    sesion = Sesion(escenario.modelo, cargar_calificador(), reloj=reloj)
    sesion.iniciar()
    limite = sesion.segundos_para_silencio()
    assert limite is not None
    reloj.avanzar(limite - 10)
    sesion.pausar()
    reloj.avanzar(600)
    assert sesion.comprobar_silencio() == []
    assert sesion.segundos_para_silencio() == pytest.approx(10)
    sesion.reanudar()
    assert sesion.segundos_para_silencio() == pytest.approx(10)
    sesion.pausar()
    reloj.avanzar(300)
    sesion.terminar_relacion("Lo siento, doy por terminada la conversación. Buen día.")
    despedida = sesion.respuestas[-1]
    assert despedida.segundos_respuesta == pytest.approx(limite - 10)
