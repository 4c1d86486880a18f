"""Sensitivity: which single answer changes would most change the ranking of directions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.advice.scoring import (
    score_directions,
)
from advisor.advice.session import Session
from advisor.advice.uncertain import unknown_facts
from advisor.answers.profile import UNKNOWN_ANSWER, Profile, build_profile
from advisor.report.model import (
    Sensitivity,
)
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["sensitivity"]


_SENSITIVE_TYPES = ("choice", "bool")


def _mentioned_values(kb: Any) -> dict[str, set[Any]]:
    """Per fact, every value a rule or a question's ``when`` compares it with."""
    from advisor.kb.walk import walk_condition

    found: dict[str, set[Any]] = {}
    conditions = [r.when for r in kb.rules.values()]
    conditions += [q.when for q in kb.questions.values() if q.when is not None]
    for cond in conditions:
        for comp, _loc in walk_condition(cond):
            value = comp.value
            found.setdefault(comp.fact, set()).update(
                value if isinstance(value, tuple) else [value]
            )
    return found


def _distinct_alternatives(values: Sequence[str], current: Any, mentioned: set[Any]) -> list[Any]:
    """The other values of a choice that can change anything.

    Values no condition mentions behave alike, so one of them stands for all (and none is needed
    when the current value is unmentioned too: nothing would change).
    """
    named = [v for v in values if v != current and v in mentioned]
    unnamed = [v for v in values if v != current and v not in mentioned]
    if unnamed and current in mentioned:
        named.append(unnamed[0])
    return named


def sensitivity(
    session: Session, profile: Profile, weights: Mapping[str, float], lang: Lang, limit: int = 5
) -> list[Sensitivity]:
    """Try each other value of each choice and yes/no answer; keep those that move the ranking most.

    The effect of one alternative is measured as (did the top direction change, how many of the
    top five positions changed, how far the current top direction's score moved).
    """
    kb = session.kb
    engine = session.engine
    base = score_directions(
        kb, engine.run(profile.answers, unknown=unknown_facts(kb, profile.unknown)), weights
    )
    base_top5 = [s.id for s in base[:5]]
    base_scores = {s.id: s.score for s in base}
    found: list[tuple[tuple[int, int, float], Sensitivity]] = []
    # answers the founder was not sure of stay so in every alternative (never defaulted)
    raw = {**dict(profile.answers), **dict.fromkeys(profile.unknown, UNKNOWN_ANSWER)}
    mentioned = _mentioned_values(kb)
    said = words_for(lang)["advice"]
    for q in kb.questions.values():
        if q.type not in _SENSITIVE_TYPES or q.id not in profile.answers or not q.sensitivity:
            continue
        current = profile.answers[q.id]
        options: list[Any] = (
            _distinct_alternatives(q.values, current, mentioned.get(q.id, set()))
            if q.type == "choice"
            else [not current]
        )
        for alt in options:
            try:
                alt_profile = build_profile(kb, {**raw, q.id: alt})
            except Exception:
                continue
            alt_out = engine.run(
                alt_profile.answers, unknown=unknown_facts(kb, alt_profile.unknown)
            )
            ranked = score_directions(kb, alt_out, weights)
            top5 = [s.id for s in ranked[:5]]
            changed = sum(1 for a, b in zip(base_top5, top5, strict=False) if a != b)
            top_changed = int(bool(top5) and bool(base_top5) and top5[0] != base_top5[0])
            moved = (
                next((s.score for s in ranked if s.id == base_top5[0]), 0.0)
                - base_scores.get(base_top5[0], 0.0)
                if base_top5
                else 0.0
            )
            if not changed and abs(moved) < 1:
                continue
            top_title = kb.nodes[top5[0]].title.get(lang) if top5 else ""
            effect = (
                said["new_top"].format(title=top_title)
                if top_changed
                else said["positions_changed"].format(count=changed)
            ) + said["top_moves"].format(moved=moved)
            found.append(
                (
                    (top_changed, changed, abs(moved)),
                    Sensitivity(
                        question=q.id,
                        current=current,
                        alternative=alt,
                        effect=effect,
                        top_direction=top5[0] if top5 else "",
                        changed_positions=changed,
                    ),
                )
            )
    found.sort(key=lambda x: (-x[0][0], -x[0][1], -x[0][2], x[1].question, str(x[1].alternative)))
    result: list[Sensitivity] = []
    seen_q: set[str] = set()
    for _, s in found:
        if s.question in seen_q:
            continue
        seen_q.add(s.question)
        result.append(s)
        if len(result) == limit:
            break
    return result
