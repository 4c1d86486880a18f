"""Issue 11's "said once" targets on every bundled example, measured the way
``benchmarks/advice_repetition.py`` measures them (its functions, imported, not copied):

* repeated sentences (over 50 characters, more than once) in the English Markdown report body:
  at most ``TARGET_REPEATS``;
* distinct reason texts / all reasons in the JSON report: at least ``TARGET_DISTINCT``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session
from advisor.answers.profile import load_answers_file
from advisor.report.render import render
from benchmarks.advice_repetition import (
    MIN_CHARS,
    TARGET_DISTINCT,
    TARGET_REPEATS,
    body_sentences,
    reason_texts,
    repeated_sentences,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    p
    for p in (ROOT / "examples").iterdir()
    if p.suffix in {".yaml", ".json"} and p.name != "evidence.json"
)


def _report(session: Session, path: Path) -> tuple[str, object]:
    # as the benchmark builds it: the CLI's defaults (sensitivity included), English
    report = assemble_report(session, load_answers_file(session.kb, path), lang="en")
    return render(report, "md"), json.loads(render(report, "json"))


def test_the_examples_are_all_measured() -> None:
    assert len(EXAMPLES) >= 8, [p.name for p in EXAMPLES]
    assert all(p.name != "evidence.json" for p in EXAMPLES)


def test_the_measure_counts_what_it_says() -> None:
    """The imported measures, on a text made for them (so the targets below mean something)."""
    long = "This sentence is long enough to count as a repeated sentence in the body."
    short = "Too short to count."
    markdown = (
        f"# Title\n{long}\n\n## Section\n{long} {short} {short}\n- {long}\n| {long} |\n### {long}\n"
    )
    assert len(long) > MIN_CHARS
    assert repeated_sentences(markdown) == {long: 2}  # the title part, tables and headings skipped
    assert body_sentences(markdown).count(short) == 2
    doc = {"a": {"reasons": [{"text": "x"}, {"text": "x"}]}, "b": [{"reasons": [{"text": "y"}]}]}
    assert reason_texts(doc) == ["x", "x", "y"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_report_says_each_sentence_once(session: Session, path: Path) -> None:
    markdown, _ = _report(session, path)
    repeats = repeated_sentences(markdown)
    worst = "\n  ".join(f"{n}x {s}" for s, n in list(repeats.items())[:8])
    assert len(repeats) <= TARGET_REPEATS, (
        f"{path.name}: {len(repeats)} sentences repeat in the Markdown body"
        f" (target <= {TARGET_REPEATS}); the most repeated:\n  {worst}"
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_most_reasons_are_distinct(session: Session, path: Path) -> None:
    _, document = _report(session, path)
    reasons = reason_texts(document)
    assert reasons, f"{path.name}: the JSON report holds no reasons at all"
    ratio = len(set(reasons)) / len(reasons)
    common = sorted(set(reasons), key=reasons.count, reverse=True)[:5]
    listing = "\n  ".join(f"{reasons.count(t)}x {t}" for t in common)
    assert ratio >= TARGET_DISTINCT, (
        f"{path.name}: {len(set(reasons))} distinct of {len(reasons)} reasons ({ratio:.3f},"
        f" target >= {TARGET_DISTINCT}); the most repeated:\n  {listing}"
    )


def test_a_shared_reason_is_written_at_its_home_and_pointed_to_elsewhere(session: Session) -> None:
    """The GDPR's scope reason is the law's own: the risk that shares it points there, once."""
    report = assemble_report(
        session, load_answers_file(session.kb, ROOT / "examples" / "healthcare_eu_seed.yaml")
    )
    gdpr = next(r for r in report.regulations if r.id == "regulation/gdpr")
    home = {r.rule for r in gdpr.reasons if r.see is None}
    assert "rule/reg_gdpr_scope" in home
    pointers = [r for risk in report.risks for r in risk.reasons if r.rule == "rule/reg_gdpr_scope"]
    assert pointers and all(r.see == gdpr.title for r in pointers)
    assert all(r.text for r in pointers)  # the JSON keeps the text; only the prose points
    markdown = render(report, "md")
    scope = next(r.text for r in gdpr.reasons if r.rule == "rule/reg_gdpr_scope")
    assert markdown.count(scope) == 1
    privacy = markdown.split("Breach of privacy law**", 1)[1].split("\n- **", 1)[0]
    assert privacy.count(f"See {gdpr.title}.") == 1  # two GDPR reasons, one pointer
