"""Distillation: the loss equals a hand-computed reference; the comparison is fair."""

from __future__ import annotations

import math

import pytest
import torch

from technical.compression.distillation import DistillConfig, distill, distillation_loss
from technical.compression.fitting import FitConfig
from technical.errors import TechnicalUserError
from technical.models.mlp import MLP


def _softmax(z: list[float]) -> list[float]:
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def test_loss_equals_hand_computed_reference_on_a_tiny_case() -> None:
    s, t, T, alpha = [1.0, 0.0, -1.0], [0.0, 2.0, 0.5], 2.0, 0.3
    p_s = _softmax([v / T for v in s])
    p_t = _softmax([v / T for v in t])
    kl = sum(pt * (math.log(pt) - math.log(ps)) for pt, ps in zip(p_t, p_s, strict=True))
    ce = -math.log(_softmax(s)[0])
    expected = alpha * T * T * kl + (1 - alpha) * ce
    got = distillation_loss(torch.tensor([s]), torch.tensor([t]), torch.tensor([0]), T, alpha)
    assert float(got) == pytest.approx(expected, abs=1e-6)


def test_identical_logits_give_zero_soft_loss() -> None:
    z = torch.randn(4, 10)
    assert float(distillation_loss(z, z, torch.zeros(4, dtype=torch.long), 3.0, 1.0)) == (
        pytest.approx(0.0, abs=1e-6)
    )


def test_a_student_not_smaller_than_its_teacher_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="must be smaller than the teacher"):
        distill(MLP(hidden=16), MLP(hidden=64), torch.rand(4, 64), torch.zeros(4, dtype=torch.long))


def test_distilled_and_alone_students_share_init_and_differ_only_by_loss(digits) -> None:  # type: ignore[no-untyped-def]
    X, _, y, _ = digits
    teacher, student = MLP(hidden=64).eval(), MLP(hidden=8)
    init = {k: v.clone() for k, v in student.state_dict().items()}
    cfg = DistillConfig(temperature=4.0, alpha=0.0, fit=FitConfig(epochs=1))
    out = distill(teacher, student, X[:128], y[:128], cfg)  # alpha=0: pure hard loss
    for k, v in out.student.state_dict().items():  # same init, batches, loss -> same weights
        torch.testing.assert_close(v, out.alone.state_dict()[k], atol=1e-6, rtol=0)
    assert all(torch.equal(init[k], v) for k, v in student.state_dict().items())
