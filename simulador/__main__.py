from simulador.cli import main

raise SystemExit(main())
