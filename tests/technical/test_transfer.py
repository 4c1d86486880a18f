"""Transfer learning: a new head is trained while the frozen backbone stays exactly put."""

from __future__ import annotations

import pytest
import torch

from technical.compression.fitting import FitConfig
from technical.errors import TechnicalUserError
from technical.models.mlp import MLP
from technical.transfer import TransferConfig, few_shot_indices, fine_tune, transfer_study


def test_fine_tune_trains_a_new_head_and_leaves_the_backbone_bit_identical(digits) -> None:  # type: ignore[no-untyped-def]
    X, _, y, _ = digits
    pretrained = MLP(hidden=32, num_classes=5).eval()
    tuned = fine_tune(pretrained, X[:100], y[:100] % 3, num_classes=3, config=FitConfig(epochs=2))
    assert tuned.net[3].out_features == 3  # type: ignore[index]
    torch.testing.assert_close(tuned.net[0].weight, pretrained.net[0].weight, atol=0, rtol=0)  # type: ignore[index]
    assert all(p.requires_grad for p in tuned.parameters())  # unfrozen again for the caller


def test_few_shot_indices_take_exactly_k_rows_per_class() -> None:
    y = torch.tensor([0, 1, 0, 1, 0, 1, 2, 2])
    idx = few_shot_indices(y, 2, seed=0)
    assert torch.bincount(y[idx]).tolist() == [2, 2, 2]
    assert torch.equal(idx, few_shot_indices(y, 2, seed=0))


def test_asking_more_labels_than_a_class_has_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="fewer than"):
        few_shot_indices(torch.tensor([0, 0, 1]), 2)


def test_overlapping_source_and_target_classes_are_a_user_error(digits) -> None:  # type: ignore[no-untyped-def]
    X, Xt, y, yt = digits
    cfg = TransferConfig(source_classes=(0, 1), target_classes=(1, 2))
    with pytest.raises(TechnicalUserError, match="overlap"):
        transfer_study(lambda k: MLP(num_classes=k), X, y, Xt, yt, cfg)


def test_transfer_study_reports_one_row_per_label_budget(digits) -> None:  # type: ignore[no-untyped-def]
    X, Xt, y, yt = digits
    cfg = TransferConfig(
        budgets=(10, None),
        pretrain=FitConfig(epochs=1),
        finetune=FitConfig(epochs=1),
        scratch=FitConfig(epochs=1),
    )
    study = transfer_study(lambda k: MLP(hidden=16, num_classes=k), X, y, Xt, yt, cfg)
    assert [r["labels_per_class"] for r in study.rows] == [10, "all"]
    assert study.rows[0]["train_rows"] == 50
    assert 0.0 <= study.rows[1]["transfer_accuracy"] <= 1.0
