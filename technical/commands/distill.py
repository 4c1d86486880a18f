"""``python -m technical distill``: teacher -> smaller student, against the student alone."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import EPOCHS, HIDDEN, LEARNING_RATE, UNIT_FRACTION, FloatRange, IntRange
from technical.compression.distillation import DistillConfig, agreement, distill
from technical.compression.experiment import (
    add_common_arguments,
    baseline_from_args,
    build_model,
    latency_from_args,
    report,
)
from technical.compression.fitting import FitConfig
from technical.compression.measure import accuracy

NAME = "distill"
HELP = "knowledge distillation (temperature, soft/hard mix) vs the same student trained alone"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_common_arguments(parser, hidden=512, epochs=30)  # a well-trained teacher
    parser.add_argument(
        "--student-hidden",
        type=HIDDEN,
        default=32,
        help="student width, same architecture as the teacher (default: 32)",
    )
    parser.add_argument(
        "--temperature",
        type=FloatRange(0.0, 100.0, open_low=True),
        default=4.0,
        help="T (default: 4)",
    )
    parser.add_argument(
        "--alpha",
        type=UNIT_FRACTION,
        default=0.7,
        help="weight of the soft, T^2-scaled loss (default: 0.7)",
    )
    parser.add_argument(
        "--student-epochs", type=EPOCHS, default=60, help="epochs for both students (default: 60)"
    )
    parser.add_argument(
        "--lr",
        type=LEARNING_RATE,
        default=3e-3,
        help="Adam step size for both students (default: 3e-3; a small "
        "student trained too briefly underfits the soft targets)",
    )
    parser.add_argument(
        "--train-rows",
        type=IntRange(0, 10_000_000),
        default=0,
        help="train the students on the first N rows only; 0 = all",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    latency = latency_from_args(args)
    teacher, data = baseline_from_args(args)
    student = build_model(args.model, data, args.student_hidden, args.seed + 1)
    rows = args.train_rows or data.X_train.shape[0]
    cfg = DistillConfig(
        args.temperature,
        args.alpha,
        FitConfig(epochs=args.student_epochs, lr=args.lr, seed=args.seed),
    )
    out = distill(teacher, student, data.X_train[:rows], data.y_train[:rows], cfg)
    label = f"distilled student (T={args.temperature:g})"
    block = report(label, teacher, out.student, data, latency)
    alone_acc = accuracy(out.alone, data.X_test, data.y_test)
    gain = block["result"]["accuracy"] - alone_acc
    block["ratios"]["accuracy_vs_alone_pt"] = round(100 * gain, 2)
    config = {
        k: getattr(args, k)
        for k in (
            "dataset",
            "model",
            "hidden",
            "epochs",
            "student_hidden",
            "temperature",
            "alpha",
            "student_epochs",
            "lr",
            "train_rows",
            "rounds",
        )
    }
    alone_agree = agreement(teacher, out.alone, data.X_test)
    kd_agree = agreement(teacher, out.student, data.X_test)
    block["summary"] += (
        f" vs the teacher; against the same student trained alone "
        f"{block['ratios']['accuracy_vs_alone_pt']:+.1f} pt, agreeing with the teacher on "
        f"{kd_agree:.1%} of test digits instead of {alone_agree:.1%}"
    )
    return {
        "config": config,
        **block,
        "student_alone": {
            "accuracy": round(alone_acc, 5),
            "agreement_with_teacher": round(alone_agree, 5),
        },
        "student_distilled_agreement_with_teacher": round(kd_agree, 5),
        "backend": "eager fp32 training",
    }
