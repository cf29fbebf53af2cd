"""La aplicación: atajos globales, la pila de pantallas y poco más.

Arranca en la pantalla de inicio (la lista sale del índice, sin motor) y
prepara en segundo plano el catálogo y la rúbrica. Las pantallas que usan el
motor se importan al abrirlas.

Cada sesión se guarda en el historial de la carpeta de datos mientras se
juega (la pantalla de conversación avisa al grabador tras cada llamada al
motor). Al arrancar, en segundo plano, se buscan las sesiones a medias y se
ofrecen para continuarlas o descartarlas.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, CSSPathType
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from simulador.tui import preferencias
from simulador.tui.config import ALTO_COMPLETO, ANCHO_COMPLETO, Config
from simulador.tui.paleta import Paleta, ProveedorAcciones
from simulador.tui.pantallas.base import Accion
from simulador.tui.pantallas.inicio import PantallaInicio
from simulador.tui.partida import NoSePuedeJugar, Partida, Preparacion, rubricas_incluidas

if TYPE_CHECKING:
    from simulador.historial import Grabador, Historial, ResumenSesion
    from simulador.motor import Sesion
    from simulador.tui.guardado import GuardadoEnHilo
    from simulador.tui.pantallas.conversacion import PantallaConversacion


class SimuladorApp(App[int]):
    # La pantalla por defecto no carga su propio CSS_PATH (Textual solo lo hace al
    # apilar pantallas): el de inicio va aquí también.
    CSS_PATH: ClassVar[CSSPathType | None] = ["app.tcss", "pantallas/inicio.tcss"]
    TITLE = "Simulador de atención al cliente"
    # Clases de la pantalla según el tamaño de la terminal: cada pantalla se compacta por
    # debajo de 70 columnas o de 20 líneas (hasta 60×15, con una captura en cada tamaño).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-estrecha"),
                                                                (ANCHO_COMPLETO, "-ancha")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-baja"),
                                                              (ALTO_COMPLETO, "-alta")]
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        ProveedorAcciones}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "ayuda", "Ayuda", priority=True),
        Binding("ctrl+q", "salir", "Salir", priority=True),
        Binding("ctrl+p", "command_palette", "Comandos", show=False, priority=True),
    ]

    def __init__(self, config: Config | None = None) -> None:
        super().__init__()
        self.config = config or Config.por_defecto()
        self.preparacion = Preparacion(self.config)
        self.preferencias = (preferencias.Preferencias() if self.config.en_navegador
                             else preferencias.cargar(self.config.datos))
        self._pendiente: Partida | None = None
        self._historial: Historial | None = None
        self._cerrojo_historial = threading.Lock()
        # Las sesiones jugadas en esta apertura: al cerrar, lo que falte se intenta guardar.
        self.guardados: list[GuardadoEnHilo] = []
        self.inicio = PantallaInicio(self.preparacion.indice.resumenes,
                                     self.preparacion.indice.rotos,
                                     self.config.rubricas or rubricas_incluidas(),
                                     self.preferencias)

    def get_default_screen(self) -> Screen[None]:
        return self.inicio

    def on_mount(self) -> None:
        if not self.config.en_navegador:
            self.call_after_refresh(self.buscar_pendientes)

    def on_unmount(self) -> None:
        if self._historial is not None:
            self._historial.cerrar()

    def cerrar_guardados(self) -> list[str]:
        """Tras cerrar la interfaz: un último intento de guardar cada sesión jugada
        (espera a los guardados en marcha); devuelve por qué no se pudo, si no se pudo."""
        perdidas = [motivo for guardado in self.guardados
                    if (motivo := guardado.al_salir()) is not None]
        if self._historial is not None:
            self._historial.cerrar()
        return perdidas

    # --- historial ------------------------------------------------------------------

    @property
    def historial(self) -> Historial:
        """El historial de la carpeta de datos (se importa y se abre al primer uso; vale
        desde cualquier hilo)."""
        with self._cerrojo_historial:
            if self._historial is None:
                from simulador.historial import Historial

                self._historial = Historial.del_usuario(self.config.datos)
            return self._historial

    def _grabador(self, sesion: Sesion, partida: Partida) -> tuple[Grabador | None, str]:
        """El grabador de una sesión nueva, o None y el motivo si no se puede guardar."""
        from simulador.historial import ErrorDeHistorial, grabar

        try:
            return grabar(self.historial, sesion, escenario=Path(partida.escenario.ruta)), ""
        except (ErrorDeHistorial, OSError) as exc:
            return None, str(exc)

    def buscar_pendientes(self, *, a_peticion: bool = False) -> None:
        """Busca en segundo plano las sesiones a medias y, si hay, las ofrece."""
        self.run_worker(self._leer_pendientes, thread=True, group="pendientes",
                        name="a-peticion" if a_peticion else "al-arrancar",
                        exclusive=True, exit_on_error=False)

    def _leer_pendientes(self) -> list[ResumenSesion]:
        return self.historial.pendientes()

    def _pendientes_leidas(self, event: Worker.StateChanged) -> None:
        a_peticion = event.worker.name == "a-peticion"
        if event.state == WorkerState.ERROR:
            self.inicio.avisar(f"No se puede leer el historial: {event.worker.error}")
            return
        if event.state != WorkerState.SUCCESS:
            return
        sesiones: list[ResumenSesion] = event.worker.result or []
        if not sesiones:
            if a_peticion:
                self.inicio.avisar("No hay sesiones a medias.")
            return
        if self.screen is not self.inicio:
            # Ya está en otra cosa: no se le interrumpe; se le dice dónde encontrarlas.
            self.inicio.avisar(f"Tiene {len(sesiones)} sesión(es) a medias: Ctrl+P y "
                               "«Sesiones a medias» para continuarlas o descartarlas.")
            return
        from simulador.tui.pantallas.pendientes import Pendientes

        self.push_screen(Pendientes(sesiones, self.descartar_pendiente), self._con_pendiente)

    def descartar_pendiente(self, ident: str) -> str | None:
        """Descarta una sesión a medias; None si fue bien, el motivo si no."""
        from simulador.historial import ErrorDeHistorial

        try:
            self.historial.descartar(ident)
        except ErrorDeHistorial as exc:
            return str(exc)
        return None

    def _con_pendiente(self, resumen: ResumenSesion | None) -> None:
        if resumen is not None:
            self.reanudar(resumen)

    def reanudar(self, resumen: ResumenSesion) -> None:
        """Reconstruye la sesión en un hilo (repite en el motor lo guardado) y la abre."""
        self.inicio.avisar(f"Reanudando «{resumen.escenario_titulo}»…")
        self.run_worker(partial(self._reconstruir, resumen), thread=True, group="reanudar",
                        name=resumen.ident, exclusive=True, exit_on_error=False)

    def _reconstruir(self, resumen: ResumenSesion) -> Grabador:
        from simulador.historial import reanudar
        from simulador.incidencias import ErrorDeArchivo

        calificador = None
        try:  # si es una rúbrica conocida, se comparte la ya compilada
            self.preparacion.preparar(resumen.rubrica)
            calificador = self.preparacion.calificador(resumen.rubrica)
        except (ErrorDeArchivo, OSError):
            pass
        # Con un reloj inyectado (pruebas, capturas) el tiempo no corre solo.
        return reanudar(self.historial, resumen.ident, calificador=calificador,
                        en_vivo=self.config.reloj is None)

    def _reanudada(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.inicio.avisar(f"No se puede reanudar la sesión: {event.worker.error}")
        elif event.state == WorkerState.SUCCESS:
            self._abrir_reanudada(event.worker.result)

    def _abrir_reanudada(self, grabador: Grabador) -> None:
        from simulador.tui.pantallas.conversacion import PantallaConversacion

        sesion = grabador.sesion
        ruta, _ = self.historial.rutas_jugadas(grabador.ident)
        partida = Partida(self.preparacion.resumen_de(sesion.escenario, ruta),
                          sesion.calificador.rubrica.id, sesion.modo, sesion.agente,
                          sesion.equipo, sesion.semilla)
        self.volver_al_inicio()
        self.inicio.avisar("")
        self.push_screen(PantallaConversacion(sesion, partida, grabador, reanudada=True))

    def abrir_equipo(self) -> None:
        from simulador.tui.pantallas.equipo import PantallaEquipo

        if not isinstance(self.screen, PantallaEquipo):
            self.push_screen(PantallaEquipo())

    # --- preparar y empezar ---------------------------------------------------------

    def preparar(self, rubrica: str) -> None:
        """Carga catálogo y rúbrica en un hilo, sin bloquear la pantalla."""
        if not self.preparacion.lista(rubrica):
            self.run_worker(partial(self.preparacion.preparar, rubrica), thread=True,
                            group="preparar", name=rubrica, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "pendientes":
            self._pendientes_leidas(event)
        elif event.worker.group == "reanudar":
            self._reanudada(event)
        if event.worker.group != "preparar" or self._pendiente is None:
            return
        if event.state == WorkerState.ERROR and event.worker.name == self._pendiente.rubrica:
            self._pendiente = None
            self.inicio.avisar(f"No se puede usar la rúbrica: {event.worker.error}")
        elif event.state == WorkerState.SUCCESS:
            pendiente = self._pendiente
            if self.preparacion.lista(pendiente.rubrica):
                self._pendiente = None
                self._lanzar(pendiente)

    def recordar(self, partida: Partida) -> None:
        """Guarda nombre, equipo y elecciones para la próxima vez."""
        self.preferencias = preferencias.Preferencias(
            partida.agente, partida.equipo, partida.modo, partida.rubrica,
            partida.escenario.id)
        if not self.config.en_navegador:
            preferencias.guardar(self.config.datos, self.preferencias)

    def empezar(self, partida: Partida) -> None:
        if self.preparacion.lista(partida.rubrica):
            self._lanzar(partida)
            return
        self._pendiente = partida
        self.inicio.avisar("Preparando el escenario y la rúbrica…")
        self.preparar(partida.rubrica)

    def _lanzar(self, partida: Partida) -> None:
        from simulador.tui.pantallas.conversacion import PantallaConversacion

        try:
            sesion = self.preparacion.crear_sesion(partida)
        except NoSePuedeJugar as exc:
            self.volver_al_inicio()
            self.inicio.avisar(str(exc))
            return
        grabador, motivo = self._grabador(sesion, partida)
        self.volver_al_inicio()
        self.inicio.avisar("")
        self.push_screen(PantallaConversacion(sesion, partida, grabador, sin_guardar=motivo))

    def mostrar_resultado(self, sesion: Sesion, partida: Partida,
                          guardado: GuardadoEnHilo | None = None) -> None:
        from simulador.tui.pantallas.resultado import PantallaResultado

        self.switch_screen(PantallaResultado(sesion, partida, guardado))

    def repetir(self, partida: Partida, *, nueva_semilla: bool) -> None:
        if nueva_semilla:
            partida = partida.con_semilla(self.preparacion.nueva_semilla())
        self._lanzar(partida)

    def volver_al_inicio(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # --- atajos globales ------------------------------------------------------------

    def _sesion_en_curso(self) -> PantallaConversacion | None:
        return next((p for p in self.screen_stack if getattr(p, "en_curso", False)),
                    None)  # type: ignore[return-value]

    def action_salir(self) -> None:
        from simulador.tui.pantallas.confirmar import Confirmar

        # Sin sesión en curso, o Ctrl+Q por segunda vez: se sale sin más.
        en_curso = self._sesion_en_curso()
        if en_curso is None or self.screen.id == "confirmar-salir":
            self.exit(0)
            return

        def _salir(si: bool | None) -> None:
            if si:
                self.exit(0)

        if en_curso.guardando:
            pregunta = ("Hay una sesión en curso: queda guardada a medias y podrá continuarla "
                        "la próxima vez que abra el simulador.\n¿Salir del simulador?")
        else:
            pregunta = ("Hay una sesión en curso y no se está guardando: se perderá.\n¿Salir "
                        "del simulador?")
        self.push_screen(Confirmar(pregunta, si="Salir", no="Seguir", id="confirmar-salir"),
                         _salir)

    def action_ayuda(self) -> None:
        from simulador.tui.pantallas.ayuda import Ayuda

        if isinstance(self.screen, Ayuda):
            self.pop_screen()
            return
        from simulador.tui.ayudas import ayuda_de

        teclas = [(self.get_key_display(b.binding), b.binding.description)
                  for b in self.screen.active_bindings.values()
                  if b.binding.show and b.enabled and b.binding.description]
        self.push_screen(Ayuda(teclas, ayuda_de(self.screen.id)))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Paleta(placeholder="Busque una acción…", id="--command-palette"))

    def action_help_quit(self) -> None:
        self.notify("Para salir pulse Ctrl+Q.", title="¿Quiere salir?")

    def action_cambiar_tema(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def acciones_globales(self) -> Iterable[Accion]:
        yield Accion("Ayuda", "Principios y teclas (F1)", self.action_ayuda)
        yield Accion("Cambiar entre tema claro y oscuro", "Colores de la interfaz",
                     self.action_cambiar_tema)
        yield Accion("Salir del simulador", "Pide confirmación si hay una sesión (Ctrl+Q)",
                     self.action_salir)
