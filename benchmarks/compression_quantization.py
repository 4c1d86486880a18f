"""Dynamic int8 on an MLP 64-512-512-10 (digits): fp32 vs torch.ao int8 vs torchao int8.

Size = serialized state dict; latency = median ms per forward, one thread, batch 1 and 64,
the three models timed back to back in alternating order (see technical.compression.measure).

    .venv/bin/python benchmarks/compression_quantization.py [--out PATH] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from technical.compression.fitting import FitConfig, fit
from technical.compression.measure import (
    LatencyConfig,
    accuracy,
    paired_latency_ms,
    serialized_size,
)
from technical.compression.quantization import dynamic_quantize, torchao_available
from technical.data import load_digits_split


def mlp_512x2() -> nn.Module:
    return nn.Sequential(
        nn.Linear(64, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="benchmarks/results/compression_quantization.json")
    parser.add_argument("--rounds", type=int, default=31)
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args()
    X_train, X_test, y_train, y_test = load_digits_split(seed=0)
    torch.manual_seed(0)
    fp32 = mlp_512x2()
    fit(fp32, X_train, y_train, FitConfig(epochs=args.epochs, seed=0))
    fp32.eval()
    variants: dict[str, tuple[nn.Module, str]] = {"fp32": (fp32, "eager fp32")}
    q = dynamic_quantize(fp32, backend="torch.ao")
    variants["int8 torch.ao"] = (q.model, q.backend)
    why_not = ""
    if torchao_available():
        try:
            qa = dynamic_quantize(fp32, backend="torchao")
            variants["int8 torchao"] = (qa.model, qa.backend)
        except Exception as exc:  # report, do not hide
            why_not = f"torchao failed: {type(exc).__name__}: {exc}"
    else:
        why_not = "torchao not installed"
    auto = dynamic_quantize(fp32, backend="auto")
    names = list(variants)
    cfg = LatencyConfig(rounds=args.rounds, warmup=10, calls_per_round=10)
    lat1 = paired_latency_ms([variants[n][0] for n in names], X_test[:1], cfg)
    lat64 = paired_latency_ms([variants[n][0] for n in names], X_test[:64], cfg)
    rows: list[dict[str, Any]] = []
    for i, name in enumerate(names):
        model, backend = variants[name]
        rows.append(
            {
                "variant": name,
                "backend": backend,
                "accuracy": accuracy(model, X_test, y_test),
                "size_bytes": serialized_size(model),
                "latency_ms_b1": lat1[i],
                "latency_ms_b64": lat64[i],
            }
        )
    base = rows[0]
    print(
        f"{'variant':<15}{'acc %':>7}{'size KB':>9}{'x smaller':>10}"
        f"{'ms b1':>8}{'x b1':>6}{'ms b64':>8}{'x b64':>7}  backend"
    )
    for r in rows:
        r["size_ratio"] = base["size_bytes"] / r["size_bytes"]
        r["speedup_b1"] = base["latency_ms_b1"] / r["latency_ms_b1"]
        r["speedup_b64"] = base["latency_ms_b64"] / r["latency_ms_b64"]
        r["accuracy_delta_pt"] = 100 * (r["accuracy"] - base["accuracy"])
        print(
            f"{r['variant']:<15}{100 * r['accuracy']:>7.2f}{r['size_bytes'] / 1024:>9.1f}"
            f"{r['size_ratio']:>10.2f}{r['latency_ms_b1']:>8.3f}{r['speedup_b1']:>6.2f}"
            f"{r['latency_ms_b64']:>8.3f}{r['speedup_b64']:>7.2f}  {r['backend']}"
        )
    if "int8 torchao" in variants:
        ta = next(r for r in rows if r["variant"] == "int8 torchao")
        tq = next(r for r in rows if r["variant"] == "int8 torch.ao")
        print(
            f"torch.ao vs torchao at batch 64: {ta['latency_ms_b64'] / tq['latency_ms_b64']:.2f}x"
            f" faster; at batch 1: {ta['latency_ms_b1'] / tq['latency_ms_b1']:.2f}x"
        )
    if why_not:
        print("torchao:", why_not)
    print("auto picks:", auto.backend)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "torch": torch.__version__,
                "threads": 1,
                "rows": rows,
                "auto_backend": auto.backend,
                "torchao_note": why_not,
                "notes": q.notes,
            },
            handle,
            indent=2,
        )


if __name__ == "__main__":
    main()
