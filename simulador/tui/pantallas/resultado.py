"""El resultado: nota total, una barra por criterio, el cierre explicado, el final y las lecciones.

Todo sale de `Sesion.resultado()`; aquí solo se pone en palabras.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from simulador.motor import Leccion, Resultado, Sesion
from simulador.motor.lecciones import extracto
from simulador.nombres import NOMBRES_MODO, NOMBRES_VEREDICTO, nombre_criterio
from simulador.pintor import FINAL, como_acabo
from simulador.texto import visible
from simulador.tui.guardado import GuardadoEnHilo
from simulador.tui.pantallas.base import Accion, Pantalla
from simulador.tui.partida import Partida
from simulador.tui.textos import a_la_vista, explicar_cierre
from simulador.tui.widgets.criterios import BarraCriterio
from simulador.tui.widgets.pie import Pie

MAXIMO_CASOS = 3


def texto_puntaje(resultado: Resultado, umbral: float) -> Text:
    texto = Text()
    texto.append(f"{resultado.puntaje}/100", style="bold")
    estado = "APROBADO" if resultado.aprobado else "NO APROBADO"
    texto.append("  ·  ")
    texto.append(estado, style="bold" if resultado.aprobado else "bold reverse")
    texto.append(f"  (aprueba con {umbral:g})")
    return texto


def texto_cierre(resultado: Resultado, justificado: bool) -> Text:
    marca = "✓" if resultado.cierre_bien else "✗"
    texto = Text()
    texto.append(f"{marca} Cierre de la relación: "
                 f"{NOMBRES_VEREDICTO.get(resultado.cierre, resultado.cierre)}\n", style="bold")
    texto.append(explicar_cierre(resultado.cierre, resultado.cierre_esperado, justificado,
                                 resultado.cierre_bien))
    return texto


def texto_final(resultado: Resultado, sesion: Sesion) -> Text:
    final = resultado.final
    if final is None:
        return Text(f"{FINAL}: ninguno (la conversación quedó a medias, en "
                    f"«{sesion.nodo_actual}»)")
    texto = Text()
    texto.append(f"{FINAL}: ", style="bold")
    texto.append(como_acabo(final))
    if sesion.calificador.rubrica.suspende_por_final(final.tipo):
        texto.append("\nPerder al cliente suspende la sesión, saque la nota que saque.",
                     style="bold reverse")
    return texto


def texto_leccion(numero: int, leccion: Leccion, cliente: str) -> Text:
    texto = Text()
    texto.append(f"{numero}. {nombre_criterio(leccion.criterio)}: "
                 f"−{leccion.puntos_perdidos:g} puntos (nota {leccion.nota})", style="bold")
    if leccion.critico:
        texto.append(" · crítico: suspende", style="bold reverse")
    texto.append(f"\n{leccion.principio}")
    for caso in leccion.casos[:MAXIMO_CASOS]:
        quien = (f"Respuesta {caso.numero}" if caso.numero is not None
                 else f"{cliente} (turno {caso.indice + 1})")
        texto.append(f"\n  {quien}: ", style="italic")
        texto.append(extracto(caso.texto, 160))
    if len(leccion.casos) > MAXIMO_CASOS:
        texto.append(f"\n  … y {len(leccion.casos) - MAXIMO_CASOS} más", style="italic")
    if leccion.mejor:
        texto.append("\nMejor: ", style="bold")
        texto.append(leccion.mejor)
    return a_la_vista(texto)  # cita las palabras del alumno


class PantallaResultado(Pantalla):
    CSS_PATH = "resultado.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "revisar", "Revisar"),
        Binding("m", "repetir", "Repetir"),
        Binding("n", "otra_semilla", "Otra semilla"),
        Binding("escape", "volver", "Inicio"),
        # El informe se desplaza tenga el foco quien lo tenga: a 80×24 las lecciones
        # quedan debajo y el foco empieza en los botones.
        Binding("down", "desplazar(1)", "Bajar", show=False),
        Binding("up", "desplazar(-1)", "Subir", show=False),
        Binding("pagedown", "pagina(1)", "Página abajo", show=False),
        Binding("pageup", "pagina(-1)", "Página arriba", show=False),
        Binding("end", "extremo(1)", "Al final", show=False),
        Binding("home", "extremo(-1)", "Al principio", show=False),
    ]

    def __init__(self, sesion: Sesion, partida: Partida,
                 guardado: GuardadoEnHilo | None = None) -> None:
        super().__init__(id="resultado")
        self.sesion = sesion
        self.partida = partida
        self.resultado = sesion.resultado()
        self.guardado = guardado

    def compose(self) -> ComposeResult:
        resultado, sesion = self.resultado, self.sesion
        escenario = sesion.escenario
        umbral = sesion.calificador.rubrica.umbral_aprobado
        criticos = set(resultado.calificacion.get("criticos_fallidos", ()))
        # La semilla y el modo a la derecha, siempre enteros; el título se corta con «…».
        with Horizontal(id="cabecera"):
            yield Static(f"Resultado · {escenario.titulo}", id="titulo", markup=False)
            yield Static(f"{NOMBRES_MODO[sesion.modo]} · semilla {sesion.semilla}", id="semilla",
                         markup=False)
        yield Static("", id="sin-guardar", markup=False)
        with VerticalScroll(id="informe"):
            yield Static(texto_puntaje(resultado, umbral), id="puntaje")
            for nombre, nota in resultado.criterios.items():
                yield BarraCriterio(nombre_criterio(nombre), nota, critico=nombre in criticos,
                                    id=f"criterio-{nombre}")
            yield Static(texto_cierre(resultado, escenario.cierre_justificado), id="cierre")
            yield Static(texto_final(resultado, sesion), id="final")
            yield Static("Lecciones", classes="seccion")
            if not resultado.lecciones:
                yield Static("Ninguna: no ha perdido puntos. ¡Bien hecho!", id="leccion-0",
                             classes="leccion")
            for i, leccion in enumerate(resultado.lecciones):
                yield Static(texto_leccion(i + 1, leccion, escenario.cliente.nombre),
                             id=f"leccion-{i}", classes="leccion")
        with Horizontal(id="acciones"):
            yield Button("Revisar", id="revisar", variant="primary")
            yield Button("Repetir", id="repetir")
            yield Button("Otra semilla", id="otra-semilla")
            yield Button("Inicio", id="volver")
        yield Pie()

    def on_mount(self) -> None:
        self.query_one("#revisar", Button).focus()
        self._mirar_guardado()
        if self.guardado is not None and self.guardado.grabador is not None:
            # El historial puede volver mientras se lee el resultado (se reintenta al salir).
            self.set_interval(1, self._mirar_guardado)

    def _mirar_guardado(self) -> None:
        """Una sesión que el historial no tiene se dice mientras siga así."""
        fallo = self.guardado.fallo if self.guardado is not None else ""
        banda = self.query_one("#sin-guardar", Static)
        banda.display = bool(fallo)
        if fallo:
            banda.update(f"✗ Esta sesión no está guardada en el historial ({visible(fallo)}); "
                         "se volverá a intentar al salir del simulador.")

    @on(Button.Pressed)
    def _boton(self, event: Button.Pressed) -> None:
        acciones = {"revisar": self.action_revisar, "repetir": self.action_repetir,
                    "otra-semilla": self.action_otra_semilla, "volver": self.action_volver}
        if event.button.id in acciones:
            acciones[event.button.id]()

    def action_desplazar(self, sentido: int) -> None:
        informe = self.query_one("#informe", VerticalScroll)
        informe.scroll_relative(y=sentido, animate=False)

    def action_pagina(self, sentido: int) -> None:
        informe = self.query_one("#informe", VerticalScroll)
        informe.scroll_relative(y=sentido * max(1, informe.size.height - 1), animate=False)

    def action_extremo(self, sentido: int) -> None:
        informe = self.query_one("#informe", VerticalScroll)
        if sentido > 0:
            informe.scroll_end(animate=False)
        else:
            informe.scroll_home(animate=False)

    def action_revisar(self) -> None:
        from simulador.tui.pantallas.revision import PantallaRevision

        self.app.push_screen(PantallaRevision(self.sesion, self.resultado))

    def action_repetir(self) -> None:
        self.simulador.repetir(self.partida, nueva_semilla=False)

    def action_otra_semilla(self) -> None:
        self.simulador.repetir(self.partida, nueva_semilla=True)

    def action_volver(self) -> None:
        self.simulador.volver_al_inicio()

    def acciones(self) -> Iterable[Accion]:
        yield Accion("Revisar la conversación", "Cada respuesta con sus evidencias (R)",
                     self.action_revisar)
        yield Accion("Repetir con la misma semilla", "El cliente dirá lo mismo (M)",
                     self.action_repetir)
        yield Accion("Repetir con otra semilla", "El cliente variará sus frases (N)",
                     self.action_otra_semilla)
        yield Accion("Volver al inicio", "Elegir otro escenario (Esc)", self.action_volver)
