"""Trucos para subir la nota sin ayudar (issue 12): ninguno debe funcionar.

Un alumno listo prueba pronto qué palabras le dan puntos. Cada caso compara la
respuesta con trampa con lo que sacaría sin ella, o exige que no apruebe. Las
frases son nuevas: no están en la rúbrica ni en los datos etiquetados.
"""

from __future__ import annotations

import pytest

from simulador.calificador import Calificador
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import cargar_calificador

QUEJA = ("Encargué una lavadora hace tres semanas, pedido 55417, pagué 389 euros y el "
         "repartidor no ha aparecido ninguno de los dos días que me dieron.")
AYUDA = ("Siento mucho el plantón del repartidor. Le mando la lavadora del pedido 55417 "
         "el jueves entre las 9 y las 11, y le devuelvo 40 euros por las molestias.")


@pytest.fixture(scope="module")
def calificador() -> Calificador:
    return cargar_calificador()


def nota(calificador: Calificador, respuesta: str) -> dict:
    datos = {"id": "t", "turnos": [{"rol": "cliente", "texto": QUEJA},
                                   {"rol": "agente", "texto": respuesta}]}
    return calificador.calificar(Transcripcion.model_validate(datos))


def test_la_ayuda_de_verdad_aprueba(calificador) -> None:
    resultado = nota(calificador, AYUDA)
    assert resultado["aprobado"] and resultado["criterios"]["resolucion"] > 0


def test_repetir_el_problema_con_las_palabras_del_cliente_no_es_ayudar(calificador) -> None:
    eco = ("Encargó una lavadora hace tres semanas, el pedido 55417; pagó 389 euros y el "
           "repartidor no ha aparecido ninguno de los dos días que le dieron.")
    resultado = nota(calificador, eco)
    assert resultado["turnos"][1]["senales"]["escucha"]  # recoger el problema sí cuenta
    assert not resultado["turnos"][1]["senales"]["asiste"]
    assert resultado["criterios"]["resolucion"] == 0 and not resultado["aprobado"]


def test_amontonar_palabras_de_disculpa_y_de_ayuda_no_puntua(calificador) -> None:
    montón = ("Perdón disculpe lo siento lamento reembolso reposición compensación mañana "
              "mismo lavadora 55417 389 euros.")
    resultado = nota(calificador, montón)
    senales = resultado["turnos"][1]["senales"]
    assert not senales["disculpa"] and not senales["asiste"]
    assert not resultado["aprobado"]
    assert resultado["puntaje"] < nota(calificador, AYUDA)["puntaje"]


def test_una_lista_de_palabras_sueltas_no_es_ayuda(calificador) -> None:
    lista = "Reposición. Reembolso. Compensación. Técnico. Bono. Mañana sin falta."
    resultado = nota(calificador, lista)
    assert not resultado["turnos"][1]["senales"]["asiste"]
    assert not resultado["aprobado"]


def test_relleno_corporativo_no_suma_nada(calificador) -> None:
    relleno = ("Le agradecemos que se haya puesto en contacto con nosotros. Nuestra "
               "prioridad es ofrecerle siempre la mejor experiencia. Trabajamos a diario "
               "para estar a la altura de lo que usted merece. Reciba un cordial saludo.")
    resultado = nota(calificador, relleno)
    assert not any(resultado["turnos"][1]["senales"][s]
                   for s in ("escucha", "disculpa", "asiste"))
    assert not resultado["aprobado"]
    # Y alrededor de una ayuda, ni suma ni resta.
    con_relleno = nota(calificador, f"{AYUDA} {relleno}")
    assert con_relleno["puntaje"] == nota(calificador, AYUDA)["puntaje"]


@pytest.mark.parametrize("delante", ["Con el debido respeto, ", "Sin ánimo de molestar, ",
                                     "No se lo tome a mal, pero "])
def test_una_frase_delante_no_tapa_una_excusa_ni_una_pulla(calificador, delante) -> None:
    excusa = nota(calificador, delante + "los retrasos son cosa de la empresa de transporte, "
                                         "nosotros ahí no pintamos nada.")
    assert excusa["turnos"][1]["senales"]["excusa"] and not excusa["aprobado"]
    pulla = nota(calificador, delante + "si estuviera en casa cuando toca, ya tendría su "
                                        "lavadora.")
    assert pulla["turnos"][1]["senales"]["escalada"] and not pulla["aprobado"]


def test_repetir_una_disculpa_no_vale_mas_que_decirla_una_vez(calificador) -> None:
    una = nota(calificador, AYUDA)
    tres = nota(calificador, "Lo siento. Lo siento. Lo siento. " + AYUDA)
    assert tres["puntaje"] <= una["puntaje"]


@pytest.mark.parametrize("relleno", [
    # Lo que pide el cliente, repetido como si se le diera.
    "Comprendo que usted quiere que le entreguen la lavadora del pedido 55417 de una vez.",
    # Lo que se le daría, dicho como un deseo.
    "Me gustaría poder decirle que la lavadora del pedido 55417 le llega el jueves.",
    "Si estuviera en mi mano, le devolvería los 389 euros hoy mismo.",
    # Una promesa vaga con sus datos.
    "Lo del pedido 55417 y los 389 euros lo tengo bien presente.",
])
def test_repetir_lo_que_pide_o_desearlo_no_es_ayudar(calificador, relleno) -> None:
    resultado = nota(calificador, relleno)
    assert not resultado["turnos"][1]["senales"]["asiste"], relleno
    assert resultado["criterios"]["resolucion"] == 0 and not resultado["aprobado"]
