"""The commands as a user runs them: exit statuses and the JSON shape, in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import torch

FAST = ["--hidden", "16", "--epochs", "1", "--rounds", "2"]


def cli(repo_root: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": repo_root, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "technical", *argv],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_quantize_json_has_the_documented_shape(repo_root: str) -> None:
    done = cli(repo_root, "quantize", *FAST, "--json", "-")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    for key in ("command", "config", "baseline", "result", "ratios", "backend", "seconds"):
        assert key in body
    for side in ("baseline", "result"):
        assert set(body[side]) == {
            "accuracy",
            "size_bytes",
            "latency_ms_b1",
            "latency_ms_b64",
            "params",
        }
    assert body["command"] == "quantize"
    assert "DeprecationWarning" not in done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["prune", *FAST, "--amount", "1.5"], "--amount: must be a number in (0, 1), got 1.5"),
        (["distill", *FAST, "--student-hidden", "64"], "must be smaller than the teacher"),
        (
            ["federated", "--clients", "5000", "--fed-rounds", "1", "--rounds", "2"],
            "clients but only",
        ),
        (
            ["bench", "--only", "distributed", "--torchrun", "/nonexistent/torchrun"],
            "torchrun not found",
        ),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    repo_root: str, argv: list[str], message: str
) -> None:
    done = cli(repo_root, *argv)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr


def test_a_model_file_that_is_not_what_it_claims_exits_2(repo_root: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    garbage = tmp_path / "model.pt"
    garbage.write_bytes(b"this is not a torch file")
    wrong = tmp_path / "wrong.pt"
    torch.save({"net.0.weight": torch.zeros(3, 3)}, wrong)
    for path, message in (
        (garbage, "not a readable torch weights file"),
        (wrong, "does not match"),
    ):
        done = cli(repo_root, "quantize", *FAST, "--model-file", str(path))
        assert done.returncode == 2, done.stderr
        assert message in done.stderr
