"""Lo que encontró un probador hostil (issue 15): salidas que pisaban el historial, un
dispositivo o la entrada estándar; órdenes que acababan en «error inesperado» con el
disco lleno, con el 31/12/9999 o con un historial dañado; códigos de salida 0 que
callaban filas saltadas."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from simulador.historial import Historial
from simulador.rutas import escenarios_incluidos, rubricas_incluidas

ETIQUETADO = Path(__file__).parent / "datos" / "etiquetado"


@pytest.fixture
def partida(ejecutar, tmp_path) -> Path:
    """Un historial con una partida terminada; devuelve la carpeta de datos."""
    datos = tmp_path / "datos"
    guion = tmp_path / "g.txt"
    guion.write_text("Lo siento mucho, Lucía: le devuelvo hoy el importe.\n/terminar Adiós\n",
                     encoding="utf-8")
    jugado = ejecutar("jugar", "pedido-retrasado", "--guion", str(guion), "--datos",
                      str(datos), "--agente", "Ana")
    assert jugado.codigo == 0, jugado.todo
    return datos


def test_ninguna_salida_escribe_encima_del_historial(ejecutar, partida):
    historial = partida / "historial.sqlite3"
    antes = historial.read_bytes()
    for orden in (["exportar", "--incluir-guiones", "-o", str(historial)],
                  ["exportar", "--incluir-guiones", "-o", str(partida / "x.csv"),
                   "--transcripciones", str(historial)]):
        salida = ejecutar(*orden, "--datos", str(partida))
        assert salida.codigo == 2 and "base de datos" in salida.err, salida.todo
    assert historial.read_bytes() == antes
    assert len(Historial(historial).terminadas()) == 1


def test_la_salida_no_pisa_la_rubrica_el_escenario_ni_los_datos_de_entrenar(ejecutar,
                                                                          tmp_path):
    rubrica = tmp_path / "mia.yaml"
    rubrica.write_bytes((rubricas_incluidas() / "estandar.yaml").read_bytes())
    escenario = tmp_path / "esc.yaml"
    escenario.write_bytes((escenarios_incluidos() / "pedido-retrasado.yaml").read_bytes())
    autor = tmp_path / "a.jsonl"
    autor.write_bytes((ETIQUETADO / "autor-g.jsonl").read_bytes())
    guion = tmp_path / "g.txt"
    guion.write_text("Lo siento mucho.\n", encoding="utf-8")
    copias = {r: r.read_bytes() for r in (rubrica, escenario, autor)}
    for orden in (["calificar", str(autor), "--rubrica", str(rubrica), "-o", str(rubrica)],
                  ["jugar", str(escenario), "--guion", str(guion), "--no-guardar",
                   "--transcripcion", str(escenario)],
                  ["entrenar", str(autor), "--rubrica", str(rubrica), "-o", str(autor)],
                  ["entrenar", str(autor), "--rubrica", str(rubrica), "-o", "-"]):
        salida = ejecutar(*orden)
        assert salida.codigo == 2, (orden, salida.todo)
    assert all(r.read_bytes() == c for r, c in copias.items())
    assert not (Path.cwd() / "-").exists()


def test_la_entrada_estandar_no_es_la_salida(ejecutar, tmp_path, monkeypatch):
    entrada = tmp_path / "in.jsonl"
    entrada.write_bytes((ETIQUETADO / "cierre.jsonl").read_bytes())
    antes = entrada.read_bytes()
    with entrada.open("rb") as flujo:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(flujo, encoding="utf-8"))
        salida = ejecutar("calificar", "-", "-o", str(entrada))
    assert salida.codigo == 2 and "entrada estándar" in salida.err, salida.todo
    assert entrada.read_bytes() == antes


def test_enlaces_dispositivos_y_permisos_de_la_salida(ejecutar, tmp_path):
    """Un enlace se sigue (el enlace queda), un dispositivo se escribe sin cambiarlo por un
    archivo, y un archivo que ya existía conserva sus permisos."""
    entrada = tmp_path / "in.jsonl"
    entrada.write_bytes((ETIQUETADO / "cierre.jsonl").read_bytes())
    destino = tmp_path / "real.jsonl"
    destino.write_text("viejo\n", encoding="utf-8")
    destino.chmod(0o644)
    enlace = tmp_path / "enlace.jsonl"
    enlace.symlink_to(destino)
    assert ejecutar("calificar", str(entrada), "-o", str(enlace)).codigo == 0
    assert enlace.is_symlink() and destino.read_text(encoding="utf-8").startswith("{")
    assert stat.S_IMODE(destino.stat().st_mode) == 0o644
    assert ejecutar("calificar", str(entrada), "-o", os.devnull).codigo == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


class _DiscoLleno(io.StringIO):
    def write(self, texto: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("orden", [["listar"], ["rutas"], ["sesiones"]])
def test_la_salida_estandar_en_un_disco_lleno(ejecutar, monkeypatch, orden):
    monkeypatch.setattr(sys, "stdout", _DiscoLleno())
    salida = ejecutar(*orden)
    assert salida.codigo == 2 and "el disco está lleno" in salida.err, salida.todo
    assert "inesperado" not in salida.err


@pytest.mark.parametrize("fecha", ["9999-12-31", "31/12/9999", ""])
def test_fechas_en_el_borde_del_calendario(ejecutar, tmp_path, fecha):
    salida = ejecutar("exportar", "--desde", fecha, "--datos", str(tmp_path / "d"))
    assert salida.codigo == 2 and "fecha" in salida.err and "inesperado" not in salida.err


def test_una_sesion_danada_se_salta_con_aviso(ejecutar, partida):
    ruta = partida / "historial.sqlite3"
    with sqlite3.connect(ruta) as conexion:
        (ident,) = conexion.execute("SELECT id FROM sesiones").fetchone()
        conexion.execute("UPDATE sesiones SET inicio = 'no es una fecha'")
    for orden in (["sesiones"], ["exportar", "--incluir-guiones"]):
        salida = ejecutar(*orden, "--datos", str(partida))
        assert salida.codigo == 1 and f"la sesión {ident} está dañada" in salida.err
        assert "inesperado" not in salida.err
    descartar = ejecutar("descartar", ident, "--datos", str(partida))
    assert descartar.codigo != 70 and "dañada" in descartar.err


def test_excel_con_controles_en_un_nombre(ejecutar, partida, tmp_path):
    with sqlite3.connect(partida / "historial.sqlite3") as conexion:
        conexion.execute("UPDATE sesiones SET agente = char(27) || '[31mAna'")
    libro = tmp_path / "equipo.xlsx"
    salida = ejecutar("exportar", "--incluir-guiones", "-o", str(libro), "--datos",
                      str(partida))
    assert salida.codigo == 0, salida.todo
    from openpyxl import load_workbook

    hoja = load_workbook(libro).worksheets[0]
    agente = [c.value for c in hoja[1]].index("agente")
    assert hoja.cell(row=2, column=agente + 1).value == "␛[31mAna"


def test_una_carpeta_de_datos_que_es_un_archivo(ejecutar, tmp_path):
    archivo = tmp_path / "datos"
    archivo.write_text("x", encoding="utf-8")
    salida = ejecutar("sesiones", "--datos", str(archivo))
    assert salida.codigo != 0 and "la carpeta de datos es un archivo" in salida.err


def test_comparar_sale_con_1_si_salta_filas_y_no_admite_notas_imposibles(ejecutar, tmp_path):
    ruta = tmp_path / "e.csv"
    ruta.write_text("sesion_id,fecha,agente,equipo,escenario,puntaje,cierre\n"
                    "s1,2024-03-01 10:00:00,Ana,T,p,80,no_aplica\n"
                    "s2,2024-03-02 10:00:00,Ana,T,p,1e26,no_aplica\n"
                    "s3,2024-03-03 10:00:00,Ana,T,p,-5,no_aplica\n", encoding="utf-8")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 1 and "debe estar entre 0 y 100" in salida.err
    assert '"media": 80.0' in salida.out


def test_entrenar_no_cuenta_dos_veces_el_mismo_autor(ejecutar, tmp_path):
    autor = tmp_path / "ana.jsonl"
    lineas = (ETIQUETADO / "autor-g.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    autor.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    salida = ejecutar("entrenar", str(autor), str(autor), "-o", str(tmp_path / "m.modelo.json.gz"))
    assert "ana.jsonl está repetido: se lee una sola vez" in salida.err
    assert "Entrenando con 40 conversaciones de 1 autor(es)" in salida.err


def test_un_si_o_no_donde_va_un_numero_es_un_error(ejecutar, tmp_path):
    """`umbral_aprobado: true` se leía como 1 y lo aprobaba todo."""
    texto = (rubricas_incluidas() / "estandar.yaml").read_text(encoding="utf-8")
    rubrica = tmp_path / "mia.yaml"
    rubrica.write_text(texto.replace("umbral_aprobado: 70", "umbral_aprobado: true"),
                       encoding="utf-8")
    salida = ejecutar("validar", str(rubrica))
    assert salida.codigo == 1 and "«true» es un sí/no: aquí va un número" in salida.out


def test_un_modelo_aprendido_vacio_se_dice(ejecutar, tmp_path):
    rubrica = tmp_path / "mia.yaml"
    rubrica.write_bytes((rubricas_incluidas() / "estandar.yaml").read_bytes())
    (tmp_path / "mia.modelo.json.gz").write_bytes(b"")
    salida = ejecutar("calificar", str(ETIQUETADO / "cierre.jsonl"), "--rubrica", str(rubrica))
    assert salida.codigo == 2 and "el modelo aprendido está vacío" in salida.err


def test_esquema_en_un_destino_que_falla_dice_el_motivo_real(ejecutar):
    salida = ejecutar("esquema", "-o", "/dev/full")
    assert salida.codigo == 2 and "el disco está lleno" in salida.err


def test_un_yaml_en_utf16_se_nombra(ejecutar, tmp_path):
    ruta = tmp_path / "u16.yaml"
    ruta.write_bytes("id: x\n".encode("utf-16"))
    salida = ejecutar("validar", str(ruta))
    assert salida.codigo == 1 and "está en UTF-16" in salida.out and "Latin-1" not in salida.out


def test_un_enlace_roto_en_una_carpeta_se_explica(ejecutar, tmp_path):
    carpeta = tmp_path / "escenarios"
    carpeta.mkdir()
    (carpeta / "roto.yaml").symlink_to(tmp_path / "no-existe.yaml")
    for orden in ("validar", "listar"):
        salida = ejecutar(orden, str(carpeta))
        assert salida.codigo == 1 and "enlace simbólico roto" in salida.todo, salida.todo


def test_un_enlace_roto_pedido_por_su_nombre_sale_con_2(ejecutar, tmp_path):
    enlace = tmp_path / "roto.yaml"
    enlace.symlink_to(tmp_path / "no-existe.yaml")
    for orden in ("validar", "listar"):
        salida = ejecutar(orden, str(enlace))
        assert salida.codigo == 2, salida.todo
        assert "roto.yaml: error: es un enlace simbólico roto" in salida.todo
        assert "no-existe.yaml" in salida.todo


def test_un_historial_que_no_se_puede_usar_sale_con_2(ejecutar, tmp_path):
    """No se pudo hacer lo pedido (README): ni listar, ni exportar, ni descartar."""
    danado = tmp_path / "danado"
    danado.mkdir()
    (danado / "historial.sqlite3").write_bytes(b"esto no es una base de datos" * 100)
    archivo = tmp_path / "un-archivo"
    archivo.write_text("hola", encoding="utf-8")
    carpeta = tmp_path / "carpeta"
    (carpeta / "historial.sqlite3").mkdir(parents=True)
    enlace = tmp_path / "enlace"
    enlace.mkdir()
    (enlace / "historial.sqlite3").symlink_to(tmp_path / "no-existe")
    datos_rotos = tmp_path / "datos-rotos"
    datos_rotos.symlink_to(tmp_path / "tampoco")
    ajena = tmp_path / "ajena"
    ajena.mkdir()
    with sqlite3.connect(ajena / "historial.sqlite3") as conexion:
        conexion.execute("CREATE TABLE clientes (nombre TEXT)")
    for datos, motivo in ((danado, "no es una base de datos del historial"),
                          (archivo, "la carpeta de datos es un archivo"),
                          (carpeta, "en el sitio del historial hay una carpeta"),
                          (enlace, "el historial es un enlace simbólico roto"),
                          (datos_rotos, "la carpeta de datos es un enlace simbólico roto"),
                          (ajena, "es una base de datos de otro programa")):
        for orden in (["sesiones"], ["exportar", "-o", str(tmp_path / "x.csv")],
                      ["descartar", "abc123"]):
            salida = ejecutar(*orden, "--datos", str(datos))
            assert salida.codigo == 2, (orden, salida.todo)
            assert motivo in salida.err and "Traceback" not in salida.todo
    assert not (tmp_path / "x.csv").exists()  # ninguna exportación vacía sin explicación


def test_descartar_dice_que_un_examen_se_sigue_exportando(ejecutar, tmp_path):
    guion = tmp_path / "g.txt"
    guion.write_text("De acuerdo.\n", encoding="utf-8")
    datos = str(tmp_path / "datos")
    jugado = ejecutar("jugar", "pedido-retrasado", "--guion", str(guion), "--modo", "examen",
                      "--datos", datos)
    ident = Historial(Path(datos) / "historial.sqlite3").pendientes()[0].ident
    assert jugado.codigo == 0
    salida = ejecutar("descartar", ident, "--datos", datos)
    assert salida.codigo == 0 and "la verá como descartada y sin nota" in salida.out


def test_comparar_con_un_archivo_que_no_existe_sale_con_2(ejecutar, tmp_path):
    salida = ejecutar("comparar", str(tmp_path / "no-esta.csv"))
    assert salida.codigo == 2, salida.todo
    assert "no-esta.csv: no existe ese archivo" in salida.err
