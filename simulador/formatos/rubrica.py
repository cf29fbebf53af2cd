"""Formato de una rúbrica: qué se puntúa, cuánto pesa y qué frases lo delatan.

La rúbrica estándar vive en `rubricas/estandar.yaml`; un formador puede
copiarla, cambiar pesos y frases, y comprobar el efecto con `simulador
evaluar` sobre conversaciones que él mismo haya etiquetado.
"""

from __future__ import annotations

import string
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from simulador.formatos.base import Modelo, Texto
from simulador.formatos.senales import SENALES_AGENTE, SENALES_CLIENTE, VEREDICTOS, TipoFinal


def _sintaxis_de_frase(frase: str) -> str:
    """Una frase mal escrita no da error al buscar: no encontraría nunca nada, y nadie se
    enteraría. Se explica aquí, con su sitio, lo que `validar` puede ver."""
    ayuda = "las alternativas se escriben «(a|b)»"
    nivel = 0
    for i, caracter in enumerate(frase):
        if caracter == "(":
            nivel += 1
            cierre = frase.find(")", i)
            dentro = frase[i + 1:cierre] if cierre != -1 else ""
            if cierre != -1 and "(" not in dentro and not dentro.replace("|", "").strip():
                raise ValueError(f"«{frase}» tiene un grupo vacío «{frase[i:cierre + 1]}»: "
                                 "ponga al menos una alternativa con palabras («(a|)» hace "
                                 "opcional la «a»)")
        elif caracter == ")":
            nivel -= 1
            if nivel < 0:
                raise ValueError(f"«{frase}» cierra un paréntesis que no se abrió: {ayuda}")
        elif caracter == "|" and nivel == 0:
            raise ValueError(f"«{frase}» tiene «|» fuera de un paréntesis: {ayuda}")
        elif caracter == "*":
            antes = frase[i - 1] if i else " "
            despues = frase[i + 1] if i + 1 < len(frase) else " "
            if not frase[:i].strip(" (|") or antes == ")" or despues.isalnum():
                raise ValueError(f"«{frase}» pone «*» donde no vale: va al final de una "
                                 "palabra («disculp*») o suelto detrás de otra palabra, por "
                                 "cualquier palabra («ni (hacer|leer) *»)")
    if nivel:
        raise ValueError(f"«{frase}» abre un paréntesis que no se cierra: {ayuda}")
    if not frase.strip(" ()|*"):
        raise ValueError(f"«{frase}» no tiene ninguna palabra que buscar")
    return frase


# Una frase con la sintaxis de las rúbricas: «disculp*», «(siento|lamento) mucho».
Frase = Annotated[str, Field(min_length=1), AfterValidator(_sintaxis_de_frase)]
Puntos = Annotated[float, Field(ge=0, le=100)]

Calculo = Literal["proporcion", "temprana", "penaliza", "cierre", "presencia"]


MARCADORES_MEJOR = frozenset({"nombre", "datos", "citas"})


def marcadores(plantilla: str) -> set[str]:
    """Los {marcadores} de una plantilla (las llaves dobles son llaves escritas)."""
    try:
        return {campo for _, campo, _, _ in string.Formatter().parse(plantilla) if campo}
    except ValueError:  # una llave sin cerrar
        return {"{"}


class Criterio(Modelo):
    """Un criterio de la nota. Cómo sale su puntuación 0–100 lo dice `calculo`:

    - proporcion: % de respuestas (a un mensaje del cliente) con la señal;
    - temprana: 100 si la señal llega en la primera respuesta, `coste` menos por
      cada respuesta de retraso (nunca menos de `minimo_si_aparece`), 0 si no llega;
    - penaliza: 100 menos `coste` por cada respuesta con la señal;
    - presencia: 100 si alguna respuesta tiene la señal, 0 si ninguna; con
      `completa_con` mayor que 1, cuenta cuántas oraciones distintas de la sesión
      traen la señal: una da `minimo_si_aparece` y `completa_con`, la nota entera;
    - cierre: los puntos de `puntos_cierre` según el veredicto.
    """

    peso: Annotated[float, Field(ge=0, le=100)] = Field(description=(
        "Cuánto cuenta este criterio en la nota, de 0 a 100. Los pesos de todos los "
        "criterios deben sumar 100."))
    calculo: Calculo = Field(description=(
        "Cómo sale su puntuación de 0 a 100: proporcion (% de respuestas con la señal), "
        "temprana, penaliza, presencia o cierre (ver la guía de rúbricas)."))
    senal: str | None = Field(None, description=(
        "La señal que mide el criterio, p. ej. «escucha» o «excusa». Obligatoria salvo con "
        "«calculo: cierre»."))
    coste: Puntos = Field(25, description=(
        "Puntos que se restan: con «penaliza», por cada respuesta con la señal; con "
        "«temprana», por cada respuesta de retraso."))
    minimo_si_aparece: Puntos = Field(25, description=(
        "Puntuación mínima si la señal llega: con «temprana», aunque llegue tarde; con "
        "«presencia» y «completa_con», la que da una sola oración."))
    completa_con: Annotated[int, Field(ge=1, le=20, description=(
        "Con «presencia»: cuántas oraciones distintas con la señal (en toda la sesión) "
        "dan la nota entera; con una sola se obtiene «minimo_si_aparece». Sirve para "
        "que ayudar más y con más concreción puntúe más que ayudar en una línea."))] = 1
    critico: bool = Field(False, description=(
        "Con true, una puntuación por debajo de «minimo_critico» suspende la sesión aunque "
        "la nota pase del umbral."))
    minimo_critico: Puntos = Field(50, description=(
        "Puntuación mínima de un criterio crítico; por debajo, la sesión suspende. Con "
        "«penaliza», 100 hace que una sola vez ya suspenda."))
    descripcion: str = Field("", description=(
        "Qué mide el criterio, en una frase. Si falta «leccion», es lo que ve el agente."))
    leccion: str = Field("", description=(
        "El principio que se le recuerda al agente cuando el criterio no llega a 100."))
    mejor: str = Field("", description=(
        "Qué habría sido mejor, para la lección: una respuesta de ejemplo. Puede usar "
        "{nombre} (el nombre del cliente), {datos} (los datos clave del escenario) y "
        "{citas} (las palabras del agente que costaron los puntos)."))
    leccion_parcial: str = Field("", description=(
        "Con «presencia» y «completa_con»: la lección cuando la señal llegó pero no "
        "bastó (ayudó, pero no en todo lo que hacía falta)."))
    mejor_parcial: str = Field("", description=(
        "Como «mejor», para ese caso; {citas} son entonces las palabras que sí contaron."))
    # Respuestas a las que el criterio no se aplica: las que tienen alguna de estas
    # señales (p. ej. un aviso o una despedida no tienen por qué recoger el problema),
    # salvo que tengan la del criterio.
    no_aplica_con: list[str] = Field(default_factory=list, description=(
        "Señales que dejan una respuesta fuera de este criterio, salvo que tenga también la "
        "suya: [advierte, termina]."))
    # Si todas las respuestas son de esas (solo avisos y una despedida): «todas» las
    # juzga igual (despedir sin haber escuchado nunca no se libra de la escucha);
    # «no_aplica_si_abuso» deja el criterio fuera de la nota cuando el cliente insultó
    # (tras un aviso y una despedida a quien solo insultaba no había nada que recoger
    # ni que resolver), y las juzga todas si no.
    si_todas_excluidas: Literal["todas", "no_aplica_si_abuso"] = Field("todas", description=(
        "Si «no_aplica_con» deja fuera todas las respuestas: «todas» las juzga igual; "
        "«no_aplica_si_abuso» quita el criterio de la nota si el cliente insultó."))
    puntos_cierre: dict[str, Puntos | None] = Field(
        default_factory=lambda: {
            "correcto": 100, "tardio": 40, "prematuro": 0, "descortes": 0, "no_aplica": None,
        },
        description=(
            "Con «calculo: cierre», los puntos de cada veredicto (correcto, tardio, "
            "prematuro, descortes, no_aplica); null: el criterio no cuenta en la nota."),
    )

    insulto_sin_aviso: Puntos | None = Field(None, description=(
        "Con «calculo: cierre»: los puntos cuando el veredicto es no_aplica pero el agente "
        "contestó a un insulto como si nada, sin avisar ni terminar (tolerancia cero es "
        "avisar al primero). null (por defecto): no se descuenta."))

    @model_validator(mode="after")
    def _coherente(self) -> Criterio:
        for clave in ("mejor", "mejor_parcial"):
            sobran = marcadores(getattr(self, clave)) - MARCADORES_MEJOR
            if sobran:
                raise ValueError(
                    f"«{clave}» usa {{{sorted(sobran)[0]}}}, que no existe; se pueden usar "
                    + ", ".join(f"{{{m}}}" for m in sorted(MARCADORES_MEJOR)))
        if self.calculo != "cierre" and not self.senal:
            raise ValueError(f"el cálculo «{self.calculo}» necesita la clave «senal»")
        if self.calculo != "cierre" and self.insulto_sin_aviso is not None:
            raise ValueError("«insulto_sin_aviso» solo vale con «calculo: cierre» (es el "
                             "criterio que mira cómo se trató el abuso)")
        desconocidos = set(self.puntos_cierre) - set(VEREDICTOS)
        if desconocidos:
            raise ValueError(
                f"«puntos_cierre» solo admite los veredictos {', '.join(VEREDICTOS)}; "
                f"sobra «{sorted(desconocidos)[0]}»"
            )
        return self


class Combinacion(Modelo):
    """Dos familias de frases que solo juntas disparan la señal.

    Por ejemplo, un tercero («la mensajería») junto a una negativa a ayudar
    («no podemos hacer nada»); por separado no son excusa. `ambito` dice si
    deben coincidir en la misma oración o basta con la misma respuesta.
    """

    descripcion: str = Field("", description=(
        "Para qué sirve la combinación, en una frase; es solo una nota para quien lee."))
    frases: list[Frase] = Field(min_length=1, description=(
        "Primera familia de frases, p. ej. un tercero: «la mensajería», «el proveedor»."))
    con: list[Frase] = Field(min_length=1, description=(
        "Segunda familia: solo junto a una de «frases» dispara la señal, p. ej. «no "
        "podemos hacer nada»."))
    ambito: Literal["oracion", "respuesta"] = Field("oracion", description=(
        "Dónde deben coincidir las dos: «oracion» (en la misma oración) o «respuesta» "
        "(basta en la misma respuesta)."))


class DefinicionSenal(Modelo):
    """Las frases que disparan una señal y las que la anulan.

    Las frases se comparan sin mayúsculas ni tildes, con las abreviaturas de
    chat desplegadas. Un «*» al final de una palabra admite cualquier
    terminación («disculp*»); «(a|b)» da alternativas y «(a|)» hace opcional
    una palabra. Ámbito de una frase: su oración, más la siguiente si empieza
    por «pero», «sin embargo»…

    `en_lugar_de_respuesta` (y los enlaces, con `enlaces: true`) disparan la
    señal solo cuando sustituyen a la respuesta: si fuera de esas oraciones
    quedan al menos `palabras_respuesta_completa` palabras, no cuentan.
    """

    descripcion: str = Field("", description=(
        "Qué muestra la señal, en una frase. El agente la lee en los comentarios y en las "
        "lecciones."))
    rol: Literal["agente", "cliente"] = Field("agente", description=(
        "En los mensajes de quién se busca: «agente» (por defecto) o «cliente»."))
    tipo: Literal["frases", "nombre_cliente"] = Field("frases", description=(
        "«frases»: la disparan sus frases; «nombre_cliente»: se da si la respuesta "
        "contiene el nombre del cliente."))
    frases: list[Frase] = Field(default_factory=list, description=(
        "Frases que disparan la señal, sin mayúsculas ni tildes: «disculp*» admite "
        "cualquier terminación y «(siento|lamento) mucho» da alternativas."))
    anulan: list[Frase] = Field(default_factory=list, description=(
        "Frases que, en la misma oración (o en la siguiente si empieza por «pero»), hacen "
        "que la señal no cuente: «lamento que lo vea así»."))
    anulan_en_respuesta: list[Frase] = Field(default_factory=list, description=(
        "Frases que anulan la señal en toda la respuesta: hacer una excepción anula la "
        "excusa de la política."))
    combinaciones: list[Combinacion] = Field(default_factory=list, description=(
        "Pares de familias de frases que solo juntas disparan la señal."))
    en_lugar_de_respuesta: list[Frase] = Field(default_factory=list, description=(
        "Remisiones a otro sitio («consulte la web») que disparan la señal solo si "
        "sustituyen a la respuesta."))
    enlaces: bool = Field(False, description=(
        "Con true, un enlace web dispara la señal cuando sustituye a la respuesta."))
    palabras_respuesta_completa: Annotated[int, Field(ge=1, le=500)] = Field(15, description=(
        "Si fuera de las remisiones y enlaces quedan al menos estas palabras, la respuesta "
        "ya contesta y no cuentan. Por defecto 15."))
    negacion: bool = Field(True, description=(
        "Con true (por defecto), una negación delante anula la frase: «no le voy a decir "
        "que es nuestra política»."))
    erratas: bool = Field(True, description=(
        "Con true (por defecto), reconoce erratas de una letra en palabras largas "
        "(«dicsulpe»)."))
    # Cómo se relaciona con otras señales: declarado aquí, no en el código.
    gritos: bool = Field(False, description=(
        "Gritar (mayúsculas sostenidas, «!!») dispara esta señal."))
    gritos_salvo_con: list[str] = Field(default_factory=list, description=(
        "Un grito pegado a una de estas señales no cuenta («¡¡MIL PERDONES!!»)."))
    eco_maximo: Annotated[float, Field(gt=0, le=1)] | None = Field(None, description=(
        "Una oración cuyas palabras de contenido ya dijo el cliente en esta proporción "
        "o más no da la señal: repetir el problema no es resolverlo (p. ej. 0.75)."))
    amontonadas_maximo: Annotated[int, Field(ge=1, le=20)] | None = Field(None, description=(
        "Más frases distintas que estas de la señal en una sola oración son palabras "
        "clave amontonadas («lo siento perdón disculpe lamento»): esa oración no la da."))
    no_en_listas: bool = Field(False, description=(
        "Una respuesta que es una lista de palabras sueltas (casi sin artículos, "
        "preposiciones ni pronombres: ver «palabras_enlace» en el léxico) no da la señal."))
    anulan_al_modelo: bool = Field(False, description=(
        "Si una frase de «anulan» aparece en la respuesta y ninguna frase de la señal "
        "vale, el modelo aprendido tampoco pone la señal (una promesa vaga no es ayuda)."))
    retirada_por: list[str] = Field(default_factory=list, description=(
        "Esta señal no cuenta si, en su misma frase o tras un «pero», viene una de "
        "estas: una disculpa seguida de culpa al cliente no es disculpa."))
    # Cumplir lo que el cliente pidió no es lo mismo que hacérselo sin pedirlo: darle de
    # baja la línea que quiere dar de baja es ayudarle, no echarle.
    si_el_cliente_lo_pide: list[Frase] = Field(default_factory=list, description=(
        "Frases del cliente (con la sintaxis de «frases») que piden justo lo que esta señal "
        "detecta («quiero darme de baja», «cancelen mi reserva»): si el cliente lo pidió "
        "antes en la conversación, la respuesta no da la señal, ni por sus frases ni por el "
        "modelo, salvo que diga una de «aunque_lo_pida»."))
    aunque_lo_pida: list[Frase] = Field(default_factory=list, description=(
        "Frases que dan la señal aunque el cliente haya pedido lo de «si_el_cliente_lo_pide»: "
        "cerrar la conversación («cierro el chat») no es lo que pidió."))
    reacciones: list[Frase] = Field(default_factory=list, description=(
        "Frases (con la sintaxis de «frases») con que un cliente contesta a esta señal "
        "(«su socio» contesta a una excusa, «tanta disculpa» a una disculpa). «simulador "
        "validar» avisa de una línea del cliente que las dice en un nodo al que se llega "
        "sin exigir la señal: contestaría a algo que nadie dijo."))

    @model_validator(mode="after")
    def _con_frases(self) -> DefinicionSenal:
        if self.tipo == "frases" and not self.frases and not self.combinaciones:
            raise ValueError("una señal de tipo «frases» necesita al menos una frase")
        if self.rol == "cliente" and (self.si_el_cliente_lo_pide or self.aunque_lo_pida):
            raise ValueError("«si_el_cliente_lo_pide» y «aunque_lo_pida» son para señales del "
                             "agente: dicen cuándo hacer lo que el cliente pidió no da la señal")
        if self.aunque_lo_pida and not self.si_el_cliente_lo_pide:
            raise ValueError("«aunque_lo_pida» necesita «si_el_cliente_lo_pide»: sin petición "
                             "del cliente no hay nada que exceptuar")
        return self


class Escucha(Modelo):
    """Cómo se reconoce que el agente ha recogido el problema concreto.

    Cuenta como escucha repetir o parafrasear un dato del cliente (o de los
    `puntos_clave` del escenario). `conceptos` agrupa palabras que valen por
    la misma idea («cobro», «cargo», «factura»); `genericas` son palabras que
    no demuestran nada por sí solas («problema», «molestia»). `difuso` es el
    parecido mínimo (0–100) para reconocer un punto clave escrito con erratas.
    Hacen falta `minimo_coincidencias` datos distintos del cliente (un número,
    una fecha o un punto clave valen por sí solos). Con una de las señales de
    `exigente_con` en la respuesta, sus palabras no cuentan: repetir «contrato»
    para esconderse detrás de él no es escuchar.
    """

    conceptos: list[list[Texto]] = Field(default_factory=list, description=(
        "Grupos de palabras que valen por la misma idea: [cobro, cargo, factura]. "
        "Parafrasear al cliente con ellas también es escuchar."))
    genericas: list[Texto] = Field(default_factory=list, description=(
        "Palabras que por sí solas no demuestran escucha: problema, molestia."))
    preguntas: list[Frase] = Field(default_factory=list, description=(
        "Preguntas concretas que también demuestran escucha, con la sintaxis de las "
        "frases: «(número|código) de pedido»."))
    difuso: Annotated[int, Field(ge=0, le=100)] = Field(85, description=(
        "Parecido mínimo (de 0 a 100) para reconocer un punto clave escrito con erratas. "
        "Por defecto 85."))
    minimo_coincidencias: Annotated[int, Field(ge=1, le=10)] = Field(2, description=(
        "Cuántos datos distintos del cliente debe recoger la respuesta; un número, una "
        "fecha o un punto clave valen por sí solos."))
    exigente_con: list[str] = Field(default_factory=list, description=(
        "Si la respuesta tiene una de estas señales, sus palabras no cuentan como escucha, "
        "hacen falta dos datos más y una pregunta no basta."))
    no_son_datos: list[str] = Field(default_factory=list, description=(
        "Señales del cliente cuyas palabras no son datos de su problema (sus insultos)."))


class Rubrica(Modelo):
    """Una rúbrica completa."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)] = Field(
        description=(
            "Identificador de la rúbrica, el que sale en los resultados: minúsculas sin "
            "tildes, cifras, «-» y «_». Cámbielo al copiar la rúbrica."))
    titulo: Texto = Field(description="Nombre de la rúbrica.")
    descripcion: str = Field("", description="Qué evalúa la rúbrica, en dos o tres frases.")
    version: str = Field("1", description=(
        "Versión que usted le da, como texto entre comillas: \"1\". Aparte, cada resultado "
        "lleva una huella calculada del archivo."))
    umbral_aprobado: Puntos = Field(70, description=(
        "Nota mínima (de 0 a 100) para aprobar la sesión. Por defecto 70."))
    advertencias_requeridas: Annotated[int, Field(ge=1, le=5)] = Field(1, description=(
        "Avisos cordiales necesarios antes de que terminar la relación sea correcto, de 1 "
        "a 5. Por defecto 1."))
    criterios: dict[str, Criterio] = Field(min_length=1, description=(
        "Los criterios de la nota, cada uno con un nombre; sus pesos deben sumar 100."))
    # Perder al cliente por cómo se le atendió no aprueba, saque la nota que saque
    # (solo cuenta si la transcripción trae su `final`, como las de los escenarios).
    finales_suspenden: list[TipoFinal] = Field(default_factory=list, description=(
        "Finales que suspenden aunque la nota pase del umbral, p. ej. [abandona, escalado]. "
        "Solo cuentan si la transcripción trae su final."))
    senales: dict[str, DefinicionSenal] = Field(default_factory=dict, description=(
        "Las frases de cada señal, por su nombre. Puede definir señales nuevas para usarlas "
        "en criterios nuevos."))
    escucha: Escucha = Field(default_factory=lambda: Escucha(), description=(
        "Cómo se reconoce que el agente recogió el problema concreto del cliente."))

    @model_validator(mode="after")
    def _pesos(self) -> Rubrica:
        total = sum(c.peso for c in self.criterios.values())
        if abs(total - 100) > 0.01:
            raise ValueError(f"los pesos de los criterios suman {total:g} y deben sumar 100")
        conocidas = {*SENALES_AGENTE, *SENALES_CLIENTE, *self.senales}
        usos = [(f"el criterio «{nombre}»", [criterio.senal, *criterio.no_aplica_con])
                for nombre, criterio in self.criterios.items()]
        usos += [(f"la señal «{nombre}»", [*d.gritos_salvo_con, *d.retirada_por])
                 for nombre, d in self.senales.items()]
        usos.append(("«escucha»", [*self.escucha.exigente_con, *self.escucha.no_son_datos]))
        for quien, senales in usos:
            for senal in senales:
                if senal and senal not in conocidas:
                    raise ValueError(
                        f"{quien} usa la señal «{senal}», que no es "
                        "estándar ni está definida en «senales»"
                    )
        return self

    def suspende_por_final(self, final: str | None) -> bool:
        """¿Suspende la sesión por cómo acabó? (ver `finales_suspenden`)"""
        return final is not None and final in self.finales_suspenden

    @property
    def senales_extra(self) -> list[str]:
        return [s for s in self.senales if s not in SENALES_AGENTE and s not in SENALES_CLIENTE]
