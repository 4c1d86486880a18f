"""How much of each example's report repeats itself (issue 11's "said once" figures).

For every bundled example (``examples/*.yaml``, ``examples/*.json`` answers files), in English:

* **repeated sentences**: sentences over 50 characters in the Markdown report *body* (the text
  after the first ``## `` heading, table rows and headings excluded) that appear more than once;
  the figure is the number of distinct such sentences (target: <= 5);
* **distinct reasons**: in the JSON report, every ``reasons`` list anywhere in the document is
  collected; the figure is distinct reason texts / all reasons (target: >= 0.5).

The reports are built in-process (the same ``assemble_report`` and ``render`` the CLI calls).

    .venv/bin/python benchmarks/advice_repetition.py [--out PATH] [--lang en|zh]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])")
MIN_CHARS = 50
TARGET_REPEATS = 5
TARGET_DISTINCT = 0.5


def body_sentences(markdown: str) -> list[str]:
    """The sentences of the report body: prose lines after the first section heading."""
    start = markdown.find("\n## ")
    body = markdown[start:] if start >= 0 else markdown
    out: list[str] = []
    for line in body.splitlines():
        text = line.strip()
        if not text or text.startswith(("#", "|", "```", "<")):
            continue
        text = re.sub(r"^([-*]|\d+\.)\s+", "", text)
        out.extend(s.strip() for s in SENTENCE_END.split(text) if s.strip())
    return out


def repeated_sentences(markdown: str) -> dict[str, int]:
    """Sentences over :data:`MIN_CHARS` characters appearing more than once, with their counts."""
    counts = Counter(s for s in body_sentences(markdown) if len(s) > MIN_CHARS)
    return {s: n for s, n in counts.most_common() if n > 1}


def reason_texts(document: Any) -> list[str]:
    """Every reason's text in a JSON report, wherever a ``reasons`` list sits."""
    found: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "reasons" and isinstance(value, list):
                found.extend(
                    str(r.get("text") or r.get("because") or r) if isinstance(r, dict) else str(r)
                    for r in value
                )
            else:
                found.extend(reason_texts(value))
    elif isinstance(document, list):
        for value in document:
            found.extend(reason_texts(value))
    return found


_SESSION: list[Any] = []


def _session() -> Any:
    if not _SESSION:
        from advisor.advice.session import open_session

        _SESSION.append(open_session())
    return _SESSION[0]


def measure(answers: Path, lang: str) -> dict[str, Any]:
    from advisor.advice.assemble import assemble_report
    from advisor.answers.profile import load_answers_file
    from advisor.report.render import render

    session = _session()
    report = assemble_report(session, load_answers_file(session.kb, answers), lang=lang)  # type: ignore[arg-type]
    markdown = render(report, "md")  # the default, standard detail
    full = repeated_sentences(render(report, "md", "full"))  # every item, as before --detail
    document = json.loads(render(report, "json"))
    repeats = repeated_sentences(markdown)
    reasons = reason_texts(document)
    return {
        "example": answers.name,
        "repeated_sentences": len(repeats),
        "repeated_sentences_full": len(full),
        "worst": next(iter(repeats.items()), None),
        "reasons": len(reasons),
        "distinct_reasons": len(set(reasons)),
        "distinct_ratio": round(len(set(reasons)) / len(reasons), 3) if reasons else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks/results/advice_repetition.json"
    )
    args = parser.parse_args(argv)
    examples = sorted(
        p
        for p in (ROOT / "examples").iterdir()
        if p.suffix in {".yaml", ".json"} and p.name != "evidence.json"
    )
    rows = [measure(p, args.lang) for p in examples]
    print(
        f"{'example':42} {'repeated':>8} {'(full)':>6} {'reasons':>8} {'distinct':>8} {'ratio':>6}"
    )
    for r in rows:
        print(
            f"{r['example']:42} {r['repeated_sentences']:>8} {r['repeated_sentences_full']:>6} "
            f"{r['reasons']:>8} {r['distinct_reasons']:>8} {r['distinct_ratio']:>6}"
        )
    ok = all(
        max(r["repeated_sentences"], r["repeated_sentences_full"]) <= TARGET_REPEATS
        and r["distinct_ratio"] >= TARGET_DISTINCT
        for r in rows
    )
    print(
        f"targets: repeated <= {TARGET_REPEATS} (both details), ratio >= {TARGET_DISTINCT}: "
        + ("met" if ok else "NOT met")
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "benchmark": "advice_repetition",
                "date": date.today().isoformat(),
                "python": platform.python_version(),
                "lang": args.lang,
                "targets": {
                    "repeated_sentences_max": TARGET_REPEATS,
                    "distinct_ratio_min": TARGET_DISTINCT,
                },
                "met": ok,
                "rows": rows,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
