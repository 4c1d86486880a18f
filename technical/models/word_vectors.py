"""Trained word vectors and their evaluation against a scored similarity set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

__all__ = ["SimilarityReport", "WordVectors", "WordVectorsLike", "evaluate_similarity"]


class WordVectorsLike(Protocol):
    """Anything with ``word in vectors`` and ``vectors.similarity(a, b)`` (gensim too)."""

    def __contains__(self, word: object) -> bool: ...

    def similarity(self, a: str, b: str) -> float: ...


@dataclass
class WordVectors:
    """``vectors[i]`` is the embedding of ``words[i]``; ``loss_history`` is per epoch."""

    words: list[str]
    vectors: np.ndarray  # (V, D) float32
    loss_history: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = {w: i for i, w in enumerate(self.words)}
        norms = np.linalg.norm(self.vectors, axis=1, keepdims=True)
        self._unit = self.vectors / np.maximum(norms, 1e-12)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two in-vocabulary words."""
        return float(self._unit[self.index[a]] @ self._unit[self.index[b]])

    def most_similar(self, word: str, topn: int = 5) -> list[tuple[str, float]]:
        """The ``topn`` nearest words by cosine, excluding ``word`` itself."""
        scores = self._unit @ self._unit[self.index[word]]
        order = [i for i in np.argsort(-scores) if i != self.index[word]][:topn]
        return [(self.words[i], float(scores[i])) for i in order]


@dataclass(frozen=True)
class SimilarityReport:
    spearman: float  # rank correlation of cosine with the human score, on covered pairs
    covered: int  # pairs with both words in the vocabulary
    total: int  # pairs in the set
    related_mean: float  # mean cosine of pairs scored in the top third of the scale
    unrelated_mean: float  # mean cosine of pairs scored in the bottom third


def evaluate_similarity(
    similarity: WordVectorsLike, pairs: Sequence[tuple[str, str, float]]
) -> SimilarityReport:
    """Spearman correlation between model cosine and the scores of ``pairs`` (covered only),
    and the mean cosine of related (top third of the score range) vs unrelated (bottom third)
    pairs. Works for :class:`WordVectors` and for gensim ``KeyedVectors``."""
    from scipy.stats import spearmanr

    covered = [(a, b, s) for a, b, s in pairs if a in similarity and b in similarity]
    if len(covered) < 3:
        return SimilarityReport(float("nan"), len(covered), len(pairs), float("nan"), float("nan"))
    model = np.array([float(similarity.similarity(a, b)) for a, b, _ in covered])
    human = np.array([s for _, _, s in covered])
    lo, hi = human.min(), human.max()
    third = (hi - lo) / 3
    related = model[human >= hi - third]
    unrelated = model[human <= lo + third]
    rho = spearmanr(model, human).statistic
    return SimilarityReport(
        spearman=float(rho),
        covered=len(covered),
        total=len(pairs),
        related_mean=float(related.mean()) if len(related) else float("nan"),
        unrelated_mean=float(unrelated.mean()) if len(unrelated) else float("nan"),
    )
