"""``python -m technical quantize``: int8 (dynamic or static) or bf16 copy of a trained model."""

from __future__ import annotations

import argparse
from typing import Any

import torch

from technical.compression.experiment import (
    add_common_arguments,
    baseline_from_args,
    latency_from_args,
    report,
)
from technical.compression.measure import count_stored_values
from technical.compression.quantization import (
    BACKENDS,
    dynamic_quantize,
    static_quantize,
    to_bf16,
)
from technical.errors import TechnicalUserError

NAME = "quantize"
HELP = "post-training quantization (dynamic int8, static int8, bf16) with size/latency/accuracy"

MODES = ("dynamic", "static", "bf16")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser)
    parser.add_argument(
        "--mode",
        default="dynamic",
        choices=MODES,
        help="dynamic int8 (Linear/LSTM), static int8 (CNN/MLP) or bf16",
    )
    parser.add_argument(
        "--backend",
        default="auto",
        choices=BACKENDS,
        help="int8 kernel: auto picks the fastest here (default: auto)",
    )
    parser.add_argument(
        "--calibration",
        type=int,
        default=256,
        help="training rows used to calibrate static int8 (default: 256)",
    )
    parser.add_argument(
        "--save",
        default=None,
        metavar="PATH",
        help="write the quantized model's state dict to PATH",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    latency = latency_from_args(args)
    baseline, data = baseline_from_args(args)
    if args.mode == "dynamic":
        q = dynamic_quantize(baseline, backend=args.backend, device=args.device)
        label = "int8 dynamic"
    elif args.mode == "static":
        if args.model == "lstm":
            raise TechnicalUserError("static int8 is for feed-forward models; use --mode dynamic")
        if args.calibration < 1:
            raise TechnicalUserError(f"--calibration must be >= 1, got {args.calibration}")
        q = static_quantize(baseline, data.X_train[: args.calibration], backend=args.backend)
        label = "int8 static"
    else:
        q = to_bf16(baseline)
        label = "bf16"
    if args.save:
        torch.save(q.model.state_dict(), args.save)
    config = {
        k: getattr(args, k)
        for k in (
            "dataset",
            "model",
            "hidden",
            "epochs",
            "mode",
            "backend",
            "calibration",
            "rounds",
        )
    }
    return {
        "config": config,
        # quantization keeps every value (in fewer bits); packed int8 LSTM weights are not
        # visible to a state-dict walk, so the count is the baseline's
        **report(
            label, baseline, q.model, data, latency, result_params=count_stored_values(baseline)
        ),
        "backend": q.backend,
        "notes": q.notes,
    }
