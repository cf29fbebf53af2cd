"""Una sesión de práctica: respuesta del agente → señales → transición → línea del cliente.

No tiene interfaz: la TUI, la CLI y las pruebas llaman a los mismos métodos
(`iniciar`, `responder`, `terminar_relacion`, `comprobar_silencio`) y pintan
los eventos que devuelven. El azar (qué variante dice el cliente) sale de
la semilla y el tiempo de un reloj inyectado: la misma semilla y las mismas
respuestas dan la misma sesión.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from simulador.calificador import Calificador, Evidencia, ResultadoTurno, veredicto_cierre
from simulador.calificador.cierre import ignora_un_insulto
from simulador.formatos.escenario import Escenario, Linea
from simulador.formatos.senales import ACCION_TERMINAR
from simulador.motor import grafo
from simulador.motor.comentarios import comentar
from simulador.motor.eventos import (
    CambioEnfado,
    Comentario,
    Evento,
    Final,
    Insistencia,
    LineaCliente,
    MotivoEnfado,
    MotivoFinal,
    Valoracion,
)
from simulador.motor.grafo import ErrorDeSesion
from simulador.motor.necesidades import JuezNecesidades
from simulador.motor.reloj import Reloj, RelojSistema
from simulador.motor.resultado import Resultado, calcular_resultado
from simulador.motor.transcripcion import puntos_clave_planos, transcripcion
from simulador.motor.turnos import MODOS, FichaSesion, Modo, Origen, TurnoSesion

# La «señal» de los comentarios sobre las necesidades del cliente (no es de la rúbrica).
SENAL_NECESIDAD = "necesidad"

# Lo que dice el cliente si el agente termina y el escenario no prevé nada.
DESPEDIDA_GENERICA = "Muy bien. Adiós."
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff"


class SesionTerminada(ErrorDeSesion):
    """Se intentó responder en una conversación que ya acabó."""


class RespuestaVacia(ErrorDeSesion, ValueError):
    """Una respuesta sin texto no se envía."""


def es_vacia(texto: str) -> bool:
    """Sin nada visible: espacios, saltos de línea o caracteres invisibles."""
    return not texto.strip().strip(_INVISIBLES).strip()


class Sesion:
    """El estado completo de una sesión y las acciones del agente sobre ella."""

    def __init__(self, escenario: Escenario, calificador: Calificador, *, semilla: int = 0,
                 modo: Modo = "practica", agente: str = "", equipo: str = "",
                 reloj: Reloj | None = None) -> None:
        if modo not in MODOS:
            raise ValueError(f"modo desconocido: {modo!r} (use «practica» o «examen»)")
        self.escenario = escenario
        self.calificador = calificador
        self.semilla = semilla
        self.modo: Modo = modo
        self.agente = agente
        self.equipo = equipo
        self.reloj: Reloj = reloj if reloj is not None else RelojSistema()
        self.turnos: list[TurnoSesion] = []
        self.eventos: list[Evento] = []
        self.enfado = escenario.cliente.enfado_inicial
        self.nodo_actual = escenario.inicio
        self.final: Final | None = None
        self.inicio: datetime | None = None
        self._azar = random.Random(semilla)
        self._contexto = calificador.contexto(puntos_clave_planos(escenario),
                                              escenario.cliente.nombre)
        self._juez = JuezNecesidades(escenario, calificador)
        # Las necesidades del cliente que ya atendió alguna respuesta (ver `necesidades`).
        self.atendidas: set[str] = set()
        self._anotado = escenario.tiene_abuso
        self._origen_reloj = 0.0
        self._ultima_linea = 0.0  # cuándo habló el cliente por última vez
        self._pausa: float | None = None  # desde cuándo tapa un diálogo la conversación

    # --- consultas ------------------------------------------------------------

    @property
    def iniciada(self) -> bool:
        return self.inicio is not None

    @property
    def terminada(self) -> bool:
        return self.final is not None

    @property
    def respuestas(self) -> list[TurnoSesion]:
        return [t for t in self.turnos if t.rol == "agente"]

    @property
    def ident(self) -> str:
        return f"{self.escenario.id}-s{self.semilla}"

    @property
    def ficha(self) -> FichaSesion:
        return FichaSesion(self.ident, self.semilla, self.modo, self.agente, self.equipo,
                           self.inicio)

    def segundos(self) -> float:
        """Segundos transcurridos desde el inicio, según el reloj de la sesión."""
        return self.reloj.ahora() - self._origen_reloj

    def _ahora(self) -> float:
        """El reloj de la conversación: con un diálogo encima, parado donde se abrió."""
        return self._pausa if self._pausa is not None else self.segundos()

    def segundos_para_silencio(self) -> float | None:
        """Cuánto falta para que el cliente insista si nadie contesta (None: nunca)."""
        if not self.iniciada or self.terminada:
            return None
        config = grafo.silencio(self.escenario, self.nodo_actual)
        if config is None:
            return None
        ahora = self._ahora()
        return max(0.0, self._ultima_linea + config.segundos - ahora)

    def segundos_sin_responder(self) -> float:
        """Desde la última línea del cliente, sin contar las pausas (lo que ve el alumno)."""
        if not self.iniciada:
            return 0.0
        ahora = self._ahora()
        return max(0.0, ahora - self._ultima_linea)

    @property
    def en_pausa(self) -> bool:
        return self._pausa is not None

    def pausar(self) -> None:
        """Un diálogo tapa la conversación (la despedida, la ayuda, una confirmación): el
        cliente no cuenta ese tiempo como silencio ni como tiempo de respuesta."""
        if self._pausa is None and self.iniciada and not self.terminada:
            self._pausa = self.segundos()

    def reanudar(self) -> None:
        """La conversación vuelve a estar a la vista: el silencio sigue donde se quedó."""
        if self._pausa is not None:
            self._ultima_linea += max(0.0, self.segundos() - self._pausa)
            self._pausa = None

    def resultado(self) -> Resultado:
        """Nota, cierre, final, comentarios por turno y lecciones (también a medias)."""
        return calcular_resultado(self.escenario, self.calificador, self.ficha, self.turnos,
                                  self.final, self.enfado)

    def cierre_si_termina(self) -> str:
        """El veredicto de cierre si el agente terminara ahora la relación: lo que se le
        aconseja antes de escribir la despedida (avisar antes, o que es el momento)."""
        # Una despedida cortés cualquiera: importa cuándo se termina, no con qué palabras.
        final = self.calificador.turno_agente("Que tenga un buen día.",
                                              self.calificador.contexto(),
                                              accion=ACCION_TERMINAR)
        pares = [(t.rol, t.senales) for t in self.turnos] + [("agente", final.senales)]
        return veredicto_cierre(pares, self.escenario.cierre_justificado,
                                self.calificador.rubrica.advertencias_requeridas)

    def transcripcion(self) -> dict[str, object]:
        """La sesión como transcripción de shared/senales.md (la que lee `calificar`)."""
        return transcripcion(self.escenario, self.ficha, self.turnos, self.final)

    # --- acciones -------------------------------------------------------------

    def iniciar(self) -> list[Evento]:
        """El cliente abre la conversación con la línea del nodo de inicio."""
        if self.iniciada:
            raise ErrorDeSesion("la sesión ya está iniciada")
        grafo.nodo(self.escenario, self.escenario.inicio, ("inicio",))
        self.inicio = self.reloj.fecha()
        self._origen_reloj = self.reloj.ahora()
        eventos: list[Evento] = []
        self._entrar(self.escenario.inicio, "transicion", eventos)
        return self._publicar(eventos)

    def responder(self, texto: str) -> list[Evento]:
        """El agente envía una respuesta: se califica y el cliente reacciona."""
        calificacion = self._calificar(texto)
        numero = len(self.respuestas) + 1
        nuevas = self._juez.atendidas(texto, calificacion) - self.atendidas
        # Primero se decide adónde va (si el escenario está roto, la sesión no cambia).
        # Las palabras de la respuesta solo hacen falta si el nodo pregunta por ellas.
        palabras = (frozenset(self.calificador.palabras(texto))
                    if grafo.menciones(self.escenario, self.nodo_actual) else frozenset())
        salto = grafo.siguiente(self.escenario, self.nodo_actual, calificacion.senales,
                                self.enfado, numero, self.atendidas | nuevas, palabras)
        self.atendidas |= nuevas
        eventos: list[Evento] = []
        turno = self._registrar_respuesta(texto, calificacion, "respuesta", eventos, nuevas)
        self._mover_enfado(salto.enfado, "respuesta", eventos)
        turno.enfado = self.enfado
        self._ir(salto.destino, "transicion", eventos)
        return self._publicar(eventos)

    def terminar_relacion(self, despedida: str) -> list[Evento]:
        """El agente termina la relación con una despedida, que se califica como las demás."""
        calificacion = self._calificar(despedida, ACCION_TERMINAR)
        destino = grafo.al_terminar(self.escenario, self.nodo_actual)
        eventos: list[Evento] = []
        self._registrar_respuesta(despedida, calificacion, "terminar", eventos)
        if destino is None:
            self._decir(Linea(texto=DESPEDIDA_GENERICA), None, "despedida", eventos)
            self._acabar(Final("relacion_terminada", None, "terminar"), eventos)
        else:
            self._entrar(destino, "terminar", eventos, tipo_forzado=True)
        return self._publicar(eventos)

    def esperar(self, segundos: float) -> list[Evento]:
        """El agente se queda callado `segundos`: se adelanta el reloj y el cliente insiste
        si toca (lo que hace `/esperar` en un guion)."""
        self.reloj.avanzar(segundos)
        return self.comprobar_silencio()

    def comprobar_silencio(self) -> list[Evento]:
        """Si ha pasado el tiempo de silencio sin respuesta, el cliente insiste (quizá varias
        veces). La interfaz lo llama cada poco; un guion, después de adelantar el reloj."""
        eventos: list[Evento] = []
        while not self.terminada and self.iniciada and self._pausa is None:
            config = grafo.silencio(self.escenario, self.nodo_actual)
            if config is None or self.segundos() < self._ultima_linea + config.segundos:
                break
            momento = self._ultima_linea + config.segundos
            nodo = self.nodo_actual
            destino = grafo.destino_silencio(self.escenario, nodo)
            linea = self._azar.choice(config.dice)
            turno = self._decir(linea, nodo, "silencio", eventos, momento=momento)
            eventos.append(Insistencia(linea.texto, nodo, turno.senales.get("abuso", False),
                                       len(self.turnos) - 1, config.segundos))
            self._mover_enfado(config.enfado, "silencio", eventos)
            turno.enfado = self.enfado
            if destino is not None:
                self._ir(destino, "silencio", eventos)
            elif (limite := grafo.al_limite(self.escenario, self.enfado)) is not None:
                self._entrar(limite, "limite_enfado", eventos)
        return self._publicar(eventos)

    # --- internas -------------------------------------------------------------

    def _publicar(self, eventos: list[Evento]) -> list[Evento]:
        self.eventos.extend(eventos)
        return eventos

    def _calificar(self, texto: str, accion: str | None = None) -> ResultadoTurno:
        if not self.iniciada:
            raise ErrorDeSesion("la sesión no ha empezado: llame antes a iniciar()")
        if self.terminada:
            raise SesionTerminada("la conversación ya ha terminado")
        if es_vacia(texto):
            raise RespuestaVacia("la respuesta está vacía: no se envía")
        self.reanudar()  # quien responde tiene la conversación delante
        return self.calificador.turno_agente(texto, self._contexto,
                                             self.escenario.cliente.nombre, accion)

    def _registrar_respuesta(self, texto: str, calificacion: ResultadoTurno, origen: Origen,
                             eventos: list[Evento],
                             atiende: set[str] | None = None) -> TurnoSesion:
        anteriores = [t.calificacion for t in self.respuestas]
        momento = self.segundos()
        turno = TurnoSesion("agente", texto, momento, calificacion, self.enfado,
                            self.nodo_actual, origen, numero=len(anteriores) + 1,
                            segundos_respuesta=max(0.0, momento - self._ultima_linea),
                            fecha=self._fecha(momento), atiende=sorted(atiende or ()))
        self.turnos.append(turno)
        if self.modo == "practica":
            pares = [(t.rol, t.senales) for t in self.turnos]
            comentarios = comentar(self.calificador.rubrica, calificacion, anteriores,
                                   ignora_un_insulto(pares, len(pares) - 1))
            eventos.append(Valoracion(turno.numero or 0, dict(calificacion.senales),
                                      comentarios + self._sobre_necesidades(atiende or set())))
        return turno

    def _sobre_necesidades(self, atiende: set[str]) -> tuple[Comentario, ...]:
        """Qué necesidad del cliente atendió la respuesta y cuáles siguen pendientes."""
        necesidades = {nombre: _en_minuscula(n.descripcion)
                       for nombre, n in self.escenario.necesidades.items()}
        return tuple(
            Comentario(SENAL_NECESIDAD, "bien", f"atiende lo que necesita el cliente: "
                       f"{descripcion}") if nombre in atiende
            else Comentario(SENAL_NECESIDAD, "falta", f"el cliente aún necesita: {descripcion}")
            for nombre, descripcion in necesidades.items()
            if nombre in atiende or nombre not in self.atendidas)

    def _mover_enfado(self, cambio: int, motivo: MotivoEnfado, eventos: list[Evento]) -> None:
        antes = self.enfado
        self.enfado = min(100, max(0, antes + cambio))
        if self.enfado != antes:
            eventos.append(CambioEnfado(antes, self.enfado, motivo))

    def _ir(self, destino: str, motivo: MotivoFinal, eventos: list[Evento]) -> None:
        """Pasa a `destino`, salvo que el enfado haya llegado al límite y no sea un final."""
        limite = grafo.al_limite(self.escenario, self.enfado)
        if limite is not None and not grafo.nodo(self.escenario, destino).es_final:
            self._entrar(limite, "limite_enfado", eventos)
        else:
            self._entrar(destino, motivo, eventos)

    def _entrar(self, nombre: str, motivo: MotivoFinal, eventos: list[Evento],
                tipo_forzado: bool = False) -> None:
        nodo = grafo.nodo(self.escenario, nombre)
        self.nodo_actual = nombre
        self._decir(self._azar.choice(nodo.dice), nombre, "nodo", eventos)
        if tipo_forzado:
            self._acabar(Final("relacion_terminada", nombre, motivo), eventos)
        elif nodo.final is not None:
            self._acabar(Final(nodo.final, nombre, motivo), eventos)

    def _decir(self, linea: Linea, nodo: str | None, origen: Origen, eventos: list[Evento],
               momento: float | None = None) -> TurnoSesion:
        """El cliente dice una línea: se registra como turno y se califica (abuso)."""
        calificacion = self.calificador.turno_cliente(linea.texto, self._contexto)
        if self._anotado:
            # Las marcas del escenario mandan; la detección solo cuando no hay ninguna.
            calificacion.senales["abuso"] = linea.abuso
            if linea.abuso and not any(e.senal == "abuso" for e in calificacion.evidencias):
                calificacion.evidencias.append(
                    Evidencia("abuso", linea.texto, 0, len(linea.texto)))
            elif not linea.abuso:
                calificacion.evidencias = [e for e in calificacion.evidencias
                                           if e.senal != "abuso"]
        cuando = self.segundos() if momento is None else momento
        turno = TurnoSesion("cliente", linea.texto, cuando, calificacion, self.enfado, nodo,
                            origen, fecha=self._fecha(cuando))
        self.turnos.append(turno)
        self._ultima_linea = cuando
        if origen != "silencio":  # la insistencia tiene su propio evento
            eventos.append(LineaCliente(linea.texto, nodo,
                                        calificacion.senales.get("abuso", False),
                                        len(self.turnos) - 1))
        return turno

    def _fecha(self, momento: float) -> datetime | None:
        return self.inicio + timedelta(seconds=momento) if self.inicio else None

    def _acabar(self, final: Final, eventos: list[Evento]) -> None:
        self.final = final
        eventos.append(final)


def _en_minuscula(texto: str) -> str:
    """«Saber cuándo…» → «saber cuándo…», para seguir una frase (no toca siglas: «DNI»)."""
    return texto[:1].lower() + texto[1:] if texto[1:2].islower() else texto
