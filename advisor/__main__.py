"""``python -m advisor``: the same as the ``advisor`` console script."""

from advisor.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through subprocess tests
    main()
