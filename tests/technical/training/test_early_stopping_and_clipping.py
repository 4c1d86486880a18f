"""Early stopping bookkeeping and gradient clipping against torch.nn.utils. Tolerance 1e-6."""

from __future__ import annotations

import pytest
import torch

from technical.training.clipping import clip_gradients
from technical.training.early_stopping import EarlyStopping


def test_early_stopping_waits_patience_epochs_without_improvement() -> None:
    stopper = EarlyStopping(patience=3)
    decisions = [stopper.step(v) for v in [1.0, 0.8, 0.85, 0.9, 0.95]]
    assert decisions == [False, False, False, False, True]
    assert (stopper.best, stopper.best_epoch) == (0.8, 1)


def test_early_stopping_min_delta_ignores_tiny_gains() -> None:
    stopper = EarlyStopping(patience=2, min_delta=0.1)
    assert [stopper.step(v) for v in [1.0, 0.95, 0.92]] == [False, False, True]


def test_early_stopping_state_round_trips() -> None:
    a = EarlyStopping(patience=2)
    a.step(1.0)
    a.step(1.2)
    b = EarlyStopping(patience=2)
    b.load_state_dict(a.state_dict())
    assert b.step(1.3) is True


def _grads(seed: int) -> list[torch.nn.Parameter]:
    g = torch.Generator().manual_seed(seed)
    params = [torch.nn.Parameter(torch.zeros(s)) for s in [(3, 4), (5,), (2, 2, 2)]]
    for p in params:
        p.grad = torch.randn(p.shape, generator=g) * 3
    return params


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf")])
def test_clip_by_norm_matches_torch(norm_type: float) -> None:
    ours, ref = _grads(0), _grads(0)
    total = clip_gradients(ours, max_norm=1.5, norm_type=norm_type)
    ref_total = torch.nn.utils.clip_grad_norm_(ref, max_norm=1.5, norm_type=norm_type)
    assert total == pytest.approx(float(ref_total), rel=1e-6)
    for a, b in zip(ours, ref, strict=True):
        torch.testing.assert_close(a.grad, b.grad, atol=1e-6, rtol=0)


def test_clip_by_value_matches_torch() -> None:
    ours, ref = _grads(1), _grads(1)
    clip_gradients(ours, max_value=0.5)
    torch.nn.utils.clip_grad_value_(ref, 0.5)
    for a, b in zip(ours, ref, strict=True):
        torch.testing.assert_close(a.grad, b.grad, atol=0, rtol=0)


def test_small_gradients_are_left_alone() -> None:
    params = _grads(2)
    before = [p.grad.clone() for p in params]
    clip_gradients(params, max_norm=1e6)
    for p, b in zip(params, before, strict=True):
        torch.testing.assert_close(p.grad, b, atol=1e-6, rtol=1e-6)
