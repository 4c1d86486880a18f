"""Picks from an assembled report that more than one part of the report makes the same way."""

from __future__ import annotations

from advisor.report.model import DirectionOut, Report

__all__ = ["pursued"]


def pursued(report: Report) -> DirectionOut | None:
    """The direction the summary stands on: the current one when it says keep building it,
    else the best-scoring one (``None`` when nothing is ranked)."""
    if not report.directions:
        return None
    if report.summary is not None and report.summary.stance == "keep":
        current = next((d for d in report.directions if d.current), None)
        if current is not None:
            return current
    return report.directions[0]
