"""What unknown answers leave open: sound headline checks, score ranges, pending findings."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from advisor.advice.adaptive import make_chooser, situation
from advisor.advice.assemble import assemble_report
from advisor.advice.headline import Headline, headline_of
from advisor.advice.scoring import normalise_weights, score_business_models, score_directions
from advisor.advice.sections.funding import funding_out
from advisor.advice.sections.regulations import regulations_out
from advisor.advice.sections.risks import risks_out
from advisor.advice.sections.team import team_out
from advisor.advice.session import Session, open_session
from advisor.advice.uncertain import HEADLINE_FIELDS, assess, unknown_facts
from advisor.answers.profile import build_profile
from advisor.rules.conclusions import Conclusions
from tests.profile_files import PROFILES, ROOT, load_profile


@pytest.fixture(scope="module")
def session() -> Session:
    return open_session()


_profile = load_profile


def _headline(session: Session, out: Conclusions) -> tuple[Headline, list]:
    kb = session.kb
    ranked = score_directions(kb, out, normalise_weights(kb.weights))
    h = headline_of(
        ranked[0].id if ranked else None,
        regulations_out(session, out, "en"),
        risks_out(session, out, "en"),
        team_out(session, out, ranked, "en"),
        funding_out(kb, out, "en"),
    )
    return h, ranked


def _margin(session: Session) -> float:
    scoring = session.kb.settings.scoring
    assert scoring is not None and scoring.directions is not None
    return float(scoring.directions.pivot_margin)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_a_settled_field_is_what_the_real_answers_conclude(session: Session, path: Path) -> None:
    """Soundness, against the real answers: every field the check calls settled equals the
    full answers' value, and every direction's real score lies in its range; with one answer
    unknown at a time, then random sets of 3 to all of them."""
    kb = session.kb
    w = normalise_weights(kb.weights)
    answers = _profile(session, path).answers
    full_out = session.engine.run(answers)
    full, full_ranked = _headline(session, full_out)
    real = {s.id: s.score for s in full_ranked}
    real_fit = {b.id: b.fit for b in score_business_models(kb, full_out)}
    real_risk = {r.id: r.likelihood * r.impact for r in risks_out(session, full_out, "en")}
    questions = [q for q in answers if q != "company_name"]
    rng = random.Random(path.stem)
    sets = [[q] for q in questions] + [
        rng.sample(questions, min(k, len(questions))) for k in (3, 5, 10, 20, 99) for _ in range(3)
    ]
    for unknown in sets:
        out = session.engine.run(answers, unknown=unknown_facts(kb, unknown))
        got, ranked = _headline(session, out)
        u = assess(kb, out, ranked, w, _margin(session))
        opened = {o.field for o in u.open}
        want, have = full.as_dict(), got.as_dict()
        wrong = [f for f in HEADLINE_FIELDS if f not in opened and want[f] != have[f]]
        assert not wrong, (unknown, wrong)
        for s in ranked:
            low, high = u.score_ranges.get(s.id, (s.score, s.score))
            assert low - 0.1 <= real[s.id] <= high + 0.1, (unknown, s.id, low, real[s.id], high)
        for b in score_business_models(kb, out):
            low, high = u.fit_ranges.get(b.id, (b.fit, b.fit))
            assert low - 0.1 <= real_fit[b.id] <= high + 0.1, (unknown, b.id, low, high)
        for rid, (low_risk, high_risk) in u.risk_ranges.items():
            assert low_risk < high_risk and low_risk <= real_risk[rid] <= high_risk, (unknown, rid)
        for o in u.open:
            assert o.questions <= set(unknown), (o.field, o.questions)


def test_nothing_is_open_without_unknown_answers_and_everything_with_none_known(
    session: Session,
) -> None:
    answers = _profile(session, ROOT / "examples/fintech_credit_series_a.yaml").answers
    assert situation(session, dict(answers)).uncertainty.settled
    state = situation(session, {"company_name": "Acme"})
    assert [o.field for o in state.uncertainty.open] == list(HEADLINE_FIELDS)
    assert "industry" in state.askable and "company_name" not in state.askable


def test_the_chooser_is_deterministic_explains_itself_and_stops(session: Session) -> None:
    answers = dict(_profile(session, ROOT / "examples/healthcare_eu_seed.yaml").answers)
    choose = make_chooser(session, "en")
    assert choose({}, [])[0] == "company_name"
    given: dict[str, object] = {"company_name": answers["company_name"]}
    order: list[str] = []
    while (found := choose(given, order)) is not None:
        qid, why = found
        assert qid not in given and why.startswith("Asked because it can change")
        order.append(qid)
        given[qid] = answers.get(qid, "unknown")
    assert order and len(order) < len(answers) - 1
    # the same answers give the same order
    again: dict[str, object] = {"company_name": answers["company_name"]}
    replay: list[str] = []
    while (found := choose(again, replay)) is not None:
        replay.append(found[0])
        again[found[0]] = answers.get(found[0], "unknown")
    assert replay == order
    assert make_chooser(session, "zh")(given, order) is None


def test_a_founder_unsure_of_five_answers_is_told_what_they_decide(session: Session) -> None:
    kb = session.kb
    path = ROOT / "examples/fintech_credit_series_a.yaml"
    full = _profile(session, path)
    unknown = [
        "markets",
        "automated_decisions",
        "runway_months",
        "competition",
        "training_compute_flops",
    ]
    raw = {k: ("unknown" if k in unknown else v) for k, v in full.answers.items()}
    profile = build_profile(kb, raw)
    # the follow-ups on China open only where the markets say so: not known either
    assert set(profile.unknown) == {*unknown, "cn_public_opinion", "cn_public_service"}
    unsure = list(profile.unknown)
    report = assemble_report(session, profile, with_sensitivity=False)
    assert list(report.unknown) == [q for q in kb.questions if q in unsure]
    assert all(report.profile[q] == "unknown" for q in unsure)
    assert report.pending and all(set(p.depends_on) <= set(unsure) for p in report.pending)
    assert all(p.would for p in report.pending)
    # resolve first: every unknown answer, the ones deciding most of the headline first
    assert {r.question for r in report.resolve_first} == set(unsure)
    assert all(r.how for r in report.resolve_first)
    impacts = [r.impact for r in report.resolve_first]
    assert impacts == sorted(impacts, reverse=True) and impacts[0] >= 2
    assert report.resolve_first[0].question == "markets"
    assert {o.field for o in report.open_headline} >= {"laws", "eu_ai_act"}
    assert any(d.score_range for d in report.directions)
    # the business models whose fit the unknown answers move show the range it can take
    ranged = [b for b in report.business_models if b.fit_range]
    assert ranged and all(b.fit_range[0] <= b.fit <= b.fit_range[1] for b in ranged)
    # and none of it for a founder sure of everything
    sure = assemble_report(session, full, with_sensitivity=False)
    assert not (sure.pending or sure.resolve_first or sure.open_headline or sure.unknown)
    assert not any(d.score_range for d in sure.directions)
    assert not any(b.fit_range for b in sure.business_models)


def test_the_chooser_looks_one_answer_ahead_among_equally_decisive_questions(
    session: Session,
) -> None:
    from advisor.advice.adaptive import LOOKAHEAD, pick, ranked_picks

    answers = dict(_profile(session, ROOT / "examples/healthcare_eu_seed.yaml").answers)
    state = situation(session, {k: answers[k] for k in ("company_name", "industry", "markets")})
    ranked = ranked_picks(state)
    assert len(ranked) > LOOKAHEAD
    level = [p.question for p in ranked[:LOOKAHEAD] if len(p.fields) == len(ranked[0].fields)]
    assert pick(state) == ranked[0]  # without looking ahead: the best ranked
    # the one that would leave the fewest deciders wins, among those deciding as many fields
    asked_about: list[str] = []

    def ahead(qid: str) -> float:
        asked_about.append(qid)
        return 0.0 if qid == level[-1] else 5.0

    assert len(level) > 1  # this state has several equally decisive questions
    found = pick(state, ahead)
    assert found is not None and found.question == level[-1]
    assert asked_about == level  # and only they were looked ahead for
    # ties keep the rank
    tie = pick(state, lambda qid: 1.0)
    assert tie is not None and tie.question == ranked[0].question
