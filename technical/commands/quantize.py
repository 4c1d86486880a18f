"""``python -m technical quantize``: int8 (dynamic or static) or bf16 copy of a trained model."""

from __future__ import annotations

import argparse
from typing import Any

import torch

from technical.argtypes import IntRange
from technical.atomic import write_atomic
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
    keep_faster,
    static_quantize,
    to_bf16,
)
from technical.errors import TechnicalUserError

NAME = "quantize"
HELP = "post-training quantization (dynamic int8, static int8, bf16) with size/latency/accuracy"

MODES = ("dynamic", "static", "bf16")
AUTO_BATCH = 64  # rows per forward when --backend auto times int8 against fp32


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
        help="int8 kernel (default: auto). auto: torchao on CUDA, else torch.ao; the int8 copy is "
        f"then timed against the fp32 model at batch {AUTO_BATCH} and fp32 is kept when int8 is "
        "not faster (the JSON's 'auto' field and the printed line say which, with both "
        "timings). torch.ao or torchao: always that int8 kernel",
    )
    parser.add_argument(
        "--calibration",
        type=IntRange(1, 100_000),
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
        q = static_quantize(baseline, data.X_train[: args.calibration], backend=args.backend)
        label = "int8 static"
    else:
        q = to_bf16(baseline)
        label = "bf16"
    auto = None
    if args.backend == "auto" and args.mode in ("dynamic", "static"):
        q, auto = keep_faster(baseline, q, data.X_test[:AUTO_BATCH].contiguous(), latency)
    if args.save:
        state = q.model.state_dict()
        write_atomic(args.save, lambda handle: torch.save(state, handle))
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
    # quantization keeps every value (in fewer bits); packed int8 LSTM weights are not
    # visible to a state-dict walk, so the count is the baseline's
    block = report(
        label, baseline, q.model, data, latency, result_params=count_stored_values(baseline)
    )
    if auto is not None and auto.kept == "fp32":  # result = an fp32 copy: its ratios are ~1
        block["summary"] = (
            f"fp32 kept: {label} measured {auto.int8_speedup:.2f}x the fp32 speed at batch "
            f"{auto.batch}, so the model is left in fp32 (--backend torch.ao forces int8)"
        )
    return {
        "config": config,
        **block,
        "backend": q.backend,
        "notes": q.notes,
        "auto": auto.to_dict() if auto else None,
        **({"notice": f"auto backend {auto.reason}"} if auto else {}),
    }
