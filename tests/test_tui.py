"""La interfaz de texto manejada con Pilot, como la usaría un agente nuevo (80×24).

Cada prueba fija reloj (RelojManual), semilla y carpeta de datos; la pausa
«escribiendo…» es cero salvo donde se prueba. La nota que se ve en pantalla
se compara con la del motor (`Sesion.resultado()`) y con `simulador jugar
--json` con la misma semilla y las mismas respuestas.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandList
from textual.widgets import Input, OptionList, Static

from simulador.catalogo import cargar_catalogo
from simulador.motor import RelojManual, Sesion
from simulador.motor.guion import leer_guion
from simulador.rubricas import cargar_calificador
from simulador.tui.app import SimuladorApp
from simulador.tui.config import Config
from simulador.tui.pantallas.ayuda import Ayuda
from simulador.tui.pantallas.confirmar import Confirmar
from simulador.tui.pantallas.conversacion import PantallaConversacion
from simulador.tui.pantallas.despedida import Despedida
from simulador.tui.pantallas.inicio import PantallaInicio
from simulador.tui.pantallas.pendientes import Pendientes
from simulador.tui.pantallas.resultado import PantallaResultado
from simulador.tui.pantallas.revision import PantallaRevision
from simulador.tui.widgets.burbuja import Burbuja
from simulador.tui.widgets.chat import Chat
from simulador.tui.widgets.criterios import BarraCriterio
from simulador.tui.widgets.enfado import MedidorEnfado
from simulador.tui.widgets.entrada import EntradaRespuesta

RAIZ = Path(__file__).resolve().parents[1]
ESCENARIOS = RAIZ / "escenarios"
GUIONES = Path(__file__).parent / "guiones"
# Tres escenarios fijos: las pruebas no cambian cuando se añaden escenarios.
FIJOS = [ESCENARIOS / f"{n}.yaml" for n in ("pedido-retrasado", "cliente-abusivo",
                                             "exige-imposible")]
TAMANO = (80, 24)
# Compilar la rúbrica cuesta: todas las pruebas comparten una.
_calificador = functools.cache(cargar_calificador)


def crear_app(datos: Path, *, semilla: int = 3, reloj: RelojManual | None = None,
              escenarios: Sequence[Path] = FIJOS, escribiendo: float = 0.0) -> SimuladorApp:
    return SimuladorApp(Config(escenarios=list(escenarios), datos=datos,
                               reloj=reloj or RelojManual(), escribiendo=escribiendo,
                               semilla=semilla, parpadeo=False,
                               cargar_calificador=_calificador))


@pytest.fixture
def datos(tmp_path: Path) -> Path:
    return tmp_path / "datos"


async def esperar(pilot, condicion, veces: int = 200) -> None:
    """Espera a que se cumpla la condición (sin pausas fijas)."""
    for _ in range(veces):
        if condicion():
            return
        await pilot.pause(0.01)
    raise AssertionError("la condición no llegó a cumplirse")


async def guardado(pilot) -> None:
    """Los guardados en el historial (van en un hilo) terminados y su aviso pintado."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def listo(pilot) -> None:
    """Primera pantalla pintada y catálogo y rúbrica preparados en segundo plano."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def empezar(pilot, titulo: str, *, nombre: str = "", examen: bool = False,
                  esperar_guardado: bool = True) -> None:
    app: SimuladorApp = pilot.app
    await listo(pilot)
    inicio = app.screen
    assert isinstance(inicio, PantallaInicio)
    if nombre:
        inicio.query_one("#nombre", Input).value = nombre
    if examen:
        inicio.query_one("#modo").focus()
        await pilot.press("right")
    lista = inicio.query_one("#escenarios", OptionList)
    lista.highlighted = next(n for n, i in enumerate(inicio.visibles)
                             if inicio.resumenes[i].titulo == titulo)
    lista.focus()
    await pilot.press("enter")
    await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
    await pilot.pause()
    if esperar_guardado:  # sin esperar: una prueba que retiene el guardado a propósito
        await guardado(pilot)


async def responder(pilot, texto: str) -> None:
    entrada = pilot.app.screen.query_one(EntradaRespuesta)
    entrada.text = texto
    await pilot.press("enter")
    await pilot.pause()
    await guardado(pilot)


async def terminar(pilot, despedida: str) -> None:
    app: SimuladorApp = pilot.app
    await pilot.press("ctrl+t")
    await esperar(pilot, lambda: isinstance(app.screen, Despedida))
    app.screen.query_one("#texto-despedida", Input).value = despedida
    await pilot.press("enter")
    await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
    await pilot.press("enter")  # el foco está en «Terminar»
    await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
    await pilot.pause()
    await guardado(pilot)


async def jugar_guion(pilot, guion: Path) -> None:
    for paso in leer_guion(guion):
        if paso.tipo == "terminar":
            await terminar(pilot, paso.texto)
        elif paso.tipo == "responder":
            await responder(pilot, paso.texto)
        if pilot.app.screen.sesion.terminada:
            break


async def ver_resultado(pilot) -> PantallaResultado:
    app: SimuladorApp = pilot.app
    assert app.screen.sesion.terminada
    await pilot.press("enter")  # el foco está en «Ver el resultado»
    await esperar(pilot, lambda: isinstance(app.screen, PantallaResultado))
    await pilot.pause()
    return app.screen


def resultado_del_motor(escenario: str, guion: Path, semilla: int, modo: str = "practica"):
    """La misma sesión, sin interfaz: lo que la pantalla debe mostrar."""
    catalogo = cargar_catalogo([ESCENARIOS / f"{escenario}.yaml"])
    sesion = Sesion(catalogo.escenarios[0].modelo, _calificador(None), semilla=semilla,
                    modo=modo, reloj=RelojManual())
    sesion.iniciar()
    for paso in leer_guion(guion):
        if sesion.terminada:
            break
        if paso.tipo == "terminar":
            sesion.terminar_relacion(paso.texto)
        else:
            sesion.responder(paso.texto)
    return sesion.resultado()


def texto(widget: Static) -> str:
    return str(widget.render())


# --- inicio --------------------------------------------------------------------------


async def test_la_primera_pintada_ya_tiene_los_titulos(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await pilot.pause()
        lista = app.screen.query_one("#escenarios", OptionList)
        titulos = [str(lista.get_option_at_index(i).prompt).split("\n")[0]
                   for i in range(lista.option_count)]
        assert titulos == ["El pedido que nunca llega", "Sin internet, con cobro y con insultos",
                           "La app que nunca vamos a hacer"]
        detalle = texto(app.screen.query_one("#detalle", Static))
        assert "cafetera" in detalle and "fácil" in detalle and "chat" in detalle
        assert app.screen.query_one("#nombre", Input).has_focus


async def test_el_filtro_ignora_tildes_y_mayusculas(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        await pilot.press("ctrl+f", *"TELEFONO")
        inicio = app.screen
        assert [inicio.resumenes[i].id for i in inicio.visibles] == ["cliente-abusivo"]
        await pilot.press("ctrl+a", "ctrl+k", *"zzz")  # nada coincide
        await pilot.pause()
        assert inicio.visibles == []
        assert "Ningún escenario coincide" in texto(inicio.query_one("#detalle", Static))
        await pilot.press("f5")
        await pilot.pause()
        assert "Elija antes un escenario" in texto(inicio.query_one("#aviso", Static))


async def test_nombre_equipo_y_modo_se_recuerdan(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        await pilot.press(*"Marta", "tab", *"Turno mañana")
        await empezar(pilot, "Sin internet, con cobro y con insultos", examen=True)
        assert app.screen.sesion.agente == "Marta"
        assert app.screen.sesion.equipo == "Turno mañana"
        assert app.screen.sesion.modo == "examen"
    guardado = json.loads((datos / "preferencias.json").read_text(encoding="utf-8"))
    assert guardado["nombre"] == "Marta" and guardado["escenario"] == "cliente-abusivo"

    otra = crear_app(datos)
    async with otra.run_test(size=TAMANO) as pilot:
        # La sesión quedó a medias: se ofrece al arrancar; «más tarde» vuelve al inicio.
        await esperar(pilot, lambda: isinstance(otra.screen, Pendientes))
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(otra.screen, PantallaInicio))
        inicio = otra.screen
        assert inicio.query_one("#nombre", Input).value == "Marta"
        assert inicio.query_one("#equipo", Input).value == "Turno mañana"
        assert inicio.modo == "examen"
        assert inicio.seleccionado().id == "cliente-abusivo"
        assert inicio.query_one("#escenarios").has_focus  # con nombre, directo a la lista


async def test_en_el_navegador_cada_pestana_es_otra_persona(datos):
    """Con `simulador servir`, la siguiente persona no ve el nombre de la anterior, no se
    guarda el suyo para la siguiente y no se le ofrecen sesiones a medias ajenas."""
    datos.mkdir(parents=True)
    (datos / "preferencias.json").write_text(json.dumps({"nombre": "Marta",
                                                         "equipo": "Mañana"}),
                                             encoding="utf-8")
    app = SimuladorApp(replace(crear_app(datos).config, en_navegador=True))
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        inicio = app.screen
        assert isinstance(inicio, PantallaInicio)
        assert inicio.query_one("#nombre", Input).value == ""
        await pilot.press(*"Luis", "tab", *"Tarde")
        await empezar(pilot, "El pedido que nunca llega")
    guardado = json.loads((datos / "preferencias.json").read_text(encoding="utf-8"))
    assert guardado["nombre"] == "Marta"  # lo de la pestaña de Luis no se guardó


async def test_preferencias_rotas_no_impiden_arrancar(datos):
    datos.mkdir(parents=True)
    (datos / "preferencias.json").write_text("{no es json", encoding="utf-8")
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#nombre", Input).value == ""


async def test_archivos_rotos_de_escenarios_se_avisan(datos, tmp_path):
    extra = tmp_path / "mios"
    extra.mkdir()
    (extra / "roto.yaml").write_text("id: roto\ntitulo: [sin cerrar\n", encoding="utf-8")
    app = crear_app(datos, escenarios=[*FIJOS, extra])
    async with app.run_test(size=TAMANO) as pilot:
        await pilot.pause()
        aviso = texto(app.screen.query_one("#aviso", Static))
        assert aviso == ("1 escenario no se puede jugar (roto.yaml): elíjalo en la lista, "
                         "marcado con ✗, para leer por qué.")
    # La segunda vez sale del índice y dice lo mismo.
    otra = crear_app(datos, escenarios=[*FIJOS, extra])
    async with otra.run_test(size=TAMANO) as pilot:
        await pilot.pause()
        assert texto(otra.screen.query_one("#aviso", Static)) == aviso


def _carpeta_con_rotos(tmp_path: Path) -> Path:
    """Un escenario que carga pero apunta a un nodo que no existe y otro que ni carga."""
    carpeta = tmp_path / "mios"
    carpeta.mkdir()
    rotos = Path(__file__).parent / "datos" / "rotos"
    (carpeta / "destino.yaml").write_text(
        (rotos / "destino_inexistente.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (carpeta / "tabulador.yaml").write_text(
        (rotos / "tabulador.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return carpeta


def _fila(inicio: PantallaInicio, indice: int) -> str:
    return str(inicio.query_one("#escenarios", OptionList).get_option_at_index(indice).prompt)


@pytest.mark.parametrize("vez", ["catalogo", "indice"])
async def test_un_escenario_que_no_se_puede_jugar_se_marca_y_explica(datos, tmp_path, vez):
    carpeta = _carpeta_con_rotos(tmp_path)
    if vez == "indice":  # la segunda vez la lista sale del índice guardado: dice lo mismo
        async with crear_app(datos, escenarios=[*FIJOS, carpeta]).run_test(size=TAMANO) as p:
            await listo(p)
    app = crear_app(datos, escenarios=[*FIJOS, carpeta])
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        inicio = app.screen
        assert isinstance(inicio, PantallaInicio)
        titulos = [r.titulo for r in inicio.resumenes]
        assert titulos[3:] == ["Un pedido que no llega", "tabulador.yaml"]
        assert _fila(inicio, 0).endswith("fácil · chat")
        assert _fila(inicio, 3) == "Un pedido que no llega\n✗ no se puede jugar"
        assert _fila(inicio, 4) == "tabulador.yaml\n✗ no se puede jugar"
        assert "2 escenarios no se pueden jugar" in texto(inicio.query_one("#aviso", Static))

        lista = inicio.query_one("#escenarios", OptionList)
        lista.focus()
        lista.highlighted = 3
        await pilot.pause()
        detalle = texto(inicio.query_one("#detalle", Static))
        assert detalle.startswith("Un pedido que no llega\n✗ no se puede jugar (2 errores):\n")
        # Los errores enteros, con archivo, línea y clave, sin cortar.
        for error in inicio.resumenes[3].errores:
            assert error in " ".join(detalle.split()), error
        assert "destino.yaml:18:9: error en «nodos.saludo.transiciones[1].ir_a»: el nodo " \
               "«resueltoo» no existe. ¿Quiso decir «resuelto»?" in " ".join(detalle.split())
        assert inicio.query_one("#empezar").disabled
        # Ni Intro en la lista ni F5 lo empiezan.
        await pilot.press("enter")
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen is inicio
        assert "no se puede jugar: sus errores están a la derecha" in texto(
            inicio.query_one("#aviso", Static))
        # Tampoco la paleta lo ofrece.
        assert not any("Un pedido que no llega" in a.titulo for a in inicio.acciones())

        lista.highlighted = 4
        await pilot.pause()
        detalle = " ".join(texto(inicio.query_one("#detalle", Static)).split())
        assert "✗ no se puede jugar (1 error):" in detalle
        assert "tabulador.yaml:9:1: error en «cliente»: hay un tabulador" in detalle
        assert inicio.query_one("#empezar").disabled

        lista.highlighted = 0  # uno bueno vuelve a poder empezarse
        await pilot.pause()
        assert not inicio.query_one("#empezar").disabled
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))


async def test_ids_repetidos_se_avisan_con_los_dos_archivos(datos):
    repetidos = Path(__file__).parent / "datos" / "rotos" / "ids_repetidos"
    app = crear_app(datos, escenarios=[repetidos])
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        inicio = app.screen
        assert isinstance(inicio, PantallaInicio)
        for indice, otro in ((0, "segundo.yaml:2"), (1, "primero.yaml:2")):
            assert _fila(inicio, indice).endswith("fácil · chat · ! id repetido")
            inicio.query_one("#escenarios", OptionList).highlighted = indice
            await pilot.pause()
            detalle = " ".join(texto(inicio.query_one("#detalle", Static)).split())
            assert "el id «mismo-id»" in detalle and otro in detalle
            # Se puede jugar: cada archivo es un escenario entero y correcto.
            assert not inicio.query_one("#empezar").disabled


# --- una partida entera ----------------------------------------------------------------


async def test_partida_completa_la_nota_es_la_del_motor(datos, ejecutar):
    guion = GUIONES / "pedido-retrasado-modelo.txt"
    app = crear_app(datos, semilla=7)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        pasos = leer_guion(guion)
        # La primera respuesta, en parte tecleada (con Ctrl+J en medio para saltar de línea).
        primera = pasos[0].texto
        corte = primera.index(", y que")
        entrada = app.screen.query_one(EntradaRespuesta)
        entrada.insert(primera[:corte])
        await pilot.press("ctrl+j")
        entrada.insert(primera[corte + 2:-6])
        await pilot.press(*primera[-6:])
        await pilot.pause()
        assert app.screen.query_one(EntradaRespuesta).text.count("\n") == 1
        await pilot.press("enter")
        await pilot.pause()
        sesion = app.screen.sesion
        assert sesion.respuestas[0].texto == primera[:corte] + "\n" + primera[corte + 2:]
        for paso in pasos[1:]:
            await responder(pilot, paso.texto)
        pantalla = await ver_resultado(pilot)
        mostrado = texto(pantalla.query_one("#puntaje", Static))
        barras = {b.id: b.nota for b in pantalla.query(BarraCriterio)}

    esperado = resultado_del_motor("pedido-retrasado", guion, 7)
    # La nota no depende del salto de línea de la primera respuesta.
    assert mostrado.startswith(f"{esperado.puntaje}/100")
    assert barras == {f"criterio-{k}": v for k, v in esperado.criterios.items()}
    assert pantalla.resultado.puntaje == esperado.puntaje

    salida = ejecutar("jugar", str(FIJOS[0]), "--guion", str(guion), "--semilla", "7", "--json")
    assert salida.codigo == 0, salida.todo
    assert json.loads(salida.out)["puntaje"] == esperado.puntaje


@pytest.mark.parametrize("guion", ["cliente-abusivo-correcto", "cliente-abusivo-pobre"])
async def test_cierre_y_final_se_explican_como_dice_el_motor(datos, ejecutar, guion):
    ruta = GUIONES / f"{guion}.txt"
    app = crear_app(datos, semilla=1)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "Sin internet, con cobro y con insultos")
        await jugar_guion(pilot, ruta)
        pantalla = await ver_resultado(pilot)
        cierre = texto(pantalla.query_one("#cierre", Static))
        final = texto(pantalla.query_one("#final", Static))
        puntaje = texto(pantalla.query_one("#puntaje", Static))
        lecciones = [texto(w) for w in pantalla.query(".leccion").results(Static)]
    salida = ejecutar("jugar", str(FIJOS[1]), "--guion", str(ruta), "--semilla", "1", "--json")
    motor = json.loads(salida.out)
    assert puntaje.startswith(f"{motor['puntaje']}/100")
    assert ("NO APROBADO" not in puntaje) == motor["aprobado"]
    nombres = {"correcto": "correcto", "no_aplica": "no aplica", "tardio": "tardío",
               "prematuro": "prematuro", "descortes": "descortés"}
    assert f"Cierre de la relación: {nombres[motor['cierre']]}" in cierre
    assert cierre.startswith("✓" if motor["cierre_bien"] else "✗")
    assert "avisar con cortesía al primer insulto" in cierre  # lo que esperaba el escenario
    if motor["final"]["tipo"] == "relacion_terminada":
        assert "relación terminada" in final
    assert len(lecciones) == max(1, len(motor["lecciones"]))
    for leccion, esperada in zip(lecciones, motor["lecciones"], strict=False):
        assert esperada["principio"][:40] in " ".join(leccion.split())


async def test_modo_examen_sin_entrenador_hasta_el_final(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega", examen=True)
        assert not app.screen.query("#entrenador")
        await responder(pilot, "El retraso es culpa de la mensajería, no depende de nosotros.")
        assert not app.screen.query("#entrenador")
        assert not any(e.__class__.__name__ == "Valoracion" for e in app.screen.sesion.eventos)


async def test_el_entrenador_muestra_senales_palabras_y_un_consejo(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await responder(pilot, "El retraso es culpa de la mensajería. Consulte nuestra página "
                               "de seguimiento.")
        panel = texto(app.screen.query_one("#entrenador-texto", Static))
        assert "Respuesta 1" in panel
        assert "✗ excusa" in panel and "«" in panel
        assert "Consejo:" in panel and "escude" in panel


async def test_al_terminar_el_entrenador_remite_al_resultado(datos):
    """Un «siga así» ya no sirve cuando la conversación acabó: el panel manda al resultado
    y el aviso de fin no deja la raya sola en otra línea."""
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-modelo.txt")
        pantalla = app.screen
        await esperar(pilot, lambda: pantalla.sesion.terminada)
        await pilot.pause()
        panel = texto(pantalla.query_one("#entrenador-texto", Static))
        assert "La conversación ha terminado" in panel and "Respuesta 2" in panel
        fin = pantalla.query_one(Chat).burbujas[-1]
        assert "──\u00a0Final: " in texto(fin) and "\u00a0──" in texto(fin)


# --- tiempo: silencios con el reloj inyectado ------------------------------------------


async def test_el_cliente_insiste_solo_si_el_agente_calla(datos):
    reloj = RelojManual()
    app = crear_app(datos, reloj=reloj)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        pantalla = app.screen
        chat = pantalla.query_one(Chat)
        assert len(chat.burbujas) == 1
        reloj.avanzar(30)
        pantalla._tic()  # el tic de la pantalla, sin esperar a su temporizador
        await pilot.pause()
        assert len(chat.burbujas) == 1  # a los 30 s todavía no toca
        assert "insiste en 0:30" in texto(pantalla.query_one("#cronometro", Static))
        reloj.avanzar(31)
        await esperar(pilot, lambda: len(chat.burbujas) == 2)
        insistencia = chat.burbujas[1]
        assert insistencia.rol == "cliente"
        assert "silencio de 60 s" in str(insistencia.render())
        assert pantalla.query_one(MedidorEnfado).enfado == 65  # 55 + 10 del silencio
        assert pantalla.sesion.turnos[-1].origen == "silencio"


async def test_con_un_dialogo_abierto_el_cliente_no_se_impacienta(datos):
    """Escribir la despedida o leer la ayuda no cuenta como silencio: el cliente no insiste
    ni se va mientras tanto, y la despedida escrita llega."""
    reloj = RelojManual()
    app = crear_app(datos, reloj=reloj)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        pantalla = app.screen
        chat = pantalla.query_one(Chat)
        cronometro = pantalla.query_one("#cronometro", Static)
        reloj.avanzar(30)
        await pilot.press("f1")
        await esperar(pilot, lambda: isinstance(app.screen, Ayuda))
        reloj.avanzar(600)  # diez minutos leyendo la ayuda
        pantalla._tic()  # el tic llega también con la ayuda encima
        await pilot.press("escape")
        await esperar(pilot, lambda: app.screen is pantalla)
        pantalla._tic()
        await pilot.pause()
        assert len(chat.burbujas) == 1
        # El reloj que ve el alumno tampoco cuenta los diez minutos de la ayuda.
        assert "Sin responder 0:30" in texto(cronometro)
        assert "insiste en 0:30" in texto(cronometro)
        # Y mientras escribe la despedida, tampoco.
        await pilot.press("ctrl+t")
        await esperar(pilot, lambda: isinstance(app.screen, Despedida))
        reloj.avanzar(600)
        pantalla._tic()
        app.screen.query_one("#texto-despedida", Input).value = (
            "Lo siento, Lucía: doy por terminada la conversación. Que tenga buen día.")
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        reloj.avanzar(600)
        await pilot.press("enter")
        await esperar(pilot, lambda: app.screen is pantalla)
        await esperar(pilot, lambda: pantalla.sesion.terminada)
        sesion = pantalla.sesion
        assert [t.origen for t in sesion.turnos if t.rol == "cliente"][:1] == ["nodo"]
        assert not any(t.origen == "silencio" for t in sesion.turnos)
        assert sesion.respuestas[-1].origen == "terminar"
        assert sesion.respuestas[-1].texto.startswith("Lo siento, Lucía")


async def test_la_pausa_escribiendo_antes_de_cada_linea(datos):
    # Una pausa larga: con la máquina cargada, una corta podría vencer antes de responder.
    app = crear_app(datos, escribiendo=3.0)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        app.screen.query_one("#escenarios").focus()
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        pantalla = app.screen
        chat = pantalla.query_one(Chat)
        escribiendo = pantalla.query_one("#escribiendo", Static)
        await esperar(pilot, lambda: "Lucía está escribiendo" in texto(escribiendo))
        assert chat.burbujas == []  # la línea aún no ha llegado
        await responder(pilot, "Hola")  # mientras escribe, no se envía
        assert pantalla.sesion.respuestas == []
        assert "está escribiendo" in texto(pantalla.query_one("#aviso", Static))
        await esperar(pilot, lambda: len(chat.burbujas) == 1, veces=2000)
        await esperar(pilot, lambda: texto(escribiendo) == "")


async def test_abandonar_mientras_el_cliente_escribe(datos):
    app = crear_app(datos, escribiendo=0.3)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        app.screen.query_one("#escenarios").focus()
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("s")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))
        await pilot.pause(0.5)  # la pausa «escribiendo…» vence sin pantalla: sin errores
        assert app.is_running


# --- entradas raras -----------------------------------------------------------------


async def test_una_respuesta_vacia_no_se_envia(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await pilot.press("space", "space", "ctrl+j", "enter")
        await pilot.pause()
        pantalla = app.screen
        assert pantalla.sesion.respuestas == []
        assert len(pantalla.query_one(Chat).burbujas) == 1
        assert "vacía" in texto(pantalla.query_one("#aviso", Static))
        await responder(pilot, "\u200b \u200b")  # solo invisibles
        assert pantalla.sesion.respuestas == []


async def test_pegar_diez_mil_caracteres_con_emoji_y_corchetes(datos):
    app = crear_app(datos)
    largo = ("Lucía, siento mucho el retraso de su cafetera 😊☕ [bold]no[/] "
             * 200)[:10_000]
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        entrada = app.screen.query_one(EntradaRespuesta)
        app.post_message(events.Paste(largo))  # como un pegado del terminal
        await pilot.pause()
        assert entrada.text == largo
        await pilot.press("enter")
        await pilot.pause()
        pantalla = app.screen
        assert pantalla.sesion.respuestas[0].texto == largo
        burbuja = pantalla.query_one(Chat).burbujas[1]
        assert burbuja.rol == "agente" and "10000 caracteres" in str(burbuja.render())
        # Nada se sale de la pantalla.
        for selector in ("#chat", "#respuesta", "#entrenador", "#enfado"):
            region = pantalla.query_one(selector).region
            assert region.width > 0 and region.right <= TAMANO[0]
            assert region.bottom <= TAMANO[1]


async def test_redimensionar_no_rompe_la_disposicion(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "Sin internet, con cobro y con insultos")
        await responder(pilot, "Veo que lleva cuatro días sin internet y tres reportes.")
        for ancho, alto in ((120, 40), (200, 60), (81, 25), (80, 24)):
            await pilot.resize_terminal(ancho, alto)
            await pilot.pause()
            pantalla = app.screen
            for selector in ("#cabecera", "#enfado", "#cronometro", "#chat", "#entrenador",
                             "#respuesta"):
                region = pantalla.query_one(selector).region
                assert region.width > 0 and region.height > 0, (selector, ancho, alto)
                assert region.right <= ancho and region.bottom <= alto, (selector, ancho, alto)
            chat = pantalla.query_one("#chat").region
            entrada = pantalla.query_one("#respuesta").region
            assert chat.bottom <= entrada.y  # el chat nunca tapa la caja de respuesta
        # Y las demás pantallas también caben.
        await terminar(pilot, "Como le advertí, doy por terminada esta llamada.")
        pantalla = await ver_resultado(pilot)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert pantalla.query_one("#acciones").region.bottom <= 40
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert pantalla.query_one("#acciones").region.bottom <= 24


# --- teclas globales, confirmaciones y paleta -----------------------------------------


async def test_f1_abre_la_ayuda_en_cada_pantalla(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:

        async def ayuda_y_cerrar(pantalla_esperada) -> None:
            await pilot.press("f1")
            await esperar(pilot, lambda: isinstance(app.screen, Ayuda))
            contenido = " ".join(str(w.render()) for w in app.screen.query(Static))
            assert "P: los principios" in contenido  # a una tecla
            await pilot.press("p")
            contenido = " ".join(str(w.render()) for w in app.screen.query(Static))
            assert "Principios" in contenido and "Tolerancia cero" in contenido
            await pilot.press("f1")  # F1 otra vez la cierra
            await esperar(pilot, lambda: isinstance(app.screen, pantalla_esperada))

        await listo(pilot)
        await ayuda_y_cerrar(PantallaInicio)
        await empezar(pilot, "El pedido que nunca llega")
        await ayuda_y_cerrar(PantallaConversacion)
        await pilot.press("f1")
        await esperar(pilot, lambda: isinstance(app.screen, Ayuda))
        teclas = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Terminar" in teclas and "Abandonar" in teclas  # las de la conversación
        await pilot.press("escape")
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-modelo.txt")
        await ver_resultado(pilot)
        await ayuda_y_cerrar(PantallaResultado)
        await pilot.press("r")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaRevision))
        await ayuda_y_cerrar(PantallaRevision)


async def test_ctrl_q_pide_confirmacion_durante_una_sesion(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await pilot.press("ctrl+q")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("escape")  # «Seguir»
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        assert app.is_running
        await pilot.press("escape")  # otra ventana de confirmación (abandonar)…
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("ctrl+q")  # …y Ctrl+Q encima pregunta igualmente
        await esperar(pilot, lambda: app.screen.id == "confirmar-salir")
        await pilot.press("s")
        await esperar(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_ctrl_q_sale_sin_preguntar_fuera_de_una_sesion(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        await pilot.press("ctrl+q")
        await esperar(pilot, lambda: not app.is_running)


async def test_abandonar_pide_confirmacion(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("n")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("tab", "enter")  # del «Seguir» al… «Abandonar» (hay dos botones)
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))


async def test_terminar_se_puede_cancelar_y_pide_despedida(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await pilot.press("ctrl+t")
        await esperar(pilot, lambda: isinstance(app.screen, Despedida))
        # Sin insultos ni nada que lo justifique, la práctica avisa de que sería prematuro
        # y no propone una despedida que cite un aviso que nunca se dio.
        consejo = texto(app.screen.query_one(".pista", Static))
        assert "prematuro" in consejo and "Como le advertí" not in consejo
        await pilot.press("enter")  # sin despedida no sigue
        await pilot.pause()
        assert isinstance(app.screen, Despedida)
        assert "Escriba una despedida" in texto(app.screen.query_one("#aviso-despedida", Static))
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        assert not app.screen.sesion.terminada
        # «/terminar TEXTO» en la caja hace lo mismo, con el texto ya puesto.
        await responder(pilot, "/terminar Doy por terminada la conversación.")
        await esperar(pilot, lambda: isinstance(app.screen, Despedida))
        valor = app.screen.query_one("#texto-despedida", Input).value
        assert valor == "Doy por terminada la conversación."
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, Confirmar))
        await pilot.press("escape")  # al final se arrepiente
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        assert not app.screen.sesion.terminada


async def test_la_paleta_lista_las_acciones_de_la_pantalla(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await pilot.press("ctrl+p")
        await esperar(pilot, lambda: app.screen.query(CommandList))
        await pilot.press(*"terminar rel")
        lista = app.screen.query_one(CommandList)
        await esperar(pilot, lambda: lista.option_count > 0)
        opciones = [str(lista.get_option_at_index(i).prompt) for i in range(lista.option_count)]
        assert any("Terminar la relación con el cliente" in o for o in opciones)
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, Despedida))


async def test_la_paleta_en_inicio_ofrece_cada_escenario(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        await pilot.press("ctrl+p", *"app que nunca")
        lista = app.screen.query_one(CommandList)
        await esperar(pilot, lambda: lista.option_count > 0)
        await pilot.press("enter")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        assert app.screen.sesion.escenario.id == "exige-imposible"


# --- resultado, revisión y repetir -----------------------------------------------------


async def test_la_revision_resalta_las_evidencias(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-pobre.txt")
        pantalla = await ver_resultado(pilot)
        await pilot.press("r")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaRevision))
        revision = app.screen
        turnos = pantalla.resultado.turnos
        assert len(revision.query(Burbuja)) == len(turnos)
        primera = next(i for i, t in enumerate(turnos) if t["rol"] == "agente")
        evidencias = turnos[primera]["evidencias"]
        assert evidencias
        burbuja = revision.query_one(f"#turno-{primera}", Burbuja)
        contenido = burbuja.render()
        inicio_cuerpo = str(contenido).index("\n") + 1
        tramos = {(s.start - inicio_cuerpo, s.end - inicio_cuerpo) for s in contenido.spans}
        for e in evidencias:
            assert (e["inicio"], e["fin"]) in tramos
        senales = texto(revision.query_one(f"#senales-{primera}", Static))
        assert "✗ excusa" in senales
        await pilot.press("escape")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaResultado))


async def test_repetir_con_la_misma_y_con_otra_semilla(datos):
    app = crear_app(datos, semilla=11)
    async with app.run_test(size=TAMANO) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        primera_linea = app.screen.sesion.turnos[0].texto
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-modelo.txt")
        await ver_resultado(pilot)
        await pilot.press("m")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        assert app.screen.sesion.semilla == 11
        assert app.screen.sesion.turnos[0].texto == primera_linea
        assert len(app.screen_stack) == 2  # inicio y conversación, nada más
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-modelo.txt")
        await ver_resultado(pilot)
        await pilot.press("n")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaConversacion))
        assert app.screen.sesion.semilla != 11
        await pilot.press("escape", "s")
        await esperar(pilot, lambda: isinstance(app.screen, PantallaInicio))


async def test_la_paleta_sin_resultados_lo_dice_en_espanol(datos):
    app = crear_app(datos)
    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        await pilot.press("ctrl+p")
        await esperar(pilot, lambda: app.screen.query(CommandList))
        await pilot.press(*"qxzqxz")
        lista = app.screen.query_one(CommandList)

        def textos() -> list[str]:
            return [str(lista.get_option_at_index(i).prompt.renderable)
                    if hasattr(lista.get_option_at_index(i).prompt, "renderable")
                    else str(lista.get_option_at_index(i).prompt)
                    for i in range(lista.option_count)]

        await esperar(pilot, lambda: any("Ninguna acción coincide" in t for t in textos()))
        assert not any("No matches" in t for t in textos())


async def test_a_80x24_las_lecciones_se_alcanzan_con_el_foco_en_los_botones(datos):
    """El foco empieza en «Revisar»: aun así, Fin, AvPág, ↓ e Inicio mueven el informe y
    las lecciones, que a 80×24 quedan debajo, se pueden leer."""
    app = crear_app(datos)
    async with app.run_test(size=(80, 24)) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-pobre.txt")
        pantalla = await ver_resultado(pilot)
        informe = pantalla.query_one("#informe")
        assert pantalla.query_one("#revisar").has_focus and informe.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert informe.scroll_y == informe.max_scroll_y
        ultima = pantalla.query(".leccion").last()
        assert ultima.region.bottom <= informe.region.bottom and ultima.region.height > 0
        await pilot.press("home")
        await pilot.pause()
        assert informe.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert informe.scroll_y > 0
        await pilot.press("up")
        await pilot.pause()
        despues = informe.scroll_y
        await pilot.press("down")
        await pilot.pause()
        assert informe.scroll_y == despues + 1
        assert pantalla.query_one("#revisar").has_focus  # el foco no se ha movido


async def test_f1_explica_la_pantalla_en_la_que_se_pulsa(datos):
    """Cada pantalla tiene su ayuda: cómo moverse, sus teclas y sus términos; los principios
    quedan a una tecla (P)."""
    app = crear_app(datos)

    async def ayuda(pilot) -> str:
        await pilot.press("f1")
        await esperar(pilot, lambda: isinstance(app.screen, Ayuda))
        return texto(app.screen.query_one("#ayuda-contenido", Static))

    async def cerrar(pilot) -> None:
        await pilot.press("escape")
        await esperar(pilot, lambda: not isinstance(app.screen, Ayuda))

    async with app.run_test(size=TAMANO) as pilot:
        await listo(pilot)
        inicio = await ayuda(pilot)
        assert "Tab" in inicio and "campo siguiente" in inicio
        assert "Práctica" in inicio and "Examen" in inicio and "Tendencia" not in inicio
        await pilot.press("p")
        principios = texto(app.screen.query_one("#ayuda-contenido", Static))
        assert "Escuche" in principios and "Principios" in texto(
            app.screen.query_one("#ayuda-titulo", Static))
        await pilot.press("p")
        assert "campo siguiente" in texto(app.screen.query_one("#ayuda-contenido", Static))
        await cerrar(pilot)

        await pilot.press("f2")  # la pantalla de equipo
        await esperar(pilot, lambda: app.screen.id == "equipo")
        equipo = await ayuda(pilot)
        assert "Tendencia" in equipo and "mejora" in equipo and "Errores cierre" in equipo
        assert "Ctrl+J" not in equipo
        await cerrar(pilot)
        await pilot.press("escape")
        await esperar(pilot, lambda: app.screen is app.inicio)

        await empezar(pilot, "El pedido que nunca llega")
        conversacion = await ayuda(pilot)
        assert "Ctrl+J" in conversacion and "salto de línea" in conversacion
        assert "Enfado" in conversacion and "/terminar" in conversacion
        await cerrar(pilot)


@pytest.mark.parametrize("tamano", [TAMANO, (60, 15)])
async def test_el_resultado_dice_la_semilla_y_el_pie_la_ayuda_en_cualquier_tamano(datos,
                                                                               tamano):
    """Con un título largo la semilla no se pierde (para repetir la sesión hay que verla),
    y en 60 columnas el pie deja sitio a F1 quitando Ctrl+Q y Ctrl+P."""
    app = crear_app(datos, semilla=4242)
    async with app.run_test(size=tamano) as pilot:
        await empezar(pilot, "El pedido que nunca llega")
        await jugar_guion(pilot, GUIONES / "pedido-retrasado-modelo.txt")
        pantalla = await ver_resultado(pilot)
        semilla = pantalla.query_one("#semilla", Static)
        assert "semilla 4242" in texto(semilla)
        assert semilla.region.right <= tamano[0] and semilla.region.width >= len(
            "semilla 4242")
        pie = " ".join(str(w.render()) for w in pantalla.query("Pie FooterKey"))
        assert "Ayuda" in pie
        assert ("Salir" in pie) == (tamano[0] >= 70)


def test_el_consejo_tras_un_insulto_sin_aviso_pide_poner_el_limite():
    from simulador.tui.textos import elegir_consejo

    # Lo que el motor echa en falta primero (ver motor.comentarios) es lo que se aconseja.
    consejo = elegir_consejo([("advierte", "falta"), ("escucha", "bien"),
                              ("disculpa", "falta")], {})
    assert "insultó" in consejo and "terminaré la conversación" in consejo
