"""The Markdown report: sections in order, well-formed tables, Mermaid that parses."""

from __future__ import annotations

import re
from collections.abc import Callable

from advisor.report.model import Report
from advisor.report.render import code_span, md_escape, mermaid_label, render
from advisor.words.catalog import words_for
from tests.report.helpers_report import fenced_blocks, split_row, tables

SECTION_KEYS = [
    "summary",
    "profile",
    "directions",
    "risks",
    "business_models",
    "team",
    "regulations",
    "funding",
    "techniques",
    "roadmap",
    "lessons",
    "outlook",
    "conflicts",
    "appendix",
]
POINT = re.compile(r'^    "[^"\n]+": \[(1|0(\.\d+)?), (1|0(\.\d+)?)\]$')


def h2(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


def test_title_names_the_company_first(report: Report) -> None:
    first = render(report, "md", "full").splitlines()[0]
    assert first.startswith("# Strategy report: ")
    assert "\\<script\\>" in first


def test_sections_appear_in_the_designed_order(report: Report) -> None:
    t = words_for("en")["report"]
    assert h2(render(report, "md", "full")) == [t[k] for k in SECTION_KEYS]


def test_summary_answers_first_with_top_picks(report: Report) -> None:
    md = render(report, "md", "full")
    summary = md.split("## Profile and assumptions")[0]
    assert "**Build clinical documentation support for EU hospitals first.**" in summary
    for text in (
        "**Direction to pursue**: Clinical documentation assistant (Score 82)",
        "Non-compliance with the EU AI Act (critical)",
        "Latency on edge devices (high)",
        "EU AI Act (high risk): EU AI Act Art. 9, EU AI Act Art. 50(1)",
        "; next deadline: 2026-08-02 (EU AI Act Art. 50(1))",
        "**Next hires**: Compliance officer, Domain expert",
        "**Funding step**: seed → Series A (USD 5-15M)",
    ):
        assert text in summary
    assert "Runway shorter" not in summary  # only the top three risks


def test_conflicts_section_only_when_there_are_conflicts(report: Report) -> None:
    md = render(report.replace(**{"conflicts": []}), "md", "full")
    assert "Conflicts between rules" not in md


def test_every_table_has_one_column_count_and_a_delimiter_row(report: Report) -> None:
    found = tables(render(report, "md", "full"))
    assert len(found) >= 12
    for table in found:
        widths = {len(split_row(line)) for line in table}
        assert len(widths) == 1, table
        assert re.fullmatch(r"\|(---\|)+", table[1]), table
        assert len(table) >= 3, table


def test_directions_table_has_a_column_per_criterion(report: Report) -> None:
    header = next(t for t in tables(render(report, "md", "full")) if "| Rank |" in t[0])[0]
    assert split_row(header)[3:] == [
        " Market need ",
        " Technical feasibility ",
        " Commercial potential ",
        " Founder fit ",
    ]


def test_flagged_directions_say_so(report: Report) -> None:
    assert "| 3 | Claims automation (prohibited) | 58 |" in render(report, "md", "full")


def test_top_directions_list_reasons_per_criterion_and_sensitivity(report: Report) -> None:
    md = render(report, "md", "full")
    block = md.split("### Why the leading directions score as they do")[1]
    assert "- **Market need** (88)\n  - Clinicians spend a third of time on notes." in block
    assert "### What would change the ranking" in block
    # labels, not ids (and a label is escaped like any text)
    assert "| Training data on hand | Some (tens of thousands) | A lot \\<millions\\> |" in block


def test_recommended_mitigations_are_marked_with_priority(report: Report) -> None:
    md = render(report, "md", "full")
    assert "**Start the conformity assessment** (recommended, now)<br>Retain legal counsel" in md


def test_obligations_show_citation_and_effective_date(report: Report) -> None:
    md = render(report, "md", "full")
    assert "| Tell users they interact with AI | EU AI Act Art. 50(1) | 2026-08-02 |" in md
    assert "> **Disclaimer**: This report is not legal advice." in md
    assert (
        "| 2026-08-02 | Tell users they interact with AI | EU AI Act Art. 50(1) | EU AI Act |" in md
    )


def test_techniques_show_kernel_command_and_evidence_when_measured(report: Report) -> None:
    md = render(report, "md", "full")
    assert "- Kernel: `technical.compression.quantize:quantize_dynamic`" in md
    assert "- Command: `python -m technical compress --method quantize`" in md
    assert "(Machine: 8-core x86 CPU, Backend: cpu; Measured: 2026-01-10)" in md
    # federated learning has none: said once above the techniques, not under each one
    assert md.count("without measured evidence has no measurement yet") == 1
    assert md.count("- Measured evidence:") == 1


def test_quadrant_chart_plots_the_top_directions(report: Report) -> None:
    (block,) = fenced_blocks(render(report, "md", "full"), "mermaid")[:1]
    lines = block.splitlines()
    assert lines[0] == "quadrantChart"
    points = [line for line in lines if line.startswith('    "')]
    assert len(points) == 3
    assert all(POINT.match(p) for p in points), points
    assert '    "Clinical documentation assistant": [0.76, 0.88]' in points


def test_gantt_chart_has_week_numbers_and_phase_sections(report: Report) -> None:
    blocks = fenced_blocks(render(report, "md", "full"), "mermaid")
    gantt = next(b for b in blocks if b.startswith("gantt"))
    assert "    dateFormat X\n" in gantt
    assert "    section Build\n" in gantt and "    section Comply\n" in gantt
    tasks = [line for line in gantt.splitlines() if ":r" in line]
    assert len(tasks) == 3
    assert all(line.count(":") == 1 for line in tasks)
    # a zero-length item still shows, and a name that reads as a keyword is not one
    assert "    › Title check of records :r3, 12, 13" in tasks


def test_mermaid_labels_cannot_break_out(report: Report) -> None:
    evil = 'Evil": [1, 1]\n%% comment; click x call y() #z'
    directions = [report.directions[0].replace(**{"title": evil})]
    roadmap = [report.roadmap[0].replace(**{"title": evil, "phase": "a:b;c"})]
    md = render(report.replace(**{"directions": directions, "roadmap": roadmap}), "md", "full")
    quadrant, gantt = fenced_blocks(md, "mermaid")
    assert '    "Evil 1 1 comment click x call y z": [0.76, 0.88]' in quadrant.splitlines()
    assert "%%" not in quadrant and "%%" not in gantt
    assert "    section a b c" in gantt.splitlines()
    assert "    Evil 1 1 comment click x call y z :r1, 0, 12" in gantt.splitlines()


def test_appendix_has_answers_and_rule_trace(report: Report) -> None:
    md = render(report, "md", "full")
    appendix = md.split("## Appendix")[1]
    assert fenced_blocks(appendix, "json") == []  # the answers are a table, not a JSON dump
    answers = appendix.split("### Rule trace")[0]
    assert "| Question | Answer | Value |" in answers
    assert '| `team_roles` | ceo, cto, ml\\_engineer | `["ceo", "cto", "ml_engineer"]` |' in answers
    assert "### Rule trace" in appendix
    assert (
        '| 2 | `rule/edge_needs_small_model` | ch6.4 | `deployment_target` = `"edge_device"`;'
        in appendix
    )
    assert "<https://eur-lex.europa.eu/eli/reg/2024/1689/oj>" in appendix


def test_empty_sections_say_so_rather_than_vanish(make_report: Callable[..., Report]) -> None:
    bare = make_report().replace(
        **{
            "directions": [],
            "risks": [],
            "business_models": [],
            "techniques": [],
            "roadmap": [],
            "case_lessons": [],
            "trace": [],
            "summary": None,
        }
    )
    md = render(bare, "md", "full")
    assert h2(md)[:11] == [words_for("en")["report"][k] for k in SECTION_KEYS[:11]]
    assert "```mermaid" not in md


def test_md_escape_neutralises_markup() -> None:
    assert md_escape("<b>&</b>") == "\\<b\\>&\\</b\\>"
    assert md_escape("FD&C Act, R&D") == "FD&C Act, R&D"  # no entity, nothing to escape
    assert md_escape("&amp;") == "\\&amp;"  # this would be an entity
    assert md_escape("*a* _b_ `c` [d](e) | # ~ $ \\") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\| \\# \\~ \\$ \\\\"
    )
    assert md_escape("two\nlines") == "two lines"


def test_code_span_cannot_be_closed_from_inside() -> None:
    assert code_span("a`b", cell=False) == "``a`b``"
    assert code_span("`x`", cell=False) == "`` `x` ``"
    assert code_span("a|b") == "`a\\|b`"


def test_mermaid_label_removes_what_mermaid_interprets() -> None:
    assert mermaid_label('x: "y" [z] (w) {v} <u> %% t; #s') == "x y z w v u t s"
    assert mermaid_label("") == "…"
    assert len(mermaid_label("a" * 200)) == 60
