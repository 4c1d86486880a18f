"""Language models on the same held-out documents and vocabulary: add-k and Kneser-Ney n-grams
(n = 2, 3, 4) against the LSTM language model; per-token perplexity.

    python benchmarks/technical_lm.py [--corpora synthetic lee] [--out PATH]
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

from technical.data.text import Vocab, load_corpus, split_documents
from technical.models.neural_lm import NeuralLMConfig, train_neural_lm
from technical.models.ngram import NGramLanguageModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="benchmarks/results/technical_lm.json")
    parser.add_argument("--corpora", nargs="+", default=["synthetic", "lee"])
    parser.add_argument("--epochs", type=int, default=10, help="LSTM epochs")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows: list[dict[str, Any]] = []
    for corpus in args.corpora:
        train_docs, test_docs = split_documents(load_corpus(corpus), 0.1, seed=0)
        train_sents = [s for d in train_docs for s in d]
        test_sents = [s for d in test_docs for s in d]
        vocab = Vocab.build(train_sents, min_count=2)
        tokens = sum(len(s) + 1 for s in test_sents)
        for n in (2, 3, 4):
            for smoothing in ("add_k", "kneser_ney"):
                start = time.perf_counter()
                lm = NGramLanguageModel(n, smoothing=smoothing).fit(train_sents, vocab=vocab)
                ppl = lm.perplexity(test_sents)
                rows.append(
                    {
                        "corpus": corpus,
                        "model": f"{n}-gram {smoothing}",
                        "perplexity": ppl,
                        "seconds": time.perf_counter() - start,
                        "held_out_tokens": tokens,
                        "vocab": len(vocab),
                    }
                )
        start = time.perf_counter()
        result = train_neural_lm(
            train_docs, test_docs, NeuralLMConfig(epochs=args.epochs), vocab=vocab
        )
        rows.append(
            {
                "corpus": corpus,
                "model": f"LSTM ({args.epochs} epochs)",
                "perplexity": result.perplexity,
                "seconds": time.perf_counter() - start,
                "held_out_tokens": tokens,
                "vocab": len(vocab),
            }
        )
    print(f"{'corpus':<10} {'model':<22} {'perplexity':>11} {'tokens':>7} {'vocab':>6} {'s':>6}")
    for r in rows:
        print(
            f"{r['corpus']:<10} {r['model']:<22} {r['perplexity']:>11.2f} "
            f"{r['held_out_tokens']:>7} {r['vocab']:>6} {r['seconds']:>6.1f}"
        )
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(
            {"benchmark": "technical_lm", "rows": rows, "epochs": args.epochs}, handle, indent=2
        )


if __name__ == "__main__":
    main()
