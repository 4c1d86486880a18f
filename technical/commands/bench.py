"""``python -m technical bench``: run every compression/transfer/federated/distributed
experiment at a small size and write the evidence file the advisor reads."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from technical.bench import STEPS, BenchConfig, run_all
from technical.evidence import write_evidence

NAME = "bench"
HELP = "run all compression/transfer/federated/DDP experiments, write an evidence file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    keys = ", ".join([s.key for s in STEPS] + ["distributed"])
    parser.add_argument(
        "--out",
        default="evidence.json",
        metavar="PATH",
        help="evidence file to write (default: evidence.json)",
    )
    parser.add_argument("--only", default="", help=f"comma-separated steps among: {keys}")
    parser.add_argument(
        "--skip-distributed", action="store_true", help="do not launch the 2-process torchrun check"
    )
    parser.add_argument(
        "--torchrun",
        default=None,
        metavar="PATH",
        help="torchrun executable (default: next to python, then PATH)",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    only = tuple(k.strip() for k in args.only.split(",") if k.strip())
    config = BenchConfig(
        only=only,
        distributed=not args.skip_distributed,
        torchrun=args.torchrun,
        seed=args.seed,
        device=str(args.device),
    )

    def progress(key: str) -> None:
        sys.stderr.write(f"bench: {key}\n")

    doc = run_all(config, progress=progress)
    write_evidence(args.out, doc)
    return {
        "config": {"only": list(only), "skip_distributed": args.skip_distributed},
        "evidence": args.out,
        "results": [
            {"technique": r["technique"], "kernel": r["kernel"], "summary": r["summary"]}
            for r in doc["results"]
        ],
        "backend": "see evidence entries",
        "metrics": {"results": len(doc["results"])},
    }
