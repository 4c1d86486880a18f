"""Whole-knowledge checks that need every file at once: references, facts, values, targets.

Errors make the load fail; warnings (``kb validate`` prints them) point at likely mistakes that do
not break anything: a rule that can never fire, a law whose ``as_of`` is more than a year old.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from advisor.errors import Problem
from advisor.kb.findings import FINDING_FACTS
from advisor.kb.fit import check_applies_to
from advisor.kb.problems import dotted
from advisor.kb.recordbase import OPS, kind_of
from advisor.kb.records import (
    AllOf,
    CoherenceCheck,
    Compare,
    Condition,
    Derive,
    Direction,
    Node,
    Regulation,
    Rule,
    SuccessFactor,
)
from advisor.kb.walk import walk_condition

if TYPE_CHECKING:
    from advisor.kb.base import KnowledgeBase, Origin

__all__ = [
    "RECOMMENDABLE",
    "FactSpec",
    "check_knowledge",
    "fact_table",
    "refs_of",
]

#: Kinds a ``recommend`` / ``advise_against`` action may name.
RECOMMENDABLE: frozenset[str] = frozenset(
    {
        "technique",
        "business_model",
        "mitigation",
        "role",
        "partnership",
        "funding_channel",
        "funding_stage",
        "policy",
        "practice",
        "stage",
        "milestone",
        "direction",
        "skill",
        "case",
        "opportunity",
    }
)
ACTION_TARGETS: dict[str, frozenset[str]] = {
    "raise_risk": frozenset({"risk"}),
    "recommend": RECOMMENDABLE,
    "advise_against": RECOMMENDABLE,
    "apply_regulation": frozenset({"regulation"}),
    "require_obligation": frozenset({"obligation"}),
    "exempt_regulation": frozenset({"regulation"}),
}
_OPS_BY_TYPE: dict[str, frozenset[str]] = {
    "choice": frozenset({"eq", "ne", "in", "not_in", "exists"}),
    "text": frozenset({"eq", "ne", "in", "not_in", "contains", "exists"}),
    "multi": frozenset({"contains", "contains_any", "contains_all", "exists"}),
    "int": frozenset({"eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists"}),
    "float": frozenset({"eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists"}),
    "bool": frozenset({"eq", "ne", "exists"}),
    "derived": frozenset({"eq", "ne", "in", "not_in", "exists"}),
    "derived_list": frozenset({"contains", "contains_any", "contains_all", "exists"}),
}
STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class FactSpec:
    """What a fact can hold: a question's type and choices, or the values rules derive."""

    name: str
    type: str
    values: tuple[Any, ...] | None  # None: any value of the type
    source: str  # "question" or "derived"


def refs_of(model: type[Node]) -> dict[str, tuple[str, frozenset[str]]]:
    """Every reference field of a node model, ``related`` included."""
    return {**Node.REFS, **model.REFS}


def fact_table(kb: KnowledgeBase) -> dict[str, FactSpec]:
    """Every fact a condition may read: answers (by question id) and derived facts."""
    table: dict[str, FactSpec] = {}
    for q in kb.questions.values():
        table[q.id] = FactSpec(q.id, q.type, q.values or None, "question")
    derived: dict[str, list[Any]] = defaultdict(list)
    listy: set[str] = set()
    for rule in kb.rules.values():
        for action in rule.then:
            if isinstance(action.body, Derive):
                value = action.body.value
                if isinstance(value, tuple):
                    listy.add(action.body.fact)
                    derived[action.body.fact].extend(value)
                else:
                    derived[action.body.fact].append(value)
    for name, values in derived.items():
        if name not in table:
            kind = "derived_list" if name in listy else "derived"
            table[name] = FactSpec(name, kind, tuple(dict.fromkeys(values)), "derived")
    return table


def _suggest(value: str, pool: Sequence[str]) -> tuple[str, ...]:
    close = difflib.get_close_matches(value, pool, n=5, cutoff=0.5)
    return tuple(close) if close else tuple(sorted(pool))


def check_knowledge(
    kb: KnowledgeBase, broken: frozenset[str] = frozenset()
) -> tuple[list[Problem], list[Problem]]:
    """Check the merged knowledge; return ``(errors, warnings)``.

    ``broken`` holds the ids of items that failed their own validation: references to them, and
    facts that a failed rule might have derived, are not reported again.
    """
    rules_broken = any(b.startswith("rule/") or b == "<rules>" for b in broken)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    ids_by_kind: dict[str, list[str]] = defaultdict(list)
    for nid in kb.nodes:
        ids_by_kind[kind_of(nid)].append(nid)

    def check_ref(
        origin: Origin, loc: tuple[str | int, ...], key: str, target: str, kinds: frozenset[str]
    ) -> None:
        if target in broken:
            return
        node = kb.nodes.get(target)
        if node is not None and node.KIND in kinds:
            return
        pool = [i for k in kinds for i in ids_by_kind.get(k, [])]
        close = difflib.get_close_matches(target, pool, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        if node is None:
            what = f"{target!r} names no node (dangling reference){hint}"
        else:
            what = f"{target!r} is a {node.KIND}; this takes {' or '.join(sorted(kinds))}{hint}"
        errors.append(origin.locate(loc, key, what, () if close else sorted(pool)))

    # 1. references between nodes
    for node in kb.nodes.values():
        origin = kb.origins[node.id]
        for name, (_rel, kinds) in refs_of(type(node)).items():
            value = getattr(node, name)
            if value is None:
                continue
            if isinstance(value, tuple):
                for i, target in enumerate(value):
                    check_ref(origin, (name, i), f"{node.id}.{name}[{i}]", target, kinds)
            else:
                check_ref(origin, (name,), f"{node.id}.{name}", value, kinds)

    facts = fact_table(kb)
    use_case_values = facts["use_cases"].values if "use_cases" in facts else None

    # 2. questions: defaults valid, `when` reads only earlier questions
    earlier: set[str] = set()
    for q in kb.questions.values():
        origin = kb.origins[q.id]
        if q.when is not None:
            for comp, loc in walk_condition(q.when, ("when",)):
                if comp.fact not in earlier:
                    errors.append(
                        origin.locate(
                            (*loc, "fact"),
                            f"{q.id}.when",
                            f"reads {comp.fact!r}, which is not an earlier question",
                            sorted(earlier),
                        )
                    )
                else:
                    errors.extend(_check_compare(comp, loc, facts[comp.fact], origin, q.id))
        if q.default is not None:
            from advisor.kb.coercion import coerce_answer

            try:
                coerce_answer(q, q.default)
            except ValueError as exc:
                errors.append(origin.locate(("default",), f"{q.id}.default", str(exc)))
        errors.extend(_check_replaces(q, kb, origin))
        earlier.add(q.id)

    # 3. rules: facts read, values compared, actions' targets
    for rule in kb.rules.values():
        origin = kb.origins[rule.id]
        _check_rule(
            rule, origin, facts, kb, check_ref, use_case_values, errors, warnings, rules_broken
        )

    # 4. directions' use cases, success factors' conditions
    for node in kb.nodes.values():
        origin = kb.origins[node.id]
        if isinstance(node, Direction) and use_case_values is not None:
            for i, uc in enumerate(node.use_cases):
                if uc not in use_case_values:
                    errors.append(
                        origin.locate(
                            ("use_cases", i),
                            f"{node.id}.use_cases[{i}]",
                            f"{uc!r} is not a use_cases answer value",
                            _suggest(uc, [str(v) for v in use_case_values]),
                        )
                    )
        if isinstance(node, SuccessFactor) and node.present_when is not None:
            for comp, loc in walk_condition(node.present_when, ("present_when",)):
                spec = facts.get(comp.fact)
                if spec is None:
                    errors.append(
                        origin.locate(
                            (*loc, "fact"),
                            f"{node.id}.present_when",
                            f"reads unknown fact {comp.fact!r}",
                            sorted(facts),
                        )
                    )
                else:
                    errors.extend(_check_compare(comp, loc, spec, origin, node.id))
        if isinstance(node, CoherenceCheck):
            errors.extend(_check_coherence(node, origin, facts))
        if isinstance(node, Regulation):
            age = (date.today() - node.as_of).days
            if age > STALE_AFTER_DAYS:
                warnings.append(
                    origin.locate(
                        ("as_of",),
                        f"{node.id}.as_of",
                        f"as_of {node.as_of} is {age} days old; check the "
                        "law for changes and update it",
                        severity="warning",
                    )
                )

    # 5. precedes cycles
    errors.extend(_precedes_cycles(kb))
    # 6. applies_to names declared product kinds (advisor/kb/fit.py)
    errors.extend(check_applies_to(kb, broken))
    return errors, warnings


def _check_rule(
    rule: Rule,
    origin: Origin,
    facts: dict[str, FactSpec],
    kb: KnowledgeBase,
    check_ref: Any,
    use_case_values: tuple[Any, ...] | None,
    errors: list[Problem],
    warnings: list[Problem],
    rules_broken: bool = False,
) -> None:
    for comp, loc in walk_condition(rule.when, ("when",)):
        spec = facts.get(comp.fact)
        if spec is None and rules_broken:
            continue
        if spec is None:
            errors.append(
                origin.locate(
                    (*loc, "fact"),
                    f"{rule.id}.when",
                    f"reads unknown fact {comp.fact!r} (no question asks it and "
                    "no rule derives it)",
                    _suggest(comp.fact, sorted(facts)),
                )
            )
            continue
        errors.extend(_check_compare(comp, loc, spec, origin, rule.id))
    never = _never_fires(rule.when)
    if never:
        warnings.append(
            origin.locate(
                ("when",), f"{rule.id}.when", f"can never fire: {never}", severity="warning"
            )
        )
    for i, action in enumerate(rule.then):
        body = action.body
        kind = action.kind
        at: tuple[str | int, ...] = ("then", i, kind)
        if kind in ACTION_TARGETS:
            check_ref(
                origin,
                (*at, "id"),
                f"{rule.id}.then[{i}].{kind}.id",
                body.id,
                ACTION_TARGETS[kind],
            )
        elif kind == "derive":
            spec = facts.get(body.fact)
            if spec is not None and spec.source == "question":
                errors.append(
                    origin.locate(
                        (*at, "fact"),
                        f"{rule.id}.then[{i}].derive.fact",
                        f"{body.fact!r} is a question id; derived facts may not overwrite answers",
                    )
                )
        elif kind == "check_answers":
            for j, fact in enumerate(body.facts):
                if fact not in kb.questions:
                    errors.append(
                        origin.locate(
                            (*at, "facts", j),
                            f"{rule.id}.then[{i}].check_answers.facts[{j}]",
                            f"{fact!r} is not a question id (answers are checked, not derived "
                            "facts)",
                            _suggest(fact, sorted(kb.questions)),
                        )
                    )
        elif kind in ("adjust", "flag_direction"):
            where = body.where
            if where.id is not None:
                check_ref(
                    origin,
                    (*at, "where", "id"),
                    f"{rule.id}.then[{i}].{kind}.where.id",
                    where.id,
                    frozenset({"direction"}),
                )
            if where.industry is not None:
                check_ref(
                    origin,
                    (*at, "where", "industry"),
                    f"{rule.id}.then[{i}].{kind}.where.industry",
                    where.industry,
                    frozenset({"industry"}),
                )
            if (
                where.use_case is not None
                and use_case_values is not None
                and where.use_case not in use_case_values
            ):
                errors.append(
                    origin.locate(
                        (*at, "where", "use_case"),
                        f"{rule.id}.then[{i}].{kind}.where.use_case",
                        f"{where.use_case!r} is not a use_cases value",
                        [str(v) for v in use_case_values],
                    )
                )


def _check_replaces(q: Any, kb: KnowledgeBase, origin: Origin) -> list[Problem]:
    """``replaces`` names an id no current question has; mapped values are this one's values."""
    out: list[Problem] = []
    if q.replaces is not None and q.replaces in kb.questions:
        out.append(
            origin.locate(
                ("replaces",),
                f"{q.id}.replaces",
                f"replaces {q.replaces!r}, which is still a question: an answers file could "
                "not say which it answers",
            )
        )
    if q.values:
        for old, new in q.replaces_values.items():
            news = new if isinstance(new, list | tuple) and q.type == "multi" else [new]
            for v in news:
                if v not in q.values:
                    out.append(
                        origin.locate(
                            ("replaces_values", old),
                            f"{q.id}.replaces_values.{old}",
                            f"replaces maps {old!r} to {v!r}, which is not a choice of {q.id!r}",
                            q.values,
                        )
                    )
    return out


def _check_compare(
    comp: Compare, loc: tuple[str | int, ...], spec: FactSpec, origin: Origin, owner: str
) -> list[Problem]:
    out: list[Problem] = []
    op = comp.op
    key = f"{owner}.{dotted(loc)}"
    allowed_ops = _OPS_BY_TYPE[spec.type]
    if op not in allowed_ops:
        out.append(
            origin.locate(
                (*loc, op),
                key,
                f"operator {op!r} does not apply to {spec.name!r} ({spec.type})",
                [o for o in OPS if o in allowed_ops],
            )
        )
        return out
    if op == "exists":
        return out
    values = comp.value if isinstance(comp.value, tuple) else (comp.value,)
    for j, v in enumerate(values):
        vloc = (*loc, op, j) if isinstance(comp.value, tuple) else (*loc, op)
        if spec.type in ("int", "float"):
            if isinstance(v, bool) or not isinstance(v, int | float):
                out.append(
                    origin.locate(vloc, key, f"{v!r} is not a number; {spec.name!r} is {spec.type}")
                )
        elif spec.type == "bool":
            if not isinstance(v, bool):
                out.append(
                    origin.locate(
                        vloc,
                        key,
                        f"{v!r} is not true or false; {spec.name!r} is bool",
                        ("true", "false"),
                    )
                )
        elif spec.values is not None and v not in spec.values:
            why = "is not a choice of" if spec.source == "question" else "is never derived for"
            out.append(
                origin.locate(
                    vloc,
                    key,
                    f"impossible value {v!r}: it {why} {spec.name!r}",
                    [str(x) for x in spec.values],
                )
            )
    return out


def _never_fires(cond: Condition) -> str:
    """A plain reason when a conjunction contradicts itself on one fact, else ''."""
    if not isinstance(cond, AllOf):
        return ""
    eqs: dict[str, set[Any]] = defaultdict(set)
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for sub in cond.all:
        if not isinstance(sub, Compare):
            continue
        if sub.op == "eq":
            eqs[sub.fact].add(sub.value)
        elif sub.op == "in":
            eqs[sub.fact].add(tuple(sub.value))
        elif sub.op in ("gt", "gte"):
            low[sub.fact] = max(low.get(sub.fact, float("-inf")), float(sub.value))
        elif sub.op in ("lt", "lte"):
            high[sub.fact] = min(high.get(sub.fact, float("inf")), float(sub.value))
    for fact, vals in eqs.items():
        scalars = {v for v in vals if not isinstance(v, tuple)}
        pools = [set(v) for v in vals if isinstance(v, tuple)]
        if len(scalars) > 1:
            return f"{fact!r} cannot equal {sorted(map(str, scalars))} at once"
        possible = scalars or (pools[0] if pools else set())
        for pool in pools:
            possible &= pool
        if not possible:
            return f"no value of {fact!r} satisfies every 'eq'/'in' on it"
    for fact in set(low) & set(high):
        if low[fact] >= high[fact]:
            return f"{fact!r} cannot be above {low[fact]:g} and below {high[fact]:g} at once"
    return ""


def _check_coherence(
    node: CoherenceCheck, origin: Origin, facts: dict[str, FactSpec]
) -> list[Problem]:
    """A coherence check reads answers, derived facts and the findings' facts, and names
    questions."""
    out: list[Problem] = []
    table = dict(facts)
    for name in FINDING_FACTS:
        table.setdefault(name, FactSpec(name, "derived_list", None, "finding"))
    for comp, loc in walk_condition(node.when, ("when",)):
        spec = table.get(comp.fact)
        if spec is None:
            out.append(
                origin.locate(
                    (*loc, "fact"),
                    f"{node.id}.when",
                    f"reads unknown fact {comp.fact!r} (not a question, a derived fact or a "
                    "finding fact)",
                    _suggest(comp.fact, sorted(table)),
                )
            )
        elif spec.source != "finding":
            out.extend(_check_compare(comp, loc, spec, origin, node.id))
    questions = sorted(n for n, s in facts.items() if s.source == "question")
    for i, q in enumerate(node.questions):
        if q not in questions:
            out.append(
                origin.locate(
                    ("questions", i),
                    f"{node.id}.questions[{i}]",
                    f"{q!r} is not a question id",
                    _suggest(q, questions),
                )
            )
    return out


def _precedes_cycles(kb: KnowledgeBase) -> list[Problem]:
    out: list[Problem] = []
    succ = {
        nid: list(getattr(n, "precedes", []) or [])
        for nid, n in kb.nodes.items()
        if hasattr(n, "precedes")
    }
    # a stage's ``after`` is ``precedes`` read backwards: ``b.after: [a]`` is ``a -> b``
    for nid, n in kb.nodes.items():
        for before in getattr(n, "after", None) or ():
            if before in succ and nid not in succ[before]:
                succ[before].append(nid)
    state: dict[str, int] = {}

    def visit(nid: str, stack: list[str]) -> None:
        state[nid] = 1
        for nxt in succ.get(nid, []):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt] if nxt in stack else [nid, nxt]
                out.append(
                    kb.origins[nid].locate(
                        ("precedes",),
                        f"{nid}.precedes",
                        "precedes forms a cycle: " + " -> ".join(cycle),
                    )
                )
            elif state.get(nxt) is None and nxt in succ:
                visit(nxt, [*stack, nxt])
        state[nid] = 2

    for nid in succ:
        if nid not in state:
            visit(nid, [nid])
    return out
