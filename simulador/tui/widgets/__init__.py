"""Piezas de pantalla: guardan lo que muestran en reactivos y avisan hacia arriba."""
