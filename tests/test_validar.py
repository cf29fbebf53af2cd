"""`simulador validar`, `listar` y `esquema` tal como los usa un formador.

Los fallos de grafo: cada archivo de tests/datos/rotos/ de esta tabla es un
escenario correcto clave a clave que no se podría jugar.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulador.esquemas import FORMATOS, esquema_json
from simulador.formatos.senales import SENALES_AGENTE

RAIZ = Path(__file__).resolve().parents[1]
ROTOS = "tests/datos/rotos"
MINIMO = "tests/datos/validos/minimo.yaml"
LINEA_ESQUEMA = "# yaml-language-server: $schema="
ESCENARIOS = sorted((RAIZ / "escenarios").glob("*.yaml"))
# Cada YAML incluido, con el formato cuyo esquema debe enlazar.
INCLUIDOS = [(e, "escenario") for e in ESCENARIOS] + [
    (r, "rubrica") for r in sorted((RAIZ / "rubricas").glob("*.yaml"))
]

# (archivo, línea, columna, clave, palabras)
CASOS: list[tuple[str, int, int, str, tuple[str, ...]]] = [
    ("sin_inicio.yaml", 11, 1, "inicio",
     ("el nodo «saludos» no existe", "¿Quiso decir «saludo»?")),
    ("destino_inexistente.yaml", 18, 9, "nodos.saludo.transiciones[1].ir_a",
     ("el nodo «resueltoo» no existe", "¿Quiso decir «resuelto»?")),
    ("nodo_inalcanzable.yaml", 27, 3, "nodos.olvidado",
     ("al nodo «olvidado» no se llega nunca desde el inicio",)),
    ("bucle_sin_salida.yaml", 29, 3, "nodos.insiste",
     ("desde el nodo «insiste» no se puede llegar a ningún final", "bucle sin salida")),
    ("sin_por_defecto.yaml", 13, 3, "nodos.saludo", ("falta «por_defecto»",)),
    ("senal_desconocida.yaml", 17, 9, "nodos.saludo.transiciones[1].si.senal",
     ("la señal «disculpas» no existe", "¿Quiso decir «disculpa»?")),
    ("senal_del_cliente.yaml", 17, 9, "nodos.saludo.transiciones[1].si.senal",
     ("«abuso» es una señal del cliente", "abuso: true")),
    ("al_terminar_no_final.yaml", 12, 1, "al_terminar",
     ("«saludo» debe ser un nodo con «final: relacion_terminada»",)),
]


@pytest.mark.parametrize(("archivo", "linea", "columna", "clave", "palabras"), CASOS,
                         ids=[c[0].removesuffix(".yaml") for c in CASOS])
def test_cada_fallo_del_grafo_se_explica_en_su_sitio(comprobar_roto, archivo, linea, columna,
                                                     clave, palabras):
    comprobar_roto(f"{ROTOS}/{archivo}", linea, columna, clave, palabras)


def test_el_bucle_sin_salida_nombra_los_dos_nodos(ejecutar):
    salida = ejecutar("validar", f"{ROTOS}/bucle_sin_salida.yaml")
    errores = [x for x in salida.out.splitlines() if ": error" in x]
    assert len(errores) == 2
    assert "bucle_sin_salida.yaml:34:3: error en «nodos.repite»" in errores[1]


def test_ids_repetidos_entre_archivos(ejecutar):
    carpeta = f"{ROTOS}/ids_repetidos"
    salida = ejecutar("validar", carpeta)
    assert salida.codigo == 1
    errores = [x for x in salida.out.splitlines() if ": error" in x]
    assert errores == [
        f"{carpeta}/segundo.yaml:2:1: error en «id»: el id «mismo-id» ya lo usa "
        f"{carpeta}/primero.yaml:2; cada escenario necesita un id propio"
    ]
    # Cada uno por separado está bien: el fallo es tenerlos juntos.
    for nombre in ("primero.yaml", "segundo.yaml"):
        assert ejecutar("validar", f"{carpeta}/{nombre}").codigo == 0


def test_el_mismo_archivo_dos_veces_no_choca_consigo_mismo(ejecutar):
    salida = ejecutar("validar", "escenarios", "escenarios/pedido-retrasado.yaml", "--json")
    datos = json.loads(salida.out)
    assert salida.codigo == 0 and datos["valido"]
    nombres = [a["archivo"] for a in datos["archivos"]]
    assert sorted(nombres) == [f"escenarios/{e.name}" for e in ESCENARIOS]


@pytest.mark.parametrize("escenario", ESCENARIOS, ids=[e.name for e in ESCENARIOS])
def test_los_escenarios_incluidos_son_validos(ejecutar, escenario):
    salida = ejecutar("validar", str(escenario.relative_to(RAIZ)))
    assert salida.codigo == 0, salida.out
    assert ": error" not in salida.out
    assert "correcto" in salida.out


def test_la_carpeta_de_escenarios_incluidos_es_valida(ejecutar):
    assert ESCENARIOS, "no hay escenarios incluidos"
    salida = ejecutar("validar", "escenarios")
    assert salida.codigo == 0, salida.out
    assert f"{len(ESCENARIOS)} archivo(s) revisado(s): 0 error(es)" in salida.out


def test_solo_avisos_sale_con_0(ejecutar):
    salida = ejecutar("validar", MINIMO)
    assert salida.codigo == 0, salida.out
    avisos = [x for x in salida.out.splitlines() if ": aviso" in x]
    assert len(avisos) == 3
    assert all(x.startswith(f"{MINIMO}:4:1: aviso") for x in avisos)
    assert "0 error(es), 3 aviso(s)" in salida.out


def test_errores_y_avisos_van_separados(ejecutar):
    salida = ejecutar("validar", "--json", f"{ROTOS}/sin_inicio.yaml")
    datos = json.loads(salida.out)
    [archivo] = datos["archivos"]
    niveles = [i["nivel"] for i in archivo["incidencias"]]
    assert datos["errores"] == niveles.count("error") == 1
    assert datos["avisos"] == niveles.count("aviso") >= 1
    assert set(niveles) == {"error", "aviso"}


def test_json_estructura(ejecutar):
    salida = ejecutar("validar", "--json", MINIMO, f"{ROTOS}/clave_desconocida.yaml")
    assert salida.codigo == 1
    datos = json.loads(salida.out)
    assert set(datos) >= {"valido", "errores", "avisos", "archivos"}
    assert datos["valido"] is False
    assert isinstance(datos["errores"], int) and isinstance(datos["avisos"], int)
    assert [a["archivo"] for a in datos["archivos"]] == [MINIMO,
                                                       f"{ROTOS}/clave_desconocida.yaml"]
    bueno, malo = datos["archivos"]
    assert bueno["valido"] is True and malo["valido"] is False
    for archivo in datos["archivos"]:
        assert archivo["incidencias"]
        for incidencia in archivo["incidencias"]:
            assert set(incidencia) >= {"archivo", "linea", "columna", "clave", "mensaje",
                                       "nivel"}
            assert incidencia["archivo"] == archivo["archivo"]
            assert isinstance(incidencia["linea"], int) and isinstance(incidencia["columna"],
                                                                       int)
            assert isinstance(incidencia["clave"], str) and incidencia["mensaje"]
            assert incidencia["nivel"] in ("error", "aviso")
    [error] = [i for i in malo["incidencias"] if i["nivel"] == "error"]
    assert error["clave"] == "cliente.enfado_incial" and error["linea"] == 9


def test_json_solo_avisos_es_valido(ejecutar):
    salida = ejecutar("validar", "--json", MINIMO)
    datos = json.loads(salida.out)
    assert salida.codigo == 0
    assert datos["valido"] is True and datos["errores"] == 0 and datos["avisos"] == 3


def test_una_ruta_que_no_existe_es_un_error_que_la_nombra(ejecutar):
    # No se pudo revisar lo pedido: código 2, como cualquier archivo que no existe (README);
    # lo que sí existe se revisa igual.
    salida = ejecutar("validar", "no/existe.yaml")
    assert salida.codigo == 2
    assert "no/existe.yaml: error: no existe ese archivo ni esa carpeta" in salida.out

    salida = ejecutar("validar", "--json", MINIMO, "no/existe.yaml")
    assert salida.codigo == 2
    datos = json.loads(salida.out)
    assert datos["valido"] is False and datos["errores"] == 1
    [otra] = datos["otras"]
    assert otra["archivo"] == "no/existe.yaml" and otra["nivel"] == "error"


def test_validar_sin_rutas_es_un_error_de_uso_en_espanol(ejecutar):
    salida = ejecutar("validar")
    assert salida.codigo == 2
    assert "faltan argumentos obligatorios" in salida.err


def test_cada_linea_de_incidencia_empieza_por_el_archivo(ejecutar):
    salida = ejecutar("validar", ROTOS)
    assert salida.codigo == 1
    assert "Traceback" not in salida.todo
    cuerpo, _, resumen = salida.out.rpartition("\n\n")
    for linea in cuerpo.splitlines():
        assert linea.startswith(f"{ROTOS}/"), linea
    assert "archivo(s) revisado(s)" in resumen


def test_la_cli_en_un_subproceso(tmp_path):
    proceso = subprocess.run(
        [sys.executable, "-m", "simulador", "validar", "--json", ROTOS, "escenarios"],
        cwd=RAIZ, capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proceso.returncode == 1
    assert "Traceback" not in proceso.stdout + proceso.stderr
    datos = json.loads(proceso.stdout)
    por_archivo = {a["archivo"]: a for a in datos["archivos"]}
    assert por_archivo["escenarios/pedido-retrasado.yaml"]["valido"]
    for nombre, archivo in por_archivo.items():
        if nombre.startswith(ROTOS) and "ids_repetidos/primero" not in nombre:
            assert not archivo["valido"], nombre


# --- listar -----------------------------------------------------------------------

CLAVES_LISTAR = {"id", "titulo", "archivo", "dificultad", "canal", "nodos", "finales",
                 "cierre_esperado"}


def test_listar_json_de_los_incluidos(ejecutar):
    salida = ejecutar("listar", "--json")
    assert salida.codigo == 0, salida.err
    filas = json.loads(salida.out)
    assert isinstance(filas, list) and len(filas) == len(ESCENARIOS)
    for fila in filas:
        assert set(fila) >= CLAVES_LISTAR
        assert Path(fila["archivo"]).is_file()
        assert isinstance(fila["nodos"], int) and isinstance(fila["finales"], int)
    pedido = next(f for f in filas if f["id"] == "pedido-retrasado")
    assert pedido["dificultad"] == "facil" and pedido["canal"] == "chat"
    assert pedido["nodos"] == 12 and pedido["finales"] == 4
    assert pedido["cierre_esperado"] == "no_aplica"


def test_listar_json_de_una_ruta(ejecutar):
    salida = ejecutar("listar", MINIMO, "--json")
    assert salida.codigo == 0
    [fila] = json.loads(salida.out)
    assert set(fila) >= CLAVES_LISTAR
    assert fila["id"] == "base-minimo" and fila["nodos"] == 3 and fila["finales"] == 2
    assert fila["archivo"].endswith("minimo.yaml")


def test_listar_con_un_archivo_roto_lo_explica_y_sale_con_1(ejecutar):
    salida = ejecutar("listar", "--json", MINIMO, f"{ROTOS}/tabulador.yaml")
    assert salida.codigo == 1
    assert [(f["id"], f["jugable"]) for f in json.loads(salida.out)] == [
        ("base-minimo", True), (None, False)]
    assert f"{ROTOS}/tabulador.yaml:9:1: error" in salida.err
    assert "Traceback" not in salida.todo


# --- esquema ----------------------------------------------------------------------


def _refs(nodo: object) -> list[str]:
    if isinstance(nodo, dict):
        propias = [nodo["$ref"]] if isinstance(nodo.get("$ref"), str) else []
        return propias + [r for v in nodo.values() for r in _refs(v)]
    if isinstance(nodo, list):
        return [r for v in nodo for r in _refs(v)]
    return []


def test_esquema_es_json_schema(ejecutar):
    salida = ejecutar("esquema")
    assert salida.codigo == 0
    esquema = json.loads(salida.out)
    assert esquema["title"] == "simulador: escenario"
    assert set(esquema["required"]) >= {"id", "titulo", "inicio", "nodos", "cliente"}
    assert set(esquema["properties"]) >= {"id", "titulo", "dificultad", "canal", "nodos"}


@pytest.mark.parametrize("formato", FORMATOS)
def test_cada_esquema_es_json_schema_cerrado(ejecutar, formato):
    salida = ejecutar("esquema", formato)
    assert salida.codigo == 0
    esquema = json.loads(salida.out)
    assert esquema["$schema"].startswith("https://json-schema.org/")
    assert esquema["type"] == "object" and esquema["properties"] and esquema["required"]
    # Como los modelos: una clave desconocida es un error también en el editor.
    assert esquema["additionalProperties"] is False
    for ref in _refs(esquema):
        assert ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in esquema["$defs"]


def test_el_esquema_acepta_los_numeros_que_validar_acepta_como_texto(ejecutar):
    """«version: 1.0» o «numero: 4411» valen en validar: el editor no debe marcarlos."""
    esquema = json.loads(ejecutar("esquema", "escenario").out)
    assert esquema["properties"]["version"]["type"] == ["string", "number"]
    numero = esquema["$defs"]["Cliente"]["properties"]["numero"]
    assert any(o.get("type") == ["string", "number"] for o in numero.get("anyOf", [numero]))
    # Donde validar no acepta números, el esquema tampoco.
    assert esquema["$defs"]["Transicion"]["properties"]["ir_a"]["type"] == "string"
    rubrica = json.loads(ejecutar("esquema", "rubrica").out)
    assert rubrica["properties"]["version"]["type"] == ["string", "number"]


def _propiedades(nodo: object, ruta: str = "") -> list[tuple[str, dict]]:
    """Cada propiedad de un esquema (también en $defs y dentro de anyOf), con su ruta."""
    encontradas: list[tuple[str, dict]] = []
    if isinstance(nodo, dict):
        for nombre, valor in nodo.get("properties", {}).items():
            encontradas.append((f"{ruta}.{nombre}", valor))
        for clave, valor in nodo.items():
            if clave != "properties":
                encontradas += _propiedades(valor, f"{ruta}/{clave}")
    elif isinstance(nodo, list):
        for i, valor in enumerate(nodo):
            encontradas += _propiedades(valor, f"{ruta}[{i}]")
    return encontradas


@pytest.mark.parametrize("formato", FORMATOS)
def test_cada_clave_del_esquema_se_explica_en_espanol(ejecutar, formato):
    """Al pasar el ratón por una clave, el editor del formador muestra qué es."""
    esquema = json.loads(ejecutar("esquema", formato).out)
    propiedades = _propiedades(esquema)
    assert propiedades
    sin = [ruta for ruta, valor in propiedades if not valor.get("description")]
    assert not sin, sin


def test_el_editor_ofrece_los_nombres_de_las_senales(ejecutar):
    """«si: disculpa» o «senal: asiste»: el editor propone las señales del contrato, y una
    señal propia de una rúbrica sigue siendo válida (no es una lista cerrada)."""
    escenario = json.loads(ejecutar("esquema", "escenario").out)
    texto_suelto = escenario["$defs"]["Condicion"]["anyOf"][0]
    assert {"enum": list(SENALES_AGENTE)} in texto_suelto["anyOf"]
    assert {"type": "string"} in texto_suelto["anyOf"]
    rubrica = json.loads(ejecutar("esquema", "rubrica").out)
    senal = json.dumps(rubrica["$defs"]["Criterio"]["properties"]["senal"])
    assert '"asiste"' in senal and '"abuso"' in senal


@pytest.mark.parametrize("formato", FORMATOS)
def test_el_esquema_guardado_no_se_queda_viejo(ejecutar, formato):
    guardado = RAIZ / "esquemas" / f"{formato}.schema.json"
    salida = ejecutar("esquema", formato)
    assert salida.codigo == 0
    assert guardado.is_file(), (
        f"falta esquemas/{formato}.schema.json: genérelo con "
        f"«simulador esquema {formato} -o esquemas/{formato}.schema.json»"
    )
    assert salida.out == guardado.read_text(encoding="utf-8"), (
        f"esquemas/{formato}.schema.json está desfasado: regenérelo con "
        f"«simulador esquema {formato} -o esquemas/{formato}.schema.json»"
    )


def test_esquema_escrito_en_una_carpeta(ejecutar, tmp_path):
    salida = ejecutar("esquema", "-o", str(tmp_path / "salida"))
    assert salida.codigo == 0
    for formato in FORMATOS:
        escrito = tmp_path / "salida" / f"{formato}.schema.json"
        assert escrito.read_text(encoding="utf-8") == esquema_json(formato)
        assert json.loads(escrito.read_text(encoding="utf-8"))["title"] == f"simulador: {formato}"


@pytest.mark.parametrize(("archivo", "formato"), INCLUIDOS,
                         ids=[f"{a.parent.name}/{a.name}" for a, _ in INCLUIDOS])
def test_los_yaml_incluidos_llevan_la_linea_del_esquema(archivo, formato):
    primera = archivo.read_text(encoding="utf-8").splitlines()[0]
    assert primera.startswith(LINEA_ESQUEMA), f"{archivo.name}: {primera!r}"
    destino = (archivo.parent / primera.removeprefix(LINEA_ESQUEMA).strip()).resolve()
    assert destino == (RAIZ / "esquemas" / f"{formato}.schema.json").resolve()
    assert destino.is_file(), (
        f"{archivo.name} enlaza {destino.name}, que no existe: genérelo con "
        f"«simulador esquema {formato} -o esquemas/{formato}.schema.json»"
    )



# --- rúbricas ---------------------------------------------------------------------


def test_validar_reconoce_las_rubricas(ejecutar):
    salida = ejecutar("validar", "--json", "rubricas")
    assert salida.codigo == 0, salida.out
    datos = json.loads(salida.out)
    assert datos["archivos"] and all(a["tipo"] == "rubrica" for a in datos["archivos"])


def test_una_rubrica_rota_se_explica_como_rubrica(ejecutar, tmp_path):
    original = (RAIZ / "rubricas" / "estandar.yaml").read_text(encoding="utf-8")
    rota = tmp_path / "rubrica_rota.yaml"
    rota.write_text(original.replace("criterios:", "criterios:\n  extra_x:\n    pesso: 3\n"
                                     "    calculo: presencia\n    senal: escucha", 1),
                    encoding="utf-8")
    salida = ejecutar("validar", str(rota))
    assert salida.codigo == 1
    errores = [x for x in salida.out.splitlines() if ": error" in x]
    assert errores and all("rubrica_rota.yaml:" in x for x in errores)
    assert any("«criterios.extra_x.pesso»" in x and "¿Quiso decir «peso»?" in x
               for x in errores), errores
    assert not any("nodos" in x for x in errores)


@pytest.mark.parametrize(("frase", "explicacion"), [
    ("lo (siento|sentimos", "abre un paréntesis que no se cierra"),
    ("lo siento)", "cierra un paréntesis que no se abrió"),
    ("lo siento|lo sentimos", "tiene «|» fuera de un paréntesis"),
    ("lo (|) siento", "tiene un grupo vacío «(|)»"),
    ("* siento", "pone «*» donde no vale"),
    ("sie*nto", "pone «*» donde no vale"),
    ("(siento|lamento)*", "pone «*» donde no vale"),
])
def test_una_frase_mal_escrita_se_explica_en_su_linea(ejecutar, tmp_path, frase,
                                                                     explicacion):
    """Sin el error, la frase no encontraría nunca nada y nadie se enteraría."""
    lineas = (RAIZ / "rubricas" / "estandar.yaml").read_text(encoding="utf-8").splitlines()
    linea = lineas.index("      - lo (siento|sentimos|lamento|lamentamos)")
    lineas[linea] = f"      - '{frase}'"
    rota = tmp_path / "mi-rubrica.yaml"
    rota.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    salida = ejecutar("validar", str(rota))
    assert salida.codigo == 1, salida.out
    assert f"mi-rubrica.yaml:{linea + 1}:" in salida.out and explicacion in salida.out
    assert "«senales.disculpa.frases[1]»" in salida.out


def test_un_marcador_desconocido_en_la_respuesta_de_ejemplo_se_nombra(ejecutar, tmp_path):
    original = (RAIZ / "rubricas" / "estandar.yaml").read_text(encoding="utf-8")
    rota = tmp_path / "rubrica.yaml"
    rota.write_text(original.replace("Discúlpese en la primera respuesta",
                                     "Discúlpese con {cliente} en la primera respuesta", 1),
                    encoding="utf-8")
    salida = ejecutar("validar", str(rota))
    assert salida.codigo == 1
    error = next(x for x in salida.out.splitlines() if ": error" in x)
    assert "rubrica.yaml:" in error and "criterios.disculpa" in error
    assert "{cliente}" in error and "{nombre}" in error


@pytest.mark.parametrize(("cambio", "esperado"), [
    (("{atendida: plazo, pendiente: compensacion}", "{atendida: plaso, pendiente: compensacion}"),
     ("«nodos.pide_plazo.transiciones[", "].si.atendida»", "la necesidad «plaso» no existe",
      "¿Quiso decir «plazo»?")),
    (("    palabras: [vuelve, volvera", "    palabras: [vuelve pronto, volvera"),
     ("«necesidades.plazo.palabras[1]»", "«vuelve pronto» debe ser una sola palabra")),
])
def test_las_necesidades_mal_escritas_se_explican_en_su_sitio(ejecutar, tmp_path, cambio,
                                                             esperado):
    original = (RAIZ / "escenarios" / "caida-del-socio.yaml").read_text(encoding="utf-8")
    assert cambio[0] in original
    roto = tmp_path / "socio.yaml"
    roto.write_text(original.replace(cambio[0], cambio[1], 1), encoding="utf-8")
    salida = ejecutar("validar", str(roto))
    assert salida.codigo == 1
    errores = [x for x in salida.out.splitlines() if ": error" in x]
    assert errores and all(x.startswith(f"{roto}:") or "socio.yaml:" in x for x in errores)
    assert any(all(trozo in x for trozo in esperado) for x in errores), errores


def test_una_linea_que_da_por_dicho_lo_que_nadie_dijo_se_avisa(ejecutar, tmp_path):
    """«¿Su socio?» en un nodo al que se llega con cualquier excusa: el cliente contestaría
    a algo que el agente quizá no dijo."""
    original = (RAIZ / "escenarios" / "caida-del-socio.yaml").read_text(encoding="utf-8")
    ancla = "  culpa_ajena:\n    dice:\n"
    assert ancla in original
    roto = tmp_path / "socio.yaml"
    roto.write_text(original.replace(
        ancla, ancla + "      - ¿Su socio? A mí qué me cuentan de su socio.\n", 1),
        encoding="utf-8")
    salida = ejecutar("validar", str(roto))
    assert salida.codigo == 0, salida.out  # es un aviso: el escenario se puede jugar
    avisos = [x for x in salida.out.splitlines() if ": aviso" in x]
    assert avisos and all("socio.yaml:" in x for x in avisos)
    assert any("«nodos.reporta.transiciones[" in x and "se llega a «culpa_ajena»" in x
               and "«menciona: [socio*]»" in x and "«¿Su socio?" in x for x in avisos), avisos
    # Los escenarios incluidos no tienen ninguna.
    assert ": aviso" not in ejecutar("validar", str(RAIZ / "escenarios")).out


@pytest.mark.parametrize(("viejo", "nuevo", "clave", "explicacion"), [
    # El descuento por un insulto sin aviso solo lo entiende el criterio de cierre.
    ("    calculo: penaliza\n    senal: escalada\n",
     "    calculo: penaliza\n    senal: escalada\n    insulto_sin_aviso: 40\n",
     "criterios.desescalada", "«insulto_sin_aviso» solo vale con «calculo: cierre»"),
    # Lo que pide el cliente exceptúa señales del agente, no las suyas.
    ("  abuso:\n    rol: cliente\n",
     "  abuso:\n    rol: cliente\n    si_el_cliente_lo_pide: [quiero la baja]\n",
     "senales.abuso", "son para señales del agente"),
])
def test_claves_de_la_rubrica_puestas_donde_no_hacen_nada(ejecutar, tmp_path, viejo, nuevo,
                                                          clave, explicacion):
    original = (RAIZ / "rubricas" / "estandar.yaml").read_text(encoding="utf-8")
    assert viejo in original
    rota = tmp_path / "rubrica.yaml"
    rota.write_text(original.replace(viejo, nuevo, 1), encoding="utf-8")
    salida = ejecutar("validar", str(rota))
    assert salida.codigo == 1
    error = next(x for x in salida.out.splitlines() if ": error" in x)
    assert "rubrica.yaml:" in error and clave in error and explicacion in error, error
