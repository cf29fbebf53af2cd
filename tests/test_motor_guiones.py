"""Cada escenario incluido, jugado con guiones: el agente modelo, el pobre y los cierres.

Los guiones están en tests/guiones/<escenario>-<caso>.txt. Cada escenario
incluido necesita al menos `-modelo` (llega al mejor final y aprueba con
nota alta) y `-pobre` (excusas, sin disculpa, sarcasmo: mal final y nota
baja).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from simulador.calificador import Calificador
from simulador.catalogo import cargar_catalogo
from simulador.formatos.escenario import Escenario
from simulador.motor import RelojManual, Resultado, Sesion
from simulador.motor.guion import jugar_guion, leer_guion
from simulador.rubricas import cargar_calificador
from simulador.rutas import escenarios_incluidos

GUIONES = Path(__file__).parent / "guiones"
SEMILLAS = range(8)


@dataclass(frozen=True)
class Esperado:
    final: str  # nodo final
    cierre: str
    aprobado: bool
    minimo: int = 0
    maximo: int = 100


# El mejor final de cada escenario (al que debe llegar el agente modelo).
MEJOR_FINAL = {
    "pedido-retrasado": "resuelto",
    "cliente-abusivo": "resuelto",
    "exige-imposible": "acepta_la_baja",
}

ESPERADOS = {
    "pedido-retrasado-modelo": Esperado("resuelto", "no_aplica", True, minimo=90),
    "pedido-retrasado-pobre": Esperado("se_va", "no_aplica", False, maximo=35),
    "cliente-abusivo-modelo": Esperado("resuelto", "no_aplica", True, minimo=90),
    "cliente-abusivo-pobre": Esperado("cuelga", "no_aplica", False, maximo=35),
    "cliente-abusivo-correcto": Esperado("corte_tras_aviso", "correcto", True, minimo=70),
    "cliente-abusivo-tardio": Esperado("cuelga", "tardio", False, maximo=60),
    "cliente-abusivo-prematuro": Esperado("colgado_sin_aviso", "prematuro", False, maximo=69),
    "exige-imposible-modelo": Esperado("acepta_la_baja", "correcto", True, minimo=90),
    # «Si no le gusta, búsquese otra»: echar al cliente con desprecio es «descortes».
    "exige-imposible-pobre": Esperado("se_da_de_baja", "tardio", False, maximo=35),
    # Seguir atendiendo sin decirle nunca que no es el servicio para él: no aprueba.
    "exige-imposible-tardio": Esperado("pide_responsable", "tardio", False, maximo=70),
    "exige-imposible-terminar": Esperado("acepta_la_baja", "correcto", True, minimo=75),
    # Despedir sin escuchar lleva al final «echado_sin_escuchar», pero el veredicto es
    # «correcto»: el contrato (senales.md) da por bueno cualquier cierre cuando
    # `cierre_justificado` es verdadero, así que aquí «prematuro» no puede salir.
    "exige-imposible-prematuro": Esperado("echado_sin_escuchar", "correcto", False, maximo=60),
}


@pytest.fixture(scope="module")
def calificador() -> Calificador:
    return cargar_calificador()


@pytest.fixture(scope="module")
def escenarios() -> dict[str, Escenario]:
    catalogo = cargar_catalogo([escenarios_incluidos()])
    return {c.modelo.id: c.modelo for c in catalogo.escenarios}


def jugar(escenario: Escenario, calificador: Calificador, guion: Path,
          semilla: int = 0) -> tuple[Sesion, Resultado]:
    sesion = Sesion(escenario, calificador, semilla=semilla, reloj=RelojManual())
    jugar_guion(sesion, leer_guion(guion))
    return sesion, sesion.resultado()


def test_los_escenarios_del_motor_tienen_guion_modelo_y_pobre(escenarios):
    # El resto de la biblioteca tiene su tabla en tests/test_biblioteca.py.
    assert set(escenarios) >= set(MEJOR_FINAL)
    for ident in MEJOR_FINAL:
        for caso in ("modelo", "pobre"):
            archivo = GUIONES / f"{ident}-{caso}.txt"
            assert archivo.exists(), f"falta el guion {archivo.name}"
            assert archivo.stem in ESPERADOS, f"falta lo esperado de {archivo.name}"
        for archivo in GUIONES.glob(f"{ident}-*.txt"):
            assert archivo.stem in ESPERADOS, f"guion sin resultado esperado: {archivo.name}"


@pytest.mark.parametrize("nombre", sorted(ESPERADOS))
def test_guion(nombre, escenarios, calificador):
    ident = nombre.rsplit("-", 1)[0]
    esperado = ESPERADOS[nombre]
    for semilla in SEMILLAS:
        sesion, resultado = jugar(escenarios[ident], calificador, GUIONES / f"{nombre}.txt",
                                  semilla)
        contexto = f"{nombre}, semilla {semilla}: {resultado.puntaje}, {resultado.cierre}"
        assert sesion.final is not None, contexto
        assert sesion.final.nodo == esperado.final, contexto
        assert resultado.cierre == esperado.cierre, contexto
        assert resultado.aprobado is esperado.aprobado, contexto
        assert esperado.minimo <= resultado.puntaje <= esperado.maximo, contexto


@pytest.mark.parametrize("ident", sorted(MEJOR_FINAL))
def test_el_modelo_llega_al_mejor_final_y_el_pobre_a_uno_malo(ident, escenarios, calificador):
    _, modelo = jugar(escenarios[ident], calificador, GUIONES / f"{ident}-modelo.txt")
    _, pobre = jugar(escenarios[ident], calificador, GUIONES / f"{ident}-pobre.txt")
    assert modelo.final is not None and modelo.final.nodo == MEJOR_FINAL[ident]
    assert modelo.aprobado and modelo.cierre_bien and not modelo.lecciones
    assert pobre.final is not None and pobre.final.tipo in ("abandona", "escalado")
    assert not pobre.aprobado and pobre.puntaje < modelo.puntaje - 50
    criterios = {leccion.criterio for leccion in pobre.lecciones}
    assert {"disculpa", "sin_excusas", "desescalada"} <= criterios


def test_cierres_de_los_escenarios_que_piden_terminar(escenarios, calificador):
    """cliente-abusivo: correcto, tardío y prematuro; exige-imposible: correcto y tardío."""
    vistos: dict[str, set[str]] = {}
    for nombre in ESPERADOS:
        ident = nombre.rsplit("-", 1)[0]
        if escenarios[ident].cierre_esperado != "correcto":
            continue
        _, resultado = jugar(escenarios[ident], calificador, GUIONES / f"{nombre}.txt")
        vistos.setdefault(ident, set()).add(resultado.cierre)
    assert vistos["cliente-abusivo"] >= {"correcto", "tardio", "prematuro"}
    assert vistos["exige-imposible"] >= {"correcto", "tardio"}


def test_misma_semilla_y_guion_misma_sesion(escenarios, calificador):
    guion = GUIONES / "cliente-abusivo-correcto.txt"
    a, ra = jugar(escenarios["cliente-abusivo"], calificador, guion, 5)
    b, rb = jugar(escenarios["cliente-abusivo"], calificador, guion, 5)
    assert a.eventos == b.eventos
    assert ra.como_dict() == rb.como_dict()
    assert a.transcripcion() == b.transcripcion()


# Líneas marcadas con `abuso` que el calificador no reconoce (o al revés). La marca del
# escenario manda en el motor, pero `simulador calificar` solo ve la detección: si una de
# estas líneas sale en una sesión, las dos notas pueden no coincidir. Añada aquí una
# discrepancia solo si se acepta a sabiendas.
DISCREPANCIAS_CONOCIDAS: set[tuple[str, str]] = set()


def test_las_marcas_de_abuso_coinciden_con_la_deteccion(escenarios, calificador):
    encontradas = set()
    for ident, esc in escenarios.items():
        if not esc.tiene_abuso:
            continue
        lugares = [(f"nodos.{n}.dice[{i + 1}]", linea) for n, nodo in esc.nodos.items()
                   for i, linea in enumerate(nodo.dice)]
        lugares += [(f"nodos.{n}.silencio.dice[{i + 1}]", linea)
                    for n, nodo in esc.nodos.items() if nodo.silencio
                    for i, linea in enumerate(nodo.silencio.dice)]
        lugares += [(f"silencio.dice[{i + 1}]", linea)
                    for i, linea in enumerate(esc.silencio.dice if esc.silencio else [])]
        for lugar, linea in lugares:
            if calificador.turno_cliente(linea.texto).senales["abuso"] != linea.abuso:
                encontradas.add((ident, lugar))
    assert encontradas <= DISCREPANCIAS_CONOCIDAS, sorted(encontradas - DISCREPANCIAS_CONOCIDAS)
