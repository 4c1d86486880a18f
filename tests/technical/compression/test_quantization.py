"""Quantization kernels: outputs stay near fp32, the backend is reported, warnings are handled.

Tolerances. int8 per-tensor weights round each weight to a step of range/255 and dynamic
activation quantization adds a similar error, about 0.5% of a layer's output range per layer;
two or three layers stack to ~1-2%, so we require a relative L2 error below 5% (a failure means
a broken conversion, not rounding). bf16 keeps 8 mantissa bits (~0.4% per product), so 2%.
"""

from __future__ import annotations

import warnings

import pytest
import torch
from torch import nn

from technical.compression.quantization import (
    dynamic_quantize,
    static_quantize,
    to_bf16,
    torchao_available,
)
from technical.errors import TechnicalUserError
from technical.models.cnn import CNN
from technical.models.mlp import MLP
from technical.models.recurrent import LSTMClassifier


def rel_err(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm())


@pytest.fixture
def x() -> torch.Tensor:
    return torch.rand(64, 64, generator=torch.Generator().manual_seed(1))  # (B, 64) like digits


def test_dynamic_int8_mlp_matches_fp32_within_5_percent(x: torch.Tensor) -> None:
    model = MLP(hidden=256).eval()
    q = dynamic_quantize(model, backend="torch.ao")
    with torch.no_grad():
        assert rel_err(q.model(x), model(x)) < 0.05
    assert q.backend.startswith("torch.ao eager dynamic int8")
    assert any("quantized.dynamic" in type(m).__module__ for m in q.model.modules())


def test_dynamic_quantize_leaves_the_input_model_untouched(x: torch.Tensor) -> None:
    model = MLP().eval()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    dynamic_quantize(model)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


def test_known_deprecation_warnings_are_caught_and_noted_not_printed() -> None:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        q = dynamic_quantize(MLP().eval(), backend="torch.ao")
    assert not [w for w in seen if "torch.ao.quantization is deprecated" in str(w.message)]
    assert any(note.startswith("caught: torch.ao.quantization is deprecated") for note in q.notes)


def test_dynamic_int8_lstm_classifier_is_converted_and_close() -> None:
    model = LSTMClassifier(8, 32, 10).eval()
    x = torch.rand(16, 64, generator=torch.Generator().manual_seed(2))
    q = dynamic_quantize(model, backend="torch.ao")
    names = {type(m).__name__ for m in q.model.modules()}
    assert "DynamicQuantizedLSTM" in names or "LSTM" in names
    with torch.no_grad():
        assert rel_err(q.model(x), model(x)) < 0.05


def test_static_int8_cnn_matches_fp32_within_5_percent(x: torch.Tensor) -> None:
    model = CNN(image_size=8).eval()
    q = static_quantize(model, calibration=x, backend="auto")
    with torch.no_grad():
        assert rel_err(q.model(x), model(x)) < 0.05
    assert "static int8" in q.backend
    assert any(
        "QuantizedConv" in type(m).__name__ or "ConvReLU2d" in type(m).__name__
        for m in q.model.modules()
    )


def test_bf16_matches_fp32_within_2_percent_and_returns_fp32(x: torch.Tensor) -> None:
    model = MLP().eval()
    q = to_bf16(model)
    with torch.no_grad():
        out = q.model(x)
        assert out.dtype == torch.float32
        assert rel_err(out, model(x)) < 0.02


@pytest.mark.skipif(not torchao_available(), reason="torchao not installed")
def test_torchao_int8_path_matches_fp32_within_5_percent(x: torch.Tensor) -> None:
    model = MLP(hidden=128).eval()
    q = dynamic_quantize(model, backend="torchao")
    assert q.backend.startswith("torchao")
    with torch.no_grad():
        assert rel_err(q.model(x), model(x)) < 0.05


def test_unknown_backend_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError, match="unknown quantization backend"):
        dynamic_quantize(nn.Linear(2, 2), backend="tensorrt")


def test_static_quantization_refuses_empty_calibration() -> None:
    with pytest.raises(TechnicalUserError, match="calibration"):
        static_quantize(CNN(), calibration=torch.zeros(0, 64))
