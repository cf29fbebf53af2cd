"""La rúbrica estándar califica la ayuda, no las palabras (issue 12, primer paso).

Cada caso es una conversación que un formador exigente juzgaría igual: la
amabilidad sin ayuda concreta no aprueba, una sola respuesta hostil suspende,
seguir como si nada tras un aviso y otro insulto suspende, y avisar y despedir
con educación a quien solo insulta aprueba. Las frases son nuevas: no están
en la rúbrica ni en los datos etiquetados.
"""

from __future__ import annotations

import json

import pytest

from simulador.calificador import Calificador
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import cargar_calificador

QUEJA = ("Me han cobrado 58 euros por una revisión de la caldera que nunca se hizo. "
         "Quiero que me lo devuelvan.")


@pytest.fixture(scope="module")
def calificador() -> Calificador:
    return cargar_calificador()


def nota(calificador: Calificador, *turnos: tuple[str, str], **extra: object) -> dict:
    datos = {"id": "t", "turnos": [{"rol": r, "texto": t} for r, t in turnos], **extra}
    return calificador.calificar(Transcripcion.model_validate(datos))


def test_disculparse_y_repetir_el_problema_sin_ayudar_no_aprueba(calificador) -> None:
    resultado = nota(calificador, ("cliente", QUEJA), (
        "agente", "Siento muchísimo lo del cobro de 58 euros por la revisión de la caldera; "
        "entiendo perfectamente su enfado y lo tendré en cuenta."))
    assert resultado["criterios"]["resolucion"] == 0
    assert "resolucion" in resultado["criticos_fallidos"]
    assert not resultado["aprobado"]


def test_la_misma_disculpa_con_la_devolucion_aprueba(calificador) -> None:
    resultado = nota(calificador, ("cliente", QUEJA), (
        "agente", "Siento muchísimo lo del cobro de 58 euros por la revisión de la caldera: "
        "le devuelvo hoy los 58 euros en la misma tarjeta y le llega en dos días."))
    # Devolver y decir cuándo llega: dos ayudas concretas de las tres que dan el 100.
    assert resultado["criterios"]["resolucion"] == 85
    assert resultado["aprobado"], resultado


def test_identificar_primero_y_ayudar_despues_es_una_buena_conversacion(calificador) -> None:
    resultado = nota(
        calificador, ("cliente", QUEJA),
        ("agente", "Lamento el cobro de la revisión, Nuria. ¿Me dice la fecha del cargo de "
                   "58 euros para localizarlo?"),
        ("cliente", "Fue el 3 de marzo."),
        ("agente", "Lo tengo: el cargo del 3 de marzo ya está anulado y le devolvemos los "
                   "58 euros esta semana."))
    assert resultado["criterios"]["resolucion"] >= 70
    assert resultado["aprobado"], resultado


def test_una_sola_respuesta_hostil_suspende_aunque_haya_ayuda(calificador) -> None:
    resultado = nota(calificador, ("cliente", QUEJA), (
        "agente", "Le devuelvo los 58 euros hoy. Y la próxima vez lea la factura antes de "
                  "ponerse así, que no es tan difícil."))
    assert resultado["turnos"][1]["senales"]["escalada"]
    assert "desescalada" in resultado["criticos_fallidos"]
    assert not resultado["aprobado"]


def test_seguir_como_si_nada_tras_un_aviso_y_otro_insulto_suspende(calificador) -> None:
    resultado = nota(
        calificador,
        ("cliente", "Sois unos ladrones y unos inútiles, devolvedme el dinero."),
        ("agente", "Le pido respeto; si vuelve a insultar tendré que cerrar el chat. "
                   "Le devuelvo hoy los 58 euros."),
        ("cliente", "Panda de estafadores inútiles, eso es lo que sois."),
        ("agente", "Ya le he devuelto los 58 euros, le llegan mañana."))
    assert resultado["cierre"] == "tardio"
    assert "cierre" in resultado["criticos_fallidos"]
    assert not resultado["aprobado"]


def test_avisar_y_despedir_con_educacion_a_quien_solo_insulta_aprueba(calificador) -> None:
    resultado = nota(
        calificador,
        ("cliente", "Eres una inútil y una sinvergüenza."),
        ("agente", "Le pido que no me falte al respeto; si sigue insultando, terminaré la "
                   "conversación."),
        ("cliente", "Inútil, que eres una inútil."),
        ("agente", "Como le advertí, termino aquí la conversación. Que tenga buen día."))
    assert resultado["cierre"] == "correcto"
    # No había nada que resolver: la resolución no cuenta, ni a favor ni en contra.
    assert resultado["criterios"]["resolucion"] is None
    assert resultado["aprobado"], resultado


def test_una_excusa_cuesta_la_mitad_del_criterio(calificador) -> None:
    resultado = nota(calificador, ("cliente", QUEJA), (
        "agente", "Lamento el cobro de 58 euros de la revisión, pero es nuestra política "
                  "cobrar la visita aunque no se haga."))
    assert resultado["criterios"]["sin_excusas"] == 50
    assert not resultado["aprobado"]  # y sin ayuda, además, no aprueba


def test_evaluar_imprime_el_acuerdo_con_el_formador_y_la_preferida(tmp_path, ejecutar
                                                                   ) -> None:
    conversaciones = []
    respuestas = [
        ("Le devuelvo hoy los 58 euros de la revisión en su tarjeta.", True, True),
        ("Lo siento mucho, entiendo su enfado.", False, False),
        ("Es nuestra política cobrar la visita.", False, False),
    ]
    for i, (texto, preferida, aprobado) in enumerate(respuestas):
        conversaciones.append({
            "id": f"g{i}", "grupo": "caldera", "preferida": preferida,
            "turnos": [{"rol": "cliente", "texto": QUEJA}, {"rol": "agente", "texto": texto}],
            "etiquetas": {"turnos": [{"abuso": False}, {}], "cierre": "no_aplica",
                          "aprobado": aprobado}})
    archivo = tmp_path / "formadora.jsonl"
    archivo.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n"
                               for c in conversaciones), encoding="utf-8")
    salida = ejecutar("evaluar", str(archivo))
    assert "Aprobado: el mismo veredicto que el formador en 100.0% de 3" in salida.out
    assert "la preferida del formador saca estrictamente más en el 100.0% de 1" in salida.out
    en_json = json.loads(ejecutar("evaluar", str(archivo), "--json").out)
    assert en_json["aprobado"]["acuerdo"] == 1.0
    assert en_json["grupos"] == {"medibles": 1, "preferida_la_mejor": 1.0}


def test_repetir_los_datos_y_prometer_tenerlo_en_cuenta_no_es_ayuda(calificador) -> None:
    """Relleno con los datos del cliente: el modelo tampoco lo da por ayuda."""
    resultado = nota(calificador, ("cliente", QUEJA), (
        "agente", "Lamento muchísimo el cobro de 58 euros por una revisión de la caldera que "
                  "nunca se hizo; comprendo su enfado y lo tendré muy en cuenta."))
    assert not resultado["turnos"][1]["senales"]["asiste"]
    assert not resultado["aprobado"]


def test_perder_al_cliente_no_aprueba_aunque_la_nota_pase(calificador) -> None:
    turnos = (("cliente", QUEJA), (
        "agente", "Siento el cobro de 58 euros de la revisión de la caldera: le devuelvo hoy "
                  "los 58 euros en su tarjeta."))
    resuelta = nota(calificador, *turnos, final="resuelto")
    assert resuelta["aprobado"]
    for final in ("abandona", "escalado"):
        perdida = nota(calificador, *turnos, final=final)
        assert perdida["puntaje"] == resuelta["puntaje"]
        assert not perdida["aprobado"], final


# Ayudar más (y con más concreción) puntúa más: la respuesta que un formador prefiere
# entre dos que ayudan suele ser la que resuelve todo lo que el cliente necesitaba.
UNA_AYUDA = "Le devuelvo hoy los 58 euros de la revisión de la caldera que no se hizo."
TRES_AYUDAS = (
    "Le devuelvo hoy los 58 euros de la revisión de la caldera que no se hizo. "
    "Los verá en su tarjeta el jueves como muy tarde. "
    "Además le he dejado pedida la revisión de verdad para el lunes a las nueve, sin coste.")


def test_resolver_todo_lo_que_necesitaba_puntua_mas_que_una_sola_ayuda(calificador) -> None:
    una = nota(calificador, ("cliente", QUEJA), ("agente", UNA_AYUDA))
    tres = nota(calificador, ("cliente", QUEJA), ("agente", TRES_AYUDAS))
    assert una["criterios"]["resolucion"] == 70
    assert tres["criterios"]["resolucion"] == 100
    assert tres["puntaje"] > una["puntaje"]
    # Cada ayuda que cuenta señala sus palabras.
    ayudas = [e for e in tres["turnos"][1]["evidencias"] if e["senal"] == "asiste"]
    assert len(ayudas) == 3, ayudas


def test_repetir_la_misma_ayuda_no_suma(calificador) -> None:
    repetida = nota(calificador, ("cliente", QUEJA), ("agente", " ".join([UNA_AYUDA] * 3)))
    assert repetida["criterios"]["resolucion"] == 70


def test_el_relleno_corporativo_alrededor_de_una_ayuda_no_suma(calificador) -> None:
    con_relleno = nota(calificador, ("cliente", QUEJA), ("agente", (
        f"{UNA_AYUDA} Para nosotros su satisfacción es lo primero. Valoramos enormemente "
        "la confianza que deposita en nuestra empresa. Seguimos trabajando cada día para "
        "ofrecerle el mejor servicio posible.")))
    assert con_relleno["criterios"]["resolucion"] == 70


def test_una_lista_de_palabras_de_ayuda_no_es_ayuda(calificador) -> None:
    lista = nota(calificador, ("cliente", QUEJA), ("agente", (
        "Reembolso. Abono. Devolución. Compensación. Descuento.")))
    assert lista["criterios"]["resolucion"] in (0, 70)
    assert not lista["aprobado"]


INSULTO = ("Panda de inútiles, me habéis cobrado 58 euros por una revisión de la caldera "
           "que nunca se hizo.")
AYUDA = ("Tiene razón: la revisión no consta como hecha. Le devuelvo hoy los 58 euros a su "
         "cuenta y le llegan en dos días.")


def test_un_insulto_contestado_como_si_nada_cuesta_puntos_pero_no_suspende(calificador) -> None:
    sin_aviso = nota(calificador, ("cliente", INSULTO), ("agente", AYUDA))
    con_aviso = nota(calificador, ("cliente", INSULTO), (
        "agente", AYUDA + " Eso sí, le pido que no me insulte; si sigue, tendré que "
        "terminar la llamada."))
    assert sin_aviso["cierre"] == con_aviso["cierre"] == "no_aplica"  # el contrato no cambia
    assert sin_aviso["criterios"]["cierre"] == 50
    assert con_aviso["criterios"]["cierre"] is None
    assert sin_aviso["puntaje"] < con_aviso["puntaje"]
    assert sin_aviso["aprobado"]

