"""Picks from an assembled report that more than one part of the report makes the same way."""

from __future__ import annotations

from advisor.report.model import DirectionOut, Report

__all__ = ["answer_list", "pursued"]


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


def answer_list(report: Report, question: str) -> list[str]:
    """The values of a list answer (``markets``, ``team_roles``); none where the founder was
    not sure of it (``"unknown"``) or did not answer."""
    value = report.profile.get(question)
    return [str(v) for v in value] if isinstance(value, list) else []
