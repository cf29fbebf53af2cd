"""Modelos pydantic de cada formato de archivo que escribe un formador."""
