"""Why a finding is, or is not, in the report: the rules, their conditions and the answers.

Library code: returns lines of text; the CLI prints them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from advisor.advice.scoring import score_directions
from advisor.advice.session import Session
from advisor.advice.uncertain import unknown_facts
from advisor.errors import NodeNotFound
from advisor.kb.base import KnowledgeBase
from advisor.kb.fit import kinds_of, misfit
from advisor.kb.graph import rules_concluding
from advisor.kb.records import AllOf, AnyOf, Compare, Condition, Node, NotOf, Rule
from advisor.rules.conclusions import Conclusions
from advisor.rules.conditions import compile_condition
from advisor.rules.kleene import compile_condition3
from advisor.words.catalog import words_for
from advisor.words.shape import ExplainWords, Lang

__all__ = ["explain", "explain_condition"]


def _show(v: Any, w: ExplainWords) -> str:
    if v is None:
        return w["not_answered"]
    if isinstance(v, list | tuple):
        return "[" + ", ".join(map(str, v)) + "]"
    return repr(v) if isinstance(v, str) else str(v)


def explain_condition(
    cond: Condition,
    facts: Mapping[str, Any],
    indent: int = 4,
    lang: Lang = "en",
    unknown: Collection[str] = (),
) -> list[str]:
    """Each part of a condition with its truth value on ``facts`` (``?``: unknown, for the
    ``unknown`` facts), as indented lines."""
    w = words_for(lang)["explain"]
    pad = " " * indent
    if unknown:
        truth = compile_condition3(cond)(facts, unknown)
        mark = "?" if truth is None else "✓" if truth else "✗"
    else:
        mark = "✓" if compile_condition(cond)(facts) else "✗"
    if isinstance(cond, Compare):
        want = cond.value
        value = w["unknown"] if cond.fact in unknown else _show(facts.get(cond.fact), w)
        mine = w["your_value"].format(value=value)
        return [f"{pad}{mark} {cond.fact} {cond.op} {_show(want, w)}   {mine}"]
    if isinstance(cond, AllOf | AnyOf):
        word = w["all_of"] if isinstance(cond, AllOf) else w["any_of"]
        parts = cond.all if isinstance(cond, AllOf) else cond.any
        lines = [f"{pad}{mark} {word}:"]
        for sub in parts:
            lines.extend(explain_condition(sub, facts, indent + 2, lang, unknown))
        return lines
    assert isinstance(cond, NotOf)
    inner = explain_condition(cond.not_, facts, indent + 2, lang, unknown)
    return [f"{pad}{mark} {w['not_']}:", *inner]


def _rule_lines(rule: Rule, out: Conclusions, lang: Lang) -> list[str]:
    w = words_for(lang)["explain"]
    fired = rule.id in out.fired
    waiting = next((p for p in out.pending if p.rule == rule.id), None)
    src = ", ".join(
        s if isinstance(s, str) else (s.title + (f" {s.article}" if s.article else ""))
        for s in rule.sources
    )
    verdict = w["fired"] if fired else w["not_fired"]
    if waiting is not None:
        verdict = w["pending"].format(questions=", ".join(waiting.depends_on))
    lines = [
        f"  {rule.id}: {verdict}  [{src}]",
        "    " + w["because"].format(text=rule.because.get(lang)),
    ]
    lines.extend(explain_condition(rule.when, out.facts, 4, lang, tuple(out.unknown)))
    return lines


def _fit_line(kb: KnowledgeBase, node: Node, facts: Mapping[str, Any], lang: Lang) -> list[str]:
    """Why an item is left out for this product (``applies_to``), or nothing when it fits."""
    wanted = misfit(node, facts)
    if not wanted:
        return []
    w = words_for(lang)["explain"]
    declared = kb.settings.product_kinds or {}

    def label(kind: str) -> str:
        pk = declared.get(kind)
        return pk.label.get(lang) if pk is not None else kind

    mine = w["kind_sep"].join(label(k) for k in kinds_of(kb, facts)) or w["no_kind"]
    kinds = w["kind_or"].join(label(k) for k in wanted)
    return ["  " + w["left_out"].format(kinds=kinds, mine=mine)]


def explain(
    session: Session,
    answers: Mapping[str, Any],
    item_id: str,
    lang: Lang = "en",
    weights: Mapping[str, float] | None = None,
    unknown: Collection[str] = (),
) -> list[str]:
    """Explain ``item_id`` (a node id or a rule id) for these answers (``unknown``: the
    questions answered "not sure").

    Raises:
        NodeNotFound: the id names no node and no rule.
    """
    w = words_for(lang)["explain"]
    kb = session.kb
    out = session.engine.run(answers, unknown=unknown_facts(kb, unknown))
    if item_id in kb.rules:
        return [f"{item_id} ({kb.where(item_id)})", *_rule_lines(kb.rules[item_id], out, lang)]
    node = kb.nodes.get(item_id)
    if node is None:
        import difflib

        close = difflib.get_close_matches(item_id, [*kb.nodes, *kb.rules], n=5, cutoff=0.5)
        hint = w["did_you_mean"].format(items=", ".join(close)) if close else ""
        raise NodeNotFound(w["not_found"].format(item=item_id, hint=hint))
    lines = [f"{item_id}: {node.title.get(lang)} ({kb.where(item_id)})"]
    kind = node.KIND
    if kind == "risk":
        hit = out.risks.get(item_id)
        verdict = w["risk_raised"] if hit else w["risk_not_raised"]
        if hit and misfit(node, out.facts):
            verdict = w["risk_raised_misfit"]
        lines.append("  " + w["in_report"] + verdict)
    elif kind == "regulation":
        exempt = out.exemptions.get(item_id)
        reg = None if exempt else out.regulations.get(item_id)
        if exempt:
            verdict = "; ".join(
                w["applies_exempt"].format(ground=e.ground.get(lang), citation=e.citation)
                for e in exempt
            )
        elif reg and reg.tier:
            verdict = w["applies_tier"].format(tier=reg.tier)
        else:
            verdict = w["applies_yes"] if reg else w["applies_no"]
        lines.append("  " + w["applies"] + verdict)
    elif kind == "obligation":
        lines.append("  " + w["required"] + (w["yes"] if item_id in out.obligations else w["no"]))
    elif kind == "direction":
        ranked = score_directions(kb, out, weights or kb.weights)
        for i, s in enumerate(ranked, 1):
            if s.id == item_id:
                lines.append("  " + w["rank_of"].format(rank=i, total=len(ranked), score=s.score))
                for crit, value in s.criteria.items():
                    lines.append(f"    {crit}: {value:.0f}")
                    for r in s.criteria_reasons.get(crit, []):
                        lines.append(f"      - {r.rule}: {r.text.get(lang)}")
    else:
        rec = out.recommended.get(item_id)
        if rec is not None:
            lines.append(
                "  "
                + (
                    w["recommended_priority"].format(priority=rec.priority)
                    if rec.priority
                    else w["recommended"]
                )
            )
        elif item_id in out.against:
            lines.append("  " + w["advised_against"])
        else:
            lines.append("  " + w["not_recommended"])
        if item_id in out.against and rec is not None:
            lines.append("  " + w["conflict"])
    lines.extend(_fit_line(kb, node, out.facts, lang))
    concluding = [r for r in rules_concluding(session.graph, item_id) if r in kb.rules]
    if concluding:
        lines.append(w["rules_that_can"])
        for rid in concluding:
            lines.extend(_rule_lines(kb.rules[rid], out, lang))
    else:
        lines.append(w["no_rule"])
    return lines
