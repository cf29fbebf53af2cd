"""La aplicación: atajos globales, la pila de pantallas y poco más.

Arranca en la pantalla de inicio (la lista sale del índice, sin motor) y
prepara en segundo plano el catálogo y la rúbrica. Las pantallas que usan el
motor se importan al abrirlas.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, CSSPathType
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, Provider
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from simulador.tui import preferencias
from simulador.tui.comandos import ProveedorAcciones
from simulador.tui.config import Config
from simulador.tui.pantallas.base import Accion
from simulador.tui.pantallas.inicio import PantallaInicio
from simulador.tui.partida import NoSePuedeJugar, Partida, Preparacion, rubricas_incluidas

if TYPE_CHECKING:
    from simulador.motor import Sesion


class SimuladorApp(App[int]):
    # La pantalla por defecto no carga su propio CSS_PATH (Textual solo lo hace al
    # apilar pantallas): el de inicio va aquí también.
    CSS_PATH: ClassVar[CSSPathType | None] = ["app.tcss", "pantallas/inicio.tcss"]
    TITLE = "Simulador de atención al cliente"
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
        self.preferencias = preferencias.cargar(self.config.datos)
        self._pendiente: Partida | None = None
        self.inicio = PantallaInicio(self.preparacion.indice.resumenes,
                                     self.preparacion.indice.rotos,
                                     self.config.rubricas or rubricas_incluidas(),
                                     self.preferencias)

    def get_default_screen(self) -> Screen[None]:
        return self.inicio

    # --- preparar y empezar ---------------------------------------------------------

    def preparar(self, rubrica: str) -> None:
        """Carga catálogo y rúbrica en un hilo, sin bloquear la pantalla."""
        if not self.preparacion.lista(rubrica):
            self.run_worker(partial(self.preparacion.preparar, rubrica), thread=True,
                            group="preparar", name=rubrica, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
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
        self.volver_al_inicio()
        self.inicio.avisar("")
        self.push_screen(PantallaConversacion(sesion, partida))

    def mostrar_resultado(self, sesion: Sesion, partida: Partida) -> None:
        from simulador.tui.pantallas.resultado import PantallaResultado

        self.switch_screen(PantallaResultado(sesion, partida))

    def repetir(self, partida: Partida, *, nueva_semilla: bool) -> None:
        if nueva_semilla:
            partida = partida.con_semilla(self.preparacion.nueva_semilla())
        self._lanzar(partida)

    def volver_al_inicio(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # --- atajos globales ------------------------------------------------------------

    def _sesion_en_curso(self) -> bool:
        return any(getattr(pantalla, "en_curso", False) for pantalla in self.screen_stack)

    def action_salir(self) -> None:
        from simulador.tui.pantallas.confirmar import Confirmar

        # Sin sesión en curso, o Ctrl+Q por segunda vez: se sale sin más.
        if not self._sesion_en_curso() or self.screen.id == "confirmar-salir":
            self.exit(0)
            return

        def _salir(si: bool | None) -> None:
            if si:
                self.exit(0)

        self.push_screen(Confirmar("Hay una sesión en curso y se perderá.\n¿Salir del "
                                   "simulador?", si="Salir", no="Seguir",
                                   id="confirmar-salir"), _salir)

    def action_ayuda(self) -> None:
        from simulador.tui.pantallas.ayuda import Ayuda

        if isinstance(self.screen, Ayuda):
            self.pop_screen()
            return
        teclas = [(self.get_key_display(b.binding), b.binding.description)
                  for b in self.screen.active_bindings.values()
                  if b.binding.show and b.enabled and b.binding.description]
        self.push_screen(Ayuda(teclas))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Busque una acción…",
                                            id="--command-palette"))

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
