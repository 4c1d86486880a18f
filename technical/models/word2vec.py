"""word2vec: skip-gram and CBOW with negative sampling, in PyTorch.

Skip-gram scores a (center c, context o) pair as ``sigmoid(u_o . v_c)``; CBOW averages the
context vectors into ``v`` and scores the center word. Each positive pair is contrasted with
``negatives`` words drawn from the unigram distribution raised to 3/4:

    loss = -log sigmoid(u_o . v) - sum_k log sigmoid(-u_k . v)

Frequent words are sub-sampled (Mikolov et al. 2013) and the window size is drawn per position
in ``1..window``, so nearer words count more.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from technical.data.text import Vocab
from technical.errors import TechnicalUserError
from technical.models.word_vectors import WordVectors

__all__ = ["Word2Vec", "Word2VecConfig", "train_word2vec"]


@dataclass
class Word2VecConfig:
    mode: str = "skipgram"  # skipgram | cbow
    dim: int = 50  # embedding size
    window: int = 5  # largest distance between center and context words
    negatives: int = 5  # negative samples per positive pair
    min_count: int = 2  # drop rarer words
    subsample: float = 1e-3  # frequent-word sub-sampling threshold t; 0 = off
    epochs: int = 5  # passes over the corpus
    batch_size: int = 256  # positive examples per step
    lr: float = 1e-2  # Adam learning rate
    seed: int = 0  # seeds pair sampling, negatives and initialisation


class Word2Vec(nn.Module):
    """Input vectors ``v`` (the embeddings) and output vectors ``u``."""

    def __init__(self, vocab_size: int, dim: int) -> None:
        super().__init__()
        self.v = nn.Embedding(vocab_size, dim)
        self.u = nn.Embedding(vocab_size, dim)
        nn.init.uniform_(self.v.weight, -0.5 / dim, 0.5 / dim)
        nn.init.zeros_(self.u.weight)

    def forward(
        self, context_vec: torch.Tensor, positive: torch.Tensor, negatives: torch.Tensor
    ) -> torch.Tensor:
        """Mean negative-sampling loss; context_vec (B, D), positive (B,), negatives (B, K)."""
        pos = (self.u(positive) * context_vec).sum(-1)  # (B,)
        neg = torch.bmm(self.u(negatives), context_vec.unsqueeze(-1)).squeeze(-1)  # (B, K)
        loss = -nn.functional.logsigmoid(pos) - nn.functional.logsigmoid(-neg).sum(-1)
        return loss.mean()


def _pairs(
    sentences: Sequence[list[int]], window: int, mode: str, rng: random.Random
) -> tuple[torch.Tensor, torch.Tensor]:
    """Training examples for one epoch.

    skip-gram: ``(centers (N,), contexts (N,))``. CBOW: ``(contexts (N, 2*window) padded with
    -1, centers (N,))``.
    """
    if mode == "skipgram":
        centers, contexts = [], []
        for s in sentences:
            for i, c in enumerate(s):
                w = rng.randint(1, window)
                for j in range(max(0, i - w), min(len(s), i + w + 1)):
                    if j != i:
                        centers.append(c)
                        contexts.append(s[j])
        return torch.tensor(centers, dtype=torch.long), torch.tensor(contexts, dtype=torch.long)
    rows, targets = [], []
    for s in sentences:
        for i, c in enumerate(s):
            w = rng.randint(1, window)
            ctx = [s[j] for j in range(max(0, i - w), min(len(s), i + w + 1)) if j != i]
            if ctx:
                rows.append(ctx + [-1] * (2 * window - len(ctx)))
                targets.append(c)
    return torch.tensor(rows, dtype=torch.long), torch.tensor(targets, dtype=torch.long)


def train_word2vec(
    sentences: Sequence[Sequence[str]], config: Word2VecConfig | None = None
) -> WordVectors:
    """Train word2vec on tokenised sentences and return the input vectors.

    Raises:
        TechnicalUserError: unknown mode or an empty vocabulary.

    Examples:
        >>> from technical.data.text import synthetic_corpus
        >>> sents = [s for doc in synthetic_corpus(num_documents=20) for s in doc]
        >>> wv = train_word2vec(sents, Word2VecConfig(epochs=1, dim=8))
        >>> wv.vectors.shape[1]
        8
    """
    config = config or Word2VecConfig()
    if config.mode not in ("skipgram", "cbow"):
        raise TechnicalUserError(f"unknown word2vec mode {config.mode!r}; use skipgram or cbow")
    vocab = Vocab.build(sentences, min_count=config.min_count, specials=False)
    if len(vocab) < 2:
        raise TechnicalUserError("word2vec needs at least two words above min_count")
    rng = random.Random(config.seed)
    gen = torch.Generator().manual_seed(config.seed)
    torch.manual_seed(config.seed)

    counts = np.array(vocab.counts, dtype=np.float64)
    freq = counts / counts.sum()
    if config.subsample > 0:  # keep probability sqrt(t/f) + t/f, capped at 1
        ratio = config.subsample / freq
        keep = np.minimum(1.0, np.sqrt(ratio) + ratio)
    else:
        keep = np.ones_like(freq)
    noise = torch.tensor(counts**0.75 / (counts**0.75).sum(), dtype=torch.float)
    encoded = [[vocab.stoi[w] for w in s if w in vocab.stoi] for s in sentences]

    model = Word2Vec(len(vocab), config.dim)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    history = []
    for _ in range(config.epochs):
        kept = [[i for i in s if rng.random() < keep[i]] for s in encoded]
        inputs, targets = _pairs(kept, config.window, config.mode, rng)
        if len(targets) == 0:
            continue
        order = torch.randperm(len(targets), generator=gen)
        total, steps = 0.0, 0
        for start in range(0, len(order), config.batch_size):
            idx = order[start : start + config.batch_size]
            x, y = inputs[idx], targets[idx]
            if config.mode == "skipgram":
                context_vec = model.v(x)  # (B, D): the center word's vector
            else:
                mask = (x >= 0).unsqueeze(-1).float()  # (B, 2W, 1)
                vecs = model.v(x.clamp(min=0)) * mask  # (B, 2W, D)
                context_vec = vecs.sum(1) / mask.sum(1)  # (B, D): mean of the context
            neg = torch.multinomial(noise, len(idx) * config.negatives, True, generator=gen)
            loss = model(context_vec, y, neg.view(len(idx), config.negatives))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += float(loss.detach())
            steps += 1
        history.append(total / max(steps, 1))
    vectors = model.v.weight.detach().numpy().astype(np.float32)
    if not all(math.isfinite(v) for v in history):
        raise TechnicalUserError("word2vec loss diverged; lower the learning rate")
    return WordVectors(words=list(vocab.itos), vectors=vectors, loss_history=history)
