"""Lint the knowledge: what loads fine but is probably a mistake."""

from __future__ import annotations

from advisor.errors import Problem
from advisor.session import Session

__all__ = ["lint"]


def lint(session: Session) -> list[Problem]:
    """Load warnings plus: rule cycles, rules with the same condition, orphaned nodes."""
    kb = session.kb
    g = session.graph
    out = list(kb.warnings)
    for rid in session.engine.cycles():
        out.append(
            kb.origins[rid].locate(
                (),
                rid,
                "reads a fact that it (or a rule it feeds) "
                "derives: a cycle; its order is only by salience",
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
