"""Text corpora, similarity sets and the vocabulary."""

from __future__ import annotations

import sys

import pytest

from technical.data.text import (
    Vocab,
    load_corpus,
    load_similarity_pairs,
    split_documents,
    synthetic_corpus,
    tokenize,
)
from technical.errors import TechnicalUserError


def test_tokenize_lowercases_and_keeps_apostrophes() -> None:
    assert tokenize("The cat's MAT, 2 dogs.") == ["the", "cat's", "mat", "2", "dogs"]


def test_synthetic_corpus_is_deterministic() -> None:
    assert synthetic_corpus(num_documents=5, seed=3) == synthetic_corpus(num_documents=5, seed=3)
    assert synthetic_corpus(num_documents=5, seed=3) != synthetic_corpus(num_documents=5, seed=4)


def test_split_documents_is_disjoint_and_complete() -> None:
    docs = synthetic_corpus(num_documents=50)
    train, test = split_documents(docs, held_out=0.2)
    assert len(train) == 40 and len(test) == 10


def test_vocab_maps_rare_words_to_unk() -> None:
    vocab = Vocab.build([["a", "a", "b"]], min_count=2)
    assert vocab.encode(["a", "b", "zzz"]) == [
        vocab.stoi["a"],
        vocab.stoi["<unk>"],
        vocab.stoi["<unk>"],
    ]


def test_missing_gensim_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gensim", None)
    monkeypatch.setitem(sys.modules, "gensim.test.utils", None)
    with pytest.raises(TechnicalUserError, match="pip install gensim"):
        load_corpus("lee")


def test_lee_corpus_and_wordsim_from_gensim() -> None:
    pytest.importorskip("gensim")
    docs = load_corpus("lee")
    assert len(docs) == 300
    pairs = load_similarity_pairs("wordsim353")
    assert len(pairs) == 353 and all(0 <= s <= 10 for _, _, s in pairs)
