"""Comprobaciones del grafo de un escenario que el esquema no puede ver.

Un escenario puede ser correcto clave a clave y aun así romperse al jugarlo:
un destino que no existe, un nodo al que nunca se llega, un bucle sin
salida. Aquí se buscan esos fallos, cada uno con su línea en el archivo.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence, Set

from simulador.carga import Cargado, Documento, sugerir
from simulador.formatos.escenario import Condicion, Escenario, menciona
from simulador.formatos.senales import SENALES_AGENTE, SENALES_CLIENTE
from simulador.incidencias import Clave, Incidencia
from simulador.texto import lista_palabras, normalizar


class _Informe:
    """Acumula incidencias de un documento, cada una con su posición."""

    def __init__(self, doc: Documento) -> None:
        self.doc = doc
        self.incidencias: list[Incidencia] = []

    def error(self, clave: Clave, mensaje: str) -> None:
        self.incidencias.append(self.doc.incidencia(clave, mensaje))

    def aviso(self, clave: Clave, mensaje: str) -> None:
        self.incidencias.append(self.doc.incidencia(clave, mensaje, "aviso"))


def _no_existe(nodo: str, nombres: Iterable[str]) -> str:
    mensaje = f"el nodo «{nodo}» no existe"
    parecido = sugerir(nodo, nombres)
    return mensaje + (f". ¿Quiso decir «{parecido}»?" if parecido else "")


def _destinos_globales(esc: Escenario) -> list[tuple[Clave, str]]:
    """Saltos posibles desde cualquier nodo: terminar la relación, el límite, el silencio."""
    destinos: list[tuple[Clave, str]] = []
    if esc.al_terminar:
        destinos.append((("al_terminar",), esc.al_terminar))
    if esc.enfado is not None and esc.enfado.al_limite:
        destinos.append((("enfado", "al_limite"), esc.enfado.al_limite))
    if esc.silencio is not None and esc.silencio.ir_a:
        destinos.append((("silencio", "ir_a"), esc.silencio.ir_a))
    return destinos


def _aristas(esc: Escenario) -> dict[str, list[tuple[Clave, str]]]:
    """Para cada nodo, los destinos de sus transiciones, con la clave que los nombra."""
    aristas: dict[str, list[tuple[Clave, str]]] = {}
    for nombre, nodo in esc.nodos.items():
        # `if destino`: en un escenario rescatado, un «ir_a» que no valía es None.
        propias = [(("nodos", nombre, *ruta), destino) for ruta, destino in nodo.destinos()
                   if destino]
        if nodo.al_terminar:
            propias.append((("nodos", nombre, "al_terminar"), nodo.al_terminar))
        aristas[nombre] = propias
    return aristas


def afecta_al_grafo(clave: Clave) -> bool:
    """¿Un error de esquema en esta clave deja el mapa de la conversación a medias?

    Un «ir_a», un «final» o una clave mal escrita dentro de un nodo (¿un
    «transiciones»?) cambian adónde se puede ir; lo que dice el cliente, las
    condiciones y los cambios de enfado, no.
    """
    if not clave:
        return True
    raiz = clave[0]
    if raiz in ("inicio", "al_terminar"):
        return True
    if raiz in ("enfado", "silencio"):
        return len(clave) == 1 or clave[1] in ("al_limite", "ir_a")
    if raiz != "nodos":
        return False
    if len(clave) <= 2:
        return True
    parte, resto = clave[2], clave[3:]
    if parte == "dice":
        return False
    if parte == "silencio":
        return not resto or resto[0] == "ir_a"
    if parte == "transiciones":
        return len(resto) <= 1 or resto[1] not in ("si", "enfado")
    if parte == "por_defecto":
        return not resto or resto[0] != "enfado"
    return True


def comprobar_escenario(cargado: Cargado[Escenario], senales_extra: Iterable[str] = (),
                        errores_de_esquema: Sequence[Clave] | None = None
                        ) -> list[Incidencia]:
    """Todos los errores y avisos del grafo de un escenario.

    Con `errores_de_esquema` (las claves de los errores del esquema), el escenario
    es uno rescatado (`carga.rescatar`): se dice todo lo que no depende de lo que
    estaba mal, para que el formador lo vea en la misma pasada. Lo que dependería
    (a qué nodos se llega, si hay salida) espera a que el esquema se cumpla.
    """
    esc, doc = cargado.modelo, cargado.documento
    informe = _Informe(doc)
    error = informe.error
    for clave in getattr(doc, "saneados", ()):
        informe.aviso(clave, "este texto tiene caracteres de control o invisibles (una "
                      "secuencia de escape, una marca de dirección…): se muestran como «␛» "
                      "o «�» en lugar de actuar en la pantalla; bórrelos")
    rescatado = errores_de_esquema is not None
    claves = list(errores_de_esquema or ())
    if not isinstance(esc.nodos, dict) or ("nodos",) in claves:
        return informe.incidencias  # sin nodos que mirar, todo lo demás sería eco de eso
    a_medias = {str(c[1]) for c in claves if len(c) > 1 and c[0] == "nodos"
                and afecta_al_grafo(c)}
    completo = not any(afecta_al_grafo(c) for c in claves)
    nombres = list(esc.nodos)
    aristas = _aristas(esc)
    globales = _destinos_globales(esc)

    if esc.inicio and esc.inicio not in esc.nodos:
        error(("inicio",), _no_existe(esc.inicio, nombres))
    for clave, destino in [*globales, *(a for lista in aristas.values() for a in lista)]:
        if destino not in esc.nodos:
            error(clave, _no_existe(destino, nombres))

    _comprobar_finales(esc, informe, a_medias, completo)
    if completo:
        _comprobar_alcance(esc, aristas, globales, informe)
    _comprobar_senales(esc, set(senales_extra), informe)
    if ("necesidades",) not in claves:
        _comprobar_necesidades(esc, informe)
    if not rescatado:
        _avisos_de_menciones(esc, informe)
        _avisos_de_contenido(esc, informe)
    return informe.incidencias


def _comprobar_finales(esc: Escenario, informe: _Informe, a_medias: Set[str] = frozenset(),
                       completo: bool = True) -> None:
    error, aviso = informe.error, informe.aviso
    if completo and not esc.finales:
        error(("nodos",), "no hay ningún nodo final: añada al menos uno con "
              "«final: resuelto», «abandona», «relacion_terminada» o «escalado»")
    for nombre, nodo in esc.nodos.items():
        if nombre in a_medias:
            continue
        if nodo.es_final and (nodo.transiciones or nodo.por_defecto):
            error(("nodos", nombre, "final"), "un nodo final termina la conversación: no "
                  "puede tener «transiciones» ni «por_defecto»")
        if not nodo.es_final and nodo.por_defecto is None:
            error(("nodos", nombre), "falta «por_defecto»: si la respuesta no cumple ninguna "
                  "condición, la conversación no sabría adónde ir")
    terminar: list[tuple[Clave, str]] = [
        (("nodos", n, "al_terminar"), x.al_terminar) for n, x in esc.nodos.items() if x.al_terminar
    ]
    if esc.al_terminar:
        terminar.append((("al_terminar",), esc.al_terminar))
    for clave, destino in terminar:
        nodo = esc.nodos.get(destino)
        if nodo is not None and nodo.final != "relacion_terminada":
            error(clave, f"«{destino}» debe ser un nodo con «final: relacion_terminada»: es "
                  "lo que dice el cliente cuando el agente termina la relación")
    if esc.enfado is not None and esc.enfado.al_limite:
        nodo = esc.nodos.get(esc.enfado.al_limite)
        if nodo is not None and not nodo.es_final:
            error(("enfado", "al_limite"), f"«{esc.enfado.al_limite}» debe ser un nodo final "
                  "(normalmente «final: abandona»)")
        elif nodo is not None and nodo.final != "abandona":
            aviso(("enfado", "al_limite"), f"«{esc.enfado.al_limite}» es un final de tipo "
                  f"«{nodo.final}»; al llegar al límite de enfado lo habitual es «abandona»")


def _comprobar_alcance(esc: Escenario, aristas: dict[str, list[tuple[Clave, str]]],
                       globales: list[tuple[Clave, str]], informe: _Informe) -> None:
    error = informe.error
    if esc.inicio not in esc.nodos:
        return
    extra = [d for _, d in globales if d in esc.nodos]
    alcanzados = {esc.inicio, *extra}
    pendientes = list(alcanzados)
    while pendientes:
        actual = pendientes.pop()
        for _, destino in aristas.get(actual, ()):
            if destino in esc.nodos and destino not in alcanzados:
                alcanzados.add(destino)
                pendientes.append(destino)
    for nombre in esc.nodos:
        if nombre not in alcanzados:
            error(("nodos", nombre), f"al nodo «{nombre}» no se llega nunca desde el inicio "
                  f"(«{esc.inicio}»): ¿falta una transición hacia él o sobra el nodo?")

    # Hacia atrás desde los finales: quién puede acabar la conversación. Con las flechas
    # al revés, cada una se recorre una vez (validar crece en línea con el escenario).
    previos: dict[str, list[str]] = {}
    for nombre, lista in aristas.items():
        for _, destino in lista:
            previos.setdefault(destino, []).append(nombre)
    llegan = set(esc.finales)
    pendientes = list(llegan)
    while pendientes:
        for previo in previos.get(pendientes.pop(), ()):
            if previo not in llegan:
                llegan.add(previo)
                pendientes.append(previo)
    for nombre in esc.nodos:
        if nombre in alcanzados and nombre not in llegan:
            error(("nodos", nombre), f"desde el nodo «{nombre}» no se puede llegar a ningún "
                  "final: la conversación quedaría atrapada en un bucle sin salida")


def _comprobar_senales(esc: Escenario, extra: set[str], informe: _Informe) -> None:
    error = informe.error
    conocidas = [*SENALES_AGENTE, *sorted(extra)]
    for nombre, nodo in esc.nodos.items():
        for i, transicion in enumerate(nodo.transiciones):
            for ruta, senal in transicion.si.senales_usadas():
                clave = ("nodos", nombre, "transiciones", i, "si", *ruta)
                if senal in SENALES_CLIENTE:
                    error(clave, f"«{senal}» es una señal del cliente, no de la respuesta del "
                          "agente; márquela con «abuso: true» en la línea del cliente")
                elif senal not in conocidas:
                    parecida = sugerir(senal, conocidas)
                    error(clave, f"la señal «{senal}» no existe" + (
                        f". ¿Quiso decir «{parecida}»?" if parecida else "")
                        + f" (señales conocidas: {', '.join(conocidas)})")


def _comprobar_necesidades(esc: Escenario, informe: _Informe) -> None:
    conocidas = sorted(esc.necesidades)
    for nombre, nodo in esc.nodos.items():
        for i, transicion in enumerate(nodo.transiciones):
            si = transicion.si
            clave_si = ("nodos", nombre, "transiciones", i, "si")
            for ruta, necesidad in si.necesidades_usadas():
                if necesidad not in esc.necesidades:
                    parecida = sugerir(necesidad, conocidas)
                    informe.error((*clave_si, *ruta), f"la necesidad «{necesidad}» no existe"
                                  + (f". ¿Quiso decir «{parecida}»?" if parecida else "")
                                  + (f" (necesidades del escenario: {', '.join(conocidas)})"
                                     if conocidas else "; declárela en «necesidades»"))
            if si.todo_atendido is not None and not esc.necesidades:
                informe.error((*clave_si, "todo_atendido"), "«todo_atendido» necesita que el "
                              "escenario declare sus «necesidades»")


def _avisos_de_contenido(esc: Escenario, informe: _Informe) -> None:
    aviso = informe.aviso
    if not esc.puntos_clave:
        aviso(("puntos_clave",), "no hay «puntos_clave»: la escucha solo podrá comprobarse "
              "con lo que dice el cliente")
    if esc.silencio is None and not any(n.silencio for n in esc.nodos.values()):
        aviso((), "no hay «silencio»: el cliente no reaccionará si el agente no contesta")
    if esc.al_terminar is None:
        aviso((), "no hay «al_terminar»: si el agente termina la relación se usará una "
              "despedida genérica del cliente")
    if esc.cierre_esperado == "correcto" and not any(
        n.final == "relacion_terminada" for n in esc.nodos.values()
    ):
        aviso(("cierre_esperado",), "se espera terminar la relación pero ningún final es "
              "«relacion_terminada»")
    for nombre, nodo in esc.nodos.items():
        for i, t in enumerate(nodo.transiciones):
            si = t.si
            if (si.enfado_desde is not None and si.enfado_hasta is not None
                    and si.enfado_desde > si.enfado_hasta) or (
                    si.turno_desde is not None and si.turno_hasta is not None
                    and si.turno_desde > si.turno_hasta):
                aviso(("nodos", nombre, "transiciones", i, "si"), "esta condición no se "
                      "puede cumplir nunca: el «desde» es mayor que el «hasta»")


def _llegadas(esc: Escenario) -> Iterator[tuple[Clave, str, Condicion | None]]:
    """Cada flecha que sigue a una respuesta del agente: dónde está, adónde va y qué exige
    (None: la de por defecto, que no exige nada)."""
    for origen, nodo in esc.nodos.items():
        for i, t in enumerate(nodo.transiciones):
            yield ("nodos", origen, "transiciones", i, "ir_a"), t.ir_a, t.si
        if nodo.por_defecto is not None:
            yield ("nodos", origen, "por_defecto", "ir_a"), nodo.por_defecto.ir_a, None


def _corto(texto: str) -> str:
    return texto if len(texto) <= 50 else texto[:49].rstrip() + "…"


def _avisos_de_menciones(esc: Escenario, informe: _Informe) -> None:
    """Una línea que nombra algo que el escenario solo da por dicho con `menciona` («su
    socio») debe estar en un nodo al que solo se llega si la respuesta lo dijo."""
    buscadas = {m for nodo in esc.nodos.values() for t in nodo.transiciones
                for m in t.si.menciones()}
    if not buscadas:
        return
    for clave, destino, condicion in _llegadas(esc):
        exigidas = set(condicion.menciones()) if condicion is not None else set()
        lineas = esc.nodos[destino].dice if destino in esc.nodos else []
        choque = next(((linea.texto, buscada) for linea in lineas
                       for buscada in sorted(buscadas - exigidas)
                       if menciona([buscada], lista_palabras(normalizar(linea.texto)))),
                      None)
        if choque is not None:
            texto, buscada = choque
            informe.aviso(clave, f"se llega a «{destino}» sin exigir «menciona: "
                          f"[{buscada}]», pero su línea «{_corto(texto)}» da por dicho "
                          f"«{buscada.rstrip('*')}»: el cliente podría contestar a algo "
                          "que nadie dijo")


def ids_repetidos(cargados: Iterable[Cargado[Escenario]]) -> list[Incidencia]:
    """Dos archivos con el mismo id confundirían al elegir escenario."""
    vistos: dict[str, Documento] = {}
    incidencias: list[Incidencia] = []
    for cargado in cargados:
        ident = cargado.modelo.id
        primero = vistos.get(ident)
        if primero is not None:
            pos = primero.posicion(("id",))
            donde = f"{primero.nombre}:{pos.linea}" if pos else primero.nombre
            incidencias.append(cargado.documento.incidencia(
                ("id",), f"el id «{ident}» ya lo usa {donde}; cada escenario "
                "necesita un id propio"))
        else:
            vistos[ident] = cargado.documento
    return incidencias


def reacciones_sin_senal(cargado: Cargado[Escenario],
                        reacciones: Mapping[str, Sequence[str]] | None = None
                        ) -> list[Incidencia]:
    """Líneas del cliente que contestan a una señal («¿su socio?» a una excusa) en un nodo
    al que se llega sin exigirla: el cliente contestaría a algo que nadie dijo.

    Las frases de cada señal son las `reacciones` de la rúbrica estándar. Una flecha que
    exige mencionar una de sus palabras (`menciona`) ya la da por dicha.
    """
    from simulador.calificador.frases import Buscador

    if reacciones is None:
        from simulador.rubricas import calificador_estandar

        reacciones = {nombre: d.reacciones for nombre, d in
                      calificador_estandar().rubrica.senales.items() if d.reacciones}
    buscador = Buscador((senal, frase, False) for senal, frases in reacciones.items()
                        for frase in frases)
    esc, doc = cargado.modelo, cargado.documento
    contestan: dict[str, list[tuple[str, str, str]]] = {}  # nodo: (señal, línea, frase dicha)
    for nombre, nodo in esc.nodos.items():
        for linea in nodo.dice:
            normal = normalizar(linea.texto)
            for senal, halladas in buscador.buscar_por_grupo(normal).items():
                contestan.setdefault(nombre, []).append(
                    (senal, linea.texto, normal[halladas[0].inicio:halladas[0].fin]))
    incidencias: list[Incidencia] = []
    for clave, destino, condicion in _llegadas(esc):
        dichas = list(condicion.menciones()) if condicion is not None else []
        for senal, texto, dicho in contestan.get(destino, []):
            if (condicion is not None and condicion.exige(senal)) or menciona(
                    dichas, dicho.split()):
                continue
            incidencias.append(doc.incidencia(clave, (
                f"se llega a «{destino}» sin exigir la señal «{senal}», pero su línea "
                f"«{_corto(texto)}» contesta a ella («{dicho}»): el cliente podría contestar "
                "a algo que nadie dijo"), "aviso"))
            break
    return incidencias


def abuso_no_reconocido(cargado: Cargado[Escenario]) -> list[Incidencia]:
    """Líneas cuya marca `abuso` no coincide con lo que detecta el calificador.

    El motor se fía de la marca, pero `simulador calificar` sobre la
    transcripción solo ve el texto: si no coinciden, las dos notas diferirían.
    """
    from simulador.rubricas import calificador_estandar

    calificador = calificador_estandar()
    esc, doc = cargado.modelo, cargado.documento
    incidencias: list[Incidencia] = []
    for nombre, nodo in esc.nodos.items():
        marcas = {linea.abuso for linea in nodo.dice}
        if len(marcas) > 1:
            incidencias.append(doc.incidencia(
                ("nodos", nombre, "dice"), "unas variantes están marcadas como abuso y otras "
                "no: el veredicto de cierre dependería de cuál salga al azar", "aviso"))
        for i, linea in enumerate(nodo.dice):
            detectado = calificador.turno_cliente(linea.texto).senales.get("abuso", False)
            if detectado != linea.abuso:
                que = ("está marcada como abuso pero el calificador no ve insultos en ella"
                       if linea.abuso else "el calificador ve insultos en esta línea, pero no "
                       "está marcada con «abuso: true»")
                incidencias.append(doc.incidencia(("nodos", nombre, "dice", i), que, "aviso"))
    return incidencias
