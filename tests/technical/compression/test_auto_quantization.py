"""``--backend auto`` times the int8 copy against fp32 and keeps fp32 when int8 is not faster,
saying so in the JSON (``auto``, ``backend``, ``summary``, ``notice``) and on a printed line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
import torch
from torch import nn

from technical.cli import main
from technical.compression.measure import LatencyConfig
from technical.compression.quantization import Quantized, keep_faster

FEW_ROUNDS = LatencyConfig(warmup=1, rounds=3, calls_per_round=1)


class Sleepy(nn.Module):
    """A linear layer that takes at least ``seconds`` per call: a model slower than any other."""

    def __init__(self, inner: nn.Module, seconds: float) -> None:
        super().__init__()
        self.inner, self.seconds = inner, seconds

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        time.sleep(self.seconds)
        out: torch.Tensor = self.inner(x)
        return out


def test_a_slower_int8_copy_is_dropped_for_an_fp32_copy_of_the_baseline() -> None:
    baseline = nn.Linear(8, 3)
    slow = Quantized(Sleepy(nn.Linear(8, 3), 0.005), "int8 test kernel", ["a note"])
    probe = torch.rand(4, 8)
    kept, choice = keep_faster(baseline, slow, probe, FEW_ROUNDS)
    assert choice.kept == "fp32" and choice.int8_backend == "int8 test kernel"
    assert choice.latency_ms["int8"] > choice.latency_ms["fp32"] and choice.int8_speedup < 1
    assert kept.backend.startswith("fp32") and kept.notes == ["a note", choice.reason]
    assert kept.model is not baseline  # a copy: the caller's model is never handed back
    assert torch.equal(kept.model(probe), baseline(probe))
    assert choice.reason.startswith("kept fp32: int8 (int8 test kernel) measured")


def test_a_faster_int8_copy_is_kept() -> None:
    baseline = Sleepy(nn.Linear(8, 3), 0.005)
    fast = Quantized(nn.Linear(8, 3), "int8 test kernel")
    kept, choice = keep_faster(baseline, fast, torch.rand(4, 8), FEW_ROUNDS)
    assert kept is fast and choice.kept == "int8" and choice.int8_speedup > 1
    assert choice.reason.startswith("kept int8:")


def test_auto_on_the_default_digits_mlp_keeps_whichever_measured_faster(repo_root: str) -> None:
    # the default quantize run: digits, MLP hidden 256, 15 epochs, dynamic int8, --backend auto
    done = subprocess.run(
        [sys.executable, "-m", "technical", "quantize", "--device", "cpu", "--json", "-"],
        cwd=repo_root,
        env={**os.environ, "PYTHONPATH": repo_root, "OMP_NUM_THREADS": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    auto = body["auto"]
    assert auto["batch"] == 64 and auto["int8_backend"].startswith("torch.ao")
    int8_faster = auto["latency_ms"]["int8"] < auto["latency_ms"]["fp32"]
    assert auto["kept"] == ("int8" if int8_faster else "fp32")
    assert body["notice"] == f"auto backend {auto['reason']}"
    if auto["kept"] == "fp32":
        assert body["backend"].startswith("fp32")
        assert body["summary"].startswith("fp32 kept: int8 dynamic measured")
        assert body["result"]["size_bytes"] == body["baseline"]["size_bytes"]
        assert body["result"]["accuracy"] == body["baseline"]["accuracy"]
    else:
        assert body["backend"].startswith("torch.ao")
        assert body["result"]["size_bytes"] < body["baseline"]["size_bytes"]


def test_the_decision_is_printed_under_the_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["quantize", "--hidden", "32", "--epochs", "1", "--rounds", "2", "--device", "cpu"])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("quantize: accuracy=")
    assert lines[1].startswith("quantize: auto backend kept ")
    assert "ms vs fp32" in lines[1] and "at batch 64" in lines[1]


def test_an_explicit_backend_is_always_int8(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["quantize", "--hidden", "32", "--epochs", "1", "--rounds", "2", "--device", "cpu"]
    assert main([*argv, "--backend", "torch.ao", "--json", "-"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["auto"] is None and "notice" not in body
    assert body["backend"].startswith("torch.ao")


def test_the_help_says_what_auto_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["quantize", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "timed against the fp32 model at batch 64 and fp32 is kept when int8 is not faster" in text
    )
