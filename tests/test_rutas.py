"""`simulador rutas` y dónde va cada cosa: datos, preferencias y la caché aparte."""

from __future__ import annotations

import json
from pathlib import Path

from simulador.rutas import VARIABLE_CACHE, VARIABLE_DATOS, directorio_cache


def test_rutas_dice_donde_esta_cada_cosa(ejecutar, tmp_path):
    datos = tmp_path / "mis-datos"
    salida = ejecutar("rutas", "--json", "--datos", str(datos))
    assert salida.codigo == 0, salida.todo
    rutas = json.loads(salida.out)
    assert rutas["historial"] == str(datos / "historial.sqlite3")
    assert rutas["preferencias"] == str(datos / "preferencias.json")
    # Con una carpeta de datos propia, la caché va dentro: todo junto.
    assert rutas["cache"] == str(datos / "cache")
    assert Path(rutas["guias"], "guia-escenarios.md").is_file()
    texto = ejecutar("rutas", "--datos", str(datos)).out
    assert "Historial:" in texto and "(todavía no existe)" in texto and "Caché" in texto


def test_la_cache_va_a_la_carpeta_de_cache_del_sistema(monkeypatch, tmp_path):
    monkeypatch.delenv(VARIABLE_DATOS, raising=False)
    monkeypatch.delenv(VARIABLE_CACHE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-sistema"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "datos-sistema"))
    assert directorio_cache() == tmp_path / "cache-sistema" / "simulador"
    monkeypatch.setenv(VARIABLE_CACHE, str(tmp_path / "otra"))
    assert directorio_cache() == tmp_path / "otra"


def test_la_rubrica_compilada_se_guarda_en_la_cache(ejecutar, tmp_path, monkeypatch):
    cache = tmp_path / "cache-propia"
    monkeypatch.setenv(VARIABLE_CACHE, str(cache))
    entrada = tmp_path / "c.jsonl"
    entrada.write_text(json.dumps({"id": "c", "turnos": [
        {"rol": "cliente", "texto": "No me llega el pedido."},
        {"rol": "agente", "texto": "Lo siento, se lo reenvío hoy."}]}) + "\n", encoding="utf-8")
    assert ejecutar("calificar", str(entrada)).codigo == 0
    assert list(cache.glob("rubrica-*"))
