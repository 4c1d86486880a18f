"""``python -m technical federated``: FedAvg/FedProx over simulated clients vs central training."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import (
    EPOCHS,
    HIDDEN,
    LEARNING_RATE,
    ROUNDS,
    UNIT_FRACTION,
    FloatRange,
    IntRange,
)
from technical.compression.experiment import build_model, latency_from_args, report
from technical.compression.fitting import FitConfig, fit
from technical.data import DATASETS, load_dataset
from technical.federated import PARTITIONS, FedConfig, fedavg

NAME = "federated"
HELP = "federated averaging (IID / shard / Dirichlet clients, optional FedProx)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dataset",
        default="digits",
        choices=sorted(DATASETS),
        help="digits (default) or mnist5k",
    )
    parser.add_argument("--model", default="mlp", choices=("mlp", "cnn"), help="architecture")
    parser.add_argument("--hidden", type=HIDDEN, default=64, help="hidden width (default: 64)")
    parser.add_argument(
        "--clients", type=IntRange(1, 10_000), default=20, help="K clients (default: 20)"
    )
    parser.add_argument(
        "--fraction",
        type=FloatRange(0.0, 1.0, open_low=True),
        default=0.1,
        help="C per round (default: 0.1)",
    )
    parser.add_argument("--local-epochs", type=EPOCHS, default=1, help="E (default: 1)")
    parser.add_argument(
        "--batch-size", type=IntRange(0, 65_536), default=10, help="B; 0 = full batch (default: 10)"
    )
    parser.add_argument(
        "--lr", type=LEARNING_RATE, default=0.05, help="local SGD step (default: 0.05)"
    )
    parser.add_argument(
        "--fed-rounds", type=IntRange(1, 10_000), default=50, help="max rounds (default: 50)"
    )
    parser.add_argument("--partition", default="iid", choices=PARTITIONS, help="client data split")
    parser.add_argument(
        "--alpha",
        type=FloatRange(0.0, 1e4, open_low=True),
        default=0.5,
        help="Dirichlet alpha (default: 0.5)",
    )
    parser.add_argument(
        "--mu", type=FloatRange(0.0, 100.0), default=0.0, help="FedProx mu; 0 = FedAvg"
    )
    parser.add_argument("--target", type=UNIT_FRACTION, default=0.9, help="target test accuracy")
    parser.add_argument(
        "--central-epochs",
        type=EPOCHS,
        default=15,
        help="epochs of the centrally trained baseline (default: 15)",
    )
    parser.add_argument("--rounds", type=ROUNDS, default=15, help="timed latency rounds")


def run(args: argparse.Namespace) -> dict[str, Any]:
    latency = latency_from_args(args)
    data = load_dataset(args.dataset, seed=args.seed)
    config = FedConfig(
        clients=args.clients,
        fraction=args.fraction,
        local_epochs=args.local_epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        rounds=args.fed_rounds,
        partition=args.partition,
        alpha=args.alpha,
        mu=args.mu,
        target_accuracy=args.target,
        seed=args.seed,
    )
    init = build_model(args.model, data, args.hidden, args.seed)
    fed = fedavg(init, data.X_train, data.y_train, data.X_test, data.y_test, config)
    central = build_model(args.model, data, args.hidden, args.seed)
    fit(central, data.X_train, data.y_train, FitConfig(epochs=args.central_epochs, seed=args.seed))
    label = f"FedAvg {args.partition} K={args.clients} C={args.fraction:g} E={args.local_epochs}"
    block = report(label, central.eval(), fed.model, data, latency)
    block["ratios"]["rounds_to_target"] = fed.rounds_to_target
    reached = "reached" if fed.rounds_to_target else "did not reach"
    block["summary"] = (
        f"{label}: {reached} {args.target:.0%} test accuracy"
        + (
            f" in {fed.rounds_to_target} rounds"
            if fed.rounds_to_target
            else f" within {args.fed_rounds} rounds"
        )
        + f", final accuracy {block['ratios']['accuracy_delta_pt']:+.1f} pt vs central training"
    )
    return {
        "config": {
            **config.__dict__,
            "dataset": args.dataset,
            "model": args.model,
            "hidden": args.hidden,
            "central_epochs": args.central_epochs,
        },
        **block,
        "accuracy_per_round": [round(a, 4) for a in fed.accuracy_per_round],
        "client_sizes": fed.client_sizes,
        "backend": "in-process simulation, " + ("FedProx" if args.mu > 0 else "FedAvg"),
    }
