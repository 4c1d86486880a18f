"""``python -m technical transfer``: pretrain on digits 0-4, frozen backbone + new head on 5-9
with few labels, against training from scratch on the same labels."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from technical.argtypes import EPOCHS, HIDDEN, ROUNDS
from technical.compression.experiment import build_model, latency_from_args, report
from technical.compression.fitting import FitConfig
from technical.data import DATASETS, load_dataset
from technical.errors import TechnicalUserError
from technical.transfer import TransferConfig, select_classes, transfer_study

NAME = "transfer"
HELP = "transfer learning (frozen backbone, new head) vs from scratch at 10/50/all labels"


def _budgets(text: str) -> tuple[int | None, ...]:
    out: list[int | None] = []
    for part in text.split(","):
        part = part.strip()
        if part == "all":
            out.append(None)
        elif part.isdigit() and int(part) > 0:
            out.append(int(part))
        else:
            raise TechnicalUserError(f"--labels takes positive integers or 'all', got {part!r}")
    return tuple(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dataset",
        default="digits",
        choices=sorted(DATASETS),
        help="digits (default) or mnist5k",
    )
    parser.add_argument("--model", default="mlp", choices=("mlp", "cnn"), help="architecture")
    parser.add_argument("--hidden", type=HIDDEN, default=128, help="hidden width (default: 128)")
    parser.add_argument(
        "--labels",
        default="10,50,all",
        help="labels per target class, comma separated (default: 10,50,all)",
    )
    parser.add_argument(
        "--pretrain-epochs", type=EPOCHS, default=30, help="epochs on digits 0-4 (default: 30)"
    )
    parser.add_argument(
        "--finetune-epochs",
        type=EPOCHS,
        default=60,
        help="epochs for the head, the full fine-tune and scratch (default: 60)",
    )
    parser.add_argument("--rounds", type=ROUNDS, default=15, help="timed latency rounds")


def run(args: argparse.Namespace) -> dict[str, Any]:
    budgets = _budgets(args.labels)
    latency = latency_from_args(args)
    data = load_dataset(args.dataset, seed=args.seed)
    config = TransferConfig(
        budgets=budgets,
        pretrain=FitConfig(epochs=args.pretrain_epochs, seed=args.seed),
        finetune=FitConfig(epochs=args.finetune_epochs, lr=1e-2, seed=args.seed),
        scratch=FitConfig(epochs=args.finetune_epochs, seed=args.seed),
        seed=args.seed,
    )
    study = transfer_study(
        lambda k: build_model(args.model, data, args.hidden, args.seed, num_classes=k),
        data.X_train,
        data.y_train,
        data.X_test,
        data.y_test,
        config,
    )
    first = study.rows[0]  # the smallest label budget is the headline comparison
    Xt, yt = select_classes(data.X_test, data.y_test, config.target_classes)
    view = replace(data, X_test=Xt, y_test=yt, num_classes=len(config.target_classes))
    block = report(
        f"frozen backbone + new head vs scratch at {first['labels_per_class']} labels/class",
        first["scratch_model"],
        first["tuned_model"],
        view,
        latency,
    )
    table = [{k: v for k, v in row.items() if not k.endswith("_model")} for row in study.rows]
    return {
        "config": {
            "dataset": args.dataset,
            "model": args.model,
            "hidden": args.hidden,
            "labels": args.labels,
            "pretrain_epochs": args.pretrain_epochs,
            "finetune_epochs": args.finetune_epochs,
            "source": "digits 0-4",
            "target": "digits 5-9",
        },
        **block,
        "table": table,
        "backend": "eager fp32; baseline = scratch, result = frozen backbone + new head",
    }
