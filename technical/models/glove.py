"""GloVe: weighted least squares on the log co-occurrence matrix (Pennington et al. 2014).

Only the non-zero entries X_ij enter the loss (log 0 is undefined, and f(0) = 0 anyway):

    J = sum_{X_ij > 0} f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2
    f(x) = (x / x_max)^alpha if x < x_max else 1

Co-occurrences within ``window`` are weighted 1/distance and counted symmetrically. The word
vectors returned are ``W + W~``. Optimised with AdaGrad as in the paper.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from technical.data.text import Vocab
from technical.errors import TechnicalUserError
from technical.models.word_vectors import WordVectors

__all__ = ["GloVe", "GloVeConfig", "cooccurrence", "train_glove"]


@dataclass
class GloVeConfig:
    dim: int = 50  # embedding size
    window: int = 5  # symmetric context window
    min_count: int = 2  # drop rarer words
    x_max: float = 100.0  # weighting cap
    alpha: float = 0.75  # weighting exponent
    epochs: int = 30  # passes over the non-zero entries
    batch_size: int = 4096  # entries per step
    lr: float = 0.05  # AdaGrad learning rate
    seed: int = 0  # seeds initialisation and entry order


def cooccurrence(
    sentences: Sequence[Sequence[str]], vocab: Vocab, window: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Non-zero entries of the 1/distance-weighted symmetric co-occurrence matrix as
    ``(rows (M,), cols (M,), values (M,))``."""
    counts: dict[tuple[int, int], float] = defaultdict(float)
    for s in sentences:
        ids = [vocab.stoi[w] for w in s if w in vocab.stoi]
        for i, wi in enumerate(ids):
            for d in range(1, window + 1):
                if i + d >= len(ids):
                    break
                wj = ids[i + d]
                counts[(wi, wj)] += 1.0 / d
                counts[(wj, wi)] += 1.0 / d
    keys = sorted(counts)
    rows = torch.tensor([k[0] for k in keys], dtype=torch.long)
    cols = torch.tensor([k[1] for k in keys], dtype=torch.long)
    values = torch.tensor([counts[k] for k in keys], dtype=torch.float)
    return rows, cols, values


class GloVe(nn.Module):
    """Word vectors W, context vectors W~ and their biases."""

    def __init__(self, vocab_size: int, dim: int) -> None:
        super().__init__()
        self.w = nn.Embedding(vocab_size, dim)
        self.w_ctx = nn.Embedding(vocab_size, dim)
        self.b = nn.Embedding(vocab_size, 1)
        self.b_ctx = nn.Embedding(vocab_size, 1)
        for emb in (self.w, self.w_ctx):
            nn.init.uniform_(emb.weight, -0.5 / dim, 0.5 / dim)
        nn.init.zeros_(self.b.weight)
        nn.init.zeros_(self.b_ctx.weight)

    def forward(
        self, i: torch.Tensor, j: torch.Tensor, x: torch.Tensor, x_max: float, alpha: float
    ) -> torch.Tensor:
        """Weighted squared error summed over the batch; i, j, x: (B,)."""
        dot = (self.w(i) * self.w_ctx(j)).sum(-1)  # (B,)
        pred = dot + self.b(i).squeeze(-1) + self.b_ctx(j).squeeze(-1)
        weight = torch.clamp(x / x_max, max=1.0) ** alpha  # f(X_ij)
        loss: torch.Tensor = (weight * (pred - torch.log(x)) ** 2).sum()
        return loss


def train_glove(
    sentences: Sequence[Sequence[str]], config: GloVeConfig | None = None
) -> WordVectors:
    """Train GloVe on tokenised sentences; ``loss_history`` holds the mean loss per entry and
    epoch.

    Raises:
        TechnicalUserError: empty vocabulary or no co-occurrences.
    """
    config = config or GloVeConfig()
    vocab = Vocab.build(sentences, min_count=config.min_count, specials=False)
    rows, cols, values = cooccurrence(sentences, vocab, config.window)
    if len(values) == 0:
        raise TechnicalUserError("GloVe found no co-occurring words; use a larger corpus")
    torch.manual_seed(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    model = GloVe(len(vocab), config.dim)
    optimizer = torch.optim.Adagrad(model.parameters(), lr=config.lr)
    history = []
    for _ in range(config.epochs):
        order = torch.randperm(len(values), generator=gen)
        total = 0.0
        for start in range(0, len(order), config.batch_size):
            idx = order[start : start + config.batch_size]
            loss = model(rows[idx], cols[idx], values[idx], config.x_max, config.alpha)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach())
        history.append(total / len(values))
    vectors = (model.w.weight + model.w_ctx.weight).detach().numpy().astype(np.float32)
    return WordVectors(words=list(vocab.itos), vectors=vectors, loss_history=history)
