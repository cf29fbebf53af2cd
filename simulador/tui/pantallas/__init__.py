"""Una pantalla por archivo: componen piezas y coordinan; la lógica está en el núcleo."""
