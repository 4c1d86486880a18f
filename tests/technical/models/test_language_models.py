"""n-gram and LSTM language models: proper distributions, hand-checked Kneser-Ney, and the
neural model's held-out perplexity below the trigram's on the generated corpus."""

from __future__ import annotations

import math

import pytest

from technical.data.text import Vocab, split_documents, synthetic_corpus
from technical.errors import TechnicalUserError
from technical.models.neural_lm import NeuralLMConfig, train_neural_lm
from technical.models.ngram import NGramLanguageModel

TINY = [["a", "b"], ["a", "b"], ["a", "c"], ["b", "c"]]


@pytest.mark.parametrize("smoothing", ["kneser_ney", "add_k"])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_conditional_distributions_sum_to_one(n: int, smoothing: str) -> None:
    lm = NGramLanguageModel(n=n, smoothing=smoothing).fit(TINY, min_count=1)
    for context in ([], ["a"], ["a", "b"], ["zzz"]):
        assert lm.distribution_sums_to_one(context) == pytest.approx(1.0, abs=1e-9)


def test_bigram_kneser_ney_matches_hand_computation() -> None:
    lm = NGramLanguageModel(n=2, discount=0.5).fit(TINY, min_count=1)
    # predictable words: <unk>, </s>, a, b, c -> V = 5
    # continuation unigram: N1+(. b) = 2 (a, <s>), N1+(. .) = distinct bigrams = 7,
    # distinct continued words {a, b, c, </s>} = 4; c("a b") = 2, c("a") = 3, N1+(a .) = 2
    p_cont_b = (2 - 0.5) / 7 + 0.5 * 4 / 7 * (1 / 5)
    expected = (2 - 0.5) / 3 + 0.5 * 2 / 3 * p_cont_b
    assert lm.prob("b", ["a"]) == pytest.approx(expected, abs=1e-12)


def test_perplexity_of_add_k_unigram_on_uniform_text() -> None:
    lm = NGramLanguageModel(n=1, smoothing="add_k", k=1.0).fit([["x", "y"]], min_count=1)
    # predictable words <unk>, </s>, x, y (V = 4); counts x = y = </s> = 1, total 3
    # P(x) = P(</s>) = (1 + 1) / (3 + 4) = 2/7, so the perplexity of "x </s>" is 7/2
    assert lm.perplexity([["x"]]) == pytest.approx(3.5, abs=1e-9)


def test_invalid_order_is_a_user_error() -> None:
    with pytest.raises(TechnicalUserError):
        NGramLanguageModel(n=0)


def test_neural_lm_beats_trigram_on_held_out_text() -> None:
    train_docs, test_docs = split_documents(synthetic_corpus(num_documents=300), 0.1)
    vocab = Vocab.build((s for d in train_docs for s in d), min_count=2)
    trigram = NGramLanguageModel(3).fit([s for d in train_docs for s in d], vocab=vocab)
    ngram_ppl = trigram.perplexity([s for d in test_docs for s in d])
    result = train_neural_lm(train_docs, test_docs, NeuralLMConfig(epochs=4), vocab=vocab)
    assert math.isfinite(result.perplexity)
    assert result.perplexity < ngram_ppl
