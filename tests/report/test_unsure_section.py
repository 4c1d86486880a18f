"""The report's section on answers the founder was not sure of, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session
from advisor.answers.profile import build_profile, load_answers_file
from advisor.report.model import Report
from advisor.report.render import render
from advisor.report.unsure_view import SHOWN_PENDING, SHOWN_RESOLVE
from advisor.words.catalog import words_for
from advisor.words.shape import Lang
from tests.report.test_zh_report import english_words

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "fintech_credit_series_a.yaml"
UNSURE = [
    "markets",
    "automated_decisions",
    "runway_months",
    "competition",
    "training_compute_flops",
]


def _unsure(session: Session, lang: Lang) -> Report:
    full = load_answers_file(session.kb, EXAMPLE)
    raw = {k: ("unknown" if k in UNSURE else v) for k, v in full.answers.items()}
    return assemble_report(session, build_profile(session.kb, raw), lang=lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_section_says_what_each_unknown_answer_decides(session: Session, lang: Lang) -> None:
    report = _unsure(session, lang)
    u = words_for(lang)["unsure"]
    md = render(report, "md")
    head = md.index(f"## {u['heading']}")
    # right after the brief, before the evidence
    assert md.index(f"## {words_for(lang)['brief']['title']}") < head
    section = md[head : md.index("\n## ", head + 4)]
    labels = {r.question: r.label for r in report.resolve_first}
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    # every unknown answer deciding something, by its label with how to find it out
    for r in report.resolve_first[:SHOWN_RESOLVE]:
        if r.impact or r.findings:
            row = next(x for x in rows if x.startswith(f"| {labels[r.question]} |"))
            assert r.how[:30] in row
    assert "markets" not in section and "rule/" not in section  # labels, never ids
    # the open headline fields, in words, with the questions that decide them
    assert len([x for x in section.splitlines() if x.startswith("- ")]) == len(report.open_headline)
    # standard detail shows the first findings, full detail every one
    findings = section[section.index(f"### {u['open_heading']}") :]
    shown = [x for x in findings.splitlines() if x.startswith("| ")][1:]  # less the head
    assert len(shown) == min(SHOWN_PENDING, len(report.pending)) < len(report.pending)
    assert "`--detail full`" in findings
    full = render(report, "md", detail="full")
    assert all(p.would[1:40] in full.replace("\\", "") for p in report.pending)
    # the score ranges in the ranking
    ranged = next(d for d in report.directions if d.score_range)
    # the profile names each unknown answer as such
    for r in report.resolve_first:
        assert f"| {r.label} | {words_for(lang)['ask']['unknown']} |" in full
    low, high = (round(x) for x in ranged.score_range or ())
    assert u["range"].format(low=low, high=high) in full
    # and the business-model fits and risk scores those answers can move, with how to read them
    assert u["intro_ranges"].strip() in md.replace("\\", "")
    model = next(b for b in report.business_models if b.fit_range)
    lo, hi = (round(x) for x in model.fit_range or ())
    row = next(x for x in full.splitlines() if x.startswith(f"| {model.title} |"))
    assert u["range"].format(low=lo, high=hi) in row
    risk = next(r for r in report.risks if r.score_range)
    lo, hi = risk.score_range or ()
    row = next(x for x in full.splitlines() if f"| {risk.title} |" in x)
    assert u["range"].format(low=lo, high=hi) in row
    html = render(report, "html")
    assert 'id="unsure"' in html and html.count("<tr><td>") >= len(rows) - 3


def test_the_chinese_section_is_chinese(session: Session) -> None:
    words = english_words(_unsure(session, "zh"))
    assert not words, sorted(set(words))


def test_no_section_for_a_founder_sure_of_every_answer(session: Session) -> None:
    report = assemble_report(session, load_answers_file(session.kb, EXAMPLE))
    u = words_for("en")["unsure"]
    assert u["heading"] not in render(report, "md") and 'id="unsure"' not in render(report, "html")
