"""``--lang zh``: every heading and fixed phrase in Chinese."""

from __future__ import annotations

from advisor.report.model import Report
from advisor.report.render import render
from advisor.words.catalog import words_for


def test_chinese_markdown_has_the_chinese_headings_in_order(report_zh: Report) -> None:
    md = render(report_zh, "md")
    t = words_for("zh")["report"]
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings[0] == t["summary"] == "执行摘要"
    assert headings == [
        t[k]
        for k in (
            "summary", "profile", "directions", "risks", "business_models", "team",
            "regulations", "funding", "techniques", "roadmap", "lessons", "outlook",
            "conflicts", "appendix",
        )
    ]  # fmt: skip
    assert md.startswith("# 战略报告：")


def test_chinese_output_has_no_english_fixed_phrases(report_zh: Report) -> None:
    en = words_for("en")["report"]
    for fmt in ("md", "html"):
        text = render(report_zh, fmt)
        for key in ("summary", "risks", "regulations", "techniques", "appendix", "at_a_glance"):
            assert en[key] not in text, (fmt, key)
        for phrase in ("风险登记册", "技术手册", "严重", "规则追踪", "要点速览", "技术可行性"):
            assert phrase in text, (fmt, phrase)


def test_chinese_html_charts_use_chinese_labels(report_zh: Report) -> None:
    html = render(report_zh, "html")
    assert ">可能性 →</text>" in html
    assert ">严重 (15–25)</text>" in html
