"""Las familias que el calificador no veía con frases sueltas, escritas con palabras nuevas.

Ninguna de estas respuestas está en el conjunto etiquetado ni en la rúbrica: son la
forma en que otra persona diría lo mismo. Las juzga la rúbrica estándar con su capa
aprendida, como en `simulador calificar`.
"""

from __future__ import annotations

import pytest

from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import calificador_estandar

CASOS = [
    # Hostilidad sin palabras gruesas: culpar, condescender, ironizar, amenazar, discutir.
    ("escalada", True, "La app me borra las notas cada vez que la abro.",
     "Eso pasa cuando uno no hace copias de seguridad, la verdad."),
    ("escalada", True, "El router se reinicia solo cada hora.",
     "Seguro que lo ha cambiado usted de sitio y ahora se calienta."),
    ("escalada", True, "Vuelvo a escribir por lo del recibo duplicado.",
     "Vaya, qué novedad, usted otra vez con el recibo."),
    ("escalada", True, "¡¿Me van a devolver el dinero o no?!",
     "Como me vuelva a levantar la voz le cuelgo y listo."),
    ("escalada", True, "El paquete llegó tarde.",
     "El paquete se entregó dentro del plazo prometido; el retraso lo provocó usted al no "
     "estar en casa."),
    ("escalada", True, "Mi tarjeta no funciona en el cajero.",
     "POR FAVOR LEA LAS INSTRUCCIONES QUE LE ENVIAMOS."),
    # Excusas sin «política» ni «contrato»: un tercero, otro canal, reglas con otro nombre.
    ("excusa", True, "La batería del portátil dura media hora.",
     "Eso es un asunto del fabricante, nosotros solo lo vendemos."),
    ("excusa", True, "Quiero reclamar el cobro de la tasa.",
     "Tiene que presentar una reclamación por escrito en la sede central."),
    ("excusa", True, "Necesito cambiar la fecha de la cita.",
     "Para eso debe pedir cita presencial en su oficina."),
    ("excusa", True, "¿Por qué no me devuelven la fianza?",
     "Así lo establece el procedimiento interno, no depende de mí."),
    ("excusa", True, "¿Por qué me bajaron el límite de la tarjeta?",
     "Son criterios que marca la central; yo no puedo tocarlos."),
    # Terminar con otras palabras…
    ("termina", True, "Sois unos estafadores y unos inútiles, todos.",
     "A partir de hoy damos de baja su ficha de cliente y no volveremos a atenderle."),
    ("termina", True, "Llevo un año pidiendo algo que no ofrecéis y me quejo cada semana.",
     "Creo que le conviene buscar otro proveedor; le facilitamos el traslado sin coste y "
     "cerramos aquí nuestra relación."),
    ("termina", True, "Cada semana pido la clase a las siete en punto y nunca me la dan.",
     "Con sinceridad, no somos el gimnasio que usted busca, y creo que lo más sensato es "
     "que dejemos de renovarle la cuota. El centro de la avenida sí tiene esas clases."),
    ("termina", True, "Otra vez me ha llegado el ramo sin la tarjeta que pedí.",
     "Le soy franca: no somos la floristería que necesita para estos encargos y lo mejor "
     "es que dejemos de aceptar sus pedidos. Le agradezco la confianza de este año."),
    # …y lo que no es terminar: hacer lo que el cliente pidió, cerrar lo resuelto.
    ("termina", False, "Quiero dar de baja la línea 600123456, me voy a otra compañía.",
     "Hecho: la línea 600123456 queda dada de baja hoy y no tendrá más cargos."),
    ("termina", False, "Me han robado la tarjeta, bloqueadla ya.",
     "Ya está bloqueada la tarjeta acabada en 4411; le enviamos otra en 48 horas."),
    ("termina", False, "Ya funciona, gracias.",
     "Perfecto, cierro la incidencia. ¡Que tenga un buen día!"),
    # Lo normal no es hostil; un enlace que completa una respuesta no es excusa.
    ("escalada", False, "¿La piscina abre el domingo?",
     "Sí, el domingo abre con horario normal, de 9 a 21 h."),
    ("escalada", False, "Muchas gracias por todo.",
     "¡A usted! Un placer ayudarle, que disfrute del viaje."),
    ("excusa", False, "¿Cómo cambio la contraseña?",
     "Entre en Ajustes, pulse Seguridad y luego Cambiar contraseña; le pedirá la actual y la "
     "nueva dos veces. Aquí tiene la guía con capturas por si le sirve: ayuda.ejemplo.es/clave"),
    # Ayuda concreta frente a relleno.
    ("asiste", True, "El frigorífico llegó con la puerta abollada.",
     "Le mandamos uno nuevo el jueves y el transportista se lleva el dañado ese mismo día."),
    ("asiste", False, "El frigorífico llegó con la puerta abollada.",
     "Entiendo perfectamente su malestar, lo revisamos y le decimos algo."),
    ("asiste", False, "El frigorífico llegó con la puerta abollada.",
     "Lamentamos muchísimo lo ocurrido, de verdad."),
    ("asiste", True, "El casero me cobró 60 euros de recargo por vuestro error.",
     "Nos hacemos cargo del recargo: mándeme el justificante y se lo abonamos hoy."),
    ("asiste", True, "Quiero que mis alumnos reserven clase desde el móvil.",
     "Le configuro esta tarde el calendario de reservas con su logo, sin coste."),
    ("asiste", True, "Me cobran una cuota de mantenimiento que nunca pedí.",
     "Ya le anulé la cuota de mantenimiento; no le vuelve a aparecer en el recibo."),
    # Quien lleva algo al cliente no es un tercero en quien escudarse.
    ("excusa", False, "Mi maleta no apareció en la cinta.",
     "Ya la tenemos: sale mañana temprano y un mensajero se la lleva a su hotel sin coste."),
    ("termina", True, "Sigo sin entender por qué no me hacen la app a medida.",
     "Con franqueza, creo que lo mejor es que dejemos aquí nuestra relación; le deseo suerte."),
    # Ironía y desdén (issue 12: la preferida del formador no debe empatar con ellas)…
    ("escalada", True, "Tengo un negocio pequeño, por eso uso la tarifa doméstica.",
     "Ya, claro, «un negocio pequeño». Eso tiene otro nombre."),
    ("escalada", True, "No pienso pagar la reparación de la caldera.",
     "Pues no la pague y arréglese solo con ella."),
    ("escalada", True, "Les ofrezco algo extra si me aprueban el préstamo hoy.",
     "¿Un soborno? Qué vergüenza, señor."),
    # … sin confundirlas con un «sí» de verdad.
    ("escalada", False, "¿Me lo pueden enviar hoy?",
     "Ya, claro que sí: sale hoy en el reparto de la tarde."),
    # Una promesa sin cuándo ni quién no es ayuda.
    ("asiste", False, "Llevo tres días sin línea fija.",
     "En cuanto haya un técnico libre en su zona se lo mandamos, confíe en nosotros."),
    # El tercero que hace lo que el agente ya ordenó no es un escudo.
    ("excusa", False, "Sigo sin luz desde ayer por la tarde.",
     "Ya programé la visita de urgencia: la brigada la hace esta tarde antes de las siete, "
     "sin coste para usted."),
]

ABUSOS = [
    ("Es usted muy lenta, señorita, así no hay quien avance.", True),
    ("Ustedes son unos corruptos, y la de la ventanilla también.", True),
    ("¿Tontita, me oye? Le dije el martes, no el jueves.", True),
    ("La web va lentísima y la aplicación es muy lenta.", False),
    ("Me siento infeliz con cómo me trataron en la tienda.", False),
    # Insultos de cada país, amenazas con el pronombre pegado, desprecio por ser mujer.
    ("Contesta ya, pariguayo, que llevo media hora.", True),
    ("Sois una cuadrilla de haraganes y de mangantes.", True),
    ("Como no me lo arregléis, mañana voy a romperles la cara a todos.", True),
    ("Lo espero a la salida de la tienda, ya sabe.", True),
    ("Mejor pásame con un hombre, que tú de motores no sabes.", True),
    ("Vete a fregar, que esto no es para ti.", True),
    # Palabras corrientes que se parecían a un insulto.
    ("Ustedes ganan una comisión por cada recarga, ¿verdad?", False),
    ("Mi perra tiene diarrea desde que cambié el pienso que me vendisteis.", False),
    ("Pedí el bocadillo sin cerdo y vino con cerdo.", False),
    ("El número de rastreo no funciona en vuestra web.", False),
    ("Soy Tomás Gil, cliente de la tienda de Gijón.", False),
    ("¿Me está llamando mentiroso? Tengo la factura aquí delante.", False),
    ("En mi calle pusieron tres lomos de burro y el camión no pasa.", False),
    ("Voy a buscarte cuando salgas del turno.", True),
    ("Me las vas a pagar todas, una por una.", True),
    ("Maldita india, atiéndeme de una vez.", True),
    ("Negro tenías que ser, no sabes ni leer un ticket.", True),
    ("Compré un disfraz de payaso para la función y vino descosido.", False),
    ("Qué torpe soy, puse mal el código postal.", False),
    ("En la reseña puse que eran unos incompetentes y nadie me contestó.", False),
    ("¿Cómo que soy un mentiroso? Aquí tengo el ticket.", False),
    ("Su compañero de la tienda me llamó tonto delante de todos.", False),
]


@pytest.mark.parametrize(("linea", "esperado"), ABUSOS, ids=[x[:30] for x, _ in ABUSOS])
def test_abuso_contra_una_persona_y_no_contra_una_cosa(linea, esperado):
    transcripcion = Transcripcion.model_validate({"id": "a", "turnos": [
        {"rol": "cliente", "texto": linea}]})
    turno = calificador_estandar().calificar(transcripcion)["turnos"][0]
    assert turno["senales"]["abuso"] is esperado, turno


@pytest.mark.parametrize(("senal", "esperado", "cliente", "agente"), CASOS,
                         ids=[f"{s}-{e}-{a[:30]}" for s, e, _, a in CASOS])
def test_familia(senal, esperado, cliente, agente):
    transcripcion = Transcripcion.model_validate({"id": "f", "turnos": [
        {"rol": "cliente", "texto": cliente}, {"rol": "agente", "texto": agente}]})
    turno = calificador_estandar().calificar(transcripcion)["turnos"][1]
    assert turno["senales"][senal] is esperado, turno
    if esperado:  # cada señal señala las palabras que la dispararon
        tramos = [e for e in turno["evidencias"] if e["senal"] == senal]
        assert tramos and all(agente[e["inicio"]:e["fin"]] == e["texto"] for e in tramos)


def _ultimo_turno(*turnos: tuple[str, str]) -> dict:
    transcripcion = Transcripcion.model_validate({"id": "f", "turnos": [
        {"rol": r, "texto": t} for r, t in turnos]})
    return calificador_estandar().calificar(transcripcion)["turnos"][-1]


def test_cumplir_la_baja_que_pidio_el_cliente_no_es_echarle() -> None:
    # Sin la petición, «cancelamos su suscripción» es terminar la relación…
    sin_pedir = _ultimo_turno(
        ("cliente", "Me ha llegado otra vez la revista con dos semanas de retraso."),
        ("agente", "Pues cancelamos su suscripción y así no tiene que esperarla más."))
    assert sin_pedir["senales"]["termina"] is True
    # …y si el cliente la pidió, hacerlo es ayudarle (aunque la pida dos mensajes antes).
    pedida = _ultimo_turno(
        ("cliente", "Buenas, quisiera cancelar la suscripción de la revista, ya no la leo."),
        ("agente", "Claro, ¿me indica el número de suscriptora?"),
        ("cliente", "Es el 88213."),
        ("agente", "Gracias, Pilar: cancelamos su suscripción hoy y el recibo de marzo ya no "
                   "se le cobrará."))
    assert pedida["senales"]["termina"] is False
    assert pedida["senales"]["asiste"] is True


def test_quien_pide_la_baja_y_sigue_insultando_si_puede_ser_despedido() -> None:
    turno = _ultimo_turno(
        ("cliente", "Quiero darme de baja del seguro, panda de sinvergüenzas."),
        ("agente", "Le pido respeto; si continúan los insultos tendré que cortar la llamada."),
        ("cliente", "Corte lo que quiera, sinvergüenza, ladrón."),
        ("agente", "Como le avisé, por los insultos finalizo la llamada. La baja puede "
                   "pedirla mañana en este mismo número."))
    assert turno["senales"]["termina"] is True


def test_no_pedir_la_baja_no_es_pedirla() -> None:
    turno = _ultimo_turno(
        ("cliente", "No quiero cancelar nada, quiero que el decodificador funcione."),
        ("agente", "Pues le cancelamos el contrato y asunto arreglado."))
    assert turno["senales"]["termina"] is True


def test_tras_avisar_por_los_insultos_terminar_cuenta_aunque_pidiera_la_baja() -> None:
    turno = _ultimo_turno(
        ("cliente", "Quiero anular el seguro del coche, atajo de sinvergüenzas."),
        ("agente", "Le pido respeto; si vuelve a insultar tendré que terminar la llamada."),
        ("cliente", "Sinvergüenzas y ladrones, eso son."),
        ("agente", "Como le dije, voy a terminar esta llamada. Buenas tardes."))
    assert turno["senales"]["termina"] is True


@pytest.mark.parametrize("coletilla", [
    "; no le corto la llamada hasta confirmarlo.",
    ". Gracias por sus palabras sobre el equipo.",
])
def test_una_coletilla_no_convierte_la_baja_pedida_en_echarle(coletilla) -> None:
    turno = _ultimo_turno(
        ("cliente", "Quiero cancelar la suscripción del gimnasio, lo tengo decidido."),
        ("agente", "Cancelamos su suscripción ahora mismo" + coletilla))
    assert turno["senales"]["termina"] is False


@pytest.mark.parametrize("cliente", [
    "¿Y si quisiera cancelar la tarifa, cuánto me costaría? De momento sigo.",
    "Si mañana sigo sin línea, quiero cancelar.",
])
def test_preguntar_o_amenazar_con_la_baja_no_es_pedirla(cliente) -> None:
    turno = _ultimo_turno(("cliente", cliente),
                          ("agente", "Pues cancelamos su contrato y asunto arreglado."))
    assert turno["senales"]["termina"] is True
