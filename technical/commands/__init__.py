"""Subcommands of ``python -m technical``.

Each module here is one subcommand and exposes:

* ``NAME: str`` – the subcommand name;
* ``HELP: str`` – one line for ``--help``;
* ``add_arguments(parser: argparse.ArgumentParser) -> None`` – its own options
  (``--seed``, ``--device`` and ``--json`` are added by :mod:`technical.cli`);
* ``run(args: argparse.Namespace) -> dict`` – does the work and returns the result object
  ``{"config": {...}, "metrics": {...}, "params": int | None}``; the CLI adds ``command``,
  ``seconds`` and ``device``. An optional ``notice: str`` (a decision the user should know
  about) is printed on a line of its own under the summary and kept in the JSON.
  ``args.device`` is already a resolved :class:`torch.device`.

Register a new module by adding its dotted name to ``technical.cli.COMMAND_MODULES``.
Numeric options take a range type from :mod:`technical.argtypes` (out of range = exit 2 at
parse time). Raise :class:`technical.errors.TechnicalUserError` for other bad input; never
print or exit.
"""

from __future__ import annotations

import argparse
from typing import Any, Protocol

__all__ = ["CommandModule"]


class CommandModule(Protocol):
    """The interface every ``technical.commands.*`` module implements."""

    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> dict[str, Any]: ...
