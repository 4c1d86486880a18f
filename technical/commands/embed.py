"""``python -m technical embed``: train word2vec (skip-gram/CBOW) or GloVe and score the vectors
on a word-similarity set (Spearman)."""

from __future__ import annotations

import argparse
from typing import Any

from technical.argtypes import EPOCHS, IntRange
from technical.data.text import CORPORA, SIMILARITY_SETS

NAME = "embed"
HELP = "train word2vec (skipgram|cbow) or GloVe; report word-similarity Spearman"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=["skipgram", "cbow", "glove"], default="skipgram")
    parser.add_argument(
        "--corpus",
        choices=CORPORA,
        default="synthetic",
        help="synthetic (generated) or lee (needs gensim)",
    )
    parser.add_argument(
        "--similarity",
        choices=SIMILARITY_SETS,
        default=None,
        help="default: synthetic for the synthetic corpus, else wordsim353",
    )
    parser.add_argument("--dim", type=IntRange(1, 4_096), default=50, help="default 50")
    parser.add_argument("--window", type=IntRange(1, 100), default=5, help="default 5")
    parser.add_argument(
        "--epochs", type=EPOCHS, default=None, help="default 5 for word2vec, 30 for GloVe"
    )
    parser.add_argument(
        "--neighbours", metavar="WORD", default=None, help="also list the nearest words to WORD"
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from dataclasses import asdict

    from technical.data.text import load_corpus, load_similarity_pairs
    from technical.errors import TechnicalUserError
    from technical.models.glove import GloVeConfig, train_glove
    from technical.models.word2vec import Word2VecConfig, train_word2vec
    from technical.models.word_vectors import evaluate_similarity

    sim_name = args.similarity or ("synthetic" if args.corpus == "synthetic" else "wordsim353")
    sentences = [s for doc in load_corpus(args.corpus, seed=args.seed) for s in doc]
    pairs = load_similarity_pairs(sim_name)
    config: Word2VecConfig | GloVeConfig
    if args.method == "glove":
        config = GloVeConfig(
            dim=args.dim, window=args.window, seed=args.seed, epochs=args.epochs or 30
        )
        vectors = train_glove(sentences, config)
    else:
        config = Word2VecConfig(
            mode=args.method,
            dim=args.dim,
            window=args.window,
            seed=args.seed,
            epochs=args.epochs or 5,
        )
        vectors = train_word2vec(sentences, config)
    report = evaluate_similarity(vectors, pairs)
    metrics: dict[str, Any] = {
        **asdict(report),
        "vocab_size": len(vectors.words),
        "first_loss": vectors.loss_history[0],
        "final_loss": vectors.loss_history[-1],
    }
    if args.neighbours:
        if args.neighbours not in vectors:
            raise TechnicalUserError(f"{args.neighbours!r} is not in the vocabulary")
        metrics["neighbours"] = vectors.most_similar(args.neighbours, 5)
    return {
        "config": {
            "method": args.method,
            "corpus": args.corpus,
            "similarity": sim_name,
            **asdict(config),
        },
        "metrics": metrics,
        "params": int(vectors.vectors.size),
    }
