"""The HTML report: one self-contained, well-formed file with three inline SVG charts."""

from __future__ import annotations

import re

from advisor.report.model import Reason, Report
from advisor.report.render import render
from advisor.words.catalog import words_for
from tests.report.helpers_report import check_html


def test_html_tags_balance(report: Report) -> None:
    parsed = check_html(render(report, "html"))
    assert parsed.errors == []
    assert parsed.stack == []


def test_html_has_three_inline_svg_charts(report: Report) -> None:
    html = render(report, "html")
    assert html.count("<svg") == 3
    for css_class in ("chart bars", "chart heatmap", "chart gantt"):
        assert f'class="{css_class}"' in html


def test_html_loads_nothing_from_anywhere(report: Report) -> None:
    html = render(report, "html")
    assert not re.search(r"\bsrc\s*=", html, re.I)
    assert "@import" not in html
    assert not re.search(r"url\(", html, re.I)
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "<style>" in html


def test_only_links_are_sources_and_the_table_of_contents(report: Report) -> None:
    parsed = check_html(render(report, "html"))
    for href in parsed.hrefs:
        assert href.startswith(("#", "https://")), href
        if href.startswith("#"):
            assert href[1:] in parsed.ids, href
    assert "https://eur-lex.europa.eu/eli/reg/2024/1689/oj" in parsed.hrefs


def test_a_source_that_is_not_a_web_address_is_not_a_link(report: Report) -> None:
    reason = Reason(rule="rule/x", text="x", sources=["javascript:alert(1)"])
    risks = [report.risks[0].replace(**{"reasons": [reason]})]
    html = render(report.replace(**{"risks": risks}), "html")
    assert 'href="javascript' not in html
    assert "javascript:alert(1)" in html


def test_table_of_contents_lists_every_section(report: Report) -> None:
    html = render(report, "html")
    t = words_for("en")["report"]
    nav = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    for key in ("summary", "risks", "regulations", "techniques", "conflicts", "appendix"):
        assert f'<li><a href="#{key}">{t[key]}</a></li>' in nav
        assert f'<section id="{key}">' in html


def test_html_declares_language_and_charset(report: Report, report_zh: Report) -> None:
    assert '<html lang="en">' in render(report, "html")
    zh = render(report_zh, "html")
    assert '<html lang="zh">' in zh
    assert '<meta charset="utf-8">' in zh


def test_risk_heat_map_shows_numbers_and_a_legend(report: Report) -> None:
    html = render(report, "html")
    heatmap = html.split('class="chart heatmap"', 1)[1].split("</svg>", 1)[0]
    assert "<title>1. Non-compliance with the EU AI Act</title>" in heatmap
    for word in ("critical", "high", "medium", "low"):
        assert f">{word} (" in heatmap  # each band named, with its scores


def test_severity_badges_and_recommended_mitigations(report: Report) -> None:
    html = render(report, "html")
    assert '<span class="badge sev-critical">critical</span>' in html
    assert '<li class="rec">Start the conformity assessment (recommended, now)</li>' in html
