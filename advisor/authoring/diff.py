"""``kb diff``: what a knowledge change does to a cohort of stored answers files.

Every answers file runs against the knowledge before and after the change. Per profile we report
the headline (:mod:`advisor.advice.headline`) fields that changed and every finding that was
added, removed or changed, with old and new values. A finding is one id of the report with the
values that matter about it (a risk's severity, a direction's rank and score, a law's tier...).

Speed: when the change touches only rules (nodes, questions and settings are equal), a profile
whose engine conclusions are equal before and after has an equal report, so only profiles whose
conclusions differ are assembled in full. Profiles are spread over worker processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.advice.coherence import coherence_conflicts, finding_facts
from advisor.advice.headline import Headline, HeadlineChange, headline_changes, headline_of
from advisor.advice.scoring import score_directions
from advisor.advice.sections.business import business_models_out
from advisor.advice.sections.cases import case_lessons_out
from advisor.advice.sections.funding import funding_out
from advisor.advice.sections.regulations import regulations_out
from advisor.advice.sections.risks import risks_out
from advisor.advice.sections.roadmap import roadmap_out
from advisor.advice.sections.team import team_out
from advisor.advice.sections.techniques import techniques_out
from advisor.advice.session import Session, open_session
from advisor.answers.profile import Profile, load_answers_file
from advisor.errors import InputErrors, Problem, UserError
from advisor.report.model import (
    BusinessModelOut,
    Funding,
    RegulationOut,
    Report,
    RiskOut,
    RoadmapItem,
    Team,
    TechniqueOut,
)
from advisor.rules.conclusions import Conclusions

__all__ = [
    "ANSWER_SUFFIXES",
    "FindingChange",
    "ProfileDiff",
    "diff_cohort",
    "diff_profile",
    "finding_changes",
    "findings",
    "profile_files",
    "render_text",
    "to_json",
]

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class FindingChange:
    """One finding id that was ``added``, ``removed`` or ``changed`` (old and new values)."""

    id: str
    change: str
    old: Any = None
    new: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "change": self.change, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class ProfileDiff:
    """What changed for one answers file (empty lists: nothing changed)."""

    profile: str
    headline: tuple[HeadlineChange, ...] = ()
    findings: tuple[FindingChange, ...] = ()
    error: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.headline or self.findings or self.error)


@dataclass(frozen=True)
class _Sections:
    """The parts of a report that findings and the headline read."""

    directions: Sequence[tuple[str, int, float]]  # (id, rank, score), best first
    risks: Sequence[RiskOut]
    regulations: Sequence[RegulationOut]
    business_models: Sequence[BusinessModelOut]
    team: Team
    techniques: Sequence[TechniqueOut]
    funding: Funding
    roadmap: Sequence[RoadmapItem]
    conflicts: Sequence[tuple[str, str, tuple[str, ...]]]
    fired: Sequence[str]


def _of_report(report: Report) -> _Sections:
    return _Sections(
        [(d.id, d.rank, d.score) for d in report.directions],
        report.risks,
        report.regulations,
        report.business_models,
        report.team,
        report.techniques,
        report.funding,
        report.roadmap,
        [(c.kind, c.subject_id or c.subject, tuple(c.rules)) for c in report.conflicts],
        [e.rule for e in report.trace],
    )


def _of_run(session: Session, profile: Profile) -> _Sections:
    """The same parts as :func:`assemble_report` makes them, without the rest of the report
    (direction texts, cases, outlook, summary), which no finding reads."""
    kb = session.kb
    out = session.engine.run(profile.answers)
    # knowledge without directions or business models (a small layer of an author's tests)
    # has nothing to rank, and needs no settings to rank them with
    kinds = {n.KIND for n in kb.nodes.values()}
    ranked = score_directions(kb, out, dict(kb.weights)) if "direction" in kinds else []
    models = business_models_out(kb, out, "en") if "business_model" in kinds else []
    team = team_out(session, out, ranked, "en")
    regulations = regulations_out(session, out, "en")
    return _Sections(
        [(s.id, i + 1, s.score) for i, s in enumerate(ranked)],
        risks_out(session, out, "en"),
        regulations,
        models,
        team,
        techniques_out(kb, out, "en", {}),
        funding_out(kb, out, "en"),
        roadmap_out(session, out, "en"),
        [(c.kind, c.subject, tuple(c.rules)) for c in out.conflicts]
        + [
            (c.kind, c.subject_id or c.subject, tuple(c.rules))
            for c in coherence_conflicts(
                session,
                out.facts,
                finding_facts(
                    session,
                    out,
                    profile,
                    team=team,
                    case_lessons=case_lessons_out(session, out, "en"),
                    regulations=regulations,
                ),
                "en",
            )
        ],
        [f.rule for f in out.trace],
    )


def findings(report: Report) -> dict[str, Any]:
    """Every finding of ``report`` as ``id -> the values that matter about it``."""
    return _findings(_of_report(report))


def _findings(s: _Sections) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for did, rank, score in s.directions:
        out[did] = {"rank": rank, "score": round(score, 1)}
    for r in s.risks:
        out[r.id] = {"severity": r.severity, "likelihood": r.likelihood, "impact": r.impact}
    for g in s.regulations:
        out[g.id] = {"applies": g.applies, "tier": g.tier, "gpai": g.gpai}
        for o in g.obligations:
            out[o.id] = {"citation": o.citation, "effective_from": o.effective_from}
    for m in s.business_models:
        out[m.id] = {"fit": round(m.fit, 1)}
    for gap in s.team.gaps:
        out[gap.id] = {"priority": gap.priority}
    for t in s.techniques:
        out[t.id] = {"priority": t.priority}
    f = s.funding
    out["funding"] = {
        "next_stage": f.next_stage.id if f.next_stage else None,
        "channels": [c.id for c in f.channels],
    }
    for item in s.roadmap:
        out[item.id] = {"start_week": item.start_week, "end_week": item.end_week}
    for kind, subject, rules in s.conflicts:
        out[f"conflict/{kind}/{subject}"] = {"rules": list(rules)}
    for rule in s.fired:
        out[rule] = {"fired": True}
    return out


def _headline(s: _Sections) -> Headline:
    top = s.directions[0][0] if s.directions else None
    return headline_of(top, s.regulations, s.risks, s.team, s.funding)


def finding_changes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[FindingChange]:
    changes = [FindingChange(k, "added", None, b[k]) for k in b if k not in a]
    changes += [FindingChange(k, "removed", a[k], None) for k in a if k not in b]
    changes += [FindingChange(k, "changed", a[k], b[k]) for k in a if k in b and a[k] != b[k]]
    return sorted(changes, key=lambda c: (c.id, c.change))


def _conclusions_key(out: Conclusions) -> tuple[Any, ...]:
    """What of a run the report reads (not the engine's bookkeeping, such as counts)."""
    return (
        out.facts,
        out.risks,
        out.recommended,
        out.against,
        out.adjustments,
        out.flags,
        out.regulations,
        out.obligations,
        out.obligation_dates,
        out.exemptions,
        out.conflicts,
        [(f.rule, f.sources, dict(f.matched)) for f in out.trace],
    )


def _rules_only(before: Session, after: Session) -> bool:
    a, b = before.kb, after.kb
    return (
        dict(a.nodes) == dict(b.nodes)
        and dict(a.questions) == dict(b.questions)
        and a.settings == b.settings
        and dict(a.weights) == dict(b.weights)
    )


def diff_profile(
    before: Session, after: Session, path: Path, *, rules_only: bool | None = None
) -> ProfileDiff:
    """Run one answers file against both knowledge bases and compare what they conclude.

    An answers file that one side refuses (an id a question was renamed from, say) is reported
    as that profile's ``error`` rather than stopping the whole cohort.
    """
    if rules_only is None:
        rules_only = _rules_only(before, after)
    shown = str(path)
    try:
        pa = load_answers_file(before.kb, path)
        pb = load_answers_file(after.kb, path)
    except InputErrors as exc:
        first = exc.problems[0]
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        short = Problem(first.path, first.line, first.col, first.key, first.message)
        return ProfileDiff(shown, error=f"refused: {short}{more}")
    if rules_only and pa.answers == pb.answers:
        ka = _conclusions_key(before.engine.run(pa.answers))
        kb_ = _conclusions_key(after.engine.run(pb.answers))
        if ka == kb_:
            return ProfileDiff(shown)
    sa, sb = _of_run(before, pa), _of_run(after, pb)
    return ProfileDiff(
        shown,
        tuple(headline_changes(_headline(sa), _headline(sb))),
        tuple(finding_changes(_findings(sa), _findings(sb))),
    )


def profile_files(paths: Iterable[Path], shard: tuple[int, int] = (1, 1)) -> list[Path]:
    """The answers files in ``paths`` (folders are listed, files taken as they are), sorted;
    with ``shard=(i, n)`` only every n-th file starting at the i-th (1-based).

    Raises:
        InputErrors: a path that does not exist.
    """
    found: list[Path] = []
    missing: list[Problem] = []
    for p in paths:
        if p.is_dir():
            found += [f for f in p.iterdir() if f.is_file() and f.suffix.lower() in ANSWER_SUFFIXES]
        elif p.is_file():
            found.append(p)
        else:
            missing.append(
                Problem(str(p), key="--profiles", message="is neither a folder nor a file")
            )
    if missing:
        raise InputErrors(missing, what="--profiles")
    i, n = shard
    if not 1 <= i <= n:
        raise UserError(f"--shard {i}/{n}: the first number must be between 1 and {n}")
    ordered = sorted(dict.fromkeys(found))
    return ordered[i - 1 :: n]


# --- the cohort, over worker processes --------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(base: Sequence[str], new: Sequence[str]) -> None:
    before = open_session([Path(p) for p in base])
    after = open_session([Path(p) for p in new])
    _WORKER["sessions"] = (before, after, _rules_only(before, after))


def _diff_chunk(paths: Sequence[str]) -> list[ProfileDiff]:
    before, after, rules_only = _WORKER["sessions"]
    return [diff_profile(before, after, Path(p), rules_only=rules_only) for p in paths]


def diff_cohort(
    base_dirs: Sequence[Path],
    new_dirs: Sequence[Path],
    files: Sequence[Path],
    *,
    workers: int | None = None,
) -> list[ProfileDiff]:
    """:func:`diff_profile` for every file, in the order given.

    ``workers`` processes (default: the CPUs this process may use, at most one per 50 files);
    1 runs in this process. Both knowledge bases are loaded (and validated) here first, so bad
    knowledge is reported once, before any worker starts.

    Raises:
        KnowledgeError: either side's knowledge is invalid.
    """
    before = open_session(base_dirs)
    after = open_session(new_dirs)
    if workers is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        workers = max(1, min(cpus or 1, len(files) // 50))
    if workers <= 1 or len(files) < 2:
        rules_only = _rules_only(before, after)
        return [diff_profile(before, after, f, rules_only=rules_only) for f in files]
    size = max(1, -(-len(files) // (workers * 4)))
    chunks = [[str(f) for f in files[i : i + size]] for i in range(0, len(files), size)]
    args = ([str(p) for p in base_dirs], [str(p) for p in new_dirs])
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=args) as pool:
        return [d for part in pool.map(_diff_chunk, chunks) for d in part]


# --- output -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Summary:
    profiles: int
    changed: int
    headline: int
    errors: int
    by_field: dict[str, int] = field(default_factory=dict)


def _summary(diffs: Sequence[ProfileDiff]) -> _Summary:
    by_field: dict[str, int] = {}
    for d in diffs:
        for h in d.headline:
            by_field[h.field] = by_field.get(h.field, 0) + 1
    return _Summary(
        profiles=len(diffs),
        changed=sum(d.changed and not d.error for d in diffs),  # a refused file did not change
        headline=sum(bool(d.headline) for d in diffs),
        errors=sum(bool(d.error) for d in diffs),
        by_field=dict(sorted(by_field.items())),
    )


def to_json(diffs: Sequence[ProfileDiff]) -> dict[str, Any]:
    """``{"profiles": N, "changed": [{profile, headline, changes}], "refused": [{profile, error}],
    "summary": {...}}``: a file that is not a valid answers file is refused, not changed."""
    s = _summary(diffs)
    return {
        "profiles": s.profiles,
        "changed": [
            {
                "profile": d.profile,
                "headline": [{"field": h.field, "old": h.old, "new": h.new} for h in d.headline],
                "changes": [c.as_dict() for c in d.findings],
            }
            for d in diffs
            if d.changed and not d.error
        ],
        "refused": [{"profile": d.profile, "error": d.error} for d in diffs if d.error],
        "summary": {
            "changed": s.changed,
            "headline_changed": s.headline,
            "errors": s.errors,
            "unchanged": s.profiles - s.changed - s.errors,
            "headline_fields": s.by_field,
        },
    }


def _short(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"id", "severity"}:
        return f"{value['id']} {value['severity']}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_short(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    return "-" if value is None else str(value)


def render_text(diffs: Sequence[ProfileDiff], *, limit: int = 20) -> list[str]:
    """Lines: per changed profile its headline changes, then up to ``limit`` finding changes."""
    lines: list[str] = []
    for d in diffs:
        if not d.changed:
            continue
        lines.append(f"{d.profile}:")
        if d.error:
            lines.append(f"  {d.error}")
        for h in d.headline:
            lines.append(f"  headline {h.field}: {_short(h.old)} -> {_short(h.new)}")
        for c in d.findings[:limit]:
            if c.change == "added":
                lines.append(f"  + {c.id} ({_short(c.new)})")
            elif c.change == "removed":
                lines.append(f"  - {c.id} ({_short(c.old)})")
            else:
                lines.append(f"  ~ {c.id}: {_short(c.old)} -> {_short(c.new)}")
        if len(d.findings) > limit:
            lines.append(f"  ... {len(d.findings) - limit} more findings changed")
    s = _summary(diffs)
    fields_ = ", ".join(f"{k} {v}" for k, v in s.by_field.items())
    lines.append(
        f"{s.profiles} profiles: {s.changed} changed ({s.headline} in the headline"
        + (f": {fields_}" if fields_ else "")
        + f"), {s.profiles - s.changed - s.errors} unchanged"
        + (f", {s.errors} refused" if s.errors else "")
    )
    return lines
