"""La normalización del texto: lo que el calificador «lee» de lo que escribió la persona."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from simulador.calificador import lexico_incluido
from simulador.texto import Despliegue, TextoNormal

PALABRA = re.compile(r"[^\W_]+")
TROZOS = st.sampled_from([
    "Perdón", "PERDOOOON", "xq", "xqqq", "q", "ÁÉÍÓÚÑÜ", "¿qué?", "¡ya!", "«cita»", "“cita”",
    "ª", "º", "²", "¼", "ß", "ø", "µ", "\u00a0", "\t", "\n\n  ", "\x00", "_", "a_b", "😀",
    "İ", "ǅ", "ﬁ", "שלום", "e\u0301", "aaa\u0301", "1000", "   ", "12,50 €", "—", "…", "Œ",
    "\x85", "„", "‹Š›",
])
TEXTO = st.lists(st.one_of(TROZOS, st.text(max_size=20)), max_size=20).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTO)
def test_las_palabras_son_las_del_texto_normalizado(texto: str) -> None:
    normal = TextoNormal(texto)
    assert normal.lista_palabras == PALABRA.findall(normal.normal)


@settings(max_examples=400, deadline=None)
@given(TEXTO)
def test_un_emoji_no_cambia_lo_que_se_lee(texto: str) -> None:
    # Con un emoji el texto ya no cabe en Latin-1 y se normaliza por otro camino:
    # las palabras deben salir iguales.
    assert TextoNormal(texto + " 😀").lista_palabras == TextoNormal(texto).lista_palabras


@settings(max_examples=300, deadline=None)
@given(TEXTO, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_cualquier_tramo_vuelve_a_un_tramo_del_original(texto: str, a: int, b: int) -> None:
    normal = TextoNormal(texto)
    inicio, fin = sorted((min(a, len(normal.normal)), min(b, len(normal.normal))))
    o_inicio, o_fin = normal.a_original(inicio, fin)
    assert 0 <= o_inicio <= o_fin <= len(texto)


def test_minusculas_sin_tildes_y_sin_letras_repetidas() -> None:
    assert TextoNormal("¡PERDÓOOON, Señora!").normal == "¡perdon, senora!"
    assert TextoNormal("Ya lo reviiiiso").lista_palabras == ["ya", "lo", "reviso"]


def test_abreviaturas_de_chat_tambien_con_letras_repetidas() -> None:
    chat = lexico_incluido().abreviaturas
    assert TextoNormal("xq no me contestan, q pasa", Despliegue(chat)).lista_palabras == [
        "porque", "no", "me", "contestan", "que", "pasa"]
    assert TextoNormal("xqqq", Despliegue(chat)).normal == "porque"


def test_sin_lexico_no_se_despliega_ninguna_abreviatura() -> None:
    assert TextoNormal("xq no").lista_palabras == ["xq", "no"]


def test_el_punto_de_una_abreviatura_del_lexico_no_cierra_la_oracion() -> None:
    lexico = lexico_incluido()
    despliegue = Despliegue(lexico.abreviaturas, lexico.abreviaturas_con_punto)
    texto = "Buenos días, Sra. Gómez. Le llamo"
    normal = TextoNormal(texto, despliegue)
    assert normal.normal == "buenos dias, senora gomez. le llamo"
    # La evidencia sigue siendo el texto original, punto incluido.
    inicio = normal.normal.index("senora gomez")
    o_inicio, o_fin = normal.a_original(inicio, inicio + len("senora gomez"))
    assert texto[o_inicio:o_fin] == "Sra. Gómez"


def test_la_evidencia_de_una_palabra_alargada_es_la_palabra_entera() -> None:
    texto = "Bueno, PERDOOOON por la demora"
    normal = TextoNormal(texto)
    inicio = normal.normal.index("perdon")
    o_inicio, o_fin = normal.a_original(inicio, inicio + len("perdon"))
    assert texto[o_inicio:o_fin] == "PERDOOOON"


def test_tildes_sueltas_y_letras_repetidas_juntas() -> None:
    # Texto en forma descompuesta (como lo guardan algunos sistemas): «perdóóón».
    assert TextoNormal("perdo\u0301o\u0301o\u0301n").normal == "perdon"


def test_un_importe_en_euros_y_las_comillas_de_un_procesador_se_leen_igual() -> None:
    texto = TextoNormal("Me cobraron 45,90 € de más… «¿Cómo?» — dijo “Ana”")
    assert texto.lista_palabras == ["me", "cobraron", "45", "90", "de", "mas", "como", "dijo",
                                    "ana"]
    assert texto.normal == 'me cobraron 45,90 € de mas… "¿como?" — dijo "ana"'


@settings(max_examples=400, deadline=None)
@given(TEXTO)
def test_traducir_por_bytes_da_lo_mismo_que_caracter_a_caracter(texto: str) -> None:
    """El camino rápido (tablas de bytes, en la codificación que quepa) y el lento
    (`str.translate` con la tabla entera) normalizan igual cualquier texto."""
    from simulador.texto import _PALABRA, _tabla, _traducir, lista_palabras

    traducido = _traducir(texto)
    assert traducido == texto.translate(_tabla())
    assert lista_palabras(traducido) == _PALABRA.findall(traducido)


@settings(max_examples=300, deadline=None)
@given(TEXTO, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=30))
def test_muchos_tramos_vuelven_al_original_como_uno_a_uno(
        texto: str, tramos: list[tuple[int, int]]) -> None:
    """La evidencia de un texto pegado son miles de tramos: llevarlos de vuelta juntos da
    lo mismo que uno a uno (con letras repetidas, abreviaturas y puntos de «Sra.»)."""
    lexico = lexico_incluido()
    normal = TextoNormal(texto * 3, Despliegue(lexico.abreviaturas,
                                               lexico.abreviaturas_con_punto))
    largo = len(normal.normal)
    tramos = [(min(a, largo), min(b, largo)) for a, b in tramos]
    assert normal.a_original_varios(tramos) == [normal.a_original(a, b) for a, b in tramos]


def test_la_tabla_de_traduccion_es_la_de_siempre() -> None:
    """La tabla entera se construye solo si hace falta (un emoji): es la misma que se
    construía siempre al arrancar, carácter a carácter."""
    import unicodedata

    from simulador.texto import _tabla

    tabla: dict[int, str] = {}
    for codigo in range(0x20, 0x2000):
        caracter = chr(codigo)
        base = "".join(c for c in unicodedata.normalize("NFD", caracter.lower())
                       if not unicodedata.combining(c))
        if len(base) == 1 and base != caracter:
            tabla[codigo] = base
    for codigo in [*range(0x00, 0x20), 0x7F]:
        tabla[codigo] = "\n" if codigo == 0x0A else " "
    for comilla in "«»“”„‟‹›":
        tabla[ord(comilla)] = '"'
    for comilla in "‘’‚‛´`":
        tabla[ord(comilla)] = "'"
    tabla[ord("\u00a0")] = " "
    assert _tabla() == tabla
