"""Validar un lote de archivos de formador (`simulador validar`): esquema, grafo e ids repetidos."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from simulador.carga import Cargado, Documento, leer_yaml, rescatar, validar_documento
from simulador.formatos.escenario import Escenario
from simulador.formatos.lexico import Lexico
from simulador.formatos.rubrica import Rubrica
from simulador.incidencias import ErrorDeArchivo, Incidencia, Nivel, nombre_visible
from simulador.rubricas import senales_de_rubricas_incluidas
from simulador.validacion import (
    abuso_no_reconocido,
    comprobar_escenario,
    ids_repetidos,
    reacciones_sin_senal,
)


@dataclass
class ArchivoValidado:
    archivo: str
    tipo: str
    incidencias: list[Incidencia] = field(default_factory=list)
    resumen: str = ""

    @property
    def valido(self) -> bool:
        return not any(i.nivel == "error" for i in self.incidencias)

    def como_dict(self) -> dict[str, object]:
        return {
            "archivo": self.archivo,
            "tipo": self.tipo,
            "valido": self.valido,
            "incidencias": [i.como_dict() for i in self.incidencias],
        }


@dataclass
class InformeValidacion:
    archivos: list[ArchivoValidado] = field(default_factory=list)
    incidencias_sueltas: list[Incidencia] = field(default_factory=list)

    def cuenta(self, nivel: Nivel) -> int:
        todas = [*self.incidencias_sueltas, *(i for a in self.archivos for i in a.incidencias)]
        return sum(1 for i in todas if i.nivel == nivel)


def _es_lexico(ruta: Path, datos: dict[str, object]) -> bool:
    """Un léxico se llama «….lexico.yaml» o empieza por sus «negaciones»."""
    return ruta.name.endswith(".lexico.yaml") or ("negaciones" in datos
                                                   and "nodos" not in datos
                                                   and "criterios" not in datos)


def _es_rubrica(datos: dict[str, object]) -> bool:
    """Una rúbrica se reconoce por sus «criterios» (un escenario tiene «nodos»)."""
    return "criterios" in datos and "nodos" not in datos


def _con_el_grafo(documento: Documento, del_esquema: list[Incidencia],
                  senales_extra: set[str]) -> list[Incidencia]:
    """Los errores del esquema junto con los del grafo y las señales que no dependen de
    ellos, en el orden del archivo: una sola pasada de `validar` los enseña todos."""
    try:
        rescatado = Cargado(rescatar(Escenario, documento.datos), documento)
        del_grafo = comprobar_escenario(rescatado, senales_extra,
                                        errores_de_esquema=[i.clave for i in del_esquema])
    except RecursionError:
        return del_esquema
    vistas = {(i.clave, i.mensaje) for i in del_esquema}
    todas = [*del_esquema, *(i for i in del_grafo if (i.clave, i.mensaje) not in vistas)]
    return sorted(todas, key=lambda i: (i.linea or 0, i.columna or 0))


def validar_archivos(archivos: list[Path], coherencia: bool = True) -> InformeValidacion:
    """Valida cada archivo; `coherencia` compara las líneas marcadas como abuso
    con lo que detecta el calificador estándar (compilarlo cuesta medio segundo)."""
    informe = InformeValidacion()
    escenarios: list[tuple[ArchivoValidado, Cargado[Escenario]]] = []
    # Escenarios que no cumplen el esquema: se valida también lo que sí se puede.
    rescates: list[tuple[ArchivoValidado, Documento, list[Incidencia]]] = []
    senales_extra = senales_de_rubricas_incluidas()
    for ruta in archivos:
        validado = ArchivoValidado(archivo=nombre_visible(ruta), tipo="escenario")
        informe.archivos.append(validado)
        try:
            documento = leer_yaml(ruta)
            if _es_lexico(ruta, documento.datos):
                validado.tipo = "lexico"
                lexico = validar_documento(documento, Lexico).modelo
                validado.resumen = (f"léxico: {len(lexico.negaciones)} negaciones, "
                                    f"{len(lexico.abreviaturas)} abreviaturas")
                continue
            if _es_rubrica(documento.datos):
                validado.tipo = "rubrica"
                rubrica = validar_documento(documento, Rubrica).modelo
                senales_extra.update(rubrica.senales_extra)
                validado.resumen = (f"rúbrica «{rubrica.id}», {len(rubrica.criterios)} "
                                    "criterios")
                continue
            try:
                cargado = validar_documento(documento, Escenario)
            except ErrorDeArchivo as exc:
                rescates.append((validado, documento, exc.incidencias))
                continue
        except ErrorDeArchivo as exc:
            validado.incidencias.extend(exc.incidencias)
            continue
        esc = cargado.modelo
        validado.resumen = (f"escenario «{esc.id}», {len(esc.nodos)} nodos, "
                            f"{len(esc.finales)} finales")
        escenarios.append((validado, cargado))
    for validado, documento, del_esquema in rescates:
        validado.incidencias.extend(_con_el_grafo(documento, del_esquema, senales_extra))
    for validado, cargado in escenarios:
        validado.incidencias.extend(comprobar_escenario(cargado, senales_extra))
        if coherencia and not any(i.nivel == "error" for i in validado.incidencias):
            validado.incidencias.extend(abuso_no_reconocido(cargado))
            validado.incidencias.extend(reacciones_sin_senal(cargado))
    repetidos = ids_repetidos(c for _, c in escenarios)
    for validado, cargado in escenarios:
        validado.incidencias.extend(
            i for i in repetidos if i.archivo == cargado.documento.nombre
        )
    return informe
