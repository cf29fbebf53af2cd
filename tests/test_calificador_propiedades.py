"""Propiedades del calificador con texto arbitrario: nunca falla y no miente."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulador.calificador import Calificador
from simulador.calificador.rasgos import _letras_y_mayusculas
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import cargar_calificador

CALIFICADOR: Calificador = cargar_calificador()

# Frases de la rúbrica mezcladas con texto cualquiera: así las reglas se disparan a menudo.
TROZOS = st.sampled_from([
    "lo siento", "PERDOOON", "xq", "es nuestra política", "cálmese", "!!!", "https://x.es/a",
    "no le voy a decir que", '"', "«", "», pero usted", "si sigue insultando", "cuelgo",
    "inútil", "\u0301", "é", "\n", "\t", "\x00", "😡", "👩‍💻", "שלום", "مرحبا", "ǅ", "İ", "ß",
    "ﬁ", "   ", "q", "x", "k", "disculpá", "\u200f", "\r\n", "A" * 30, "45,90 €", "—", "…",
])
TEXTO = st.lists(st.one_of(TROZOS, st.text(max_size=30)), max_size=25).map("".join)


def _comprobar_evidencias(texto: str, resultado) -> None:
    for e in resultado.evidencias:
        assert 0 <= e.inicio <= e.fin <= len(texto)
        assert texto[e.inicio:e.fin] == e.texto


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cliente=TEXTO, agente=TEXTO)
def test_nunca_falla_y_cada_evidencia_es_texto_original(cliente: str, agente: str) -> None:
    contexto = CALIFICADOR.contexto(["pedido", cliente[:20]])
    resultado_cliente = CALIFICADOR.turno_cliente(cliente, contexto)
    _comprobar_evidencias(cliente, resultado_cliente)
    resultado = CALIFICADOR.turno_agente(agente, contexto, cliente[:10] or None)
    _comprobar_evidencias(agente, resultado)
    assert set(resultado.senales) >= {"escucha", "disculpa", "escalada", "excusa",
                                      "advierte", "termina"}


@settings(max_examples=60, deadline=None)
@given(turnos=st.lists(st.tuples(st.sampled_from(["cliente", "agente"]), TEXTO), max_size=8))
def test_conversaciones_arbitrarias_dan_una_nota_valida(turnos) -> None:
    t = Transcripcion.model_validate(
        {"id": "x", "turnos": [{"rol": r, "texto": x} for r, x in turnos]})
    salida = CALIFICADOR.calificar(t)
    assert 0 <= salida["puntaje"] <= 100
    assert len(salida["turnos"]) == len(turnos)
    assert salida["cierre"] in {"correcto", "prematuro", "tardio", "descortes", "no_aplica"}
    for valor in salida["criterios"].values():
        assert valor is None or 0 <= valor <= 100


def test_texto_enorme_de_100_kb() -> None:
    bloque = "Lo siento mucho 😀, es nuestra política. ¡¡¡CÁLMESE!!! שלום \x07 "
    texto = bloque * (100_000 // len(bloque))
    contexto = CALIFICADOR.contexto()
    resultado = CALIFICADOR.turno_agente(texto, contexto)
    assert resultado.senales["escalada"]
    assert resultado.senales["excusa"]
    _comprobar_evidencias(texto, resultado)


@given(texto=st.text(max_size=200))
def test_gritar_se_mide_igual_por_el_camino_rapido(texto: str) -> None:
    """Las mayúsculas que lee el modelo: contar con tablas de bytes da lo mismo que letra
    a letra (un grito no debe dejar de serlo por llevar un emoji)."""
    letras = [c for c in texto if c.isalpha()]
    esperado = (0, 0) if texto.islower() else (len(letras), sum(c.isupper() for c in letras))
    assert _letras_y_mayusculas(texto) == esperado


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agente=TEXTO, veces=st.integers(min_value=2, max_value=60))
def test_un_texto_pegado_que_se_repite_se_califica_igual_que_palabra_a_palabra(
        agente: str, veces: int) -> None:
    """Un texto largo suma cada palabra distinta una vez, por sus apariciones: el
    resultado es el de sumarlas una a una."""
    import simulador.calificador.aprendido as aprendido

    texto = (agente + " ") * veces
    contexto = CALIFICADOR.contexto(["pedido"])
    modelo = CALIFICADOR.modelo.rol("agente")
    palabras = CALIFICADOR.palabras(texto)

    def puntos() -> list[float]:
        return modelo.puntos(palabras, texto, contexto.memoria, (), CALIFICADOR.lenguaje)

    rapido = CALIFICADOR.turno_agente(texto, contexto)
    puntos_rapido = puntos()
    with pytest.MonkeyPatch.context() as m:
        m.setattr(aprendido, "_LARGO_SIN_AGRUPAR", 10**9)
        una_a_una = CALIFICADOR.turno_agente(texto, contexto)
        assert puntos_rapido == pytest.approx(puntos(), abs=1e-9)
    assert rapido.senales == una_a_una.senales
    assert rapido.evidencias == una_a_una.evidencias


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cliente=TEXTO, agente=TEXTO, veces=st.sampled_from([1, 1, 30]))
def test_una_senal_sola_da_el_mismo_numero_que_todas_a_la_vez(
        cliente: str, agente: str, veces: int) -> None:
    """Contar las ayudas de una respuesta pregunta al modelo por una sola señal en cada
    oración: ese número (sin calcular las demás) es exactamente el de todas a la vez,
    también en un texto pegado (que agrupa las palabras repetidas)."""
    texto = (agente + " ") * veces
    contexto = CALIFICADOR.contexto(["pedido"])
    CALIFICADOR.turno_cliente(cliente, contexto)
    modelo = CALIFICADOR.modelo.rol("agente")
    palabras = CALIFICADOR.palabras(texto)
    todas = modelo.puntos(palabras, texto, contexto.memoria, (), CALIFICADOR.lenguaje)
    for i in range(len(modelo.senales)):
        assert modelo._punto(i, palabras, texto, contexto.memoria, CALIFICADOR.lenguaje) \
            == todas[i]
