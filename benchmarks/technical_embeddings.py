"""Word vectors side by side: our skip-gram, CBOW and GloVe against gensim's word2vec
(skip-gram and CBOW, same corpus, dimension, window, negatives, epochs, min_count), scored by
Spearman correlation with a word-similarity set.

    python benchmarks/technical_embeddings.py [--corpora synthetic lee] [--out PATH]

``lee`` pairs gensim's Lee background corpus with WordSim-353 (both ship in gensim's wheel);
``synthetic`` is the generated corpus with its generated pairs. gensim rows are left out
when gensim is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch

from technical.data.text import load_corpus, load_similarity_pairs
from technical.models.glove import GloVeConfig, train_glove
from technical.models.word2vec import Word2VecConfig, train_word2vec
from technical.models.word_vectors import evaluate_similarity

SIMILARITY = {"synthetic": "synthetic", "lee": "wordsim353"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="benchmarks/results/technical_embeddings.json")
    parser.add_argument("--corpora", nargs="+", default=["synthetic", "lee"])
    parser.add_argument("--dim", type=int, default=50)
    parser.add_argument("--epochs", type=int, default=5, help="word2vec epochs (ours and gensim)")
    parser.add_argument("--glove-epochs", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    try:
        from gensim.models import Word2Vec as GensimWord2Vec
    except ImportError:
        GensimWord2Vec = None

    rows: list[dict[str, Any]] = []
    for corpus in args.corpora:
        sentences = [s for doc in load_corpus(corpus) for s in doc]
        pairs = load_similarity_pairs(SIMILARITY[corpus])
        runs: list[tuple[str, Any]] = [
            (
                "ours skipgram",
                lambda s=sentences: train_word2vec(
                    s, Word2VecConfig(mode="skipgram", dim=args.dim, epochs=args.epochs)
                ),
            ),
            (
                "ours cbow",
                lambda s=sentences: train_word2vec(
                    s, Word2VecConfig(mode="cbow", dim=args.dim, epochs=args.epochs)
                ),
            ),
            (
                "ours glove",
                lambda s=sentences: train_glove(
                    s, GloVeConfig(dim=args.dim, epochs=args.glove_epochs)
                ),
            ),
        ]
        if GensimWord2Vec is not None:
            for sg, label in ((1, "gensim skipgram"), (0, "gensim cbow")):
                runs.append(
                    (
                        label,
                        lambda s=sentences, sg=sg: (
                            GensimWord2Vec(
                                s,
                                vector_size=args.dim,
                                window=5,
                                min_count=2,
                                sg=sg,
                                negative=5,
                                sample=1e-3,
                                epochs=args.epochs,
                                workers=1,
                                seed=0,
                            ).wv
                        ),
                    )
                )
        for label, fit in runs:
            start = time.perf_counter()
            vectors = fit()
            seconds = time.perf_counter() - start
            report = evaluate_similarity(vectors, pairs)
            rows.append(
                {
                    "corpus": corpus,
                    "similarity": SIMILARITY[corpus],
                    "model": label,
                    "spearman": report.spearman,
                    "covered": report.covered,
                    "total": report.total,
                    "related_mean": report.related_mean,
                    "unrelated_mean": report.unrelated_mean,
                    "seconds": seconds,
                }
            )
            print(
                f"{corpus:<10} {label:<16} spearman={report.spearman:+.3f} "
                f"pairs={report.covered}/{report.total} {seconds:.1f}s",
                flush=True,
            )

    print(f"\n{'corpus':<10} {'model':<16} {'Spearman':>9} {'pairs':>8} {'rel-unrel':>10} {'s':>7}")
    for r in rows:
        gap = r["related_mean"] - r["unrelated_mean"]
        print(
            f"{r['corpus']:<10} {r['model']:<16} {r['spearman']:>+9.3f} "
            f"{r['covered']:>4}/{r['total']:<3} {gap:>+10.3f} {r['seconds']:>7.1f}"
        )
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "benchmark": "technical_embeddings",
                "rows": rows,
                "dim": args.dim,
                "epochs": args.epochs,
                "glove_epochs": args.glove_epochs,
            },
            handle,
            indent=2,
        )


if __name__ == "__main__":
    main()
