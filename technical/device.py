"""Choose the torch device from a ``cpu|cuda|auto`` name."""

from __future__ import annotations

import torch

from technical.errors import TechnicalUserError

__all__ = ["DEVICE_CHOICES", "resolve_device"]

DEVICE_CHOICES = ("cpu", "cuda", "auto")


def resolve_device(name: str) -> torch.device:
    """Return the device for ``name``.

    ``auto`` picks CUDA when available, else CPU.

    Raises:
        TechnicalUserError: ``name`` is not one of ``cpu|cuda|auto`` (``cuda:N`` is accepted),
            or CUDA is asked for and no GPU is visible.

    Examples:
        >>> resolve_device("cpu")
        device(type='cpu')
    """
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cpu":
        return torch.device("cpu")
    if name == "cuda" or name.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise TechnicalUserError(
                f"--device {name} was requested but no CUDA GPU is available; "
                "use --device cpu or --device auto"
            )
        return torch.device(name)
    raise TechnicalUserError(f"unknown device {name!r}; choose one of cpu, cuda, auto")
