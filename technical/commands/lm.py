"""``python -m technical lm``: n-gram (Kneser-Ney or add-k) and LSTM language models, both
scored by perplexity on the same held-out documents with the same vocabulary."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import EPOCHS, FloatRange, IntRange
from technical.data.text import CORPORA

NAME = "lm"
HELP = "n-gram and LSTM language models; held-out perplexity of both"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default="synthetic",
        help="synthetic (generated) or lee (needs gensim)",
    )
    parser.add_argument("--order", type=IntRange(1, 10), default=3, help="n of the n-gram model")
    parser.add_argument("--smoothing", choices=["kneser_ney", "add_k"], default="kneser_ney")
    parser.add_argument("--epochs", type=EPOCHS, default=10, help="LSTM epochs")
    parser.add_argument(
        "--held-out",
        type=FloatRange(0.0, 0.5, open_low=True, open_high=True),
        default=0.1,
        help="fraction of documents held out (default 0.1)",
    )
    parser.add_argument("--skip-neural", action="store_true", help="n-gram model only")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from technical.data.text import Vocab, load_corpus, split_documents
    from technical.models.neural_lm import NeuralLMConfig, train_neural_lm
    from technical.models.ngram import NGramLanguageModel

    docs = load_corpus(args.corpus, seed=args.seed)
    train_docs, test_docs = split_documents(docs, args.held_out, seed=args.seed)
    train_sents = [s for d in train_docs for s in d]
    vocab = Vocab.build(train_sents, min_count=2)
    ngram = NGramLanguageModel(n=args.order, smoothing=args.smoothing).fit(train_sents, vocab=vocab)
    metrics: dict[str, Any] = {
        "ngram_perplexity": ngram.perplexity([s for d in test_docs for s in d]),
        "vocab_size": len(vocab),
        "held_out_tokens": sum(len(s) + 1 for d in test_docs for s in d),
    }
    params = None
    config = NeuralLMConfig(epochs=args.epochs, seed=args.seed, device=str(args.device))
    if not args.skip_neural:
        result = train_neural_lm(train_docs, test_docs, config, vocab=vocab)
        metrics["neural_perplexity"] = result.perplexity
        params = sum(p.numel() for p in result.model.parameters())
    return {
        "config": {
            "corpus": args.corpus,
            "order": args.order,
            "smoothing": args.smoothing,
            "held_out": args.held_out,
            "neural": config.__dict__ if params else None,
        },
        "metrics": metrics,
        "params": params,
    }
