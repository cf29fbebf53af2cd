"""Entrenar la capa aprendida con conversaciones etiquetadas y medirla con autores apartados.

Es lo único del paquete que usa scikit-learn: lo importan `simulador entrenar`
y `simulador evaluar --validacion-cruzada`, nunca la interfaz ni `calificar`.
Cada archivo de entrada cuenta como un autor. Los umbrales de cada señal se
eligen con predicciones de autores que el modelo no vio (validación cruzada
por grupos), y una señal que el modelo no mejora respecto a las frases se
deja solo a las frases.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, diags, hstack
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from simulador.calificador import Calificador
from simulador.calificador.aprendido import FORMATO, ModeloAprendido
from simulador.calificador.evaluacion import Evaluacion, evaluar
from simulador.calificador.rasgos import (
    NOMBRES_DENSOS,
    MemoriaCliente,
    bigramas,
    densos,
    trozos,
)
from simulador.carga.transcripciones import Autor
from simulador.formatos.senales import SENALES_AGENTE

REGULARIZACION = 4.0  # C de la regresión logística: elegido con autores apartados
MINIMO_PALABRAS = 2   # en cuántas respuestas debe aparecer una palabra o un par
MINIMO_TROZOS = 3     # y un trozo de letras, para entrar en el vocabulario
PLIEGUES = 3          # grupos de autores para elegir los umbrales
MEJORA_MINIMA = 0.0    # F1 que debe ganar el modelo para ocuparse de una señal
NUNCA = 2.0           # umbral de una señal que el modelo deja a las frases
VENTAJA_DECIDIR = 0.005  # F1 que debe ganar el modelo solo para tener la última palabra
_REJILLA = [round(0.1 + 0.025 * i, 3) for i in range(35)]  # 0,10 … 0,95
# Solo se aprende lo que dice el agente. Un modelo del abuso del cliente, con veinte
# autores, acierta más con autores apartados (F1 0,95 frente a 0,92 de las frases)
# pero ve insultos en peticiones firmes («páseme con alguien que pueda autorizarlo»),
# y las líneas de los escenarios que las piden dejarían de coincidir con su marca.
# `abuso` se queda con las frases.
ROLES = {"agente": SENALES_AGENTE}

# Se llama con el autor que se aparta en cada pliegue (la CLI lo enseña como progreso).
AvisoDeAvance = Callable[[str], None]


@dataclass(slots=True)
class Ejemplo:
    """Un turno etiquetado, ya convertido en lo que lee el modelo."""

    autor: str
    rol: str
    palabras: list[str]
    negadas: list[str]  # «¬devolver»: lo que va bajo una negación, según el léxico
    densos: tuple[float, ...]
    etiquetas: dict[str, bool]
    reglas: dict[str, bool]


def ejemplos(calificador: Calificador, autores: Sequence[Autor]) -> list[Ejemplo]:
    """Los turnos etiquetados de todos los autores, con lo que dicen las frases."""
    salida: list[Ejemplo] = []
    lenguaje = calificador.lenguaje
    for autor in autores:
        for conversacion in autor.conversaciones:
            if conversacion.etiquetas is None:
                continue
            reglas = calificador.calificar(conversacion)["turnos"]
            memoria = MemoriaCliente()
            for turno, etiqueta, obtenido in zip(conversacion.turnos,
                                                 conversacion.etiquetas.turnos, reglas,
                                                 strict=False):
                palabras = calificador.palabras(turno.texto, turno.rol)
                agente = turno.rol == "agente"
                salida.append(Ejemplo(autor.nombre, turno.rol, palabras,
                                      lenguaje.negadas(palabras),
                                      densos(turno.texto, palabras, memoria if agente else None,
                                             lenguaje),
                                      etiqueta, obtenido["senales"]))
                if not agente:
                    memoria.anadir(palabras, turno.texto)
    return salida


class _Rasgos:
    """Todos los términos de los ejemplos de un rol, contados una sola vez.

    Cada fila guarda sus palabras y pares de palabras (cuenta / raíz del número
    de términos) y sus trozos de letras (cuenta / raíz del número de trozos):
    lo mismo que suma `aprendido.ModeloRol`. Detrás van los rasgos densos y lo
    que dijeron las frases de la rúbrica (una columna por señal del rol): el
    modelo aprende cuándo fiarse de ellas. Cada entrenamiento (cada autor
    apartado) elige de aquí su vocabulario y su idf sin volver a trocear nada.
    """

    def __init__(self, filas: Sequence[Ejemplo], senales: Sequence[str]) -> None:
        self.filas = list(filas)
        self.senales = list(senales)
        indice: dict[str, int] = {}
        datos: list[float] = []
        columnas: list[int] = []
        punteros = [0]
        for ejemplo in self.filas:
            pares = bigramas(ejemplo.palabras)
            partes = [t for p in ejemplo.palabras for t in trozos(p)]
            palabras = [*ejemplo.palabras, *pares, *ejemplo.negadas]
            for terminos, prefijo in ((Counter(palabras), ""),
                                      (Counter(partes), "\x00")):
                norma = 1 / math.sqrt(max(1, sum(terminos.values())))
                for termino, n in terminos.items():
                    columnas.append(indice.setdefault(prefijo + termino, len(indice)))
                    datos.append(n * norma)
            punteros.append(len(datos))
        self.terminos = list(indice)
        self.es_trozo = np.array([t.startswith("\x00") for t in self.terminos])
        self.cuentas = csr_matrix((datos, columnas, punteros),
                                  shape=(len(self.filas), len(self.terminos)))
        self.densos = np.array([f.densos for f in self.filas]).reshape(len(self.filas), -1)
        self.reglas = np.array([[bool(f.reglas.get(s)) for s in self.senales]
                                for f in self.filas], dtype=float).reshape(len(self.filas), -1)

    def vocabulario(self, filas: np.ndarray) -> _Vocabulario:
        return _Vocabulario(self, filas)


class _Vocabulario:
    """Los términos que entran al entrenar con unas filas, con su idf."""

    def __init__(self, rasgos: _Rasgos, filas: np.ndarray) -> None:
        self.rasgos = rasgos
        df = np.asarray((rasgos.cuentas[filas] > 0).sum(axis=0)).ravel()
        minimo = np.where(rasgos.es_trozo, MINIMO_TROZOS, MINIMO_PALABRAS)
        self.columnas_usadas = np.flatnonzero(df >= minimo)
        self.idf = np.log((1 + len(filas)) / (1 + df[self.columnas_usadas])) + 1
        self.columnas = len(self.columnas_usadas) + len(NOMBRES_DENSOS) + len(rasgos.senales)

    def matriz(self, filas: np.ndarray) -> csr_matrix:
        terminos = self.rasgos.cuentas[filas][:, self.columnas_usadas] @ diags(self.idf)
        return hstack([terminos, csr_matrix(self.rasgos.densos[filas]),
                       csr_matrix(self.rasgos.reglas[filas])], format="csr")

    def nombres(self) -> list[str]:
        return [self.rasgos.terminos[i] for i in self.columnas_usadas]


def _ajustar(x: csr_matrix, y: np.ndarray, c: float) -> LogisticRegression | None:
    if y.all() or not y.any():
        return None
    # Forma dual: con muchos más términos que ejemplos da lo mismo, tres veces más deprisa.
    # Semilla fija: liblinear baraja los ejemplos, y el mismo conjunto debe dar el mismo modelo.
    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", dual=True,
                              max_iter=2000, random_state=0).fit(x, y)


def _f1(esperado: np.ndarray, obtenido: np.ndarray) -> float:
    vp = int((esperado & obtenido).sum())
    fp = int((~esperado & obtenido).sum())
    fn = int((esperado & ~obtenido).sum())
    return 2 * vp / (2 * vp + fp + fn) if vp else 0.0


def _umbral(esperado: np.ndarray, reglas: np.ndarray, probabilidad: np.ndarray,
            decidir: bool = True) -> tuple[str, float]:
    """Cómo se combina el modelo con las frases y con qué umbral.

    «anade»: la señal se da si la dan las frases o el modelo (las frases de un
    formador siempre disparan). «decide»: el modelo, que ya lee lo que dijeron
    las frases, tiene la última palabra; solo si gana claramente. Si el modelo
    no mejora a las frases, la señal se queda con ellas (umbral NUNCA).
    """
    mejor, umbral = _f1(esperado, reglas) + MEJORA_MINIMA, NUNCA
    for candidato in _REJILLA:
        f1 = _f1(esperado, reglas | (probabilidad >= candidato))
        if f1 > mejor or (f1 == mejor and umbral != NUNCA):
            mejor, umbral = f1, candidato
    modo = "anade"
    for candidato in _REJILLA if decidir else ():
        f1 = _f1(esperado, probabilidad >= candidato)
        if f1 > mejor + VENTAJA_DECIDIR:
            mejor, umbral, modo = f1, candidato, "decide"
    return modo, umbral


def _rol(rasgos: _Rasgos, filas: np.ndarray, c: float,
         puede_quitar: Collection[str] = ()) -> dict[str, Any]:
    """Los pesos y umbrales de un rol, en el formato que lee `aprendido.ModeloRol`."""
    vocabulario = rasgos.vocabulario(filas)
    x = vocabulario.matriz(filas)
    ejemplos_rol = [rasgos.filas[i] for i in filas]
    presentes = [s for s in rasgos.senales if any(s in f.etiquetas for f in ejemplos_rol)]
    etiquetas = {s: np.array([bool(f.etiquetas.get(s)) for f in ejemplos_rol])
                 for s in presentes}
    # Un turno sin la etiqueta de una señal no dice «no»: no entra al aprender esa señal.
    marcadas = {s: np.array([s in f.etiquetas for f in ejemplos_rol]) for s in presentes}
    reglas = {s: np.array([bool(f.reglas.get(s)) for f in ejemplos_rol]) for s in presentes}
    autores = np.array([f.autor for f in ejemplos_rol])
    distintos = len(set(autores))
    # Las predicciones para elegir umbrales salen de autores que el modelo no vio.
    fuera = {s: np.zeros(len(filas)) for s in presentes}
    if distintos >= 2:
        pliegues = GroupKFold(n_splits=min(PLIEGUES, distintos)).split(x, groups=autores)
    else:
        orden = np.arange(len(filas))
        pliegues = ((orden[orden % PLIEGUES != k], orden[orden % PLIEGUES == k])
                    for k in range(PLIEGUES))
    for entrena, prueba in pliegues:
        parcial = rasgos.vocabulario(filas[entrena])
        x_entrena = parcial.matriz(filas[entrena])
        x_prueba = parcial.matriz(filas[prueba])
        for s in presentes:
            usadas = marcadas[s][entrena]
            modelo = _ajustar(x_entrena[usadas], etiquetas[s][entrena][usadas], c)
            if modelo is not None:
                fuera[s][prueba] = modelo.predict_proba(x_prueba)[:, 1]
    pesos = np.zeros((len(presentes), vocabulario.columnas))
    sesgo = np.zeros(len(presentes))
    modos, umbrales = [], []
    for k, s in enumerate(presentes):
        usadas = marcadas[s]
        modelo = _ajustar(x[usadas], etiquetas[s][usadas], c)
        if modelo is None:
            modos.append("anade")
            umbrales.append(NUNCA)
            continue
        pesos[k] = modelo.coef_[0]
        sesgo[k] = modelo.intercept_[0]
        modo, umbral = _umbral(etiquetas[s][usadas], reglas[s][usadas], fuera[s][usadas],
                               s in puede_quitar)
        modos.append(modo)
        umbrales.append(umbral)
    return _exportar(vocabulario, presentes, pesos, sesgo, modos, umbrales)


def _exportar(vocabulario: _Vocabulario, senales: list[str], pesos: np.ndarray,
              sesgo: np.ndarray, modos: list[str], umbrales: list[float]) -> dict[str, Any]:
    nombres = vocabulario.nombres()
    escalados = pesos[:, : len(nombres)] * vocabulario.idf
    densos_desde = len(nombres)
    palabras: dict[str, list[float]] = {}
    pares: dict[str, list[float]] = {}
    partes: dict[str, list[float]] = {}
    for i, nombre in enumerate(nombres):
        columna = escalados[:, i]
        if np.abs(columna).max() < 1e-4:
            continue
        valores = [round(float(v), 4) for v in columna]
        if nombre.startswith("\x00"):
            partes[nombre[1:]] = valores
        elif " " in nombre:
            pares[nombre] = valores
        else:
            palabras[nombre] = valores
    reglas_desde = densos_desde + len(NOMBRES_DENSOS)
    return {
        "senales": senales,
        "sesgo": [round(float(v), 4) for v in sesgo],
        "modos": modos,
        "umbrales": umbrales,
        "palabras": palabras,
        "bigramas": pares,
        "trozos": partes,
        "densos": [[round(float(v), 4) for v in pesos[:, densos_desde + j]]
                   for j in range(len(NOMBRES_DENSOS))],
        "reglas": [[round(float(v), 4) for v in pesos[:, reglas_desde + j]]
                   for j in range(len(vocabulario.rasgos.senales))],
    }


def entrenar(filas: Sequence[Ejemplo], c: float = REGULARIZACION,
             puede_quitar: Collection[str] = ()) -> dict[str, Any]:
    """El modelo completo (los datos que se guardan junto a la rúbrica).

    El modelo solo añade señales a lo que dan las frases, salvo en las de
    `puede_quitar`: en esas decide él (si así acierta más con autores apartados).
    """
    rasgos = _rasgos_por_rol(filas)
    return _entrenar(rasgos, _todas(rasgos), c, puede_quitar)


def _todas(rasgos: dict[str, _Rasgos]) -> dict[str, np.ndarray]:
    return {rol: np.arange(len(r.filas)) for rol, r in rasgos.items()}


def _rasgos_por_rol(filas: Sequence[Ejemplo]) -> dict[str, _Rasgos]:
    return {rol: _Rasgos([f for f in filas if f.rol == rol], senales)
            for rol, senales in ROLES.items() if any(f.rol == rol for f in filas)}


def _entrenar(rasgos: dict[str, _Rasgos], filas: dict[str, np.ndarray], c: float,
              puede_quitar: Collection[str]) -> dict[str, Any]:
    roles = {rol: _rol(r, filas[rol], c, puede_quitar) for rol, r in rasgos.items()
             if len(filas[rol])}
    usados = [r.filas[i] for rol, r in rasgos.items() for i in filas[rol]]
    return {
        "formato": FORMATO,
        "roles": roles,
        "datos": {"autores": sorted({f.autor for f in usados}),
                  "respuestas": sum(f.rol == "agente" for f in usados),
                  "puede_quitar": sorted(puede_quitar)},
    }


# Lo que heredan los procesos de la validación cruzada (rasgos, C, puede_quitar).
_COMPARTIDO: tuple[dict[str, _Rasgos], float, Collection[str]] | None = None


def _sin_autores(nombres: Collection[str]) -> dict[str, Any]:
    """El modelo entrenado con todos los autores menos los de `nombres`."""
    assert _COMPARTIDO is not None
    rasgos, c, puede_quitar = _COMPARTIDO
    otros = {rol: np.array([i for i, f in enumerate(r.filas) if f.autor not in nombres],
                           dtype=int)
             for rol, r in rasgos.items()}
    return _entrenar(rasgos, otros, c, puede_quitar)


@dataclass
class Validacion:
    """Lo medido con cada autor apartado, y lo medido sobre los mismos datos de entrenamiento."""

    apartados: Evaluacion
    por_autor: dict[str, Evaluacion]
    # None si no se pidió: entrenar con todos y medir sobre lo mismo solo sirve de
    # referencia (lo imprime `evaluar`), y cuesta un entrenamiento más.
    en_muestra: Evaluacion | None
    solo_frases: Evaluacion


def validacion_cruzada(calificador: Calificador, autores: Sequence[Autor],
                       c: float = REGULARIZACION, progreso: AvisoDeAvance | None = None,
                       puede_quitar: Collection[str] = (),
                       pliegues: int | None = None, en_muestra: bool = True) -> Validacion:
    """Entrena con todos los autores menos uno y mide con ese, para cada autor.

    Con `pliegues`, los autores se reparten en ese número de grupos y se aparta un
    grupo entero cada vez: menos entrenamientos (las pruebas lo usan para caber en
    el tiempo de la integración continua), cada uno con algo menos de datos.
    """
    global _COMPARTIDO
    filas = ejemplos(calificador, autores)
    rasgos = _rasgos_por_rol(filas)
    por_autor: dict[str, Evaluacion] = {}
    _COMPARTIDO = (rasgos, c, puede_quitar)
    todos = [autor.nombre for autor in autores]
    cuantos = len(todos) if pliegues is None else max(1, min(pliegues, len(todos)))
    grupos = [frozenset(todos[k::cuantos]) for k in range(cuantos)]
    try:
        with ExitStack() as pila:
            # Cada autor apartado es un entrenamiento independiente: se reparten entre los
            # núcleos (los procesos hijos heredan los rasgos ya troceados, sin copiarlos).
            nucleos = min(len(os.sched_getaffinity(0)), len(grupos))
            modelos: Iterable[dict[str, Any]] = map(_sin_autores, grupos)
            if nucleos > 1:
                reparto = pila.enter_context(ProcessPoolExecutor(
                    nucleos, mp_context=multiprocessing.get_context("fork")))
                modelos = reparto.map(_sin_autores, grupos)
            for grupo, datos in zip(grupos, modelos, strict=True):
                apartado = calificador.con_modelo(ModeloAprendido(datos))
                for autor in autores:
                    if autor.nombre in grupo:
                        if progreso:
                            progreso(autor.nombre)
                        por_autor[autor.nombre] = evaluar(apartado, autor.conversaciones)
    finally:
        _COMPARTIDO = None
    por_autor = {nombre: por_autor[nombre] for nombre in todos}  # en el orden de los archivos
    todas = [conv for autor in autores for conv in autor.conversaciones]
    muestra = None
    if en_muestra:
        completo = calificador.con_modelo(ModeloAprendido(_entrenar(rasgos, _todas(rasgos), c,
                                                                    puede_quitar)))
        muestra = evaluar(completo, todas)
    return Validacion(Evaluacion.sumar(por_autor.values()), por_autor, muestra,
                      evaluar(calificador, todas))
