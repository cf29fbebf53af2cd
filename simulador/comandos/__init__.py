"""Un módulo por subcomando: cada uno registra sus opciones y se ejecuta."""
