"""Velocidad del calificador: 10 000 conversaciones generadas (60 000 turnos).

Imprime las respuestas del agente por segundo en el bucle de calificación
(mediana de varias pasadas: la máquina compartida es ruidosa), la mediana y el
percentil 99 por respuesta, el mismo bucle sin reutilizar el análisis de las
líneas del cliente (que en uso real salen del guion y se repiten), el tiempo de
CPU de respuestas de 100 KB (un bloque pegado muchas veces; cuatro que recogían
palabras del cliente, excusas, citas o disculpas retiradas en cada oración, que
fueron cuadráticas: de medio segundo a más de uno; y una sin ninguna oración
repetida, a la que no le ayuda calcular una vez por oración distinta), mensajes del
cliente de 100 y 200 KB (también fueron cuadráticos: 105 KB tardaban 2,9 s), y el
ritmo de punta a punta de `simulador calificar` sobre el mismo archivo (arranque y
JSON incluidos).

Objetivos (un núcleo; issue 11, con la capa aprendida): ≥ 10 000 respuestas/s de
punta a punta con un archivo cuyas líneas del cliente son todas distintas (números
de pedido, importes, fechas y nombres cambian: reutilizar su análisis no ayuda),
p99 < 1 ms por respuesta, y una respuesta de 100 KB en menos de 50 ms. En una
máquina compartida el tiempo (incluso el de CPU) varía un 10–20 % de una pasada a
otra: para comparar dos versiones, mejor contar instrucciones (p. ej. con
`valgrind --tool=cachegrind --cache-sim=no`) sobre el archivo de --escribir.

Cifras del paso 5 (un núcleo, tiempo de CPU; antes → después): respuesta de 100 KB,
70 → 45 ms; sin oraciones repetidas, 79 → 53 ms; las cuatro que fueron cuadráticas,
87/84/64/114 → 47/63/59/76 ms; mensajes del cliente de 100 KB y 200 KB con la baja
negada en cada frase, 8,6 s y 38 s → 35 y 72 ms; con peticiones bajo un «si», 24 y
67 → 15 y 31 ms; llenos de insultos, 117 y 413 → 36 y 73 ms. El bucle de respuestas
cortas no cambió (las mismas instrucciones): p99 0,16 ms, unas 11 000 respuestas/s en
el bucle y unas 5 000 de punta a punta con líneas del cliente distintas; el objetivo
de 10 000 de punta a punta sigue pendiente.

Uso: python benchmarks/calificar.py [--conversaciones N] [--semilla S] [--pasadas P]
                                    [--escribir ARCHIVO [--distintas]]

Con --escribir solo deja el archivo de conversaciones (el de líneas del cliente
repetidas, o con --distintas el otro) para compararlo o perfilarlo a mano.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulador.calificador import Calificador
from simulador.formatos.transcripcion import Transcripcion
from simulador.rubricas import cargar_calificador

CLIENTE = [
    "Llevo {n} días esperando mi {cosa} y nadie me dice nada.",
    "Me cobraron dos veces la {cosa} de este mes, ¿qué pasa?",
    "ESTO ES UNA VERGÜENZA, {n} LLAMADAS Y SIGO SIN {cosa}!!!",
    "Sois unos inútiles, ladrones, devolvedme mi dinero.",
    "El internet no funciona desde el lunes y trabajo desde casa.",
    "Quiero hablar con un supervisor ya, esto no puede ser.",
    "Mirá, el {cosa} llegó roto y nadie me responde.",
]
AGENTE = [
    "Lamento mucho el retraso de su {cosa}; ya lo reviso y le escribo en una hora.",
    "Es nuestra política, no podemos hacer nada.",
    "Cálmese, por favor, así no podemos hablar.",
    "Entiendo su molestia. Consulte nuestra página de ayuda: https://ayuda.example.com",
    "Le pido que mantengamos el respeto; si sigue insultando tendré que terminar la llamada.",
    "Perdón por la demora. Veo el cobro duplicado de {n} euros y ya pedí la devolución.",
    "Como ya le dije, usted no leyó las condiciones del contrato.",
    "Disculpe las molestias, ¿me confirma el número de pedido para revisarlo?",
    "Voy a finalizar esta conversación porque los insultos continúan. Que tenga buen día.",
    "Qué pena con usted, ya mismo le gestiono el cambio del {cosa} sin costo.",
]
COSAS = ["pedido", "factura", "router", "billete", "tarjeta", "sofá", "plato", "contrato"]


NOMBRES = ["Ana", "Luis", "Marta", "Jorge", "Rocío", "Iván", "Camila", "Tomás"]


def generar(n: int, semilla: int, distintas: bool = False) -> list[dict]:
    """Conversaciones de prueba; con `distintas`, cada línea del cliente es única."""
    azar = random.Random(semilla)
    conversaciones = []
    for i in range(n):
        turnos = []
        for _ in range(3):
            for rol, plantillas in (("cliente", CLIENTE), ("agente", AGENTE)):
                texto = azar.choice(plantillas).format(n=azar.randint(2, 15),
                                                       cosa=azar.choice(COSAS))
                if distintas and rol == "cliente":
                    texto += (f" Pedido {azar.randint(10_000, 999_999)}, "
                              f"{azar.randint(5, 900)},{azar.randint(0, 99):02d} €, del "
                              f"{azar.randint(1, 28)}/{azar.randint(1, 12)}. Soy "
                              f"{azar.choice(NOMBRES)} {azar.randint(1, 99)}.")
                turnos.append({"rol": rol, "texto": texto})
        conversaciones.append({"id": f"b{i}", "cliente": {"nombre": "Ana"}, "turnos": turnos})
    return conversaciones


def medir(calificador: Calificador, transcripciones: list[Transcripcion]
          ) -> tuple[float, float, list[float]]:
    """Una pasada por las conversaciones: segundos, segundos de CPU y tiempo de cada respuesta."""
    tiempos: list[float] = []
    inicio = time.perf_counter()
    cpu = time.process_time()
    for t in transcripciones:
        contexto = calificador.contexto()
        for turno in t.turnos:
            if turno.rol == "cliente":
                calificador.turno_cliente(turno.texto, contexto)
            else:
                antes = time.perf_counter()
                calificador.turno_agente(turno.texto, contexto, t.nombre_cliente)
                tiempos.append(time.perf_counter() - antes)
    return time.perf_counter() - inicio, time.process_time() - cpu, tiempos


def main() -> None:
    opciones = argparse.ArgumentParser(description=__doc__)
    opciones.add_argument("--conversaciones", type=int, default=10_000)
    opciones.add_argument("--semilla", type=int, default=7)
    opciones.add_argument("--pasadas", type=int, default=3,
                          help="pasadas por el bucle; se informa la mediana")
    opciones.add_argument("--escribir", type=Path, metavar="ARCHIVO",
                          help="solo escribe el archivo de conversaciones y termina")
    opciones.add_argument("--distintas", action="store_true",
                          help="con --escribir: cada línea del cliente es única")
    args = opciones.parse_args()
    if args.escribir is not None:
        _escribir(generar(args.conversaciones, args.semilla, args.distintas), args.escribir)
        return

    datos = generar(args.conversaciones, args.semilla)
    calificador = cargar_calificador()
    transcripciones = [Transcripcion.model_validate(d) for d in datos]

    pasadas = sorted((medir(calificador, transcripciones) for _ in range(args.pasadas)),
                     key=lambda m: m[0])
    bucle, bucle_cpu, tiempos = pasadas[len(pasadas) // 2]
    respuestas = len(tiempos)
    p50 = statistics.median(tiempos) * 1000
    p99 = statistics.quantiles(tiempos, n=100)[98] * 1000
    print(f"conversaciones: {len(datos)}, turnos: {sum(len(d['turnos']) for d in datos)}, "
          f"respuestas del agente: {respuestas}")
    print(f"bucle de calificación (cliente y agente), mediana de {len(pasadas)} pasadas: "
          f"{bucle:.2f} s, {respuestas / bucle:,.0f} respuestas/s "
          f"(tiempo de CPU {bucle_cpu:.2f} s: {respuestas / bucle_cpu:,.0f} respuestas/s; "
          f"todas las pasadas: {', '.join(f'{respuestas / m[0]:,.0f}' for m in pasadas)})")
    print(f"por respuesta: p50 {p50:.3f} ms, p99 {p99:.3f} ms; solo las respuestas del agente "
          f"(sin los turnos del cliente): {respuestas / sum(tiempos):,.0f} respuestas/s")

    # Las líneas del cliente salen del guion y se repiten: su análisis se reutiliza. Para
    # que esa ayuda se vea, la misma medida analizando cada turno del cliente de nuevo.
    sin_ayuda = cargar_calificador()
    sin_ayuda.lineas_cliente_guardadas = 0
    segundos, _, _ = medir(sin_ayuda, transcripciones)
    print(f"el mismo bucle sin reutilizar el análisis de las líneas del cliente: "
          f"{segundos:.2f} s, {respuestas / segundos:,.0f} respuestas/s")

    # Una respuesta de 100 KB (texto pegado): tiene que seguir siendo lineal. La segunda
    # recoge en cada oración las palabras del cliente (el modelo ve una ayuda en cada una
    # y busca su evidencia oración a oración: era cuadrático); la tercera, además, se
    # excusa en cada oración (la escucha descarta lo que cae en una excusa: también); las
    # dos últimas comparaban cada palabra con cada cita y cada frase con cada anulación.
    for que, cliente, bloque in (
            ("", "Mi pedido 4521 no llega",
             "Lamento el retraso de su pedido 4521; se lo reenvío hoy por mensajería urgente. "),
            (" que recoge las palabras del cliente",
             "Mi pedido 4521 no llega y la factura del router está mal",
             "Su pedido de la factura del router: revise la factura del pedido del router. "),
            (" con una excusa en cada oración",
             "Mi pedido 4521 no llega y la factura del router está mal",
             "No es mi problema lo de su pedido y la factura del router, es política de la "
             "empresa. "),
            (" llena de citas", "Mi pedido 4521 no llega",
             'Usted dijo "mi pedido no llega" y lo siento, es nuestra política. '),
            (" con disculpas retiradas", "Mi pedido 4521 no llega",
             "Lo siento. Pero es su culpa. ")):
        enorme = bloque * (100_000 // len(bloque))
        tiempos = [_cpu_respuesta(calificador, cliente, enorme) for _ in range(5)]
        print(f"una respuesta de {len(enorme) // 1000} KB{que}: {_mediana_de_5(tiempos)}")

    # Una respuesta de 100 KB sin ninguna oración repetida (cada una con su número de
    # caso): lo que se calcula una vez por oración o palabra distinta no ayuda aquí.
    tiempos = [_cpu_respuesta(calificador, "Mi pedido 4521 no llega",
                              _variada(100_000, args.semilla + vez)) for vez in range(5)]
    print(f"una respuesta de 100 KB sin oraciones repetidas: {_mediana_de_5(tiempos)}")

    # Un mensaje del CLIENTE de 100 KB pegado, y uno de 200 KB para ver que el tiempo
    # solo se duplica. Cada petición de baja negada o bajo un «si» recorría la oración
    # entera (una sin puntos es todo el mensaje) y cada insulto rehacía el texto: 105 KB
    # tardaban 2,9 s y 210 KB, 12 s.
    for que, bloque in ((" con la baja negada en cada frase", "no quiero la baja "),
                        (" con peticiones bajo un «si»", "si quiero la baja y "),
                        (" lleno de insultos", "eres un inútil ")):
        cifras = []
        for largo in (100_000, 200_000):
            enorme = bloque * (largo // len(bloque))
            tiempos_enorme = []
            for _ in range(3):
                contexto = calificador.contexto()
                inicio = time.process_time()
                calificador.turno_cliente(enorme, contexto)
                calificador.turno_agente("Lamento lo ocurrido; reviso su caso ahora.", contexto)
                tiempos_enorme.append(time.process_time() - inicio)
            cifras.append(f"{len(enorme) // 1000} KB {statistics.median(tiempos_enorme) * 1000:.0f}"
                          " ms")
        print(f"un mensaje del cliente{que}: tiempo de CPU, mediana de 3: {', '.join(cifras)}")

    distintas = generar(args.conversaciones, args.semilla, distintas=True)
    for nombre, conjunto in (("líneas del cliente repetidas", datos),
                             ("líneas del cliente todas distintas", distintas)):
        _de_punta_a_punta(nombre, conjunto, respuestas)


def _cpu_respuesta(calificador: Calificador, cliente: str, respuesta: str) -> float:
    """Segundos de CPU que tarda en calificarse `respuesta` tras la línea del cliente."""
    contexto = calificador.contexto()
    calificador.turno_cliente(cliente, contexto)
    inicio = time.process_time()
    calificador.turno_agente(respuesta, contexto)
    return time.process_time() - inicio


def _mediana_de_5(tiempos: list[float]) -> str:
    return (f"tiempo de CPU, mediana de 5 {statistics.median(tiempos) * 1000:.0f} ms, "
            f"mínimo {min(tiempos) * 1000:.0f} ms")


def _variada(largo: int, semilla: int) -> str:
    """Un texto de respuestas del agente en el que no se repite ninguna oración."""
    azar = random.Random(semilla)
    partes: list[str] = []
    total = caso = 0
    while total < largo:
        caso += 1
        oracion = (azar.choice(AGENTE).format(n=azar.randint(2, 15), cosa=azar.choice(COSAS))
                   + f" Caso {semilla}-{caso}. ")
        partes.append(oracion)
        total += len(oracion)
    return "".join(partes)[:largo]


def _escribir(datos: list[dict], ruta: Path) -> None:
    ruta.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in datos),
                    encoding="utf-8")


def _de_punta_a_punta(nombre: str, datos: list[dict], respuestas: int) -> None:
    with tempfile.TemporaryDirectory() as carpeta:
        entrada = Path(carpeta) / "conversaciones.jsonl"
        _escribir(datos, entrada)
        salida = Path(carpeta) / "notas.jsonl"
        # Una carpeta de datos propia: la primera vez se compila la rúbrica y se guarda.
        entorno = {**os.environ, "SIMULADOR_DATOS": str(Path(carpeta) / "datos")}
        for vez in ("primera vez (compila la rúbrica)", "siguientes (rúbrica ya compilada)"):
            inicio = time.perf_counter()
            antes = os.times()
            subprocess.run([sys.executable, "-m", "simulador", "calificar", str(entrada),
                            "-o", str(salida)], check=True, env=entorno)
            total = time.perf_counter() - inicio
            despues = os.times()
            cpu_hijo = (despues.children_user - antes.children_user
                        + despues.children_system - antes.children_system)
            print(f"simulador calificar de punta a punta ({nombre}), {vez}: {total:.2f} s, "
                  f"{respuestas / total:,.0f} respuestas/s "
                  f"(tiempo de CPU {cpu_hijo:.2f} s: {respuestas / cpu_hijo:,.0f} respuestas/s)")

if __name__ == "__main__":
    main()
