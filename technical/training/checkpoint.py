"""Checkpoints that resume bit for bit: model, optimizer, scheduler, early-stopping state,
history, epoch and every RNG state, written atomically (temp file + ``os.replace``)."""

from __future__ import annotations

import os
import random
from typing import Any

import numpy as np
import torch
from torch import nn

from technical.atomic import write_atomic
from technical.errors import TechnicalUserError

__all__ = [
    "capture_rng_state",
    "load_checkpoint",
    "model_signature",
    "restore_rng_state",
    "save_checkpoint",
]

FORMAT = "technical-checkpoint/1"


def model_signature(model: nn.Module) -> dict[str, Any]:
    """Class name plus every parameter/buffer name and shape: what must match to resume."""
    return {
        "class": type(model).__name__,
        "shapes": {k: list(v.shape) for k, v in model.state_dict().items()},
    }


def capture_rng_state() -> dict[str, Any]:
    """Python, NumPy and torch (CPU and, when present, CUDA) RNG states, ``weights_only``-safe."""
    np_state: tuple[Any, ...] = tuple(np.random.get_state())
    state: dict[str, Any] = {
        "python": random.getstate(),
        "numpy": [np_state[0], torch.from_numpy(np_state[1].copy()), *np_state[2:]],
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng_state(state: dict[str, Any]) -> None:
    """Inverse of :func:`capture_rng_state`."""
    version, inner, gauss = state["python"]
    random.setstate((version, tuple(inner), gauss))
    name, keys, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((name, keys.numpy(), pos, has_gauss, cached))
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def save_checkpoint(path: str | os.PathLike[str], payload: dict[str, Any]) -> None:
    """Write ``payload`` (plus a format tag) to ``path`` atomically."""
    write_atomic(path, lambda handle: torch.save({"format": FORMAT, **payload}, handle))


def load_checkpoint(path: str | os.PathLike[str], model: nn.Module | None = None) -> dict[str, Any]:
    """Read a checkpoint; when ``model`` is given, check it was saved from the same architecture.

    Raises:
        TechnicalUserError: missing, corrupt or foreign file, or a different model.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise TechnicalUserError(f"checkpoint {path} does not exist")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise TechnicalUserError(
            f"checkpoint {path} is corrupt or not a checkpoint ({type(exc).__name__})"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise TechnicalUserError(f"{path} is not a technical checkpoint ({FORMAT})")
    if model is not None:
        expected = model_signature(model)
        saved = payload.get("signature", {})
        if saved.get("class") != expected["class"]:
            raise TechnicalUserError(
                f"checkpoint {path} was saved from model {saved.get('class')!r}, "
                f"not {expected['class']!r}"
            )
        if saved.get("shapes") != expected["shapes"]:
            raise TechnicalUserError(
                f"checkpoint {path} has different layer shapes than this {expected['class']} "
                "(another data set or size?)"
            )
    return payload
