"""Avisos de `validar` que protegen la nota: marcas de abuso y señales de rúbricas."""

from __future__ import annotations

from pathlib import Path

from simulador.cli import main

BASE = Path(__file__).parent / "datos" / "validos" / "minimo.yaml"


def _escenario(tmp_path: Path, viejo: str, nuevo: str) -> Path:
    texto = BASE.read_text(encoding="utf-8")
    assert viejo in texto
    ruta = tmp_path / "escenario.yaml"
    ruta.write_text(texto.replace(viejo, nuevo), encoding="utf-8")
    return ruta


def test_marca_de_abuso_que_el_calificador_no_ve(tmp_path, capsys):
    ruta = _escenario(tmp_path, "      - Hola, ¿dónde está mi pedido?",
                      "      - texto: Hola, ¿dónde está mi pedido?\n        abuso: true")
    assert main(["validar", str(ruta)]) == 0
    salida = capsys.readouterr().out
    assert "aviso en «nodos.saludo.dice[1]»" in salida
    assert "marcada como abuso pero el calificador no ve insultos" in salida


def test_insulto_sin_marcar_y_variantes_mezcladas(tmp_path, capsys):
    ruta = _escenario(tmp_path, "      - Hola, ¿dónde está mi pedido?",
                      "      - Hola, ¿dónde está mi pedido?\n      - ¿Dónde está, inútil?")
    assert main(["validar", str(ruta)]) == 0
    salida = capsys.readouterr().out
    assert "aviso en «nodos.saludo.dice[2]»" in salida and "abuso: true" in salida
    assert "unas variantes están marcadas como abuso y otras no" not in salida
    ruta = _escenario(tmp_path, "      - Hola, ¿dónde está mi pedido?",
                      "      - Hola, ¿dónde está mi pedido?\n      - texto: ¿Dónde está, inútil?"
                      "\n        abuso: true")
    assert main(["validar", str(ruta)]) == 0
    assert "unas variantes están marcadas como abuso y otras no" in capsys.readouterr().out


def test_senal_de_una_rubrica_del_lote_vale_en_las_condiciones(tmp_path, capsys):
    ruta = _escenario(tmp_path, "      - si: disculpa\n", "      - si: usa_nombre\n")
    assert main(["validar", str(ruta)]) == 1
    assert "la señal «usa_nombre» no existe" in capsys.readouterr().out
    rubrica = tmp_path / "cercana.yaml"
    estandar = (Path(__file__).parents[1] / "rubricas" / "estandar.yaml").read_text(
        encoding="utf-8")
    rubrica.write_text(estandar.replace("id: estandar", "id: cercana").replace(
        "\nsenales:\n", "\nsenales:\n  usa_nombre:\n    tipo: nombre_cliente\n", 1),
        encoding="utf-8")
    assert main(["validar", str(ruta), str(rubrica)]) == 0
    salida = capsys.readouterr().out
    assert "rúbrica «cercana»" in salida


def test_linea_que_contesta_a_una_senal_que_su_camino_no_exige(tmp_path, capsys):
    """«¿Su política?» solo encaja si el agente se escudó en la política: llegar a esa
    línea por otro camino es un aviso con la flecha que lleva a ella."""
    ruta = _escenario(tmp_path, "      - Me voy a otra tienda.",
                      "      - Me da igual su política. Me voy a otra tienda.")
    assert main(["validar", str(ruta)]) == 0
    salida = capsys.readouterr().out
    assert "aviso en «nodos.saludo.por_defecto.ir_a»" in salida
    assert "sin exigir la señal «excusa»" in salida and "«su politica»" in salida

    # Con la señal exigida en la flecha, la línea encaja: ningún aviso.
    texto = ruta.read_text(encoding="utf-8").replace(
        "    por_defecto:\n      ir_a: se_va",
        "      - si: {todas: [excusa]}\n        ir_a: se_va\n    por_defecto:\n"
        "      ir_a: resuelto")
    ruta.write_text(texto, encoding="utf-8")
    assert main(["validar", str(ruta)]) == 0
    assert "sin exigir la señal" not in capsys.readouterr().out

    # «alguna» no la exige: la respuesta pudo dar solo la otra señal.
    ruta.write_text(texto.replace("{todas: [excusa]}", "{alguna: [excusa, escalada]}"),
                    encoding="utf-8")
    assert main(["validar", str(ruta)]) == 0
    assert "sin exigir la señal «excusa»" in capsys.readouterr().out


def test_linea_que_contesta_a_una_disculpa_solo_tras_una_disculpa(tmp_path, capsys):
    ruta = _escenario(tmp_path, "      - Gracias, así sí.",
                      "      - Gracias, así sí.\n      - Deje de pedirme perdón y mándelo ya.")
    assert main(["validar", str(ruta)]) == 0  # se llega por «si: disculpa»
    assert "sin exigir la señal" not in capsys.readouterr().out
    ruta = _escenario(tmp_path, "      - Me voy a otra tienda.",
                      "      - Con disculpas no se arregla nada. Me voy a otra tienda.")
    assert main(["validar", str(ruta)]) == 0
    assert "sin exigir la señal «disculpa»" in capsys.readouterr().out
