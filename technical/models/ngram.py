"""n-gram language model with interpolated Kneser-Ney or add-k smoothing.

Sentences are padded with ``n-1`` ``<s>`` and one ``</s>``; words outside the vocabulary become
``<unk>``. Perplexity is ``exp(-mean log P(w_i | w_{i-n+1..i-1}))`` over every predicted token
(``</s>`` included, ``<s>`` not).

Interpolated Kneser-Ney with discount ``d``, for a context ``h`` (highest order uses raw counts
``c``, lower orders use continuation counts ``N1+(. h w)``)::

    P(w | h) = max(c(h w) - d, 0) / c(h) + d * N1+(h .) / c(h) * P(w | h[1:])

ending in a continuation unigram interpolated with the uniform distribution over the vocabulary.
A context never seen in training backs off entirely to the shorter one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from technical.data.text import Vocab
from technical.errors import TechnicalUserError

__all__ = ["NGramLanguageModel"]

Gram = tuple[str, ...]


class NGramLanguageModel:
    """``NGramLanguageModel(n=3, smoothing="kneser_ney", discount=0.75)``; add-k with
    ``smoothing="add_k", k=0.1``. Fit with :meth:`fit`, score with :meth:`perplexity`.

    Examples:
        >>> lm = NGramLanguageModel(n=2).fit([["a", "b"], ["a", "b"], ["a", "c"]], min_count=1)
        >>> round(lm.prob("b", ("a",)), 3) > round(lm.prob("c", ("a",)), 3)
        True
    """

    def __init__(
        self, n: int = 3, smoothing: str = "kneser_ney", discount: float = 0.75, k: float = 0.1
    ) -> None:
        if n < 1:
            raise TechnicalUserError(f"n-gram order must be >= 1, got {n}")
        if smoothing not in ("kneser_ney", "add_k"):
            raise TechnicalUserError(f"unknown smoothing {smoothing!r}; use kneser_ney or add_k")
        if not 0.0 < discount < 1.0:
            raise TechnicalUserError(f"discount must be in (0, 1), got {discount}")
        self.n = n
        self.smoothing = smoothing
        self.discount = discount
        self.k = k
        self.vocab = Vocab()
        # per order m (1..n): counts[m][gram] for grams of length m, context totals and types
        self.counts: dict[int, Counter[Gram]] = {}
        self.context_total: dict[int, Counter[Gram]] = {}
        self.context_types: dict[int, Counter[Gram]] = {}

    def _pad(self, sentence: Sequence[str]) -> list[str]:
        return [Vocab.BOS] * (self.n - 1) + self.vocab.map_unknown(sentence) + [Vocab.EOS]

    def fit(
        self, sentences: Iterable[Sequence[str]], min_count: int = 2, vocab: Vocab | None = None
    ) -> NGramLanguageModel:
        """Count n-grams in tokenised ``sentences`` (the vocabulary is built from them unless
        given). Returns ``self``."""
        sentences = [list(s) for s in sentences]
        self.vocab = vocab or Vocab.build(sentences, min_count=min_count)
        raw: Counter[Gram] = Counter()
        for s in sentences:
            padded = self._pad(s)
            for i in range(self.n - 1, len(padded)):
                raw[tuple(padded[i - self.n + 1 : i + 1])] += 1
        self.counts = {self.n: raw}
        for m in range(self.n - 1, 0, -1):  # continuation counts from the order above
            cont: Counter[Gram] = Counter()
            if self.smoothing == "kneser_ney":
                for gram in self.counts[m + 1]:
                    cont[gram[1:]] += 1
            else:
                for gram, c in self.counts[m + 1].items():
                    cont[gram[1:]] += c
            self.counts[m] = cont
        for m, table in self.counts.items():
            totals: Counter[Gram] = Counter()
            types: Counter[Gram] = Counter()
            for gram, c in table.items():
                totals[gram[:-1]] += c
                types[gram[:-1]] += 1
            self.context_total[m] = totals
            self.context_types[m] = types
        return self

    @property
    def _predictable(self) -> int:
        return len(self.vocab) - 1  # every word except <s> can be predicted

    def prob(self, word: str, context: Sequence[str]) -> float:
        """``P(word | context)``; only the last ``n-1`` context words are used."""
        if not self.counts:
            raise TechnicalUserError("the n-gram model is not fitted")
        word = word if word in self.vocab else Vocab.UNK
        h = tuple(context)[-(self.n - 1) :] if self.n > 1 else ()
        h = tuple(w if w in self.vocab else Vocab.UNK for w in h)
        if self.smoothing == "add_k":
            total = self.context_total[self.n].get(h, 0)
            count = self.counts[self.n].get((*h, word), 0)
            return (count + self.k) / (total + self.k * self._predictable)
        return self._kn(word, h, self.n)

    def _kn(self, word: str, h: Gram, m: int) -> float:
        lower = 1.0 / self._predictable if m == 1 else self._kn(word, h[1:], m - 1)
        total = self.context_total[m].get(h, 0)
        if total == 0:
            return lower
        count = self.counts[m].get((*h, word), 0)
        d = self.discount
        return max(count - d, 0.0) / total + d * self.context_types[m][h] / total * lower

    def log_prob_sentence(self, sentence: Sequence[str]) -> tuple[float, int]:
        """Natural-log probability of ``sentence`` + ``</s>`` and the number of predictions."""
        padded = self._pad(sentence)
        total = 0.0
        for i in range(self.n - 1, len(padded)):
            total += math.log(self.prob(padded[i], padded[max(0, i - self.n + 1) : i]))
        return total, len(padded) - (self.n - 1)

    def perplexity(self, sentences: Iterable[Sequence[str]]) -> float:
        """Held-out perplexity over all predicted tokens."""
        log_sum, count = 0.0, 0
        for s in sentences:
            lp, c = self.log_prob_sentence(s)
            log_sum += lp
            count += c
        if count == 0:
            raise TechnicalUserError("no held-out tokens to score")
        return math.exp(-log_sum / count)

    def distribution_sums_to_one(self, context: Sequence[str]) -> float:
        """``sum_w P(w | context)`` over the predictable vocabulary (a check; should be 1)."""
        return sum(self.prob(w, context) for w in self.vocab.itos if w != Vocab.BOS)
