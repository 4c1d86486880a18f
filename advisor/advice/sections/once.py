"""Said once: a reason that two items of the report share is written out at its home item and
the others point there (``Reason.see`` names the home's title).

A reason's home is the first item, in the order below, whose reasons hold it: a law's reason
lives with the law, then the risk it raises, the hire, the business model, the technique, the
outlook items and the funding advice. The directions keep their own pass
(:func:`advisor.advice.sections.directions.refer_elsewhere`), which also points at these homes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from advisor.report.model import Reason, Report

__all__ = ["say_once"]

_Key = tuple[str, str]


def _key(r: Reason) -> _Key:
    return (r.rule, r.text)


def _groups(report: Report) -> list[tuple[str, Sequence[Any]]]:
    funding = report.funding
    out: list[tuple[str, Sequence[Any]]] = [
        ("regulations", report.regulations),
        ("risks", report.risks),
        ("gaps", report.team.gaps),
        ("business_models", report.business_models),
        ("techniques", report.techniques),
        ("opportunities", report.opportunities),
        ("threats", report.threats),
        ("partnerships", report.partnerships),
        ("practices", report.practices),
    ]
    if funding is not None:
        out += [
            ("channels", funding.channels),
            ("avoid", funding.avoid),
            ("policies", funding.policies),
            ("funding_practices", funding.practices),
        ]
    return out


def _homes(report: Report) -> dict[_Key, tuple[int, str]]:
    """Each shared reason -> (the id of its home item, the home's title)."""
    homes: dict[_Key, tuple[int, str]] = {}
    for _, items in _groups(report):
        for item in items:
            for r in item.reasons:
                if r.see is None:
                    homes.setdefault(_key(r), (id(item), item.title or item.id))
    return homes


def _point(items: Sequence[Any], homes: dict[_Key, tuple[int, str]]) -> list[Any]:
    def one(item: Any) -> Any:
        def see(r: Reason) -> Reason:
            home = homes.get(_key(r))
            return r if home is None or home[0] == id(item) else r.replace(see=home[1])

        return item.replace(reasons=[see(r) for r in item.reasons])

    return [one(i) for i in items]


def say_once(report: Report) -> Report:
    """The report with every repeated reason outside the directions turned into a pointer."""
    homes = _homes(report)
    done: dict[str, list[Any]] = {n: _point(items, homes) for n, items in _groups(report)}
    team = report.team.replace(gaps=done.pop("gaps"))
    funding = report.funding
    if funding is not None:
        funding = funding.replace(
            channels=done.pop("channels"),
            avoid=done.pop("avoid"),
            policies=done.pop("policies"),
            practices=done.pop("funding_practices"),
        )
    return report.replace(team=team, funding=funding, **done)
