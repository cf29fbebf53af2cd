"""De una respuesta a sus señales, cada una con las palabras que la dispararon."""

from __future__ import annotations

import re
from typing import NamedTuple

from simulador.calificador.analisis import Analisis
from simulador.calificador.frases import Buscador, Coincidencia, orden, vocabulario
from simulador.calificador.lenguaje import Lenguaje
from simulador.formatos.rubrica import DefinicionSenal, Rubrica

_MAYUSCULAS = re.compile(r"(?:\b[A-ZÁÉÍÓÚÑÜ]{2,}\b[\s,.;:¡!¿?]*){3,}")
_EXCLAMACIONES = re.compile(r"[!¡]{2,}")
_PALABRAS_ORIGINAL = re.compile(r"[^\W\d_]+")
_EN_CORREO = re.compile(r"[\w.-]*@")  # lo que sigue es la arroba de un correo


class Evidencia(NamedTuple):
    """Las palabras exactas del texto original que dispararon una señal."""

    senal: str
    texto: str
    inicio: int
    fin: int

    def como_dict(self) -> dict[str, object]:
        return {"senal": self.senal, "texto": self.texto, "inicio": self.inicio, "fin": self.fin}


def frases_de_rubrica(rubrica: Rubrica, rol: str = "agente") -> list[tuple[str, str, bool]]:
    """Las frases de las señales de un rol, etiquetadas con su grupo, para un autómata."""
    frases: list[tuple[str, str, bool]] = []
    for nombre, d in rubrica.senales.items():
        if d.rol != rol:
            continue
        for grupo, lista in ((nombre, d.frases), (f"{nombre}:anulan", d.anulan),
                             (f"{nombre}:respuesta", d.anulan_en_respuesta),
                             (f"{nombre}:breve", d.en_lugar_de_respuesta)):
            frases.extend((grupo, f, d.erratas) for f in lista)
        for i, c in enumerate(d.combinaciones):
            frases.extend((f"{nombre}:c{i}", f, d.erratas) for f in c.frases)
            frases.extend((f"{nombre}:c{i}:con", f, d.erratas) for f in c.con)
    if rol == "agente":
        frases.extend(("escucha:pregunta", f, True) for f in rubrica.escucha.preguntas)
        for nombre, d in rubrica.senales.items():
            if d.rol == "agente":
                frases.extend((f"{nombre}:aunque", f, d.erratas) for f in d.aunque_lo_pida)
    else:
        # Lo que el cliente pide y, si el agente lo hace, no da la señal (ver
        # `DefinicionSenal.si_el_cliente_lo_pide`): se busca en las líneas del cliente.
        for nombre, d in rubrica.senales.items():
            if d.rol == "agente":
                frases.extend((f"{nombre}:pedida", f, d.erratas)
                              for f in d.si_el_cliente_lo_pide)
    return frases


class Regla(NamedTuple):
    """Una señal de la rúbrica con los nombres de sus grupos ya compuestos."""

    nombre: str
    definicion: DefinicionSenal
    grupos: frozenset[str]  # todos los grupos del autómata que le pertenecen
    respuesta: str  # «excusa:respuesta»: si aparece, la señal no cuenta
    anulan: str
    breve: str  # «excusa:breve»: remisiones que sustituyen a la respuesta
    combinaciones: tuple[tuple[str, str, bool], ...]  # (frases, con, solo en la oración)
    con_breves: bool  # mira remisiones y enlaces que sustituyen a la respuesta
    es_nombre: bool  # tipo «nombre_cliente»: no son frases, es el nombre del cliente


class DetectorFrases:
    """Las reglas comunes a todas las señales de frases de una rúbrica."""

    def __init__(self, rubrica: Rubrica, lenguaje: Lenguaje,
                 buscadores: tuple[Buscador, Buscador] | None = None) -> None:
        """`buscadores`: los del agente y el cliente ya compilados (de la copia guardada)."""
        self.rubrica = rubrica
        self.lenguaje = lenguaje
        despliegue = lenguaje.despliegue
        # Un autómata por rol: en un turno del cliente solo se buscan sus señales.
        frases = frases_de_rubrica(rubrica, "agente")
        del_cliente = frases_de_rubrica(rubrica, "cliente")
        self.grupos = frozenset(grupo for grupo, _, _ in frases + del_cliente)
        if buscadores is not None:
            self.buscador, self.buscador_cliente = buscadores
            return
        # Las palabras que la rúbrica conoce (de cualquier rol y de la escucha) no son
        # erratas de otras: «perito» no debe leerse «pirata» en un turno del cliente.
        conocidas = {p for _, f, _ in frases + del_cliente for p in vocabulario(f, despliegue)}
        conocidas |= {p for grupo in rubrica.escucha.conceptos for f in grupo
                      for p in vocabulario(f, despliegue)}
        conocidas = {p.rstrip("*") for p in conocidas}
        self.buscador = Buscador(frases, conocidas, despliegue)
        self.buscador_cliente = Buscador(del_cliente, conocidas, despliegue)

    def regla(self, nombre: str) -> Regla:
        d = self.rubrica.senales[nombre]
        return Regla(
            nombre, d,
            frozenset(g for g in self.grupos if g == nombre or g.startswith(f"{nombre}:")),
            f"{nombre}:respuesta", f"{nombre}:anulan", f"{nombre}:breve",
            tuple((f"{nombre}:c{i}", f"{nombre}:c{i}:con", c.ambito == "oracion")
                  for i, c in enumerate(d.combinaciones)),
            bool(d.en_lugar_de_respuesta or d.enlaces), d.tipo == "nombre_cliente")

    def analizar(self, texto: str, rol: str = "agente") -> Analisis:
        return Analisis.de(texto, self.buscador if rol == "agente" else self.buscador_cliente,
                           self.lenguaje)

    def validas(self, a: Analisis, regla: Regla) -> list[Coincidencia]:
        """Las coincidencias de la señal que sobreviven a anulaciones y negaciones."""
        grupos = a.coincidencias
        if regla.respuesta in grupos:
            return []
        anulan = grupos.get(regla.anulan)
        negacion = regla.definicion.negacion
        propias = grupos.get(regla.nombre)
        candidatas = list(propias) if propias else []
        for primer_grupo, segundo_grupo, por_oracion in regla.combinaciones:
            primeras = grupos.get(primer_grupo)
            segundas = grupos.get(segundo_grupo)
            if not primeras or not segundas:
                continue
            for c in primeras:
                if not _vale(a, anulan, negacion, c):
                    continue
                inicio, fin = a.ambito(c.inicio) if por_oracion else (0, len(a.normal))
                pareja = next((s for s in segundas if s.inicio < fin and s.fin > inicio
                               and not _solapan(s, c) and _vale(a, anulan, negacion, s)),
                              None)
                if pareja is not None:
                    candidatas.extend((c, pareja))
        if not candidatas:
            return []
        if len(candidatas) == 1:
            return candidatas if _vale(a, anulan, negacion, candidatas[0]) else []
        candidatas.sort(key=orden)
        # Sin solapes: de dos frases que se pisan cuenta la primera que vale. Mirar antes
        # el solape que la validez da lo mismo y ahorra comprobar las que sobran.
        resultado: list[Coincidencia] = []
        for c in candidatas:
            if resultado and c.inicio < resultado[-1].fin:
                continue
            if _vale(a, anulan, negacion, c):
                resultado.append(c)
        return resultado


def _vale(a: Analisis, anulan: list[Coincidencia] | None, negacion: bool,
          c: Coincidencia) -> bool:
    """¿Cuenta esta coincidencia? No si la anula algo en su ámbito, si está negada o citada."""
    if anulan:
        inicio, fin = a.ambito(c.inicio)
        if a.pisa(anulan, inicio, fin):
            return False
    if negacion and not a.sin_negaciones and a.negado(c):
        return False
    return a.sin_citas or not a.citado(c)


def _solapan(a: Coincidencia, b: Coincidencia) -> bool:
    return a.inicio < b.fin and b.inicio < a.fin


def evidencia(a: Analisis, senal: str, inicio: int, fin: int) -> Evidencia:
    o_inicio, o_fin = a.texto.a_original(inicio, fin)
    return Evidencia(senal, a.texto.original[o_inicio:o_fin], o_inicio, o_fin)


def evidencias_directas(senal: str, original: str,
                        tramos: list[tuple[int, int]]) -> list[Evidencia]:
    """Evidencias de tramos que ya están en posiciones del original (lo más común)."""
    nueva = tuple.__new__  # sin pasar por el constructor en Python de la tupla con nombre
    return [nueva(Evidencia, (senal, original[i:f], i, f)) for i, f in tramos]


_DOS_MAYUSCULAS = re.compile(r"[A-ZÁÉÍÓÚÑÜ][A-ZÁÉÍÓÚÑÜ]")


def gritos(original: str) -> list[tuple[int, int]]:
    """Tramos en mayúsculas sostenidas o con «!!»: gritarle al cliente."""
    tramos: list[tuple[int, int]] = []
    if (_DOS_MAYUSCULAS.search(original) is None and "!!" not in original
            and "¡¡" not in original and "!¡" not in original and "¡!" not in original):
        return tramos
    for m in _MAYUSCULAS.finditer(original):
        letras = _PALABRAS_ORIGINAL.findall(m.group(0))
        if sum(len(p) for p in letras) >= 10:
            tramos.append((m.start(), m.end()))
    letras = _PALABRAS_ORIGINAL.findall(original)
    total = sum(len(p) for p in letras)
    if not tramos and total >= 12:
        mayusculas = sum(len(p) for p in letras if p.isupper() and len(p) > 1)
        if mayusculas / total > 0.7:
            tramos.append((0, len(original)))
    tramos.extend((m.start(), m.end()) for m in _EXCLAMACIONES.finditer(original))
    return tramos


def enlaces(texto: str, lenguaje: Lenguaje) -> list[tuple[int, int]]:
    """Direcciones web del texto (una búsqueda barata decide si merece la pena buscarlas)."""
    if lenguaje.pista_enlace.search(texto) is None:
        return []
    # Una dirección de correo («soporte@empresa.mx») es un contacto, no un enlace.
    return [(m.start(), m.end()) for m in lenguaje.enlace.finditer(texto)
            if "@" not in texto[max(m.start() - 1, 0):m.end()]
            and not _EN_CORREO.match(texto, m.end())]
