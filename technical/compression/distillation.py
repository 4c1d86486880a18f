"""Knowledge distillation: a small student learns from a teacher's softened outputs.

Loss on a batch (logits s from the student, t from the teacher, labels y, temperature T):

    L = alpha * T^2 * KL(softmax(t / T) || softmax(s / T)) + (1 - alpha) * CE(s, y)

The T^2 factor keeps the soft term's gradient on the same scale as the hard term's when T
changes (the soft gradients shrink as 1/T^2). The comparison the kernel reports is fair: the
"alone" student starts from the same initial weights and sees the same batches in the same order.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from technical.compression.fitting import FitConfig, fit
from technical.errors import TechnicalUserError

__all__ = ["DistillConfig", "DistillResult", "agreement", "distill", "distillation_loss"]


@dataclass(frozen=True)
class DistillConfig:
    temperature: float = 4.0  # T > 0; softens both distributions (1 = plain softmax)
    alpha: float = 0.7  # weight of the soft (teacher) term; 1 - alpha on the hard labels
    fit: FitConfig = field(  # same schedule for both students
        default_factory=lambda: FitConfig(epochs=30, lr=1e-3)
    )


@dataclass
class DistillResult:
    student: nn.Module  # trained with the teacher
    alone: nn.Module  # same architecture, init and batches, trained on labels only
    history: list[float] = field(default_factory=list)  # distillation loss per epoch
    history_alone: list[float] = field(default_factory=list)  # cross-entropy per epoch


def distillation_loss(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    targets: torch.Tensor,
    temperature: float = 4.0,
    alpha: float = 0.7,
) -> torch.Tensor:
    """Soft/hard mix on logits (B, C) and labels (B,); the soft KL term is scaled by T^2.

    Examples:
        >>> z = torch.tensor([[2.0, 0.0]])
        >>> float(distillation_loss(z, z, torch.tensor([0]), temperature=2.0, alpha=1.0))
        0.0
    """
    T = temperature
    log_p_student = F.log_softmax(student_logits / T, dim=1)  # (B, C)
    p_teacher = F.softmax(teacher_logits / T, dim=1)  # (B, C)
    soft = F.kl_div(log_p_student, p_teacher, reduction="batchmean") * (T * T)
    hard = F.cross_entropy(student_logits, targets)
    return alpha * soft + (1.0 - alpha) * hard


def _count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


@torch.no_grad()
def agreement(a: nn.Module, b: nn.Module, X: torch.Tensor) -> float:
    """Fraction of rows of ``X`` on which both models predict the same class."""
    a.eval()
    b.eval()
    return float((a(X).argmax(1) == b(X).argmax(1)).float().mean())


def distill(
    teacher: nn.Module,
    student: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    config: DistillConfig = DistillConfig(),
) -> DistillResult:
    """Train a copy of ``student`` against ``teacher`` and, for comparison, a copy on labels only.

    Raises:
        TechnicalUserError: the student has at least as many parameters as the teacher, or
            T <= 0, or alpha outside [0, 1].
    """
    if _count(student) >= _count(teacher):
        raise TechnicalUserError(
            f"the student ({_count(student)} parameters) must be smaller than the teacher "
            f"({_count(teacher)})"
        )
    if config.temperature <= 0:
        raise TechnicalUserError(f"temperature must be > 0, got {config.temperature}")
    if not 0.0 <= config.alpha <= 1.0:
        raise TechnicalUserError(f"alpha must be in [0, 1], got {config.alpha}")
    teacher = teacher.eval()
    distilled = copy.deepcopy(student)
    alone = copy.deepcopy(student)
    with torch.no_grad():  # the teacher is fixed: its logits are computed once, not per batch
        t_all = torch.cat([teacher(X[i : i + 512]) for i in range(0, X.shape[0], 512)])  # (N, C)
    # The trainer indexes targets row by row, so the label rides along as column 0.
    packed = torch.cat([y.to(t_all.dtype)[:, None], t_all], dim=1)  # (N, 1 + C)

    def kd_loss(logits: torch.Tensor, _xb: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        labels, t_logits = target[:, 0].long(), target[:, 1:]  # (b,), (b, C)
        return distillation_loss(logits, t_logits, labels, config.temperature, config.alpha)

    torch.manual_seed(config.fit.seed)  # same dropout masks for both students
    history = fit(distilled, X, packed, config.fit, loss_fn=kd_loss)
    torch.manual_seed(config.fit.seed)
    history_alone = fit(alone, X, y, config.fit)
    return DistillResult(distilled, alone, history, history_alone)
