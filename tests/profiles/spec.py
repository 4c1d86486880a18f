"""Founder profiles as specifications: the spec format, its validation and the checks.

A profile file (``tests/profiles/*.yaml``) describes one founder and what their report must and
must not say::

    description: one line, the company in words (required)
    evidence: examples/evidence.json      # optional, an evidence file (path from the repo root)
    answers: {question id: answer, ...}   # validated like any answers file
    expect:
      risks:         {include: [risk/...], exclude: [risk/...]}
      mitigations:   {include: [...], exclude: [...]}    # under any risk
      techniques:    {include: [...], exclude: [...]}
      techniques_now_exclude: [technique/...]            # may be listed, never as a "now" priority
      opportunities / threats / partnerships / practices: {include: [...], exclude: [...]}
      regulations:   {include: [...], exclude: [...]}    # include: applies; exclude: absent or not
      hire_now:      {include: [role/...], exclude: [role/...]}  # team gaps with priority "now"
      policies:      {include: [policy/...], exclude: [...]}     # funding.policies
      funding_channels: {include: [funding_channel/...], exclude: [...]}  # funding.channels
      leaders:       {include: [direction/...], exclude: [direction/...]}  # see leaders()
      business_models: {include: [...], exclude: [...]}  # the 3 best not advised against
      success_factors: {include: [...], exclude: [...]}  # case lessons marked present: true
      roadmap:       {include: [stage/...], exclude: [...]}      # the stages planned
      leaders_in_industry: true   # a leader outside the founder's industry is `pivot: true`
                                  # and beats the best in-industry one by `pivot_margin`
      stance: keep | move | choose                       # summary.stance
      current_direction: direction/...                   # summary.current_direction
      ai_act: {applies: bool, tier: ..., gpai: ...}      # regulation/eu_ai_act, each optional
      roadmap_before: [[stage/a, stage/b], ...]          # both planned, a ends before b starts
      say: [phrase, ...]        # case-insensitive substrings of the English Markdown report
      never_say: [phrase, ...]

Every id must name a node of the right kind in the knowledge, and every key must be one of
these: a typo would otherwise make an ``exclude`` pass by accident. :func:`load_spec` raises
:class:`SpecError` listing every problem of a file; :func:`violations` lists every expectation
a report breaks, so one run shows all of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.advice.assemble import assemble_report
from advisor.advice.evidence import load_evidence
from advisor.advice.session import Session
from advisor.answers.profile import build_profile
from advisor.errors import AnswersError
from advisor.files.yamlio import load_yaml_file
from advisor.report.render import render

ROOT = Path(__file__).resolve().parents[2]
PROFILES = Path(__file__).resolve().parent

#: how many of the best-ranked directions count as the report's leaders
LEADERS = 5
#: how many of the best-fitting business models (not advised against) a founder reads as advice
BEST_MODELS = 3

#: expectation key -> the node kind its ids must have
ID_GROUPS: dict[str, str] = {
    "risks": "risk",
    "mitigations": "mitigation",
    "techniques": "technique",
    "opportunities": "opportunity",
    "threats": "threat",
    "practices": "practice",
    "partnerships": "partnership",
    "regulations": "regulation",
    "hire_now": "role",
    "policies": "policy",
    "funding_channels": "funding_channel",
    "leaders": "direction",
    "business_models": "business_model",
    "success_factors": "success_factor",
    "roadmap": "stage",
}
TOP_KEYS = frozenset({"description", "answers", "evidence", "expect", "pending"})
EXPECT_KEYS = frozenset(
    set(ID_GROUPS)
    | {
        "techniques_now_exclude",
        "leaders_in_industry",
        "stance",
        "current_direction",
        "ai_act",
        "roadmap_before",
        "say",
        "never_say",
    }
)
STANCES = ("keep", "move", "choose")
AI_ACT_TIERS = ("prohibited", "high_risk", "limited_risk", "minimal_risk")
AI_ACT_GPAI = ("none", "gpai", "gpai_systemic_risk")


class SpecError(Exception):
    """A profile file that is not a valid spec; the message names the file and every problem."""


@dataclass(frozen=True)
class Spec:
    name: str
    description: str
    answers: dict[str, Any]
    expect: dict[str, Any]
    evidence: Path | None = None
    #: (broken expectation as ``violations`` words it, why it is not met yet): known gaps in
    #: the advice, written down instead of deleted; one that starts to hold fails the test
    pending: tuple[tuple[str, str], ...] = ()


def profile_files() -> list[Path]:
    return sorted(PROFILES.glob("*.yaml"))


# ------------------------------------------------------------------------------- validation


def _strings(value: Any, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(f"{where}: expected a list of non-empty strings, got {value!r}")
        return []
    return list(value)


def _check_ids(
    session: Session, ids: Iterable[str], kind: str, where: str, problems: list[str]
) -> None:
    for node_id in ids:
        node = session.kb.get(node_id)
        if node is None:
            problems.append(f"{where}: {node_id!r} is not in the knowledge (a typo?)")
        elif kind != node.KIND:
            problems.append(f"{where}: {node_id!r} is a {node.KIND}, expected a {kind}")


def _check_expect(session: Session, expect: Any, problems: list[str]) -> None:
    if not isinstance(expect, Mapping):
        problems.append(f"expect: expected a mapping, got {type(expect).__name__}")
        return
    for key in sorted(set(expect) - EXPECT_KEYS):
        problems.append(f"expect.{key}: unknown key; allowed: {', '.join(sorted(EXPECT_KEYS))}")
    for key, kind in ID_GROUPS.items():
        if key not in expect:
            continue
        group = expect[key]
        if not isinstance(group, Mapping) or not group:
            problems.append(f"expect.{key}: expected a mapping with include and/or exclude")
            continue
        for sub in sorted(set(group) - {"include", "exclude"}):
            problems.append(f"expect.{key}.{sub}: unknown key; allowed: exclude, include")
        include = _strings(group.get("include", []), f"expect.{key}.include", problems)
        exclude = _strings(group.get("exclude", []), f"expect.{key}.exclude", problems)
        _check_ids(session, include, kind, f"expect.{key}.include", problems)
        _check_ids(session, exclude, kind, f"expect.{key}.exclude", problems)
        for both in sorted(set(include) & set(exclude)):
            problems.append(f"expect.{key}: {both!r} is both included and excluded")
    if "techniques_now_exclude" in expect:
        ids = _strings(expect["techniques_now_exclude"], "expect.techniques_now_exclude", problems)
        _check_ids(session, ids, "technique", "expect.techniques_now_exclude", problems)
    if "leaders_in_industry" in expect and expect["leaders_in_industry"] is not True:
        problems.append("expect.leaders_in_industry: the only value is true (leave it out)")
    if "stance" in expect and expect["stance"] not in STANCES:
        problems.append(f"expect.stance: {expect['stance']!r}; allowed: {', '.join(STANCES)}")
    if "current_direction" in expect:
        value = expect["current_direction"]
        if not isinstance(value, str):
            problems.append(f"expect.current_direction: expected a direction id, got {value!r}")
        else:
            _check_ids(session, [value], "direction", "expect.current_direction", problems)
    if "ai_act" in expect:
        _check_ai_act(expect["ai_act"], problems)
    if "roadmap_before" in expect:
        pairs = expect["roadmap_before"]
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(i, str) for i in p)
            for p in pairs
        ):
            problems.append("expect.roadmap_before: expected a list of [stage/a, stage/b] pairs")
        else:
            ids = [i for p in pairs for i in p]
            _check_ids(session, ids, "stage", "expect.roadmap_before", problems)
    for key in ("say", "never_say"):
        if key in expect:
            _strings(expect[key], f"expect.{key}", problems)


def _check_ai_act(value: Any, problems: list[str]) -> None:
    if not isinstance(value, Mapping) or not value:
        problems.append("expect.ai_act: expected a mapping with applies, tier and/or gpai")
        return
    for sub in sorted(set(value) - {"applies", "tier", "gpai"}):
        problems.append(f"expect.ai_act.{sub}: unknown key; allowed: applies, gpai, tier")
    if "applies" in value and not isinstance(value["applies"], bool):
        problems.append(f"expect.ai_act.applies: expected true or false, got {value['applies']!r}")
    if "tier" in value and value["tier"] not in AI_ACT_TIERS:
        problems.append(
            f"expect.ai_act.tier: {value['tier']!r}; allowed: {', '.join(AI_ACT_TIERS)}"
        )
    if "gpai" in value and value["gpai"] not in AI_ACT_GPAI:
        problems.append(f"expect.ai_act.gpai: {value['gpai']!r}; allowed: {', '.join(AI_ACT_GPAI)}")


def _pending(value: Any, problems: list[str]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    if not isinstance(value, list):
        problems.append("pending: expected a list of {broken, why}")
        return ()
    for n, entry in enumerate(value):
        ok = isinstance(entry, Mapping) and set(entry) == {"broken", "why"}
        if not ok or not all(isinstance(entry[k], str) and entry[k].strip() for k in entry):
            problems.append(f"pending[{n}]: expected {{broken: <expectation>, why: <reason>}}")
            continue
        out.append((entry["broken"].strip(), entry["why"].strip()))
    return tuple(out)


def split_pending(spec: Spec, broken: Sequence[str]) -> tuple[list[str], list[str]]:
    """The broken expectations no ``pending`` entry covers, and the pending entries that no
    broken expectation matches any more (the gap is closed: the entry must go)."""
    left = [b for b in broken if not any(b.startswith(p) for p, _ in spec.pending)]
    stale = [p for p, _ in spec.pending if not any(b.startswith(p) for b in broken)]
    return left, stale


def load_spec(session: Session, path: Path) -> Spec:
    """Read and validate one profile file.

    Raises:
        SpecError: naming the file and every problem found (keys, ids, answers).
    """
    data = load_yaml_file(path).data
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise SpecError(f"{path.name}: expected a mapping at the top level")
    for key in sorted(set(data) - TOP_KEYS):
        problems.append(f"{key}: unknown key; allowed: {', '.join(sorted(TOP_KEYS))}")
    for key in sorted(TOP_KEYS - {"evidence", "pending"} - set(data)):
        problems.append(f"{key}: missing")
    description = data.get("description")
    if "description" in data and not (isinstance(description, str) and description.strip()):
        problems.append("description: expected a sentence about the founder")
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        if "answers" in data:
            problems.append("answers: expected a mapping of question id -> answer")
        answers = {}
    else:
        try:
            build_profile(session.kb, dict(answers), path=f"{path.name}:answers")
        except AnswersError as exc:
            problems.append(f"answers: {exc}")
    evidence: Path | None = None
    if "evidence" in data:
        if not isinstance(data["evidence"], str) or not (ROOT / data["evidence"]).is_file():
            problems.append(f"evidence: {data['evidence']!r} is not a file under the repo root")
        else:
            evidence = ROOT / data["evidence"]
    expect = data.get("expect", {})
    if "expect" in data:
        _check_expect(session, expect, problems)
    pending = _pending(data.get("pending", []), problems)
    if problems:
        raise SpecError(f"{path.name}: invalid profile spec:\n  " + "\n  ".join(problems))
    return Spec(
        pending=pending,
        name=path.name,
        description=str(description),
        answers=dict(answers),
        expect=dict(expect),
        evidence=evidence,
    )


# ------------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Built:
    """A profile's report, as the contract (JSON) and as the founder reads it (Markdown)."""

    document: dict[str, Any]
    markdown: str


def build(session: Session, spec: Spec) -> Built:
    profile = build_profile(session.kb, spec.answers, path=f"{spec.name}:answers")
    evidence = load_evidence(spec.evidence) if spec.evidence else None
    report = assemble_report(session, profile, lang="en", evidence=evidence)
    return Built(json.loads(render(report, "json")), render(report, "md"))


def _ids(items: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(item["id"]) for item in items]


def found_ids(document: Mapping[str, Any], key: str) -> list[str]:
    """The ids an expectation group is checked against, in report order."""
    if key == "mitigations":
        return _ids(m for r in document["risks"] for m in r.get("mitigations", []))
    if key == "practices":
        funding = document.get("funding") or {}
        return _ids([*document.get("practices", []), *funding.get("practices", [])])
    if key == "regulations":
        return _ids(r for r in document["regulations"] if r.get("applies"))
    if key in ("policies", "funding_channels"):
        funding = document.get("funding") or {}
        return _ids(funding.get("policies" if key == "policies" else "channels", []))
    if key == "hire_now":
        return _ids(g for g in document["team"]["gaps"] if g.get("priority") == "now")
    if key == "business_models":
        fitting = [b for b in document["business_models"] if not b.get("advised_against")]
        return _ids(fitting[:BEST_MODELS])
    if key == "success_factors":
        return sorted({str(c["factor"]) for c in document.get("case_lessons", []) if c["present"]})
    if key == "leaders":
        return _ids(leaders(document))
    return _ids(document.get(key, []))


def leaders(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The directions the report puts forward: those marked ``leader: true`` where the report
    marks them (at most :data:`LEADERS`), else the first :data:`LEADERS` by rank."""
    ranked = sorted(document["directions"], key=lambda d: d.get("rank", 0))
    if any("leader" in d for d in ranked):
        return [d for d in ranked if d.get("leader")][:LEADERS]
    return ranked[:LEADERS]


def _outside_leaders(doc: Mapping[str, Any]) -> list[str]:
    """Leaders outside the founder's industry that are not marked as a pivot, or that do not
    beat the best in-industry direction by the report's ``pivot_margin``."""
    industry = f"industry/{doc['profile'].get('industry')}"
    inside = [d["score"] for d in doc["directions"] if d.get("industry") == industry]
    best_inside = max(inside, default=None)
    margin = float(doc.get("pivot_margin") or 0.0)
    out: list[str] = []
    for d in leaders(doc):
        if d.get("industry") == industry:
            continue
        where = f"{d['id']} (#{d.get('rank')}, {d.get('industry')}, {d.get('score')})"
        if not d.get("pivot", False):
            out.append(f"leaders: {where} is outside {industry} and not marked pivot: true")
        elif best_inside is not None and d["score"] < best_inside + margin:
            out.append(
                f"leaders: {where} is outside {industry} and does not beat its best direction"
                f" ({best_inside}) by the pivot margin ({margin})"
            )
    return out


def _short(ids: Sequence[str]) -> str:
    unique = list(dict.fromkeys(ids))  # a mitigation may sit under several risks
    return ", ".join(unique) if unique else "(none)"


def violations(spec: Spec, built: Built) -> list[str]:
    """Every expectation of ``spec`` the report breaks, each as one line (empty: all hold)."""
    doc = built.document
    expect = spec.expect
    out: list[str] = []
    for key in ID_GROUPS:
        if key not in expect:
            continue
        present = found_ids(doc, key)
        for node_id in expect[key].get("include", []):
            if node_id not in present:
                out.append(f"{key}: {node_id} missing (the report has: {_short(present)})")
        for node_id in expect[key].get("exclude", []):
            if node_id in present:
                out.append(f"{key}: {node_id} must not be there")
    now = {t["id"]: t.get("priority") for t in doc.get("techniques", [])}
    for node_id in expect.get("techniques_now_exclude", []):
        if now.get(node_id) == "now":
            out.append(f"techniques: {node_id} must not be a 'now' priority")
    if expect.get("leaders_in_industry"):
        out.extend(_outside_leaders(doc))
    summary = doc.get("summary") or {}
    if "stance" in expect and summary.get("stance") != expect["stance"]:
        out.append(
            f"stance: expected {expect['stance']!r}, the summary says {summary.get('stance')!r}"
            f" (headline: {summary.get('headline')!r})"
        )
    if (
        "current_direction" in expect
        and summary.get("current_direction") != (expect["current_direction"])
    ):
        out.append(
            f"current_direction: expected {expect['current_direction']},"
            f" the summary says {summary.get('current_direction')!r}"
        )
    if "ai_act" in expect:
        out.extend(_ai_act_violations(expect["ai_act"], doc))
    plan = {str(r["id"]): r for r in doc.get("roadmap", [])}
    for first, then in expect.get("roadmap_before", []):
        missing = [i for i in (first, then) if i not in plan]
        if missing:
            out.append(f"roadmap_before: {', '.join(missing)} not in the roadmap")
        elif plan[first]["end_week"] > plan[then]["start_week"]:
            out.append(
                f"roadmap_before: {first} (weeks {plan[first]['start_week']}-"
                f"{plan[first]['end_week']}) must end before {then} starts"
                f" (week {plan[then]['start_week']})"
            )
    text = built.markdown.lower()
    for phrase in expect.get("say", []):
        if phrase.lower() not in text:
            out.append(f"say: the Markdown report never says {phrase!r}")
    for phrase in expect.get("never_say", []):
        at = text.find(phrase.lower())
        if at >= 0:
            line = built.markdown[: at + 1].count("\n") + 1
            out.append(f"never_say: the Markdown report says {phrase!r} (line {line})")
    return out


def _ai_act_violations(want: Mapping[str, Any], doc: Mapping[str, Any]) -> list[str]:
    act = next((r for r in doc["regulations"] if r["id"] == "regulation/eu_ai_act"), None)
    got = {
        "applies": bool(act and act.get("applies")),
        "tier": act.get("tier") if act else None,
        "gpai": act.get("gpai") if act else None,
    }
    return [
        f"ai_act.{key}: expected {value!r}, the report says {got[key]!r}"
        for key, value in want.items()
        if got[key] != value
    ]
