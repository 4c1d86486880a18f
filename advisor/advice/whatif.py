"""What changes in the report when some answers change.

Library code: returns lines of text; the CLI prints them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session
from advisor.answers.profile import Profile, build_profile, parse_text_answer
from advisor.answers.show import question_label, show_answer
from advisor.errors import AnswersError, Problem
from advisor.report.model import Report
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["apply_settings", "diff_reports", "whatif"]


def apply_settings(session: Session, profile: Profile, settings: Sequence[str]) -> Profile:
    """``KEY=VALUE`` strings applied over a profile (values parsed as at a prompt).

    Raises:
        AnswersError: an unknown key or an invalid value, naming the key and what is allowed.
    """
    kb = session.kb
    raw: dict[str, Any] = dict(profile.answers)
    problems: list[Problem] = []
    for item in settings:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            problems.append(Problem("--set", message=f"{item!r} is not KEY=VALUE"))
            continue
        q = kb.questions.get(key)
        if q is None:
            problems.append(
                Problem(
                    "--set", key=key, message="unknown question id", allowed=tuple(kb.questions)
                )
            )
            continue
        try:
            raw[key] = parse_text_answer(q, value)
        except ValueError as exc:
            problems.append(Problem("--set", key=key, message=str(exc), allowed=q.values))
    if problems:
        raise AnswersError(problems)
    return build_profile(kb, raw, path="--set")


def diff_reports(a: Report, b: Report, limit: int = 10, lang: Lang = "en") -> list[str]:
    """The differences a founder cares about, as lines."""
    w = words_for(lang)["whatif"]
    t = words_for(lang)["report"]
    sev = cast(dict[str, str], t["severity_of"])
    prio = cast(dict[str, str], t["priority_of"])
    tiers = cast(dict[str, str], t["tier_of"])
    lines: list[str] = []
    ra = {d.id: (d.rank, d.score, d.title) for d in a.directions}
    for d in b.directions[:limit]:
        before = ra.get(d.id)
        if before and (before[0] != d.rank or abs(before[1] - d.score) >= 0.5):
            lines.append(
                w["direction"].format(
                    title=d.title,
                    rank_a=before[0],
                    rank_b=d.rank,
                    score_a=before[1],
                    score_b=d.score,
                )
            )
    risks_a = {r.id: r for r in a.risks}
    risks_b = {r.id: r for r in b.risks}
    for rid in risks_b.keys() - risks_a.keys():
        r = risks_b[rid]
        lines.append(
            w["risk_added"].format(
                title=r.title,
                severity=sev.get(r.severity, r.severity),
                likelihood=r.likelihood,
                impact=r.impact,
            )
        )
    for rid in risks_a.keys() - risks_b.keys():
        lines.append(w["risk_removed"].format(title=risks_a[rid].title))
    for rid in risks_a.keys() & risks_b.keys():
        x, y = risks_a[rid], risks_b[rid]
        if (x.likelihood, x.impact) != (y.likelihood, y.impact):
            lines.append(
                w["risk_changed"].format(
                    title=y.title,
                    sev_a=sev.get(x.severity, x.severity),
                    sev_b=sev.get(y.severity, y.severity),
                    l_a=x.likelihood,
                    i_a=x.impact,
                    l_b=y.likelihood,
                    i_b=y.impact,
                )
            )
    regs_a = {g.id: g for g in a.regulations}
    for reg in b.regulations:
        prev = regs_a.get(reg.id)
        if prev is None:
            continue
        if prev.applies != reg.applies:
            said = w["regulation_applies"] if reg.applies else w["regulation_no_longer"]
            tier = tiers.get(str(reg.tier))
            note = w["tier_note"].format(tier=tier) if tier else ""
            lines.append(said.format(title=reg.title, tier=note if reg.applies else ""))
        elif reg.applies and prev.tier != reg.tier:
            lines.append(
                w["regulation_tier"].format(
                    title=reg.title,
                    before=tiers.get(str(prev.tier), t["nothing"]),
                    after=tiers.get(str(reg.tier), t["nothing"]),
                )
            )
        if reg.applies and prev.applies and (prev.gpai or "none") != (reg.gpai or "none"):
            gpai = t["gpai_of"]
            lines.append(
                w["regulation_tier"].format(
                    title=reg.title,
                    before=gpai.get(str(prev.gpai), gpai["none"]),
                    after=gpai.get(str(reg.gpai), gpai["none"]),
                )
            )
        oa = {o.id for o in prev.obligations}
        for o in reg.obligations:
            if o.id not in oa:
                lines.append(w["obligation_added"].format(citation=o.citation, title=o.title))
        ob = {o.id for o in reg.obligations}
        for o in prev.obligations:
            if o.id not in ob:
                lines.append(w["obligation_removed"].format(citation=o.citation, title=o.title))
    for label, xs, ys in (
        (
            w["hire"],
            {g.id: (g.title, g.priority) for g in a.team.gaps},
            {g.id: (g.title, g.priority) for g in b.team.gaps},
        ),
        (
            w["technique"],
            {x.id: (x.title, x.priority) for x in a.techniques},
            {x.id: (x.title, x.priority) for x in b.techniques},
        ),
    ):
        for k in sorted(ys.keys() - xs.keys()):
            title, priority = ys[k]
            shown = prio.get(str(priority), "-") if priority else "-"
            lines.append(w["added"].format(label=label, title=title, priority=shown))
        for k in sorted(xs.keys() - ys.keys()):
            lines.append(w["removed"].format(label=label, title=xs[k][0]))
        for k in sorted(xs.keys() & ys.keys()):
            (title, was), (_, now) = xs[k], ys[k]
            if was != now:
                lines.append(
                    w["priority_changed"].format(
                        label=label,
                        title=title,
                        before=prio.get(str(was), "-"),
                        after=prio.get(str(now), "-"),
                    )
                )
    if (
        a.business_models
        and b.business_models
        and a.business_models[0].id != b.business_models[0].id
    ):
        lines.append(
            w["business_model"].format(
                before=a.business_models[0].title, after=b.business_models[0].title
            )
        )
    fa = {f.rule for f in a.trace}
    fb = {f.rule for f in b.trace}
    lines.append(w["rules"].format(more=len(fb - fa), fewer=len(fa - fb)))
    return lines


def whatif(
    session: Session,
    profile: Profile,
    settings: Sequence[str],
    lang: Lang = "en",
    weights: Mapping[str, float] | None = None,
) -> list[str]:
    """Apply ``settings`` and describe what changes."""
    w = words_for(lang)["whatif"]
    changed = apply_settings(session, profile, settings)
    kb = session.kb
    colon = words_for(lang)["report"]["colon"]
    shown = []
    for item in settings:
        key = item.partition("=")[0].strip()
        q = kb.questions[key]
        value = show_answer(q, changed.answers.get(key), lang, labels=True)
        shown.append(f"{question_label(q, lang)}{colon}{value}")
    before = assemble_report(session, profile, lang=lang, weights=weights, with_sensitivity=False)
    after = assemble_report(session, changed, lang=lang, weights=weights, with_sensitivity=False)
    head = words_for(lang)["summary"]["list_sep"].join(shown)
    body = diff_reports(before, after, lang=lang)
    return (
        [w["head"].format(changes=head), *(f"  {x}" for x in body)]
        if body
        else [w["nothing"].format(changes=head)]
    )
