"""El calificador: una rúbrica compilada una vez que puntúa conversaciones.

Uso: `Calificador.desde_archivo(ruta)` o `Calificador(rubrica, version)`, y
luego `calificar(transcripcion)` devuelve el resultado del contrato de
shared/senales.md.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulador.calificador.analisis import Analisis
from simulador.calificador.cierre import veredicto_cierre
from simulador.calificador.criterios import nota
from simulador.calificador.escucha import ContextoEscucha, ModeloEscucha
from simulador.calificador.senales import (
    DetectorFrases,
    Evidencia,
    enlaces,
    evidencia,
    gritos,
)
from simulador.formatos.rubrica import Rubrica
from simulador.formatos.senales import SENALES_AGENTE, SENALES_CLIENTE
from simulador.formatos.transcripcion import Transcripcion
from simulador.texto import normalizar

__all__ = ["Calificador", "Evidencia", "ResultadoTurno", "veredicto_cierre"]


@dataclass
class ResultadoTurno:
    rol: str
    senales: dict[str, bool]
    evidencias: list[Evidencia] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        datos: dict[str, Any] = {"rol": self.rol, "senales": self.senales}
        if self.rol == "agente" or self.evidencias:
            datos["evidencias"] = [e.como_dict() for e in self.evidencias]
        return datos


class Calificador:
    """Una rúbrica lista para puntuar miles de respuestas por segundo."""

    def __init__(self, rubrica: Rubrica, version: str) -> None:
        self.rubrica = rubrica
        self.version = version
        self.detector = DetectorFrases(rubrica)
        self.escucha = ModeloEscucha(rubrica.escucha)
        self.senales_agente = [*SENALES_AGENTE, *(
            s for s, d in rubrica.senales.items()
            if d.rol == "agente" and s not in SENALES_AGENTE)]
        self.senales_cliente = [*SENALES_CLIENTE, *(
            s for s, d in rubrica.senales.items()
            if d.rol == "cliente" and s not in SENALES_CLIENTE)]

        self._con_gritos = "escalada" in rubrica.senales
        self._agente = [
            (nombre, d, frozenset(g for g in self.detector.grupos if
                                  g == nombre or g.startswith(f"{nombre}:")),
             bool(d.en_lugar_de_respuesta or d.enlaces))
            for nombre, d in rubrica.senales.items() if d.rol == "agente"
        ]

    @classmethod
    def desde_archivo(cls, ruta: Path, cache: Path | None = None) -> Calificador:
        """Carga y compila una rúbrica; con `cache`, reutiliza la compilación anterior.

        Compilar cuesta casi medio segundo; cargar la copia guardada, una
        décima. La copia se reconoce por la huella de la rúbrica y del código
        que la compila, así que nunca se usa una compilación desfasada.
        """
        from simulador.carga import validar_documento
        from simulador.carga.lector import leer_yaml

        contenido = ruta.read_bytes()
        version = version_de(contenido)
        archivo = cache / f"rubrica-{version}-{_huella_codigo()}.pickle" if cache else None
        if archivo is not None:
            guardado = _leer_compilado(archivo)
            if guardado is not None:
                return guardado
        cargada = validar_documento(leer_yaml(ruta), Rubrica)
        calificador = cls(cargada.modelo, version)
        if archivo is not None:
            _guardar_compilado(archivo, calificador)
        return calificador

    def contexto(self, puntos_clave: list[str] | None = None,
                 nombre_cliente: str | None = None) -> ContextoEscucha:
        """Lo que el cliente va contando; su nombre no cuenta como dato del problema."""
        return ContextoEscucha(self.escucha, list(puntos_clave or ()),
                               nombre=nombre_cliente or "")

    # --- turnos ---------------------------------------------------------------

    def turno_cliente(self, texto: str, contexto: ContextoEscucha | None = None
                      ) -> ResultadoTurno:
        """Señales de un turno del cliente; si se da el contexto, lo alimenta."""
        a = self.detector.analizar(texto, "cliente")
        if contexto is not None:
            contexto.anadir_cliente(a)
        resultado = ResultadoTurno("cliente", {})
        for nombre in self.senales_cliente:
            definicion = self.rubrica.senales.get(nombre)
            validas = self.detector.validas(a, nombre, definicion) if definicion else []
            resultado.senales[nombre] = bool(validas)
            resultado.evidencias.extend(evidencia(a, nombre, c.inicio, c.fin) for c in validas)
        return resultado

    def turno_agente(self, texto: str, contexto: ContextoEscucha,
                     nombre_cliente: str | None = None) -> ResultadoTurno:
        """Señales de una respuesta del agente, con su evidencia en el texto original."""
        a = self.detector.analizar(texto)
        presentes = a.coincidencias.keys()
        tramos: dict[str, list[tuple[int, int]]] = {}
        for nombre, definicion, grupos, breve in self._agente:
            if definicion.tipo == "nombre_cliente":
                tramos[nombre] = _nombre(a, nombre_cliente)
                continue
            lista: list[tuple[int, int]] = []
            if not presentes.isdisjoint(grupos):
                lista = [(c.inicio, c.fin) for c in self.detector.validas(a, nombre, definicion)]
            if breve:
                lista.extend(self._breves(a, nombre))
            if lista:
                tramos[nombre] = lista
        gritados = gritos(texto) if self._con_gritos else []
        negativas = tramos.get("excusa", []) + tramos.get("escalada", [])
        escucha = tramos.get("escucha", []) + contexto.coincidencias(a, negativas, bool(negativas))
        if "?" in texto:
            escucha.extend((c.inicio, c.fin) for c in a.grupo("escucha:pregunta"))
            if not negativas:
                escucha.extend(contexto.preguntas_concretas(a))
        if escucha:
            tramos["escucha"] = escucha
        disculpas = tramos.get("disculpa")
        if disculpas and tramos.get("escalada"):
            # Una disculpa que se retira culpando al cliente en la misma frase no lo es.
            tramos["disculpa"] = disculpas = [
                (i, f) for i, f in disculpas
                if not any(i < e < a.ambito(i)[1] for e, _ in tramos["escalada"])
            ]
        if gritados and disculpas:
            # Una disculpa en mayúsculas no es un grito.
            originales = [a.texto.a_original(i, f) for i, f in disculpas]
            gritados = [(i, f) for i, f in gritados
                        if not any(d_i < f and i < d_f for d_i, d_f in originales)]
        resultado = ResultadoTurno("agente", dict.fromkeys(self.senales_agente, False))
        if gritados:
            tramos.setdefault("escalada", [])
        for nombre, propios in tramos.items():
            evidencias = [evidencia(a, nombre, i, f) for i, f in sorted(set(propios))]
            if nombre == "escalada":
                evidencias.extend(Evidencia(nombre, texto[i:f], i, f) for i, f in gritados)
            if evidencias:
                resultado.senales[nombre] = True
                resultado.evidencias.extend(evidencias)
        return resultado

    def _breves(self, a: Analisis, nombre: str) -> list[tuple[int, int]]:
        """Enlaces o remisiones a la ayuda que sustituyen a la respuesta."""
        definicion = self.rubrica.senales[nombre]
        candidatos = [(c.inicio, c.fin) for c in a.grupo(f"{nombre}:breve")
                      if not a.negado(c) and not a.citado(c)]
        if definicion.enlaces:
            candidatos.extend(enlaces(a.normal))
        # Un enlace dentro de una pregunta («¿tu web es x.com?») no sustituye a nada.
        candidatos = [(i, f) for i, f in candidatos if "?" not in a.normal[slice(*a.oracion(i))]]
        if not candidatos or a.grupo(f"{nombre}:respuesta"):
            return []
        ocupadas = {a.oracion(i) for i, _ in candidatos}
        resto = sum(len(a.normal[ini:fin].split())
                    for ini, fin in a.oraciones if (ini, fin) not in ocupadas)
        return candidatos if resto < definicion.palabras_respuesta_completa else []

    # --- conversaciones -------------------------------------------------------

    def calificar(self, transcripcion: Transcripcion) -> dict[str, Any]:
        contexto = self.contexto(transcripcion.puntos_clave, transcripcion.nombre_cliente)
        resultados: list[ResultadoTurno] = []
        for turno in transcripcion.turnos:
            if turno.rol == "cliente":
                resultados.append(self.turno_cliente(turno.texto, contexto))
            else:
                resultados.append(
                    self.turno_agente(turno.texto, contexto, transcripcion.nombre_cliente))
        return self.resultado(transcripcion.id, resultados, transcripcion.cierre_justificado)

    def resultado(self, ident: str, resultados: list[ResultadoTurno],
                  justificado: bool = False) -> dict[str, Any]:
        pares = [(r.rol, r.senales) for r in resultados]
        veredicto = veredicto_cierre(pares, justificado, self.rubrica.advertencias_requeridas)
        calculada = nota(self.rubrica, pares, veredicto)
        return {
            "id": ident,
            "puntaje": calculada.puntaje,
            "criterios": calculada.criterios,
            "aprobado": calculada.aprobado,
            "criticos_fallidos": calculada.criticos_fallidos,
            "rubrica": {"id": self.rubrica.id, "version": self.version},
            "cierre": veredicto,
            "turnos": [r.como_dict() for r in resultados],
        }


def _huella_codigo() -> str:
    """Huella del código que compila la rúbrica (y de las bibliotecas que usa)."""
    from importlib.metadata import PackageNotFoundError, version

    huella = hashlib.sha256()
    carpeta = Path(__file__).parent
    for modulo in [*sorted(carpeta.glob("*.py")), carpeta.parent / "texto.py"]:
        huella.update(modulo.read_bytes())
    huella.update(sys.version.encode())
    for paquete in ("pyahocorasick", "PyStemmer", "pydantic"):
        try:
            huella.update(version(paquete).encode())
        except PackageNotFoundError:
            huella.update(paquete.encode())
    return huella.hexdigest()[:12]


def _leer_compilado(archivo: Path) -> Calificador | None:
    try:
        with archivo.open("rb") as flujo:
            guardado = pickle.load(flujo)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return None
    return guardado if isinstance(guardado, Calificador) else None


def _guardar_compilado(archivo: Path, calificador: Calificador) -> None:
    """Guarda la compilación sin romper nada si no se puede (disco lleno, sin permisos)."""
    try:
        archivo.parent.mkdir(parents=True, exist_ok=True)
        temporal = archivo.with_suffix(f".{os.getpid()}.tmp")
        with temporal.open("wb") as flujo:
            pickle.dump(calificador, flujo, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporal, archivo)
        for viejo in archivo.parent.glob("rubrica-*.pickle"):
            if viejo != archivo and viejo.name.startswith(f"rubrica-{calificador.version}"):
                viejo.unlink(missing_ok=True)
    except OSError:
        return


def version_de(contenido: bytes) -> str:
    """Huella de la rúbrica: notas de rúbricas distintas no se comparan por error."""
    return hashlib.sha256(contenido).hexdigest()[:8]


def _nombre(a: Analisis, nombre: str | None) -> list[tuple[int, int]]:
    if not nombre:
        return []
    pila = normalizar(nombre).split()
    if not pila:
        return []
    buscado = pila[0]
    return [(i, f) for palabra, i, f in a.palabras() if palabra == buscado]
