"""La conversación: el chat, el enfado, el cronómetro, la caja de respuesta y el entrenador.

Cada acción del agente va al motor (`iniciar`, `responder`,
`terminar_relacion`, `comprobar_silencio`); tras cada llamada, el grabador
del historial guarda lo nuevo en un hilo (ver tui/guardado.py) y los eventos
se pintan en orden. Si el historial no se puede escribir, la sesión sigue y
se avisa de que no se está guardando (se reintenta en la acción siguiente). Las líneas del cliente
llegan tras una breve pausa «escribiendo…» (cero en las pruebas). Un
temporizador de Textual pregunta al motor por el silencio: con el reloj del
sistema el cliente insiste solo; en las pruebas se adelanta un
`RelojManual`. Una sesión reanudada pinta primero lo que ya se dijo.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from simulador.motor import (
    ErrorDeEscenario,
    ErrorDeSesion,
    Evento,
    Insistencia,
    LineaCliente,
    RespuestaVacia,
    Sesion,
)
from simulador.motor.lecciones import extracto
from simulador.motor.sesion import es_vacia
from simulador.nombres import NOMBRES_CANAL, NOMBRES_MODO
from simulador.pintor import AGENTE, TERMINA_LA_RELACION
from simulador.texto import visible
from simulador.tui.guardado import GuardadoEnHilo
from simulador.tui.lineas import DelSistema, LineaChat, Propia, ya_dicho
from simulador.tui.pantallas.base import Accion, Pantalla
from simulador.tui.pantallas.confirmar import Confirmar
from simulador.tui.pantallas.despedida import Despedida, pista
from simulador.tui.partida import Partida
from simulador.tui.pintor_chat import PintorChat
from simulador.tui.textos import primer_nombre
from simulador.tui.widgets.chat import Chat
from simulador.tui.widgets.cronometro import Cronometro
from simulador.tui.widgets.enfado import MedidorEnfado
from simulador.tui.widgets.entrada import MAXIMO_RESPUESTA, EntradaRespuesta
from simulador.tui.widgets.entrenador import PanelEntrenador
from simulador.tui.widgets.pie import Pie

if TYPE_CHECKING:
    from simulador.historial import Grabador

ORDEN_TERMINAR = "/terminar"


class PantallaConversacion(Pantalla):
    CSS_PATH = "conversacion.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "terminar", "Terminar"),
        Binding("ctrl+r", "resultado", "Ver resultado"),
        Binding("escape", "abandonar", "Abandonar"),
    ]

    def __init__(self, sesion: Sesion, partida: Partida, grabador: Grabador | None = None,
                 *, reanudada: bool = False, sin_guardar: str = "") -> None:
        super().__init__(id="conversacion")
        self.sesion = sesion
        self.partida = partida
        self.guardado = GuardadoEnHilo(sesion, grabador, sin_guardar)
        # El último estado del historial que se ha mostrado ("" = guardando bien).
        self._fallo_visto = ""
        self.reanudada = reanudada
        self.cliente = sesion.escenario.cliente.nombre
        self.corto = primer_nombre(self.cliente)
        self.practica = sesion.modo == "practica"
        self._cola: deque[LineaChat] = deque()
        self._pintando = False
        self._pintor: PintorChat  # al montarse, cuando ya están sus widgets

    @property
    def en_curso(self) -> bool:
        """Empezada y sin final: salir ahora la deja a medias."""
        return self.sesion.iniciada and not self.sesion.terminada

    @property
    def grabador(self) -> Grabador | None:
        return self.guardado.grabador

    @property
    def guardando(self) -> bool:
        """Todo lo dicho hasta ahora está en el historial."""
        return self.guardado.al_dia

    # --- composición -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        escenario = self.sesion.escenario
        numero = f" · n.º {escenario.cliente.numero}" if escenario.cliente.numero else ""
        with Horizontal(id="cabecera"):
            yield Static(f"{self.cliente}{numero}", id="cliente", markup=False)
            yield Static("✗ sin guardar", id="sin-guardar", markup=False)
            yield Static(f"{NOMBRES_CANAL.get(escenario.canal, escenario.canal)} · "
                         f"{NOMBRES_MODO[self.sesion.modo]}", id="modo", markup=False)
        with Horizontal(id="estado"):
            yield MedidorEnfado(id="enfado")
            yield Cronometro(id="cronometro")
        with Horizontal(id="cuerpo"):
            yield Chat(id="chat")
            if self.practica:
                yield PanelEntrenador(id="entrenador")
        with Horizontal(id="lineas-estado"):
            yield Static("", id="escribiendo", markup=False)
            yield Static("", id="aviso", markup=False)
        yield EntradaRespuesta(id="respuesta",
                               placeholder="Escriba su respuesta (Intro envía, Ctrl+J salta "
                               "de línea)")
        yield Button("Ver el resultado", id="ver-resultado", variant="primary")
        yield Pie()

    def on_mount(self) -> None:
        rubrica = self.sesion.calificador.rubrica
        lecciones = {c.senal: " ".join(c.leccion.split()) for c in rubrica.criterios.values()
                     if c.senal and c.leccion}
        self._pintor = PintorChat(
            self.query_one(Chat), self.query_one(MedidorEnfado),
            self.query_one(PanelEntrenador) if self.practica else None, self.cliente,
            lecciones, self._al_terminar)
        self.query_one(MedidorEnfado).enfado = self.sesion.enfado
        self.query_one(EntradaRespuesta).focus()
        if self.reanudada:  # lo que ya se dijo, sin pausas «escribiendo…»
            for linea in ya_dicho(self.sesion):
                self._pintar(linea)
        else:
            self._recibir(self._guardar(self.sesion.iniciar()))
        self.simulador.guardados.append(self.guardado)
        if self.grabador is None:
            self._mostrar_fallo()
        self.set_interval(self.simulador.config.tic, self._tic)
        self._actualizar_cronometro()

    # --- historial -------------------------------------------------------------------

    def _guardar(self, eventos: list[Evento]) -> list[Evento]:
        """Guarda en el historial lo nuevo de la sesión, en un hilo: la pantalla no espera."""
        if self.grabador is not None:
            self.run_worker(self.guardado.anotar, thread=True, group="historial",
                            exit_on_error=False)
        return eventos

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "historial" and event.state == WorkerState.SUCCESS:
            self._revisar_guardado()

    def _revisar_guardado(self) -> None:
        """Si el historial acaba de fallar o de volver, se dice (una vez)."""
        fallo = self.guardado.fallo
        if fallo and not self._fallo_visto:
            self._mostrar_fallo()
        elif not fallo and self._fallo_visto:  # se pudo otra vez: ya está todo guardado
            self._fallo_visto = ""
            self.query_one("#sin-guardar", Static).display = False
            self._avisar("El historial vuelve a funcionar: la sesión está guardada.")

    def _mostrar_fallo(self) -> None:
        self._fallo_visto = self.guardado.fallo
        self.query_one("#sin-guardar", Static).display = True
        self._avisar("La sesión sigue, pero no se está guardando en el historial: "
                     f"{visible(self.guardado.fallo)}")
        self.notify("La sesión sigue, pero no se está guardando en el historial.",
                    title="Historial", severity="warning")

    # --- pintar eventos --------------------------------------------------------------

    def _recibir(self, eventos: Iterable[LineaChat]) -> None:
        """Pone los eventos en cola y los pinta en orden (con pausa, si la hay)."""
        self._cola.extend(eventos)
        if self._pintando:
            return
        demora = self.simulador.config.escribiendo
        if demora <= 0:
            while self._cola:
                self._pintar(self._cola.popleft())
            self._actualizar_cronometro()
            return
        self._pintando = True
        self.run_worker(self._pintar_despacio(demora), group="pintar")

    async def _pintar_despacio(self, demora: float) -> None:
        try:
            while self._cola:
                evento = self._cola.popleft()
                if isinstance(evento, LineaCliente | Insistencia):
                    self._escribiendo(True)
                    await asyncio.sleep(demora)
                    self._escribiendo(False)
                self._pintar(evento)
        finally:
            self._pintando = False
            if self.is_attached:  # si se abandonó mientras escribía, ya no hay pantalla
                self._escribiendo(False)
                self._actualizar_cronometro()

    def _escribiendo(self, si: bool) -> None:
        self.query_one("#escribiendo", Static).update(
            f"{self.corto} está escribiendo…" if si else "")

    def _pintar(self, linea: LineaChat) -> None:
        if isinstance(linea, Propia):
            self.query_one(Chat).agregar("agente", AGENTE, linea.texto, linea.nota)
        elif isinstance(linea, DelSistema):
            self.query_one(Chat).agregar("sistema", "", linea.texto)
        else:
            self._pintor.pintar(linea)

    def _al_terminar(self) -> None:
        if self.practica:
            self.query_one(PanelEntrenador).terminar()
        self.query_one(EntradaRespuesta).display = False
        boton = self.query_one("#ver-resultado", Button)
        boton.display = True
        boton.focus()
        self._avisar("La conversación ha terminado: pulse Intro para ver el resultado.")
        self.refresh_bindings()

    # --- tiempo ----------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        """Un diálogo encima (despedida, ayuda, confirmación, paleta): el reloj del cliente
        se para, para que no se vaya mientras el alumno escribe la despedida."""
        self.sesion.pausar()

    def on_screen_resume(self) -> None:
        self.sesion.reanudar()
        self._actualizar_cronometro()

    def _tic(self) -> None:
        """Cada poco: si el agente calla demasiado, el motor hace insistir al cliente."""
        if self.en_curso and not self._pintando:
            eventos = self.sesion.comprobar_silencio()
            if eventos:
                self._recibir(self._guardar(eventos))
        self._actualizar_cronometro()

    def _actualizar_cronometro(self) -> None:
        cronometro = self.query_one(Cronometro)
        cronometro.terminado = self.sesion.terminada
        cronometro.espera = self.sesion.segundos_sin_responder()
        cronometro.insiste_en = self.sesion.segundos_para_silencio()

    # --- responder -------------------------------------------------------------------

    def _avisar(self, texto: str) -> None:
        self.query_one("#aviso", Static).update(visible(texto))

    def _error(self, exc: ErrorDeSesion) -> None:
        if isinstance(exc, ErrorDeEscenario):
            self._avisar(f"El escenario tiene un error ({exc}); «simulador validar» lo "
                         "explica. Pulse Esc para volver.")
        else:
            self._avisar(str(exc))

    def _antes_de_hablar(self) -> bool:
        """Lo que el motor haría antes: si el cliente ya insistió, se ve primero."""
        previos = self.sesion.comprobar_silencio()
        if previos:
            self._recibir(self._guardar(previos))
        if not self.en_curso:
            self._avisar("La conversación terminó antes de que enviara su respuesta.")
            return False
        if self._pintando:
            self._avisar(f"{self.corto} acaba de escribir: lea su mensaje y vuelva a enviar.")
            return False
        return True

    @on(EntradaRespuesta.Changed)
    def _al_escribir(self) -> None:
        """Un aviso («respuesta vacía»…) sobra en cuanto el agente vuelve a escribir."""
        if self.en_curso:
            self._avisar("")

    @on(EntradaRespuesta.Llena)
    def _llena(self) -> None:
        self._avisar(f"Una respuesta no puede pasar de {MAXIMO_RESPUESTA:,} caracteres"
                     .replace(",", ".") + ": lo que sobraba no se ha añadido.")

    @on(EntradaRespuesta.Enviada)
    def _enviar(self, mensaje: EntradaRespuesta.Enviada) -> None:
        mensaje.stop()
        if not self.en_curso:
            return
        texto = mensaje.texto
        if texto.strip().startswith(ORDEN_TERMINAR):
            self.action_terminar(texto.strip()[len(ORDEN_TERMINAR):].strip())
            return
        if es_vacia(texto):
            self._avisar("La respuesta está vacía: escriba algo antes de enviar.")
            return
        if self._pintando:
            self._avisar(f"Espere: {self.corto} está escribiendo.")
            return
        if not self._antes_de_hablar():
            return
        try:
            eventos = self._guardar(self.sesion.responder(texto))
        except RespuestaVacia:
            self._avisar("La respuesta está vacía: escriba algo antes de enviar.")
            return
        except ErrorDeSesion as exc:
            self._error(exc)
            return
        mensaje.entrada.clear()
        if not self.guardado.fallo:
            self._avisar("")
        self._recibir([Propia(texto), *eventos])

    # --- acciones --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "terminar":
            return self.en_curso
        if action == "resultado":
            return self.sesion.terminada
        return True

    def action_terminar(self, borrador: str | None = None) -> None:
        """Pide la despedida y confirma antes de terminar la relación."""
        if not self.en_curso:
            return
        if borrador is None:
            borrador = " ".join(self.query_one(EntradaRespuesta).text.split())
        consejo = (pista(self.sesion.cierre_si_termina(), self.sesion.escenario.cierre_justificado)
                   if self.practica else None)
        self.app.push_screen(Despedida(self.cliente, borrador, pista=consejo),
                             self._con_despedida)

    def _con_despedida(self, despedida: str | None) -> None:
        if not despedida:
            return
        pregunta = (f"¿Terminar la relación con {self.cliente}?\n\n"
                    f"Se enviará: «{extracto(despedida, 200)}»\n\nNo se puede deshacer.")
        self.app.push_screen(Confirmar(pregunta, si="Terminar", no="Volver",
                                       foco_en_no=False),
                             partial(self._terminar, despedida))

    def _terminar(self, despedida: str, confirmado: bool | None) -> None:
        if not confirmado or not self.en_curso or not self._antes_de_hablar():
            return
        try:
            eventos = self._guardar(self.sesion.terminar_relacion(despedida))
        except ErrorDeSesion as exc:
            self._error(exc)
            return
        self.query_one(EntradaRespuesta).clear()
        if not self.guardado.fallo:
            self._avisar("")
        self._recibir([Propia(despedida, TERMINA_LA_RELACION), *eventos])

    def action_resultado(self) -> None:
        if self.sesion.terminada:
            self.simulador.mostrar_resultado(self.sesion, self.partida, self.guardado)

    @on(Button.Pressed, "#ver-resultado")
    def _ver_resultado(self) -> None:
        self.action_resultado()

    def action_abandonar(self) -> None:
        if self.sesion.terminada:
            pregunta = "¿Volver al inicio sin ver el resultado?"
        elif self.guardando and self.sesion.modo == "examen":
            pregunta = ("¿Dejar el examen? Quedará a medias en el historial: al volver a abrir "
                        "el simulador podrá continuarlo. Mientras tanto, y si lo descarta, "
                        "su responsable lo verá sin nota y no aprobado.")
        elif self.guardando:
            pregunta = ("¿Abandonar esta sesión? Quedará a medias en el historial: al volver a "
                        "abrir el simulador podrá continuarla o descartarla.")
        else:
            pregunta = "¿Abandonar esta sesión? La conversación quedará sin calificar."

        def _volver(si: bool | None) -> None:
            if si:
                self.simulador.volver_al_inicio()

        self.app.push_screen(Confirmar(pregunta, si="Abandonar", no="Seguir"), _volver)

    def acciones(self) -> Iterable[Accion]:
        if self.en_curso:
            yield Accion("Enviar la respuesta", "Lo escrito en la caja (Intro)",
                         self.query_one(EntradaRespuesta).action_enviar)
            yield Accion("Terminar la relación con el cliente",
                         "Pide la despedida y confirma (Ctrl+T)", self.action_terminar)
        if self.sesion.terminada:
            yield Accion("Ver el resultado", "Nota, criterios y lecciones (Ctrl+R)",
                         self.action_resultado)
        yield Accion("Abandonar la sesión", "Vuelve al inicio (Esc)", self.action_abandonar)
