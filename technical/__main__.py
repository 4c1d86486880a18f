"""``python -m technical`` entry point."""

from technical.cli import main

raise SystemExit(main())
