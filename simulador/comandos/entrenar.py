"""`simulador entrenar`: la capa aprendida de una rúbrica, con conversaciones etiquetadas."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from simulador.carga.transcripciones import leer_autores
from simulador.destinos import MismoArchivo, comprobar_distintos, es_estandar
from simulador.formatos.senales import SENALES_AGENTE
from simulador.incidencias import ErrorDeArchivo, motivo_de_lectura
from simulador.rubricas import archivo_propio, cargar_calificador, ruta_rubrica
from simulador.rutas import rubricas_incluidas
from simulador.salida import error, escribir

AYUDA = "entrena la capa aprendida de una rúbrica con conversaciones etiquetadas"
NOMBRES_MODO = {"anade": "añade a las frases", "decide": "decide (puede quitar lo que den)"}


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "entrenar", help=AYUDA, parents=[comun],
        description=AYUDA.capitalize() + ". Cada archivo cuenta como un autor; el modelo "
        "se guarda junto a la rúbrica (MI-RUBRICA.modelo.json.gz) y desde entonces "
        "`calificar`, `evaluar`, `jugar` y la interfaz lo usan con ella.")
    p.add_argument("entrada", metavar="ETIQUETADO", nargs="+",
                   help="archivo(s) .jsonl con conversaciones etiquetadas, uno por autor")
    p.add_argument("--rubrica", metavar="R",
                   help="su rúbrica (archivo .yaml): el modelo se guarda a su lado")
    p.add_argument("-o", "--salida", type=Path, metavar="MODELO",
                   help="dónde guardar el modelo (por defecto, junto a la rúbrica)")
    anadir_puede_quitar(p)
    p.set_defaults(ejecutar=ejecutar)


def anadir_puede_quitar(p: argparse.ArgumentParser) -> None:
    p.add_argument("--puede-quitar", nargs="*", metavar="SEÑAL", choices=SENALES_AGENTE,
                   default=None, help="señales en que el modelo puede quitar lo que den las "
                   "frases, si con autores apartados así acierta más (sin nombrarlas: "
                   "todas). Por defecto solo añade: las frases de la rúbrica siempre disparan")


def quitables(nombradas: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """`--puede-quitar` sin nombres son todas las señales; sin la opción, ninguna."""
    if nombradas is None:
        return ()
    return tuple(nombradas) or SENALES_AGENTE


def _destino(args: argparse.Namespace) -> Path | None:
    if args.salida is not None:
        return Path(args.salida)
    if args.rubrica is None:
        return None
    from simulador.calificador import ruta_del_modelo

    ruta = ruta_rubrica(args.rubrica)
    if ruta.resolve().is_relative_to(rubricas_incluidas().resolve()):
        return None  # nunca se escribe dentro del paquete instalado
    return ruta_del_modelo(ruta)


def ejecutar(args: argparse.Namespace) -> int:
    try:
        destino = _destino(args)
        if destino is None:
            error("Indique dónde guardar el modelo: --rubrica SU_RUBRICA.yaml (se guarda a "
                  "su lado) o -o ARCHIVO.modelo.json.gz.")
            return 2
        if es_estandar(destino):
            error("Error: el modelo es un archivo comprimido: indique un nombre con -o "
                  "ARCHIVO.modelo.json.gz, no «-».")
            return 2
        comprobar_distintos({"-o": destino}, {
            **{f"la entrada {i}": Path(r) for i, r in enumerate(args.entrada, 1)},
            "--rubrica": archivo_propio(args.rubrica)})
    except MismoArchivo as exc:
        error(f"Error: {exc}")
        return 2
    try:
        calificador = cargar_calificador(args.rubrica, aprendido=False)
        autores, saltadas = leer_autores(args.entrada, error, calificador.senales_por_rol)
    except ErrorDeArchivo as exc:
        for incidencia in exc.incidencias:
            error(str(incidencia))
        return 2
    if not autores:
        error("No hay ninguna conversación etiquetada con la que entrenar.")
        return 2  # no se pudo hacer lo pedido (README)
    conversaciones = sum(len(a.conversaciones) for a in autores)
    error(f"Entrenando con {conversaciones} conversaciones de {len(autores)} autor(es)…")
    from simulador.calificador.aprendido import guardar
    from simulador.entrenamiento import ejemplos, entrenar

    modelo = entrenar(ejemplos(calificador, autores), puede_quitar=quitables(args.puede_quitar))
    # Las frases de la rúbrica son rasgos del modelo: si cambian, hay que volver a entrenar.
    modelo["datos"]["rubrica"] = calificador.version
    temporal = destino.with_name(f".{destino.name}.{os.getpid()}.tmp")
    try:
        guardar(modelo, temporal, comprimir=destino.suffix != ".json")
        os.replace(temporal, destino)
    except OSError as exc:
        temporal.unlink(missing_ok=True)
        error(f"{destino}: {motivo_de_lectura(exc)}; el modelo no se guardó")
        return 2
    escribir(f"Modelo guardado en {destino} ({destino.stat().st_size // 1024} KB), "
             f"rúbrica «{calificador.rubrica.id}».")
    for rol, datos in modelo["roles"].items():
        for senal, modo, umbral in zip(datos["senales"], datos["modos"], datos["umbrales"],
                                       strict=True):
            como = "solo las frases" if umbral > 1 else (
                f"{NOMBRES_MODO[modo]}, umbral {umbral:.2f}")
            escribir(f"  {senal:<10} ({rol}): {como}")
    if len(autores) > 1:
        escribir("Para medirlo con autores que no vio: simulador evaluar "
                 + " ".join(args.entrada) + " --validacion-cruzada"
                 + (f" --rubrica {args.rubrica}" if args.rubrica else ""))
    sys.stdout.flush()
    return 1 if saltadas else 0
