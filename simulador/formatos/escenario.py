"""Formato de un escenario: lo escribe a mano un formador, no un programador.

Las claves son cortas y en español, casi todo tiene un valor por defecto y
los textos sueltos valen donde basta con un texto (una línea del cliente o
el nombre de una señal).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Set
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, model_validator

from simulador.formatos.base import Modelo, PalabraOComienzo, Texto
from simulador.formatos.senales import TipoFinal
from simulador.texto import normalizar

Dificultad = Literal["facil", "media", "dificil"]
Canal = Literal["chat", "telefono", "correo"]
CierreEsperado = Literal["correcto", "no_aplica"]

Enfado = Annotated[int, Field(ge=0, le=100)]
VariacionEnfado = Annotated[int, Field(ge=-100, le=100)]


class Linea(Modelo):
    """Una variante de lo que dice el cliente; `abuso` marca insultos o amenazas."""

    texto: Texto = Field(description="Lo que dice el cliente en esta variante.")
    abuso: bool = Field(False, description=(
        "true si la línea es un insulto, una amenaza o una humillación dirigida al agente o "
        "al personal. Una queja enfadada, por dura que sea, no es abuso."))

    @model_validator(mode="before")
    @classmethod
    def _desde_texto(cls, valor: Any) -> Any:
        if isinstance(valor, str):
            return {"texto": valor}
        if isinstance(valor, dict) and len(valor) == 1 and not valor.keys() & {"texto", "abuso"}:
            clave, resto = next(iter(valor.items()))
            raise ValueError(
                f"YAML ha leído «{clave}: {resto}» como una clave porque el texto lleva «: »; "
                "ponga la línea entre comillas"
            )
        return valor


class Condicion(Modelo):
    """Qué debe cumplir la respuesta para tomar una transición.

    Todas las claves presentes deben cumplirse a la vez. Un texto suelto es el
    nombre de una señal que debe estar presente.
    """

    senal: str | None = Field(None, description=(
        "Se cumple si la respuesta del agente tiene esta señal, p. ej. «disculpa». "
        "«si: disculpa» es lo mismo que «si: {senal: disculpa}»."))
    # Las necesidades del cliente (`necesidades` del escenario), contando esta respuesta.
    atendida: str | None = Field(None, description=(
        "Se cumple si esta necesidad (su nombre en «necesidades») ya está atendida, por "
        "esta respuesta o por una anterior."))
    pendiente: str | None = Field(None, description=(
        "Se cumple si esta necesidad (su nombre en «necesidades») sigue sin atender "
        "después de esta respuesta."))
    todo_atendido: bool | None = Field(None, description=(
        "Con true, se cumple si ya están atendidas todas las necesidades del escenario; "
        "con false, si aún falta alguna."))
    # Palabras (o comienzos con «*») que la respuesta dice: para que una línea que reacciona
    # a algo concreto («¿su socio?») solo salga cuando se dijo.
    menciona: list[PalabraOComienzo] | None = Field(None, description=(
        "Se cumple si la respuesta dice alguna de estas palabras (sin tildes; con «*» al "
        "final vale cualquier terminación). Ejemplo: [socio*, proveedor*]."))
    todas: list[Condicion] | None = Field(None, description=(
        "Se cumple si se cumplen todas las de la lista: señales o condiciones entre llaves. "
        "Ejemplo: [escucha, disculpa]."))
    alguna: list[Condicion] | None = Field(None, description=(
        "Se cumple si se cumple al menos una de la lista. Ejemplo: [excusa, escalada]."))
    ninguna: list[Condicion] | None = Field(None, description=(
        "Se cumple si no se cumple ninguna de la lista. Ejemplo: [excusa, escalada]."))
    enfado_desde: Enfado | None = Field(None, description=(
        "Se cumple si el enfado del cliente al recibir la respuesta es como mínimo este "
        "número (de 0 a 100)."))
    enfado_hasta: Enfado | None = Field(None, description=(
        "Se cumple si el enfado del cliente al recibir la respuesta es como máximo este "
        "número (de 0 a 100)."))
    turno_desde: Annotated[int, Field(ge=1)] | None = Field(None, description=(
        "Se cumple a partir de esta respuesta del agente, incluida (la primera es la 1)."))
    turno_hasta: Annotated[int, Field(ge=1)] | None = Field(None, description=(
        "Se cumple hasta esta respuesta del agente, incluida (la primera es la 1)."))

    @model_validator(mode="before")
    @classmethod
    def _desde_texto(cls, valor: Any) -> Any:
        if isinstance(valor, list):
            raise ValueError(
                "una lista de señales necesita decir cómo se combinan: «todas: [...]» si "
                "deben darse todas, «alguna: [...]» si basta una"
            )
        return {"senal": valor} if isinstance(valor, str) else valor

    @model_validator(mode="after")
    def _no_vacia(self) -> Condicion:
        if not self.model_fields_set:
            raise ValueError(
                "la condición está vacía: indique al menos una de senal, atendida, "
                "pendiente, todo_atendido, menciona, todas, alguna, ninguna, enfado_desde, "
                "enfado_hasta, turno_desde o turno_hasta"
            )
        for nombre in ("todas", "alguna", "ninguna", "menciona"):
            lista = getattr(self, nombre)
            if lista is not None and not lista:
                raise ValueError(f"la lista «{nombre}» está vacía")
        return self

    def cumple(self, senales: Mapping[str, bool], enfado: int, turno: int,
               atendidas: Set[str] = frozenset(), todas_las_necesidades: Set[str] = frozenset(),
               palabras: Set[str] = frozenset()) -> bool:
        """Evalúa la condición sobre las señales de una respuesta, las necesidades del
        cliente atendidas hasta ella (incluida) y sus palabras (normalizadas)."""
        if self.senal is not None and not senales.get(self.senal, False):
            return False
        if self.menciona is not None and not menciona(self.menciona, palabras):
            return False
        if self.atendida is not None and self.atendida not in atendidas:
            return False
        if self.pendiente is not None and self.pendiente in atendidas:
            return False
        if self.todo_atendido is not None and (
                todas_las_necesidades <= atendidas) is not self.todo_atendido:
            return False
        hijas = (senales, enfado, turno, atendidas, todas_las_necesidades, palabras)
        if self.todas is not None and not all(c.cumple(*hijas) for c in self.todas):
            return False
        if self.alguna is not None and not any(c.cumple(*hijas) for c in self.alguna):
            return False
        if self.ninguna is not None and any(c.cumple(*hijas) for c in self.ninguna):
            return False
        if self.enfado_desde is not None and enfado < self.enfado_desde:
            return False
        if self.enfado_hasta is not None and enfado > self.enfado_hasta:
            return False
        if self.turno_desde is not None and turno < self.turno_desde:
            return False
        return not (self.turno_hasta is not None and turno > self.turno_hasta)

    def exige(self, senal: str) -> bool:
        """¿Solo se cumple si la respuesta da esa señal?"""
        if self.senal == senal or any(c.exige(senal) for c in self.todas or ()):
            return True
        return bool(self.alguna) and all(c.exige(senal) for c in self.alguna or ())

    def menciones(self) -> Iterator[str]:
        """Las palabras de `menciona` de la condición y de sus hijas."""
        yield from self.menciona or ()
        for nombre in ("todas", "alguna", "ninguna"):
            for hija in getattr(self, nombre) or ():
                yield from hija.menciones()

    def necesidades_usadas(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Cada necesidad nombrada, con su ruta relativa dentro de la condición."""
        for clave in ("atendida", "pendiente"):
            valor = getattr(self, clave)
            if valor is not None:
                yield (clave,), valor
        for nombre in ("todas", "alguna", "ninguna"):
            for i, hija in enumerate(getattr(self, nombre) or ()):
                for ruta, necesidad in hija.necesidades_usadas():
                    yield (nombre, i, *ruta), necesidad

    def senales_usadas(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Cada señal nombrada, con su ruta relativa dentro de la condición."""
        if self.senal is not None:
            yield ("senal",), self.senal
        for nombre in ("todas", "alguna", "ninguna"):
            for i, hija in enumerate(getattr(self, nombre) or ()):
                for ruta, senal in hija.senales_usadas():
                    yield (nombre, i, *ruta), senal


def menciona(buscadas: Iterable[str], palabras: Collection[str]) -> bool:
    """¿Está alguna de las palabras buscadas (o, con «*», algo que empiece así) entre
    `palabras`, ya normalizadas? Lo usan `menciona`, las `palabras` de una necesidad
    y el aviso de `validar` sobre lo que se da por dicho."""
    for buscada in buscadas:
        raiz = normalizar(buscada.rstrip("*"))
        if buscada.endswith("*"):
            if any(p.startswith(raiz) for p in palabras):
                return True
        elif raiz in palabras:
            return True
    return False


class Transicion(Modelo):
    """Si la respuesta cumple `si`, el cliente pasa a `ir_a` y su enfado cambia."""

    si: Condicion = Field(description=(
        "Lo que debe cumplir la respuesta del agente: el nombre de una señal («disculpa») "
        "o un bloque de claves, p. ej. {todas: [escucha, disculpa]}."))
    ir_a: Texto = Field(description=(
        "Nombre del nodo al que pasa el cliente si se cumple la condición."))
    enfado: VariacionEnfado = Field(0, description=(
        "Cuánto cambia el enfado del cliente, de -100 a 100: negativo lo calma (-20), "
        "positivo lo enfada más (15). Por defecto 0."))


class Salto(Modelo):
    """La transición por defecto: cuando ninguna condición se cumple."""

    ir_a: Texto = Field(description=(
        "Nombre del nodo al que pasa el cliente cuando no se cumple ninguna transición."))
    enfado: VariacionEnfado = Field(0, description=(
        "Cuánto cambia entonces el enfado del cliente, de -100 a 100. Por defecto 0."))


class Silencio(Modelo):
    """Qué pasa si el agente no contesta: el cliente insiste y se enfada más."""

    segundos: Annotated[int, Field(ge=5, le=3600)] = Field(description=(
        "Segundos que espera el cliente una respuesta antes de insistir, de 5 a 3600. "
        "Orientación: teléfono 20–30, chat 45–90, correo mucho más."))
    enfado: VariacionEnfado = Field(10, description=(
        "Cuánto cambia el enfado del cliente cuando el agente no contesta a tiempo, de -100 "
        "a 100. Por defecto 10."))
    dice: list[Linea] = Field(min_length=1, description=(
        "Lo que dice el cliente al insistir: una o más variantes («¿Hola? ¿Sigue ahí?»)."))
    ir_a: str | None = Field(None, description=(
        "Nodo al que pasa el cliente tras el silencio (p. ej. un final en el que se va). "
        "Si no se indica, se queda en el mismo nodo."))


class Nodo(Modelo):
    """Un momento de la conversación: lo que dice el cliente y adónde se puede ir."""

    dice: list[Linea] = Field(min_length=1, description=(
        "Variantes de lo que dice el cliente en este momento; el simulador elige una. "
        "Conviene poner de 2 a 4."))
    final: TipoFinal | None = Field(None, description=(
        "Si está, el nodo es un final y la conversación acaba aquí: resuelto, abandona, "
        "relacion_terminada o escalado."))
    transiciones: list[Transicion] = Field(default_factory=list, description=(
        "Caminos posibles según la respuesta del agente. Se revisan en orden, de arriba "
        "abajo, y gana la primera cuya condición se cumple."))
    por_defecto: Salto | None = Field(None, description=(
        "Adónde va el cliente si no se cumple ninguna transición. Obligatorio en los nodos "
        "que no son finales."))
    silencio: Silencio | None = Field(None, description=(
        "Qué pasa si el agente no contesta en este nodo; sustituye al «silencio» del "
        "escenario."))
    al_terminar: str | None = Field(None, description=(
        "Nodo final al que se va si el agente termina la relación en este nodo; sustituye "
        "al «al_terminar» del escenario."))

    @property
    def es_final(self) -> bool:
        return self.final is not None

    def destinos(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Cada nodo al que se puede pasar desde este, con la ruta de la clave."""
        for i, transicion in enumerate(self.transiciones):
            yield ("transiciones", i, "ir_a"), transicion.ir_a
        if self.por_defecto is not None:
            yield ("por_defecto", "ir_a"), self.por_defecto.ir_a
        if self.silencio is not None and self.silencio.ir_a:
            yield ("silencio", "ir_a"), self.silencio.ir_a


class Cliente(Modelo):
    """El cliente difícil: quién es, cuánto se enfada y cuánto vale al negocio."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    nombre: Texto = Field(description=(
        "Nombre y apellido del cliente. Un buen agente lo usará."))
    numero: str | None = Field(None, description=(
        "Número de cliente, de contrato o de pedido, entre comillas: \"C-10233\"."))
    perfil: str = Field("", description=(
        "Quién es, qué le pasa y cómo es su carácter, para entender al cliente."))
    enfado_inicial: Enfado = Field(50, description=(
        "Enfado del cliente al empezar, de 0 (tranquilo) a 100 (furioso). Por defecto 50."))
    ingresos_mensuales: Annotated[float, Field(ge=0)] | None = Field(None, description=(
        "Lo que el cliente aporta al negocio cada mes: un número, sin símbolo de moneda."))
    coste_servicio: Annotated[float, Field(ge=0)] | None = Field(None, description=(
        "Lo que cuesta atenderlo cada mes, sin símbolo de moneda. Si supera con mucho los "
        "ingresos, puede justificar terminar la relación."))


class PuntoClave(Modelo):
    """Un dato concreto del problema que un agente que escucha devuelve al cliente."""

    texto: Texto = Field(description=(
        "Un dato concreto del problema que el agente debería recoger: «cuatro días», "
        "«cobro doble»."))
    sinonimos: list[Texto] = Field(default_factory=list, description=(
        "Otras formas de decir ese mismo dato: [4 días, desde el viernes]."))

    @model_validator(mode="before")
    @classmethod
    def _desde_texto(cls, valor: Any) -> Any:
        return {"texto": valor} if isinstance(valor, str) else valor


class Necesidad(Modelo):
    """Algo que el cliente necesita y que solo atiende una ayuda concreta que hable de ello.

    Una respuesta la atiende si trae ayuda concreta (la señal `asiste`) y una de sus
    oraciones de ayuda contiene una de sus `palabras` (una palabra, o un comienzo con
    «*»: «descuent*») y, si las hay, una de sus `acciones` (lo que se hace con ello), o
    se parece a uno de sus `ejemplos` (al menos `parecido` sobre 100). Empatía,
    disculpas y promesas vagas no atienden ninguna.
    """

    descripcion: Texto = Field(description=(
        "Qué necesita el cliente, en pocas palabras: «Saber cuándo vuelve el servicio». "
        "El agente la ve en los comentarios."))
    palabras: list[PalabraOComienzo] = Field(
        default_factory=list, description=(
            "Palabras que, en una oración de ayuda, muestran que habla de esta necesidad: "
            "una sola palabra, o su comienzo con «*» («descuent*»)."))
    acciones: list[PalabraOComienzo] = Field(
        default_factory=list, description=(
            "Si las hay, la oración de ayuda que dice una de las «palabras» tiene que decir "
            "también una de estas (lo que se hace: «devuel*», «pag*», «cubr*»): «entiendo "
            "lo del recargo» nombra la necesidad, pero no hace nada con ella."))
    ejemplos: list[Texto] = Field(default_factory=list, description=(
        "Respuestas que la atienden; una oración de ayuda parecida también la atiende."))
    parecido: Annotated[int, Field(ge=30, le=100)] = Field(60, description=(
        "Cuánto (sobre 100) debe parecerse una oración de ayuda a un ejemplo."))

    @model_validator(mode="after")
    def _reconocible(self) -> Necesidad:
        if not self.palabras and not self.ejemplos:
            raise ValueError("una necesidad necesita «palabras» o «ejemplos» para "
                             "reconocer cuándo se atiende")
        if self.acciones and not self.palabras:
            raise ValueError("«acciones» solo sirve junto con «palabras»: la oración tiene "
                             "que nombrar la necesidad y decir qué se hace con ella")
        return self


class LimiteEnfado(Modelo):
    """Cuando el enfado llega a `limite`, el cliente se va al nodo `al_limite`."""

    limite: Enfado = Field(100, description=(
        "Enfado (de 0 a 100) con el que el cliente se va. Por defecto 100."))
    al_limite: Texto = Field(description=(
        "Nodo final al que salta la conversación al llegar al límite, esté donde esté; "
        "lo habitual es un final «abandona»."))


class Escenario(Modelo):
    """Un escenario completo de práctica."""

    model_config = ConfigDict(coerce_numbers_to_str=True)

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)] = Field(
        description=(
            "Identificador único: minúsculas sin tildes, cifras, «-» y «_», hasta 80 "
            "caracteres. Conviene que coincida con el nombre del archivo."))
    titulo: Texto = Field(description="Nombre que verá el agente en la lista de prácticas.")
    descripcion: Texto = Field(description=(
        "Dos o tres frases sobre la situación que se practica."))
    dificultad: Dificultad = Field(description=(
        "Dificultad de la práctica: facil, media o dificil (sin tildes)."))
    canal: Canal = Field(description=(
        "Por dónde llega el cliente: chat, telefono o correo (sin tildes)."))
    etiquetas: list[Texto] = Field(default_factory=list, description=(
        "Palabras para clasificar el escenario: [telecom, mexico, abuso]."))
    autor: str = Field("", description="Quién escribió el escenario.")
    version: str = Field("1", description=(
        "Versión del escenario, como texto entre comillas: \"1.0\". Por defecto \"1\"."))
    cliente: Cliente = Field(description=(
        "Quién es el cliente: nombre, perfil, enfado inicial y lo que aporta y cuesta."))
    puntos_clave: list[PuntoClave] = Field(default_factory=list, description=(
        "Datos concretos del problema que un agente que escucha devolverá al cliente; "
        "sirven para reconocer la escucha."))
    necesidades: dict[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")], Necesidad] = \
        Field(default_factory=dict, description=(
            "Lo que el cliente necesita de verdad, cada cosa con un nombre corto (plazo, "
            "compensacion). Se usan en las condiciones: atendida, pendiente, todo_atendido."))
    cierre_esperado: CierreEsperado = Field(description=(
        "«correcto» si lo bueno es que el agente termine la relación en algún momento; "
        "«no_aplica» si no hay que terminar nada."))
    inicio: Texto = Field(description="Nombre del nodo donde empieza la conversación.")
    enfado: LimiteEnfado | None = Field(None, description=(
        "Límite de enfado: al llegar a él, el cliente se va al nodo indicado."))
    silencio: Silencio | None = Field(None, description=(
        "Qué pasa si el agente no contesta a tiempo; vale para todos los nodos que no "
        "tengan su propio «silencio»."))
    al_terminar: str | None = Field(None, description=(
        "Nodo final (de tipo relacion_terminada) al que se va si el agente termina la "
        "relación. Un nodo puede tener el suyo."))
    nodos: dict[str, Nodo] = Field(min_length=1, description=(
        "Los momentos de la conversación, cada uno con un nombre corto sin espacios "
        "(queja, pide_detalles)."))

    @property
    def finales(self) -> dict[str, Nodo]:
        return {nombre: nodo for nombre, nodo in self.nodos.items() if nodo.es_final}

    @property
    def tiene_abuso(self) -> bool:
        return any(linea.abuso for nodo in self.nodos.values() for linea in nodo.dice)

    @property
    def cierre_justificado(self) -> bool:
        """Terminar es lo correcto sin que el cliente insulte (senales.md)."""
        return self.cierre_esperado == "correcto" and not self.tiene_abuso
