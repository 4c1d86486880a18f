"""LSTM language model trained with :func:`technical.training.loop.train`.

Each document becomes one token stream ``<s> w w w </s> w w </s> ...``. Training cuts the
training streams (concatenated) into windows of ``seq_len`` tokens and predicts every next
token. Held-out perplexity runs over each held-out document from its ``<s>`` with the state
carried through the document, so exactly the tokens the n-gram model scores (every word and
every ``</s>``) are scored here too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import torch
from torch import nn

from technical.data.text import Vocab
from technical.models.recurrent import LSTM
from technical.training.loop import TrainConfig, train

__all__ = ["LSTMLanguageModel", "NeuralLMConfig", "NeuralLMResult", "train_neural_lm"]

Document = Sequence[Sequence[str]]  # sentences of tokens


@dataclass
class NeuralLMConfig:
    emb_dim: int = 64  # token embedding size
    hidden: int = 128  # LSTM width
    dropout: float = 0.2  # on embeddings and LSTM outputs
    cell: str = "torch"  # torch = fused nn.LSTM (fast); ours = technical.models.recurrent.LSTM
    seq_len: int = 32  # training window
    batch_size: int = 32  # windows per step
    epochs: int = 10  # passes over the training windows
    lr: float = 3e-3  # Adam learning rate
    clip_norm: float = 1.0  # gradient clipping
    min_count: int = 2  # rarer training words become <unk>
    seed: int = 0  # seeds initialisation and shuffling
    device: str = "cpu"  # torch device string


class LSTMLanguageModel(nn.Module):
    """Embedding -> LSTM -> Linear over the vocabulary."""

    def __init__(self, vocab_size: int, config: NeuralLMConfig) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, config.emb_dim)
        self.rnn: nn.Module = (
            nn.LSTM(config.emb_dim, config.hidden, batch_first=True)
            if config.cell == "torch"
            else LSTM(config.emb_dim, config.hidden)
        )
        self.drop = nn.Dropout(config.dropout)
        self.head = nn.Linear(config.hidden, vocab_size)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = self.drop(self.embed(tokens))  # (B, T, E)
        out, _ = self.rnn(x)  # (B, T, H)
        logits: torch.Tensor = self.head(self.drop(out))  # (B, T, V) next-token logits
        return logits


@dataclass
class NeuralLMResult:
    model: LSTMLanguageModel
    vocab: Vocab
    perplexity: float  # held-out, per token
    history: list[dict[str, float]] = field(default_factory=list)
    config: dict[str, object] = field(default_factory=dict)


def _stream(doc: Document, vocab: Vocab) -> list[int]:
    ids = [vocab.stoi[Vocab.BOS]]
    for sentence in doc:
        ids += [*vocab.encode(sentence), vocab.stoi[Vocab.EOS]]
    return ids


def _windows(stream: list[int], seq_len: int) -> tuple[torch.Tensor, torch.Tensor]:
    n = (len(stream) - 1) // seq_len
    data = torch.tensor(stream[: n * seq_len + 1], dtype=torch.long)
    x = data[:-1].view(n, seq_len)  # (N, T)
    y = data[1:].view(n, seq_len)  # (N, T), shifted by one
    return x, y


def _sequence_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


@torch.no_grad()
def document_perplexity(
    model: LSTMLanguageModel, documents: Sequence[Document], vocab: Vocab
) -> float:
    """Per-token perplexity over whole documents, state carried from ``<s>`` to the end."""
    model.eval()
    device = next(model.parameters()).device
    nll, count = 0.0, 0
    for doc in documents:
        stream = torch.tensor(_stream(doc, vocab), device=device)
        logits = model(stream[None, :-1])[0]  # (T, V)
        nll += float(nn.functional.cross_entropy(logits, stream[1:], reduction="sum"))
        count += len(stream) - 1
    return math.exp(nll / count)


def train_neural_lm(
    train_docs: Sequence[Document],
    heldout_docs: Sequence[Document],
    config: NeuralLMConfig | None = None,
    vocab: Vocab | None = None,
) -> NeuralLMResult:
    """Train an LSTM LM and report held-out perplexity (comparable with
    :meth:`technical.models.ngram.NGramLanguageModel.perplexity` on the same sentences and
    vocabulary)."""
    config = config or NeuralLMConfig()
    vocab = vocab or Vocab.build((s for d in train_docs for s in d), min_count=config.min_count)
    train_stream = [t for d in train_docs for t in _stream(d, vocab)]
    held_stream = [t for d in heldout_docs for t in _stream(d, vocab)]
    torch.manual_seed(config.seed)
    model = LSTMLanguageModel(len(vocab), config)
    result = train(
        model,
        _windows(train_stream, config.seq_len),
        _windows(held_stream, config.seq_len),
        TrainConfig(
            epochs=config.epochs,
            batch_size=config.batch_size,
            optimizer="adam",
            lr=config.lr,
            clip_norm=config.clip_norm,
            seed=config.seed,
            device=config.device,
        ),
        loss_fn=_sequence_loss,
    )
    ppl = document_perplexity(model, heldout_docs, vocab)
    return NeuralLMResult(model, vocab, ppl, result.history, asdict(config))
