"""`simulador jugar`: una sesión de práctica en la terminal, desde un guion o tecleando.

Pinta los eventos del motor (líneas del cliente, enfado, silencios, final)
y después la nota, el cierre y las lecciones. Con `--json`, solo el
resultado; con `--transcripcion`, además, la conversación en el formato que
lee `simulador calificar`. Cada sesión se guarda en el historial turno a
turno (salvo con `--no-guardar`): si se corta, `simulador reanudar` la
continúa.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from simulador.carga import Documento
from simulador.comandos import nombre_de_persona, semilla
from simulador.destinos import MismoArchivo, comprobar_distintos, es_estandar, escribir_bytes
from simulador.historial import ErrorDeHistorial, Grabador, Historial, grabar
from simulador.incidencias import ErrorDeArchivo, nombre_visible, razon_del_sistema, una_linea
from simulador.motor import (
    CambioEnfado,
    ErrorDeEscenario,
    ErrorDeSesion,
    Evento,
    Final,
    Insistencia,
    LineaCliente,
    RelojManual,
    RelojSistema,
    Resultado,
    Sesion,
    Valoracion,
)
from simulador.motor.escenarios import errores_de_grafo, localizar_escenario
from simulador.motor.guion import Paso, ejecutar_paso, interpretar_linea, leer_guion
from simulador.motor.reloj import Reloj
from simulador.nombres import canal, dificultad, final, modo, nombre_criterio, veredicto
from simulador.pintor import (
    AGENTE,
    ENFADO,
    FINAL,
    INSULTO,
    MAXIMO_CITAS,
    TERMINA_LA_RELACION,
    Pintor,
    cambio,
    citas,
    como_acabo,
    etiqueta_comentario,
    linea_final,
    silencio,
)
from simulador.rubricas import archivo_propio, cargar_calificador, ruta_rubrica
from simulador.salida import SIN_GUARDAR, error, escribir, escribir_json

AYUDA = "juega un escenario: respuestas de un guion (--guion) o escritas en la terminal"
_LARGO_VISIBLE = 400


def registrar(sub: argparse._SubParsersAction, comun: argparse.ArgumentParser) -> None:
    p = sub.add_parser("jugar", help=AYUDA, description=AYUDA.capitalize() + ". En el guion, "
                       "una respuesta por línea; «/terminar TEXTO» termina la relación con esa "
                       "despedida; «/esperar SEGUNDOS» es quedarse callado; las líneas en "
                       "blanco o que empiezan por «#» no cuentan.", parents=[comun],
                       epilog="Ejemplo: simulador jugar pedido-retrasado --guion respuestas.txt")
    p.add_argument("escenario", metavar="ESCENARIO",
                   help="archivo .yaml o id de un escenario incluido (vea «simulador listar»)")
    p.add_argument("--guion", type=Path, metavar="RESPUESTAS.txt",
                   help="archivo con una respuesta por línea; la sesión se guarda como "
                   "partida con guion, que no cuenta en los resultados del equipo")
    p.add_argument("--semilla", type=semilla, metavar="N", help="semilla del azar (qué variante "
                   "dice el cliente); la misma semilla y las mismas respuestas dan la misma "
                   "sesión. Por defecto, una al azar que se muestra")
    p.add_argument("--json", action="store_true", help="solo el resultado, en JSON")
    p.add_argument("--rubrica", metavar="R", help="archivo de rúbrica o id de una incluida "
                   "(por defecto, estandar)")
    p.add_argument("--modo", choices=("practica", "examen"), default="practica",
                   help="práctica: comentarios tras cada respuesta; examen: solo al final")
    p.add_argument("--agente", default="", metavar="NOMBRE", type=nombre_de_persona,
                   help="nombre del agente")
    p.add_argument("--equipo", default="", metavar="EQUIPO", type=nombre_de_persona,
                   help="equipo del agente")
    p.add_argument("--transcripcion", type=Path, metavar="SALIDA.jsonl",
                   help="guarda la conversación como transcripción (la que lee «simulador "
                   "calificar»)")
    p.add_argument("--no-guardar", action="store_true",
                   help="no guarda la sesión en el historial")
    p.set_defaults(ejecutar=ejecutar)


# --- pintar eventos ---------------------------------------------------------------


class PintorTexto(Pintor):
    """Escribe los eventos como texto (o nada, con --json)."""

    def __init__(self, sesion: Sesion, callada: bool) -> None:
        self.sesion = sesion
        self.callada = callada
        self.cliente = sesion.escenario.cliente.nombre

    def escribir(self, texto: str = "") -> None:
        if not self.callada:
            escribir(texto)

    def cabecera(self) -> None:
        esc = self.sesion.escenario
        self.escribir(f"{esc.titulo} ({esc.id}) · {canal(esc.canal)} · dificultad "
                      f"{dificultad(esc.dificultad)}")
        self.escribir(f"Cliente: {self.cliente} · enfado inicial {esc.cliente.enfado_inicial}/100"
                      f" · modo {modo(self.sesion.modo)} · semilla {self.sesion.semilla}")
        self.escribir()

    def respuesta(self, paso: Paso) -> None:
        if paso.tipo == "esperar":
            self.escribir(f"(se queda callado {paso.segundos:g} s)")
            return
        self.escribir(prefijo_agente(paso.tipo == "terminar") + _visible(paso.texto))

    def eventos(self, eventos: list[Evento]) -> None:
        self.pintar_todos(eventos)

    def insistencia(self, evento: Insistencia) -> None:
        self.escribir(f"({silencio(evento.segundos)}) {self.cliente}{marca_insulto(evento.abuso)}: "
                      f"{evento.texto}")

    def linea_cliente(self, evento: LineaCliente) -> None:
        texto = " ".join(evento.texto.split())
        self.escribir(f"{self.cliente}{marca_insulto(evento.abuso)}: {texto}")

    def cambio_enfado(self, evento: CambioEnfado) -> None:
        self.escribir(f"    {ENFADO}: {evento.antes} → {evento.despues} "
                      f"({cambio(evento.diferencia)})")

    def valoracion(self, evento: Valoracion) -> None:
        for c in evento.comentarios:
            self.escribir("    " + _comentario(c.tipo, c.senal, c.mensaje, citas(c)))

    def final(self, evento: Final) -> None:
        self.escribir(f"── {linea_final(evento, con_nodo=True)} ──")


def prefijo_agente(termina: bool) -> str:
    """«Tú: » o «Tú (termina la relación): »."""
    return f"{AGENTE} ({TERMINA_LA_RELACION}): " if termina else f"{AGENTE}: "


def marca_insulto(abuso: bool) -> str:
    """« [insulto]» tras el nombre del cliente; también en examen (la interfaz solo lo marca
    en práctica)."""
    return f" [{INSULTO}]" if abuso else ""


def _visible(texto: str) -> str:
    texto = una_linea(texto)
    if len(texto) <= _LARGO_VISIBLE:
        return texto
    return f"{texto[:_LARGO_VISIBLE]}… ({len(texto)} caracteres)"


def _comentario(tipo: str, senal: str, mensaje: str, citadas: Iterable[str]) -> str:
    lista = ", ".join(f"«{_visible(c)}»" for c in citadas)
    return f"{etiqueta_comentario(tipo, senal)}: {mensaje}" + (f" ({lista})" if lista else "")


def pintar_resultado(resultado: Resultado, sesion: Sesion) -> None:
    if sesion.modo == "examen":
        escribir("Comentarios por respuesta:")
        for turno in resultado.turnos:
            if turno["rol"] != "agente":
                continue
            escribir(f"  Respuesta {turno['numero']}: «{_visible(turno['texto'])[:80]}»")
            for c in turno["comentarios"]:
                escribir("    " + _comentario(c["tipo"], c["senal"], c["mensaje"],
                                              (e["texto"] for e in c["evidencias"][:MAXIMO_CITAS])))
        escribir()
    umbral = sesion.calificador.rubrica.umbral_aprobado
    estado = "APROBADO" if resultado.aprobado else "NO APROBADO"
    escribir(f"Resultado: {resultado.puntaje}/100 · {estado} (umbral {umbral:g})")
    for nombre, nota in resultado.criterios.items():
        escribir(f"  {nombre_criterio(nombre):<14} {'no aplica' if nota is None else nota:>9}")
    for nombre in resultado.calificacion.get("criticos_fallidos", []):
        escribir(f"  Suspende: el criterio crítico «{nombre_criterio(nombre)}» queda por debajo "
                 "de su mínimo.")
    if resultado.final is not None and (
            sesion.calificador.rubrica.suspende_por_final(resultado.final.tipo)):
        escribir(f"  Suspende: perder al cliente (final «{final(resultado.final.tipo)}») no "
                 "aprueba.")
    bien = "bien" if resultado.cierre_bien else "mal"
    escribir(f"Cierre: {veredicto(resultado.cierre)} (el escenario espera: "
             f"{veredicto(resultado.cierre_esperado)}) · {bien}")
    if resultado.final is None:
        escribir(f"{FINAL}: ninguno (la conversación quedó en el nodo «{sesion.nodo_actual}»)")
    else:
        nodo = f" · nodo «{resultado.final.nodo}»" if resultado.final.nodo else ""
        escribir(f"{FINAL}: {como_acabo(resultado.final)}{nodo}")
    if not resultado.lecciones:
        escribir("Lecciones: ninguna; no ha perdido puntos.")
        return
    escribir("Lecciones:")
    for i, leccion in enumerate(resultado.lecciones, start=1):
        critico = " · crítico: suspende" if leccion.critico else ""
        escribir(f"  {i}. {nombre_criterio(leccion.criterio)}: −{leccion.puntos_perdidos:g} "
                 f"puntos (nota {leccion.nota}){critico}")
        escribir(f"     Principio: {leccion.principio}")
        for caso in leccion.casos[:4]:
            quien = (f"Respuesta {caso.numero}" if caso.numero is not None
                     else f"Turno {caso.indice + 1}, {sesion.escenario.cliente.nombre}")
            escribir(f"     {quien}: {_visible(caso.texto)}")
        if len(leccion.casos) > 4:
            escribir(f"     … y {len(leccion.casos) - 4} más")
        if leccion.mejor:
            escribir(f"     Mejor: {leccion.mejor}")


# --- ejecutar -------------------------------------------------------------------------


def _errores(exc: ErrorDeArchivo) -> int:
    for incidencia in exc.incidencias:
        error(str(incidencia))
    return 2


def _error_de_escenario(exc: ErrorDeSesion, sesion: Sesion, documento: Documento | None
                        ) -> int:
    if isinstance(exc, ErrorDeEscenario) and documento is not None:
        error(str(documento.incidencia(exc.clave or ("nodos", sesion.nodo_actual), str(exc))))
        error("El escenario está roto: «simulador validar» lo explica.")
    else:
        error(str(exc))
    return 1


class GuardadoTexto:
    """Avisa al grabador del historial después de cada acción. Si el historial falla, la
    sesión sigue (avisando una vez) y se reintenta en la acción siguiente."""

    def __init__(self, grabador: Grabador | None) -> None:
        self.grabador = grabador
        self._avisado = False

    def __call__(self, eventos: list[Evento]) -> list[Evento]:
        if self.grabador is not None:
            try:
                self.grabador.anotar(eventos)
            except ErrorDeHistorial as exc:
                if not self._avisado:
                    error(f"Aviso: no se puede guardar en el historial: {exc}")
                    self._avisado = True
        return eventos

    def informar(self, callado: bool) -> bool:
        """Dice con qué identificador quedó guardada la sesión, o que no se guardó todo
        (y entonces devuelve False)."""
        grabador = self.grabador
        if grabador is None:
            return True
        self([])
        decir = error if callado else escribir
        if not grabador.al_dia:
            error("Error: la sesión no se ha podido guardar entera en el historial; lo que "
                  "ya estaba guardado sigue intacto.")
            return False
        if grabador.sesion.terminada:
            decir(f"Sesión guardada en el historial: {grabador.ident}")
        else:
            decir(f"Sesión a medias guardada en el historial: {grabador.ident}. Continúela "
                  f"con «simulador reanudar {grabador.ident}» o descártela con «simulador "
                  f"descartar {grabador.ident}».")
        if grabador.guion:
            decir("Es una partida con guion: no cuenta en los resultados del equipo "
                  "(«simulador exportar» y «simulador comparar» la dejan fuera salvo con "
                  "--incluir-guiones).")
        return True

    def cerrar(self) -> None:
        if self.grabador is not None:
            self.grabador.historial.cerrar()


def _grabador(args: argparse.Namespace, sesion: Sesion, escenario: Path) -> Grabador | None:
    if args.no_guardar:
        return None
    try:
        rubrica = ruta_rubrica(args.rubrica)
    except ErrorDeArchivo:
        rubrica = None
    # Una partida con guion es la prueba de un formador: queda marcada para que no cuente
    # en los resultados del equipo (`exportar` y `comparar` la dejan fuera).
    return grabar(Historial.del_usuario(args.datos), sesion, escenario=escenario,
                  rubrica=rubrica, guion=args.guion is not None)


def ejecutar(args: argparse.Namespace) -> int:
    if args.guion is None and not sys.stdin.isatty():
        error("No hay terminal para escribir las respuestas. Páselas en un archivo con "
              "--guion, una por línea:\n  simulador jugar "
              f"{args.escenario} --guion respuestas.txt\n"
              "En el guion, «/terminar TEXTO» termina la relación y «/esperar SEGUNDOS» es "
              "quedarse callado.")
        return 2
    try:
        escenario = Path(args.escenario)
        comprobar_distintos({"--transcripcion": args.transcripcion}, {
            "--guion": args.guion, "el escenario": escenario if escenario.exists() else None,
            "--rubrica": archivo_propio(args.rubrica)})
        if args.json and args.transcripcion is not None and es_estandar(args.transcripcion):
            raise MismoArchivo("--json y --transcripcion - irían los dos a la salida "
                               "estándar: escriba la transcripción en un archivo")
    except MismoArchivo as exc:
        error(f"Error: {exc}")
        return 2
    try:
        # El guion primero: leerlo es instantáneo y compilar la rúbrica no.
        pasos = leer_guion(args.guion) if args.guion is not None else None
        cargado = localizar_escenario(args.escenario)
        calificador = cargar_calificador(args.rubrica)
    except ErrorDeArchivo as exc:
        return _errores(exc)
    errores = errores_de_grafo(cargado, calificador.rubrica.senales_extra)
    if errores:
        _errores(ErrorDeArchivo(errores))
        error("Corrija los errores: un escenario con errores no se puede jugar.")
        return 2
    semilla = args.semilla if args.semilla is not None else random.SystemRandom().randrange(
        1, 100_000)
    reloj: Reloj = RelojManual(datetime.now(UTC)) if pasos is not None else RelojSistema()
    sesion = Sesion(cargado.modelo, calificador, semilla=semilla, modo=args.modo,
                    agente=args.agente, equipo=args.equipo, reloj=reloj)
    guardado = GuardadoTexto(_grabador(args, sesion, cargado.ruta))
    pintor = PintorTexto(sesion, callada=args.json)
    pintor.cabecera()
    try:
        pintor.eventos(guardado(sesion.iniciar()))
        return seguir(sesion, pintor, pasos, args, guardado, cargado.documento)
    except ErrorDeSesion as exc:
        return _error_de_escenario(exc, sesion, cargado.documento)
    finally:
        guardado.cerrar()


def seguir(sesion: Sesion, pintor: PintorTexto, pasos: list[Paso] | None,
           args: argparse.Namespace, guardado: GuardadoTexto, documento: Documento | None = None
           ) -> int:
    """Juega el resto de una sesión ya iniciada (del guion o de la terminal), pinta el
    resultado y dice cómo quedó guardada. Lo usan `jugar` y `reanudar`."""
    extra: dict[str, object] = {}
    try:
        if pasos is not None:
            extra = _jugar_guion(sesion, pasos, pintor, args, guardado)
        else:
            _jugar_en_terminal(sesion, pintor, guardado)
    except ErrorDeSesion as exc:
        guardado.informar(callado=True)
        return _error_de_escenario(exc, sesion, documento)
    resultado = sesion.resultado()
    if args.json:
        escribir_json({**resultado.como_dict(), **extra})
    else:
        pintor.escribir()
        pintar_resultado(resultado, sesion)
    guardada = guardado.informar(callado=args.json)
    if args.transcripcion is not None:
        try:
            escribir_bytes((json.dumps(sesion.transcripcion(), ensure_ascii=False) + "\n")
                           .encode("utf-8"), args.transcripcion)
        except OSError as exc:
            error(f"{nombre_visible(args.transcripcion)}: no se puede escribir la transcripción "
                  f"({razon_del_sistema(exc)})")
            return 2
        if not args.json and not es_estandar(args.transcripcion):
            escribir(f"Transcripción guardada en {nombre_visible(args.transcripcion)}")
    return 0 if guardada else SIN_GUARDAR


def _jugar_guion(sesion: Sesion, pasos: list[Paso], pintor: PintorTexto,
                 args: argparse.Namespace, guardado: GuardadoTexto) -> dict[str, object]:
    usados = 0
    for paso in pasos:
        if sesion.terminada:
            break
        pintor.respuesta(paso)
        pintor.eventos(guardado(ejecutar_paso(sesion, paso)))
        usados += 1
    sobrantes = [p.linea for p in pasos[usados:]]
    guion = nombre_visible(args.guion)
    if sobrantes:
        aviso = (f"La conversación terminó en la línea {pasos[usados - 1].linea} del guion "
                 f"{guion}; no se usan {len(sobrantes)} paso(s) más (desde la línea "
                 f"{sobrantes[0]}).")
        (error if args.json else pintor.escribir)(aviso)
    elif not sesion.terminada:
        aviso = (f"El guion {guion} se acabó sin que la conversación llegara a un final (el "
                 f"cliente sigue en el nodo «{sesion.nodo_actual}»).")
        (error if args.json else pintor.escribir)(aviso)
    return {"guion": {"archivo": guion, "pasos": len(pasos), "usados": usados,
                      "lineas_sin_usar": sobrantes}}


def _jugar_en_terminal(sesion: Sesion, pintor: PintorTexto, guardado: GuardadoTexto) -> None:
    pintor.escribir("Escriba cada respuesta y pulse Intro. «/terminar TEXTO» termina la "
                      "relación; «/esperar SEGUNDOS» es quedarse callado; «/salir» o Ctrl+D "
                      "deja la sesión a medias.")
    numero = 0
    while not sesion.terminada:
        try:
            linea = input("Tú: ")
        except EOFError:
            pintor.escribir()
            break
        numero += 1
        pintor.eventos(guardado(sesion.comprobar_silencio()))
        if sesion.terminada:
            pintor.escribir("La conversación terminó antes de que enviara esa respuesta.")
            break
        if linea.strip() == "/salir":
            break
        paso = interpretar_linea(numero, linea)
        if isinstance(paso, str):
            error(paso)
        elif paso is not None:
            pintor.eventos(guardado(ejecutar_paso(sesion, paso)))
