"""`validar` con escenarios grandes: los límites que se nombran son los que se pasan.

La velocidad se mide en benchmarks/validar.py (no aquí: la máquina es compartida).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from simulador.carga import cargar_escenario, leer_yaml
from simulador.carga.lector import LIMITE_ALIAS, LIMITE_BYTES, LIMITE_EXPANSION
from simulador.incidencias import ErrorDeArchivo

MINIMO = Path(__file__).parent / "datos" / "validos" / "minimo.yaml"


def _cadena(nodos: int) -> str:
    """Un escenario válido de `nodos` nodos cortos, sin un solo alias."""
    cadena = nodos - 2
    partes = [MINIMO.read_text(encoding="utf-8").split("nodos:\n")[0]
              .replace("inicio: saludo", "inicio: n0"), "nodos:\n"]
    for i in range(cadena):
        siguiente = f"n{i + 1}" if i + 1 < cadena else "resuelto"
        partes.append(f"  n{i}: {{dice: [Hola], transiciones: [{{si: disculpa, ir_a: "
                      f"{siguiente}}}], por_defecto: {{ir_a: se_va}}}}\n")
    partes.append("  resuelto:\n    dice: [Gracias]\n    final: resuelto\n"
                  "  se_va:\n    dice: [Adiós]\n    final: abandona\n")
    return "".join(partes)


def _elementos_yaml(texto: str) -> int:
    """Cuántos valores, claves, listas y bloques tiene el documento tal como está escrito."""
    return sum(1 for suceso in yaml.parse(texto, Loader=yaml.CSafeLoader)
               if isinstance(suceso, yaml.NodeEvent))


def test_diez_mil_nodos_sin_alias_se_validan(tmp_path, ejecutar):
    texto = _cadena(10_000)
    # Más elementos escritos de los que los alias pueden añadir: antes se tomaba por una
    # bomba de alias («usa tantos alias…») sin que el archivo tuviera ninguno.
    assert "*" not in texto and "&" not in texto
    assert _elementos_yaml(texto) > LIMITE_EXPANSION
    assert len(texto.encode("utf-8")) < LIMITE_BYTES
    archivo = tmp_path / "enorme.yaml"
    archivo.write_text(texto, encoding="utf-8")

    salida = ejecutar("validar", str(archivo))

    assert salida.codigo == 0, salida.out[:2000]
    assert "0 error(es)" in salida.out and "alias (" not in salida.out
    assert len(cargar_escenario(archivo).modelo.nodos) == 10_000


def test_un_archivo_demasiado_grande_dice_el_maximo_y_cuanto_ocupa(tmp_path, ejecutar):
    archivo = tmp_path / "gigante.yaml"
    archivo.write_text(_cadena(12_000), encoding="utf-8")
    tamano = archivo.stat().st_size
    assert tamano > LIMITE_BYTES

    salida = ejecutar("validar", str(archivo))

    assert salida.codigo == 1
    assert (f"el archivo ocupa {tamano // 1024} KB y el máximo es {LIMITE_BYTES // 1024} KB"
            in salida.out)
    assert "alias (" not in salida.out


def test_la_bomba_de_alias_dice_cuanto_crece_y_el_maximo(tmp_path):
    # Diez listas de diez: escritas son unos cien elementos; expandidas, miles de millones.
    lineas = ["a0: &a0 [" + ", ".join(["ja"] * 10) + "]"]
    lineas += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    archivo = tmp_path / "bomba.yaml"
    archivo.write_text("\n".join(lineas) + "\n", encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        leer_yaml(archivo)
    [incidencia] = exc.value.incidencias
    # aN expandida tiene 1 + 10 + … + 10^(N+1) elementos: a4 es la primera que pasa del
    # máximo, y escrita es una lista de diez alias (un elemento).
    expandida = sum(10**k for k in range(6))
    assert expandida - 1 > LIMITE_EXPANSION > expandida // 10
    assert incidencia.clave == ("a4",) and incidencia.linea == 5
    assert f"tendría {expandida:,} elementos".replace(",", " ") in incidencia.mensaje
    assert f"como máximo {LIMITE_EXPANSION:,}".replace(",", " ") in incidencia.mensaje


def test_demasiados_usos_de_alias_nombran_el_maximo(tmp_path):
    usos = ", ".join(["*x"] * (LIMITE_ALIAS + 1))
    archivo = tmp_path / "alias.yaml"
    archivo.write_text(f"a: &x hola\nb: [{usos}]\n", encoding="utf-8")
    with pytest.raises(ErrorDeArchivo) as exc:
        leer_yaml(archivo)
    [incidencia] = exc.value.incidencias
    assert f"más de {LIMITE_ALIAS:,}".replace(",", " ") + " alias" in incidencia.mensaje


def test_muchos_alias_pequenos_dentro_del_maximo_se_admiten(tmp_path):
    texto = MINIMO.read_text(encoding="utf-8").replace(
        "      - Gracias, así sí.\n", "      - &gracias Gracias, así sí.\n"
    ).replace("      - Me voy a otra tienda.\n",
              "      - Me voy a otra tienda.\n" + "      - *gracias\n" * LIMITE_ALIAS)
    archivo = tmp_path / "anclas.yaml"
    archivo.write_text(texto, encoding="utf-8")
    assert len(cargar_escenario(archivo).modelo.nodos["se_va"].dice) == LIMITE_ALIAS + 1
