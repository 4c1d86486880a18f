"""The executive summary: the answer first, then the points that back it."""

from __future__ import annotations

from collections.abc import Mapping

from advisor.report.model import (
    Report,
    Summary,
)
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["summary_of"]


def summary_of(r: Report, lang: Lang) -> Summary:
    w = words_for(lang)["summary"]
    bullets: list[str] = []
    top = r.directions[0] if r.directions else None
    if top is not None:
        headline = w["headline"].format(title=top.title, score=top.score)
    else:
        headline = w["no_direction"]
    to_check = [c.subject for c in r.conflicts if c.kind == "answers"]
    if to_check:
        bullets.append(w["check_answers"].format(items=w["list_sep"].join(to_check)))
    if len(r.directions) > 1:
        alts = [w["alternative"].format(title=d.title, score=d.score) for d in r.directions[1:3]]
        bullets.append(w["alternatives"].format(items=w["list_sep"].join(alts)))
    severe = [x for x in r.risks if x.severity in ("critical", "high")]
    if r.risks:
        names = w["list_sep"].join(x.title for x in r.risks[:3])
        bullets.append(w["severe_risks"].format(count=len(severe), items=names))
    applying = [x for x in r.regulations if x.applies]
    if applying:
        tiers: Mapping[str, object] = words_for(lang)["report"]["tier_of"]
        parts = [
            w["law_with_tier"].format(title=x.title, tier=tiers.get(x.tier, x.tier))
            if x.tier
            else x.title
            for x in applying
        ]
        bullets.append(w["laws"].format(items=w["list_sep"].join(parts)))
    now = [gp.title or gp.id for gp in r.team.gaps if gp.priority == "now"]
    if now:
        bullets.append(w["hire_now"].format(items=w["name_sep"].join(now)))
    if r.business_models:
        bm = r.business_models[0]
        bullets.append(w["business_model"].format(title=bm.title, fit=bm.fit))
    if r.funding.next_stage is not None:
        bullets.append(w["next_funding"].format(title=r.funding.next_stage.title))
    if r.techniques:
        firsts = w["name_sep"].join(t.title for t in r.techniques[:3])
        bullets.append(w["techniques"].format(items=firsts))
    if severe and top is not None:
        headline += w["first_risk"].format(title=severe[0].title)
    return Summary(headline=headline, bullets=bullets)
