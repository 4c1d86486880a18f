"""``explain`` and ``whatif`` as JSON, for tools rather than people.

Examples:
    >>> from advisor.kb.schema import parse_condition
    >>> cond = parse_condition({"all": [{"fact": "team_size", "lt": 5}]})
    >>> condition_json(cond, {"team_size": 3})["holds"]
    True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.advice.assemble import assemble_report
from advisor.advice.headline import headline, headline_changes
from advisor.advice.session import Session
from advisor.advice.whatif import apply_settings
from advisor.answers.profile import Profile
from advisor.authoring.diff import finding_changes, findings
from advisor.authoring.flip import target_present
from advisor.errors import NodeNotFound
from advisor.kb.graph import rules_concluding
from advisor.kb.recordbase import source_label
from advisor.kb.records import AllOf, AnyOf, Compare, Condition, NotOf
from advisor.rules.conditions import compile_condition
from advisor.words.shape import Lang

__all__ = ["condition_json", "explain_json", "whatif_json"]


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def condition_json(cond: Condition, facts: Mapping[str, Any]) -> dict[str, Any]:
    """A condition as a tree, each part with ``holds`` on ``facts``."""
    holds = bool(compile_condition(cond)(facts))
    if isinstance(cond, Compare):
        return {
            "fact": cond.fact,
            "op": cond.op,
            "value": _plain(cond.value),
            "your_value": _plain(facts.get(cond.fact)),
            "holds": holds,
        }
    if isinstance(cond, AllOf):
        return {"all": [condition_json(c, facts) for c in cond.all], "holds": holds}
    if isinstance(cond, AnyOf):
        return {"any": [condition_json(c, facts) for c in cond.any], "holds": holds}
    assert isinstance(cond, NotOf)
    return {"not": condition_json(cond.not_, facts), "holds": holds}


def explain_json(
    session: Session, answers: Mapping[str, Any], item_id: str, lang: Lang = "en"
) -> dict[str, Any]:
    """Why ``item_id`` is (or is not) in the report: whether it is, and every rule that could.

    Raises:
        NodeNotFound: the id names no node and no rule.
    """
    kb = session.kb
    out = session.engine.run(answers)
    if item_id in kb.rules:
        rule_ids = [item_id]
        present: bool | None = item_id in out.fired
        kind, title = "rule", ""
    else:
        node = kb.nodes.get(item_id)
        if node is None:
            raise NodeNotFound(f"{item_id!r} names no node and no rule")
        kind, title = node.KIND, node.title.get(lang)
        rule_ids = [r for r in rules_concluding(session.graph, item_id) if r in kb.rules]
        present = target_present(session, item_id, out)
    return {
        "id": item_id,
        "kind": kind,
        "title": title,
        "defined_at": kb.where(item_id),
        "in_report": present,
        "rules": [
            {
                "rule": rid,
                "fired": rid in out.fired,
                "sources": [source_label(s) for s in kb.rules[rid].sources],
                "because": kb.rules[rid].because.get(lang),
                "when": condition_json(kb.rules[rid].when, out.facts),
            }
            for rid in rule_ids
        ],
    }


def whatif_json(
    session: Session, profile: Profile, settings: Sequence[str], lang: Lang = "en"
) -> dict[str, Any]:
    """The answers changed, and what changes in the headline and in every finding."""
    changed = apply_settings(session, profile, settings)
    before = assemble_report(session, profile, lang=lang, with_sensitivity=False)
    after = assemble_report(session, changed, lang=lang, with_sensitivity=False)
    return {
        "changes": [
            {"question": q, "from": _plain(profile.answers.get(q)), "to": _plain(v)}
            for q, v in changed.answers.items()
            if profile.answers.get(q) != v
        ],
        "headline": [
            {"field": h.field, "old": h.old, "new": h.new}
            for h in headline_changes(headline(before), headline(after))
        ],
        "findings": [c.as_dict() for c in finding_changes(findings(before), findings(after))],
    }
