"""The command line, run as a subprocess: help, JSON shape, exit statuses and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

COMMANDS = ["train", "cv", "tune", "ensemble", "embed", "lm", "generate"]


def _run(repo_root: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": repo_root, "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "technical", *args],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_top_level_help_lists_every_command(repo_root: str) -> None:
    top = _run(repo_root, "--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from technical.cli import main

    with pytest.raises(SystemExit) as exit_info:  # in process: argparse exits after --help
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--seed" in out and "--device" in out and "--json" in out


def test_train_writes_the_documented_json(repo_root: str, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = _run(
        repo_root, "train", "--model", "mlp", "--epochs", "2", "--device", "cpu", "--json", str(out)
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    assert {"command", "config", "metrics", "params", "seconds", "device"} <= set(result)
    assert result["command"] == "train" and result["device"] == "cpu"
    assert result["params"] == 64 * 128 + 128 + 128 * 10 + 10
    assert 0.0 <= result["metrics"]["accuracy"] <= 1.0


def test_json_to_stdout(repo_root: str) -> None:
    proc = _run(repo_root, "lm", "--skip-neural", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["metrics"]["ngram_perplexity"] > 1.0


@pytest.mark.parametrize(
    "argv,message",
    [
        (["train", "--model", "resnet"], "invalid choice: 'resnet'"),
        (["train", "--dataset", "cifar"], "invalid choice: 'cifar'"),
        (["train", "--bogus"], "unrecognized arguments: --bogus"),
        (["train", "--epochs", "0"], "--epochs: must be an integer in 1..10000, got 0"),
        (["train", "--epochs", "20000"], "--epochs: must be an integer in 1..10000, got 20000"),
        (["train", "--lr", "-1"], "--lr: must be a number in (0, 10], got -1"),
        (["train", "--lr", "100"], "--lr: must be a number in (0, 10], got 100"),
        (["train", "--threads", "0"], "--threads: must be an integer in 1..1024, got 0"),
        (["embed", "--corpus", "wiki"], "invalid choice: 'wiki'"),
    ],
)
def test_bad_input_exits_2_with_one_line(repo_root: str, argv: list[str], message: str) -> None:
    proc = _run(repo_root, *argv)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_cuda_without_gpu_exits_2(repo_root: str) -> None:
    proc = _run(repo_root, "train", "--device", "cuda")
    assert proc.returncode == 2 and "no CUDA GPU" in proc.stderr


def test_bad_checkpoints_exit_2(repo_root: str, tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.pt"
    corrupt.write_bytes(b"\x00garbage")
    proc = _run(repo_root, "train", "--epochs", "2", "--checkpoint", str(corrupt), "--resume")
    assert proc.returncode == 2 and "corrupt" in proc.stderr and "Traceback" not in proc.stderr

    ckpt = tmp_path / "mlp.pt"
    assert _run(repo_root, "train", "--epochs", "1", "--checkpoint", str(ckpt)).returncode == 0
    proc = _run(
        repo_root, "train", "--model", "cnn", "--epochs", "2", "--checkpoint", str(ckpt), "--resume"
    )
    assert proc.returncode == 2 and "not 'CNN'" in proc.stderr


@pytest.mark.parametrize(
    ("redirect", "message"),
    [(">/dev/full", "No space left on device"), (">&-", "it is closed")],
)
def test_json_to_an_unwritable_stdout_exits_2(repo_root: str, redirect: str, message: str) -> None:
    env = {**os.environ, "PYTHONPATH": repo_root, "OMP_NUM_THREADS": "1"}
    command = f"'{sys.executable}' -m technical lm --skip-neural --json - {redirect}"
    proc = subprocess.run(
        ["sh", "-c", command], cwd=repo_root, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 2, proc.stderr
    assert "technical lm: error: cannot write the result to stdout: " in proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("blocked", "argv"), [("torch", ["--help"]), ("sklearn", ["cv", "--epochs", "1"])]
)
def test_without_the_technical_extra_the_cli_says_how_to_install_it(
    repo_root: str, blocked: str, argv: list[str]
) -> None:
    # `sys.modules[name] = None` makes every import of it fail as if it were not installed;
    # .ci/wheel-check runs the same check in a real venv without torch
    script = (
        f"import sys; sys.modules[{blocked!r}] = None\n"
        "from technical.cli import main\n"
        f"raise SystemExit(main({argv!r}))\n"
    )
    env = {**os.environ, "PYTHONPATH": repo_root, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=repo_root, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 2, proc.stderr
    assert f"and {blocked} is not installed here" in proc.stderr
    assert "pip install 'advisor[technical]'" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_json_into_a_missing_folder_exits_2(repo_root: str, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "r.json"
    proc = _run(repo_root, "lm", "--skip-neural", "--json", str(target))
    assert proc.returncode == 2, proc.stderr
    assert f"{target}: cannot write" in proc.stderr and "Traceback" not in proc.stderr
