"""Simulador de conversaciones para formar agentes de atención al cliente."""

__version__ = "0.1.0"
