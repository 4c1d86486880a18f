"""``python -m technical prune``: global magnitude pruning (CSR inference, compact file) or
structured pruning (fewer neurons/channels), each optionally fine-tuned."""

from __future__ import annotations

import argparse
from typing import Any

import torch

from technical.argtypes import EPOCHS_OR_NONE, FloatRange, IntRange
from technical.atomic import write_atomic
from technical.compression.experiment import (
    add_common_arguments,
    baseline_from_args,
    latency_from_args,
    report,
)
from technical.compression.fitting import FitConfig, fit
from technical.compression.measure import serialized_size
from technical.compression.pruning import (
    PruneConfig,
    magnitude_prune,
    sparse_state,
    structured_prune,
    to_sparse_csr,
)

NAME = "prune"
HELP = "magnitude (sparse CSR) or structured pruning with fine-tuning"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument(
        "--method",
        default="magnitude",
        choices=("magnitude", "structured"),
        help="global unstructured magnitude, or structured neurons/channels",
    )
    parser.add_argument(
        "--amount",
        type=FloatRange(0.0, 1.0, open_low=True, open_high=True),
        default=0.9,
        help="fraction of weights (magnitude) or units (structured) removed, in (0, 1)",
    )
    parser.add_argument(
        "--steps",
        type=IntRange(1, 100),
        default=3,
        help="iterative prune/fine-tune rounds for magnitude pruning (default: 3)",
    )
    parser.add_argument(
        "--finetune-epochs",
        type=EPOCHS_OR_NONE,
        default=5,
        help="fine-tuning epochs per step; 0 = none (default: 5)",
    )
    parser.add_argument(
        "--save",
        default=None,
        metavar="PATH",
        help="write the pruned model (compact CSR file for magnitude)",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    latency = latency_from_args(args)
    baseline, data = baseline_from_args(args)
    ft = None
    if args.finetune_epochs:
        ft = FitConfig(epochs=args.finetune_epochs, lr=5e-4, seed=args.seed)
    config = {
        k: getattr(args, k)
        for k in (
            "dataset",
            "model",
            "hidden",
            "epochs",
            "method",
            "amount",
            "steps",
            "finetune_epochs",
            "rounds",
        )
    }
    if args.method == "magnitude":
        pruned = magnitude_prune(
            baseline, PruneConfig(args.amount, args.steps, ft), data.X_train, data.y_train
        )
        compact = sparse_state(pruned.model)
        if args.save:
            write_atomic(args.save, lambda handle: torch.save(compact, handle))
        csr = to_sparse_csr(pruned.model)
        block = report(
            f"magnitude {args.amount:.0%} sparse CSR",
            baseline,
            csr,
            data,
            latency,
            result_size_bytes=serialized_size(compact),
        )
        extra = {
            "sparsity": round(pruned.sparsity, 4),
            "schedule": [round(s, 4) for s in pruned.targets],
        }
        backend = "torch.sparse_csr (Linear layers; conv layers dense)"
    else:
        shrunk = structured_prune(baseline, args.amount, data.X_test[:2])
        model = shrunk.model
        if ft is not None:
            fit(model, data.X_train, data.y_train, ft)
            model.eval()
        if args.save:
            saved = {"state_dict": model.state_dict(), "kept": shrunk.kept}
            write_atomic(args.save, lambda handle: torch.save(saved, handle))
        block = report(f"structured {args.amount:.0%} of units", baseline, model, data, latency)
        extra = {"kept_units": {k: len(v) for k, v in shrunk.kept.items()}}
        backend = "dense eager (physically smaller layers)"
    return {"config": config, **block, "backend": backend, **extra}
