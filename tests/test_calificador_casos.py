"""Cada familia de casos difíciles del calificador, con respuestas de ejemplo.

Las frases de aquí no están copiadas en la rúbrica: comprueban que las
reglas generalizan (morfología, erratas, negación, citas, sarcasmo…).
"""

from __future__ import annotations

import pytest

from simulador.calificador import Calificador
from simulador.rubricas import cargar_calificador

QUEJA = "Hace cinco días que espero mi pedido de zapatillas y nadie me responde."


@pytest.fixture(scope="module")
def calificador() -> Calificador:
    return cargar_calificador()


def senales(calificador: Calificador, respuesta: str, cliente: str = QUEJA) -> dict[str, bool]:
    contexto = calificador.contexto()
    calificador.turno_cliente(cliente, contexto)
    return calificador.turno_agente(respuesta, contexto, "Marta").senales


def cliente(calificador: Calificador, texto: str) -> bool:
    return calificador.turno_cliente(texto).senales["abuso"]


@pytest.mark.parametrize("respuesta", [
    "Lo siento mucho, de verdad.",
    "LO SIENTO MUCHÍSIMO por la espera",
    "perdoooon, tiene toda la razón",
    "Disculpe las molestas ocasionadas",
    "lo ciento mucho x la demora",
    "Qué pena con usted, señora",
    "Disculpá, Marta, tenés razón",
    "Os pido disculpas por el retraso",
    "Le ruego nos excuse por lo ocurrido",
    "Mil perdones, ya mismo lo reviso",
    "Lamentamos profundamente lo sucedido con su envío",
])
def test_disculpas_con_erratas_acentos_y_variantes_regionales(calificador, respuesta):
    assert senales(calificador, respuesta)["disculpa"]


@pytest.mark.parametrize("respuesta", [
    "Lamento que usted lo perciba así.",
    "Siento que se haya sentido ofendida por nuestro mensaje.",
    "No tengo por qué disculparme, hice lo que pude.",
    "Perdón por intentar ayudarle.",
    "Disculpe, pero usted no leyó las condiciones.",
    "Entiendo su molestia.",
])
def test_no_disculpas(calificador, respuesta):
    assert not senales(calificador, respuesta)["disculpa"]


@pytest.mark.parametrize("respuesta", [
    "Perdón por intentar ayudarle.",
    "Disculpe, pero usted no leyó las condiciones.",
    "Cálmese, señora, así no vamos a ningún lado.",
    "TRANQUILÍCESE Y DEJE DE GRITAR",
    "Ya le dije mil veces que el pedido sale mañana!!!",
    "Eso no es mi problema.",
    "Si hubiera leído el correo no estaría así.",
])
def test_escalada(calificador, respuesta):
    assert senales(calificador, respuesta)["escalada"]


@pytest.mark.parametrize("respuesta", [
    "Comprendo que esté molesta: cinco días es demasiado. Lo reviso ya mismo.",
    "Tiene razón en estar enfadada; no es su culpa.",
    "Marta, le pido disculpas. El pedido de zapatillas sale hoy.",
])
def test_respuestas_tranquilas_no_escalan(calificador, respuesta):
    assert not senales(calificador, respuesta)["escalada"]


@pytest.mark.parametrize("respuesta", [
    "Es nuestra política, no hacemos devoluciones.",
    "Eso está en su contrato, señora.",
    "Según los términos y condiciones no corresponde.",
    "El retraso es culpa de la mensajería, tiene que reclamarles a ellos.",
    "Consulte nuestra página de preguntas frecuentes.",
    "https://ayuda.tienda.es/envios",
])
def test_excusas(calificador, respuesta):
    assert senales(calificador, respuesta)["excusa"]


@pytest.mark.parametrize("respuesta", [
    "No le voy a decir que es nuestra política: vamos a resolverlo.",
    'Usted dice que le dijeron "es nuestra política"; eso no debió pasar.',
    "Normalmente no hacemos devoluciones, pero en su caso voy a hacer una excepción.",
    "Su pedido salió del almacén el lunes y la mensajería lo entrega mañana antes de las "
    "14:00; le he activado el envío urgente sin coste y le escribiré en cuanto salga del "
    "reparto. Si quiere seguirlo usted también: https://envios.tienda.es/seguimiento",
])
def test_no_excusas(calificador, respuesta):
    assert not senales(calificador, respuesta)["excusa"]


def test_senal_en_una_oracion_de_una_respuesta_larga(calificador):
    respuesta = ("Buenas tardes, Marta. He revisado su cuenta con calma. Veo que el pedido "
                 "de zapatillas se preparó el martes. El transportista lo recogió ayer. "
                 "Lamento de verdad la espera. Mañana lo tendrá en casa.")
    resultado = senales(calificador, respuesta)
    assert resultado["disculpa"]
    assert resultado["escucha"]
    assert not resultado["excusa"]


def test_escucha_concreta_frente_a_generica(calificador):
    assert senales(calificador, "Veo que su pedido de zapatillas lleva cinco días de retraso.")[
        "escucha"]
    # Una pregunta sobre el problema concreto es escuchar. Pedir solo el número de pedido
    # para localizarlo está en la frontera: los autores del conjunto no se ponen de acuerdo
    # y el modelo cambia de lado con cada reentrenamiento, así que no se fija aquí.
    assert senales(calificador, "¿Las zapatillas tenían que llegar el lunes, verdad?")[
        "escucha"]
    assert not senales(calificador, "Entiendo perfectamente su frustración.")["escucha"]


@pytest.mark.parametrize("texto", [
    "Sois unos inútiles y unos ladrones.",
    "eres un idiota, pásame con tu jefe",
    "Te voy a buscar a la salida, ya sé dónde trabajas.",
    "Pedazo de incompetente",
    "sos un pelotudo bárbaro",
])
def test_abuso_del_cliente(calificador, texto):
    assert cliente(calificador, texto)


@pytest.mark.parametrize("texto", [
    "ESTOY HARTA, LLEVO UNA SEMANA SIN INTERNET!!!",
    "Esta mierda de servicio no funciona nunca.",
    "Voy a cancelar todo y a contarlo en redes.",
    "El sistema es una basura inútil.",
    "Me siento como una idiota esperando.",
])
def test_enfado_no_es_abuso(calificador, texto):
    assert not cliente(calificador, texto)


def test_aviso_terminar_y_despedida_normal(calificador):
    aviso = senales(calificador, "Le pido respeto: si sigue insultando, tendré que "
                    "finalizar la llamada.")
    assert aviso["advierte"] and not aviso["termina"]
    fin = senales(calificador, "Como los insultos continúan, voy a finalizar esta "
                  "conversación. Que tenga buen día.")
    assert fin["termina"] and not fin["escalada"]
    adios = senales(calificador, "Listo, ya quedó resuelto. ¡Que tenga un buen día!")
    assert not adios["termina"] and not adios["advierte"]
    rudo = senales(calificador, "Otra palabrota y te cuelgo, idiota.")
    assert rudo["advierte"] and rudo["escalada"]


def test_evidencias_apuntan_al_texto_original(calificador):
    texto = "PERDOOOON, xq la demora fue culpa nuestra. Es NUESTRA política… no, ¡mentira!"
    contexto = calificador.contexto()
    calificador.turno_cliente(QUEJA, contexto)
    resultado = calificador.turno_agente(texto, contexto)
    assert resultado.evidencias
    for e in resultado.evidencias:
        assert texto[e.inicio:e.fin] == e.texto
    assert any(e.senal == "disculpa" and e.texto == "PERDOOOON" for e in resultado.evidencias)


COBRO = "Me cobraron dos veces la cuota del gimnasio este mes y nadie me responde."


@pytest.mark.parametrize(("respuesta", "senal", "esperado"), [
    ("Te pido mil disculpas", "disculpa", True),
    ("Una disculpa por el inconveniente", "disculpa", True),
    ("Perdón po, fue error nuestro", "disculpa", True),
    ("Nos disculpamos por el cobro doble", "disculpa", True),
    ("Siento que pienses eso", "disculpa", False),
    ("Perdón si se ofendió", "disculpa", False),
    ("¿Usted sabe leer?", "escalada", True),
    ("No me levante la voz", "escalada", True),
    ("Mire, no tengo todo el día", "escalada", True),
    ("Vamos a ver, señor, no se altere.", "escalada", True),
    ("NO ES ASÍ, LEA EL CONTRATO", "escalada", True),
    ("Así lo marca el reglamento", "excusa", True),
    ("Eso viene en la letra chica", "excusa", True),
    ("No depende de mí, es del área de cobranzas", "excusa", True),
    ("Le dejo el link: www.gimnasio.com/ayuda", "excusa", True),
    ("La política dice que no, pero le devuelvo la cuota igualmente", "excusa", False),
    ("Una grosería más y cierro el chat", "advierte", True),
    ("Voy a colgar, buenas tardes", "termina", True),
    ("Le paso con facturación para terminar el trámite", "termina", False),
])
def test_formas_que_no_estan_en_el_conjunto_etiquetado(calificador, respuesta, senal, esperado):
    assert senales(calificador, respuesta, COBRO)[senal] is esperado


@pytest.mark.parametrize(("texto", "esperado"), [
    ("Sos un chanta", True),
    ("Vete a la verga", True),
    ("Malditos ladrones", True),
    ("Sois una panda de inútiles", True),
    ("Qué asco de servicio", False),
    ("Esto es un robo", False),
    ("Maldita sea, otra vez sin internet", False),
    ("Voy a denunciarlos a Profeco", False),
])
def test_abuso_regional_y_enfado_con_la_situacion(calificador, texto, esperado):
    assert cliente(calificador, texto) is esperado


@pytest.mark.parametrize(("respuesta", "senal", "esperado"), [
    # «!!» que acompaña a una disculpa es entusiasmo, no un grito.
    ("¡¡Mil disculpas!! Ya le reenvío el pedido sin coste.", "escalada", False),
    ("¡¡Mil disculpas!! Ya le reenvío el pedido sin coste.", "disculpa", True),
    ("Su pedido salió ayer. ¡¡Deje de escribir!!", "escalada", True),
    # Un correo de contacto que acompaña a la ayuda no es un enlace en lugar de la respuesta.
    ("Ya le devolví los 40 euros; si quiere el justificante, escriba a "
     "reclamos.zona@tienda.com.mx", "excusa", False),
    # Lamentar la opinión del cliente, o el sarcasmo, no son disculpas.
    ("Lamento que no le haya gustado nuestra respuesta.", "disculpa", False),
    ("Lamentamos que haya tenido esa impresión.", "disculpa", False),
    ("Perdone usted, majestad.", "disculpa", False),
    ("Perdone usted, majestad.", "escalada", True),
    # Una disculpa con «pero» y el reproche en la frase siguiente.
    ("Disculpá, pero lo rechazaron porque vos mandaste mal la foto. Fijate antes.",
     "disculpa", False),
    # Discutir para tener razón, desentenderse, pedir calma.
    ("La empresa no se equivocó en nada, el cobro es correcto.", "escalada", True),
    ("Tranquila, por favor, que así no nos entendemos.", "escalada", True),
    ("Como comprenderá, no puedo hacer magia.", "escalada", True),
    ("Las devoluciones se gestionan desde la app; ahí tiene todas las instrucciones.",
     "excusa", True),
    ("El sistema no permite cambiar el titular.", "excusa", True),
    ("Voy a dar término a esta conversación. Que tenga buen día.", "termina", True),
    # Segunda a cuarta ronda: regionalismos, formas impersonales, muletillas.
    ("Uy, mala mía: le reenvío el pedido hoy mismo.", "disculpa", True),
    ("Disculpe, ¿me repite el número de pedido?", "disculpa", False),
    ("¿Me facilita su DNI, por favor?", "escucha", False),
    ("Los reembolsos por este concepto no están previstos.", "excusa", True),
    ("Esa solicitud le corresponde a otra gerencia.", "excusa", True),
    ("Ese cargo lo procesa la pasarela de pago, no nosotros.", "excusa", True),
    ("Pues perdone usted por no tener una varita mágica.", "escalada", True),
    ("Usted se lo buscó: búsquese otra compañía.", "termina", True),
])
def test_formas_halladas_al_revisar_con_otros_autores(calificador, respuesta, senal, esperado):
    assert senales(calificador, respuesta)[senal] is esperado
