"""`validar` dice en una sola pasada todos los errores independientes de un archivo.

Los del esquema (claves, tipos) y los del grafo y las señales (destinos, señales
que no existen…) salen juntos cuando el YAML se puede leer: el formador que
comete tres fallos los corrige todos con una sola ejecución.
"""

from __future__ import annotations

import json
from pathlib import Path

MINIMO = Path(__file__).parent / "datos" / "validos" / "minimo.yaml"


def _escribir(tmp_path: Path, *cambios: tuple[str, str]) -> str:
    texto = MINIMO.read_text(encoding="utf-8")
    for viejo, nuevo in cambios:
        assert viejo in texto, viejo
        texto = texto.replace(viejo, nuevo, 1)
    ruta = tmp_path / "borrador.yaml"
    ruta.write_text(texto, encoding="utf-8")
    return str(ruta)


def _errores(salida: str) -> list[str]:
    return [x for x in salida.splitlines() if ": error" in x]


TRES_FALLOS = (
    ("descripcion: Una clienta", "descripcon: Una clienta"),       # línea 6
    ("      - si: disculpa\n", "      - si: disculpas\n"),          # línea 19
    ("    por_defecto:\n", "      - si: escucha\n        ir_a: resuelta\n"
     "    por_defecto:\n"),                                         # línea 23
)


def test_tres_fallos_distintos_salen_en_una_sola_pasada(tmp_path, ejecutar):
    ruta = _escribir(tmp_path, *TRES_FALLOS)
    salida = ejecutar("validar", ruta)
    assert salida.codigo == 1
    errores = _errores(salida.out)
    assert len(errores) == 3, salida.out
    clave, senal, destino = errores  # en el orden del archivo
    assert clave.startswith(f"{ruta}:6:1: error en «descripcon»: la clave «descripcon» no "
                            "existe aquí. ¿Quiso decir «descripcion»? Es obligatoria y falta.")
    assert senal.startswith(f"{ruta}:19:9: error en «nodos.saludo.transiciones[1].si.senal»: "
                            "la señal «disculpas» no existe. ¿Quiso decir «disculpa»?")
    assert destino == (f"{ruta}:23:9: error en «nodos.saludo.transiciones[2].ir_a»: el nodo "
                       "«resuelta» no existe. ¿Quiso decir «resuelto»?")
    assert "3 error(es)" in salida.out

    datos = json.loads(ejecutar("validar", "--json", ruta).out)
    assert datos["errores"] == 3
    [archivo] = datos["archivos"]
    assert [(i["linea"], i["clave"]) for i in archivo["incidencias"]] == [
        (6, "descripcon"), (19, "nodos.saludo.transiciones[1].si.senal"),
        (23, "nodos.saludo.transiciones[2].ir_a")]


def test_un_valor_mal_puesto_en_un_nodo_no_esconde_un_nodo_inalcanzable(tmp_path, ejecutar):
    # Lo que dice el cliente no cambia el mapa: el alcance se sigue comprobando.
    ruta = _escribir(tmp_path, ("      enfado: -10\n", "      enfado: mucho\n"),
                     ("      - Gracias, así sí.\n", "      - [Gracias]\n"),
                     ("  se_va:\n", "  olvidado:\n    dice: [Hola]\n    final: resuelto\n"
                      "  se_va:\n"))
    errores = _errores(ejecutar("validar", ruta).out)
    assert [e.split(": error en ")[1].split("»")[0] for e in errores] == [
        "«nodos.saludo.transiciones[1].enfado", "«nodos.resuelto.dice[1]", "«nodos.olvidado"]
    assert "no se llega nunca" in errores[2]


def test_una_clave_mal_escrita_en_un_nodo_no_trae_errores_en_cadena(tmp_path, ejecutar):
    # Sin sus «transiciones», a «resuelto» no se llegaría: eso es eco de la errata, no un
    # fallo más. Una señal mal escrita en otra parte sí es independiente.
    ruta = _escribir(tmp_path, ("    transiciones:\n", "    transicones:\n"),
                     ("    por_defecto:\n", "    silencio:\n      segundos: 30\n"
                      "      dice: [¿Hola?]\n      ir_a: sevaa\n    por_defecto:\n"))
    salida = ejecutar("validar", ruta)
    errores = _errores(salida.out)
    assert len(errores) == 2, salida.out
    assert "«nodos.saludo.transicones»" in errores[0] and "¿Quiso decir «transiciones»?" \
        in errores[0]
    assert "«nodos.saludo.silencio.ir_a»: el nodo «sevaa» no existe" in errores[1]
    assert "no se llega nunca" not in salida.out and "falta «por_defecto»" not in salida.out


def test_sin_nodos_no_se_inventan_destinos_que_faltan(ejecutar):
    # «nodos: {}» ya es un error; que «inicio» apunte a un nodo que no está es su eco.
    salida = ejecutar("validar", "tests/datos/rotos/sin_nodos.yaml")
    [error] = _errores(salida.out)
    assert "«nodos»: el bloque no puede estar vacío" in error


# --- Lo que no se puede leer como YAML: dónde está de verdad el fallo ---------------


def test_unas_comillas_sin_cerrar_se_senalan_donde_se_abren(tmp_path, ejecutar):
    # Las comillas de la línea 17 se cierran con las de la 27: YAML se atasca allí y
    # antes hablaba de sangría, diez líneas más abajo.
    ruta = _escribir(tmp_path, ("      - Hola, ¿dónde está mi pedido?",
                                '      - "Hola, ¿dónde está mi pedido?'),
                     ("      - Gracias, así sí.", '      - "Gracias, así sí."'))
    [error] = _errores(ejecutar("validar", ruta).out)
    assert error.startswith(f"{ruta}:17:9: error en «nodos.saludo.dice[1]»: hay unas comillas "
                            "sin cerrar: las que se abren en la línea 17, columna 9, no se "
                            "cierran hasta la línea 27")
    assert "sangría" not in error


def test_unas_comillas_que_no_se_cierran_nunca(tmp_path, ejecutar):
    ruta = _escribir(tmp_path, ("titulo: Un pedido", 'titulo: "Un pedido'))
    [error] = _errores(ejecutar("validar", ruta).out)
    assert error.startswith(f"{ruta}:5:9: error en «titulo»: hay unas comillas sin cerrar: "
                            "las que se abren en la línea 5, columna 9, no se cierran en todo "
                            "el archivo")


def test_la_sangria_dice_que_columna_se_esperaba(tmp_path, ejecutar):
    # «por_defecto» con un espacio de más: entre «dice» (5) y el «-» de las transiciones (7).
    ruta = _escribir(tmp_path, ("    por_defecto:", "     por_defecto:"))
    [error] = _errores(ejecutar("validar", ruta).out)
    assert error.startswith(f"{ruta}:22:6: ")
    assert error.endswith("la sangría no cuadra con la de las líneas de arriba: esta línea "
                          "empieza en la columna 6 y aquí se espera la 5 (como «dice», en la "
                          "línea 16) o la 7 (como el «-» de la línea 19)")
