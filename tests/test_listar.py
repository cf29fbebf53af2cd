"""`simulador listar`: un escenario que no se puede jugar se ve en la lista, con su error.

Un alumno o un formador elige en la lista: lo que está roto no debe parecer jugable,
dos archivos con el mismo id se señalan con los dos nombres y las cuentas cuadran.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROTOS = "tests/datos/rotos"
MINIMO = "tests/datos/validos/minimo.yaml"
DESTINO = f"{ROTOS}/destino_inexistente.yaml"
TABULADOR = f"{ROTOS}/tabulador.yaml"
REPETIDOS = f"{ROTOS}/ids_repetidos"
RAIZ = Path(__file__).resolve().parents[1]


def _bloque(salida: str, cabeza: str) -> list[str]:
    """Las líneas de un escenario en la lista: la suya y las sangradas que la siguen."""
    lineas = salida.splitlines()
    inicio = next(i for i, linea in enumerate(lineas) if linea.startswith(cabeza))
    bloque = [lineas[inicio]]
    for linea in lineas[inicio + 1:]:
        if not linea.startswith(" "):
            break
        bloque.append(linea.strip())
    return bloque


def test_un_destino_que_no_existe_se_marca_con_su_error_entero(ejecutar):
    salida = ejecutar("listar", MINIMO, DESTINO)
    assert salida.codigo == 1
    bloque = _bloque(salida.out, "destino-inexistente ")
    assert bloque[1] == (f"✗ no se puede jugar: {DESTINO}:18:9: error en "
                         "«nodos.saludo.transiciones[1].ir_a»: el nodo «resueltoo» no existe. "
                         "¿Quiso decir «resuelto»? (y 1 error más)")
    # El bueno sigue como jugable, con sus datos.
    assert _bloque(salida.out, "base-minimo ")[1] == (
        "fácil · chat · 3 nodos · 2 finales · cierre esperado: no aplica")
    # Todos los errores, enteros, en la salida de errores.
    assert f"{DESTINO}:18:9: error en «nodos.saludo.transiciones[1].ir_a»" in salida.err
    assert f"{DESTINO}:23:3: error en «nodos.resuelto»" in salida.err
    assert "1 archivo de 2 no se puede jugar" in salida.err


def test_un_archivo_que_no_carga_sale_en_la_lista(ejecutar):
    salida = ejecutar("listar", TABULADOR, MINIMO)
    assert salida.codigo == 1
    assert _bloque(salida.out, TABULADOR) == [
        TABULADOR, f"✗ no se puede jugar: {TABULADOR}:9:1: error en «cliente»: hay un "
        "tabulador: en YAML se sangra solo con espacios (configure su editor para escribir "
        "espacios)"]


def test_la_cuenta_es_de_archivos_no_de_errores(ejecutar, tmp_path):
    """Un archivo con dos errores es un archivo que no se puede jugar, no dos."""
    carpeta = tmp_path / "escenarios"
    carpeta.mkdir()
    shutil.copy(RAIZ / MINIMO, carpeta / "bueno.yaml")
    # Dos errores al cargarlo: una dificultad y un canal que no existen.
    texto = (RAIZ / MINIMO).read_text(encoding="utf-8")
    (carpeta / "roto.yaml").write_text(texto.replace("dificultad: facil", "dificultad: facilita")
                                       .replace("canal: chat", "canal: fax"), encoding="utf-8")
    salida = ejecutar("listar", str(carpeta))
    assert salida.codigo == 1
    assert salida.err.count(": error en ") == 2
    assert "1 archivo de 2 no se puede jugar;" in salida.err
    assert "2 archivo" not in salida.err
    # Lo mismo con dos errores de grafo.
    shutil.copy(RAIZ / DESTINO, carpeta / "roto.yaml")
    salida = ejecutar("listar", str(carpeta))
    assert salida.err.count(": error en ") == 2
    assert "1 archivo de 2 no se puede jugar;" in salida.err


def test_json_dice_si_se_puede_jugar_y_por_que(ejecutar):
    salida = ejecutar("listar", "--json", MINIMO, DESTINO, TABULADOR)
    assert salida.codigo == 1
    bueno, destino, tabulador = json.loads(salida.out)
    assert bueno["id"] == "base-minimo" and bueno["jugable"] is True
    assert bueno["errores"] == [] and bueno["avisos"] == []
    assert destino["id"] == "destino-inexistente" and destino["jugable"] is False
    [primero, segundo] = destino["errores"]
    assert (primero["archivo"], primero["linea"], primero["columna"], primero["clave"]) == (
        DESTINO, 18, 9, "nodos.saludo.transiciones[1].ir_a")
    assert primero["nivel"] == "error" and "«resueltoo» no existe" in primero["mensaje"]
    assert segundo["clave"] == "nodos.resuelto"
    # Sin cargar no se sabe ni el id ni el título: null, pero el archivo y el error sí.
    assert tabulador["id"] is None and tabulador["titulo"] is None
    assert tabulador["archivo"] == TABULADOR and tabulador["jugable"] is False
    assert [(e["linea"], e["clave"]) for e in tabulador["errores"]] == [(9, "cliente")]


def test_ids_repetidos_se_avisan_con_los_dos_archivos(ejecutar):
    salida = ejecutar("listar", REPETIDOS)
    assert salida.codigo == 1
    primero, segundo = f"{REPETIDOS}/primero.yaml", f"{REPETIDOS}/segundo.yaml"
    lineas = salida.out.splitlines()
    avisos = [linea.strip() for linea in lineas if linea.strip().startswith("!")]
    assert avisos == [
        f"! el id «mismo-id» lo usa también {segundo}:2; cada escenario necesita un id propio",
        f"! el id «mismo-id» ya lo usa {primero}:2; cada escenario necesita un id propio",
    ]
    assert "2 archivos con un id que usa otro archivo" in salida.err
    # Se pueden jugar los dos: cada uno es un archivo entero y correcto.
    filas = json.loads(ejecutar("listar", "--json", REPETIDOS).out)
    assert [f["jugable"] for f in filas] == [True, True]
    assert [f["avisos"][0]["archivo"] for f in filas] == [primero, segundo]
    assert segundo in filas[0]["avisos"][0]["mensaje"]
    assert primero in filas[1]["avisos"][0]["mensaje"]


def test_los_incluidos_se_listan_con_los_nombres_de_la_interfaz(ejecutar):
    salida = ejecutar("listar")
    assert salida.codigo == 0 and salida.err == ""
    assert _bloque(salida.out, "cliente-abusivo ")[1].startswith(
        "difícil · teléfono · ")
    assert "✗" not in salida.out and "!" not in salida.out
    for clave in ("dificil", "telefono", "no_aplica"):
        assert f" {clave} " not in salida.out and f": {clave}" not in salida.out


def test_una_ruta_que_no_existe_sale_con_2_y_se_nombra(ejecutar, tmp_path):
    salida = ejecutar("listar", str(tmp_path / "no-esta"))
    assert salida.codigo == 2
    assert "no-esta" in salida.err and "no existe ese archivo ni esa carpeta" in salida.err
