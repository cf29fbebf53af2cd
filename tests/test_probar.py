"""`simulador probar`: cientos de sesiones al azar para encontrar finales perdidos y bucles."""

from __future__ import annotations

import functools
import json

import pytest

from simulador.catalogo import cargar_catalogo
from simulador.comandos import probar
from simulador.motor.exploracion import explorar
from simulador.rubricas import cargar_calificador
from simulador.rutas import escenarios_incluidos

# Compilar la rúbrica cuesta más de un segundo: las pruebas comparten una.
_compartido = functools.cache(cargar_calificador)


@pytest.fixture(autouse=True)
def _rubrica_compartida(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probar, "cargar_calificador", _compartido)


@pytest.mark.parametrize("ident", ["pedido-retrasado", "cliente-abusivo", "exige-imposible"])
def test_los_escenarios_incluidos_pasan(ejecutar, ident):
    salida = ejecutar("probar", ident, "--json")
    assert salida.codigo == 0, salida.todo
    datos = json.loads(salida.out)
    assert datos["correcto"] and datos["recorridos"] == 500
    assert datos["finales_no_alcanzados"] == [] and datos["sin_final"] == []
    assert datos["errores"] == []
    escenario = cargar_catalogo([escenarios_incluidos()]).buscar(ident)
    assert escenario is not None
    assert {f["nodo"] for f in datos["finales"]} == set(escenario.modelo.finales)
    assert sum(f["veces"] for f in datos["finales"]) == 500
    assert datos["mas_largo"]["respuestas"] >= 3
    # 500 recorridos en menos de 5 s (con margen para una máquina cargada).
    assert datos["segundos"] < 5


def test_informe_en_texto(ejecutar):
    salida = ejecutar("probar", "pedido-retrasado", "--recorridos", "100", "--semilla", "3")
    assert salida.codigo == 0, salida.todo
    for texto in ("100 recorridos al azar, semilla 3", "Finales alcanzados:", "resuelto",
                  "Recorrido más largo:", "Finales nunca alcanzados: ninguno",
                  "Nodos nunca alcanzados: ninguno", "Errores: 0",
                  "Relleno (5 estrategias × 3 semillas): ninguna resuelve ni aprueba",
                  "Correcto"):
        assert texto in salida.out


def test_bucle_sin_salida(ejecutar):
    salida = ejecutar("probar", "tests/datos/rotos/bucle_sin_salida.yaml", "--recorridos", "100")
    assert salida.codigo == 1
    assert "bucle_sin_salida.yaml:29:3: error en «nodos.insiste»" in salida.out
    assert "sin final tras 60 respuestas, en el bucle insiste → repite → insiste" in salida.out


def test_destino_que_no_existe_con_su_linea(ejecutar):
    salida = ejecutar("probar", "tests/datos/rotos/destino_inexistente.yaml", "--json")
    assert salida.codigo == 1
    datos = json.loads(salida.out)
    assert not datos["correcto"]
    error = datos["errores"][0]
    assert error["nodo"] == "saludo" and "resueltoo" in error["mensaje"]
    assert error["linea"] == 18 and error["veces"] > 0
    texto = ejecutar("probar", "tests/datos/rotos/destino_inexistente.yaml").out
    assert "destino_inexistente.yaml:18:9: error en «nodos.saludo.transiciones[1].ir_a»" in texto


def test_final_inalcanzable(ejecutar):
    salida = ejecutar("probar", "tests/datos/rotos/nodo_inalcanzable.yaml", "--recorridos", "50")
    assert salida.codigo == 1
    assert "nodo_inalcanzable.yaml:27:3: error en «nodos.olvidado»" in salida.out
    assert "Finales nunca alcanzados: olvidado" in salida.out


def test_errores_de_uso(ejecutar):
    salida = ejecutar("probar", "pedido-retrasao")
    assert salida.codigo == 2 and "¿Quiso decir «pedido-retrasado»?" in salida.err
    salida = ejecutar("probar", "pedido-retrasado", "--recorridos", "0")
    assert salida.codigo == 2 and "entre 1 y 100000" in salida.err


def test_la_misma_semilla_da_el_mismo_informe():
    escenario = cargar_catalogo([escenarios_incluidos()]).buscar("cliente-abusivo")
    assert escenario is not None
    calificador = _compartido()
    a = explorar(escenario.modelo, calificador, 60, semilla=9)
    b = explorar(escenario.modelo, calificador, 60, semilla=9)
    assert a.recorridos == b.recorridos


def test_avisa_si_el_relleno_resuelve_el_escenario(ejecutar):
    """Un escenario que una disculpa resuelve no enseña a ayudar: probar lo dice, con la
    estrategia y la semilla, y sale con 1."""
    ruta = "tests/datos/probar/relleno_resuelve.yaml"
    salida = ejecutar("probar", ruta, "--recorridos", "50")
    assert salida.codigo == 1
    assert "relleno_resuelve.yaml:" in salida.out
    assert "el relleno (disculpas y «tomo nota», semilla 0) llega a «resuelto»" in salida.out
    assert "«necesidades»" in salida.out
    datos = json.loads(ejecutar("probar", ruta, "--recorridos", "50", "--json").out)
    assert not datos["correcto"]
    assert any(j["gana"] and j["final"] == "resuelto" for j in datos["relleno"])


def test_probar_no_guarda_nada_en_el_historial(ejecutar, tmp_path):
    """Cientos de partidas al azar no son resultados de nadie: no tocan el historial."""
    datos = tmp_path / "datos"
    salida = ejecutar("probar", "pedido-retrasado", "--recorridos", "20", "--datos", str(datos))
    assert salida.codigo == 0, salida.todo
    assert not (datos / "historial.sqlite3").exists()
    assert ejecutar("sesiones", "--datos", str(datos), "--json").out.strip() == "[]"
