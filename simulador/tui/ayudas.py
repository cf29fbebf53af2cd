"""F1 en cada pantalla: cómo se usa, las teclas que no salen en el pie y qué significa
cada término que se ve en ella. Los principios quedan a una tecla (P) en la ayuda."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AyudaPantalla:
    titulo: str
    uso: str
    # Teclas que el pie no enseña (no caben o no son atajos): (tecla, qué hace).
    teclas: tuple[tuple[str, str], ...] = ()
    # Lo que se ve en la pantalla y no se explica solo: (término, qué significa).
    terminos: tuple[tuple[str, str], ...] = field(default=())


_MOVERSE = ("Tab / Mayús+Tab", "pasar al campo siguiente / anterior")

AYUDAS: dict[str, AyudaPantalla] = {
    "inicio": AyudaPantalla(
        "Inicio",
        "Escriba su nombre y su equipo (quedan en el historial para su responsable), elija "
        "rúbrica y modo, busque un escenario en la lista y empiece con Intro o F5.",
        (_MOVERSE,
         ("← →", "cambiar la rúbrica o el modo (con el foco en ellos)"),
         ("↑ ↓", "moverse por la lista de escenarios"),
         ("Intro", "empezar el escenario elegido")),
        (("Práctica", "tras cada respuesta, el panel del entrenador dice qué ha detectado "
          "la rúbrica y da un consejo"),
         ("Examen", "sin comentarios: la nota y las lecciones llegan al final; dejarlo a "
          "medias queda en el historial y su responsable lo verá"),
         ("Rúbrica", "los criterios con los que se puntúa cada respuesta y la sesión"),
         ("Dificultad", "fácil, media o difícil: cuánta ayuda concreta necesita el cliente "
          "y lo rápido que se enfada"),
         ("Filtro", "busca en el título, el canal, la dificultad y las etiquetas"))),
    "conversacion": AyudaPantalla(
        "Conversación",
        "Conteste al cliente en la caja de abajo. Escuche su problema, discúlpese si hay algo "
        "que disculpar y, sobre todo, ayúdele con algo concreto. Si el cliente insulta, "
        "avise con educación antes de terminar la relación.",
        (("Ctrl+J o Mayús+Intro", "salto de línea dentro de la respuesta"),
         ("/terminar TEXTO", "escrito en la caja: terminar la relación con esa despedida "
          "(Ctrl+T la pide y confirma)")),
        (("Enfado", "cómo está el cliente (de 0 a 100): sube con la hostilidad, las "
          "excusas y el relleno, baja cuando se le escucha y se le ayuda; al límite se va"),
         ("Cronómetro", "el tiempo que lleva sin contestar: si calla demasiado, el cliente "
          "insiste (y se enfada)"),
         ("Entrenador", "solo en práctica: ✓ lo que hizo bien, ✗ lo que restó, · lo que "
          "faltó, ! un aviso de cierre, y un consejo para la siguiente respuesta"),
         ("✗ sin guardar", "el historial no se puede escribir: la sesión sigue, pero no "
          "queda guardada hasta que vuelva a funcionar"))),
    "resultado": AyudaPantalla(
        "Resultado",
        "La nota total, una barra por criterio, cómo cerró la relación, cómo acabó la "
        "conversación y, debajo, las lecciones con sus propias palabras y una respuesta mejor.",
        (("↓ ↑ AvPág RePág", "mover el informe (tenga el foco quien lo tenga)"),
         ("Inicio / Fin", "ir al principio / al final del informe"),
         _MOVERSE),
        (("Crítico: suspende", "un criterio imprescindible: fallarlo suspende la sesión "
          "aunque la nota total llegue"),
         ("No aplica", "el criterio no tocaba en esta conversación y no cuenta en la nota"),
         ("Cierre de la relación", "si terminó la relación cuando tocaba (tras insultos y "
          "un aviso), con educación, y nunca con un cliente que solo estaba enfadado"),
         ("Semilla", "qué variante dice el cliente: con la misma semilla y las mismas "
          "respuestas sale la misma conversación (Repetir); Otra semilla cambia las "
          "frases del cliente"))),
    "revision": AyudaPantalla(
        "Revisión",
        "La conversación entera, turno a turno, con lo que detectó la rúbrica en cada "
        "respuesta y las palabras que lo causaron resaltadas.",
        (("↓ ↑ AvPág RePág", "moverse por la conversación"),),
        (("✓ ✗ · !", "acierto, fallo, lo que faltó y algo del cierre de la relación"),
         ("Subrayado / inverso", "las palabras que sumaron / las que restaron"))),
    "equipo": AyudaPantalla(
        "Equipo",
        "Las sesiones terminadas del historial de este equipo, por agente o por equipo, y "
        "la nota media de cada criterio con una marca por sesión.",
        (_MOVERSE,
         ("← →", "cambiar qué se muestra (con el foco en «Mostrar»)"),
         ("↑ ↓", "moverse por la tabla")),
        (("Sesiones", "sesiones terminadas con nota (los exámenes a medias o descartados "
          "se avisan aparte y no cuentan en las medias)"),
         ("Media / Mejor / Última", "la nota media, la más alta y la de la sesión más "
          "reciente"),
         ("Errores cierre", "sesiones con el cierre de la relación mal: terminada antes de "
          "tiempo (sin motivo o sin avisar), con reproches, o un límite que no llegó a "
          "tiempo ante los insultos"),
         ("Tendencia", "cuánto cambia de media la nota de una sesión a la siguiente del "
          "mismo agente en el mismo escenario: positiva, mejora; negativa, empeora"))),
    "pendientes": AyudaPantalla(
        "Sesiones a medias",
        "Sesiones que quedaron sin terminar. Puede continuar cada una donde la dejó o "
        "descartarla.",
        (("↑ ↓", "elegir una sesión"), _MOVERSE)),
}


def ayuda_de(pantalla: str | None) -> AyudaPantalla | None:
    return AYUDAS.get(pantalla or "")
