"""El calificador: una rúbrica compilada una vez que puntúa conversaciones.

Uso: `Calificador.desde_archivo(ruta)` o `Calificador(rubrica, version)`, y
luego `calificar(transcripcion)` devuelve el resultado del contrato de
shared/senales.md.
"""

from __future__ import annotations

import copy
import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from simulador.calificador.analisis import Analisis
from simulador.calificador.aprendido import ModeloAprendido, ModeloInvalido, ModeloRol
from simulador.calificador.cierre import veredicto_cierre
from simulador.calificador.compilado import Compilado, CopiaCompilada, CopiaInvalida
from simulador.calificador.criterios import nota
from simulador.calificador.escucha import ContextoEscucha, ModeloEscucha
from simulador.calificador.frases import Buscador, Coincidencia
from simulador.calificador.lenguaje import Lenguaje
from simulador.calificador.senales import (
    DetectorFrases,
    Evidencia,
    Regla,
    enlaces,
    evidencia,
    evidencias_directas,
    gritos,
)
from simulador.formatos.lexico import Lexico
from simulador.formatos.rubrica import DefinicionSenal, Rubrica
from simulador.formatos.senales import ACCION_TERMINAR, SENALES_AGENTE, SENALES_CLIENTE
from simulador.formatos.transcripcion import Transcripcion
from simulador.incidencias import ErrorDeArchivo, Incidencia, motivo_de_lectura, nombre_visible
from simulador.rutas import LEXICO_INCLUIDO, lexicos_incluidos
from simulador.texto import lista_palabras, normalizar

__all__ = ["Calificador", "Evidencia", "ResultadoTurno", "veredicto_cierre"]


# Una oración más corta («Hola, Ana.») no es una ayuda por sí sola.
_PALABRAS_ORACION_AYUDA = 3
_PALABRA = re.compile(r"[^\W_]+")  # como en simulador.texto
_BORDES_ORACION = " .!?;\n"
# Con menos raíces de contenido, una oración no se juzga como eco del cliente.
_RAICES_ECO = 3

# Una línea de guion es corta; un texto enorme no se guarda (20 000 de 50 KB serían 1 GB).
_LARGO_LINEA_GUARDADA = 2_000

# Lo que deja una línea del cliente: sus señales, su evidencia, las raíces que cuenta
# y sus palabras (para ver si la respuesta las recoge).
_AnalisisCliente = tuple[dict[str, bool], tuple[Evidencia, ...], frozenset[str],
                         tuple[str, ...], frozenset[str]]


@dataclass(slots=True)
class ResultadoTurno:
    rol: str
    senales: dict[str, bool]
    evidencias: list[Evidencia] = field(default_factory=list)
    # Oraciones distintas con la señal, para las que un criterio cuenta
    # (`completa_con`): ayudar en tres cosas concretas no es ayudar en una.
    unidades: dict[str, int] = field(default_factory=dict)

    def como_dict(self) -> dict[str, Any]:
        datos: dict[str, Any] = {"rol": self.rol, "senales": self.senales}
        if self.rol == "agente" or self.evidencias:
            datos["evidencias"] = [{"senal": s, "texto": t, "inicio": i, "fin": f}
                                   for s, t, i, f in self.evidencias]
        return datos


class Calificador:
    """Una rúbrica lista para puntuar miles de respuestas por segundo."""

    def __init__(self, rubrica: Rubrica, version: str,
                 modelo: ModeloAprendido | None = None, lexico: Lexico | None = None,
                 buscadores: tuple[Buscador, Buscador] | None = None) -> None:
        """`buscadores`: los autómatas ya compilados (de la copia guardada en la caché)."""
        self.rubrica = rubrica
        self.version = version
        self._poner_modelo(modelo)
        self.lenguaje = Lenguaje(lexico or lexico_incluido())
        self.detector = DetectorFrases(rubrica, self.lenguaje, buscadores)
        self.escucha = ModeloEscucha(rubrica.escucha, self.lenguaje.despliegue)
        self.senales_agente = [*SENALES_AGENTE, *(
            s for s, d in rubrica.senales.items()
            if d.rol == "agente" and s not in SENALES_AGENTE)]
        self.senales_cliente = [*SENALES_CLIENTE, *(
            s for s, d in rubrica.senales.items()
            if d.rol == "cliente" and s not in SENALES_CLIENTE)]
        # Qué etiquetas puede llevar el turno de cada rol (para revisar archivos etiquetados).
        self.senales_por_rol: dict[str, list[str]] = {"agente": self.senales_agente,
                                                      "cliente": self.senales_cliente}

        agente = {n: d for n, d in rubrica.senales.items() if d.rol == "agente"}
        # Las relaciones entre señales que declara la rúbrica (ver formatos/rubrica.py).
        self._gritonas = [(n, tuple(d.gritos_salvo_con)) for n, d in agente.items() if d.gritos]
        self._retiradas = [(n, tuple(d.retirada_por)) for n, d in agente.items()
                           if d.retirada_por]
        self._agente = [self.detector.regla(nombre) for nombre in agente]
        # Las que la rúbrica quiere a salvo de ecos, montones de palabras clave y listas.
        self._depuradas = [(n, d) for n, d in agente.items()
                           if d.eco_maximo or d.amontonadas_maximo]
        self._sin_listas = [n for n, d in agente.items() if d.no_en_listas]
        self._pedibles = [n for n, d in agente.items() if d.si_el_cliente_lo_pide]
        # Las señales que algún criterio cuenta por oraciones (ver Criterio.completa_con).
        self._por_oraciones = sorted({c.senal for c in rubrica.criterios.values()
                                      if c.senal and c.calculo == "presencia"
                                      and c.completa_con > 1})
        self._cliente = [(nombre, self.detector.regla(nombre) if nombre in rubrica.senales
                          else None) for nombre in self.senales_cliente]
        # Líneas distintas del cliente cuyo análisis se guarda: las de una biblioteca entera
        # de escenarios caben de sobra, y millones de líneas distintas no agotan la memoria.
        # Con 0 no se guarda ninguna (el banco de pruebas lo usa para medir sin ayuda).
        self.lineas_cliente_guardadas = 20_000
        self._clientes: dict[str, _AnalisisCliente] = {}

    def _poner_modelo(self, modelo: ModeloAprendido | None) -> None:
        self.modelo = modelo
        # Solo se aprende lo que dice el agente (ver simulador.entrenamiento.ROLES).
        self._aprendido: ModeloRol | None = modelo.rol("agente") if modelo else None

    def con_modelo(self, modelo: ModeloAprendido | None) -> Calificador:
        """La misma rúbrica compilada con otro modelo aprendido (o sin ninguno)."""
        otro = copy.copy(self)
        otro._poner_modelo(modelo)
        otro._clientes = {}  # cada calificador guarda sus propios análisis
        return otro

    @classmethod
    def desde_archivo(cls, ruta: Path, cache: Path | None = None,
                      aprendido: bool = True,
                      avisar: Callable[[str], None] | None = None) -> Calificador:
        """Carga y compila una rúbrica; con `cache`, reutiliza la compilación anterior.

        Compilar cuesta más de un segundo; cargar la copia guardada, unas
        centésimas. La copia lleva la huella de la rúbrica y del código que la
        compila, así que nunca se usa una compilación desfasada; una copia
        dañada se vuelve a compilar (y se le dice a `avisar`, si se da).
        """
        try:
            contenido = contenido_rubrica(ruta, aprendido)
        except OSError as exc:
            incidencia = Incidencia(nombre_visible(Path(exc.filename or ruta)),
                                    motivo_de_lectura(exc))
            raise ErrorDeArchivo([incidencia]) from None
        version = version_de(contenido)
        _, _, pesos = contenido.partition(_SEPARADOR_MODELO)
        copia = CopiaCompilada(cache, version) if cache else None
        if copia is not None:
            try:
                guardado = copia.leer()
            except CopiaInvalida as exc:
                guardado = None
                if avisar is not None:
                    avisar(f"aviso: la rúbrica compilada guardada en {copia.archivo} no vale "
                           f"({exc}); se vuelve a compilar")
            if guardado is not None:
                return cls(guardado.rubrica, version, guardado.modelo, guardado.lexico,
                           guardado.buscadores)
        # Solo para compilar hace falta leer YAML (unas centésimas de segundo al importar).
        from simulador.carga import validar_documento
        from simulador.carga.lector import leer_yaml

        cargada = validar_documento(leer_yaml(ruta), Rubrica)
        lexico = validar_documento(leer_yaml(ruta_del_lexico(ruta)), Lexico).modelo
        modelo = None
        if pesos:
            try:
                modelo = ModeloAprendido.desde_bytes(pesos)
            except ModeloInvalido as exc:
                incidencia = Incidencia(
                    nombre_visible(ruta_del_modelo(ruta)),
                    f"el modelo aprendido no es válido: {exc}; vuelva a crearlo con "
                    "«simulador entrenar» o bórrelo para calificar solo con las frases")
                raise ErrorDeArchivo([incidencia]) from None
        calificador = cls(cargada.modelo, version, modelo, lexico)
        if copia is not None:
            detector = calificador.detector
            copia.guardar(Compilado(cargada.modelo, lexico, modelo,
                                    (detector.buscador, detector.buscador_cliente)))
        return calificador

    def palabras(self, texto: str, rol: str = "agente") -> list[str]:
        """Las palabras normalizadas que lee el modelo, fuera de citas (para entrenar)."""
        return self.detector.analizar(texto, rol).palabras_propias()

    def contexto(self, puntos_clave: list[str] | None = None,
                 nombre_cliente: str | None = None) -> ContextoEscucha:
        """Lo que el cliente va contando; su nombre no cuenta como dato del problema."""
        return ContextoEscucha(self.escucha, list(puntos_clave or ()),
                               nombre=nombre_cliente or "")

    # --- turnos ---------------------------------------------------------------

    def turno_cliente(self, texto: str, contexto: ContextoEscucha | None = None
                      ) -> ResultadoTurno:
        """Señales de un turno del cliente; si se da el contexto, lo alimenta.

        Las líneas del cliente salen del guion de un escenario: las mismas se
        repiten en cada sesión de cada alumno. Por eso cada línea distinta se
        analiza una sola vez (el análisis solo depende del texto y la rúbrica).
        """
        guardado = self._clientes.get(texto)
        if guardado is None:
            guardado = self._analizar_cliente(texto)
        senales, evidencias, raices, palabras, pedidas = guardado
        if contexto is not None:
            contexto.anadir_raices(raices)
            contexto.memoria.anadir(palabras, texto)
            contexto.pedidas |= pedidas
        return ResultadoTurno("cliente", dict(senales), list(evidencias))

    def _pedidas(self, a: Analisis) -> frozenset[str]:
        """Las señales del agente que este mensaje del cliente pide que se cumplan
        («quiero darme de baja»): ver `DefinicionSenal.si_el_cliente_lo_pide`."""
        if not self._pedibles or not a.coincidencias:
            return frozenset()
        # Cada oración se mira una vez: un mensaje pegado de 100 KB sin puntos es una
        # sola oración con cientos de peticiones.
        oraciones: dict[tuple[int, int], bool] = {}
        return frozenset(nombre for nombre in self._pedibles
                         if any(self._pide(a, c, oraciones)
                                for c in a.grupo(f"{nombre}:pedida")))

    @staticmethod
    def _pide(a: Analisis, c: Coincidencia, oraciones: dict[tuple[int, int], bool]) -> bool:
        """Una petición de verdad: ni negada ni citada, ni en una pregunta («¿y si quisiera
        cancelar…?») ni bajo una condición («si no me lo arreglan, quiero cancelar»)."""
        if a.negado(c) or a.citado(c):
            return False
        tramo = a.oracion(c.inicio)
        afirma = oraciones.get(tramo)
        if afirma is None:
            oracion = a.normal[tramo[0]:tramo[1]]
            afirma = oraciones[tramo] = ("?" not in oracion
                                         and not oracion.lstrip(" ¿¡").startswith("si "))
        return afirma

    def _analizar_cliente(self, texto: str) -> _AnalisisCliente:
        a = self.detector.analizar(texto, "cliente")
        senales: dict[str, bool] = {}
        evidencias: list[Evidencia] = []
        for nombre, regla in self._cliente:
            validas = self.detector.validas(a, regla) if regla and a.coincidencias else []
            senales[nombre] = bool(validas)
            evidencias.extend(evidencia(a, nombre, c.inicio, c.fin) for c in validas)
        guardado = (senales, tuple(evidencias), self.escucha.raices_cliente(a),
                    tuple(a.texto.lista_palabras), self._pedidas(a))
        if self.lineas_cliente_guardadas > 0 and len(texto) <= _LARGO_LINEA_GUARDADA:
            if len(self._clientes) >= self.lineas_cliente_guardadas:
                self._clientes.clear()
            self._clientes[texto] = guardado
        return guardado

    def turno_agente(self, texto: str, contexto: ContextoEscucha,
                     nombre_cliente: str | None = None,
                     accion: str | None = None) -> ResultadoTurno:
        """Señales de una respuesta del agente, con su evidencia en el texto original.

        Con `accion="terminar"` el agente eligió terminar la relación: es `termina`
        lo diga como lo diga, y sus palabras se califican igual que las demás.
        """
        a = self.detector.analizar(texto)
        presentes = a.coincidencias.keys()
        tramos: dict[str, list[tuple[int, int]]] = {}
        # Lo que las reglas del formador descartaron tampoco lo pone el modelo (ver
        # `_descartada`).
        descartadas: set[str] = set()
        del_modelo: set[tuple[int, int]] = set()  # tramos que puso el modelo, no una frase
        for regla in self._agente:
            if regla.es_nombre:
                lista = _nombre(a, nombre_cliente)
            elif presentes.isdisjoint(regla.grupos):
                lista = []
            else:
                lista = [(c.inicio, c.fin) for c in self.detector.validas(a, regla)]
                if not lista and _descartada(a, regla):
                    descartadas.add(regla.nombre)
            if regla.con_breves:
                lista.extend(self._breves(a, regla))
            if lista:
                tramos[regla.nombre] = lista
        # Hacer lo que el cliente pidió (darle de baja, cancelar su reserva) no da la señal;
        # tras un aviso por su conducta, terminar ya no es cumplir lo que pidió.
        for nombre in () if contexto.avisado else contexto.pedidas:
            if not any(not a.negado(c) and not a.citado(c)
                       for c in a.grupo(f"{nombre}:aunque")):
                tramos.pop(nombre, None)
                descartadas.add(nombre)
        exigente = [t for senal in self.rubrica.escucha.exigente_con
                     for t in tramos.get(senal, ())]
        escucha = tramos.get("escucha", []) + contexto.coincidencias(a, exigente, bool(exigente))
        if "?" in texto:
            escucha.extend((c.inicio, c.fin) for c in a.grupo("escucha:pregunta"))
            if not exigente:
                escucha.extend(contexto.preguntas_concretas(a))
        if escucha:
            tramos["escucha"] = escucha
        for senal, por in self._retiradas:
            if tramos.get(senal):
                _retirar(a, tramos, senal, por)
        # Los gritos van aparte: sus tramos ya están en posiciones del texto original.
        gritados: dict[str, list[tuple[int, int]]] = {}
        if self._gritonas:
            tramos_gritos = gritos(texto)
            for senal, salvo in self._gritonas if tramos_gritos else ():
                pegadas = [t for s in salvo for t in tramos.get(s, ())]
                propios = _sin_pegados(a, texto, tramos_gritos, pegadas) if pegadas \
                    else tramos_gritos
                if propios:
                    gritados[senal] = propios
        # Una respuesta que es una lista de palabras clave («Reembolso. Abono. Técnico.
        # Hoy mismo.») no da las señales que lo piden (`no_en_listas`), ni por sus
        # frases ni por el modelo.
        palabras = a.palabras_propias()
        if self._sin_listas and self.lenguaje.es_lista(palabras):
            descartadas.update(self._sin_listas)
            for nombre in self._sin_listas:
                tramos.pop(nombre, None)
        aprendido = self._aprendido
        if aprendido is not None:
            # Lo que las frases no alcanzan lo añade el modelo; en las señales en que
            # decide (lo eligió el entrenamiento), también puede quitar lo que dieron.
            disparadas = {n for n, lista in tramos.items() if lista}
            disparadas.update(gritados)
            if accion == ACCION_TERMINAR:
                disparadas.add("termina")
            for nombre, presente in aprendido.decisiones(
                    palabras, texto, contexto.memoria, disparadas, self.lenguaje).items():
                if presente and nombre not in disparadas and nombre not in descartadas:
                    tramo = _tramo_aprendido(a, aprendido, nombre)
                    tramos[nombre] = [tramo]
                    del_modelo.add(tramo)
                elif not presente and nombre in disparadas:
                    tramos.pop(nombre, None)
                    gritados.pop(nombre, None)
        for nombre in self._por_oraciones:
            if tramos.get(nombre):
                self._oraciones_del_modelo(a, texto, nombre, tramos, contexto, del_modelo)
        if self._depuradas:
            self._depurar(a, tramos, contexto, del_modelo)
        unidades = {nombre: _unidades(a, tramos[nombre])
                    for nombre in self._por_oraciones if tramos.get(nombre)}
        resultado = ResultadoTurno("agente", dict.fromkeys(self.senales_agente, False),
                                   unidades=unidades)
        for nombre in gritados:
            tramos.setdefault(nombre, [])
        senales = resultado.senales
        todas = resultado.evidencias
        identico = a.texto.identico
        for nombre, propios in tramos.items():
            if len(propios) > 1:
                propios = sorted(set(propios))
            if identico:  # sin ediciones: las posiciones ya son las del original
                evidencias = evidencias_directas(nombre, texto, propios)
            else:
                evidencias = evidencias_directas(nombre, texto,
                                                 a.texto.a_original_varios(propios))
            if nombre in gritados:
                evidencias.extend(evidencias_directas(nombre, texto, gritados[nombre]))
            if evidencias:
                senales[nombre] = True
                todas.extend(evidencias)
        if senales.get("advierte"):
            contexto.avisado = True
        if accion == ACCION_TERMINAR and not senales.get("termina"):
            senales["termina"] = True
            todas.extend(evidencias_directas("termina", texto, [_entero(texto)]))
        return resultado

    def _oraciones_del_modelo(self, a: Analisis, texto: str, senal: str,
                              tramos: dict[str, list[tuple[int, int]]],
                              contexto: ContextoEscucha,
                              del_modelo: set[tuple[int, int]]) -> None:
        """Añade a `tramos` cada oración sin evidencia que el modelo ve por sí sola con
        la señal: para contar cuántas ayudas trae la respuesta, cada una con su evidencia."""
        modelo = self._aprendido
        if modelo is None or len(a.oraciones) < 2:
            return
        propios = tramos[senal]
        con = {a.oracion(i) for i, _ in propios}
        candidatas: list[tuple[tuple[int, int], list[str]]] = []
        for oracion in a.oraciones:
            if oracion in con:
                continue
            palabras = lista_palabras(a.normal[oracion[0]:oracion[1]])
            if len(palabras) >= _PALABRAS_ORACION_AYUDA:
                candidatas.append((oracion, palabras))
        # Todas al texto original de una vez: un texto pegado tiene miles de oraciones.
        originales = a.texto.a_original_varios([oracion for oracion, _ in candidatas])
        # Un texto pegado repite sus oraciones: la misma oración (igual en el normalizado
        # y en el original) da lo mismo, y su evidencia cae en el mismo sitio dentro de
        # ella. Se mira una vez por respuesta.
        vistas: dict[tuple[str, str], tuple[int, int] | None] = {}
        for (oracion, palabras), (o_inicio, o_fin) in zip(candidatas, originales, strict=True):
            inicio = oracion[0]
            clave = (a.normal[inicio:oracion[1]], texto[o_inicio:o_fin])
            if clave in vistas:
                relativo = vistas[clave]
            else:
                relativo = None
                if modelo.da(senal, palabras, clave[1], contexto.memoria, self.lenguaje):
                    t_inicio, t_fin = _tramo_aprendido(a, modelo, senal, oracion)
                    relativo = (t_inicio - inicio, t_fin - inicio)
                vistas[clave] = relativo
            if relativo is not None:
                tramo = (inicio + relativo[0], inicio + relativo[1])
                propios.append(tramo)
                del_modelo.add(tramo)

    def _depurar(self, a: Analisis, tramos: dict[str, list[tuple[int, int]]],
                 contexto: ContextoEscucha, del_modelo: set[tuple[int, int]]) -> None:
        """Quita la evidencia de las oraciones que no valen para su señal: las que
        amontonan palabras clave y aquellas en que solo el modelo vio la señal y que
        repiten lo que dijo el cliente (ver `eco_maximo` y `amontonadas_maximo` en
        la rúbrica). Una frase de la rúbrica en una oración que recoge los datos del
        cliente sigue valiendo: «le devuelvo los 45 € del cobro» usa sus palabras y es
        ayuda."""
        for nombre, definicion in self._depuradas:
            propios = tramos.get(nombre)
            if not propios:
                continue
            por_oracion: dict[tuple[int, int], list[tuple[int, int]]] = {}
            for tramo in propios:
                por_oracion.setdefault(a.oracion(tramo[0]), []).append(tramo)
            # Se cuentan las frases distintas: «lo siento, lo siento» es una sola.
            quedan = [tramo for oracion, lista in por_oracion.items()
                      if self._vale_la_oracion(a, oracion, definicion,
                                               len({a.normal[i:f] for i, f in lista}),
                                               contexto, del_modelo.issuperset(lista))
                      for tramo in lista]
            if quedan:
                tramos[nombre] = quedan
            else:
                del tramos[nombre]

    def _vale_la_oracion(self, a: Analisis, oracion: tuple[int, int],
                         definicion: DefinicionSenal, cuantas: int,
                         contexto: ContextoEscucha, solo_modelo: bool) -> bool:
        if definicion.amontonadas_maximo is not None and cuantas > definicion.amontonadas_maximo:
            return False
        eco = definicion.eco_maximo if solo_modelo else None
        if eco is not None and contexto.raices:
            raices = self.escucha.raices_de(lista_palabras(a.normal[oracion[0]:oracion[1]]))
            repetidas = len(raices & contexto.raices)
            if len(raices) >= _RAICES_ECO and repetidas >= eco * len(raices):
                return False
        return True

    def _breves(self, a: Analisis, regla: Regla) -> list[tuple[int, int]]:
        """Enlaces o remisiones a la ayuda que sustituyen a la respuesta."""
        remisiones = a.coincidencias.get(regla.breve)
        candidatos = [(c.inicio, c.fin) for c in remisiones
                      if not a.negado(c) and not a.citado(c)] if remisiones else []
        definicion = regla.definicion
        if definicion.enlaces:
            candidatos.extend(enlaces(a.normal, self.lenguaje))
        if not candidatos:
            return candidatos
        # Un enlace dentro de una pregunta («¿tu web es x.com?») no sustituye a nada.
        candidatos = [(i, f) for i, f in candidatos if "?" not in a.normal[slice(*a.oracion(i))]]
        if not candidatos or a.grupo(regla.respuesta):
            return []
        ocupadas = {a.oracion(i) for i, _ in candidatos}
        resto = sum(len(a.normal[ini:fin].split())
                    for ini, fin in a.oraciones if (ini, fin) not in ocupadas)
        return candidatos if resto < definicion.palabras_respuesta_completa else []

    # --- conversaciones -------------------------------------------------------

    def calificar(self, transcripcion: Transcripcion) -> dict[str, Any]:
        contexto = self.contexto(transcripcion.puntos_clave, transcripcion.nombre_cliente)
        resultados: list[ResultadoTurno] = []
        for turno in transcripcion.turnos:
            if turno.rol == "cliente":
                resultados.append(self.turno_cliente(turno.texto, contexto))
            else:
                resultados.append(self.turno_agente(
                    turno.texto, contexto, transcripcion.nombre_cliente, turno.accion))
        return self.resultado(transcripcion.id, resultados, transcripcion.cierre_justificado,
                              transcripcion.final)

    def resultado(self, ident: str, resultados: list[ResultadoTurno],
                  justificado: bool = False, final: str | None = None) -> dict[str, Any]:
        pares = [(r.rol, r.senales) for r in resultados]
        veredicto = veredicto_cierre(pares, justificado, self.rubrica.advertencias_requeridas)
        unidades = [r.unidades for r in resultados] if self._por_oraciones else None
        calculada = nota(self.rubrica, pares, veredicto, unidades)
        return {
            "id": ident,
            "puntaje": calculada.puntaje,
            "criterios": calculada.criterios,
            "aprobado": calculada.aprobado and not self.rubrica.suspende_por_final(final),
            "criticos_fallidos": calculada.criticos_fallidos,
            "rubrica": {"id": self.rubrica.id, "version": self.version},
            "cierre": veredicto,
            "turnos": [r.como_dict() for r in resultados],
        }


def ruta_del_modelo(rubrica: Path) -> Path:
    """El modelo aprendido de una rúbrica vive a su lado: `estandar.yaml` →
    `estandar.modelo.json.gz`."""
    return rubrica.with_name(f"{rubrica.stem}.modelo.json.gz")


def ruta_del_lexico(rubrica: Path) -> Path:
    """El léxico de una rúbrica: `estandar.lexico.yaml` a su lado, o el incluido."""
    propio = rubrica.with_name(f"{rubrica.stem}.lexico.yaml")
    return propio if propio.is_file() else lexicos_incluidos() / LEXICO_INCLUIDO


@cache
def lexico_incluido() -> Lexico:
    """El léxico incluido, para un calificador creado sin archivo (p. ej. en pruebas)."""
    from simulador.carga import cargar

    return cargar(lexicos_incluidos() / LEXICO_INCLUIDO, Lexico).modelo


# Una rúbrica se guarda (historial) y se identifica (huella) como un solo contenido:
# el YAML, su léxico y, si lo tiene, su modelo, cada uno tras su separador.
_SEPARADOR_LEXICO = b"\n#\x00lexico\x00\n"
_SEPARADOR_MODELO = b"\n#\x00modelo-aprendido\x00\n"


def contenido_rubrica(ruta: Path, aprendido: bool = True) -> bytes:
    """Lo que define una rúbrica: su archivo, su léxico y, si lo tiene al lado, su modelo."""
    contenido = ruta.read_bytes() + _SEPARADOR_LEXICO + ruta_del_lexico(ruta).read_bytes()
    modelo = ruta_del_modelo(ruta)
    if aprendido and modelo.is_file():
        pesos = modelo.read_bytes()
        if not pesos:  # un entrenamiento cortado: mejor decirlo que calificar sin él
            raise ErrorDeArchivo([Incidencia(
                nombre_visible(modelo), "el modelo aprendido está vacío; vuelva a crearlo "
                "con «simulador entrenar» o bórrelo para calificar solo con las frases")])
        contenido += _SEPARADOR_MODELO + pesos
    return contenido


def escribir_rubrica(contenido: bytes, ruta: Path) -> None:
    """Lo contrario de `contenido_rubrica`: deja la rúbrica, su léxico y su modelo en `ruta`."""
    resto, _, modelo = contenido.partition(_SEPARADOR_MODELO)
    rubrica, _, lexico = resto.partition(_SEPARADOR_LEXICO)
    ruta.write_bytes(rubrica)
    if lexico:
        ruta.with_name(f"{ruta.stem}.lexico.yaml").write_bytes(lexico)
    if modelo:
        ruta_del_modelo(ruta).write_bytes(modelo)


def _unidades(a: Analisis, propios: list[tuple[int, int]]) -> int:
    """Cuántas cosas distintas trae la evidencia de una señal: cada frase en su oración.

    La misma oración repetida cuenta una vez: repetir no es ayudar más.
    """
    return len({(a.normal[slice(*a.oracion(i))].strip(_BORDES_ORACION), a.normal[i:f])
                for i, f in propios})


def _tramo_aprendido(a: Analisis, modelo: ModeloRol, senal: str,
                     oracion: tuple[int, int] | None = None) -> tuple[int, int]:
    """Las palabras que más pesaron, en la oración que más empuja hacia la señal
    (o en la oración dada)."""
    pesos: list[float] | None = None
    if oracion is None:
        todas = a.texto.lista_palabras
        if not todas:
            return 0, len(a.normal)
        pesos_todas = modelo.peso_palabras(todas, senal)
        # Las palabras de cada oración son un tramo seguido de la lista (ninguna cruza el
        # final de una oración): basta contarlas. Un texto pegado repite sus oraciones,
        # así que cada oración distinta se cuenta una vez.
        normal = a.normal
        cuantas: dict[str, int] = {}
        desde = hasta = k = 0
        mejor_suma = float("-inf")
        elegida = (0, len(normal))  # alguna oración tiene palabras: se sustituye
        for inicio, fin in a.oraciones:
            trozo = normal[inicio:fin]
            n = cuantas.get(trozo)
            if n is None:
                n = cuantas[trozo] = len(lista_palabras(trozo))
            if n:
                suma = sum(peso for peso in pesos_todas[k:k + n] if peso > 0)
                if suma > mejor_suma:
                    desde, hasta, mejor_suma, elegida = k, k + n, suma, (inicio, fin)
                k += n
        pesos = pesos_todas[desde:hasta]
        oracion = elegida
    # Solo las palabras de la oración, buscadas en ella: no hace falta trocear los
    # 100 KB de un texto pegado para señalar unas pocas.
    palabras = [(m.group(), m.start(), m.end())
                for m in _PALABRA.finditer(a.normal, oracion[0], oracion[1])]
    if not palabras:
        return oracion
    if pesos is None:
        pesos = modelo.peso_palabras([p for p, _, _ in palabras], senal)
    mejor = [(peso, i, f) for (_, i, f), peso in zip(palabras, pesos, strict=True)]
    tope = max(peso for peso, _, _ in mejor)
    fuertes = [(i, f) for peso, i, f in mejor if peso >= tope / 2] or [mejor[0][1:]]
    return fuertes[0][0], fuertes[-1][1]


def version_de(contenido: bytes) -> str:
    """Huella de la rúbrica: notas de rúbricas distintas no se comparan por error."""
    return hashlib.sha256(contenido).hexdigest()[:8]


_FIN_DE_FRASE = re.compile(r"[.?!;\n]")


def _hay_desde(ordenados: list[int], desde: int, hasta: int) -> bool:
    """¿Hay algún valor de la lista ordenada en [desde, hasta)?"""
    i = bisect_left(ordenados, desde)
    return i < len(ordenados) and ordenados[i] < hasta


class _Tramos:
    """Tramos (inicio, fin) ordenados para preguntar por vecinos sin recorrerlos todos."""

    def __init__(self, tramos: list[tuple[int, int]]) -> None:
        por_inicio = sorted(tramos)
        self.inicios = [i for i, _ in por_inicio]
        self.max_fin: list[int] = []  # el mayor fin entre los que empiezan hasta aquí
        for _, fin in por_inicio:
            self.max_fin.append(max(fin, self.max_fin[-1]) if self.max_fin else fin)
        por_fin = sorted(tramos, key=lambda t: t[1])
        self.fines = [f for _, f in por_fin]
        self.min_inicio: list[int] = [0] * len(por_fin)  # el menor inicio desde aquí
        menor = None
        for k in range(len(por_fin) - 1, -1, -1):
            menor = por_fin[k][0] if menor is None else min(menor, por_fin[k][0])
            self.min_inicio[k] = menor

    def solapa(self, inicio: int, fin: int) -> bool:
        k = bisect_left(self.inicios, fin)
        return k > 0 and self.max_fin[k - 1] > inicio

    def antes(self, posicion: int) -> int | None:
        """El mayor fin de los tramos que acaban en `posicion` o antes."""
        k = bisect_right(self.fines, posicion)
        return self.fines[k - 1] if k else None

    def despues(self, posicion: int) -> int | None:
        """El menor inicio de los tramos que acaban después de `posicion`."""
        k = bisect_right(self.fines, posicion)
        return self.min_inicio[k] if k < len(self.fines) else None


def _descartada(a: Analisis, regla: Regla) -> bool:
    """¿Descartó el formador la señal en esta respuesta, aunque no valga ninguna frase?

    Sí si una frase suya aparece bajo una negación («no le podemos devolver el dinero»)
    o, con `anulan_al_modelo`, si aparece una de sus anulaciones («lo tendré en cuenta»).
    """
    definicion = regla.definicion
    if definicion.anulan_al_modelo and a.grupo(regla.anulan):
        return True
    return (definicion.negacion and not a.sin_negaciones
            and any(map(a.negado, a.grupo(regla.nombre))))


def _retirar(a: Analisis, tramos: dict[str, list[tuple[int, int]]], senal: str,
             por: tuple[str, ...]) -> None:
    """Quita los tramos de `senal` que otra señal retira después en su mismo ámbito.

    Una disculpa que se retira culpando al cliente no lo es: en su misma frase (o es
    ella misma el sarcasmo: «perdone usted, majestad»), o con un «pero» detrás y el
    reproche más adelante («Disculpá, pero… Fijate antes»). Con los tramos que retiran
    ordenados, cada uno se mira en tiempo logarítmico: 100 KB no deben costar segundos.
    """
    inicios = sorted(i for s in por for i, _ in tramos.get(s, ()))
    if not inicios:
        return
    ultimo = inicios[-1]
    contraste = a.lenguaje.contraste_detras
    tramos[senal] = [(i, f) for i, f in tramos[senal]
                     if not _hay_desde(inicios, i, a.ambito(i)[1])
                     and not (ultimo >= f and contraste.match(a.normal, f))]


def _sin_pegados(a: Analisis, texto: str, gritados: list[tuple[int, int]],
                 pegadas: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Los gritos que no son la propia frase de otra señal ni van pegados a ella
    («¡¡PERDÓN!!» no es gritarle al cliente)."""
    originales = _Tramos([a.texto.a_original(i, f) for i, f in pegadas])
    return [(i, f) for i, f in gritados
            if not originales.solapa(i, f) and not _pegado_a(texto, i, f, originales)]


def _pegado_a(texto: str, inicio: int, fin: int, otras: _Tramos) -> bool:
    """«¡¡Mil disculpas!!»: los signos de exclamación de la misma frase que otra señal.

    Basta mirar la más cercana por cada lado: si entre ella y los signos hay un fin
    de frase, también lo hay con cualquier otra más lejana.
    """
    if texto[inicio:fin].strip("!¡"):
        return False  # mayúsculas sostenidas: eso sí es gritar
    previa = otras.antes(inicio)
    if previa is not None and not _FIN_DE_FRASE.search(texto, previa, inicio):
        return True
    siguiente = otras.despues(inicio)
    return siguiente is not None and not _FIN_DE_FRASE.search(texto, fin, max(fin, siguiente))


def _entero(texto: str) -> tuple[int, int]:
    """El tramo del texto sin los blancos de los extremos (la despedida entera)."""
    inicio = len(texto) - len(texto.lstrip())
    return inicio, max(inicio, len(texto.rstrip()))


def _nombre(a: Analisis, nombre: str | None) -> list[tuple[int, int]]:
    if not nombre:
        return []
    pila = normalizar(nombre, a.lenguaje.despliegue).split()
    if not pila or pila[0] not in a.texto.lista_palabras:
        return []
    buscado = pila[0]
    return [(i, f) for palabra, i, f in a.palabras() if palabra == buscado]
