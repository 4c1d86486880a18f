"""Optimizers by name and the per-epoch LR schedules against their closed forms."""

from __future__ import annotations

import math

import pytest
import torch

from technical.errors import TechnicalUserError
from technical.training.optim import OPTIMIZERS, build_optimizer
from technical.training.schedules import build_scheduler


def _lrs(name: str, epochs: int, lr: float = 0.1, **kwargs: float) -> list[float]:
    opt = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=lr)
    sched = build_scheduler(opt, name, **kwargs)  # type: ignore[arg-type]
    out = []
    for _ in range(epochs):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_reduces_a_quadratic(name: str) -> None:
    w = torch.nn.Parameter(torch.tensor([3.0]))
    opt = build_optimizer([w], name, lr=1.0 if name == "adadelta" else 0.05)
    for _ in range(50):
        opt.zero_grad()
        (w**2).sum().backward()
        opt.step()
    assert abs(float(w.detach())) < 3.0


def test_momentum_is_sgd_with_momentum() -> None:
    opt = build_optimizer(torch.nn.Linear(1, 1).parameters(), "momentum", lr=0.1, momentum=0.8)
    assert isinstance(opt, torch.optim.SGD) and opt.param_groups[0]["momentum"] == 0.8


@pytest.mark.parametrize("lr", [0.0, -1.0, 11.0])
def test_learning_rate_out_of_range_is_a_user_error(lr: float) -> None:
    with pytest.raises(TechnicalUserError, match="learning rate"):
        build_optimizer(torch.nn.Linear(1, 1).parameters(), "sgd", lr=lr)


def test_unknown_optimizer_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="unknown optimizer"):
        build_optimizer(torch.nn.Linear(1, 1).parameters(), "lbfgs")


def test_exponential_decay_is_the_books_0_1_times_0_95_to_the_epoch() -> None:
    for epoch, lr in enumerate(_lrs("exponential", 10, gamma=0.95)):
        assert lr == pytest.approx(0.1 * 0.95**epoch, rel=1e-12)


def test_step_decay_drops_every_step_size_epochs() -> None:
    assert _lrs("step", 7, gamma=0.5, step_size=3) == pytest.approx(
        [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025]
    )


def test_cosine_runs_from_base_to_zero() -> None:
    lrs = _lrs("cosine", 11, total_epochs=10)
    assert lrs[0] == pytest.approx(0.1)
    assert lrs[5] == pytest.approx(0.05)
    assert lrs[10] == pytest.approx(0.0, abs=1e-12)
    for e, lr in enumerate(lrs):
        assert lr == pytest.approx(0.05 * (1 + math.cos(math.pi * min(e, 10) / 10)), abs=1e-12)


def test_linear_warmup_then_constant() -> None:
    assert _lrs("warmup", 6, warmup_epochs=4) == pytest.approx([0.025, 0.05, 0.075, 0.1, 0.1, 0.1])


def test_unknown_schedule_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="unknown schedule"):
        _lrs("triangular", 1)
