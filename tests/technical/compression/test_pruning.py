"""Pruning kernels: exact global magnitude masks, CSR == dense, compact files, structured shrink."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from technical.compression.fitting import FitConfig
from technical.compression.measure import serialized_size
from technical.compression.pruning import (
    PruneConfig,
    global_magnitude_masks,
    load_sparse_state,
    magnitude_prune,
    schedule,
    sparse_state,
    sparsity,
    structured_prune,
    to_sparse_csr,
)
from technical.errors import TechnicalUserError
from technical.models.cnn import CNN
from technical.models.mlp import MLP


def test_global_masks_remove_exactly_the_smallest_magnitudes() -> None:
    model = MLP(hidden=32)
    masks = global_magnitude_masks(model, 0.75)
    all_w = torch.cat(
        [m.weight.detach().abs().flatten() for m in model.modules() if isinstance(m, nn.Linear)]
    )
    k = round(0.75 * all_w.numel())
    threshold = all_w.sort().values[k - 1]  # reference: k-th smallest |w|
    pruned = sum(int((~m).sum()) for m in masks.values())
    assert pruned == k
    for name, mask in masks.items():
        w = model.get_submodule(name).weight.detach().abs()
        assert bool((w[~mask] <= threshold).all())
        assert bool((w[mask] >= threshold).all())


def test_geometric_schedule_ends_at_the_target() -> None:
    assert schedule(0.9, 1) == pytest.approx([0.9])
    s = schedule(0.9, 3)
    assert s[-1] == pytest.approx(0.9) and s == sorted(s)


@pytest.mark.parametrize("amount", [0.0, 1.0, -0.1, 1.5])
def test_amount_outside_open_unit_interval_is_a_user_error(amount: float) -> None:
    with pytest.raises(TechnicalUserError, match="strictly between 0 and 1"):
        magnitude_prune(MLP(), PruneConfig(amount=amount, finetune=None))


def test_csr_inference_equals_dense_masked_inference_within_1e_5() -> None:
    pruned = magnitude_prune(MLP(hidden=64).eval(), PruneConfig(0.9, 1, None)).model
    x = torch.rand(8, 64, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        torch.testing.assert_close(to_sparse_csr(pruned)(x), pruned(x), atol=1e-5, rtol=0)


def test_fine_tuning_keeps_pruned_weights_at_zero(digits) -> None:  # type: ignore[no-untyped-def]
    X, _, y, _ = digits
    cfg = PruneConfig(amount=0.8, steps=2, finetune=FitConfig(epochs=1))
    result = magnitude_prune(MLP(hidden=32), cfg, X[:200], y[:200])
    assert result.sparsity == pytest.approx(0.8, abs=1e-3)
    for name, mask in result.masks.items():
        assert bool((result.model.get_submodule(name).weight[~mask] == 0).all())


def test_compact_sparse_file_round_trips_and_is_smaller_at_90_percent() -> None:
    model = magnitude_prune(MLP(hidden=256), PruneConfig(0.9, 1, None)).model
    state = sparse_state(model)
    assert serialized_size(state) < 0.25 * serialized_size(model)
    fresh = load_sparse_state(MLP(hidden=256), state)
    for k, v in model.state_dict().items():
        torch.testing.assert_close(fresh.state_dict()[k], v, atol=0, rtol=0)
    assert sparsity(fresh) == pytest.approx(0.9, abs=1e-4)


def test_loading_something_that_is_not_a_sparse_file_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match=r"not a technical\.sparse_csr"):
        load_sparse_state(MLP(), {"weight": torch.zeros(2)})


def test_structured_pruning_shrinks_the_parameter_count() -> None:
    model = MLP(hidden=100).eval()
    result = structured_prune(model, 0.5, torch.rand(2, 64))
    assert result.params_after < result.params_before
    assert result.model.net[0].out_features == 50  # type: ignore[union-attr]
    assert result.model.net[3].in_features == 50  # type: ignore[union-attr]
    assert result.model(torch.rand(3, 64)).shape == (3, 10)


def test_structured_pruning_keeps_the_outputs_of_kept_units() -> None:
    model = MLP(hidden=40).eval()
    result = structured_prune(model, 0.5, torch.rand(2, 64))
    keep = torch.tensor(result.kept["net.0"])
    x = torch.rand(5, 64)
    with torch.no_grad():
        torch.testing.assert_close(result.model.net[0](x), model.net[0](x)[:, keep])  # type: ignore[index]


def test_structured_pruning_of_dead_units_leaves_logits_unchanged() -> None:
    model = MLP(hidden=8).eval()
    with torch.no_grad():  # units 4..7 can never fire: removing them must change nothing
        model.net[0].weight[4:] = 0.0  # type: ignore[index]
        model.net[0].bias[4:] = -1.0  # type: ignore[index]
    result = structured_prune(model, 0.5, torch.rand(2, 64))
    x = torch.rand(5, 64)
    with torch.no_grad():
        torch.testing.assert_close(result.model(x), model(x), atol=1e-6, rtol=0)


def test_structured_pruning_removes_cnn_channels_consistently() -> None:
    model = CNN(image_size=8).eval()
    result = structured_prune(model, 0.5, torch.rand(2, 64))
    feats = result.model.features  # type: ignore[union-attr]
    assert feats[0].out_channels == 16 and feats[3].in_channels == 16
    assert feats[3].out_channels == 32
    assert result.model.classifier[1].in_features == 32 * 2 * 2  # type: ignore[index]
    assert result.model(torch.rand(3, 64)).shape == (3, 10)


def test_structured_pruning_of_a_model_without_hidden_layers_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="no hidden Linear/Conv2d"):
        structured_prune(nn.Sequential(nn.Linear(64, 10)), 0.5, torch.rand(2, 64))


def test_a_saved_compact_file_loads_back_as_a_model_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from technical.compression.experiment import load_model_file

    model = magnitude_prune(MLP(hidden=32), PruneConfig(0.9, 1, None)).model
    path = tmp_path / "pruned.pt"
    torch.save(sparse_state(model), path)
    loaded = load_model_file(MLP(hidden=32), str(path))
    x = torch.rand(4, 64)
    with torch.no_grad():
        torch.testing.assert_close(loaded(x), model.eval()(x), atol=0, rtol=0)
