"""The roadmap: the plan's stages in dependency order, with their weeks and milestones, and the
plan checked against the runway.

Order is the knowledge's: a stage starts when every stage it comes ``after`` (and every stage
that ``precedes`` it) has ended, among the stages in this roadmap. A gated step's
``preparation`` starts once its ``prepare_after`` stage ends and runs until the gate opens.
The release (the stage tagged ``release``) is checked against ``runway_months``: when it falls
after the cash runs out, the stages the knowledge marks ``on_short_runway: drop`` are cut,
most weeks saved first, until it fits, ``defer`` stages are moved past the first release, and
what still does not fit is the gap to fund first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import floor

import networkx as nx

from advisor.advice.sections.items import (
    tr,
)
from advisor.advice.session import Session
from advisor.kb.graph import (
    stage_order,
)
from advisor.kb.records import (
    Milestone,
    Stage,
)
from advisor.report.model import (
    RoadmapItem,
    RunwayCheck,
    RunwayCut,
)
from advisor.rules.conclusions import Conclusions
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = [
    "RELEASE_TAG",
    "WEEKS_PER_MONTH",
    "chosen_stages",
    "roadmap_out",
    "runway_check",
    "schedule",
]

#: the tag of the stage whose end is the release the runway is checked against
RELEASE_TAG = "release"
#: 52 weeks over 12 months
WEEKS_PER_MONTH = 52 / 12


def chosen_stages(session: Session, out: Conclusions) -> list[Stage]:
    """The stages in this roadmap: every stage not tagged ``optional``, and the optional ones a
    rule recommends, in the knowledge's order."""
    kb = session.kb
    chosen: list[Stage] = []
    for sid in stage_order(session.graph):
        node = kb.nodes[sid]
        assert isinstance(node, Stage)
        if "optional" not in node.tags or sid in out.recommended:
            chosen.append(node)
    return chosen


def _predecessors(stages: Sequence[Stage]) -> dict[str, list[str]]:
    """Each stage's predecessors among ``stages``: ``precedes`` read forwards, ``after`` as is."""
    ids = {s.id for s in stages}
    preds: dict[str, list[str]] = {s.id: [] for s in stages}
    for s in stages:
        for nxt in s.precedes:
            if nxt in ids and s.id not in preds[nxt]:
                preds[nxt].append(s.id)
        for before in s.after:
            if before in ids and before not in preds[s.id]:
                preds[s.id].append(before)
    return preds


def schedule(stages: Sequence[Stage]) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """``(order, start, end)`` weeks of ``stages``, each as early as its predecessors allow.

    Raises:
        networkx.NetworkXUnfeasible: ``precedes``/``after`` go round in a circle (the knowledge
            checks refuse such a plan when it loads).

    Examples:
        >>> from advisor.kb.schema import to_record
        >>> from advisor.kb.schema.nodes import Stage as S
        >>> from advisor.kb import records
        >>> def st(i, w, **kw):
        ...     return to_record(S(id=i, title={"en": i, "zh": i}, description={"en": i, "zh": i},
        ...         sources=["ch6.2"], phase="data", duration_weeks=w,
        ...         activities=[{"en": "x", "zh": "x"}], **kw), records)
        >>> _, start, end = schedule([st("stage/b", 2, after=["stage/a"]), st("stage/a", 3)])
        >>> start["stage/b"], end["stage/b"]
        (3, 5)
    """
    preds = _predecessors(stages)
    g = nx.DiGraph()
    g.add_nodes_from(s.id for s in stages)
    g.add_edges_from((p, sid) for sid, ps in preds.items() for p in ps)
    order = list(nx.lexicographical_topological_sort(g))
    weeks = {s.id: s.duration_weeks for s in stages}
    start: dict[str, int] = {}
    end: dict[str, int] = {}
    for sid in order:
        start[sid] = max((end[p] for p in preds[sid]), default=0)
        end[sid] = start[sid] + weeks[sid]
    return order, start, end


def roadmap_out(session: Session, out: Conclusions, lang: Lang) -> list[RoadmapItem]:
    kb = session.kb
    chosen = chosen_stages(session, out)
    by_id = {s.id: s for s in chosen}
    milestones: dict[str, list[str]] = {}
    for m in kb.of_kind("milestone"):
        assert isinstance(m, Milestone)
        milestones.setdefault(m.stage, []).append(tr(m.title, lang))
    preds = _predecessors(chosen)
    order, start, end = schedule(chosen)
    phases = words_for(lang)["report"]["phase_of"]
    items: list[RoadmapItem] = []
    for sid in order:
        s = by_id[sid]
        added = [r.rule for r in out.recommended[sid].reasons] if sid in out.recommended else []
        prep_from: int | None = None
        if s.preparation:
            prep_from = end.get(s.prepare_after, 0) if s.prepare_after else 0
            if prep_from >= start[sid]:  # the gate is open by then: nothing to start early
                prep_from = None
        items.append(
            RoadmapItem(
                id=sid,
                title=tr(s.title, lang),
                start_week=start[sid],
                end_week=end[sid],
                phase=phases[s.phase],
                milestones=milestones.get(sid, []),
                added_by=added,
                after=sorted(preds[sid]),
                prepare_from_week=prep_from,
                preparation=[tr(p, lang) for p in s.preparation] if prep_from is not None else [],
            )
        )
    items.sort(key=lambda it: (it.start_week, it.end_week, it.id))
    return items


def _release(stages: Sequence[Stage], end: Mapping[str, int]) -> str | None:
    tagged = [s.id for s in stages if RELEASE_TAG in s.tags]
    return max(tagged, key=lambda sid: (end[sid], sid)) if tagged else None


def _release_week(stages: Sequence[Stage], release: str) -> int:
    return schedule(stages)[2][release]


def runway_check(session: Session, out: Conclusions, lang: Lang) -> RunwayCheck | None:
    """The roadmap against the runway: does the release come before the cash runs out, and if
    not, what to drop, defer or fund first. ``None`` when the runway or the release is unknown."""
    months = out.facts.get("runway_months")
    if isinstance(months, bool) or not isinstance(months, int | float) or months <= 0:
        return None
    chosen = chosen_stages(session, out)
    order, _start, end = schedule(chosen)
    release = _release(chosen, end)
    if release is None:
        return None
    w = words_for(lang)["advice"]
    runway = floor(months * WEEKS_PER_MONTH)
    release_week = end[release]
    after_runway = [sid for sid in order if end[sid] > runway]
    cuts: list[RunwayCut] = []
    kept = list(chosen)
    now = release_week
    while now > runway:  # cut what saves the most weeks first, until the release fits
        best: tuple[tuple[bool, int, str], Stage] | None = None
        for s in kept:
            if s.on_short_runway is None or s.id == release:
                continue
            without = [k for k in kept if k.id != s.id]
            saved = now - _release_week(without, release)
            # dropping comes before deferring (a deferred step still has to be paid for)
            key = (s.on_short_runway.action == "drop", saved, s.id)
            if saved > 0 and (best is None or key > best[0]):
                best = (key, s)
        if best is None:
            break
        (_drop, saved, _sid), stage = best
        assert stage.on_short_runway is not None
        kept = [k for k in kept if k.id != stage.id]
        now -= saved
        cuts.append(
            RunwayCut(
                action=stage.on_short_runway.action,
                stage=stage.id,
                title=tr(stage.title, lang),
                weeks=saved,
                text=tr(stage.on_short_runway.because, lang),
            )
        )
    # stages after the release that the cash does not reach wait for the next round
    kept_end = schedule(kept)[2]
    tail_end = 0
    by_id = {s.id: s for s in kept}
    for sid in order:
        if sid not in by_id or kept_end[sid] <= max(runway, kept_end[release]):
            continue
        s = by_id[sid]
        tail_end = max(tail_end, kept_end[sid])
        if s.on_short_runway is None:
            continue
        if s.on_short_runway.action == "defer":
            text = tr(s.on_short_runway.because, lang)
            same = next((i for i, c in enumerate(cuts) if c.weeks == 0 and c.text == text), None)
            if same is None:
                cuts.append(
                    RunwayCut(action="defer", stage=sid, title=tr(s.title, lang), text=text)
                )
            else:  # stages deferred for one reason are one cut: the reason is said once
                joined = w["list_sep"].join((cuts[same].title, tr(s.title, lang)))
                cuts[same] = cuts[same].replace(title=joined)
    short = max(now - runway, 0)  # weeks of cash the release still lacks after the cuts
    gap = max(short, tail_end - runway, 0)
    if gap:
        gap_months = max(1, round(gap / WEEKS_PER_MONTH))
        if short:
            text = w["runway_fund_release"].format(
                short=short, weeks=gap, months=gap_months, end=max(tail_end, now), week=runway
            )
        else:
            text = w["runway_fund"].format(weeks=gap, months=gap_months, week=runway)
        cuts.append(RunwayCut(action="fund", weeks=gap, text=text))
    fits = release_week <= runway
    if fits and not gap:
        summary = w["runway_fits"].format(release=release_week, runway=runway)
    elif fits:
        summary = w["runway_tail"].format(
            release=release_week, runway=runway, end=tail_end, months=months
        )
    else:
        summary = w["runway_short"].format(
            release=release_week, runway=runway, months=months, late=release_week - runway
        )
    return RunwayCheck(
        summary=summary,
        release_stage=release,
        release_week=release_week,
        runway_weeks=runway,
        fits=fits,
        release_week_after_cuts=now,
        after_runway=after_runway,
        cuts=cuts,
    )
