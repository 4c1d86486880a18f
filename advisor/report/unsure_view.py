"""The report's view of the answers the founder was not sure of: the sentences of its section
composed, and cut to the standard detail (``--detail full`` shows every row)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.report.model import Report

__all__ = ["SHOWN_PENDING", "SHOWN_RESOLVE", "unsure_view"]

#: what the standard detail shows: unknown answers to find out first, and findings that wait
SHOWN_PENDING = 8
SHOWN_RESOLVE = 6


def _first_up(text: str) -> str:
    """A table cell's text with a capital first letter (no change to Chinese)."""
    return text[:1].upper() + text[1:]


def unsure_view(report: Report, u: Mapping[str, str], colon: str, full: bool) -> dict[str, Any]:
    """The section on answers the founder was not sure of, its sentences composed."""
    if not report.unknown:
        return {}
    label = {r.question: r.label for r in report.resolve_first}
    sep = u["sep"]

    def fields(names: Sequence[str]) -> str:
        return sep.join(u[f"field_{f}"] for f in names)

    def questions(ids: Sequence[str]) -> str:
        return sep.join(label.get(q, q) for q in ids)

    follow = [r for r in report.resolve_first if r.follows]
    direct = [r for r in report.resolve_first if not r.follows]
    left = len([r for r in direct if r.question not in report.asked])
    intro = (
        u["intro_adaptive"].format(
            asked=len(report.asked), total=len(report.asked) + left, left=left
        )
        if report.asked
        else u["intro"].format(count=len(direct))
    )
    if follow:
        intro += u["intro_follow"].format(
            count=len(follow), questions=sep.join(r.label for r in follow)
        )
    ranged = (
        any(d.score_range for d in report.directions)
        or any(b.fit_range for b in report.business_models)
        or any(r.score_range for r in report.risks)
    )
    if ranged:
        intro += u["intro_ranges"]
    resolve = [
        {
            "label": r.label,
            "decides": (
                u["decides"].format(fields=fields(r.decides)) if r.decides else u["decides_nothing"]
            ),
            "waiting": (
                u["would_sep"]
                + u["waiting" if r.findings > 1 else "waiting_one"].format(count=r.findings)
                if r.findings
                else ""
            ),
            "how": r.how,
        }
        for r in report.resolve_first
        if full or r.impact or r.findings
    ]
    pending = [
        {
            # "GDPR: applies GDPR; ..." says its title twice: the finding alone then
            "text": _first_up(p.would if p.title in p.would else p.title + colon + p.would),
            "on": questions(p.depends_on),
        }
        for p in report.pending
    ]
    shown_resolve = resolve if full else resolve[:SHOWN_RESOLVE]
    shown_pending = pending if full else pending[:SHOWN_PENDING]
    return {
        "intro": intro,
        "open": [
            u["headline_open"].format(questions=questions(o.questions), fields=fields([o.field]))
            for o in report.open_headline
        ],
        "settled": u["headline_settled"],
        "resolve": shown_resolve,
        "resolve_rest": len(report.resolve_first) - len(shown_resolve),
        "pending": shown_pending,
        # the line under a cut list, split around the option (the templates set it as code)
        "pending_more": (
            u["findings_more"]
            .format(count=len(pending) - len(shown_pending), option="\0")
            .split("\0", 1)
            if len(pending) > len(shown_pending)
            else []
        ),
    }
