"""``run_all``: every compression/transfer/federated/distributed experiment at a small,
seconds-scale size, collected into one evidence document (see :mod:`technical.evidence`)."""

from __future__ import annotations

import argparse
import importlib
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from technical.errors import TechnicalUserError
from technical.evidence import make_evidence, make_result

__all__ = ["STEPS", "BenchConfig", "Step", "run_all", "run_step"]


@dataclass(frozen=True)
class Step:
    key: str  # short name used by --only
    technique: str  # evidence technique id
    kernel: str  # technical.module:function the step exercises
    command: str  # CLI subcommand
    argv: tuple[str, ...]  # its small default arguments


_FAST = ("--rounds", "9")
# the int8 kernel itself is measured: "--backend auto" could keep fp32 and measure nothing
_INT8 = ("--backend", "torch.ao")
STEPS: tuple[Step, ...] = (
    Step(
        "quantize-dynamic",
        "technique/quantization",
        "technical.compression.quantization:dynamic_quantize",
        "quantize",
        (
            "--model",
            "mlp",
            "--hidden",
            "512",
            "--epochs",
            "10",
            "--mode",
            "dynamic",
            *_INT8,
            *_FAST,
        ),
    ),
    Step(
        "quantize-static",
        "technique/quantization",
        "technical.compression.quantization:static_quantize",
        "quantize",
        ("--model", "cnn", "--hidden", "128", "--epochs", "5", "--mode", "static", *_INT8, *_FAST),
    ),
    Step(
        "quantize-bf16",
        "technique/quantization",
        "technical.compression.quantization:to_bf16",
        "quantize",
        ("--model", "mlp", "--hidden", "512", "--epochs", "10", "--mode", "bf16", *_FAST),
    ),
    Step(
        "prune-magnitude",
        "technique/pruning",
        "technical.compression.pruning:magnitude_prune",
        "prune",
        (
            "--hidden",
            "512",
            "--epochs",
            "10",
            "--amount",
            "0.9",
            "--steps",
            "3",
            "--finetune-epochs",
            "3",
            *_FAST,
        ),
    ),
    Step(
        "prune-structured",
        "technique/pruning",
        "technical.compression.pruning:structured_prune",
        "prune",
        (
            "--hidden",
            "512",
            "--epochs",
            "10",
            "--method",
            "structured",
            "--amount",
            "0.75",
            "--finetune-epochs",
            "5",
            *_FAST,
        ),
    ),
    Step(
        "distill",
        "technique/knowledge_distillation",
        "technical.compression.distillation:distill",
        "distill",
        (
            "--hidden",
            "512",
            "--epochs",
            "30",
            "--student-hidden",
            "32",
            "--student-epochs",
            "60",
            *_FAST,
        ),
    ),
    Step(
        "transfer",
        "technique/transfer_learning",
        "technical.transfer:fine_tune",
        "transfer",
        ("--pretrain-epochs", "20", "--finetune-epochs", "60", *_FAST),
    ),
    Step(
        "federated",
        "technique/federated_learning",
        "technical.federated:fedavg",
        "federated",
        (
            "--clients",
            "10",
            "--fraction",
            "0.3",
            "--local-epochs",
            "2",
            "--fed-rounds",
            "30",
            *_FAST,
        ),
    ),
)


@dataclass(frozen=True)
class BenchConfig:
    only: tuple[str, ...] = ()  # step keys to run ("distributed" included); empty = all
    distributed: bool = True  # run the 2-process DDP check through torchrun
    torchrun: str | None = None  # explicit torchrun path; None = next to python, then PATH
    seed: int = 0  # passed to every step
    device: str = "cpu"  # recorded in the evidence; the kernels measure on CPU


def run_step(step: Step, seed: int = 0, device: str = "cpu") -> dict[str, Any]:
    """Run one step's command in-process and return its evidence entry."""
    module = importlib.import_module(f"technical.commands.{step.command}")
    parser = argparse.ArgumentParser(prog=f"technical {step.command}")
    module.add_arguments(parser)
    args = parser.parse_args(list(step.argv))
    args.seed, args.device, args.json = seed, torch.device(device), None
    torch.manual_seed(seed)
    body = module.run(args)
    command = shlex.join(
        ["python", "-m", "technical", step.command, *step.argv, "--seed", str(seed)]
    )
    return make_result(step.technique, step.kernel, command, body)


def _distributed_entry(config: BenchConfig) -> dict[str, Any]:
    from technical.compression.experiment import report
    from technical.compression.measure import LatencyConfig
    from technical.data import load_dataset
    from technical.distributed import DDPConfig, launch_ddp, train_reference

    ddp_config = DDPConfig(seed=config.seed)
    start = time.perf_counter()
    reference = train_reference(ddp_config)
    single_seconds = time.perf_counter() - start
    model, info = launch_ddp(ddp_config, nproc=2, torchrun=config.torchrun)
    diff = max(
        float((a - b).abs().max())
        for a, b in zip(model.state_dict().values(), reference.state_dict().values(), strict=True)
    )
    data = load_dataset("digits", seed=config.seed)
    block = report("DDP x2", reference, model, data, LatencyConfig(rounds=9))
    block["ratios"].update(
        {
            "max_abs_weight_diff": diff,
            "single_process_train_s": round(single_seconds, 4),
            "ddp_train_s": round(float(info["train_seconds"]), 4),
            "ddp_wall_s_with_startup": round(float(info["wall_seconds"]), 2),
        }
    )
    block["summary"] = (
        f"DDP on {info['world_size']} {info['backend']} processes reproduces the single-process "
        f"weights (max |diff| {diff:.1e}); at this tiny size start-up dominates "
        f"({info['wall_seconds']:.1f}s wall vs {single_seconds:.2f}s single-process training)"
    )
    body = {
        "config": {**ddp_config.__dict__, "nproc": 2},
        **block,
        "backend": f"torch.distributed {info['backend']} via torchrun",
    }
    return make_result(
        "technique/distributed_training",
        "technical.distributed:train_ddp",
        "torchrun --standalone --nproc-per-node=2 -m technical.distributed",
        body,
    )


def run_all(
    config: BenchConfig = BenchConfig(),
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the selected steps and return the evidence document (not yet written).

    Raises:
        TechnicalUserError: an unknown key in ``config.only``, or torchrun missing when the
            distributed step is selected.
    """
    known = {s.key for s in STEPS} | {"distributed"}
    unknown = sorted(set(config.only) - known)
    if unknown:
        raise TechnicalUserError(
            f"unknown bench step(s) {', '.join(unknown)}; choose from {', '.join(sorted(known))}"
        )
    wanted = set(config.only) or known
    if config.distributed and "distributed" in wanted:
        from technical.distributed import find_torchrun

        find_torchrun(config.torchrun)  # fail before minutes of other work, not after
    results: list[dict[str, Any]] = []
    for step in STEPS:
        if step.key in wanted:
            if progress:
                progress(step.key)
            results.append(run_step(step, config.seed, config.device))
    if config.distributed and "distributed" in wanted:
        if progress:
            progress("distributed")
        results.append(_distributed_entry(config))
    if not results:
        raise TechnicalUserError("nothing to run: every selected step was skipped")
    return make_evidence(results, config.device)
