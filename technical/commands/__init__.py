"""Subcommands of ``python -m technical``.

Each module here is one subcommand and exposes:

* ``NAME: str`` – the subcommand name;
* ``HELP: str`` – one line for ``--help``;
* ``add_arguments(parser: argparse.ArgumentParser) -> None`` – its own options
  (``--seed``, ``--device`` and ``--json`` are added by :mod:`technical.cli`);
* ``run(args: argparse.Namespace) -> dict`` – does the work and returns the result object
  ``{"config": {...}, "metrics": {...}, "params": int | None}``; the CLI adds ``command``,
  ``seconds`` and ``device``. ``args.device`` is already a resolved :class:`torch.device`.

Register a new module by adding its dotted name to ``technical.cli.COMMAND_MODULES``.
Raise :class:`technical.errors.TechnicalUserError` for bad input; never print or exit.
"""

from __future__ import annotations

import argparse
from typing import Any, Protocol

__all__ = ["CommandModule", "positive_float", "positive_int"]


class CommandModule(Protocol):
    """The interface every ``technical.commands.*`` module implements."""

    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> dict[str, Any]: ...


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def positive_float(text: str) -> float:
    """argparse type: a finite float > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (value > 0.0 and value < float("inf")):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return value
