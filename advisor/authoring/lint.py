"""Lint the knowledge: what loads fine but is probably a mistake."""

from __future__ import annotations

from pathlib import Path

from advisor.advice.session import Session
from advisor.authoring.lint_text import question_labels, zh_spacing
from advisor.errors import Problem
from advisor.files.yamlio import YamlProblem, load_yaml_file
from advisor.kb.base import KnowledgeBase
from advisor.kb.fit import APPLIES_TO_KINDS, applies_to_of, declared_kinds
from advisor.kb.records import AdviseAgainst, Derive, RaiseRisk, Recommend, Risk

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
    out.extend(_undiscriminating_reasons(kb))
    out.extend(_product_fit(kb))
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


def _product_fit(kb: KnowledgeBase) -> list[Problem]:
    """Items that do not say which products they apply to, and product kinds no rule derives.

    An item without ``applies_to`` is shown to every founder, whatever they build; a declared
    kind that no rule derives is never true, so every item naming only it is never shown.
    Knowledge that declares no product kinds (a small stand-alone layer) is not asked to state
    them.
    """
    out: list[Problem] = []
    if not declared_kinds(kb):
        return out
    for node in kb.nodes.values():
        if node.KIND in APPLIES_TO_KINDS and not applies_to_of(node):
            out.append(
                kb.origins[node.id].locate(
                    (),
                    node.id,
                    f"this {node.KIND} states no applies_to: list the product kinds it fits "
                    "(or any), so the report can leave it out for other products",
                    ("any", *declared_kinds(kb)),
                    severity="warning",
                )
            )
    derived = {a.body.fact for r in kb.rules.values() for a in r.then if isinstance(a.body, Derive)}
    for kind in declared_kinds(kb):
        if kind not in derived:
            message = (
                f"no rule derives this product kind: {kind} is never true, so no item that "
                "applies only to it is ever shown"
            )
            path, line, col = _declared_at(kb, kind)
            out.append(Problem(path, line, col, f"product_kinds.{kind}", message, (), "warning"))
    return out


def _declared_at(kb: KnowledgeBase, kind: str) -> tuple[str, int, int]:
    """Where the last layer that declares a product kind declares it (file, line, column)."""
    for layer in reversed(kb.layers):
        for path in sorted(Path(layer).rglob("*.yaml")):
            try:
                doc = load_yaml_file(path)
            except YamlProblem:
                continue
            data = doc.data if isinstance(doc.data, dict) else {}
            kinds = (data.get("settings") or {}).get("product_kinds") or {}
            if isinstance(kinds, dict) and kind in kinds:
                line, col = doc.marks.find(("settings", "product_kinds", kind))
                return str(path), line, col
    return kb.layers[-1] if kb.layers else "-", 1, 1


#: A reason attached to more than this many items of one kind says nothing about any of them.
MAX_ITEMS_PER_REASON = 3

#: Kinds whose items do not show the reasons that recommend them (a mitigation is listed under
#: its risk), and actions whose reasons the report states once for everything they move
#: (``adjust`` and ``flag_direction``: the directions' shared factors).
_REASON_NOT_SHOWN = frozenset({"mitigation"})


def _undiscriminating_reasons(kb: KnowledgeBase) -> list[Problem]:
    """Rules whose one ``because`` is attached to more than a few items of the same kind.

    Each item would show the same sentence, which tells the reader nothing about why *this*
    item and not the next: split the rule (one reason per item, saying what fits it) or state
    the reason once where it belongs.
    """
    out: list[Problem] = []
    for rule in kb.rules.values():
        targets: dict[str, list[str]] = {}
        for action in rule.then:
            body = action.body
            if isinstance(body, Recommend | RaiseRisk | AdviseAgainst):
                kind = body.id.partition("/")[0]
                if kind not in _REASON_NOT_SHOWN and body.id not in targets.get(kind, []):
                    targets.setdefault(kind, []).append(body.id)
        for kind, ids in targets.items():
            if len(ids) > MAX_ITEMS_PER_REASON:
                out.append(
                    kb.origins[rule.id].locate(
                        ("because",),
                        rule.id,
                        f"gives one reason to {len(ids)} {kind} items ({', '.join(ids)}) without "
                        "telling them apart: split the rule so each reason says why its item "
                        f"fits, or attach it to at most {MAX_ITEMS_PER_REASON}",
                        severity="warning",
                    )
                )
    return out
