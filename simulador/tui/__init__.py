"""La interfaz de texto (Textual): lo que ve un agente nuevo al abrir `simulador`.

Es el único paquete que importa Textual. Solo llama al núcleo (catálogo,
motor, rúbricas): no calcula notas ni decide nada del escenario. Para que
la primera pantalla salga rápido, las pantallas que necesitan el motor se
importan cuando hacen falta, no al arrancar.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def ejecutar(escenarios_extra: Sequence[Path] = ()) -> int:
    """Abre la interfaz con los escenarios incluidos y los de `escenarios_extra`."""
    from simulador.salida import SIN_GUARDAR, error
    from simulador.tui.app import SimuladorApp
    from simulador.tui.config import Config

    app = SimuladorApp(Config.por_defecto(escenarios_extra))
    try:
        app.run()
    finally:
        perdidas = app.cerrar_guardados()
    for motivo in perdidas:
        error(f"Error: una sesión jugada no se ha podido guardar entera en el historial "
              f"({motivo}); lo que ya estaba guardado sigue intacto.")
    return app.return_code or (SIN_GUARDAR if perdidas else 0)
