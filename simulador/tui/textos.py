"""Los textos que ve el agente en la interfaz: explicaciones, consejos y principios.

Solo presentación: traducir a palabras lo que el motor ya ha decidido. Las
notas, el veredicto y las lecciones vienen de `Sesion.resultado()`. Los nombres
de dificultades, canales, finales y criterios están en `simulador.nombres`,
porque la CLI dice lo mismo.
"""

from __future__ import annotations

import unicodedata

from rich.text import Text

from simulador.texto import visible


def a_la_vista(contenido: Text) -> Text:
    """El mismo texto con estilos, sin nada que actúe en la terminal: lo que escribe el
    alumno (o un historial ajeno) puede traer escapes, y Textual los pinta tal cual.
    Cada carácter peligroso se cambia por uno visible, así que los estilos no se mueven."""
    plano = contenido.plain
    limpio = visible(plano)
    if limpio != plano:
        contenido.plain = limpio
    return contenido


# Qué quiere decir cada veredicto de cierre (VEREDICTOS, en formatos/senales.py, son sus claves).
EXPLICACIONES_VEREDICTO = {
    "correcto": "Correcto: terminó la relación cuando tocaba y con educación.",
    "no_aplica": "No hacía falta terminar la relación, y no la terminó.",
    "tardio": "Tarde: hacía falta poner un límite (avisar o terminar) y no llegó a tiempo.",
    "prematuro": "Antes de tiempo: terminó la relación sin motivo suficiente o sin avisar "
                 "primero.",
    "descortes": "Descortés: terminó la relación con reproches, ironía o gritos.",
}

# Un consejo corto por señal, para el panel del entrenador (modo práctica).
CONSEJOS_MAL = {
    "escalada": "No conteste al tono con tono: nada de «cálmese», ironía ni mayúsculas. "
                "Reconozca el enfado y vuelva al problema.",
    "excusa": "No se escude en la política, el contrato, un enlace o un proveedor: "
              "el problema es de la empresa y lo resuelve usted.",
}
CONSEJOS_FALTA = {
    "advierte": "El cliente insultó: sin dejar de ayudar, ponga el límite en esta misma "
                "respuesta. «Le pido respeto; si los insultos siguen, terminaré la "
                "conversación.»",
    "escucha": "Repita un dato concreto de lo que le contó el cliente (fecha, importe, "
               "pedido) o pregunte por él.",
    "disculpa": "Una disculpa sencilla y sin «pero» desarma el enfado: cuanto antes, mejor.",
    "asiste": "Ofrezca algo concreto: qué va a hacer, cuándo, o la respuesta que pide.",
    "necesidad": "Al cliente aún le falta algo: déselo con una acción o una respuesta "
                 "concreta, no con más empatía.",
}
CONSEJO_AVISO = ("Ya ha avisado. Si el cliente vuelve a insultar, termine con educación "
                 "(Ctrl+T).")
CONSEJO_TERMINA = ("Ha terminado la relación: en el resultado verá si era el momento y la "
                   "forma.")
CONSEJO_BIEN = ("Va por buen camino: siga con los datos del cliente y confirme que lo que "
                "ofrece le sirve.")

PRINCIPIOS = (
    ("Escuche", "devuelva al cliente su problema con sus datos (el pedido, la fecha, el "
     "importe) o pregunte algo concreto sobre él. Use su nombre."),
    ("Discúlpese", "pronto y sin condiciones; «lamento que lo vea así» o «disculpe, pero…» "
     "no son disculpas."),
    ("No eche leña al fuego", "ni «cálmese», ni ironía, ni mayúsculas, ni discutir quién "
     "tenía razón. Mantenga el tono profesional."),
    ("Sin excusas", "ni «es nuestra política», ni el contrato, ni un enlace en lugar de una "
     "respuesta, ni culpar al proveedor: el problema es de la empresa."),
    ("Tolerancia cero con el abuso", "al primer insulto, un aviso cordial y firme; si "
     "sigue, termine la conversación con educación."),
    ("A un cliente enfadado no se le despide", "terminar la relación sin insultos solo "
     "vale si nunca podrá tener lo que pide o cuesta mucho más de lo que aporta; hágalo "
     "con amabilidad y recomiéndele alternativas."),
)


def nivel_enfado(enfado: int) -> str:
    """Una palabra para el enfado: el medidor no depende solo del color."""
    if enfado < 30:
        return "bajo"
    if enfado < 60:
        return "medio"
    if enfado < 80:
        return "alto"
    return "muy alto"


def cuantos(n: int, singular: str, plural: str) -> str:
    """«1 sesión», «3 sesiones»."""
    return f"{n} {singular if n == 1 else plural}"


def minutos(segundos: float) -> str:
    total = max(0, int(segundos))
    return f"{total // 60}:{total % 60:02d}"


def primer_nombre(nombre: str) -> str:
    return nombre.split()[0] if nombre.split() else nombre


def plano(texto: str) -> str:
    """Minúsculas y sin tildes, para que el filtro encuentre «telefono» y «Teléfono»."""
    descompuesto = unicodedata.normalize("NFKD", texto.casefold())
    return "".join(c for c in descompuesto if not unicodedata.combining(c))


def explicar_cierre(veredicto: str, esperado: str, justificado: bool, bien: bool) -> str:
    """El veredicto del motor frente a lo que el escenario esperaba, en palabras."""
    if esperado == "correcto" and justificado:
        espera = ("Este escenario pedía reconocer que la relación no funciona y terminarla "
                  "con amabilidad, recomendando alternativas.")
    elif esperado == "correcto":
        espera = ("Este escenario pedía avisar con cortesía al primer insulto y, si "
                  "seguía, terminar con educación.")
    else:
        espera = ("Este escenario no pedía terminar la relación: había que atender al "
                  "cliente hasta el final.")
    explicacion = EXPLICACIONES_VEREDICTO.get(veredicto, veredicto)
    if bien and veredicto == "no_aplica" and esperado == "correcto":
        explicacion += " En su conversación no llegó a hacer falta."
    return f"{explicacion}\n{espera}"


def elegir_consejo(notas: list[tuple[str, str]], lecciones: dict[str, str]) -> str:
    """Un solo consejo para el panel del entrenador, a partir de los comentarios del motor.

    `notas`: (señal, tipo) en el orden del motor; `lecciones`: la lección de la rúbrica
    por señal, para las señales propias de un formador.
    """
    def primero(buscado: str, consejos: dict[str, str]) -> str | None:
        for senal, tipo in notas:
            if tipo == buscado:
                return consejos.get(senal) or lecciones.get(senal) or CONSEJO_BIEN
        return None

    avisos = {senal for senal, tipo in notas if tipo == "aviso"}
    return (primero("mal", CONSEJOS_MAL)
            or (CONSEJO_TERMINA if "termina" in avisos else None)
            or (CONSEJO_AVISO if "advierte" in avisos else None)
            or primero("falta", CONSEJOS_FALTA)
            or CONSEJO_BIEN)
