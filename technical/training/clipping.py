"""Gradient clipping by global norm or by value, written out so it can be checked against torch."""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import nn

__all__ = ["clip_gradients"]


def clip_gradients(
    params: nn.Module | Iterable[torch.nn.Parameter],
    max_norm: float | None = None,
    max_value: float | None = None,
    norm_type: float = 2.0,
    eps: float = 1e-6,
) -> float:
    """Clip gradients in place and return the total gradient norm *before* clipping.

    With ``max_norm``, every gradient is scaled by ``min(1, max_norm / (total_norm + eps))``
    where ``total_norm`` is the ``norm_type`` norm of all gradients concatenated (same rule as
    :func:`torch.nn.utils.clip_grad_norm_`). With ``max_value``, each element is clamped to
    ``[-max_value, max_value]`` (after norm clipping when both are given).

    Examples:
        >>> p = nn.Parameter(torch.zeros(2)); p.grad = torch.tensor([3.0, 4.0])
        >>> clip_gradients([p], max_norm=1.0)
        5.0
        >>> [round(v, 4) for v in p.grad.tolist()]
        [0.6, 0.8]
    """
    if isinstance(params, nn.Module):
        params = params.parameters()
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return 0.0
    if norm_type == float("inf"):
        total = torch.stack([g.detach().abs().max() for g in grads]).max()
    else:
        per_tensor = torch.stack([torch.linalg.vector_norm(g.detach(), norm_type) for g in grads])
        total = torch.linalg.vector_norm(per_tensor, norm_type)
    if max_norm is not None:
        scale = torch.clamp(max_norm / (total + eps), max=1.0)
        for g in grads:
            g.detach().mul_(scale.to(g.device))
    if max_value is not None:
        for g in grads:
            g.detach().clamp_(-max_value, max_value)
    return float(total)
