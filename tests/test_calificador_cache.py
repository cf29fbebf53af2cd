"""La rúbrica compilada se guarda en la carpeta de datos y se reutiliza sin riesgo."""

from __future__ import annotations

import shutil
from pathlib import Path

from simulador.calificador import Calificador
from simulador.rubricas import ruta_rubrica

QUEJA = "Llevo tres días esperando mi pedido."
RESPUESTA = "Lo siento mucho, reviso su pedido ahora mismo."
RECOGE = "Reviso ahora mismo el pedido que lleva tres días sin llegar."


def _senales(calificador: Calificador) -> dict[str, bool]:
    contexto = calificador.contexto()
    calificador.turno_cliente(QUEJA, contexto)
    return calificador.turno_agente(RESPUESTA, contexto).senales


def test_la_segunda_carga_usa_la_compilacion_guardada(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    primero = Calificador.desde_archivo(ruta_rubrica(None), cache)
    guardados = list(cache.glob("rubrica-*.pickle"))
    assert len(guardados) == 1
    assert guardados[0].name.startswith(f"rubrica-{primero.version}-")

    def no_compilar(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no debía compilar de nuevo")

    monkeypatch.setattr(Calificador, "__init__", no_compilar)
    segundo = Calificador.desde_archivo(ruta_rubrica(None), cache)
    assert segundo.version == primero.version
    assert _senales(segundo) == _senales(primero)


def test_una_copia_rota_se_ignora_y_se_rehace(tmp_path):
    cache = tmp_path / "cache"
    Calificador.desde_archivo(ruta_rubrica(None), cache)
    guardado = next(cache.glob("rubrica-*.pickle"))
    guardado.write_bytes(b"esto no es un pickle")
    calificador = Calificador.desde_archivo(ruta_rubrica(None), cache)
    assert _senales(calificador)["disculpa"]
    assert guardado.stat().st_size > 1000


def test_una_rubrica_editada_no_usa_la_compilacion_vieja(tmp_path):
    cache = tmp_path / "cache"
    rubrica = tmp_path / "mia.yaml"
    shutil.copy(ruta_rubrica(None), rubrica)
    original = Calificador.desde_archivo(rubrica, cache)
    texto = rubrica.read_text(encoding="utf-8").replace(
        "      - lo (siento|sentimos|lamento|lamentamos)\n", "", 1)
    rubrica.write_text(texto.replace("umbral_aprobado: 70", "umbral_aprobado: 80"),
                       encoding="utf-8")
    editada = Calificador.desde_archivo(rubrica, cache)
    assert editada.version != original.version
    assert editada.rubrica.umbral_aprobado == 80
    assert len(list(cache.glob("rubrica-*.pickle"))) == 2


def test_sin_permiso_para_guardar_no_falla(tmp_path):
    bloqueo = tmp_path / "no-es-carpeta"
    bloqueo.write_text("x", encoding="utf-8")
    calificador = Calificador.desde_archivo(ruta_rubrica(None), bloqueo / "cache")
    assert _senales(calificador)["disculpa"]
    assert Path(bloqueo).is_file()


def test_una_linea_del_cliente_repetida_puntua_igual_en_cada_conversacion():
    # Las líneas del guion se repiten en cada sesión, y el calificador guarda mucho por
    # el camino (raíces, correcciones): cada conversación recibe su propio resultado y
    # su propio contexto. (Solo las frases: el modelo aprendido lee también una
    # respuesta sin contexto, y aquí se mira el contexto.)
    calificador = Calificador.desde_archivo(ruta_rubrica(None), aprendido=False)
    insulto = "Sois unos inútiles, llevo tres días sin mi pedido."
    primero = calificador.turno_cliente(insulto, calificador.contexto())
    assert primero.senales == {"abuso": True}
    primero.senales["abuso"] = False  # quien reciba el resultado puede modificarlo
    primero.evidencias.clear()
    segundo = calificador.turno_cliente(insulto, calificador.contexto())
    assert segundo.senales == {"abuso": True}
    assert [e.texto for e in segundo.evidencias] == ["Sois unos inútiles"]

    for _ in range(2):  # el contexto de cada conversación se alimenta también la segunda vez
        contexto = calificador.contexto()
        calificador.turno_cliente(insulto, contexto)
        senales = calificador.turno_agente(RECOGE, contexto).senales
        assert senales["escucha"]
    nuevo = calificador.contexto()
    assert not calificador.turno_agente(RECOGE, nuevo).senales["escucha"]
