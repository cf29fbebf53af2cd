"""Un solo pintor de los eventos del motor: la CLI y la interfaz pintan todos y dicen lo mismo.

Si el motor gana un tipo de evento, estas pruebas fallan hasta que tenga ejemplo, método
en `simulador.pintor.Pintor` y forma de verse en las dos capas.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path
from typing import get_args

import pytest
from test_tui import crear_app, empezar, esperar, responder, terminar, texto
from textual.widgets import Static

from simulador.calificador import Evidencia
from simulador.catalogo import cargar_catalogo
from simulador.comandos.jugar import PintorTexto
from simulador.motor import RelojManual, Sesion
from simulador.motor import eventos as modulo_eventos
from simulador.motor.eventos import (
    CambioEnfado,
    Comentario,
    Evento,
    Final,
    Insistencia,
    LineaCliente,
    Valoracion,
)
from simulador.motor.guion import leer_guion
from simulador.pintor import Pintor
from simulador.rubricas import cargar_calificador
from simulador.tui.pantallas.conversacion import PantallaConversacion
from simulador.tui.pintor_chat import PintorChat
from simulador.tui.widgets.chat import Chat
from simulador.tui.widgets.enfado import MedidorEnfado

RAIZ = Path(__file__).resolve().parents[1]

EJEMPLOS: dict[type, Evento] = {
    LineaCliente: LineaCliente("Quiero hablar con alguien ya.", "inicio", True, 4),
    Insistencia: Insistencia("¿Sigue ahí?", "inicio", False, 5, 45),
    CambioEnfado: CambioEnfado(55, 40, "respuesta"),
    Valoracion: Valoracion(2, {"disculpa": True}, (
        Comentario("disculpa", "bien", "se disculpa de verdad",
                   (Evidencia("disculpa", "lo siento", 0, 9),)),)),
    Final: Final("abandona", "cuelga", "limite_enfado"),
}

# Una partida con todos los tipos de evento: insulto, silencio, valoraciones y final.
GUION = """\
Veo que lleva cuatro días sin internet y tres reportes. Voy a revisar su cuenta.
/esperar 31
Revisé su línea y los tres reportes de estos cuatro días: le mando un técnico mañana a \
primera hora y le descuento esos días de la factura.
Le pido que mantengamos el respeto; si sigue insultando, tendré que terminar la llamada.
/terminar Como le advertí, doy por terminada esta llamada. Que tenga buen día.
"""


def test_cada_tipo_de_evento_del_motor_tiene_ejemplo():
    """Un evento nuevo en motor/eventos.py tiene que estar en `Evento` y aquí."""
    definidos = {c for _, c in inspect.getmembers(modulo_eventos, inspect.isclass)
                 if dataclasses.is_dataclass(c) and c.__module__ == modulo_eventos.__name__}
    assert definidos - {Comentario} == set(get_args(Evento))
    assert set(EJEMPLOS) == set(get_args(Evento)), "añada un ejemplo del evento nuevo"


def test_el_reparto_lleva_cada_tipo_a_un_metodo_distinto():
    llamados: list[tuple[str, Evento]] = []
    metodos = sorted(Pintor.__abstractmethods__)

    def apuntar(nombre: str):
        return lambda self, evento: llamados.append((nombre, evento))

    Espia = type("Espia", (Pintor,), {m: apuntar(m) for m in metodos})
    espia = Espia()
    for evento in EJEMPLOS.values():
        espia.pintar(evento)
    assert [e for _, e in llamados] == list(EJEMPLOS.values())
    assert sorted(n for n, _ in llamados) == metodos  # cada tipo, el suyo


def test_un_tipo_que_no_se_reparte_se_nota():
    class Nuevo:
        pass

    Espia = type("Espia", (Pintor,), {m: lambda self, e: None
                                      for m in Pintor.__abstractmethods__})
    with pytest.raises(AssertionError):
        Espia().pintar(Nuevo())  # type: ignore[arg-type]


@pytest.mark.parametrize("capa", [PintorTexto, PintorChat])
def test_las_dos_capas_pintan_todos_los_metodos(capa):
    """Una capa que olvide un tipo es abstracta: no se podría crear."""
    assert not inspect.isabstract(capa)
    for metodo in Pintor.__abstractmethods__:
        assert getattr(capa, metodo) is not getattr(Pintor, metodo)


def _sesion(modo: str = "practica") -> Sesion:
    catalogo = cargar_catalogo([RAIZ / "escenarios" / "pedido-retrasado.yaml"])
    return Sesion(catalogo.escenarios[0].modelo, cargar_calificador(None), semilla=1,
                  modo=modo, reloj=RelojManual())


@pytest.mark.parametrize("tipo", list(EJEMPLOS), ids=lambda t: t.__name__)
def test_la_cli_pinta_cada_tipo(tipo, capsys):
    pintor = PintorTexto(_sesion(), callada=False)
    pintor.pintar(EJEMPLOS[tipo])
    assert capsys.readouterr().out.strip()


def _lo_visible(pantalla: PantallaConversacion) -> tuple[str, ...]:
    chat = pantalla.query_one(Chat)
    return (*(str(b.render()) for b in chat.burbujas),
            str(pantalla.query_one(MedidorEnfado).render()),
            texto(pantalla.query_one("#entrenador-texto", Static)))


async def test_la_interfaz_pinta_cada_tipo(tmp_path):
    app = crear_app(tmp_path / "datos")
    async with app.run_test(size=(80, 24)) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        pantalla = app.screen
        assert isinstance(pantalla, PantallaConversacion)
        for tipo, evento in EJEMPLOS.items():
            antes = _lo_visible(pantalla)
            pantalla._pintar(evento)
            await pilot.pause()
            assert _lo_visible(pantalla) != antes, f"la interfaz no pinta {tipo.__name__}"


# --- la misma partida en las dos capas --------------------------------------------------

_CITAS_CLI = re.compile(r" \(«.*»\)$")


def _de_la_cli(salida: str) -> dict[str, list]:
    """Lo que dice `simulador jugar`: líneas del cliente con sus marcas, comentarios por
    respuesta (sin las citas, que cada capa recorta a su ancho) y el final (sin el nodo)."""
    cliente: list[tuple[str, tuple[str, ...]]] = []
    comentarios: list[list[str]] = []
    final = ""
    conversacion = salida.split("\nResultado: ")[0]  # después vienen la nota y las lecciones
    for linea in conversacion.splitlines():
        if m := re.fullmatch(r"(?:\((silencio de \d+ s)\) )?Rigoberto Salas( \[insulto\])?: (.*)",
                             linea):
            marcas = tuple(x.strip(" []") for x in m.groups()[:2] if x)
            cliente.append((m[3], marcas))
        elif linea.startswith("Tú"):
            comentarios.append([])
        elif linea.startswith("    ") and not linea.startswith("    enfado"):
            comentarios[-1].append(_CITAS_CLI.sub("", linea.strip()))
        elif linea.startswith("── "):
            final = re.sub(r" \(nodo «[^»]*»\)", "", linea)
    return {"cliente": cliente, "comentarios": comentarios, "final": [final]}


async def _de_la_interfaz(tmp_path: Path, guion: Path) -> dict[str, list]:
    reloj = RelojManual()
    app = crear_app(tmp_path / "datos", semilla=3, reloj=reloj,
                    escenarios=[RAIZ / "escenarios" / "cliente-abusivo.yaml"])
    comentarios: list[list[str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await empezar(pilot, "Sin internet, con cobro y con insultos")
        pantalla = app.screen
        chat = pantalla.query_one(Chat)
        for paso in leer_guion(guion):
            if paso.tipo == "esperar":
                cuantas = len(chat.burbujas)
                reloj.avanzar(paso.segundos)
                await esperar(pilot, lambda: len(chat.burbujas) > cuantas)  # noqa: B023
                continue
            if paso.tipo == "terminar":
                await terminar(pilot, paso.texto)
            else:
                await responder(pilot, paso.texto)
            panel = texto(pantalla.query_one("#entrenador-texto", Static)).splitlines()
            comentarios.append([re.sub(" — «.*»$", "", x) for x in panel[1:]
                                if x and not x.startswith(("Consejo:", "La conversación"))])
        burbujas = chat.burbujas
        cliente = []
        for b in burbujas:
            if b.rol == "cliente":
                cabecera = str(b.render()).split("\n", 1)[0]
                marcas = tuple(cabecera.split(" · ")[1:])
                cliente.append((" ".join(b.texto.split()), marcas))
        final = str(burbujas[-1].render()).replace("\u00a0", " ")
    return {"cliente": cliente, "comentarios": comentarios, "final": [final]}


async def test_la_cli_y_la_interfaz_dicen_lo_mismo_de_la_misma_partida(tmp_path, ejecutar):
    guion = tmp_path / "guion.txt"
    guion.write_text(GUION, encoding="utf-8")
    salida = ejecutar("jugar", "cliente-abusivo", "--guion", str(guion), "--semilla", "3",
                      "--no-guardar")
    assert salida.codigo == 0, salida.todo
    cli = _de_la_cli(salida.out)
    interfaz = await _de_la_interfaz(tmp_path, guion)
    # La partida tiene de todo: si no, la comparación no probaría nada.
    marcas = {m for _, ms in cli["cliente"] for m in ms}
    assert marcas == {"insulto", "silencio de 30 s"}
    assert len(cli["comentarios"]) == 4 and all(cli["comentarios"])
    assert cli["final"][0].startswith("── Final: relación terminada")
    assert interfaz == cli
