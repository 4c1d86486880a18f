"""word2vec and GloVe on the generated corpus (words of one topic are related)."""

from __future__ import annotations

import pytest
import torch

from technical.data.text import Vocab, load_similarity_pairs, synthetic_corpus
from technical.models.glove import GloVeConfig, cooccurrence, train_glove
from technical.models.word2vec import Word2VecConfig, train_word2vec
from technical.models.word_vectors import evaluate_similarity


@pytest.fixture(scope="module")
def sentences() -> list[list[str]]:
    return [s for doc in synthetic_corpus(num_documents=200) for s in doc]


def test_cooccurrence_weights_by_inverse_distance() -> None:
    vocab = Vocab.build([["a", "b", "c"]], specials=False)
    rows, cols, values = cooccurrence([["a", "b", "c"]], vocab, window=2)
    got = {
        (vocab.itos[i], vocab.itos[j]): float(v) for i, j, v in zip(rows, cols, values, strict=True)
    }
    assert got == {
        ("a", "b"): 1.0,
        ("b", "a"): 1.0,
        ("b", "c"): 1.0,
        ("c", "b"): 1.0,
        ("a", "c"): 0.5,
        ("c", "a"): 0.5,
    }


def test_glove_loss_decreases_and_related_words_are_nearer(sentences: list) -> None:
    vectors = train_glove(sentences, GloVeConfig(dim=20, epochs=15))
    assert vectors.loss_history[-1] < 0.5 * vectors.loss_history[0]
    report = evaluate_similarity(vectors, load_similarity_pairs("synthetic"))
    assert report.related_mean > report.unrelated_mean
    assert report.spearman > 0.5


@pytest.mark.parametrize("mode", ["skipgram", "cbow"])
def test_word2vec_puts_related_words_nearer(sentences: list, mode: str) -> None:
    vectors = train_word2vec(sentences, Word2VecConfig(mode=mode, dim=20, epochs=3, subsample=0.0))
    assert vectors.loss_history[-1] < vectors.loss_history[0]
    report = evaluate_similarity(vectors, load_similarity_pairs("synthetic"))
    assert report.related_mean > report.unrelated_mean
    assert report.spearman > 0.5


def test_word2vec_is_deterministic_for_a_seed(sentences: list) -> None:
    config = Word2VecConfig(dim=8, epochs=1)
    a = train_word2vec(sentences[:200], config).vectors
    b = train_word2vec(sentences[:200], config).vectors
    assert torch.equal(torch.from_numpy(a), torch.from_numpy(b))
