"""Propiedades del calificador con texto arbitrario: nunca falla y no miente."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agente=TEXTO)
def test_el_peso_de_cada_palabra_es_el_de_sumarla_a_mano(agente: str) -> None:
    """La evidencia de una señal del modelo son sus palabras de más peso: el peso de
    cada una es el de sus trozos y su unigrama más media de cada par en que está."""
    import math

    modelo = CALIFICADOR.modelo.rol("agente")
    palabras = CALIFICADOR.palabras(agente)
    for senal in modelo.senales:
        i = modelo.senales.index(senal)
        esperado = []
        for j, palabra in enumerate(palabras):
            datos = modelo._palabra(palabra)
            peso = datos.trozos[i] / math.sqrt(max(1, datos.n_trozos))
            if datos.unigrama is not None:
                peso += datos.unigrama[i]
            for par in ((palabra, palabras[j + 1]) if j + 1 < len(palabras) else None,
                        (palabras[j - 1], palabra) if j > 0 else None):
                pesos_par = modelo.bigramas.get(" ".join(par)) if par else None
                if pesos_par is not None:
                    peso += pesos_par[i] / 2
            esperado.append(peso)
        assert modelo.peso_palabras(palabras, senal) == esperado


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agente=TEXTO, veces=st.sampled_from([1, 3]))
def test_la_evidencia_del_modelo_en_una_oracion_es_la_de_filtrar_todas_sus_palabras(
        agente: str, veces: int) -> None:
    """Contar las ayudas mira cada oración: sus palabras se buscan (un texto de 100 KB
    que recoge las palabras del cliente tardaba casi un segundo filtrándolas todas cada
    vez), y la evidencia es la misma que la de filtrarlas de entre todas."""
    from bisect import bisect_right

    from simulador.calificador import _tramo_aprendido

    texto = (agente + ". ") * veces
    a = CALIFICADOR.detector.analizar(texto)
    modelo = CALIFICADOR.modelo.rol("agente")
    for oracion in a.oraciones:
        filtradas = [p for p in a.palabras() if oracion[0] <= p[1] < oracion[1]]
        assert a.palabras_en(*oracion) == filtradas
        if not filtradas:
            continue
        pesos = modelo.peso_palabras([p for p, _, _ in filtradas], "asiste")
        inicios = [inicio for inicio, _ in a.oraciones]
        grupos: dict[int, list[tuple[float, int, int]]] = {}
        for (_, i, f), peso in zip(filtradas, pesos, strict=True):
            grupos.setdefault(bisect_right(inicios, i), []).append((peso, i, f))
        assert len(grupos) == 1  # una oración: un solo grupo, como se da por hecho
        (mejor,) = grupos.values()
        tope = max(peso for peso, _, _ in mejor)
        fuertes = [(i, f) for peso, i, f in mejor if peso >= tope / 2] or [mejor[0][1:]]
        assert _tramo_aprendido(a, modelo, "asiste", oracion) == (fuertes[0][0],
                                                                  fuertes[-1][1])


@given(tramos=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12),
       posicion=st.integers(-2, 65))
def test_una_palabra_excluida_es_la_que_cae_dentro_de_algun_tramo(
        tramos: list[tuple[int, int]], posicion: int) -> None:
    """La escucha no cuenta las palabras dentro de excusas o gritos: buscarlas en los
    tramos ordenados (no compararlas con todos, que con 100 KB de excusas tardaba medio
    segundo) da lo mismo que compararlas una a una."""
    from simulador.calificador.escucha import _dentro_de_alguno

    esperado = any(i <= posicion < f for i, f in tramos)
    assert _dentro_de_alguno(tramos)(posicion) is esperado


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agente=TEXTO, veces=st.sampled_from([1, 2, 20]))
def test_citas_y_anulaciones_se_buscan_y_dan_lo_mismo_que_mirarlas_todas(
        agente: str, veces: int) -> None:
    """Qué va entre comillas y qué pisa una anulación se busca en tramos ordenados (100 KB
    llenos de citas tardaban más de un segundo comparando cada palabra con cada cita): da
    lo mismo que comparar con todas, también con una comilla sin cerrar."""
    texto = (agente + ' "') * veces
    a = CALIFICADOR.detector.analizar(texto)
    citas = a._tramos_citados()
    esperadas = [p for p, i, f in a.palabras() if not any(x < i and f <= y for x, y in citas)]
    assert a.palabras_propias() == (a.texto.lista_palabras if a.sin_citas else esperadas)
    todas = [c for lista in a.coincidencias.values() for c in lista]
    for c in todas:
        assert a.citado(c) is (bool(citas) and any(x < c.inicio and c.fin <= y
                                                   for x, y in citas))
    import simulador.calificador.analisis as analisis

    for corta in (analisis._LISTA_CORTA, 0):  # también por el camino de las listas largas
        with pytest.MonkeyPatch.context() as m:
            m.setattr(analisis, "_LISTA_CORTA", corta)
            for lista in a.coincidencias.values():
                for c in todas:
                    inicio, fin = a.ambito(c.inicio)
                    esperado = any(x.inicio < fin and x.fin > inicio for x in lista)
                    assert a.pisa(lista, inicio, fin) is esperado


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agente=TEXTO, veces=st.sampled_from([1, 3]))
def test_la_evidencia_del_modelo_es_la_oracion_que_mas_empuja(agente: str, veces: int) -> None:
    """Sin oración dada, la evidencia sale de la oración cuyas palabras más empujan hacia
    la señal: sumar los tramos de palabras de cada oración da lo mismo que repartir
    las palabras una a una por su oración."""
    from bisect import bisect_right

    from simulador.calificador import _tramo_aprendido

    texto = (agente + ". ") * veces
    a = CALIFICADOR.detector.analizar(texto)
    modelo = CALIFICADOR.modelo.rol("agente")
    palabras = a.palabras()
    for senal in modelo.senales:
        if not palabras:
            assert _tramo_aprendido(a, modelo, senal) == (0, len(a.normal))
            continue
        pesos = modelo.peso_palabras([p for p, _, _ in palabras], senal)
        inicios = [inicio for inicio, _ in a.oraciones]
        grupos: dict[int, list[tuple[float, int, int]]] = {}
        for (_, i, f), peso in zip(palabras, pesos, strict=True):
            grupos.setdefault(bisect_right(inicios, i), []).append((peso, i, f))
        mejor: list[tuple[float, int, int]] = []
        mejor_suma = float("-inf")
        for dentro in grupos.values():
            suma = sum(peso for peso, _, _ in dentro if peso > 0)
            if suma > mejor_suma:
                mejor, mejor_suma = dentro, suma
        tope = max(peso for peso, _, _ in mejor)
        fuertes = [(i, f) for peso, i, f in mejor if peso >= tope / 2] or [mejor[0][1:]]
        assert _tramo_aprendido(a, modelo, senal) == (fuertes[0][0], fuertes[-1][1])


def _negado_mirando_la_oracion(a, c) -> bool:
    """La negación de antes, que recorría toda la oración previa en cada coincidencia."""
    import re

    negaciones = [m.start() for m in a.lenguaje.negacion.finditer(a.normal)]
    inicio_oracion = a.oracion(c.inicio)[0]
    if not any(inicio_oracion <= n < c.inicio for n in negaciones):
        return False
    previo = a.normal[inicio_oracion:c.inicio]
    corte = max((m.end() for m in re.finditer(r"[,.;:!?\n]", previo)), default=0)
    palabras = re.findall(r"[^\W_]+", previo[corte:])
    for distancia, palabra in enumerate(reversed(palabras[-a.lenguaje.alcance - 1:])):
        if palabra in a.lenguaje.negaciones:
            return True
        if palabra not in a.lenguaje.puentes or distancia >= a.lenguaje.alcance:
            return False
    return False


NEGACIONES = st.sampled_from([
    "no", "nunca", "no quiero la baja", "ni", "tampoco", "jamás", " ", ", ", ". ", "; ",
    "quiero cancelar", "me", "lo", "que", "darme de baja", "\n", "!", "?", "sin", "nada",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texto=st.lists(st.one_of(NEGACIONES, TROZOS, st.text(max_size=8)), max_size=40)
       .map(" ".join), veces=st.sampled_from([1, 3]))
def test_la_negacion_se_busca_con_indices_y_da_lo_mismo_que_recorrer_la_oracion(
        texto: str, veces: int) -> None:
    """Un mensaje del cliente de 100 KB sin puntos es una sola oración: la negación se
    busca con índices de cortes y palabras, no recorriendo la oración en cada
    coincidencia, y decide lo mismo, también si la coincidencia empieza a media palabra."""
    from simulador.calificador.frases import Coincidencia

    a = CALIFICADOR.detector.analizar(texto * veces, "cliente")
    coincidencias = [c for lista in a.coincidencias.values() for c in lista]
    coincidencias += [Coincidencia("x", "x", i, i) for i in range(len(a.normal) + 1)]
    for c in coincidencias:
        assert a.negado(c) is _negado_mirando_la_oracion(a, c), (a.normal, c)


@settings(max_examples=200, deadline=None)
@given(texto=st.text(max_size=60),
       tramos=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=10))
def test_tapar_los_insultos_en_una_pasada_da_lo_mismo_que_uno_a_uno(
        texto: str, tramos: list[tuple[int, int]]) -> None:
    """Las palabras del cliente sin sus insultos: taparlos todos en una pasada (100 KB de
    insultos rehacían el texto una vez por insulto) da lo mismo que uno a uno, aunque se
    pisen."""
    from simulador.calificador.escucha import tapar
    from simulador.calificador.frases import Coincidencia

    insultos = [Coincidencia("abuso", "x", min(i, len(texto)), min(i + largo, len(texto)))
                for i, largo in tramos]
    esperado = texto
    for c in sorted(insultos, key=lambda c: -c.inicio):
        esperado = esperado[:c.inicio] + " " * (c.fin - c.inicio) + esperado[c.fin:]
    assert tapar(texto, insultos) == esperado


@settings(max_examples=200, deadline=None)
@given(palabras=st.lists(st.sampled_from(["el", "de", "que", "reembolso", "hoy", "4521", "12",
                                          "tecnico", "y", "abono", "la", "ya"]), max_size=40),
       veces=st.sampled_from([1, 7, 30]))
def test_una_lista_larga_se_reconoce_igual_contando_las_palabras_repetidas(
        palabras: list[str], veces: int) -> None:
    """«Reembolso. Abono. Técnico.» pegado mil veces: contar cada palabra distinta una vez
    (100 KB en milisegundos) da lo mismo que mirarlas una a una."""
    lenguaje = CALIFICADOR.lenguaje
    todas = palabras * veces
    letras = [p for p in todas if not p.isdigit()]
    enlaces = sum(p in lenguaje.enlaces_gramaticales for p in letras)
    esperado = (len(letras) >= lenguaje.lista_minimo
                and enlaces < lenguaje.lista_proporcion * len(letras))
    assert lenguaje.es_lista(todas) is (bool(lenguaje.enlaces_gramaticales) and esperado)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cliente=TEXTO, agente=TEXTO, otra=TEXTO, veces=st.sampled_from([1, 3, 12]))
@example(cliente="Mi pedido 4521 no llega", agente="Lamento el retraso de su pedido 4521",
         otra="Le devuelvo el cargo hoy mismo y le mando el técnico el jueves", veces=3)
def test_las_oraciones_repetidas_se_miran_una_vez_y_dan_lo_mismo(
        cliente: str, agente: str, otra: str, veces: int) -> None:
    """Contar ayudas pregunta al modelo por cada oración; en un texto pegado, la misma
    oración se pregunta una vez por respuesta. Da lo mismo que preguntar por todas."""
    import simulador.calificador as calificador
    from simulador.texto import lista_palabras

    texto = (agente + ". " + otra + "\n") * veces
    contexto = CALIFICADOR.contexto(["pedido"])
    CALIFICADOR.turno_cliente(cliente, contexto)
    a = CALIFICADOR.detector.analizar(texto)
    modelo = CALIFICADOR.modelo.rol("agente")
    for senal in CALIFICADOR._por_oraciones:
        primera = a.oraciones[0]
        esperados = []
        if len(a.oraciones) >= 2:
            for oracion in a.oraciones[1:]:
                palabras = lista_palabras(a.normal[oracion[0]:oracion[1]])
                if len(palabras) < calificador._PALABRAS_ORACION_AYUDA:
                    continue
                o_inicio, o_fin = a.texto.a_original(*oracion)
                if modelo.da(senal, palabras, texto[o_inicio:o_fin], contexto.memoria,
                             CALIFICADOR.lenguaje):
                    esperados.append(calificador._tramo_aprendido(a, modelo, senal, oracion))
        tramos = {senal: [primera]}
        del_modelo: set[tuple[int, int]] = set()
        CALIFICADOR._oraciones_del_modelo(a, texto, senal, tramos, contexto, del_modelo)
        assert tramos[senal] == [primera, *esperados]
        if "técnico" in otra and veces == 3:  # el ejemplo sí tiene ayudas que contar
            assert len(esperados) == 3
        assert del_modelo == set(esperados)
