"""`simulador jugar` tal como lo usa un formador o un agente en prácticas."""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulador.comandos import calificar, jugar
from simulador.rubricas import cargar_calificador

GUIONES = Path(__file__).parent / "guiones"
TODOS = sorted(p.stem for p in GUIONES.glob("*.txt"))
# Compilar la rúbrica cuesta más de un segundo: las pruebas comparten una.
_compartido = functools.cache(cargar_calificador)


@pytest.fixture(autouse=True)
def _sin_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(jugar, "cargar_calificador", _compartido)
    monkeypatch.setattr(calificar, "cargar_calificador", _compartido)


def _guion(tmp_path: Path, texto: str, nombre: str = "g.txt") -> str:
    ruta = tmp_path / nombre
    ruta.write_text(texto, encoding="utf-8")
    return str(ruta)


def _escenario(nombre: str) -> str:
    return nombre.rsplit("-", 1)[0]


def test_conversacion_y_resultado_en_texto(ejecutar):
    salida = ejecutar("jugar", "pedido-retrasado", "--guion",
                      "tests/guiones/pedido-retrasado-pobre.txt", "--semilla", "3")
    assert salida.codigo == 0, salida.todo
    out = salida.out
    assert "Lucía Ferrer: " in out and "Tú: El retraso es culpa de la mensajería" in out
    assert "enfado: 55 → 70 (+15)" in out
    assert "✗ excusa" in out and "── Final: el cliente se va (nodo «se_va»)" in out
    assert "Resultado: " in out and "NO APROBADO" in out
    assert "Suspende: perder al cliente (final «el cliente se va») no aprueba." in out
    assert "Cierre: no aplica (el escenario espera: no aplica)" in out
    assert "Lecciones:" in out and "Principio: " in out and "Mejor: " in out
    assert "Respuesta 2: «Perdone por intentar" in out
    # El guion sigue, pero la clienta ya se fue: se dice y se para, sin error.
    assert "La conversación terminó en la línea 3" in out and "desde la línea 4" in out
    assert "Cálmese, así no vamos" not in out


def test_los_nombres_son_los_de_la_interfaz(ejecutar):
    """Quien practica en la interfaz y lee después `jugar` ve las mismas palabras: ni
    «dificil», ni «telefono», ni «sin_excusas», ni «relacion_terminada»."""
    salida = ejecutar("jugar", "cliente-abusivo", "--guion",
                      "tests/guiones/cliente-abusivo-pobre.txt", "--semilla", "1",
                      "--no-guardar")
    assert salida.codigo == 0, salida.todo
    out = salida.out
    assert out.splitlines()[0].endswith("· teléfono · dificultad difícil")
    assert "modo práctica" in out.splitlines()[1]
    for criterio in ("Escucha", "Resolución", "Disculpa", "Desescalada", "Sin excusas"):
        assert f"\n  {criterio} " in out
    for clave in ("dificil", "telefono", "sin_excusas", "resolucion", "no_aplica",
                  "relacion_terminada", "limite_enfado"):
        assert clave not in out.replace("(cliente-abusivo)", ""), clave
    assert "── Final: el cliente se va (el enfado llegó al límite) (nodo «cuelga») ──" in out
    assert "Final: el cliente se va (el enfado llegó al límite) · nodo «cuelga»" in out


def test_json_con_las_claves_del_contrato(ejecutar):
    salida = ejecutar("jugar", "cliente-abusivo", "--guion",
                      "tests/guiones/cliente-abusivo-correcto.txt", "--semilla", "1", "--json",
                      "--agente", "Marta", "--equipo", "Mañana")
    assert salida.codigo == 0, salida.todo
    datos = json.loads(salida.out)
    assert set(datos) >= {"puntaje", "criterios", "cierre", "final", "turnos", "lecciones",
                          "aprobado", "rubrica", "cierre_esperado", "semilla"}
    assert datos["cierre"] == "correcto" and datos["cierre_esperado"] == "correcto"
    assert datos["final"] == {"tipo": "relacion_terminada", "nodo": "corte_tras_aviso",
                              "motivo": "terminar"}
    assert (datos["agente"], datos["equipo"], datos["semilla"]) == ("Marta", "Mañana", 1)
    assert datos["guion"]["usados"] == 4 and datos["guion"]["lineas_sin_usar"] == []
    agente = [t for t in datos["turnos"] if t["rol"] == "agente"]
    assert [t["numero"] for t in agente] == [1, 2, 3, 4]
    assert agente[2]["senales"]["advierte"] and agente[3]["origen"] == "terminar"


@pytest.mark.parametrize("nombre", TODOS)
def test_la_transcripcion_calificada_da_la_misma_nota(ejecutar, tmp_path, nombre):
    transcripcion = tmp_path / "sesion.jsonl"
    jugada = ejecutar("jugar", _escenario(nombre), "--guion", f"tests/guiones/{nombre}.txt",
                      "--semilla", "4", "--json", "--transcripcion", str(transcripcion))
    assert jugada.codigo == 0, jugada.todo
    motor = json.loads(jugada.out)
    escrita = json.loads(transcripcion.read_text(encoding="utf-8"))
    assert escrita["escenario"] == _escenario(nombre)
    assert escrita["puntos_clave"] and isinstance(escrita["cierre_justificado"], bool)
    calificada = ejecutar("calificar", str(transcripcion))
    assert calificada.codigo == 0, calificada.todo
    nota = json.loads(calificada.out)
    for clave in ("puntaje", "criterios", "cierre"):
        assert motor[clave] == nota[clave], clave
    assert [t["senales"] for t in motor["turnos"]] == [t["senales"] for t in nota["turnos"]]


def test_misma_semilla_mismo_resultado(ejecutar):
    argumentos = ("jugar", "exige-imposible", "--guion",
                  "tests/guiones/exige-imposible-tardio.txt", "--semilla", "11", "--json")
    primera, segunda = json.loads(ejecutar(*argumentos).out), json.loads(ejecutar(*argumentos).out)
    primera.pop("inicio")
    segunda.pop("inicio")
    assert primera == segunda


def test_silencio_en_el_guion(ejecutar, tmp_path):
    guion = _guion(tmp_path, "/esperar 60\n/esperar 30\nDe acuerdo, lo reviso.\n")
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--semilla", "1")
    assert salida.codigo == 0, salida.todo
    assert "(se queda callado 60 s)" in salida.out
    assert salida.out.count("(silencio de 60 s) Lucía Ferrer: ") == 1
    assert "enfado: 55 → 65 (+10)" in salida.out
    datos = json.loads(ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--semilla", "1",
                                "--json").out)
    silencio = [t for t in datos["turnos"] if t["origen"] == "silencio"]
    assert len(silencio) == 1 and silencio[0]["momento"] == 60
    respuesta = next(t for t in datos["turnos"] if t["rol"] == "agente")
    assert respuesta["momento"] == 90 and respuesta["segundos_respuesta"] == 30


def test_modo_examen_deja_los_comentarios_para_el_final(ejecutar):
    argumentos = ("jugar", "pedido-retrasado", "--guion",
                  "tests/guiones/pedido-retrasado-pobre.txt", "--semilla", "1")
    practica = ejecutar(*argumentos).out
    examen = ejecutar(*argumentos, "--modo", "examen").out
    assert "modo práctica" in practica and "modo examen" in examen
    conversacion = examen.split("Comentarios por respuesta:")[0]
    assert "✗ excusa" in practica.split("Resultado:")[0] and "✗" not in conversacion
    assert "Comentarios por respuesta:" in examen and "Respuesta 1:" in examen


def test_guion_que_se_acaba_antes_que_la_conversacion(ejecutar, tmp_path):
    guion = _guion(tmp_path, "# solo una\nDe acuerdo.\n")
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--semilla", "1")
    assert salida.codigo == 0
    assert "se acabó sin que la conversación llegara a un final" in salida.out
    assert "Final: ninguno" in salida.out
    datos = json.loads(ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--json").out)
    assert datos["final"] is None and isinstance(datos["semilla"], int)


def test_respuesta_enorme_y_emoji(ejecutar, tmp_path):
    enorme = ("Lucía, lo siento mucho por la cafetera 😔🙏 " * 1200)[:50_000].strip()
    guion = _guion(tmp_path, f"{enorme}\n¡Gracias por su paciencia! 🎉☕\n")
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--semilla", "1", "--json")
    assert salida.codigo == 0, salida.todo
    datos = json.loads(salida.out)
    agente = [t for t in datos["turnos"] if t["rol"] == "agente"]
    assert agente[0]["texto"] == enorme and agente[0]["senales"]["disculpa"]
    assert agente[1]["texto"] == "¡Gracias por su paciencia! 🎉☕"
    texto = ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--semilla", "1")
    assert texto.codigo == 0 and f"… ({len(enorme)} caracteres)" in texto.out


@pytest.mark.parametrize(("contenido", "palabras"), [
    ("", ("no tiene ninguna respuesta",)),
    ("# solo comentarios\n\n   \n", ("no tiene ninguna respuesta",)),
    ("/esperar 30\n", ("no tiene ninguna respuesta",)),
    ("Hola.\n/terminar\n", ("g.txt:2", "/terminar", "despedida")),
    ("Hola.\n\u200b\n", ("g.txt:2", "vacía")),
    ("/esperar pronto\n", ("g.txt:1", "segundos")),
    ("/esperar 0\n", ("g.txt:1", "3600")),
    ("/termina Adiós.\n", ("g.txt:1", "¿Quiso decir «/terminar»?")),
])
def test_guiones_con_errores(ejecutar, tmp_path, contenido, palabras):
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", _guion(tmp_path, contenido))
    assert salida.codigo == 2, salida.todo
    assert "Traceback" not in salida.todo and salida.out == ""
    for palabra in palabras:
        assert palabra in salida.err, salida.err


def test_guion_que_no_es_utf8(ejecutar, tmp_path):
    ruta = tmp_path / "latin.txt"
    ruta.write_bytes("Hola.\nLo siento, señora.\n".encode("latin-1"))
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", str(ruta))
    assert salida.codigo == 2 and "latin.txt:2" in salida.err and "UTF-8" in salida.err


def test_una_respuesta_que_empieza_por_barra(ejecutar, tmp_path):
    guion = _guion(tmp_path, "//s Lo siento mucho, Lucía.\n")
    datos = json.loads(ejecutar("jugar", "pedido-retrasado", "--guion", guion, "--json").out)
    assert datos["turnos"][1]["texto"] == "/s Lo siento mucho, Lucía."


def test_archivos_y_escenarios_que_no_existen(ejecutar, tmp_path):
    salida = ejecutar("jugar", "pedido-retrasado", "--guion", str(tmp_path / "no.txt"))
    assert salida.codigo == 2 and "no existe ese archivo de guion" in salida.err
    salida = ejecutar("jugar", "pedido-retrasao", "--guion", "tests/guiones/"
                      "pedido-retrasado-modelo.txt")
    assert salida.codigo == 2 and "Traceback" not in salida.todo
    assert "¿Quiso decir «pedido-retrasado»?" in salida.err
    salida = ejecutar("jugar", str(tmp_path / "falta.yaml"), "--guion",
                      "tests/guiones/pedido-retrasado-modelo.txt")
    assert salida.codigo == 2 and "no existe ese archivo" in salida.err


def test_escenario_por_ruta_y_escenario_roto(ejecutar):
    salida = ejecutar("jugar", "escenarios/pedido-retrasado.yaml", "--guion",
                      "tests/guiones/pedido-retrasado-modelo.txt", "--semilla", "2")
    assert salida.codigo == 0 and "APROBADO" in salida.out
    salida = ejecutar("jugar", "tests/datos/rotos/destino_inexistente.yaml", "--guion",
                      "tests/guiones/pedido-retrasado-modelo.txt")
    assert salida.codigo == 2 and "Traceback" not in salida.todo
    assert "destino_inexistente.yaml:" in salida.err and "no se puede jugar" in salida.err


def test_sin_guion_y_sin_terminal_explica_como_usar_guion(ejecutar):
    salida = ejecutar("jugar", "pedido-retrasado")
    assert salida.codigo == 2
    assert "--guion" in salida.err and "una por línea" in salida.err
    assert "Traceback" not in salida.todo


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_en_terminal_lee_las_respuestas_una_a_una(ejecutar, monkeypatch):
    modelo = (GUIONES / "pedido-retrasado-modelo.txt").read_text(encoding="utf-8")
    respuestas = [x for x in modelo.splitlines() if x and not x.startswith("#")]
    monkeypatch.setattr(sys, "stdin", _Terminal("\n".join(["/nada", *respuestas]) + "\n"))
    salida = ejecutar("jugar", "pedido-retrasado", "--semilla", "1")
    assert salida.codigo == 0, salida.todo
    assert "orden desconocida «/nada»" in salida.err
    assert "── Final: resuelto" in salida.out and "APROBADO" in salida.out


def test_en_terminal_se_puede_dejar_a_medias(ejecutar, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Terminal("De acuerdo.\n/salir\n"))
    salida = ejecutar("jugar", "pedido-retrasado", "--semilla", "1")
    assert salida.codigo == 0 and "Final: ninguno" in salida.out


def test_transcripcion_en_ruta_que_no_se_puede_escribir(ejecutar, tmp_path):
    salida = ejecutar("jugar", "pedido-retrasado", "--guion",
                      "tests/guiones/pedido-retrasado-modelo.txt", "--transcripcion",
                      str(tmp_path / "no" / "existe" / "t.jsonl"))
    assert salida.codigo == 2 and "no se puede escribir" in salida.err


def test_sin_terminal_de_verdad_en_un_subproceso():
    proceso = subprocess.run([sys.executable, "-m", "simulador", "jugar", "pedido-retrasado"],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             encoding="utf-8", timeout=60)
    assert proceso.returncode == 2
    assert "--guion" in proceso.stderr and "Traceback" not in proceso.stderr
