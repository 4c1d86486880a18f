"""Optimizers by name: sgd, momentum, nesterov, adam, adamw, adadelta, rmsprop."""

from __future__ import annotations

from collections.abc import Iterable

import torch

from technical.errors import TechnicalUserError

__all__ = ["OPTIMIZERS", "build_optimizer"]

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adam", "adamw", "adadelta", "rmsprop")


def build_optimizer(
    params: Iterable[torch.nn.Parameter],
    name: str = "adam",
    lr: float = 1e-3,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
) -> torch.optim.Optimizer:
    """Build an optimizer by name.

    ``sgd`` is plain SGD; ``momentum`` is SGD with heavy-ball ``momentum``; ``nesterov`` uses
    Nesterov momentum; ``adadelta`` scales its update by ``lr`` (1.0 is the usual value);
    ``rmsprop`` uses ``alpha=0.99``.

    Raises:
        TechnicalUserError: unknown name or a learning rate outside (0, 10].

    Examples:
        >>> model = torch.nn.Linear(2, 1)
        >>> type(build_optimizer(model.parameters(), "momentum", lr=0.1)).__name__
        'SGD'
    """
    if not (0.0 < lr <= 10.0):
        raise TechnicalUserError(f"learning rate must be in (0, 10], got {lr}")
    if not 0.0 <= momentum < 1.0:
        raise TechnicalUserError(f"momentum must be in [0, 1), got {momentum}")
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=weight_decay)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    if name == "nesterov":
        if momentum == 0.0:
            raise TechnicalUserError("nesterov needs a momentum in (0, 1), got 0")
        return torch.optim.SGD(
            params, lr=lr, momentum=momentum, nesterov=True, weight_decay=weight_decay
        )
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    if name == "adadelta":
        return torch.optim.Adadelta(params, lr=lr, weight_decay=weight_decay)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, weight_decay=weight_decay)
    raise TechnicalUserError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")
