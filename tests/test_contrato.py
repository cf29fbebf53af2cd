"""El contrato de shared/senales.md tal como lo ve quien usa `calificar`.

Siete señales por respuesta del agente (con `asiste`), la acción de terminar,
el `final` de la conversación, la marca de orden de bytes y el veredicto
`aprobado` de un formador en las etiquetas.
"""

from __future__ import annotations

import json

import pytest

from simulador.formatos.senales import SENALES_AGENTE
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import calificador_estandar


def _conversacion(*turnos: tuple[str, str], **extra: object) -> dict[str, object]:
    datos: dict[str, object] = {"id": "c", "turnos": [
        {"rol": rol, "texto": texto} for rol, texto in turnos]}
    datos.update(extra)
    return datos


def _calificar(datos: dict[str, object]) -> dict[str, object]:
    return calificador_estandar().calificar(Transcripcion.model_validate(datos))


def test_cada_respuesta_lleva_las_siete_senales_en_el_orden_del_contrato():
    salida = _calificar(_conversacion(("cliente", "El lavavajillas pierde agua."),
                                      ("agente", "Vaya, qué contrariedad.")))
    agente = salida["turnos"][1]
    assert list(agente["senales"]) == list(SENALES_AGENTE) == [
        "escucha", "disculpa", "escalada", "excusa", "asiste", "advierte", "termina"]
    assert "evidencias" in agente


def _respuesta_a_la_lampara(respuesta: str) -> dict[str, object]:
    salida = _calificar(_conversacion(("cliente", "Me cobraron la lámpara y llegó rota."),
                                      ("agente", respuesta)))
    return salida["turnos"][1]  # type: ignore[index, no-any-return]


@pytest.mark.parametrize("respuesta", [
    "Ya le he abonado los 32 euros en la tarjeta con la que pagó.",
    "Le reponemos la lámpara sin coste; la recibe el viernes.",
    "El técnico pasará mañana entre las 10 y las 12.",
])
def test_una_ayuda_concreta_es_asiste_y_senala_sus_palabras(respuesta):
    agente = _respuesta_a_la_lampara(respuesta)
    assert agente["senales"]["asiste"] is True
    evidencias = [e for e in agente["evidencias"] if e["senal"] == "asiste"]
    assert evidencias
    for e in evidencias:
        assert respuesta[e["inicio"]:e["fin"]] == e["texto"]


@pytest.mark.parametrize("respuesta", [
    "Lo siento muchísimo, entiendo perfectamente lo que siente.",
    "Haremos todo lo posible por solucionarlo.",
    "No le podemos devolver el dinero.",
    "No le devolvemos el dinero.",  # la frase negada tampoco la pone el modelo
])
def test_empatia_promesas_vagas_y_negativas_no_son_asiste(respuesta):
    assert _respuesta_a_la_lampara(respuesta)["senales"]["asiste"] is False


def test_la_accion_terminar_es_termina_aunque_las_palabras_no_lo_digan():
    datos = _conversacion(("cliente", "Sois unos ladrones, inútiles."),
                          ("agente", "Le pido respeto; si vuelve a insultar, cerraré el chat."),
                          ("cliente", "Idiota, que eres un idiota."),
                          ("agente", "Que tenga buena tarde."))
    sin_accion = _calificar(datos)
    assert sin_accion["turnos"][3]["senales"]["termina"] is False
    assert sin_accion["cierre"] == "tardio"
    datos["turnos"][3]["accion"] = "terminar"  # type: ignore[index]
    con_accion = _calificar(datos)
    agente = con_accion["turnos"][3]
    assert agente["senales"]["termina"] is True
    assert con_accion["cierre"] == "correcto"
    assert {"senal": "termina", "texto": "Que tenga buena tarde.", "inicio": 0, "fin": 22} \
        in agente["evidencias"]


def test_terminar_de_malas_maneras_sigue_siendo_descortes():
    datos = _conversacion(("cliente", "Inútil, no sirves para nada."),
                          ("agente", "Mire, CÁLLESE YA Y NO VUELVA A ESCRIBIR."))
    datos["turnos"][1]["accion"] = "terminar"  # type: ignore[index]
    salida = _calificar(datos)
    assert salida["turnos"][1]["senales"]["escalada"] is True
    assert salida["cierre"] == "descortes"


def test_el_final_se_admite_como_texto_y_como_el_bloque_antiguo():
    nuevo = Transcripcion.model_validate(_conversacion(("cliente", "Hola"), final="abandona"))
    antiguo = Transcripcion.model_validate(_conversacion(
        ("cliente", "Hola"), final={"tipo": "escalado", "nodo": "x", "motivo": "transicion"}))
    assert (nuevo.final, antiguo.final) == ("abandona", "escalado")


def test_las_etiquetas_llevan_el_aprobado_del_formador():
    datos = _conversacion(("cliente", "Hola"), ("agente", "Buenas"), etiquetas={
        "turnos": [{"abuso": False}, dict.fromkeys(SENALES_AGENTE, False)],
        "cierre": "no_aplica", "aprobado": False})
    assert Transcripcion.model_validate(datos).etiquetas.aprobado is False


@pytest.mark.parametrize("sufijo", [".jsonl", ".json"])
def test_un_archivo_con_marca_de_orden_de_bytes_se_califica(ejecutar, tmp_path, sufijo):
    archivo = tmp_path / f"exportado{sufijo}"
    linea = json.dumps(_conversacion(("cliente", "Hola"), ("agente", "Buenas tardes")))
    archivo.write_bytes("\ufeff".encode() + linea.encode() + b"\n")
    salida = ejecutar("calificar", str(archivo))
    assert salida.codigo == 0, salida.todo
    assert json.loads(salida.out)["id"] == "c"


def test_la_entrada_estandar_con_marca_de_orden_de_bytes_se_califica(tmp_path):
    import subprocess
    import sys

    linea = json.dumps(_conversacion(("cliente", "Hola"), ("agente", "Buenas tardes")))
    proceso = subprocess.run([sys.executable, "-m", "simulador", "calificar", "-"],
                             input=("\ufeff" + linea + "\n").encode(), capture_output=True,
                             timeout=60)
    assert proceso.returncode == 0, proceso.stderr.decode()
    assert json.loads(proceso.stdout)["id"] == "c"


def test_la_transcripcion_del_motor_marca_la_accion_y_el_final(ejecutar, tmp_path):
    guion = tmp_path / "guion.txt"
    guion.write_text("Lamento lo ocurrido.\n/terminar Le deseo buena tarde.\n", encoding="utf-8")
    transcripcion = tmp_path / "sesion.jsonl"
    salida = ejecutar("jugar", "cliente-abusivo", "--guion", str(guion), "--semilla", "1",
                      "--no-guardar", "--transcripcion", str(transcripcion))
    assert "Traceback" not in salida.todo
    datos = json.loads(transcripcion.read_text(encoding="utf-8"))
    assert datos["final"] == "relacion_terminada"
    ultima = [t for t in datos["turnos"] if t["rol"] == "agente"][-1]
    assert ultima["accion"] == "terminar" and ultima["texto"] == "Le deseo buena tarde."
    calificada = json.loads(ejecutar("calificar", str(transcripcion)).out)
    assert calificada["turnos"][datos["turnos"].index(ultima)]["senales"]["termina"] is True
