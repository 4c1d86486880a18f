"""Inline SVG charts for the HTML report, built in Python (no JavaScript, nothing loaded).

Every function is pure: plain values in, an SVG string out, the same string for the same input.
Every piece of text that reaches the SVG goes through ``html.escape`` here, and every number is
formatted here, so the result is safe markup: that is why the HTML template may (and only for
these strings) include them with ``|safe``. Nothing else in the report is marked safe.

Examples:
    >>> svg = direction_bars([Bar("Clinical <notes>", 72.5)], title="Scores")
    >>> svg.startswith("<svg") and "&lt;notes&gt;" in svg
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import NamedTuple

from advisor.kb.severity import score_range, severity

__all__ = [
    "SEVERITY_COLOURS",
    "Bar",
    "HeatPoint",
    "Span",
    "direction_bars",
    "number",
    "risk_heatmap",
    "roadmap_bars",
    "severity_band",
]

#: Fill colours by severity, shared with the HTML template's legend and badges.
SEVERITY_COLOURS: dict[str, str] = {
    "low": "#6fbf73",
    "medium": "#f2c94c",
    "high": "#f2994a",
    "critical": "#d64545",
}
_PALE: dict[str, str] = {
    "low": "#e6f4e7",
    "medium": "#fcf3d6",
    "high": "#fce7d6",
    "critical": "#f7dada",
}
_SEVERITY_ORDER = ("low", "medium", "high", "critical")
_PHASE_COLOURS = ("#3b6ea5", "#5b9a8b", "#8a6fb0", "#c07a3a", "#6b7f3a", "#a34f6f")
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'


class Bar(NamedTuple):
    """One bar: a label and a value from 0 to 100."""

    label: str
    value: float


class HeatPoint(NamedTuple):
    """A risk on the heat map: its number in the register, position and severity."""

    number: int
    likelihood: int
    impact: int
    severity: str
    label: str


class Span(NamedTuple):
    """A roadmap item: label, first and last week, and the phase it belongs to."""

    label: str
    start: int
    end: int
    group: str


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _num(x: float) -> str:
    """A coordinate with at most one decimal, so output is stable across platforms."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def number(value: float) -> str:
    """A number as a person reads it, by one rule everywhere: scores, fits and points (1 and
    above) are whole numbers, rounded as the summary's sentences round them; a weight (below 1)
    keeps at most two decimals.

    >>> number(89.8), number(86.5), number(12.0), number(-30), number(0.25), number(0.2)
    ('90', '86', '12', '-30', '0.25', '0.2')
    """
    if abs(value) >= 1:
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _text_width(text: str, size: int) -> int:
    """A rough width in pixels: wide (CJK) characters count as a full em, others as 0.6."""
    return round(sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def severity_band(likelihood: int, impact: int) -> str:
    """The severity a 5x5 cell stands for: the text's own band (``advisor.kb.severity.severity``).

    >>> severity_band(1, 4), severity_band(3, 3), severity_band(2, 5), severity_band(4, 4)
    ('low', 'medium', 'high', 'critical')
    """
    return severity(likelihood, impact)


def _open(width: int, height: int, title: str, css_class: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_t(title)}" {_FONT}>',
        f"<title>{_t(title)}</title>",
    ]


def direction_bars(bars: Sequence[Bar], *, title: str) -> str:
    """A horizontal bar chart of direction scores (0-100), best first as given."""
    label_w, bar_w, row_h, top = 270, 380, 26, 10
    width = label_w + bar_w + 60
    height = top * 2 + row_h * max(len(bars), 1)
    out = _open(width, height, title, "bars")
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        out.append(
            f'<line x1="{_num(x)}" y1="{top}" x2="{_num(x)}" y2="{height - top}" '
            'stroke="#e3e6ea" stroke-width="1"/>'
        )
    for i, bar in enumerate(bars):
        y = top + i * row_h
        value = min(max(bar.value, 0.0), 100.0)
        w = bar_w * value / 100
        out.append(
            f"<g><title>{_t(bar.label)}: {_t(number(bar.value))}</title>"
            f'<text x="{label_w - 8}" y="{_num(y + row_h * 0.65)}" text-anchor="end" '
            f'font-size="12" fill="#222">{_t(_clip(bar.label, 40))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{_num(w)}" height="{row_h - 8}" rx="3" '
            'fill="#3b6ea5"/>'
            f'<text x="{_num(label_w + w + 6)}" y="{_num(y + row_h * 0.65)}" font-size="12" '
            f'fill="#222">{_t(number(bar.value))}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def risk_heatmap(
    points: Sequence[HeatPoint],
    *,
    title: str,
    x_label: str,
    y_label: str,
    severity_names: Mapping[str, str],
) -> str:
    """A 5x5 likelihood (x) by impact (y) heat map with the risks' numbers in their cells.

    A cell holding risks is filled with the colour of the most severe of them; an empty cell is
    a pale shade of the severity its position stands for (``severity_band``). A legend follows.
    """
    cell, left, top = 72, 64, 16
    grid = cell * 5
    width = left + grid + 170
    height = top + grid + 56
    out = _open(width, height, title, "heatmap")
    by_cell: dict[tuple[int, int], list[HeatPoint]] = {}
    for p in points:
        by_cell.setdefault((p.likelihood, p.impact), []).append(p)
    for impact in range(5, 0, -1):
        for likelihood in range(1, 6):
            x = left + (likelihood - 1) * cell
            y = top + (5 - impact) * cell
            here = by_cell.get((likelihood, impact), [])
            if here:
                worst = max(
                    (p.severity for p in here),
                    key=lambda s: _SEVERITY_ORDER.index(s) if s in _SEVERITY_ORDER else 0,
                )
                fill = SEVERITY_COLOURS.get(worst, "#cccccc")
            else:
                fill = _PALE[severity_band(likelihood, impact)]
            tip = "; ".join(f"{p.number}. {p.label}" for p in here)
            out.append(
                f"<g>{f'<title>{_t(tip)}</title>' if tip else ''}"
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                'stroke="#ffffff" stroke-width="2"/>'
            )
            numbers = [str(p.number) for p in here]
            lines = [", ".join(numbers[k : k + 3]) for k in range(0, len(numbers), 3)][:3]
            for n, line in enumerate(lines):
                ty = y + cell / 2 + (n - (len(lines) - 1) / 2) * 15 + 5
                out.append(
                    f'<text x="{_num(x + cell / 2)}" y="{_num(ty)}" text-anchor="middle" '
                    f'font-size="13" font-weight="600" fill="#1a1a1a">{_t(line)}</text>'
                )
            out.append("</g>")
    for k in range(1, 6):
        cx = left + (k - 0.5) * cell
        cy = top + (5 - k + 0.5) * cell
        out.append(
            f'<text x="{_num(cx)}" y="{top + grid + 16}" text-anchor="middle" font-size="12" '
            f'fill="#444">{k}</text>'
        )
        out.append(
            f'<text x="{left - 10}" y="{_num(cy + 4)}" text-anchor="end" font-size="12" '
            f'fill="#444">{k}</text>'
        )
    out.append(
        f'<text x="{_num(left + grid / 2)}" y="{top + grid + 40}" text-anchor="middle" '
        f'font-size="13" fill="#222">{_t(x_label)} →</text>'
    )
    ly = top + grid / 2
    out.append(
        f'<text x="16" y="{_num(ly)}" text-anchor="middle" font-size="13" fill="#222" '
        f'transform="rotate(-90 16 {_num(ly)})">{_t(y_label)} →</text>'
    )
    lx = left + grid + 24
    for n, band in enumerate(reversed(_SEVERITY_ORDER)):
        low, high = score_range(band)
        y = top + 8 + n * 26
        out.append(
            f'<rect x="{lx}" y="{y}" width="18" height="18" rx="3" '
            f'fill="{SEVERITY_COLOURS[band]}"/>'
            f'<text x="{lx + 26}" y="{y + 14}" font-size="12" fill="#222">'
            f"{_t(severity_names.get(band, band))} ({low}–{high})</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def roadmap_bars(spans: Sequence[Span], *, title: str, week_label: str) -> str:
    """A gantt-like chart: one bar per item from its start week to its end week, by phase."""
    label_w, chart_w, row_h, top = 250, 440, 24, 30
    last = max([s.end for s in spans] + [s.start + 1 for s in spans] + [1])
    first = min([s.start for s in spans] + [0])
    span_weeks = max(last - first, 1)
    groups: list[str] = []
    for s in spans:
        if s.group not in groups:
            groups.append(s.group)
    width = label_w + chart_w + 30
    rows_bottom = top + row_h * max(len(spans), 1)
    height = rows_bottom + 16 + 22
    out = _open(width, height, title, "gantt")
    step = max(1, -(-span_weeks // 12))
    for week in range(first, last + 1, step):
        x = label_w + chart_w * (week - first) / span_weeks
        out.append(
            f'<line x1="{_num(x)}" y1="{top - 6}" x2="{_num(x)}" y2="{rows_bottom + 4}" '
            'stroke="#e3e6ea" stroke-width="1"/>'
            f'<text x="{_num(x)}" y="{top - 12}" text-anchor="middle" font-size="11" '
            f'fill="#555">{_t(week)}</text>'
        )
    out.append(
        f'<text x="{label_w - 16}" y="{top - 12}" text-anchor="end" font-size="11" '
        f'fill="#555">{_t(week_label)}</text>'
    )
    for i, s in enumerate(spans):
        y = top + i * row_h
        end = max(s.end, s.start + 1)
        x = label_w + chart_w * (s.start - first) / span_weeks
        w = chart_w * (end - s.start) / span_weeks
        colour = _PHASE_COLOURS[groups.index(s.group) % len(_PHASE_COLOURS)]
        tip = f"{s.label} ({s.group}): {week_label} {s.start}–{s.end}"
        out.append(
            f"<g><title>{_t(tip)}</title>"
            f'<text x="{label_w - 8}" y="{_num(y + row_h * 0.65)}" text-anchor="end" '
            f'font-size="12" fill="#222">{_t(_clip(s.label, 36))}</text>'
            f'<rect x="{_num(x)}" y="{y + 4}" width="{_num(w)}" height="{row_h - 8}" rx="3" '
            f'fill="{colour}"/></g>'
        )
    lx = label_w
    for n, group in enumerate(groups):  # the legend: one swatch per phase, in order of appearance
        colour = _PHASE_COLOURS[n % len(_PHASE_COLOURS)]
        out.append(
            f'<rect x="{lx}" y="{rows_bottom + 14}" width="12" height="12" rx="2" '
            f'fill="{colour}"/><text x="{lx + 16}" y="{rows_bottom + 24}" font-size="11" '
            f'fill="#222">{_t(_clip(group, 24))}</text>'
        )
        lx += 28 + _text_width(_clip(group, 24), 11)
    out.append("</svg>")
    return "\n".join(out)
