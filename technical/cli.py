"""Command line: ``python -m technical <command> [options]``.

This module owns everything common to the subcommands: ``--seed``, ``--device``, ``--json``,
timing, and turning errors into exit statuses (0 ok, 2 bad input, 1 internal error).
Subcommands live in :mod:`technical.commands`; add one by appending its module to
:data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

from technical.atomic import write_atomic
from technical.errors import TechnicalUserError

__all__ = ["COMMAND_MODULES", "build_parser", "main", "seed_everything", "write_json"]

COMMAND_MODULES: list[str] = [
    "technical.commands.train",
    "technical.commands.cv",
    "technical.commands.tune",
    "technical.commands.ensemble",
    "technical.commands.embed",
    "technical.commands.lm",
    "technical.commands.generate",
    "technical.commands.quantize",
    "technical.commands.prune",
    "technical.commands.distill",
    "technical.commands.transfer",
    "technical.commands.federated",
    "technical.commands.bench",
]

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _add_common_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("common options")
    group.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    group.add_argument(
        "--device",
        default="auto",
        choices=["cpu", "cuda", "auto"],
        help="where to run (default: auto = cuda when present, else cpu)",
    )
    group.add_argument(
        "--threads",
        type=int,
        default=None,
        metavar="N",
        help="CPU threads for torch (default: torch's choice; 1 is fastest for the small models "
        "on a busy machine)",
    )
    group.add_argument(
        "--json",
        metavar="PATH|-",
        default=None,
        help="write the result object as JSON to PATH, or to stdout with '-'",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with one subparser per module in :data:`COMMAND_MODULES`."""
    parser = _Parser(
        prog="python -m technical",
        description="Train, evaluate and tune the technical kernels (PyTorch, scikit-learn).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for dotted in COMMAND_MODULES:
        module = importlib.import_module(dotted)
        child = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(child)
        _add_common_arguments(child)
        child.set_defaults(_module=module)
    return parser


def seed_everything(seed: int) -> None:
    """Seed Python's ``random``, NumPy and torch (CPU and CUDA)."""
    import random

    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def write_json(result: dict[str, Any], target: str) -> None:
    """Write ``result`` to ``target`` (``-`` = stdout) atomically (temp file + ``os.replace``)."""
    text = json.dumps(result, indent=2, sort_keys=False, default=_json_default) + "\n"
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_atomic(target, lambda handle: handle.write(text.encode("utf-8")))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy / torch scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    prog = f"technical {args.command}"
    try:
        from technical.device import resolve_device

        args.device = resolve_device(args.device)
        if args.threads is not None:
            if args.threads < 1:
                raise TechnicalUserError(f"--threads must be >= 1, got {args.threads}")
            import torch

            torch.set_num_threads(args.threads)
        seed_everything(args.seed)
        start = time.perf_counter()
        body = args._module.run(args)
        seconds = time.perf_counter() - start
        result: dict[str, Any] = {
            "command": args.command,
            "config": {**body.get("config", {}), "seed": args.seed},
            "metrics": body.get("metrics", {}),
            "params": body.get("params"),
            "seconds": round(seconds, 3),
            "device": str(args.device),
        }
        for key, value in body.items():  # extra keys a command wants to report
            result.setdefault(key, value)
        if args.json is not None:
            write_json(result, args.json)
        else:
            _print_summary(result)
    except TechnicalUserError as exc:
        sys.stderr.write(f"{prog}: error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write(f"{prog}: interrupted\n")
        return 130
    except Exception as exc:  # internal error: keep the traceback for a bug report
        if os.environ.get("TECHNICAL_TRACEBACK"):
            traceback.print_exc()
        sys.stderr.write(
            f"{prog}: internal error: {type(exc).__name__}: {exc} "
            "(set TECHNICAL_TRACEBACK=1 for the traceback)\n"
        )
        return EXIT_INTERNAL
    return EXIT_OK


def _print_summary(result: dict[str, Any]) -> None:
    metrics = result.get("metrics", {})
    parts = [
        f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}"
        for k, v in metrics.items()
        if isinstance(v, int | float | str)
    ]
    sys.stdout.write(
        f"{result['command']}: "
        + " ".join(parts)
        + f" ({result['seconds']:.1f}s on {result['device']})\n"
    )
