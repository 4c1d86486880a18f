"""SIGTERM unwinds a run like Ctrl-C: exit status 143, a one-line message, and no temporary
file left beside what was being written (the previous file, if any, is intact).

To land the signal inside a write every time, the runs below go through a wrapper whose
``os.fsync`` (the step between writing the temporary file and renaming it) announces itself on
stdout and then stalls like a slow disk; everything else is the real command line and the real
writer (advisor.files.atomic via technical.atomic).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

_SLOW_DISK = """
import os, sys, time

def stalled_fsync(fd):
    print("fsync", flush=True)
    time.sleep(60)

os.fsync = stalled_fsync
from technical.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _env(repo_root: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": repo_root, "OMP_NUM_THREADS": "1"}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _terminate_inside_the_write(repo_root: str, folder: Path, argv: list[str]) -> tuple[int, str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_DISK, *argv],
        cwd=repo_root,
        env=_env(repo_root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "fsync"  # blocks until the write has begun
        assert len(_leftovers(folder)) == 1  # the temporary file exists now
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return proc.returncode, err


@pytest.mark.parametrize(
    ("name", "argv"),
    [
        ("result.json", ["lm", "--skip-neural", "--json"]),
        ("mlp.pt", ["train", "--epochs", "3", "--no-progress", "--checkpoint"]),
    ],
)
def test_sigterm_inside_a_write_exits_143_and_leaves_no_temporary_file(
    repo_root: str, tmp_path: Path, name: str, argv: list[str]
) -> None:
    target = tmp_path / name
    target.write_bytes(b"the previous file")
    code, err = _terminate_inside_the_write(repo_root, tmp_path, [*argv, str(target)])
    assert code == 143, err
    assert err.strip().endswith(": terminated") and "Traceback" not in err
    assert _leftovers(tmp_path) == []
    assert target.read_bytes() == b"the previous file"


def test_sigterm_during_training_with_checkpoints_exits_143_and_leaves_no_temp_file(
    repo_root: str, tmp_path: Path
) -> None:
    from technical.training.checkpoint import load_checkpoint

    ckpt = tmp_path / "mlp.pt"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "technical",
            "train",
            "--epochs",
            "10000",
            "--checkpoint",
            str(ckpt),
            "--no-progress",
        ],
        cwd=repo_root,
        env=_env(repo_root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not ckpt.exists():  # a checkpoint is written after every epoch
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)  # a few more epochs (and checkpoint writes) into the run
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert err.strip() == "technical train: terminated"
    assert _leftovers(tmp_path) == []
    assert load_checkpoint(ckpt)["epoch"] >= 0  # the last complete checkpoint still loads
