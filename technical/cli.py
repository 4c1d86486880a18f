"""Command line: ``python -m technical <command> [options]``.

This module owns everything common to the subcommands: ``--seed``, ``--device``, ``--json``,
timing, and turning errors into exit statuses (0 ok, 2 bad input, 1 internal error, 130 Ctrl-C,
143 SIGTERM; on both signals the run unwinds, so no temporary file is left behind).
Subcommands live in :mod:`technical.commands`; add one by appending its module to
:data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from advisor.errors import UserError
from technical.argtypes import SEED, THREADS, describe_ranges
from technical.atomic import write_text
from technical.errors import TechnicalUserError

__all__ = [
    "COMMAND_MODULES",
    "Terminated",
    "build_parser",
    "main",
    "seed_everything",
    "sigterm_unwinds",
    "write_json",
]

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
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM
# what the 'technical' extra installs; missing, the CLI says how to install it
EXTRA_MODULES = frozenset({"torch", "numpy", "sklearn", "scipy", "tqdm"})


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _add_common_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("common options")
    group.add_argument("--seed", type=SEED, default=0, help="random seed (default: 0)")
    group.add_argument(
        "--device",
        default="auto",
        choices=["cpu", "cuda", "auto"],
        help="where to run (default: auto = cuda when present, else cpu)",
    )
    group.add_argument(
        "--threads",
        type=THREADS,
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
        describe_ranges(child)
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
        if sys.stdout is None:  # started with stdout closed
            raise TechnicalUserError("cannot write the result to stdout: it is closed")
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except (OSError, ValueError) as exc:  # closed, full or broken stdout
            raise TechnicalUserError(f"cannot write the result to stdout: {exc}") from None
        return
    write_text(target, text)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy / torch scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


class Terminated(BaseException):
    """SIGTERM arrived. Raised from the signal handler so that the run unwinds like Ctrl-C:
    ``finally`` blocks run and an atomic write in progress removes its temporary file."""


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` (main thread only; else a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _missing_extra(exc: ModuleNotFoundError) -> str | None:
    """The install hint when ``exc`` is a module of the 'technical' extra, else None."""
    root = (exc.name or "").split(".")[0]
    if root not in EXTRA_MODULES:
        return None
    return (
        f"the kernels need the 'technical' extra (torch, scikit-learn), and {root} is not "
        "installed here; install it with: pip install 'advisor[technical]'"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit status."""
    prog = "python -m technical"
    with sigterm_unwinds():
        try:
            try:
                parser = build_parser()
            except ModuleNotFoundError as exc:
                if (message := _missing_extra(exc)) is None:
                    raise
                sys.stderr.write(f"{prog}: error: {message}\n")
                return EXIT_USAGE
            args = parser.parse_args(argv)
            prog = f"technical {args.command}"
            return _run(args, prog)
        except Terminated:
            sys.stderr.write(f"{prog}: terminated\n")
            return EXIT_TERMINATED
        except KeyboardInterrupt:
            sys.stderr.write(f"{prog}: interrupted\n")
            return EXIT_INTERRUPTED


def _run(args: argparse.Namespace, prog: str) -> int:
    try:
        from technical.device import resolve_device

        args.device = resolve_device(args.device)
        if args.threads is not None:
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
    except (TechnicalUserError, UserError) as exc:
        sys.stderr.write(f"{prog}: error: {exc}\n")
        return EXIT_USAGE
    except Exception as exc:
        if isinstance(exc, ModuleNotFoundError) and (message := _missing_extra(exc)):
            sys.stderr.write(f"{prog}: error: {message}\n")
            return EXIT_USAGE
        # internal error: keep the traceback for a bug report
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
    notice = result.get("notice")
    if isinstance(notice, str):
        sys.stdout.write(f"{result['command']}: {notice}\n")
