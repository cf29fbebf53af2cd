"""El historial: cada acción se guarda al momento y una sesión a medias se reanuda igual."""

from __future__ import annotations

import functools
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulador.historial import (
    ErrorDeHistorial,
    ErrorDeReanudacion,
    Grabador,
    Historial,
    SesionNoEncontrada,
    grabar,
    reanudar,
)
from simulador.historial import grabador as modulo_grabador
from simulador.motor import RelojManual, Sesion
from simulador.motor.escenarios import localizar_escenario
from simulador.motor.guion import Paso, ejecutar_paso, interpretar_linea
from simulador.motor.sesion import Modo
from simulador.rubricas import cargar_calificador

RAIZ = Path(__file__).resolve().parents[1]
GUIONES = RAIZ / "tests" / "guiones"
ORIGEN = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
_calificador = functools.cache(cargar_calificador)

# Un escenario propio con silencios encadenados: insistencias que llevan a otro nodo,
# varias insistencias en una sola comprobación y el límite de enfado tras ellas.
SILENCIOS = """\
id: silencios
titulo: Silencios encadenados
descripcion: Un cliente que insiste si nadie le contesta.
dificultad: facil
canal: chat
cliente: {nombre: Marta, enfado_inicial: 40}
puntos_clave: [{texto: pedido}]
cierre_esperado: no_aplica
inicio: queja
enfado: {limite: 90, al_limite: se_va}
silencio:
  segundos: 10
  enfado: 10
  dice: ["¿Hola?", "¿Sigue ahí?", "¿Me oye?"]
nodos:
  queja:
    dice: ["Mi pedido no llega.", "El pedido sigue sin llegar."]
    silencio: {segundos: 10, enfado: 5, dice: ["¿Hola? ¿Y mi pedido?"], ir_a: insiste}
    por_defecto: {ir_a: insiste}
  insiste:
    dice: ["Le he preguntado por mi pedido.", "¿Me va a contestar lo del pedido?"]
    transiciones:
      - {si: disculpa, ir_a: resuelto}
    por_defecto: {ir_a: insiste}
  resuelto: {dice: ["Gracias."], final: resuelto}
  se_va: {dice: ["Me voy."], final: abandona}
"""


def nueva_sesion(escenario: str | Path = "pedido-retrasado", semilla: int = 1,
                 agente: str = "Ana", equipo: str = "Mañana", fecha: datetime = ORIGEN,
                 modo: Modo = "practica") -> tuple[Sesion, Path]:
    cargado = localizar_escenario(str(escenario))
    sesion = Sesion(cargado.modelo, _calificador(), semilla=semilla, agente=agente,
                    equipo=equipo, reloj=RelojManual(fecha), modo=modo)
    return sesion, cargado.ruta


def jugar(historial: Historial, lineas: list[str], **opciones: object) -> Grabador:
    """Juega las líneas de un guion guardando después de cada acción."""
    sesion, ruta = nueva_sesion(**opciones)  # type: ignore[arg-type]
    grabador = grabar(historial, sesion, escenario=ruta)
    grabador.anotar(sesion.iniciar())
    seguir(grabador, lineas)
    return grabador


def seguir(grabador: Grabador, lineas: list[str]) -> None:
    for numero, linea in enumerate(lineas, start=1):
        paso = interpretar_linea(numero, linea)
        assert isinstance(paso, Paso), paso
        if grabador.sesion.terminada:
            break
        grabador.anotar(ejecutar_paso(grabador.sesion, paso))


def lineas_de(nombre: str) -> list[str]:
    texto = (GUIONES / f"{nombre}.txt").read_text(encoding="utf-8")
    return [x for x in texto.splitlines() if x.strip() and not x.startswith("#")]


@pytest.fixture
def historial(tmp_path: Path) -> Historial:
    with Historial(tmp_path / "datos" / "historial.sqlite3") as abierto:
        yield abierto


@pytest.fixture
def silencios(tmp_path: Path) -> Path:
    ruta = tmp_path / "silencios.yaml"
    ruta.write_text(SILENCIOS, encoding="utf-8")
    return ruta


def test_cada_accion_se_guarda_al_momento(historial):
    sesion, ruta = nueva_sesion()
    grabador = grabar(historial, sesion, escenario=ruta)
    assert not historial.existe  # nada se escribe hasta que empieza
    grabador.anotar(sesion.iniciar())
    for texto in lineas_de("pedido-retrasado-modelo"):
        sesion.reloj.avanzar(12.5)
        grabador.anotar(sesion.responder(texto))
        # Otra conexión (como otro proceso) ya lo ve: la transacción está confirmada.
        with Historial(historial.ruta) as otro:
            guardados = otro.turnos(grabador.ident)
        assert len(guardados) == len(sesion.turnos)
    ultimo_agente = [t for t in guardados if t.rol == "agente"][-1]
    original = sesion.respuestas[-1]
    assert ultimo_agente.texto == original.texto and ultimo_agente.momento == original.momento
    assert ultimo_agente.senales == original.senales
    assert ultimo_agente.evidencias == [e.como_dict() for e in original.evidencias]
    assert guardados[0].rol == "cliente" and "abuso" in guardados[0].senales


def test_la_sesion_terminada_guarda_resultado_y_transcripcion(historial):
    grabador = jugar(historial, lineas_de("pedido-retrasado-modelo"), agente="Ana",
                     equipo="Mañana")
    sesion = grabador.sesion
    assert sesion.terminada and grabador.al_dia
    (resumen,) = historial.sesiones()
    assert resumen.terminada and not resumen.pendiente and historial.pendientes() == []
    assert (resumen.agente, resumen.equipo, resumen.escenario) == ("Ana", "Mañana",
                                                                  "pedido-retrasado")
    assert resumen.inicio == ORIGEN and resumen.semilla == 1 and resumen.modo == "practica"
    assert resumen.rubrica == "estandar" and resumen.rubrica_version == _calificador().version
    assert len(resumen.escenario_version) == 8
    esperado = sesion.resultado()
    assert resumen.resultado is not None
    assert resumen.resultado.puntaje == esperado.puntaje
    assert resumen.resultado.criterios == esperado.criterios
    assert resumen.resultado.cierre == esperado.cierre
    assert resumen.resultado.final == "resuelto"
    assert resumen.resultado.turnos == len(sesion.turnos)
    assert historial.transcripcion(grabador.ident) == sesion.transcripcion()
    completo = historial.resultado(grabador.ident)
    assert completo is not None and completo["lecciones"] == [
        leccion.como_dict() for leccion in esperado.lecciones]


def _todos_los_cortes(historial: Historial, lineas: list[str], **opciones: object) -> None:
    """Jugar de un tirón y jugar cortando (y reanudando) después de cada paso dan lo mismo."""
    directo = jugar(historial, lineas, **opciones).sesion
    esperado = directo.resultado().como_dict()
    for corte in range(len(lineas)):
        cortada = jugar(historial, lineas[:corte], **opciones)
        assert historial.buscar(cortada.ident).pendiente or cortada.sesion.terminada
        if cortada.sesion.terminada:
            continue
        reanudada = reanudar(historial, cortada.ident, en_vivo=False)
        assert reanudada.ident == cortada.ident and reanudada.guardados == len(
            cortada.sesion.turnos)
        ultimo = cortada.sesion.turnos[-1].momento
        assert reanudada.sesion.segundos() == ultimo
        if cortada.sesion.segundos() != ultimo:
            # Un silencio que aún no había provocado nada no se guarda: al reanudar, el
            # reloj sigue desde el último turno (como la respuesta que se estaba escribiendo).
            continue
        seguir(reanudada, lineas[corte:])
        assert reanudada.sesion.resultado().como_dict() == esperado, f"corte en {corte}"
        guardados = historial.turnos(cortada.ident)
        assert [(t.rol, t.texto, t.momento) for t in guardados] == [
            (t.rol, t.texto, t.momento) for t in directo.turnos]
        assert historial.buscar(cortada.ident).terminada == directo.terminada


@pytest.mark.parametrize("nombre", ["pedido-retrasado-modelo", "pedido-retrasado-pobre",
                                    "cliente-abusivo-correcto", "exige-imposible-tardio"])
def test_reanudar_da_la_misma_sesion_que_jugarla_de_un_tiron(historial, nombre):
    _todos_los_cortes(historial, lineas_de(nombre),
                      escenario=nombre.rsplit("-", 1)[0], semilla=7)


def test_reanudar_con_silencios_encadenados_y_limite_de_enfado(historial, silencios):
    lineas = ["/esperar 35", "Vale.", "/esperar 100"]
    directo = jugar(historial, lineas, escenario=silencios, semilla=5).sesion
    origenes = [t.origen for t in directo.turnos]
    assert origenes.count("silencio") == 6 and directo.final is not None
    assert directo.final.motivo == "limite_enfado"
    _todos_los_cortes(historial, lineas, escenario=silencios, semilla=5)
    # Y con el reloj parado entre dos insistencias de la misma serie.
    _todos_los_cortes(historial, ["/esperar 12", "/esperar 20", "/esperar 10",
                                  "Lo siento mucho.", "/esperar 7"],
                      escenario=silencios, semilla=2)


def test_reanudar_aunque_el_escenario_haya_cambiado_o_desaparecido(historial, silencios):
    cortada = jugar(historial, ["Vale."], escenario=silencios, semilla=3)
    silencios.write_text(SILENCIOS.replace("Gracias.", "Muchas gracias."), encoding="utf-8")
    reanudada = reanudar(historial, cortada.ident, en_vivo=False)
    seguir(reanudada, ["Lo siento mucho, Marta."])
    assert reanudada.sesion.turnos[-1].texto == "Gracias."  # la versión con la que empezó
    otra = jugar(historial, ["Vale."], escenario=silencios, semilla=3)
    silencios.unlink()
    assert reanudar(historial, otra.ident, en_vivo=False).sesion.turnos[-1].texto == (
        otra.sesion.turnos[-1].texto)


def test_reanudar_avisa_si_la_conversacion_no_sale_igual(historial):
    cortada = jugar(historial, ["De acuerdo."])
    conexion = sqlite3.connect(historial.ruta)
    with conexion:  # lo que dijo el cliente ya no es lo que diría el escenario
        conexion.execute("UPDATE turnos SET texto = 'Otra cosa.' WHERE sesion = ? AND "
                         "indice = 2", (cortada.ident,))
    conexion.close()
    with pytest.raises(ErrorDeReanudacion, match="turno 3 no sale igual"):
        reanudar(historial, cortada.ident)


def test_reanudar_en_vivo_sigue_con_la_hora_real(historial):
    cortada = jugar(historial, ["De acuerdo."])
    momento = cortada.sesion.turnos[-1].momento
    sesion = reanudar(historial, cortada.ident).sesion
    assert momento <= sesion.segundos() < momento + 5
    assert sesion.inicio == ORIGEN


def test_descartar(historial):
    cortada = jugar(historial, ["De acuerdo."])
    terminada = jugar(historial, lineas_de("pedido-retrasado-modelo"))
    assert [s.ident for s in historial.pendientes()] == [cortada.ident]
    descartada = historial.descartar(cortada.ident[:8])
    assert descartada.estado == "descartada" and historial.pendientes() == []
    assert len(historial.turnos(cortada.ident)) == 3  # lo jugado no se pierde
    assert [s.ident for s in historial.terminadas()] == [terminada.ident]
    with pytest.raises(ErrorDeHistorial, match="ya estaba descartada"):
        historial.descartar(cortada.ident)
    with pytest.raises(ErrorDeHistorial, match="ya terminó"):
        historial.descartar(terminada.ident)
    with pytest.raises(ErrorDeReanudacion, match="descartada"):
        reanudar(historial, cortada.ident)
    with pytest.raises(ErrorDeReanudacion, match="ya terminó"):
        reanudar(historial, terminada.ident)


def test_buscar_por_el_comienzo_del_identificador(historial, monkeypatch):
    idents = iter(["abcd0001" + "0" * 24, "abcd0002" + "0" * 24, "ffff0000" + "0" * 24])
    monkeypatch.setattr(modulo_grabador, "nuevo_ident", lambda: next(idents))
    for _ in range(3):
        jugar(historial, ["De acuerdo."])
    assert historial.buscar("FFFF").ident.startswith("ffff")
    assert historial.buscar("abcd0002").ident.startswith("abcd0002")
    with pytest.raises(SesionNoEncontrada, match="puede ser varias sesiones"):
        historial.buscar("abcd")
    for malo in ("abc", "zzzz", "12345678"):
        with pytest.raises(SesionNoEncontrada):
            historial.buscar(malo)


def test_un_historial_que_no_existe_no_se_crea_al_consultar(tmp_path):
    historial = Historial(tmp_path / "nada" / "historial.sqlite3")
    assert historial.sesiones() == [] and historial.pendientes() == []
    assert historial.terminadas() == [] and historial.turnos("abcd") == []
    with pytest.raises(SesionNoEncontrada):
        historial.buscar("abcd")
    assert not (tmp_path / "nada").exists()


def test_wal_y_espera_configurados(historial):
    jugar(historial, ["De acuerdo."])
    with sqlite3.connect(historial.ruta) as conexion:
        assert conexion.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_un_archivo_que_no_es_un_historial(tmp_path):
    ruta = tmp_path / "historial.sqlite3"
    ruta.write_bytes(b"esto no es una base de datos" * 100)
    with pytest.raises(ErrorDeHistorial, match="no es una base de datos"):
        Historial(ruta).sesiones()


def test_si_no_se_puede_escribir_no_se_da_nada_por_guardado(tmp_path):
    (tmp_path / "archivo").write_text("x", encoding="utf-8")
    historial = Historial(tmp_path / "archivo" / "historial.sqlite3")
    sesion, ruta = nueva_sesion()
    grabador = grabar(historial, sesion, escenario=ruta)
    with pytest.raises(ErrorDeHistorial, match="la carpeta de datos es un archivo"):
        grabador.anotar(sesion.iniciar())
    assert grabador.guardados == 0 and not grabador.al_dia


def test_se_puede_grabar_desde_otro_hilo(historial):
    sesion, ruta = nueva_sesion()
    grabador = grabar(historial, sesion, escenario=ruta)
    sesion.iniciar()
    hilo = threading.Thread(target=grabador.anotar)
    hilo.start()
    hilo.join()
    assert [s.ident for s in historial.pendientes()] == [grabador.ident]


def test_sin_ruta_de_escenario_usa_el_incluido(historial):
    sesion, ruta = nueva_sesion()
    grabador = grabar(historial, sesion)
    grabador.anotar(sesion.iniciar())
    con_ruta = grabar(historial, nueva_sesion()[0], escenario=ruta)
    assert grabador.escenario.huella == con_ruta.escenario.huella
    assert grabador.escenario.contenido == ruta.read_bytes()


def test_una_sesion_descartada_mientras_se_juega_no_vuelve_como_terminada(historial,
                                                                         tmp_path):
    """Otra ventana la descarta («simulador descartar») mientras se sigue jugando: lo que
    venga después no se guarda, se dice por qué, y no se exporta como terminada."""
    lineas = lineas_de("pedido-retrasado-modelo")
    grabador = jugar(historial, lineas[:1])
    with Historial(historial.ruta) as otra_ventana:
        otra_ventana.descartar(grabador.ident)
    with pytest.raises(ErrorDeHistorial, match="se descartó desde otra ventana"):
        seguir(grabador, lineas[1:])
    assert grabador.sesion.terminada and not grabador.al_dia
    (sesion,) = historial.sesiones()
    assert sesion.estado == "descartada" and historial.terminadas() == []
