"""The adaptive questionnaire: ask next the question that can still change the headline most,
and stop when none can.

Each pick runs the rules three-valued on the answers so far, every question not asked yet
unknown (:mod:`advisor.advice.uncertain`). When no headline field is open, nothing left to ask can
change the headline (the test is sound: a settled field is the same for every value the unasked
questions can take), and the chooser says so by returning ``None``. Otherwise it ranks the
questions that can be asked now (their ``when`` holds) and decide an open field: the one that
decides the most open fields, then the one the most pending rules wait on, then the earliest in
the questionnaire. It then looks one answer ahead for the first :data:`LOOKAHEAD` of them that
decide as many open fields as the first: for a few values each could take
(:func:`advisor.advice.trials.trial_values`, at most :data:`TRIED_VALUES`), how many questions
would still decide an open field; it asks the one that leaves the fewest on average (ties: the
rank). The order is deterministic.

Examples:
    >>> from advisor.advice.session import open_session
    >>> choose = make_chooser(open_session(), "en")
    >>> choose({}, [])
    ('company_name', 'Asked first: the name titles your report.')
    >>> question, why = choose({"company_name": "Acme"}, ["company_name"])
    >>> question, why.split(",")[0]
    ('markets', 'Asked because it can change the top direction')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.advice.scoring import normalise_weights, score_directions
from advisor.advice.session import Session
from advisor.advice.trials import spread, trial_values
from advisor.advice.uncertain import HEADLINE_FIELDS, Uncertainty, assess, unknown_facts
from advisor.answers.profile import UNKNOWN_ANSWER, applicability
from advisor.kb.records import DirectionSettings
from advisor.rules.conclusions import Conclusions
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = [
    "Chooser",
    "Pick",
    "Situation",
    "make_chooser",
    "pick",
    "ranked_picks",
    "situation",
]


#: (answers so far, ids asked so far) -> (the question to ask next, why), or None: stop
Chooser = Callable[[Mapping[str, Any], Sequence[str]], "tuple[str, str] | None"]


@dataclass
class Situation:
    """The answers so far, run three-valued: what holds, what is open, what can be asked."""

    out: Conclusions
    uncertainty: Uncertainty
    #: questions not answered yet whose ``when`` holds (they can be asked now), in order
    askable: list[str]


def situation(session: Session, answers: Mapping[str, Any]) -> Situation:
    """Run the rules on ``answers`` (values already checked; ``"unknown"`` for "not sure"),
    every other question unknown, and assess what stays open."""
    kb = session.kb
    facts: dict[str, Any] = {}
    unknown: set[str] = set()
    askable: list[str] = []
    for q in kb.questions.values():
        applies = applicability(q, facts, unknown)
        if applies is False:
            continue
        value = answers.get(q.id)
        if value is None or value == UNKNOWN_ANSWER:
            unknown.add(q.id)
            if applies and q.id not in answers:
                askable.append(q.id)
        else:
            facts[q.id] = value
    out = session.engine.run(facts, unknown=unknown_facts(kb, unknown))
    weights = normalise_weights(kb.weights)
    ranked = score_directions(kb, out, weights)
    rules = kb.settings.scoring.directions if kb.settings.scoring else None
    margin = float((rules or DirectionSettings()).pivot_margin)
    return Situation(out, assess(kb, out, ranked, weights, margin), askable)


@dataclass(frozen=True)
class Pick:
    """The next question and the open headline fields it decides."""

    question: str
    fields: tuple[str, ...]


#: how many of the best-ranked questions a pick looks one answer ahead for
LOOKAHEAD = 3
#: how many values of each it tries
TRIED_VALUES = 3


def ranked_picks(state: Situation) -> list[Pick]:
    """The questions that can be asked now and decide an open headline field, best first:
    most open fields decided, then most pending rules waiting on it, then questionnaire
    order."""
    if state.uncertainty.settled:
        return []
    deciders = state.uncertainty.deciders()
    waiting: dict[str, int] = {}
    for p in state.out.pending:
        for q in p.depends_on:
            waiting[q] = waiting.get(q, 0) + 1
    keyed = [
        ((-len(deciders[qid]), -waiting.get(qid, 0), n), Pick(qid, tuple(deciders[qid])))
        for n, qid in enumerate(state.askable)
        if deciders.get(qid)
    ]
    return [p for _, p in sorted(keyed, key=lambda kp: kp[0])]


def pick(state: Situation, ahead: Callable[[str], float] | None = None) -> Pick | None:
    """The question to ask next, or None when nothing left can change the headline.

    ``ahead(question)``: how many questions would still decide an open field once it is
    answered (an average over its values); the first :data:`LOOKAHEAD` ranked questions that
    decide as many open fields as the first are compared by it, ties by rank (see the
    module). Without it: the best-ranked question."""
    ranked = ranked_picks(state)
    if not ranked:
        return None
    # only questions deciding as many open fields as the best one are compared
    level = [p for p in ranked[:LOOKAHEAD] if len(p.fields) == len(ranked[0].fields)]
    if ahead is None or len(level) == 1:
        return ranked[0]
    scored = [(ahead(p.question), n, p) for n, p in enumerate(level)]
    return min(scored, key=lambda s: (s[0], s[1]))[2]


def why_asked(fields: Sequence[str], lang: Lang) -> str:
    """ "Asked because it can change the EU AI Act tier and GPAI status." in ``lang``."""
    words: Mapping[str, str] = words_for(lang)["unsure"]  # type: ignore[assignment]
    names = [words[f"field_{f}"] for f in HEADLINE_FIELDS if f in fields]
    return words["why"].format(fields=words["sep"].join(names))


def make_chooser(session: Session, lang: Lang) -> Chooser:
    """The chooser ``advisor ask --adaptive`` asks with (see :func:`pick`)."""

    kb = session.kb
    tried: dict[str, list[Any]] = {}

    def choose(answers: Mapping[str, Any], asked: Sequence[str]) -> tuple[str, str] | None:
        if "company_name" not in answers:  # it titles the report: always first
            return "company_name", words_for(lang)["unsure"]["why_name"]

        def ahead(qid: str) -> float:
            if qid not in tried:
                tried[qid] = spread(trial_values(kb, kb.questions[qid]), TRIED_VALUES)
            left = [
                len(situation(session, {**answers, qid: v}).uncertainty.deciders())
                for v in tried[qid]
            ]
            return sum(left) / len(left) if left else float("inf")

        found = pick(situation(session, answers), ahead)
        return None if found is None else (found.question, why_asked(found.fields, lang))

    return choose
