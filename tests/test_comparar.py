"""`simulador comparar`: de sesiones jugadas a la tabla del responsable, ida y vuelta."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from statistics import fmean

import pytest
from rich.cells import cell_len
from test_historial import jugar, lineas_de

from simulador.comparar import leer_exportaciones, resumir
from simulador.historial import Historial


def _fecha(dia: int) -> datetime:
    return datetime(2024, 3, dia, 10, 0, tzinfo=UTC)


@pytest.fixture
def exportaciones(ejecutar, tmp_path: Path) -> dict[str, object]:
    """Ana y Luis juegan cada uno en su equipo y exportan (Luis con --excel); Ana exporta
    dos veces, una en cada formato, para que haya sesiones repetidas."""
    ana, luis = tmp_path / "ana", tmp_path / "luis"
    with Historial(ana / "historial.sqlite3") as historial:
        jugar(historial, lineas_de("pedido-retrasado-pobre"), agente="=Ana", equipo="Mañana",
              fecha=_fecha(4), semilla=3)
        jugar(historial, lineas_de("cliente-abusivo-correcto"), agente="=Ana",
              equipo="Mañana", escenario="cliente-abusivo", fecha=_fecha(6))
        jugar(historial, lineas_de("pedido-retrasado-modelo"), agente="=Ana", equipo="Mañana",
              fecha=_fecha(11))
        notas_ana = {s.escenario + s.inicio.isoformat(): s.resultado for s in
                     historial.terminadas()}
    with Historial(luis / "historial.sqlite3") as historial:
        jugar(historial, lineas_de("exige-imposible-tardio"), agente="Luis", equipo="Tarde",
              escenario="exige-imposible", fecha=_fecha(5))
        jugar(historial, lineas_de("cliente-abusivo-prematuro"), agente="Luis",
              equipo="Tarde", escenario="cliente-abusivo", fecha=_fecha(7))
        notas_luis = [s.resultado for s in historial.terminadas()]
    archivos = {"ana": tmp_path / "ana.csv", "ana_excel": tmp_path / "ana-excel.csv",
                "luis": tmp_path / "luis.csv"}
    for nombre, datos, extra in (("ana", ana, ()), ("ana_excel", ana, ("--excel",)),
                                 ("luis", luis, ("--excel",))):
        salida = ejecutar("exportar", "--datos", str(datos), "-o", str(archivos[nombre]),
                          *extra)
        assert salida.codigo == 0, salida.todo
    return {"archivos": archivos, "ana": notas_ana, "luis": notas_luis}


def _comparar(ejecutar, exportaciones, *argumentos: str, por: str | None = None):
    archivos = exportaciones["archivos"]
    salida = ejecutar("comparar", str(archivos["ana"]), str(archivos["luis"]),
                      str(archivos["ana_excel"]), "--json", *argumentos,
                      *(("--por", por) if por else ()))
    assert salida.codigo == 0, salida.todo
    return {(f["agente"], f["equipo"]): f for f in json.loads(salida.out)}, salida


def test_ida_y_vuelta_en_los_dos_dialectos_y_sin_repetidas(ejecutar, exportaciones):
    filas, salida = _comparar(ejecutar, exportaciones)
    assert set(filas) == {("=Ana", "Mañana"), ("Luis", "Tarde")}
    ana, luis = filas[("=Ana", "Mañana")], filas[("Luis", "Tarde")]
    notas = exportaciones["ana"]
    pobre = notas["pedido-retrasado" + _fecha(4).isoformat()].puntaje
    modelo = notas["pedido-retrasado" + _fecha(11).isoformat()].puntaje
    abusivo = notas["cliente-abusivo" + _fecha(6).isoformat()].puntaje
    assert ana["sesiones"] == 3  # las tres repetidas del segundo archivo no cuentan
    assert ana["media"] == round(fmean([pobre, modelo, abusivo]), 1)
    assert ana["mejor"] == max(pobre, modelo, abusivo) and ana["ultimo"] == modelo
    # La tendencia compara con la sesión anterior del mismo escenario, no con la de otro.
    assert ana["tendencia"] == ana["ultimo_cambio"] == modelo - pobre
    assert ana["errores_cierre"] == 0
    escucha = [n.criterios["escucha"] for n in notas.values()]
    assert ana["criterios"]["escucha"] == round(fmean(escucha), 1)
    assert ana["criterios"]["cierre"] == 100.0  # solo la sesión donde aplica
    assert luis["sesiones"] == 2 and luis["errores_cierre"] == 2 and luis["tendencia"] is None
    assert luis["media"] == round(fmean(n.puntaje for n in exportaciones["luis"]), 1)
    assert "Traceback" not in salida.err


def test_por_equipo(ejecutar, exportaciones):
    filas, _ = _comparar(ejecutar, exportaciones, por="equipo")
    assert set(filas) == {(None, "Mañana"), (None, "Tarde")}
    assert filas[(None, "Mañana")]["sesiones"] == 3 and filas[(None, "Tarde")]["agentes"] == 1


def test_tabla_de_texto(ejecutar, exportaciones):
    archivos = exportaciones["archivos"]
    salida = ejecutar("comparar", *(str(r) for r in archivos.values()))
    assert salida.codigo == 0, salida.todo
    assert "5 sesión(es) de 3 archivo(s); 3 repetida(s) quitada(s)." in salida.out
    assert "Por agente:" in salida.out and "Por equipo:" in salida.out
    # Dos tablas por agente: la nota y las medias por criterio (así caben en 80 columnas).
    lineas = salida.out.splitlines()
    fin = next(i for i, x in enumerate(lineas) if x.startswith("Agente "))
    cabecera = " ".join(lineas[lineas.index("Por agente:") + 1:fin + 1])
    # «Sesiones terminadas»: la tabla dice que cuenta sesiones, no turnos.
    for columna in ("Sesiones", "terminadas", "Media", "Mejor", "Última", "cierre",
                    "Tendencia"):
        assert columna in cabecera
    criterios = next(x for x in salida.out.splitlines() if x.startswith("Agente (equipo)"))
    # Con los nombres de la interfaz (la pantalla de equipo dice lo mismo).
    for criterio in ("Escucha", "Resolución", "Disculpa", "Desescalada", "Cierre"):
        assert criterio in criterios
    assert "Exámenes" not in salida.out  # nadie dejó un examen
    assert "=Ana" in salida.out


@pytest.mark.parametrize(("argumentos", "esperados"), [
    (("--agente", "luis"), {("Luis", "Tarde")}),
    (("--equipo", "Mañana"), {("=Ana", "Mañana")}),
    (("--escenario", "exige-imposible"), {("Luis", "Tarde")}),
    (("--desde", "2024-03-07"), {("=Ana", "Mañana"), ("Luis", "Tarde")}),
    (("--desde", "2024-03-08", "--hasta", "15/03/2024"), {("=Ana", "Mañana")}),
    (("--hasta", "2024-03-03"), set()),
])
def test_filtros(ejecutar, exportaciones, argumentos, esperados):
    filas, _ = _comparar(ejecutar, exportaciones, *argumentos)
    assert set(filas) == esperados


def test_con_filtros_por_fecha_cambian_las_cuentas(ejecutar, exportaciones):
    filas, _ = _comparar(ejecutar, exportaciones, "--desde", "2024-03-06")
    assert filas[("=Ana", "Mañana")]["sesiones"] == 2
    assert filas[("=Ana", "Mañana")]["tendencia"] is None  # ya no hay dos del mismo escenario


def test_ordenar(ejecutar, exportaciones):
    archivos = [str(r) for r in exportaciones["archivos"].values()]
    por_media = json.loads(ejecutar("comparar", *archivos, "--json").out)
    assert por_media[0]["media"] >= por_media[1]["media"]
    por_nombre = json.loads(ejecutar("comparar", *archivos, "--json", "--ordenar",
                                     "agente").out)
    assert [f["agente"] for f in por_nombre] == ["=Ana", "Luis"]
    inverso = json.loads(ejecutar("comparar", *archivos, "--json", "--ordenar", "agente",
                                  "--inverso").out)
    assert [f["agente"] for f in inverso] == ["Luis", "=Ana"]
    errores = json.loads(ejecutar("comparar", *archivos, "--json", "--ordenar",
                                  "errores_cierre").out)
    assert errores[0]["agente"] == "Luis"
    malo = ejecutar("comparar", *archivos, "--ordenar", "nota")
    assert malo.codigo == 2 and "opción no válida" in malo.err


@pytest.mark.parametrize("excel", [False, True])
def test_tabla_en_csv(ejecutar, exportaciones, tmp_path, excel):
    salida_csv = tmp_path / "tabla.csv"
    archivos = [str(r) for r in exportaciones["archivos"].values()]
    salida = ejecutar("comparar", *archivos, "--csv", str(salida_csv),
                      *(("--excel",) if excel else ()))
    assert salida.codigo == 0 and "escrita en" in salida.err
    crudo = salida_csv.read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf") == excel
    texto = crudo.decode("utf-8-sig")
    separador = ";" if excel else ","
    cabecera = texto.splitlines()[0].split(separador)
    assert cabecera[:4] == ["agente", "equipo", "sesiones", "media"]
    assert "criterio_escucha" in cabecera and "tendencia" in cabecera
    assert "'=Ana" in texto  # la tabla también se neutraliza


def _csv(tmp_path: Path, nombre: str, texto: str, codificacion: str = "utf-8") -> Path:
    ruta = tmp_path / nombre
    ruta.write_bytes(texto.encode(codificacion))
    return ruta


CABECERA = "sesion_id,fecha,agente,equipo,escenario,puntaje,criterio_escucha,cierre\n"


def test_filas_malas_se_avisan_con_archivo_y_linea(ejecutar, tmp_path):
    ruta = _csv(tmp_path, "mezcla.csv", CABECERA
                + "s1,2024-03-01T10:00:00+00:00,Ana,A,p,80,100,no_aplica\n"
                + "s2,2024-03-02T10:00:00+00:00,Ana,A,p,ochenta,100,no_aplica\n"
                + "s3,ayer,Ana,A,p,70,100,no_aplica\n"
                + "s4,2024-03-03T10:00:00+00:00,Ana,A\n"
                + "\n"
                + ",2024-03-03T10:00:00+00:00,Ana,A,p,70,100,no_aplica\n"
                + 's5,2024-03-04T10:00:00+00:00,"Ana\nde nuevo",A,p,60,x,no_aplica\n'
                + "s6,2024-03-05T10:00:00+00:00,Ana,A,p,90,,tardio\n")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 1 and "Traceback" not in salida.todo
    err = salida.err
    assert "mezcla.csv:3: «puntaje» no es un número: «ochenta»" in err
    assert "mezcla.csv:4: «fecha» no es una fecha" in err
    assert "mezcla.csv:5: tiene 4 campos y la cabecera 8" in err
    assert "mezcla.csv:7: «sesion_id» está vacío" in err
    assert "mezcla.csv:8: «criterio_escucha» no es un número" in err
    (fila,) = json.loads(salida.out)
    assert fila["sesiones"] == 2 and fila["media"] == 85.0 and fila["errores_cierre"] == 1
    assert fila["criterios"]["escucha"] == 100.0


@pytest.mark.parametrize(("contenido", "palabras"), [
    ("", ("está vacío",)),
    ("nombre,nota\nAna,8\n", ("no es una exportación",)),
    ("sesion_id;agente\nx;Ana\n", ("faltan las columnas", "fecha", "puntaje")),
    ("\x00\x01binario", ("binario",)),
])
def test_archivos_que_no_son_exportaciones(ejecutar, tmp_path, contenido, palabras):
    ruta = _csv(tmp_path, "otro.csv", contenido)
    salida = ejecutar("comparar", str(ruta))
    assert salida.codigo == 1 and "Traceback" not in salida.todo
    assert "otro.csv" in salida.err
    for palabra in palabras:
        assert palabra in salida.err


def test_archivos_que_no_existen_o_no_se_pueden_leer(ejecutar, tmp_path):
    raro = tmp_path / "raro.csv"
    raro.write_bytes(CABECERA.encode() + b"s1,2024-03-01T10:00:00,I\x81igo,A,p,80,,no_aplica\n")
    # Un archivo que no existe: no se pudo hacer lo pedido (2); uno que no se lee: 1.
    for ruta, palabra, codigo in ((tmp_path / "falta.csv", "no existe", 2),
                                  (tmp_path, "carpeta", 1),
                                  (raro, "ni en Windows-1252", 1)):
        salida = ejecutar("comparar", str(ruta))
        assert salida.codigo == codigo and palabra in salida.err
        assert "Traceback" not in salida.todo


def test_un_csv_vuelto_a_guardar_en_windows_1252_se_lee_con_un_aviso(ejecutar, tmp_path):
    """Una hoja de cálculo de Windows guarda el CSV en Windows-1252: se lee igual."""
    ruta = _csv(tmp_path, "guardado.csv", CABECERA + "s1,2024-03-01T10:00:00,Íñigo Ibáñez,"
                "Atención €,p,80,,no_aplica\n", "cp1252")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 0, salida.todo
    assert "guardado.csv: no está en UTF-8" in salida.err and "Windows-1252" in salida.err
    (fila,) = json.loads(salida.out)
    assert (fila["agente"], fila["equipo"]) == ("Íñigo Ibáñez", "Atención €")


def test_la_misma_persona_escrita_de_varias_formas_es_una_sola(ejecutar, tmp_path):
    nfd = unicodedata.normalize("NFD", "José Ángel Peña")
    ruta = _csv(tmp_path, "nombres.csv", CABECERA
                + "s1,2024-03-01T10:00:00,jose angel pena,Mañana,p,60,,no_aplica\n"
                + "s2,2024-03-02T10:00:00,José Ángel Peña,MAÑANA,p,80,,no_aplica\n"
                + f"s3,2024-03-03T10:00:00,{nfd},mañana ,p,100,,no_aplica\n")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 0, salida.todo
    (fila,) = json.loads(salida.out)
    assert fila["sesiones"] == 3 and fila["media"] == 80.0
    assert "se cuentan como una misma persona «José Ángel Peña», «jose angel pena»" in (
        salida.err)
    assert "se cuentan como un mismo equipo" in salida.err
    # El filtro por agente tampoco distingue tildes ni mayúsculas.
    filtrada = ejecutar("comparar", str(ruta), "--json", "--agente", "JOSE ÁNGEL PEÑA")
    assert json.loads(filtrada.out)[0]["sesiones"] == 3


def test_un_archivo_malo_no_impide_comparar_los_buenos(ejecutar, exportaciones, tmp_path):
    malo = _csv(tmp_path, "malo.csv", "hola\n")
    salida = ejecutar("comparar", str(exportaciones["archivos"]["luis"]), str(malo))
    assert salida.codigo == 1 and "malo.csv" in salida.err and "Luis" in salida.out


def test_misma_sesion_con_datos_distintos_se_avisa(tmp_path):
    a = _csv(tmp_path, "a.csv", CABECERA + "s1,2024-03-01T10:00:00+00:00,Ana,A,p,80,,"
             "no_aplica\n")
    b = _csv(tmp_path, "b.csv", CABECERA + "s1,2024-03-01T10:00:00+00:00,Ana,A,p,60,,"
             "no_aplica\n")
    lectura = leer_exportaciones([a, b])
    assert lectura.repetidas == 1 and len(lectura.sesiones) == 1
    assert lectura.sesiones[0].puntaje == 80
    assert any("b.csv:2" in x and "a.csv:2" in x for x in lectura.avisos)


def test_versiones_de_escenario_mezcladas_se_avisan_y_no_se_comparan(ejecutar, tmp_path):
    cabecera = "sesion_id;fecha;agente;equipo;escenario;escenario_version;puntaje;cierre\n"
    ruta = _csv(tmp_path, "v.csv", "\ufeff" + cabecera
                + "s1;2024-03-01T10:00:00+01:00;Ana;A;p;aaaa1111;50;no_aplica\n"
                + "s2;2024-03-02T10:00:00+01:00;Ana;A;p;bbbb2222;90;no_aplica\n"
                + "s3;2024-03-03T10:00:00+01:00;Ana;A;p;bbbb2222;95,5;no_aplica\n")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 0 and "aparece con 2 versiones" in salida.err
    (fila,) = json.loads(salida.out)
    assert fila["tendencia"] == 5.5 and fila["ultimo"] == 95.5
    lectura = leer_exportaciones([ruta])
    assert [r.sesiones for r in resumir(lectura.sesiones, lectura.criterios)] == [3]


def test_sin_sesiones_tras_filtrar(ejecutar, exportaciones):
    salida = ejecutar("comparar", str(exportaciones["archivos"]["ana"]), "--agente", "Nadie")
    assert salida.codigo == 0 and "Ninguna sesión cumple los filtros" in salida.out


def test_fecha_mala_en_comparar(ejecutar, exportaciones):
    salida = ejecutar("comparar", str(exportaciones["archivos"]["ana"]), "--desde", "marzo")
    assert salida.codigo == 2 and "fecha no válida «marzo»" in salida.err


def test_examenes_sin_terminar_se_cuentan_y_avisan_sin_entrar_en_las_medias(ejecutar,
                                                                            tmp_path):
    cabecera = CABECERA.rstrip("\n") + ",estado\n"
    ruta = _csv(tmp_path, "examenes.csv", cabecera
                + "s1,2024-03-01T10:00:00+00:00,Ana,A,p,80,100,no_aplica,terminada\n"
                + "s2,2024-03-02T10:00:00+00:00,Ana,A,p,,,,a_medias\n"
                + "s3,2024-03-03T10:00:00+00:00,Ana,A,p,,,,descartada\n"
                + "s4,2024-03-04T10:00:00+00:00,Luis,B,p,,,,descartada\n"
                + "s5,2024-03-05T10:00:00+00:00,Eva,B,p,70,100,no_aplica,perdida\n")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 1, salida.todo  # una fila saltada
    assert "examenes.csv:6: «estado» no es" in salida.err
    assert ("Ana (A) tiene examen(es) sin terminar: 1 a medias y 1 descartado(s)"
            in salida.err)
    assert "Luis (B) tiene examen(es) sin terminar: 1 descartado(s)" in salida.err
    filas = {f["agente"]: f for f in json.loads(salida.out)}
    assert (filas["Ana"]["sesiones"], filas["Ana"]["media"], filas["Ana"]["sin_terminar"]) == (
        1, 80.0, 2)
    # Quien solo dejó exámenes sin terminar aparece, sin media: no desaparece de la tabla.
    assert (filas["Luis"]["sesiones"], filas["Luis"]["media"], filas["Luis"]["sin_terminar"]
            ) == (0, None, 1)
    tabla = ejecutar("comparar", str(ruta)).out
    assert "Exámenes" in tabla and "terminar" in tabla  # la cabecera, en varias líneas


def test_un_examen_exportado_a_medias_y_despues_terminado_cuenta_terminado(ejecutar,
                                                                          tmp_path):
    cabecera = CABECERA.rstrip("\n") + ",estado\n"
    antes = _csv(tmp_path, "antes.csv", cabecera
                 + "s1,2024-03-01T10:00:00+00:00,Ana,A,p,,,,a_medias\n")
    despues = _csv(tmp_path, "despues.csv", cabecera
                   + "s1,2024-03-01T10:00:00+00:00,Ana,A,p,90,100,no_aplica,terminada\n")
    salida = ejecutar("comparar", str(antes), str(despues), "--json")
    assert salida.codigo == 0 and "sin terminar" not in salida.err
    (fila,) = json.loads(salida.out)
    assert (fila["sesiones"], fila["media"], fila["sin_terminar"]) == (1, 90.0, 0)


def test_la_tabla_cabe_en_80_columnas_con_nombres_largos_y_emoji(ejecutar, tmp_path):
    cabecera = ("sesion_id,fecha,agente,equipo,escenario,puntaje,criterio_escucha,"
                "criterio_resolucion,criterio_disculpa,criterio_desescalada,"
                "criterio_sin_excusas,criterio_cierre,cierre,estado\n")
    ruta = _csv(tmp_path, "largos.csv", cabecera
                + "s1,2024-03-01T10:00:00,María José Fernández-Villaverde 😀,Turno de mañana "
                  "🌞,p,80,100,50,100,100,100,,no_aplica,terminada\n"
                + "s2,2024-03-02T10:00:00,Lu,Tarde,p,60,100,50,100,100,100,,tardio,terminada\n"
                + "s3,2024-03-03T10:00:00,Lu,Tarde,p,,,,,,,,,descartada\n")
    salida = ejecutar("comparar", str(ruta))
    assert salida.codigo == 0, salida.todo
    lineas = salida.out.splitlines()
    assert max(cell_len(x) for x in lineas) <= 80, "\n".join(lineas)
    assert "Medias por criterio:" in salida.out
    # Los nombres largos se cortan con «…»; los cortos y las cifras se ven enteros.
    assert "María José" in salida.out and "…" in salida.out
    fila_lu = next(x for x in lineas if x.startswith("Lu "))
    assert fila_lu.split()[2:] == ["1", "60", "60", "60", "1", "1", "—"]
    assert "terminar" in salida.out and "Desescalada" in salida.out


def test_las_partidas_con_guion_no_cuentan_salvo_que_se_pidan(ejecutar, tmp_path):
    """Exportadas con --incluir-guiones, las pruebas de un formador siguen sin contar en
    comparar: se avisa de cuántas quedan fuera y --incluir-guiones las suma."""
    cabecera = CABECERA.rstrip("\n") + ",estado,guion\n"
    ruta = _csv(tmp_path, "con-guiones.csv", cabecera
                + "s1,2024-03-01T10:00:00+00:00,Ana,A,p,80,100,no_aplica,terminada,no\n"
                + "s2,2024-03-02T10:00:00+00:00,Formador,A,p,20,0,tardio,terminada,sí\n"
                + "s3,2024-03-03T10:00:00+00:00,Formador,A,p,40,0,tardio,terminada,sí\n"
                + "s4,2024-03-04T10:00:00+00:00,Ana,A,p,60,100,no_aplica,terminada,tal vez\n")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 1, salida.todo  # una fila saltada
    assert [f["agente"] for f in json.loads(salida.out)] == ["Ana"]
    assert "2 partida(s) con guion" in salida.err and "--incluir-guiones" in salida.err
    assert "con-guiones.csv:5: «guion» no es «sí» ni «no»" in salida.err
    incluidas = ejecutar("comparar", str(ruta), "--json", "--incluir-guiones")
    filas = {f["agente"]: f for f in json.loads(incluidas.out)}
    assert (filas["Formador"]["sesiones"], filas["Formador"]["media"]) == (2, 30.0)
    assert "partida(s) con guion" not in incluidas.err
    tabla = ejecutar("comparar", str(ruta), "--agente", "Formador")
    assert "Ninguna sesión cuenta" in tabla.out and "--incluir-guiones" in tabla.out


def test_exportar_y_comparar_dejan_fuera_las_partidas_de_jugar_con_guion(ejecutar,
                                                                        tmp_path):
    datos = tmp_path / "datos"
    with Historial(datos / "historial.sqlite3") as historial:
        jugar(historial, lineas_de("pedido-retrasado-modelo"), agente="Ana", equipo="M",
              fecha=_fecha(4))
    assert ejecutar("jugar", "pedido-retrasado", "--guion",
                    "tests/guiones/pedido-retrasado-pobre.txt", "--agente", "Formador",
                    "--datos", str(datos)).codigo == 0
    exportado = tmp_path / "todo.csv"
    assert ejecutar("exportar", "--datos", str(datos), "--incluir-guiones", "-o",
                    str(exportado), "--excel").codigo == 0
    salida = ejecutar("comparar", str(exportado))
    assert "1 sesión(es) de 1 archivo(s); 1 partida(s) con guion fuera." in salida.out
    assert "Formador" not in salida.out and "Ana" in salida.out


def test_una_exportacion_de_antes_con_turnos_y_sin_guion_se_sigue_leyendo(ejecutar,
                                                                         tmp_path):
    """Las exportaciones de antes tenían `turnos` (los dos lados) y no tenían `guion`:
    se leen igual y sus sesiones cuentan como jugadas a mano."""
    cabecera = ("sesion_id;fecha;zona_horaria;agente;equipo;escenario;escenario_version;"
                "escenario_version_autor;rubrica;rubrica_version;modo;puntaje;aprobado;"
                "criterio_escucha;criterio_cierre;cierre;final;estado;turnos;duracion_s;"
                "respuesta_media_s\r\n")
    ruta = _csv(tmp_path, "antigua.csv", "\ufeff" + cabecera
                + "s1;2024-03-01 10:00:00;UTC+01:00;Ana;Mañana;p;aaaa1111;1.0;estandar;"
                  "bbbb2222;practica;80;sí;100;;no_aplica;resuelto;terminada;5;33;16,5\r\n"
                + "s2;2024-03-02 10:00:00;UTC+01:00;Ana;Mañana;p;aaaa1111;1.0;estandar;"
                  "bbbb2222;practica;90,5;sí;50;;no_aplica;resuelto;terminada;7;40;12\r\n")
    salida = ejecutar("comparar", str(ruta), "--json")
    assert salida.codigo == 0, salida.todo
    assert "Aviso" not in salida.err
    (fila,) = json.loads(salida.out)
    assert (fila["sesiones"], fila["media"], fila["tendencia"]) == (2, 85.2, 10.5)
    assert fila["criterios"]["escucha"] == 75.0


def _exportacion_grande(ruta: Path, sesiones: int) -> None:
    cabecera = ("sesion_id,fecha,zona_horaria,agente,equipo,escenario,escenario_version,"
                "rubrica,rubrica_version,modo,puntaje,aprobado,criterio_escucha,"
                "criterio_resolucion,criterio_disculpa,criterio_cierre,cierre,final,estado,"
                "guion,respuestas_agente,turnos_total,duracion_s,respuesta_media_s\r\n")
    with ruta.open("w", encoding="utf-8", newline="") as archivo:
        archivo.write(cabecera)
        for n in range(sesiones):
            archivo.write(f"{n:032x},2024-03-{1 + n % 28:02d} 10:{n % 60:02d}:00,UTC+01:00,"
                          f"Agente {n % 40},Equipo {n % 4},escenario-{n % 5},aaaa1111,"
                          f"estandar,bbbb2222,practica,{n % 101},sí,{n % 3 * 50},100,50,,"
                          f"no_aplica,resuelto,terminada,no,4,9,123.5,12.5\r\n")


def test_comparar_lee_fila_a_fila_y_la_memoria_no_crece_con_el_archivo(tmp_path):
    """Issue 15: de cada sesión solo se guarda su identificador (para quitar repetidas),
    no la fila ni el texto del archivo: cuatro veces más sesiones no cuestan cuatro veces
    más memoria que las filas."""
    import tracemalloc

    from simulador.comparar import comparar

    picos = {}
    for sesiones in (2000, 8000):
        ruta = tmp_path / f"{sesiones}.csv"
        _exportacion_grande(ruta, sesiones)
        tracemalloc.start()
        resultado = comparar([ruta, ruta])  # el mismo dos veces: todas repetidas
        picos[sesiones] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert resultado.totales.sesiones == sesiones
        assert resultado.lectura.repetidas == sesiones
        (agente, *_) = resultado.totales.resumir(resultado.lectura.criterios)
        assert agente.sesiones == sesiones // 40
    # Guardar las filas y el texto costaba más de 2 KB por sesión; el conjunto de
    # identificadores ya vistos, menos de 300 bytes.
    assert picos[8000] - picos[2000] < 6000 * 300, picos
