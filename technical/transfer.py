"""Transfer learning: pretrain on some classes, freeze the backbone, fit a new head on others.

The "head" is the model's last ``nn.Linear`` (found by name); everything before it is the
backbone. :func:`transfer_study` runs the whole comparison the book describes: pretrain on the
source classes, then for several label budgets per target class, fine-tune the frozen-backbone
model and train the same architecture from scratch on exactly the same few labels.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from technical.compression.fitting import FitConfig, fit
from technical.compression.measure import accuracy
from technical.errors import TechnicalUserError

__all__ = [
    "TransferConfig",
    "few_shot_indices",
    "fine_tune",
    "head_name",
    "replace_head",
    "select_classes",
    "transfer_study",
]


def head_name(model: nn.Module) -> str:
    """Dotted name of the last ``nn.Linear`` in registration order (the classifier head)."""
    names = [n for n, m in model.named_modules() if isinstance(m, nn.Linear)]
    if not names:
        raise TechnicalUserError("transfer needs a model whose last layer is an nn.Linear")
    return str(names[-1])


def replace_head(model: nn.Module, num_classes: int, seed: int = 0) -> nn.Module:
    """A copy of ``model`` with a freshly initialised head of ``num_classes`` outputs."""
    work = copy.deepcopy(model)
    name = head_name(work)
    old = work.get_submodule(name)
    assert isinstance(old, nn.Linear)
    torch.manual_seed(seed)
    parent_name, _, child = name.rpartition(".")
    parent = work.get_submodule(parent_name) if parent_name else work
    setattr(parent, child, nn.Linear(old.in_features, num_classes))
    return work


def fine_tune(
    pretrained: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    num_classes: int,
    config: FitConfig | None = None,
    freeze_backbone: bool = True,
) -> nn.Module:
    """New head on ``pretrained``; train it (only it, when ``freeze_backbone``) on ``X``, ``y``.

    With a frozen backbone the backbone runs once, in eval mode (no dropout noise, fixed
    normalisation statistics), to produce the head's input features; the head is then trained
    on those features, which is the same optimisation as back-propagating through a frozen
    backbone, only cheaper. ``config`` defaults to 100 epochs of Adam at lr 1e-2.
    """
    config = config or FitConfig(epochs=100, lr=1e-2)
    model = replace_head(pretrained, num_classes, seed=config.seed)
    head = model.get_submodule(head_name(model))
    if not freeze_backbone:
        fit(model, X, y, config)
        return model.eval()
    captured: list[torch.Tensor] = []
    hook = head.register_forward_pre_hook(lambda _m, inputs: captured.append(inputs[0].detach()))
    try:
        with torch.no_grad():
            model.eval()(X)
    finally:
        hook.remove()
    features = captured[0]  # (N, head.in_features), what the frozen backbone feeds the head
    fit(head, features, y, config)
    return model.eval()


def few_shot_indices(y: torch.Tensor, per_class: int | None, seed: int = 0) -> torch.Tensor:
    """Indices of ``per_class`` random rows of every class in ``y`` (all rows when None)."""
    if per_class is None:
        return torch.arange(y.shape[0])
    generator = torch.Generator().manual_seed(seed)
    chosen = []
    for cls in torch.unique(y).tolist():
        rows = torch.nonzero(y == cls).flatten()
        if rows.numel() < per_class:
            raise TechnicalUserError(
                f"class {cls} has {rows.numel()} samples, fewer than {per_class} requested"
            )
        chosen.append(rows[torch.randperm(rows.numel(), generator=generator)[:per_class]])
    return torch.sort(torch.cat(chosen)).values


@dataclass(frozen=True)
class TransferConfig:
    source_classes: tuple[int, ...] = (0, 1, 2, 3, 4)  # pretraining classes
    target_classes: tuple[int, ...] = (5, 6, 7, 8, 9)  # new task (relabelled 0..k-1)
    budgets: tuple[int | None, ...] = (10, 50, None)  # labels per target class; None = all
    pretrain: FitConfig = field(  # backbone training on the source classes
        default_factory=lambda: FitConfig(epochs=30, lr=1e-3)
    )
    finetune: FitConfig = field(  # head only, frozen backbone
        default_factory=lambda: FitConfig(epochs=100, lr=1e-2)
    )
    scratch: FitConfig = field(  # whole model, from random init
        default_factory=lambda: FitConfig(epochs=100, lr=1e-3)
    )
    seed: int = 0  # label sampling and initialisation


@dataclass
class TransferStudy:
    pretrained: nn.Module
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per label budget


def select_classes(
    X: torch.Tensor, y: torch.Tensor, classes: tuple[int, ...]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Rows of ``classes`` only, labels renumbered 0..len(classes)-1 in the given order."""
    mask = torch.isin(y, torch.tensor(classes))
    remap = {c: i for i, c in enumerate(classes)}
    return X[mask], torch.tensor([remap[int(v)] for v in y[mask]], dtype=torch.long)


def transfer_study(
    make_model: Callable[[int], nn.Module],
    X_train: torch.Tensor,
    y_train: torch.Tensor,
    X_test: torch.Tensor,
    y_test: torch.Tensor,
    config: TransferConfig = TransferConfig(),
) -> TransferStudy:
    """Pretrain ``make_model(len(source))`` on the source classes, then per label budget compare
    a frozen-backbone fine-tune (new head only), a full fine-tune from the pretrained weights
    (same schedule as scratch) and ``make_model(len(target))`` trained from scratch.

    Raises:
        TechnicalUserError: source and target classes overlap or a budget exceeds the data.
    """
    if set(config.source_classes) & set(config.target_classes):
        raise TechnicalUserError("source and target classes must not overlap")
    Xs, ys = select_classes(X_train, y_train, config.source_classes)
    Xt, yt = select_classes(X_train, y_train, config.target_classes)
    Xt_test, yt_test = select_classes(X_test, y_test, config.target_classes)
    torch.manual_seed(config.seed)
    pretrained = make_model(len(config.source_classes))
    fit(pretrained, Xs, ys, config.pretrain)
    study = TransferStudy(pretrained.eval())
    k = len(config.target_classes)
    for budget in config.budgets:
        idx = few_shot_indices(yt, budget, seed=config.seed)
        tuned = fine_tune(pretrained, Xt[idx], yt[idx], k, config.finetune)
        whole = fine_tune(pretrained, Xt[idx], yt[idx], k, config.scratch, freeze_backbone=False)
        torch.manual_seed(config.seed)
        scratch = make_model(k)
        fit(scratch, Xt[idx], yt[idx], config.scratch)
        study.rows.append(
            {
                "labels_per_class": "all" if budget is None else budget,
                "train_rows": int(idx.numel()),
                "transfer_accuracy": accuracy(tuned, Xt_test, yt_test),
                "finetune_all_accuracy": accuracy(whole, Xt_test, yt_test),
                "scratch_accuracy": accuracy(scratch.eval(), Xt_test, yt_test),
                "tuned_model": tuned,
                "scratch_model": scratch,
            }
        )
    return study
