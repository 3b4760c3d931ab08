"""``python -m textreuse`` runs the command line."""

from .cli import main

raise SystemExit(main())
