"""Hand-written RNN/LSTM/GRU against torch.nn given the same weights. Tolerance: 1e-5."""

from __future__ import annotations

import pytest
import torch

from technical.models.recurrent import (
    GRU,
    LSTM,
    RNN,
    GRUClassifier,
    LSTMClassifier,
    RNNClassifier,
)

ATOL = 1e-5


@pytest.mark.parametrize("layers", [1, 2])
def test_lstm_matches_torch(layers: int) -> None:
    ref = torch.nn.LSTM(5, 7, num_layers=layers, batch_first=True)
    ours = LSTM(5, 7, num_layers=layers)
    ours.load_state_dict(ref.state_dict())
    x = torch.randn(3, 6, 5)
    h0, c0 = torch.randn(layers, 3, 7), torch.randn(layers, 3, 7)
    out, (h, c) = ours(x, (h0, c0))
    ref_out, (ref_h, ref_c) = ref(x, (h0, c0))
    torch.testing.assert_close(out, ref_out, atol=ATOL, rtol=0)
    torch.testing.assert_close(h, ref_h, atol=ATOL, rtol=0)
    torch.testing.assert_close(c, ref_c, atol=ATOL, rtol=0)


@pytest.mark.parametrize("layers", [1, 2])
def test_gru_matches_torch(layers: int) -> None:
    ref = torch.nn.GRU(5, 7, num_layers=layers, batch_first=True)
    ours = GRU(5, 7, num_layers=layers)
    ours.load_state_dict(ref.state_dict())
    x, h0 = torch.randn(3, 6, 5), torch.randn(layers, 3, 7)
    out, h = ours(x, h0)
    ref_out, ref_h = ref(x, h0)
    torch.testing.assert_close(out, ref_out, atol=ATOL, rtol=0)
    torch.testing.assert_close(h, ref_h, atol=ATOL, rtol=0)


def test_rnn_matches_torch() -> None:
    ref = torch.nn.RNN(5, 7, batch_first=True)
    ours = RNN(5, 7)
    ours.load_state_dict(ref.state_dict())
    x = torch.randn(3, 6, 5)
    torch.testing.assert_close(ours(x)[0], ref(x)[0], atol=ATOL, rtol=0)


def test_lstm_gradients_match_torch() -> None:
    ref = torch.nn.LSTM(4, 6, batch_first=True)
    ours = LSTM(4, 6)
    ours.load_state_dict(ref.state_dict())
    x = torch.randn(2, 5, 4)
    ours(x)[0].sum().backward()
    ref(x)[0].sum().backward()
    ref_params = dict(ref.named_parameters())
    for name, p in ours.named_parameters():
        torch.testing.assert_close(p.grad, ref_params[name].grad, atol=ATOL, rtol=0)


@pytest.mark.parametrize("cls", [RNNClassifier, LSTMClassifier, GRUClassifier])
def test_classifiers_read_flattened_images_row_by_row(cls: type) -> None:
    model = cls(input_size=8, hidden_size=16, num_classes=10)
    assert model(torch.rand(4, 64)).shape == (4, 10)
