"""La rúbrica compilada se guarda en la carpeta de caché como datos y se reutiliza sin riesgo.

La copia no es un pickle: un archivo plantado no ejecuta nada, y uno dañado, truncado,
de otra rúbrica o manipulado se descarta, se avisa y se vuelve a compilar, con la misma
nota que sin caché.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from simulador.calificador import Calificador, compilado, frases
from simulador.calificador.aprendido import ModeloAprendido
from simulador.calificador.compilado import CopiaCompilada, CopiaInvalida
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import ruta_rubrica

QUEJA = "Llevo tres días esperando mi pedido."
RESPUESTA = "Lo siento mucho, reviso su pedido ahora mismo."
RECOGE = "Reviso ahora mismo el pedido que lleva tres días sin llegar."
ETIQUETADO = Path(__file__).parent / "datos" / "etiquetado"


def _senales(calificador: Calificador) -> dict[str, bool]:
    contexto = calificador.contexto()
    calificador.turno_cliente(QUEJA, contexto)
    return calificador.turno_agente(RESPUESTA, contexto).senales


def _conversaciones() -> list[Transcripcion]:
    return [Transcripcion.model_validate_json(linea)
            for archivo in sorted(ETIQUETADO.glob("*.jsonl"))
            for linea in archivo.read_text(encoding="utf-8").splitlines() if linea.strip()]


def _notas(calificador: Calificador, conversaciones: list[Transcripcion]) -> list[str]:
    return [json.dumps(calificador.calificar(t), ensure_ascii=False) for t in conversaciones]


class Caliente(NamedTuple):
    """Una caché ya escrita por una compilación de verdad, y lo que dio esa compilación."""

    carpeta: Path
    compilado: Calificador
    referencia: list[str]  # las notas de la compilación sobre una muestra del conjunto


@pytest.fixture(scope="module")
def caliente(tmp_path_factory: pytest.TempPathFactory) -> Caliente:
    carpeta = tmp_path_factory.mktemp("caliente")
    compilado = Calificador.desde_archivo(ruta_rubrica(None), carpeta)
    return Caliente(carpeta, compilado, _notas(compilado, _conversaciones()[::40]))


@pytest.fixture
def cache(caliente: Caliente, tmp_path: Path) -> Path:
    """Una copia propia de la caché caliente, para estropearla a gusto."""
    carpeta = tmp_path / "cache"
    shutil.copytree(caliente.carpeta, carpeta)
    return carpeta


def _copia(cache: Path) -> Path:
    (archivo,) = cache.glob("rubrica-*.compilada")
    return archivo


def _sin_compilar(monkeypatch: pytest.MonkeyPatch) -> None:
    """Desplegar frases, calcular erratas o leer el JSON del modelo aquí es un fallo."""
    def no_compilar(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("no debía compilar de nuevo")

    monkeypatch.setattr(frases, "_patrones", no_compilar)
    monkeypatch.setattr(frases, "erratas", no_compilar)
    monkeypatch.setattr(ModeloAprendido, "desde_bytes", no_compilar)


def test_la_segunda_carga_usa_la_compilacion_guardada(cache, caliente, monkeypatch):
    archivo = _copia(cache)
    assert archivo.name.startswith(f"rubrica-{caliente.compilado.version}-")
    assert archivo.read_bytes().startswith(b"simulador-rubrica-compilada ")
    _sin_compilar(monkeypatch)
    avisos: list[str] = []
    segundo = Calificador.desde_archivo(ruta_rubrica(None), cache, avisar=avisos.append)
    assert avisos == []
    assert segundo.version == caliente.compilado.version
    assert segundo.modelo is not None
    assert _senales(segundo) == _senales(caliente.compilado)


def test_con_cache_fria_y_caliente_las_notas_son_identicas(caliente, monkeypatch):
    # Un tercio del conjunto etiquetado (1 700 conversaciones de todos los autores): casi
    # cada frase, errata y peso del modelo pasa por aquí, en un tercio del tiempo.
    conversaciones = _conversaciones()[::3]
    _sin_compilar(monkeypatch)
    desde_cache = Calificador.desde_archivo(ruta_rubrica(None), caliente.carpeta)
    assert _notas(desde_cache, conversaciones) == _notas(caliente.compilado, conversaciones)


def test_leer_la_cache_no_importa_la_carga_de_yaml(caliente):
    programa = ("import sys\nfrom pathlib import Path\n"
                "from simulador.calificador import Calificador\n"
                "from simulador.rubricas import ruta_rubrica\n"
                f"Calificador.desde_archivo(ruta_rubrica(None), Path({str(caliente.carpeta)!r}))\n"
                "print(sorted(m for m in ('yaml', 'simulador.carga') if m in sys.modules))\n")
    proceso = subprocess.run([sys.executable, "-c", programa], capture_output=True, text=True,
                             timeout=120, check=True)
    assert proceso.stdout.strip() == "[]"


def _reescribir(archivo: Path, cambiar: Callable[[dict[str, Any], bytearray], None]) -> None:
    """Cambia el contenido y vuelve a sellarlo con su suma, como haría quien lo manipula."""
    contenido = archivo.read_bytes()
    magia, cabecera_texto, resto = contenido.split(b"\n", 2)
    cabecera = json.loads(cabecera_texto)
    datos = json.loads(zlib.decompress(resto[:cabecera["datos"]]))
    pesos = bytearray(resto[cabecera["datos"]:])
    cambiar(datos, pesos)
    comprimido = zlib.compress(json.dumps(datos).encode())
    nuevo = comprimido + bytes(pesos)
    cabecera.update(sha256=hashlib.sha256(nuevo).hexdigest(), datos=len(comprimido),
                    pesos=len(pesos))
    archivo.write_bytes(magia + b"\n" + json.dumps(cabecera).encode() + b"\n" + nuevo)


def _indice_fuera(datos: dict[str, Any], _pesos: bytearray) -> None:
    buscador = datos["buscadores"][0]
    buscador["simples"][0] = len(buscador["textos"])


def _indice_negativo(datos: dict[str, Any], _pesos: bytearray) -> None:
    datos["buscadores"][1]["simples"][1] = -1


def _texto_por_numero(datos: dict[str, Any], _pesos: bytearray) -> None:
    datos["buscadores"][0]["cuantos_simples"][0] = "2"


def _pesos_de_menos(_datos: dict[str, Any], pesos: bytearray) -> None:
    del pesos[-8:]


def _peso_no_finito(_datos: dict[str, Any], pesos: bytearray) -> None:
    pesos[0:8] = bytes.fromhex("000000000000f87f")  # NaN (float64 little-endian)


def _rubrica_con_clave_de_mas(datos: dict[str, Any], _pesos: bytearray) -> None:
    datos["rubrica"]["codigo"] = "print('hola')"


def _sin_modelo_pero_con_pesos(datos: dict[str, Any], _pesos: bytearray) -> None:
    datos["modelo"] = None


def _expresion_rota(datos: dict[str, Any], _pesos: bytearray) -> None:
    buscador = datos["buscadores"][0]
    cola = next(c for c in buscador["complejos"][2::4] if c >= 0)
    buscador["textos"][cola] = "(sin cerrar"


def _manipulada(cambio: Callable[[dict[str, Any], bytearray], None]
                ) -> Callable[[Path], None]:
    return lambda archivo: _reescribir(archivo, cambio)


def _basura(archivo: Path) -> None:
    archivo.write_bytes(b"esto no es una rubrica compilada")


def _truncada(archivo: Path) -> None:
    contenido = archivo.read_bytes()
    archivo.write_bytes(contenido[:len(contenido) // 2])


def _vacia(archivo: Path) -> None:
    archivo.write_bytes(b"")


def _otra_clave(archivo: Path) -> None:
    contenido = archivo.read_bytes()
    magia, cabecera, resto = contenido.split(b"\n", 2)
    datos = json.loads(cabecera)
    datos["clave"] = datos["clave"].replace(":", ":0", 1)
    archivo.write_bytes(magia + b"\n" + json.dumps(datos).encode() + b"\n" + resto)


def _un_byte_cambiado(archivo: Path) -> None:
    contenido = bytearray(archivo.read_bytes())
    contenido[-100] ^= 0xFF
    archivo.write_bytes(bytes(contenido))


MANIPULACIONES: dict[str, Callable[[dict[str, Any], bytearray], None]] = {
    "índice fuera de la tabla": _indice_fuera, "índice negativo": _indice_negativo,
    "texto en lugar de número": _texto_por_numero, "pesos de menos": _pesos_de_menos,
    "peso no finito": _peso_no_finito, "rúbrica con clave de más": _rubrica_con_clave_de_mas,
    "pesos sin modelo": _sin_modelo_pero_con_pesos, "expresión rota": _expresion_rota,
}
ESTROPICIOS: dict[str, Callable[[Path], None]] = {
    "basura": _basura, "truncada": _truncada, "vacia": _vacia, "otra clave": _otra_clave,
    "un byte cambiado": _un_byte_cambiado,
}


@pytest.mark.parametrize("estropicio", ESTROPICIOS, ids=list(ESTROPICIOS))
def test_una_copia_mala_se_descarta_con_aviso_y_se_rehace(cache, caliente, estropicio):
    archivo = _copia(cache)
    ESTROPICIOS[estropicio](archivo)
    avisos: list[str] = []
    calificador = Calificador.desde_archivo(ruta_rubrica(None), cache, avisar=avisos.append)
    assert len(avisos) == 1
    assert str(archivo) in avisos[0] and "se vuelve a compilar" in avisos[0]
    assert _notas(calificador, _conversaciones()[::40]) == caliente.referencia
    # Rehecha: la próxima vez se usa sin aviso.
    otra_vez: list[str] = []
    Calificador.desde_archivo(ruta_rubrica(None), cache, avisar=otra_vez.append)
    assert otra_vez == []
    assert [p.name for p in cache.iterdir()] == [archivo.name]


def test_una_copia_resellada_sin_cambios_vale(cache, caliente):
    # Lo que comprueba la prueba siguiente es el cambio, no la forma de resellar.
    _reescribir(_copia(cache), lambda _datos, _pesos: None)
    assert CopiaCompilada(cache, caliente.compilado.version).leer() is not None


@pytest.mark.parametrize("cambio", MANIPULACIONES, ids=list(MANIPULACIONES))
def test_una_copia_manipulada_con_su_suma_tampoco_se_usa(cache, caliente, cambio):
    # Quien puede escribir en la caché puede rehacer la suma: la forma se comprueba igual.
    archivo = _copia(cache)
    _reescribir(archivo, MANIPULACIONES[cambio])
    with pytest.raises(CopiaInvalida):
        CopiaCompilada(cache, caliente.compilado.version).leer()
    assert not archivo.exists()  # se borra: no se avisa de lo mismo cada vez


class _Trampa:
    """Un pickle que, si alguien lo cargara, crearía una carpeta."""

    def __init__(self, marca: Path) -> None:
        self.marca = marca

    def __reduce__(self) -> tuple[Any, ...]:
        return os.mkdir, (str(self.marca),)


def test_un_pickle_plantado_no_se_ejecuta(cache, caliente, tmp_path):
    archivo = _copia(cache)
    marca = tmp_path / "ejecutado"
    trampa = pickle.dumps(_Trampa(marca))
    archivo.write_bytes(trampa)
    # También con el nombre de las copias de antes, que eran pickles.
    viejo = archivo.with_suffix(".pickle")
    viejo.write_bytes(trampa)
    avisos: list[str] = []
    calificador = Calificador.desde_archivo(ruta_rubrica(None), cache, avisar=avisos.append)
    assert not marca.exists()
    assert len(avisos) == 1
    assert _notas(calificador, _conversaciones()[::40]) == caliente.referencia
    assert not viejo.exists()  # las copias pickle de versiones anteriores se borran
    assert not marca.exists()


def test_una_copia_enorme_no_se_lee(cache, caliente, monkeypatch):
    archivo = _copia(cache)
    monkeypatch.setattr(compilado, "TAMANO_MAXIMO", archivo.stat().st_size - 1)
    with pytest.raises(CopiaInvalida, match="demasiado grande"):
        CopiaCompilada(cache, caliente.compilado.version).leer()
    assert not archivo.exists()


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
    assert len(list(cache.glob("rubrica-*.compilada"))) == 2
    # Y la editada se lee de su copia con su propia rúbrica.
    assert Calificador.desde_archivo(rubrica, cache).rubrica.umbral_aprobado == 80


def test_sin_permiso_para_guardar_no_falla(tmp_path):
    bloqueo = tmp_path / "no-es-carpeta"
    bloqueo.write_text("x", encoding="utf-8")
    calificador = Calificador.desde_archivo(ruta_rubrica(None), bloqueo / "cache")
    assert _senales(calificador)["disculpa"]
    assert Path(bloqueo).is_file()


def _leida(cache: Path, caliente: Caliente) -> Callable[[], bool]:
    """Lee la copia de la caché, la borra y devuelve cómo volver a escribirla (sin compilar)."""
    copia = CopiaCompilada(cache, caliente.compilado.version)
    guardado = copia.leer()
    assert guardado is not None
    copia.archivo.unlink()
    return lambda: copia.guardar(guardado)


def test_con_poco_disco_libre_no_se_guarda(cache, caliente, monkeypatch):
    guardar = _leida(cache, caliente)
    libre = compilado.LIBRE_MINIMO + 1024  # no cabe la copia y el margen para el historial
    monkeypatch.setattr(compilado.shutil, "disk_usage",
                        lambda _ruta: shutil._ntuple_diskusage(10**12, 10**12 - libre, libre))
    assert not guardar()
    assert list(cache.iterdir()) == []


def test_una_rubrica_enorme_no_se_guarda(cache, caliente, monkeypatch):
    guardar = _leida(cache, caliente)
    monkeypatch.setattr(compilado, "TAMANO_MAXIMO", 1024)
    assert not guardar()
    assert list(cache.iterdir()) == []


def test_si_la_escritura_falla_no_queda_ningun_temporal(cache, caliente, monkeypatch):
    def disco_lleno(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No queda espacio en el dispositivo")

    guardar = _leida(cache, caliente)
    monkeypatch.setattr(compilado.os, "replace", disco_lleno)
    assert not guardar()
    assert list(cache.iterdir()) == []
    # Y calificar sigue funcionando, compilando cada vez.
    calificador = Calificador.desde_archivo(ruta_rubrica(None), cache)
    assert _senales(calificador)["disculpa"]
    assert list(cache.iterdir()) == []


def test_al_guardar_se_borran_temporales_abandonados_y_copias_viejas(cache, caliente,
                                                                      monkeypatch):
    actual = _copia(cache)
    hace_dos_horas = time.time() - 7200
    abandonado = cache / "rubrica-abc123.tmp"
    en_curso = cache / "rubrica-def456.tmp"  # de otro proceso que está escribiendo ahora
    de_otro_codigo = cache / f"rubrica-{caliente.compilado.version}-000000000000.compilada"
    otras = [cache / f"rubrica-0000000{i}-000000000000.compilada" for i in range(4)]
    for ruta in (abandonado, en_curso, de_otro_codigo, *otras):
        ruta.write_bytes(b"x")
    os.utime(abandonado, (hace_dos_horas, hace_dos_horas))
    for i, ruta in enumerate(otras):  # la 3 es la más reciente
        os.utime(ruta, (hace_dos_horas + i, hace_dos_horas + i))
    guardar = _leida(cache, caliente)
    monkeypatch.setattr(compilado, "COPIAS_MAXIMAS", 3)
    assert guardar()
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        p.name for p in (actual, en_curso, otras[3], otras[2]))


def test_la_cli_avisa_de_una_copia_danada_y_califica_igual(cache, caliente, ejecutar,
                                                             monkeypatch, tmp_path):
    monkeypatch.setenv("SIMULADOR_CACHE", str(cache))
    entrada = tmp_path / "t.jsonl"
    entrada.write_text(next(ETIQUETADO.glob("*.jsonl")).read_text(encoding="utf-8")
                       .splitlines()[0] + "\n", encoding="utf-8")
    buena = ejecutar("calificar", str(entrada))
    assert buena.codigo == 0 and buena.err == ""
    _truncada(_copia(cache))
    rota = ejecutar("calificar", str(entrada))
    assert rota.codigo == 0
    assert rota.out == buena.out
    assert "se vuelve a compilar" in rota.err and "Traceback" not in rota.err
    assert len(rota.err.splitlines()) == 1


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
