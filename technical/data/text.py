"""Text corpora and word-similarity sets for the language kernels. Nothing downloads.

* ``synthetic`` – generated here, deterministic: documents about one of several topics, each
  sentence built from a small grammar over topic words and shared function words. Words of the
  same topic are "related"; :func:`synthetic_similarity_pairs` lists scored pairs.
* ``lee`` – the Lee background corpus shipped inside gensim's wheel (optional), with the
  ``wordsim353`` similarity set from the same wheel.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from technical.errors import TechnicalUserError

__all__ = [
    "CORPORA",
    "SIMILARITY_SETS",
    "Vocab",
    "load_corpus",
    "load_similarity_pairs",
    "split_documents",
    "synthetic_corpus",
    "synthetic_similarity_pairs",
    "tokenize",
]

CORPORA = ("synthetic", "lee")
SIMILARITY_SETS = ("synthetic", "wordsim353")

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# topic -> (nouns, verbs, adjectives); every word belongs to exactly one topic
_TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "sport": (
        ["team", "player", "coach", "match", "goal", "ball", "league", "stadium"],
        ["scores", "kicks", "wins", "trains"],
        ["fast", "fit", "tired"],
    ),
    "finance": (
        ["bank", "market", "stock", "investor", "loan", "price", "profit", "fund"],
        ["buys", "sells", "lends", "invests"],
        ["rich", "risky", "volatile"],
    ),
    "food": (
        ["chef", "kitchen", "soup", "bread", "recipe", "oven", "cheese", "salad"],
        ["cooks", "bakes", "tastes", "serves"],
        ["fresh", "spicy", "sweet"],
    ),
    "weather": (
        ["rain", "storm", "cloud", "wind", "snow", "forecast", "sun", "thunder"],
        ["falls", "blows", "freezes", "clears"],
        ["cold", "humid", "stormy"],
    ),
    "computing": (
        ["computer", "software", "server", "network", "program", "data", "code", "chip"],
        ["runs", "crashes", "compiles", "stores"],
        ["digital", "slow", "parallel"],
    ),
    "medicine": (
        ["doctor", "patient", "hospital", "nurse", "drug", "virus", "surgery", "clinic"],
        ["treats", "heals", "infects", "prescribes"],
        ["sick", "healthy", "chronic"],
    ),
}
_SHARED = {
    "det": ["the", "a", "this", "every"],
    "conj": ["and", "while", "because"],
    "adv": ["today", "again", "often", "quickly"],
}


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens: ``tokenize("The cat's mat.") == ["the", "cat's", "mat"]``."""
    return _TOKEN.findall(text.lower())


def _sentence(rng: random.Random, topic: str) -> list[str]:
    nouns, verbs, adjs = _TOPICS[topic]
    det, conj, adv = _SHARED["det"], _SHARED["conj"], _SHARED["adv"]

    def noun_phrase() -> list[str]:
        words = [rng.choice(det)]
        if rng.random() < 0.5:
            words.append(rng.choice(adjs))
        return [*words, rng.choice(nouns)]

    words = [*noun_phrase(), rng.choice(verbs), *noun_phrase()]
    if rng.random() < 0.3:
        words.append(rng.choice(adv))
    if rng.random() < 0.3:
        words += [rng.choice(conj), *noun_phrase(), rng.choice(verbs)]
    return words


def synthetic_corpus(
    num_documents: int = 400, sentences_per_document: int = 6, seed: int = 0
) -> list[list[list[str]]]:
    """Generated documents (lists of tokenised sentences); each document keeps one topic, so a
    model that remembers earlier sentences predicts better than a short n-gram window."""
    rng = random.Random(seed)
    topics = sorted(_TOPICS)
    return [
        [_sentence(rng, topic) for _ in range(sentences_per_document)]
        for topic in (rng.choice(topics) for _ in range(num_documents))
    ]


def synthetic_similarity_pairs(seed: int = 0, num_pairs: int = 200) -> list[tuple[str, str, float]]:
    """Scored word pairs for the synthetic corpus: same topic 10.0, different topics 0.0."""
    rng = random.Random(seed)
    topic_words = {t: n + v + a for t, (n, v, a) in _TOPICS.items()}
    topics = sorted(topic_words)
    pairs: list[tuple[str, str, float]] = []
    for k in range(num_pairs):
        t1 = rng.choice(topics)
        if k % 2 == 0:
            a, b = rng.sample(topic_words[t1], 2)
            pairs.append((a, b, 10.0))
        else:
            t2 = rng.choice([t for t in topics if t != t1])
            pairs.append((rng.choice(topic_words[t1]), rng.choice(topic_words[t2]), 0.0))
    return pairs


def _gensim_datapath(name: str) -> str:
    try:
        from gensim.test.utils import datapath
    except ImportError:
        raise TechnicalUserError(
            f"the {name!r} data ships with the optional package gensim: pip install gensim"
        ) from None
    return str(datapath(name))


def load_corpus(name: str = "synthetic", seed: int = 0) -> list[list[list[str]]]:
    """Documents as lists of tokenised sentences.

    ``lee`` reads gensim's ``lee_background.cor`` (one document per line; sentences split on
    ``.``, ``!`` and ``?``).

    Raises:
        TechnicalUserError: unknown corpus, or gensim missing for ``lee``.
    """
    if name == "synthetic":
        return synthetic_corpus(seed=seed)
    if name == "lee":
        path = _gensim_datapath("lee_background.cor")
        documents = []
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                sentences = [tokenize(s) for s in re.split(r"[.!?]+", line)]
                sentences = [s for s in sentences if s]
                if sentences:
                    documents.append(sentences)
        return documents
    raise TechnicalUserError(f"unknown corpus {name!r}; choose one of {', '.join(CORPORA)}")


def load_similarity_pairs(name: str = "synthetic") -> list[tuple[str, str, float]]:
    """Word pairs with a human (or generated) similarity score.

    Raises:
        TechnicalUserError: unknown set, or gensim missing for ``wordsim353``.
    """
    if name == "synthetic":
        return synthetic_similarity_pairs()
    if name == "wordsim353":
        pairs = []
        with open(_gensim_datapath("wordsim353.tsv"), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    continue
                parts = line.strip().split("\t")
                if len(parts) == 3:
                    pairs.append((parts[0].lower(), parts[1].lower(), float(parts[2])))
        return pairs
    raise TechnicalUserError(
        f"unknown similarity set {name!r}; choose one of {', '.join(SIMILARITY_SETS)}"
    )


def split_documents(
    documents: Sequence[list[list[str]]], held_out: float = 0.1, seed: int = 0
) -> tuple[list[list[list[str]]], list[list[list[str]]]]:
    """Deterministic split of whole documents into (train, held-out)."""
    order = list(range(len(documents)))
    random.Random(seed).shuffle(order)
    n_test = max(1, round(held_out * len(documents)))
    test_ids = set(order[:n_test])
    train = [d for i, d in enumerate(documents) if i not in test_ids]
    test = [d for i, d in enumerate(documents) if i in test_ids]
    return train, test


@dataclass
class Vocab:
    """Word <-> id table built from training sentences; rare words map to ``<unk>``."""

    itos: list[str] = field(default_factory=list)
    stoi: dict[str, int] = field(default_factory=dict)
    counts: list[int] = field(default_factory=list)

    UNK = "<unk>"
    BOS = "<s>"
    EOS = "</s>"

    @classmethod
    def build(
        cls, sentences: Iterable[Sequence[str]], min_count: int = 1, specials: bool = True
    ) -> Vocab:
        counter = Counter(w for s in sentences for w in s)
        words = sorted(
            (w for w, c in counter.items() if c >= min_count), key=lambda w: (-counter[w], w)
        )
        vocab = cls()
        if specials:
            unk_count = sum(c for w, c in counter.items() if c < min_count)
            for special, count in ((cls.UNK, unk_count), (cls.BOS, 0), (cls.EOS, 0)):
                vocab._add(special, count)
        for w in words:
            vocab._add(w, counter[w])
        return vocab

    def _add(self, word: str, count: int) -> None:
        self.stoi[word] = len(self.itos)
        self.itos.append(word)
        self.counts.append(count)

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, word: object) -> bool:
        return word in self.stoi

    def id(self, word: str) -> int:
        return self.stoi.get(word, self.stoi.get(self.UNK, -1))

    def encode(self, words: Sequence[str]) -> list[int]:
        return [self.id(w) for w in words]

    def map_unknown(self, words: Sequence[str]) -> list[str]:
        """Replace out-of-vocabulary words by ``<unk>``."""
        return [w if w in self.stoi else self.UNK for w in words]
