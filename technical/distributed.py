"""Data-parallel training with DistributedDataParallel, launched through ``torchrun``.

Every rank builds the same model from the same seed, walks the same shuffled order of global
batches and takes its own slice of each one (rank r gets rows r, r + W, r + 2W, ...). DDP
all-reduces (averages) the gradients, so with equal slices and mean-reduced losses each step
equals a single-process step on the whole global batch: :func:`train_reference` is that single
process, and the test compares the two weight sets. gloo on CPU, nccl on GPU.

Run a worker by hand with ``torchrun --standalone --nproc-per-node 2 -m technical.distributed
--out weights.pt``; :func:`launch_ddp` does exactly that from Python.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from technical.atomic import write_atomic
from technical.errors import TechnicalUserError

__all__ = ["DDPConfig", "find_torchrun", "launch_ddp", "train_ddp", "train_reference"]


@dataclass(frozen=True)
class DDPConfig:
    samples: int = 1024  # training rows taken from the digits split (keeps the check fast)
    epochs: int = 10  # passes over those rows
    batch_size: int = 64  # global batch, split evenly across ranks (must divide by world size)
    lr: float = 0.5  # plain SGD step size (no momentum, so both runs take identical steps)
    hidden: int = 32  # MLP width
    seed: int = 0  # model init and batch order, identical on every rank


def _model(config: DDPConfig) -> nn.Module:
    from technical.models.mlp import MLP

    torch.manual_seed(config.seed)
    return MLP(in_features=64, hidden=config.hidden, num_classes=10, dropout=0.0)


def _data(config: DDPConfig) -> tuple[torch.Tensor, torch.Tensor]:
    from technical.data import load_digits_split

    X_train, _, y_train, _ = load_digits_split(seed=config.seed)
    return X_train[: config.samples], y_train[: config.samples]


def _batches(n: int, config: DDPConfig, epoch: int) -> list[torch.Tensor]:
    order = torch.randperm(n, generator=torch.Generator().manual_seed(config.seed + epoch))
    full = n - n % config.batch_size  # drop the ragged tail so every slice has equal size
    return [order[s : s + config.batch_size] for s in range(0, full, config.batch_size)]


def train_reference(config: DDPConfig = DDPConfig()) -> nn.Module:
    """The single-process run that DDP must reproduce (same batches, same steps)."""
    model = _model(config)
    X, y = _data(config)
    opt = torch.optim.SGD(model.parameters(), lr=config.lr)
    model.train()
    for epoch in range(config.epochs):
        for idx in _batches(X.shape[0], config, epoch):
            loss = F.cross_entropy(model(X[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]
            opt.step()
    return model.eval()


def train_ddp(config: DDPConfig = DDPConfig(), out: str | None = None) -> dict[str, Any]:
    """Body of one ``torchrun`` worker: train with DDP; rank 0 saves the weights to ``out``.

    Must run under ``torchrun`` (it reads RANK / WORLD_SIZE / MASTER_ADDR from the environment).
    """
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel as DDP

    if "RANK" not in os.environ:
        raise TechnicalUserError("train_ddp must run under torchrun (RANK is not set)")
    use_cuda = torch.cuda.is_available()
    dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    try:
        rank, world = dist.get_rank(), dist.get_world_size()
        if config.batch_size % world:
            raise TechnicalUserError(
                f"batch_size {config.batch_size} must be divisible by world size {world}"
            )
        device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}" if use_cuda else "cpu")
        model = _model(config).to(device)
        ddp = DDP(model, device_ids=[device.index] if use_cuda else None)
        X, y = _data(config)
        opt = torch.optim.SGD(ddp.parameters(), lr=config.lr)
        ddp.train()  # type: ignore[no-untyped-call]
        start = time.perf_counter()
        for epoch in range(config.epochs):
            for idx in _batches(X.shape[0], config, epoch):
                mine = idx[rank::world]  # (batch / world,) this rank's slice
                loss = F.cross_entropy(ddp(X[mine].to(device)), y[mine].to(device))
                opt.zero_grad(set_to_none=True)
                loss.backward()  # type: ignore[no-untyped-call]  # grads all-reduced here
                opt.step()
        seconds = time.perf_counter() - start
        info = {"world_size": world, "backend": dist.get_backend(), "train_seconds": seconds}
        if rank == 0 and out is not None:
            state = {k: v.cpu() for k, v in model.state_dict().items()}
            saved = {"state_dict": state, "info": info}
            write_atomic(out, lambda handle: torch.save(saved, handle))
        dist.barrier()
        return info
    finally:
        dist.destroy_process_group()


def find_torchrun(explicit: str | None = None) -> str:
    """Path of the ``torchrun`` launcher: ``explicit``, next to this Python, or on PATH.

    Raises:
        TechnicalUserError: no runnable ``torchrun`` was found.
    """
    if explicit is not None:
        if shutil.which(explicit) is None:
            raise TechnicalUserError(f"torchrun not found at {explicit!r}")
        return explicit
    beside = Path(sys.executable).parent / "torchrun"
    if beside.exists():
        return str(beside)
    found = shutil.which("torchrun")
    if found is None:
        raise TechnicalUserError("torchrun is not installed (it ships with torch); check PATH")
    return found


def launch_ddp(
    config: DDPConfig = DDPConfig(),
    nproc: int = 2,
    torchrun: str | None = None,
    timeout_s: float = 300.0,
) -> tuple[nn.Module, dict[str, Any]]:
    """Run ``nproc`` DDP workers through ``torchrun`` and return rank 0's model and run info.

    Raises:
        TechnicalUserError: torchrun missing, or the workers failed (their stderr tail quoted).
    """
    launcher = find_torchrun(torchrun)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ddp.pt")
        cmd = [
            launcher,
            "--standalone",
            f"--nproc-per-node={nproc}",
            "-m",
            "technical.distributed",
            "--out",
            out,
            "--config",
            json.dumps(asdict(config)),
        ]
        env = {**os.environ, "OMP_NUM_THREADS": "1"}
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        start = time.perf_counter()
        for _attempt in range(2):  # one retry: a --standalone rendezvous can lose a port race
            try:
                done = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=timeout_s, env=env, check=False
                )
            except FileNotFoundError:
                raise TechnicalUserError(f"torchrun could not be started: {launcher}") from None
            except subprocess.TimeoutExpired:
                raise TechnicalUserError(
                    f"torchrun did not finish within {timeout_s:.0f}s"
                ) from None
            if done.returncode == 0 and os.path.exists(out):
                break
        if done.returncode != 0 or not os.path.exists(out):
            tail = (done.stderr or done.stdout)[-800:]
            raise TechnicalUserError(f"torchrun failed (exit {done.returncode}): {tail}")
        payload = torch.load(out, weights_only=True)
    model = _model(config)
    model.load_state_dict(payload["state_dict"])
    info = dict(payload["info"])
    info["wall_seconds"] = time.perf_counter() - start
    return model.eval(), info


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="one DDP worker (run me under torchrun)")
    parser.add_argument("--out", default=None, help="where rank 0 saves the trained weights")
    parser.add_argument("--config", default="{}", help="DDPConfig fields as JSON")
    args = parser.parse_args(argv)
    train_ddp(DDPConfig(**json.loads(args.config)), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
