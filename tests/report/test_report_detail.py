"""The brief and depth on demand (issue 12 items 1-2), on every bundled example in en and zh:
the report opens with a one-screen brief, the standard Markdown body stays short, and
``--detail full`` gives back every item."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session
from advisor.answers.profile import load_answers_file
from advisor.cli import main
from advisor.report.model import Report
from advisor.report.render import md_escape, render
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.stem != "evidence")
#: the most lines the standard Markdown body (before the appendix) may have
MAX_BODY_LINES = 450
#: the brief ends within this many lines of the top of the Markdown
BRIEF_LINES = 50

_REPORTS: dict[tuple[str, str], Report] = {}


def _build(session: Session, path: Path, lang: Lang) -> Report:
    profile = load_answers_file(session.kb, path)
    return assemble_report(session, profile, lang=lang)


def _report(session: Session, path: Path, lang: Lang) -> Report:
    key = (path.name, lang)
    if key not in _REPORTS:
        _REPORTS[key] = _build(session, path, lang)
    return _REPORTS[key]


def _body(md: str, lang: Lang) -> list[str]:
    appendix = f"## {words_for(lang)['report']['appendix']}"
    return md.split(appendix)[0].splitlines()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_standard_body_is_short_and_opens_with_the_brief(
    session: Session, example: Path, lang: Lang
) -> None:
    report = _report(session, example, lang)
    md = render(report, "md")
    body = _body(md, lang)
    assert len(body) <= MAX_BODY_LINES, (example.stem, lang, len(body))
    sections = [n for n, line in enumerate(body) if line.startswith("## ")]
    brief = words_for(lang)["brief"]
    assert body[sections[0]] == f"## {brief['title']}"
    assert sections[1] <= BRIEF_LINES, (example.stem, sections[1])
    full = _body(render(report, "md", "full"), lang)
    assert len(full) > len(body) + 100  # the full report holds what the standard leaves out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_brief_has_every_part(session: Session, example: Path) -> None:
    report = _report(session, example, "en")
    brief = report.brief
    assert brief is not None and report.summary is not None
    assert brief.decision and brief.decision in report.summary.headline
    assert 1 <= len(brief.reasons) <= 3
    assert len(brief.risks) == min(3, len(report.risks))
    made = date.fromisoformat(report.generated_at[:10])
    for risk, listed in zip(brief.risks, report.risks, strict=False):
        assert risk.id == listed.id  # the register's first three, in its order
        assert risk.owner and risk.step
        assert risk.owner_to_hire == (risk.owner_role not in report.team.present)
        assert date.fromisoformat(risk.due) > made
    assert [law.market for law in brief.legal] == list(report.profile["markets"])
    assert brief.cash
    assert 1 <= len(brief.actions) <= 3


def test_a_step_due_now_is_due_before_one_due_next(session: Session) -> None:
    report = _report(session, ROOT / "examples" / "fintech_credit_series_a.yaml", "en")
    assert report.brief is not None
    due = {}
    for risk, listed in zip(report.brief.risks, report.risks, strict=False):
        step = next(m for m in listed.mitigations if m.recommended)
        due.setdefault(step.priority, set()).add(risk.due)
    made = date.fromisoformat(report.generated_at[:10])
    assert {(date.fromisoformat(d) - made).days for d in due["now"]} == {28}
    assert {(date.fromisoformat(d) - made).days for d in due["next"]} == {84}
    # the compliance officer owns the AI Act step and is not on the team yet: the brief says so
    first = report.brief.risks[0]
    assert (first.owner_role, first.owner_to_hire) == ("role/compliance_officer", True)
    assert "| Compliance officer (to hire) |" in render(report, "md")


def test_the_law_line_per_market_names_the_laws_that_apply(session: Session) -> None:
    report = _report(session, ROOT / "examples" / "fintech_credit_series_a.yaml", "en")
    assert report.brief is not None
    eu = next(law for law in report.brief.legal if law.market == "eu")
    assert set(eu.laws) == {"regulation/eu_ai_act", "regulation/gdpr"}
    assert "EU Artificial Intelligence Act (high risk)" in eu.verdict
    assert "the first duty starts 2027-12-02" in eu.verdict


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_laws_that_do_not_apply_get_one_line_and_full_detail_gives_every_card(
    session: Session, example: Path
) -> None:
    report = _report(session, example, "en")
    standard, full = render(report, "md"), render(report, "md", "full")
    for reg in report.regulations:
        heading = f"### {md_escape(reg.title)}\n"
        assert heading in full
        if reg.applies:
            assert heading in standard
        else:
            assert heading not in standard
            assert md_escape(reg.title) in standard  # named in the one line that says why


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_full_detail_lists_every_direction_and_risk(session: Session, example: Path) -> None:
    report = _report(session, example, "en")
    standard, full = render(report, "md"), render(report, "md", "full")
    rows = [line for line in full.splitlines() if line.startswith("| ") and "|" in line[2:]]
    for d in report.directions:
        assert any(line.startswith(f"| {d.rank} | {md_escape(d.title)}") for line in rows)
    shown = [line for line in standard.splitlines() if line.startswith("| ")]
    ranked = [
        d
        for d in report.directions
        if any(x.startswith(f"| {d.rank} | {md_escape(d.title)}") for x in shown)
    ]
    assert len(ranked) < len(report.directions)
    for r in report.risks:
        assert md_escape(r.title) in standard and md_escape(r.title) in full


def test_the_html_folds_the_rest_and_full_detail_folds_nothing(session: Session) -> None:
    report = _report(session, ROOT / "examples" / "healthcare_eu_seed.yaml", "en")
    standard, full = render(report, "html"), render(report, "html", "full")
    assert standard.index('id="brief"') < standard.index('class="toc"')
    assert standard.count("<details") >= 3
    assert "<details" not in full
    for d in report.directions:
        assert d.title in standard  # folded, not dropped


def test_the_cli_takes_detail_and_refuses_an_unknown_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = str(ROOT / "examples" / "retail_minimal.yaml")
    out = tmp_path / "full.md"
    with pytest.raises(SystemExit) as done:
        main(["report", "--answers", example, "--detail", "full", "-o", str(out)])
    assert done.value.code == 0
    assert "## Executive summary" in out.read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["report", "--answers", example, "--detail", "everything", "-o", "-"])
    assert done.value.code == 2
    assert "standard" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_standard_body_shows_no_ids(session: Session, example: Path, lang: Lang) -> None:
    """Ids (``rule/...``, ``risk/...``, snake_case keys) stay in the appendix and the JSON; the
    body names everything by its label (the kernels and commands a founder runs are code)."""
    report = _report(session, example, lang)
    kinds = {i.split("/")[0] for i in (*(r.rule for r in report.trace), *report.labels)}
    kinds = {k for k in kinds if k.isidentifier()}
    for fmt in ("md", "html"):
        text = render(report, fmt)  # type: ignore[arg-type]
        cut = "## " + words_for(lang)["report"]["appendix"] if fmt == "md" else 'id="appendix"'
        body = text.split(cut)[0].replace("\\_", "_")
        prose = re.sub(r"`[^`]*`|<code>.*?</code>|<[^>]+>", "", body)
        pattern = r"\b(?:" + "|".join(sorted(kinds)) + r")/[a-z0-9_]+"
        found = sorted(set(re.findall(pattern, body)))  # not even as code
        assert not found, (example.stem, lang, fmt, found[:5])
        keys = sorted(set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", prose)))
        assert not keys, (example.stem, lang, fmt, keys[:5])


def test_a_knowledge_layer_sets_when_the_briefs_steps_are_due(tmp_path: Path) -> None:
    # settings.report is read from the knowledge (a --kb layer replaces it): it used to be
    # dropped when the layers' settings were merged, so only the built-in defaults applied
    from advisor.advice.session import open_session

    layer = tmp_path / "kb"
    layer.mkdir()
    (layer / "settings.yaml").write_text(
        "settings:\n  report:\n    act_within_weeks: {now: 2, next: 6, later: 10}\n",
        encoding="utf-8",
    )
    session = open_session([layer], cache=False)
    report = _build(session, ROOT / "examples" / "fintech_credit_series_a.yaml", "en")
    assert report.brief is not None
    made = date.fromisoformat(report.generated_at[:10])
    days = {(date.fromisoformat(r.due) - made).days for r in report.brief.risks}
    assert days <= {14, 42, 70} and 14 in days


def test_the_chinese_report_names_cited_laws_in_chinese(session: Session) -> None:
    report = _report(session, ROOT / "examples" / "edtech_cn_pre_seed.json", "zh")
    md = render(report, "md")
    assert "《生成式人工智能服务管理暂行办法》Art." in md
    assert "Interim Measures for Generative AI Services" not in md.split("## 附录")[0]
    assert "Interim Measures for Generative AI Services" in render(
        _report(session, ROOT / "examples" / "edtech_cn_pre_seed.json", "en"), "md"
    )
