"""The executive summary: the answer first, then the points that back it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from advisor.report.model import (
    DirectionOut,
    Report,
    Summary,
)
from advisor.report.picks import answer_list
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["summary_of"]


Stance = Literal["keep", "move", "choose"]


def _strongest(d: DirectionOut, lang: Lang) -> str:
    """The direction's two best criteria, named with their scores."""
    w = words_for(lang)["summary"]
    names: Mapping[str, object] = words_for(lang)["report"]["criterion"]
    best = sorted(d.criteria.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    return w["name_sep"].join(
        w["strongest"].format(criterion=names.get(c, c), score=v) for c, v in best
    )


def _move_costs(
    top: DirectionOut,
    current: DirectionOut,
    team: Sequence[str],
    role_titles: Mapping[str, str],
    lang: Lang,
) -> list[str]:
    """What moving from ``current`` to ``top`` costs the founder, in plain words."""
    w = words_for(lang)["summary"]
    costs = []
    if top.pivot and not current.pivot:
        costs.append(w["cost_pivot"])
    lacking = [role_titles.get(x, x) for x in top.roles if x.removeprefix("role/") not in team]
    if lacking:
        costs.append(w["cost_roles"].format(roles=w["name_sep"].join(lacking)))
    fit, current_fit = top.criteria.get("founder_fit"), current.criteria.get("founder_fit")
    if fit is not None and current_fit is not None and fit < current_fit:
        costs.append(w["cost_fit"].format(fit=fit, current_fit=current_fit))
    if top.time_to_market_months:
        costs.append(w["cost_months"].format(months=top.time_to_market_months))
    return costs


def _stance(
    r: Report,
    lang: Lang,
    move_margin: float,
    role_titles: Mapping[str, str],
    margin_stage: str | None = None,
) -> tuple[Stance | None, str, list[str]]:
    """Keep building the current direction, move from it, or (no current one) choose: the
    headline and the bullets that back it."""
    w = words_for(lang)["summary"]
    if not r.directions:
        return None, w["no_direction"], []
    top = r.directions[0]
    current = next((d for d in r.directions if d.current), None)
    bullets: list[str] = []
    if current is None:
        mark = w["pivot_mark"] if top.pivot else ""
        return "choose", w["headline"].format(title=top.title, score=top.score) + mark, bullets
    if current.id == top.id:
        headline = w["keep"].format(title=top.title, score=top.score)
        if len(r.directions) > 1:
            runner = r.directions[1]
            bullets.append(
                w["keep_why"].format(
                    next=runner.title,
                    gap=top.score - runner.score,
                    strongest=_strongest(top, lang),
                )
            )
        else:
            bullets.append(w["keep_only"].format(strongest=_strongest(top, lang)))
        return "keep", headline, bullets
    gap = top.score - current.score
    if gap < move_margin:
        headline = w["keep"].format(title=current.title, score=current.score)
        close = w["keep_close_stage"] if margin_stage else w["keep_close"]
        bullets.append(
            close.format(title=top.title, gap=gap, margin=move_margin, stage=margin_stage)
        )
        return "keep", headline, bullets
    headline = w["move"].format(
        current=current.title,
        current_score=current.score,
        title=top.title + (w["pivot_mark"] if top.pivot else ""),
        score=top.score,
        gap=gap,
    )
    team = answer_list(r, "team_roles")
    costs = _move_costs(top, current, team, role_titles, lang) or [w["cost_none"]]
    bullets.append(w["move_costs"].format(items=w["list_sep"].join(costs)))
    return "move", headline, bullets


def summary_of(
    r: Report,
    lang: Lang,
    *,
    move_margin: float = 5.0,
    role_titles: Mapping[str, str] | None = None,
    margin_stage: str | None = None,
) -> Summary:
    """The executive summary: the stance on the current direction first, then the rest.

    ``move_margin`` is how many points another direction must lead the current one by before
    the summary advises a move (``settings.scoring.directions.move_margin``, or
    ``move_margin_by_stage`` at the founder's stage: ``margin_stage`` is then its label).
    """
    w = words_for(lang)["summary"]
    stance, headline, backing = _stance(r, lang, move_margin, role_titles or {}, margin_stage)
    top = r.directions[0] if r.directions else None
    current = next((d for d in r.directions if d.current), None)
    bullets: list[str] = []
    to_check = [c.subject for c in r.conflicts if c.kind == "answers"]  # by their labels
    if to_check:  # answers that contradict each other put the whole report in doubt: first
        bullets.append(w["check_answers"].format(items=w["list_sep"].join(to_check)))
    answered = r.profile.get("current_direction")
    derived = current is not None and f"direction/{answered}" != current.id
    if current is not None and derived:
        bullets.append(w["current_derived"].format(title=current.title))
    bullets.extend(backing)
    others = [d for d in r.directions[:3] if d is not top and d is not current][:2]
    if others:
        alts = [
            w["alternative"].format(title=d.title, score=d.score)
            + (w["pivot_mark"] if d.pivot else "")
            for d in others
        ]
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
    decision = headline
    if severe and top is not None:
        headline += w["first_risk"].format(title=severe[0].title)
    return Summary(
        headline=headline,
        decision=decision,
        backing=backing,
        bullets=bullets,
        stance=stance,
        current_direction=current.id if current else None,
        current_derived=derived,
    )
