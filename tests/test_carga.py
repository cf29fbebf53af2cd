"""Cargar escenarios: cada fallo de un formador, con archivo, línea, columna y clave.

Cada archivo de tests/datos/rotos/ es el escenario mínimo de
tests/datos/validos/ con un solo fallo. Aquí están los fallos de lectura y de
esquema; los del grafo (destinos, alcance, bucles…) están en test_validar.py.
"""

from __future__ import annotations

import os
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulador.carga import cargar_escenario, leer_yaml
from simulador.carga.lector import LIMITE_BYTES
from simulador.incidencias import ErrorDeArchivo

RAIZ = Path(__file__).resolve().parents[1]
ROTOS = "tests/datos/rotos"
MINIMO = RAIZ / "tests" / "datos" / "validos" / "minimo.yaml"

# (archivo, línea, columna, clave o None si el fallo es del archivo entero, palabras)
CASOS: list[tuple[str, int, int, str | None, tuple[str, ...]]] = [
    # Claves y tipos (esquema)
    ("clave_desconocida.yaml", 9, 3, "cliente.enfado_incial",
     ("la clave «enfado_incial» no existe aquí", "¿Quiso decir «enfado_inicial»?")),
    ("dos_puntos_sin_comillas.yaml", 16, 9, "nodos.saludo.dice[1]",
     ("como una clave", "entre comillas")),
    ("lista_de_senales_sin_combinar.yaml", 18, 9, "nodos.saludo.transiciones[1].si",
     ("«todas: [...]»", "«alguna: [...]»")),
    ("tipo_incorrecto.yaml", 9, 3, "cliente.enfado_inicial",
     ("debe ser un número entero", "«mucho»")),
    ("falta_clave.yaml", 7, 1, "cliente.nombre", ("falta la clave obligatoria «nombre»",)),
    ("dificultad_mal_escrita.yaml", 5, 1, "dificultad",
     ("«dificl» no es un valor válido", "facil, media, dificil",
      "¿Quiso decir «dificil»?")),
    ("enfado_inicial_fuera_de_rango.yaml", 9, 3, "cliente.enfado_inicial",
     ("debe ser como máximo 100", "«150»")),
    ("cambio_enfado_fuera_de_rango.yaml", 19, 9, "nodos.saludo.transiciones[1].enfado",
     ("debe ser como máximo 100", "«300»")),
    ("dice_vacio.yaml", 24, 5, "nodos.resuelto.dice", ("la lista no puede estar vacía",)),
    ("sin_nodos.yaml", 12, 1, "nodos", ("el bloque no puede estar vacío",)),
    ("no_sin_comillas.yaml", 29, 9, "nodos.se_va.dice[1]",
     ("debe ser un texto", "«False»", "falso", "comillas")),
    # Lectura del YAML
    ("clave_repetida.yaml", 7, 1, "titulo",
     ("la clave «titulo» está repetida", "ya aparece en la línea 3")),
    ("tabulador.yaml", 9, 1, "cliente", ("tabulador", "espacios")),
    ("sangria.yaml", 9, 20, "cliente",
     ("sangría", "esta línea empieza en la columna 6 y aquí se espera la 3",
      "como «nombre», en la línea 8")),
    ("latin1.yaml", 8, 16, "cliente.nombre", ("no está en UTF-8", "Latin-1", "byte F3")),
    ("vacio.yaml", 1, 1, None, ("el archivo está vacío",)),
    ("solo_comentarios.yaml", 1, 1, None, ("el archivo está vacío",)),
    ("lista_en_vez_de_bloque.yaml", 2, 1, None,
     ("se esperaba un bloque de claves y valores", "una lista")),
    ("bomba_de_alias.yaml", 7, 5, "a5", ("alias", "multiplican", "por seguridad")),
    ("alias_recursivo.yaml", 3, 12, "etiquetas", ("alias", "se contiene a sí mismo")),
    ("etiqueta_python.yaml", 3, 9, "titulo",
     ("etiqueta YAML «!!python/object/apply:os.system»", "no está permitida")),
    ("varios_documentos.yaml", 31, 1, None, ("varios documentos", "«---»")),
    ("numero_como_nombre_de_nodo.yaml", 27, 3, "nodos.2",
     ("la clave «2»", "un número", "comillas")),
]


@pytest.mark.parametrize(("archivo", "linea", "columna", "clave", "palabras"), CASOS,
                         ids=[c[0].removesuffix(".yaml") for c in CASOS])
def test_cada_fallo_se_explica_en_su_sitio(comprobar_roto, archivo, linea, columna, clave,
                                           palabras):
    comprobar_roto(f"{ROTOS}/{archivo}", linea, columna, clave, palabras)


def test_cada_archivo_roto_esta_en_alguna_tabla():
    """Un archivo nuevo en tests/datos/rotos/ sin su comprobación no vale de nada."""
    import test_validar

    cubiertos = {c[0] for c in CASOS} | {c[0] for c in test_validar.CASOS}
    presentes = {p.name for p in (RAIZ / ROTOS).glob("*.yaml")}
    assert presentes == cubiertos
    assert len(presentes) >= 18


# Un subproceso de verdad: ni un «Traceback» llega al formador, ni la bomba cuelga.
@pytest.mark.parametrize("archivo", ["bomba_de_alias.yaml", "alias_recursivo.yaml",
                                     "latin1.yaml", "tabulador.yaml", "vacio.yaml",
                                     "lista_en_vez_de_bloque.yaml", "etiqueta_python.yaml"])
def test_en_un_subproceso_no_hay_traceback(archivo):
    inicio = time.monotonic()
    proceso = subprocess.run(
        [sys.executable, "-m", "simulador", "validar", f"{ROTOS}/{archivo}"],
        cwd=RAIZ, capture_output=True, text=True, encoding="utf-8", timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    salida = proceso.stdout + proceso.stderr
    assert proceso.returncode == 1, salida
    assert "Traceback" not in salida
    assert f"{ROTOS}/{archivo}:" in proceso.stdout
    assert time.monotonic() - inicio < 30


def test_un_archivo_de_mas_de_1_mib_se_rechaza_sin_leerlo(tmp_path, ejecutar):
    grande = tmp_path / "enorme.yaml"
    relleno = "# " + "x" * 98 + "\n"
    grande.write_text(MINIMO.read_text(encoding="utf-8")
                      + relleno * (LIMITE_BYTES // len(relleno) + 1), encoding="utf-8")
    assert grande.stat().st_size > LIMITE_BYTES
    with pytest.raises(ErrorDeArchivo) as exc:
        cargar_escenario(grande)
    [incidencia] = exc.value.incidencias
    assert "enorme.yaml" in incidencia.archivo
    assert "1024 KB" in incidencia.mensaje

    salida = ejecutar("validar", str(grande))
    assert salida.codigo == 1
    assert "enorme.yaml" in salida.out and "el máximo es 1024 KB" in salida.out


@pytest.mark.parametrize("texto", [
    "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "a: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "a:\n" + "".join(" " * i + "- \n" for i in range(1, 500)),
], ids=["corchetes", "llaves", "guiones"])
def test_un_anidamiento_absurdo_no_tumba_el_proceso(tmp_path, texto):
    # libyaml compone el árbol de forma recursiva: sin el límite, el proceso muere
    # con un fallo de segmentación (sin mensaje ni código 1) en un archivo de 200 KB.
    archivo = tmp_path / "hondo.yaml"
    archivo.write_text(texto, encoding="utf-8")
    proceso = subprocess.run(
        [sys.executable, "-m", "simulador", "validar", str(archivo)],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert proceso.returncode == 1, proceso.stdout + proceso.stderr
    assert "Traceback" not in proceso.stdout + proceso.stderr
    assert "hondo.yaml:" in proceso.stdout and "demasiada profundidad" in proceso.stdout


def test_la_bomba_se_rechaza_rapido_y_sin_expandirla():
    inicio = time.monotonic()
    with pytest.raises(ErrorDeArchivo):
        leer_yaml(RAIZ / ROTOS / "bomba_de_alias.yaml")
    assert time.monotonic() - inicio < 5


def test_alias_moderados_se_admiten(tmp_path):
    """Las anclas son YAML normal: reutilizar una lista de frases no es un ataque."""
    texto = MINIMO.read_text(encoding="utf-8").replace(
        "      - Gracias, así sí.\n", "      - &gracias Gracias, así sí.\n"
    ).replace("      - Me voy a otra tienda.\n", "      - Me voy a otra tienda.\n"
              "      - *gracias\n")
    archivo = tmp_path / "anclas.yaml"
    archivo.write_text(texto, encoding="utf-8")
    cargado = cargar_escenario(archivo)
    assert cargado.modelo.nodos["se_va"].dice[1].texto == "Gracias, así sí."


def test_bom_y_finales_de_linea_de_windows(tmp_path):
    archivo = tmp_path / "windows.yaml"
    texto = MINIMO.read_text(encoding="utf-8").replace("\n", "\r\n")
    archivo.write_bytes(b"\xef\xbb\xbf" + texto.encode("utf-8"))
    cargado = cargar_escenario(archivo)
    assert cargado.modelo.id == "base-minimo"
    # Las líneas cuentan igual que en el editor.
    assert cargado.documento.posicion(("cliente", "enfado_inicial")).linea == 11


def test_un_caracter_de_control_se_situa_en_caracteres_no_en_bytes(tmp_path):
    archivo = tmp_path / "control.yaml"
    archivo.write_text("id: x\ntitulo: Camión añejo\x01\n", encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        leer_yaml(archivo)
    [incidencia] = exc.value.incidencias
    assert (incidencia.linea, incidencia.columna) == (2, 21)
    assert incidencia.clave == ("titulo",)
    assert "caracteres de control" in incidencia.mensaje


def test_una_fecha_imposible_se_explica(tmp_path):
    archivo = tmp_path / "fecha.yaml"
    archivo.write_text("id: x\nversion: 2024-13-45\n", encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        leer_yaml(archivo)
    [incidencia] = exc.value.incidencias
    assert (incidencia.linea, incidencia.columna, incidencia.clave) == (2, 10, ("version",))
    assert "«2024-13-45»" in incidencia.mensaje and "comillas" in incidencia.mensaje


def test_una_fecha_donde_va_un_texto_se_cita_tal_cual(tmp_path):
    archivo = tmp_path / "version.yaml"
    archivo.write_text(MINIMO.read_text(encoding="utf-8").replace(
        "titulo: Un pedido que no llega", "titulo: 2024-01-31"), encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        cargar_escenario(archivo)
    [incidencia] = exc.value.incidencias
    assert incidencia.clave == ("titulo",)
    assert "«2024-01-31»" in incidencia.mensaje and "una fecha" in incidencia.mensaje
    assert "datetime" not in incidencia.mensaje


def test_comillas_sin_cerrar_se_senalan_donde_empiezan(tmp_path):
    archivo = tmp_path / "comillas.yaml"
    archivo.write_text('id: x\ntitulo: "Un pedido\ncanal: chat\n', encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        leer_yaml(archivo)
    [incidencia] = exc.value.incidencias
    assert (incidencia.linea, incidencia.columna, incidencia.clave) == (2, 9, ("titulo",))
    assert "comillas sin cerrar" in incidencia.mensaje


def test_una_clave_sin_dos_puntos_se_senala_en_su_linea(tmp_path):
    archivo = tmp_path / "sin_dos_puntos.yaml"
    archivo.write_text("id: x\ndescripcion sin dos puntos\ncanal: chat\n", encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        leer_yaml(archivo)
    [incidencia] = exc.value.incidencias
    assert (incidencia.linea, incidencia.columna) == (2, 1)
    assert "falta «:»" in incidencia.mensaje


def test_las_incidencias_salen_en_el_orden_del_archivo(tmp_path):
    archivo = tmp_path / "varios.yaml"
    archivo.write_text(MINIMO.read_text(encoding="utf-8")
                       .replace("canal: chat", "canal: fax")
                       .replace("  enfado_inicial: 40", "  enfado_inicial: 400")
                       .replace("dificultad: facil", "dificultad: 3"), encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        cargar_escenario(archivo)
    lineas = [i.linea for i in exc.value.incidencias]
    assert lineas == sorted(lineas) and len(lineas) == 3


@pytest.mark.parametrize(("ruta", "palabras"), [
    ("no_existe.yaml", "no existe"),
    ("tests/datos", "es una carpeta"),
])
def test_rutas_que_no_son_un_archivo(monkeypatch, ruta, palabras):
    monkeypatch.chdir(RAIZ)
    with pytest.raises(ErrorDeArchivo) as exc:
        cargar_escenario(Path(ruta))
    [incidencia] = exc.value.incidencias
    assert incidencia.archivo == ruta and palabras in incidencia.mensaje


# --- Propiedad: nada de lo que se escriba hace saltar otra excepción -------------------

_TROZOS = ["&a ", "*a", "---\n", "...\n", "%YAML 1.2\n", "%TAG ! !x\n", ": ", "- ", "? ",
           "\n", "  ", "\t", "[", "]", "{", "}", ",", "!!", "!x ", "|\n", ">-\n", "#", "'",
           '"', "\\", "<<: ", "id: ", "nodos:\n", "~", "null", "yes", "2024-13-45",
           "1e999", "0x1F", "😀", "ñ", "\x00", "\x07", "\x1b", "\x85", "\u2028", "\ufeff",
           "\ufffe", "\r"]
_TEXTO = st.lists(
    st.one_of(
        st.sampled_from(_TROZOS),
        st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=8),
        st.text(alphabet=string.ascii_lowercase + " :-\n", max_size=12),
    ),
    max_size=40,
).map("".join)


def _cargar_o_explicar(nombre: str, datos: bytes) -> None:
    with tempfile.TemporaryDirectory() as carpeta:
        archivo = Path(carpeta) / nombre
        archivo.write_bytes(datos)
        try:
            cargar_escenario(archivo)
        except ErrorDeArchivo as exc:
            assert exc.incidencias
            for incidencia in exc.incidencias:
                assert nombre in incidencia.archivo
                assert incidencia.linea is not None and incidencia.columna is not None
                assert incidencia.mensaje and "Traceback" not in incidencia.mensaje
                assert "\n" not in str(incidencia)
                # Ni el texto en inglés de PyYAML ni el de pydantic llegan al formador.
                assert "no es válido (" not in incidencia.mensaje, incidencia.mensaje
                assert "Input should" not in incidencia.mensaje, incidencia.mensaje


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTO)
def test_cualquier_texto_se_carga_o_se_explica(texto):
    _cargar_o_explicar("azar.yaml", texto.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_cualquier_secuencia_de_bytes_se_carga_o_se_explica(datos):
    _cargar_o_explicar("bytes.yaml", datos)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=29), _TEXTO)
def test_estropear_una_linea_del_escenario_minimo(posicion, basura):
    """Lo más parecido a un formador: un escenario casi bien con una línea tocada."""
    lineas = MINIMO.read_text(encoding="utf-8").splitlines(keepends=True)
    lineas.insert(posicion, basura)
    _cargar_o_explicar("tocado.yaml", "".join(lineas).encode("utf-8"))


def test_yes_no_on_off_son_texto_como_en_los_editores(tmp_path):
    """YAML 1.2, como los editores: solo true y false son booleanos; «- No», «- Sí» u
    «- on» en una lista de frases son texto, y «abuso: yes» sigue siendo verdadero."""
    base = (Path(__file__).parent / "datos" / "validos" / "minimo.yaml").read_text(
        encoding="utf-8")
    ruta = tmp_path / "escenario.yaml"
    ruta.write_text(base.replace("      - Me voy a otra tienda.",
                                 "      - No\n      - Sí\n      - off"), encoding="utf-8")
    escenario = cargar_escenario(ruta).modelo
    assert [linea.texto for linea in escenario.nodos["se_va"].dice] == ["No", "Sí", "off"]


@pytest.mark.parametrize(("texto", "clase"), [
    ("id: `x\ntitulo: x\n", "YAML no entiende"),
    ("id: [a, b\ntitulo: x\n", "estructura no cuadra"),
    ("- a\nb: c\n", "estructura no cuadra"),
    ("a: *nadie\n", "ancla o un alias"),
])
def test_un_error_de_yaml_desconocido_se_explica_por_su_clase(tmp_path, monkeypatch, texto,
                                                              clase):
    """Si PyYAML cambia sus mensajes, el formador sigue leyendo español: la explicación
    sale de la clase del error, nunca de su texto en inglés."""
    from simulador.carga import lector

    monkeypatch.setattr(lector, "_TRADUCCIONES", [])
    ruta = tmp_path / "roto.yaml"
    ruta.write_text(texto, encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as info:
        leer_yaml(ruta)
    mensaje = str(info.value)
    assert clase in mensaje, mensaje
    for ingles in ("while", "expected", "found", "could not", "scanning", "parsing"):
        assert ingles not in mensaje, mensaje
