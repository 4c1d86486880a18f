"""Lint the knowledge: what loads fine but is probably a mistake."""

from __future__ import annotations

from advisor.advice.session import Session
from advisor.authoring.lint_text import question_labels, zh_spacing
from advisor.errors import Problem
from advisor.kb.base import KnowledgeBase
from advisor.kb.records import Risk

__all__ = ["lint"]


def lint(session: Session) -> list[Problem]:
    """Load warnings plus: rule cycles, rules with the same condition, orphaned nodes, and
    ``raise_risk`` values off the calibration rubric (docs/knowledge-authors.md), questions
    without a label and Chinese typed with ASCII spacing (:mod:`advisor.authoring.lint_text`)."""
    kb = session.kb
    g = session.graph
    out = list(kb.warnings)
    for group in session.engine.cycle_groups():
        loop = ", ".join(group) if len(group) > 1 else f"{group[0]} reads what it derives"
        for rid in group:
            out.append(
                kb.origins[rid].locate(
                    (),
                    rid,
                    f"is on a cycle of {len(group)} rule(s) deriving facts for each other "
                    f"({loop}); their order is only by salience",
                    severity="warning",
                )
            )
    same: dict[str, str] = {}
    for rule in kb.rules.values():
        key = repr(rule.when)
        if key in same:
            out.append(
                kb.origins[rule.id].locate(
                    ("when",),
                    rule.id,
                    f"same condition as {same[key]}: merge them?",
                    severity="warning",
                )
            )
        else:
            same[key] = rule.id
    out.extend(_risk_calibration(kb))
    out.extend(question_labels(kb))
    out.extend(zh_spacing(kb))
    targeted = {v for _, v in g.edges()}
    for node in kb.nodes.values():
        if (
            node.KIND in ("mitigation", "skill", "success_factor", "need", "obligation")
            and node.id not in targeted
        ):
            out.append(
                kb.origins[node.id].locate(
                    (), node.id, f"no node or rule refers to this {node.KIND}", severity="warning"
                )
            )
    return sorted(out)


def _risk_calibration(kb: KnowledgeBase) -> list[Problem]:
    """``raise_risk`` at 5 x 5 outside a ban, and values below the risk's own.

    5 x 5 says "certain and ruinous": the rubric keeps it for a practice the law bans outright,
    which a rule shows by applying the ``prohibited`` tier. A value below the risk's own is not
    a raise: the report keeps the largest of the risk's own value and the values rules set, so a
    lower one has no effect and only misleads the reader of the rule.
    """
    out: list[Problem] = []
    for rule in kb.rules.values():
        bans = any(
            a.apply_regulation is not None and a.apply_regulation.tier == "prohibited"
            for a in rule.then
        )
        origin = kb.origins[rule.id]
        for i, action in enumerate(rule.then):
            raise_ = action.raise_risk
            if raise_ is None:
                continue
            at = ("then", i, "raise_risk")
            if raise_.likelihood == 5 and raise_.impact == 5 and not bans:
                out.append(
                    origin.locate(
                        at,
                        rule.id,
                        f"raise_risk sets likelihood 5 and impact 5 on {raise_.id}: reserve 5 x 5 "
                        "for a practice banned outright (a rule that applies the prohibited "
                        "tier); critical starts at 15",
                        severity="warning",
                    )
                )
            risk = kb.nodes.get(raise_.id)
            if not isinstance(risk, Risk):
                continue
            for name, value, own in (
                ("likelihood", raise_.likelihood, risk.likelihood),
                ("impact", raise_.impact, risk.impact),
            ):
                if value is not None and value < own:
                    out.append(
                        origin.locate(
                            (*at, name),
                            rule.id,
                            f"raise_risk sets {name} {value}, below {raise_.id}'s own {own}: "
                            "leave it out (it has no effect: the risk's own value is kept)",
                            severity="warning",
                        )
                    )
    return out
