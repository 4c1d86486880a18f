"""User text reads literally in every format: not markup, not a template, not a table break."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from advisor.report.model import Report
from advisor.report.render import render
from tests.report.helpers_report import check_html, split_row, tables


def test_markdown_escapes_the_malicious_name(report: Report) -> None:
    md = render(report, "md")
    assert re.search(r"(?<!\\)<script", md) is None  # every "<" is escaped
    assert "\\<script\\>alert(1)\\</script\\> {{ 7\\*7 }} \\*\\*bold\\*\\* \\| pipe" in md
    prose = re.sub(r"(`+)[^`\n].*?\1", "", md)
    assert "**bold**" not in prose  # only in the appendix's code spans, where it is literal


def test_html_escapes_the_malicious_name(report: Report) -> None:
    html = render(report, "html")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} **bold** | pipe" in html


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_template_syntax_in_data_is_never_evaluated(
    make_report: Callable[..., Report], fmt: str
) -> None:
    text = render(make_report(), fmt)  # type: ignore[arg-type]
    benign = render(make_report(company_name="Acme"), fmt)  # type: ignore[arg-type]
    assert "{{ 7*7 }}" in text or "{{ 7\\*7 }}" in text
    assert text.count("49") == benign.count("49")  # chart coordinates may hold a 49; no more


def test_a_pipe_in_data_never_breaks_a_table(report: Report) -> None:
    evil = "a | b || c \\| d\nnew | line"
    risks = [r.replace(**{"title": evil, "mitigations": [], "reasons": []}) for r in report.risks]
    trace = [e.replace(**{"matched": {"k": evil}}) for e in report.trace]
    md = render(report.replace(**{"risks": risks, "trace": trace}), "md")
    for table in tables(md):
        assert len({len(split_row(line)) for line in table}) == 1, table


def test_markup_in_any_text_field_stays_text(make_report: Callable[..., Report]) -> None:
    evil = '<img src=x onerror=alert(1)> "quoted" &amp;'
    base = make_report(company_name="Acme")
    summary = base.summary.replace(**{"headline": evil}) if base.summary else None
    directions = [base.directions[0].replace(title=evil, description=evil)]
    report = base.replace(summary=summary, directions=directions, assumptions=[evil])
    html = render(report, "html")
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert check_html(html).errors == []
    md = render(report, "md")
    assert re.search(r"(?<!\\)<img", md) is None
    assert "\\&amp;" in md  # the literal "&amp;" reads as typed, not as an entity
