"""RNN, LSTM and GRU written from their equations, with torch's parameter layout.

Each layer stores ``weight_ih_l{k} (G*H, I)``, ``weight_hh_l{k} (G*H, H)``, ``bias_ih_l{k}``,
``bias_hh_l{k}`` exactly as :class:`torch.nn.RNN`/``LSTM``/``GRU`` do (G = 1, 4, 3 gates), so
``ours.load_state_dict(torch_module.state_dict())`` works and the outputs can be compared.

LSTM (gate order i, f, g, o)::

    i, f, g, o = split(W_ih x + b_ih + W_hh h + b_hh)
    c' = sigmoid(f) * c + sigmoid(i) * tanh(g)
    h' = sigmoid(o) * tanh(c')

GRU (gate order r, z, n)::

    r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
    z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
    n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
    h' = (1 - z) * n + z * h
"""

from __future__ import annotations

import math

import torch
from torch import nn

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "GRUClassifier",
    "LSTMClassifier",
    "RNNClassifier",
    "gru_cell",
    "lstm_cell",
    "rnn_cell",
]

State = tuple[torch.Tensor, torch.Tensor]  # (h, c) for the LSTM


def rnn_cell(
    x: torch.Tensor,
    h: torch.Tensor,
    w_ih: torch.Tensor,
    w_hh: torch.Tensor,
    b_ih: torch.Tensor,
    b_hh: torch.Tensor,
) -> torch.Tensor:
    """Elman step: ``h' = tanh(W_ih x + b_ih + W_hh h + b_hh)``; x (B, I), h (B, H)."""
    return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)


def lstm_cell(
    x: torch.Tensor,
    state: State,
    w_ih: torch.Tensor,
    w_hh: torch.Tensor,
    b_ih: torch.Tensor,
    b_hh: torch.Tensor,
) -> State:
    """One LSTM step; x (B, I), h and c (B, H). Returns ``(h', c')``."""
    h, c = state
    gates = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh  # (B, 4H)
    i, f, g, o = gates.chunk(4, dim=1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h = torch.sigmoid(o) * torch.tanh(c)
    return h, c


def gru_cell(
    x: torch.Tensor,
    h: torch.Tensor,
    w_ih: torch.Tensor,
    w_hh: torch.Tensor,
    b_ih: torch.Tensor,
    b_hh: torch.Tensor,
) -> torch.Tensor:
    """One GRU step; x (B, I), h (B, H). Returns ``h'``."""
    gi = x @ w_ih.T + b_ih  # (B, 3H)
    gh = h @ w_hh.T + b_hh  # (B, 3H)
    i_r, i_z, i_n = gi.chunk(3, dim=1)
    h_r, h_z, h_n = gh.chunk(3, dim=1)
    r = torch.sigmoid(i_r + h_r)
    z = torch.sigmoid(i_z + h_z)
    n = torch.tanh(i_n + r * h_n)
    return (1 - z) * n + z * h


class _Recurrent(nn.Module):
    """Stacked unidirectional recurrent layers, batch first: input (B, T, I)."""

    gates = 1

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        G, H = self.gates, hidden_size
        for k in range(num_layers):
            width = input_size if k == 0 else H
            self.register_parameter(f"weight_ih_l{k}", nn.Parameter(torch.empty(G * H, width)))
            self.register_parameter(f"weight_hh_l{k}", nn.Parameter(torch.empty(G * H, H)))
            self.register_parameter(f"bias_ih_l{k}", nn.Parameter(torch.empty(G * H)))
            self.register_parameter(f"bias_hh_l{k}", nn.Parameter(torch.empty(G * H)))
        bound = 1.0 / math.sqrt(H)  # torch's default: U(-1/sqrt(H), 1/sqrt(H))
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def _weights(self, k: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        return (
            getattr(self, f"weight_ih_l{k}"),
            getattr(self, f"weight_hh_l{k}"),
            getattr(self, f"bias_ih_l{k}"),
            getattr(self, f"bias_hh_l{k}"),
        )


class RNN(_Recurrent):
    """Elman RNN (tanh). ``forward(x (B, T, I), h0 (L, B, H)) -> (out (B, T, H), h_n)``;
    ``h_n`` is (L, B, H)."""

    gates = 1

    def forward(
        self, x: torch.Tensor, h0: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        B, T, _ = x.shape
        if h0 is None:
            h0 = x.new_zeros(self.num_layers, B, self.hidden_size)
        layer_in, finals = x, []
        for k in range(self.num_layers):
            w = self._weights(k)
            h, outs = h0[k], []
            for t in range(T):
                h = rnn_cell(layer_in[:, t], h, *w)
                outs.append(h)
            layer_in = torch.stack(outs, dim=1)  # (B, T, H)
            finals.append(h)
        return layer_in, torch.stack(finals)


class LSTM(_Recurrent):
    """LSTM. ``forward(x (B, T, I), (h0, c0)) -> (out (B, T, H), (h_n, c_n))``; states are
    (L, B, H)."""

    gates = 4

    def forward(self, x: torch.Tensor, state: State | None = None) -> tuple[torch.Tensor, State]:
        B, T, _ = x.shape
        if state is None:
            zeros = x.new_zeros(self.num_layers, B, self.hidden_size)
            state = (zeros, zeros)
        layer_in, hs, cs = x, [], []
        for k in range(self.num_layers):
            w = self._weights(k)
            h, c = state[0][k], state[1][k]
            outs = []
            for t in range(T):
                h, c = lstm_cell(layer_in[:, t], (h, c), *w)
                outs.append(h)
            layer_in = torch.stack(outs, dim=1)  # (B, T, H)
            hs.append(h)
            cs.append(c)
        return layer_in, (torch.stack(hs), torch.stack(cs))


class GRU(_Recurrent):
    """GRU. ``forward(x (B, T, I), h0 (L, B, H)) -> (out (B, T, H), h_n (L, B, H))``."""

    gates = 3

    def forward(
        self, x: torch.Tensor, h0: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor]:
        B, T, _ = x.shape
        if h0 is None:
            h0 = x.new_zeros(self.num_layers, B, self.hidden_size)
        layer_in, finals = x, []
        for k in range(self.num_layers):
            w = self._weights(k)
            h, outs = h0[k], []
            for t in range(T):
                h = gru_cell(layer_in[:, t], h, *w)
                outs.append(h)
            layer_in = torch.stack(outs, dim=1)
            finals.append(h)
        return layer_in, torch.stack(finals)


class _SequenceClassifier(nn.Module):
    """Run a recurrent layer over ``(B, T, I)`` (or flattened ``(B, T*I)``) and classify the
    last hidden state of the top layer."""

    layer_cls: type[_Recurrent] = RNN

    def __init__(
        self,
        input_size: int = 8,
        hidden_size: int = 64,
        num_classes: int = 10,
        num_layers: int = 1,
    ) -> None:
        super().__init__()
        self.input_size = input_size
        self.rnn = self.layer_cls(input_size, hidden_size, num_layers)
        self.head = nn.Linear(hidden_size, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 2:
            x = x.reshape(x.shape[0], -1, self.input_size)  # (B, T, I): image rows as steps
        out, _ = self.rnn(x)  # (B, T, H)
        logits: torch.Tensor = self.head(out[:, -1])  # (B, num_classes)
        return logits


class RNNClassifier(_SequenceClassifier):
    """Elman RNN classifier. ``RNNClassifier(input_size=8, hidden_size=64, num_classes=10)``."""

    layer_cls = RNN


class LSTMClassifier(_SequenceClassifier):
    """LSTM classifier (hand-written cell). Same arguments as :class:`RNNClassifier`."""

    layer_cls = LSTM


class GRUClassifier(_SequenceClassifier):
    """GRU classifier (hand-written cell). Same arguments as :class:`RNNClassifier`."""

    layer_cls = GRU
