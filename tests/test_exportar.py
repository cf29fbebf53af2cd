"""`simulador exportar`: una fila por sesión terminada, en los dos dialectos de CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_historial import jugar, lineas_de

from simulador.exportar import (
    COLUMNAS_FIN,
    COLUMNAS_INICIO,
    EXCEL,
    UTF8,
    celda,
    desneutralizar,
    escribir_csv,
    neutralizar,
)
from simulador.historial import Historial, reanudar

MODELO = lineas_de("pedido-retrasado-modelo")
CON_ESPERAS = ["/esperar 12,5", MODELO[0], "/esperar 20,5", MODELO[1]]
CRITERIOS = ["criterio_escucha", "criterio_resolucion", "criterio_disculpa",
             "criterio_desescalada", "criterio_sin_excusas", "criterio_cierre"]
COLUMNAS = [*COLUMNAS_INICIO, *CRITERIOS, *COLUMNAS_FIN]


def _fecha(dia: int, hora: int = 10) -> datetime:
    return datetime(2024, 3, dia, hora, 0, tzinfo=UTC)


@pytest.fixture
def historial() -> Historial:
    with Historial.del_usuario() as abierto:
        yield abierto


@pytest.fixture
def varias(historial: Historial) -> dict[str, str]:
    """Sesiones de dos equipos en tres semanas, una a medias y una descartada."""
    idents = {
        "ana1": jugar(historial, CON_ESPERAS, agente="Ana", equipo="Mañana", fecha=_fecha(4)),
        "ana2": jugar(historial, lineas_de("pedido-retrasado-pobre"), agente="Ana",
                      equipo="Mañana", fecha=_fecha(11), semilla=2),
        "luis": jugar(historial, lineas_de("cliente-abusivo-correcto"), agente="Luis",
                      equipo="Tarde", escenario="cliente-abusivo", fecha=_fecha(18)),
        "medias": jugar(historial, ["De acuerdo."], agente="Ana", equipo="Mañana",
                        fecha=_fecha(12)),
        "descartada": jugar(historial, ["De acuerdo."], agente="Luis", equipo="Tarde",
                            fecha=_fecha(13)),
    }
    historial.descartar(idents["descartada"].ident)
    return {nombre: g.ident for nombre, g in idents.items()}


def _leer(texto: str, separador: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(texto, newline=""), delimiter=separador))


def test_columnas_estables_y_una_fila_por_sesion_terminada(ejecutar, varias):
    salida = ejecutar("exportar")
    assert salida.codigo == 0, salida.todo
    assert salida.out.splitlines()[0].split(",") == COLUMNAS
    filas = _leer(salida.out)
    assert [f["sesion_id"] for f in filas] == [varias["ana1"], varias["ana2"], varias["luis"]]
    ana = filas[0]
    # La hora local sin desfase (una hoja de cálculo en español la reconoce como fecha) y
    # el desfase aparte: juntos dan el instante exacto.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", ana["fecha"])
    assert ana["zona_horaria"].startswith("UTC")
    assert datetime.fromisoformat(ana["fecha"] + ana["zona_horaria"][3:]) == _fecha(4)
    assert (ana["agente"], ana["equipo"], ana["escenario"], ana["modo"]) == (
        "Ana", "Mañana", "pedido-retrasado", "practica")
    assert ana["rubrica"] == "estandar" and len(ana["rubrica_version"]) == 8
    assert len(ana["escenario_version"]) == 8
    # Junto a la huella, la versión que el autor puso al escenario.
    assert ana["escenario_version_autor"] == "1.0"
    assert (ana["puntaje"], ana["aprobado"], ana["cierre"], ana["final"]) == (
        "100", "sí", "no_aplica", "resuelto")
    assert ana["criterio_escucha"] == "100" and ana["criterio_cierre"] == ""  # no aplica
    # Las columnas dicen qué cuentan: las respuestas del agente y los turnos de los dos.
    assert "turnos" not in ana
    assert (ana["respuestas_agente"], ana["turnos_total"]) == ("2", "5")
    assert (ana["duracion_s"], ana["respuesta_media_s"]) == ("33", "16.5")
    assert ana["guion"] == "no"
    luis = filas[2]
    assert luis["cierre"] == "correcto" and luis["final"] == "relacion_terminada"
    assert luis["criterio_cierre"] == "100"
    assert filas[1]["aprobado"] == "no"


def test_el_resultado_coincide_con_el_del_motor(ejecutar, historial):
    grabador = jugar(historial, lineas_de("exige-imposible-tardio"), escenario="exige-imposible",
                     semilla=4)
    resultado = grabador.sesion.resultado()
    (fila,) = _leer(ejecutar("exportar").out)
    assert int(fila["puntaje"]) == resultado.puntaje and fila["cierre"] == resultado.cierre
    for nombre, nota in resultado.criterios.items():
        assert fila[f"criterio_{nombre}"] == ("" if nota is None else str(nota))


def test_dialecto_excel(ejecutar, varias, tmp_path):
    ruta = tmp_path / "resultados.csv"
    salida = ejecutar("exportar", "--excel", "-o", str(ruta))
    assert salida.codigo == 0 and "3 sesión(es) exportada(s)" in salida.err
    crudo = ruta.read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf") and crudo.count(b"\r\n") == 4
    texto = crudo.decode("utf-8-sig")
    assert texto.splitlines()[0].split(";") == COLUMNAS
    ana = _leer(texto, ";")[0]
    assert ana["respuesta_media_s"] == "16,5" and ana["duracion_s"] == "33"
    assert ana["agente"] == "Ana" and ana["equipo"] == "Mañana"
    # Por la salida estándar, los mismos bytes.
    assert ejecutar("exportar", "--excel").out.encode("utf-8") == crudo


def test_utf8_por_defecto_sin_bom(ejecutar, varias, tmp_path):
    ruta = tmp_path / "r.csv"
    assert ejecutar("exportar", "-o", str(ruta)).codigo == 0
    crudo = ruta.read_bytes()
    assert not crudo.startswith(b"\xef\xbb\xbf") and "Mañana".encode() in crudo


@pytest.mark.parametrize("peligroso", ["=HYPERLINK(\"http://x\",\"y\")", "+34 600", "-1+1",
                                       "@SUMA(A1)", "\tTab", "\rRetorno", "'=ya citado"])
def test_textos_que_parecen_formulas_se_neutralizan(ejecutar, historial, peligroso):
    jugar(historial, MODELO, agente=peligroso, equipo="=Equipo")
    for argumentos, separador in ((), ","), (("--excel",), ";"):
        texto = ejecutar("exportar", *argumentos).out.removeprefix("\ufeff")
        (fila,) = _leer(texto, separador)
        assert fila["agente"] == "'" + peligroso and fila["equipo"] == "'=Equipo"
        assert desneutralizar(fila["agente"]) == peligroso
        assert fila["puntaje"] == "100"  # los números siguen siendo números


def test_celdas():
    assert neutralizar("Ana") == "Ana" and neutralizar("") == ""
    assert neutralizar("-3") == "'-3" and desneutralizar("'-3") == "-3"
    assert desneutralizar("'Ana") == "'Ana"  # un apóstrofo normal se queda
    assert celda(-3, UTF8) == "-3" and celda(12.25, EXCEL) == "12,2" and celda(None, UTF8) == ""
    assert celda(7.0, EXCEL) == "7" and celda(True, UTF8) == "sí"
    texto = escribir_csv(["a", "b"], [{"a": "x;y", "b": 1.5}], EXCEL).decode("utf-8-sig")
    assert texto == 'a;b\r\n"x;y";1,5\r\n'


@pytest.mark.parametrize(("argumentos", "esperados"), [
    (("--desde", "2024-03-05"), ["ana2", "luis"]),
    (("--hasta", "2024-03-11"), ["ana1", "ana2"]),
    (("--desde", "11/03/2024", "--hasta", "2024-03-11"), ["ana2"]),
    (("--desde", "2024-03-11T09:00", "--hasta", "2024-03-18T09:00"), ["ana2"]),
    (("--agente", "ana"), ["ana1", "ana2"]),
    (("--equipo", "Tarde"), ["luis"]),
    (("--escenario", "cliente-abusivo"), ["luis"]),
    (("--agente", "Ana", "--escenario", "cliente-abusivo"), []),
])
def test_filtros(ejecutar, varias, argumentos, esperados):
    salida = ejecutar("exportar", *argumentos)
    assert salida.codigo == 0, salida.todo
    assert [f["sesion_id"] for f in _leer(salida.out)] == [varias[n] for n in esperados]
    if not esperados:
        assert "Ninguna de las 3 sesiones terminadas" in salida.err
        assert salida.out == ",".join(COLUMNAS) + "\r\n"


@pytest.mark.parametrize(("argumentos", "palabras"), [
    (("--desde", "2024-02-30"), ("fecha no válida «2024-02-30»", "AAAA-MM-DD")),
    (("--hasta", "ayer"), ("fecha no válida «ayer»",)),
    (("--desde", "31/13/2024"), ("fecha no válida",)),
    (("--desde", "2024-03-20", "--hasta", "2024-03-01"), ("posterior",)),
])
def test_fechas_malas(ejecutar, argumentos, palabras):
    salida = ejecutar("exportar", *argumentos)
    assert salida.codigo == 2 and salida.out == "" and "Traceback" not in salida.todo
    for palabra in palabras:
        assert palabra in salida.err


def test_historial_vacio(ejecutar):
    salida = ejecutar("exportar")
    assert salida.codigo == 0 and "El historial está vacío" in salida.err
    assert salida.out == ",".join(COLUMNAS) + "\r\n"
    assert not Historial.del_usuario().existe


def test_transcripciones_que_califica_calificar(ejecutar, varias, tmp_path):
    csv_ruta, jsonl = tmp_path / "r.csv", tmp_path / "t.jsonl"
    salida = ejecutar("exportar", "-o", str(csv_ruta), "--transcripciones", str(jsonl))
    assert salida.codigo == 0 and "transcripciones en" in salida.err
    filas = _leer(csv_ruta.read_text(encoding="utf-8"))
    lineas = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [t["id"] for t in lineas] == [f["sesion_id"] for f in filas]
    assert all(t["turnos"][0]["rol"] == "cliente" and "texto" in t["turnos"][0] for t in lineas)
    calificada = ejecutar("calificar", str(jsonl))
    assert calificada.codigo == 0, calificada.todo
    notas = [json.loads(x) for x in calificada.out.splitlines()]
    assert [(n["id"], n["puntaje"], n["cierre"]) for n in notas] == [
        (f["sesion_id"], int(f["puntaje"]), f["cierre"]) for f in filas]


def test_salida_que_no_se_puede_escribir(ejecutar, varias, tmp_path):
    salida = ejecutar("exportar", "-o", str(tmp_path / "no" / "existe.csv"))
    assert salida.codigo == 2 and "no se puede escribir" in salida.err
    assert "Traceback" not in salida.todo


def test_exportar_tambien_lo_que_termino_al_reanudar(ejecutar, historial, tmp_path):
    cortada = jugar(historial, MODELO[:1], agente="Eva", fecha=_fecha(5))
    assert _leer(ejecutar("exportar").out) == []
    reanudada = reanudar(historial, cortada.ident, en_vivo=False)
    reanudada.anotar(reanudada.sesion.responder(MODELO[1]))
    (fila,) = _leer(ejecutar("exportar").out)
    assert fila["sesion_id"] == cortada.ident and fila["agente"] == "Eva"
    assert Path(historial.ruta).exists()


def test_un_examen_dejado_o_descartado_sale_sin_nota_y_una_practica_a_medias_no(
        ejecutar, historial):
    """Un responsable ve los exámenes que alguien dejó a medias o descartó: sin nota, no
    aprobados y con su estado; las prácticas sin terminar no cuentan para nadie."""
    terminado = jugar(historial, MODELO, agente="Ana", fecha=_fecha(4), modo="examen")
    dejado = jugar(historial, [MODELO[0]], agente="Ana", fecha=_fecha(5), modo="examen")
    descartado = jugar(historial, [MODELO[0]], agente="Luis", equipo="Tarde",
                       fecha=_fecha(6), modo="examen")
    historial.descartar(descartado.ident)
    jugar(historial, [MODELO[0]], agente="Ana", fecha=_fecha(7))  # práctica a medias
    salida = ejecutar("exportar")
    assert salida.codigo == 0, salida.todo
    assert "2 examen(es) sin terminar" in salida.err
    filas = {f["sesion_id"]: f for f in _leer(salida.out)}
    assert list(filas) == [terminado.ident, dejado.ident, descartado.ident]
    assert (filas[terminado.ident]["estado"], filas[terminado.ident]["aprobado"]) == (
        "terminada", "sí")
    for grabador, estado in ((dejado, "a_medias"), (descartado, "descartada")):
        fila = filas[grabador.ident]
        assert (fila["estado"], fila["modo"], fila["aprobado"]) == (estado, "examen", "no")
        assert fila["puntaje"] == fila["cierre"] == fila["final"] == ""
        assert fila["criterio_escucha"] == "" and fila["turnos_total"] == "3"
        assert fila["respuestas_agente"] == "1"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="sin LibreOffice en esta máquina")
@pytest.mark.parametrize(("dialecto", "filtro"), [((), "44"), (("--excel",), "59")])
def test_una_hoja_de_calculo_en_espanol_lee_la_fecha_como_fecha(ejecutar, varias, tmp_path,
                                                                dialecto, filtro):
    """Abierto en LibreOffice Calc con el idioma español, `fecha` es una fecha (se puede
    filtrar y agrupar por semana), no un texto."""
    ruta = tmp_path / "resultados.csv"
    assert ejecutar("exportar", "-o", str(ruta), *dialecto).codigo == 0
    perfil = (tmp_path / "perfil").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={perfil}", "--headless",
                    f"--infilter=CSV:{filtro},34,76,1,,3082", "--convert-to", "fods",
                    "--outdir", str(tmp_path), str(ruta)],
                   capture_output=True, timeout=180, check=True,
                   env={**os.environ, "LANG": "es_ES.UTF-8"})
    hoja = (tmp_path / "resultados.fods").read_text(encoding="utf-8")
    fechas = re.findall(r'office:value-type="date" office:date-value="([^"]+)"', hoja)
    esperadas = [datetime.fromisoformat(f["fecha"]).isoformat()
                 for f in _leer(ruta.read_text(encoding="utf-8-sig"),
                                ";" if dialecto else ",")]
    assert fechas == esperadas


def test_un_libro_de_excel_con_sesiones_tablas_y_grafico(ejecutar, varias, tmp_path):
    """`-o ARCHIVO.xlsx`: celdas con su tipo, la tabla de comparar por agente y por equipo
    y la nota media por semana con su gráfico."""
    from openpyxl import load_workbook

    ruta = tmp_path / "equipo.xlsx"
    salida = ejecutar("exportar", "-o", str(ruta))
    assert salida.codigo == 0 and "3 sesión(es) exportada(s)" in salida.err, salida.todo
    csv_texto = ejecutar("exportar").out
    libro = load_workbook(ruta)
    assert libro.sheetnames == ["Sesiones", "Por agente", "Por equipo", "Evolución"]
    sesiones = libro["Sesiones"]
    cabecera = [c.value for c in sesiones[1]]
    assert cabecera == list(_leer(csv_texto)[0].keys())
    filas = [dict(zip(cabecera, (c.value for c in fila), strict=True))
             for fila in sesiones.iter_rows(min_row=2)]
    ana = filas[0]
    assert isinstance(ana["fecha"], datetime) and ana["fecha"] == datetime.fromisoformat(
        _leer(csv_texto)[0]["fecha"])
    # «aprobado» es 1 o 0 y se ve «sí» o «no»: su media es la tasa de aprobados.
    assert [f["aprobado"] for f in filas] == [1, 0, 1]
    columna = cabecera.index("aprobado") + 1
    assert sesiones.cell(row=2, column=columna).number_format.startswith('"sí"')
    assert ana["puntaje"] == int(_leer(csv_texto)[0]["puntaje"])
    assert isinstance(ana["duracion_s"], int | float)
    # Las tablas son las de «simulador comparar» sobre la misma exportación.
    exportado = tmp_path / "equipo.csv"
    exportado.write_text(csv_texto, encoding="utf-8")
    comparar = json.loads(ejecutar("comparar", str(exportado), "--json").out)
    por_agente = libro["Por agente"]
    cab = [c.value for c in por_agente[1]]
    leidas = {(f[0], f[1]): dict(zip(cab, f, strict=True))
              for f in por_agente.iter_rows(min_row=2, values_only=True)}
    for fila in comparar:
        hoja = leidas[(fila["agente"], fila["equipo"])]
        assert (hoja["sesiones"], hoja["media"], hoja["tendencia"]) == (
            fila["sesiones"], fila["media"], fila["tendencia"])
    assert {f[0] for f in libro["Por equipo"].iter_rows(min_row=2, values_only=True)} == {
        "Mañana", "Tarde"}
    # La evolución: una fila por semana (lunes) y un gráfico de líneas por equipo.
    evolucion = libro["Evolución"]
    semanas = [f for f in evolucion.iter_rows(min_row=2, values_only=True)]
    assert [s[0].weekday() for s in semanas] == [0] * len(semanas) and len(semanas) == 3
    assert len(evolucion._charts) == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="sin LibreOffice en esta máquina")
def test_libreoffice_abre_el_libro_con_fechas_y_grafico(ejecutar, varias, tmp_path):
    ruta = tmp_path / "equipo.xlsx"
    assert ejecutar("exportar", "-o", str(ruta)).codigo == 0
    perfil = (tmp_path / "perfil").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={perfil}", "--headless",
                    "--convert-to", "fods", "--outdir", str(tmp_path), str(ruta)],
                   capture_output=True, timeout=180, check=True,
                   env={**os.environ, "LANG": "es_ES.UTF-8"})
    hoja = (tmp_path / "equipo.fods").read_text(encoding="utf-8")
    for nombre in ("Sesiones", "Por agente", "Por equipo", "Evolución"):
        assert f'table:name="{nombre}"' in hoja
    assert hoja.count('office:value-type="date"') >= 3  # las fechas de las sesiones
    assert "<chart:chart" in hoja or "chart:chart" in hoja  # el gráfico de la evolución


def test_las_partidas_con_guion_no_se_exportan_salvo_que_se_pidan(ejecutar, historial,
                                                                  tmp_path):
    """Un formador que prueba un escenario con «jugar --guion» no sale en los resultados
    del equipo; se avisa de cuántas partidas quedan fuera y se pueden pedir."""
    guion = "tests/guiones/pedido-retrasado-modelo.txt"
    for _ in range(2):
        assert ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--agente",
                        "Formador").codigo == 0
    ana = jugar(historial, MODELO, agente="Ana", fecha=_fecha(4))
    salida = ejecutar("exportar")
    assert salida.codigo == 0, salida.todo
    assert [f["sesion_id"] for f in _leer(salida.out)] == [ana.ident]
    assert "2 partida(s) con guion" in salida.err and "--incluir-guiones" in salida.err
    todas = ejecutar("exportar", "--incluir-guiones")
    assert "partida(s) con guion" not in todas.err
    filas = _leer(todas.out)
    assert sorted((f["agente"], f["guion"]) for f in filas) == [
        ("Ana", "no"), ("Formador", "sí"), ("Formador", "sí")]
    # Solo partidas con guion tras filtrar: lo dice el aviso, no «ningún filtro cumple».
    solo = ejecutar("exportar", "--agente", "Formador")
    assert _leer(solo.out) == [] and "2 partida(s) con guion" in solo.err
    assert "cumple los filtros" not in solo.err
    # Las transcripciones y el libro dejan fuera las mismas.
    jsonl, xlsx = tmp_path / "t.jsonl", tmp_path / "e.xlsx"
    assert ejecutar("exportar", "-o", "-", "--transcripciones", str(jsonl)).codigo == 0
    assert [json.loads(x)["id"] for x in jsonl.read_text(encoding="utf-8").splitlines()] == [
        ana.ident]
    assert ejecutar("exportar", "-o", str(xlsx)).codigo == 0
    from openpyxl import load_workbook

    assert load_workbook(xlsx)["Sesiones"].max_row == 2
