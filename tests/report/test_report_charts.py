"""The SVG charts: escaped text, the 5x5 grid, bars within bounds, the same output every time."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from advisor.report.charts import (
    Bar,
    HeatPoint,
    Span,
    direction_bars,
    risk_heatmap,
    roadmap_bars,
    severity_band,
)
from advisor.report.model import Report
from advisor.report.render import render
from tests.report.helpers_report import check_html

NAMES = {"low": "low", "medium": "medium", "high": "high", "critical": "critical"}


def _heatmap(points: list[HeatPoint]) -> str:
    return risk_heatmap(points, title="t", x_label="L", y_label="I", severity_names=NAMES)


def test_bar_labels_are_escaped() -> None:
    svg = direction_bars([Bar('<b>"x"</b> & y', 50)], title="<t>")
    assert "<b>" not in svg and "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; y" in svg
    assert 'aria-label="&lt;t&gt;"' in svg
    assert check_html(svg).errors == []


def test_bars_stay_within_their_track() -> None:
    svg = direction_bars([Bar("a", 150), Bar("b", -5)], title="t")
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == [380.0, 0.0]


def test_heatmap_has_twenty_five_cells_and_a_four_entry_legend() -> None:
    svg = _heatmap([HeatPoint(1, 4, 5, "critical", "a"), HeatPoint(2, 4, 5, "high", "b")])
    assert svg.count('width="72" height="72"') == 25
    assert svg.count('width="18" height="18"') == 4
    assert ">1, 2</text>" in svg
    assert "<title>1. a; 2. b</title>" in svg


def test_heatmap_cell_takes_the_colour_of_its_most_severe_risk() -> None:
    svg = _heatmap([HeatPoint(1, 1, 1, "critical", "odd but given")])
    assert 'fill="#d64545" stroke="#ffffff"' in svg  # the model's severity, not the band's


def test_severity_band_covers_the_grid() -> None:
    bands = {severity_band(lk, im) for lk in range(1, 6) for im in range(1, 6)}
    assert bands == {"low", "medium", "high", "critical"}
    assert severity_band(5, 5) == "critical" and severity_band(1, 1) == "low"


def test_roadmap_bars_show_zero_length_items() -> None:
    svg = roadmap_bars([Span("a", 0, 10, "p"), Span("b", 10, 10, "q")], title="t", week_label="W")
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)" height="16"', svg)]
    assert len(widths) == 2 and all(w > 0 for w in widths)


def test_roadmap_legend_names_each_phase_once() -> None:
    spans = [Span("a", 0, 2, "Build"), Span("b", 2, 4, "Comply"), Span("c", 4, 6, "Build")]
    svg = roadmap_bars(spans, title="t", week_label="W")
    assert svg.count(">Build</text>") == 1 and svg.count(">Comply</text>") == 1


def test_roadmap_bars_escape_labels_and_phases() -> None:
    svg = roadmap_bars([Span("<a>", 0, 2, "<p>")], title="t", week_label="W")
    assert "<a>" not in svg and "<p>" not in svg


@pytest.mark.parametrize("fn", ["bars", "heatmap", "gantt"])
def test_charts_are_deterministic(fn: str) -> None:
    def build() -> str:
        if fn == "bars":
            return direction_bars([Bar("a", 33.333), Bar("b", 66.667)], title="t")
        if fn == "heatmap":
            return _heatmap([HeatPoint(1, 2, 3, "medium", "x")])
        return roadmap_bars([Span("a", 1, 7, "p")], title="t", week_label="W")

    assert build() == build()


def test_rendering_imports_nothing_heavy(report: Report) -> None:
    code = (
        "import sys, advisor.report.render as r;"
        "print(sorted(m for m in ('networkx', 'yaml', 'torch', 'numpy', 'click') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert render(report, "html")


def _cell_fills(svg: str) -> dict[tuple[int, int], str]:
    """(likelihood, impact) -> fill of the 72-px cell rectangles, read back from x and y."""
    fills: dict[tuple[int, int], str] = {}
    for x, y, fill in re.findall(
        r'<rect x="(\d+)" y="(\d+)" width="72" height="72" fill="(#[0-9a-f]{6})"', svg
    ):
        likelihood = (int(x) - 64) // 72 + 1
        impact = 5 - (int(y) - 16) // 72
        fills[(likelihood, impact)] = fill
    return fills


def test_every_cell_has_the_colour_of_the_severity_the_text_gives() -> None:
    """The heat map and the risk register's text share one band function and its thresholds."""
    from advisor.advice.scoring import severity
    from advisor.report.charts import _PALE, SEVERITY_COLOURS

    cells = [(lk, im) for lk in range(1, 6) for im in range(1, 6)]
    full = _heatmap(
        [HeatPoint(n, lk, im, severity(lk, im), "r") for n, (lk, im) in enumerate(cells)]
    )
    empty = _heatmap([])
    full_fills, empty_fills = _cell_fills(full), _cell_fills(empty)
    assert len(full_fills) == len(empty_fills) == 25
    for lk, im in cells:
        band = severity(lk, im)
        assert severity_band(lk, im) == band
        assert full_fills[(lk, im)] == SEVERITY_COLOURS[band], (lk, im)
        assert empty_fills[(lk, im)] == _PALE[band], (lk, im)


def test_heatmap_legend_names_each_band_with_its_scores() -> None:
    svg = risk_heatmap(
        [],
        title="t",
        x_label="L",
        y_label="I",
        severity_names={"low": "低", "medium": "中", "high": "高", "critical": "严重"},
    )
    for text in ("严重 (15–25)", "高 (10–14)", "中 (5–9)", "低 (1–4)"):
        assert f">{text}</text>" in svg
