"""The adaptive questionnaire: ask next the question that can still change the headline most,
and stop when none can.

Each pick runs the rules three-valued on the answers so far, every question not asked yet
unknown (:mod:`advisor.advice.uncertain`). When no headline field is open, nothing left to ask can
change the headline (the test is sound: a settled field is the same for every value the unasked
questions can take), and the chooser says so by returning ``None``. Otherwise it picks, among
the questions that can be asked now (their ``when`` holds), the one that decides the most open
fields, then the one the most pending rules wait on, then the earliest in the questionnaire: the
order is deterministic.

Examples:
    >>> from advisor.advice.session import open_session
    >>> choose = make_chooser(open_session(), "en")
    >>> choose({}, [])
    ('company_name', 'Asked first: the name titles your report.')
    >>> question, why = choose({"company_name": "Acme"}, ["company_name"])
    >>> question, why.split(",")[0]
    ('use_cases', 'Asked because it can change the top direction')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.advice.scoring import normalise_weights, score_directions
from advisor.advice.session import Session
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


def pick(state: Situation) -> Pick | None:
    """The question to ask next (see the module), or None when nothing left can change the
    headline."""
    if state.uncertainty.settled:
        return None
    deciders = state.uncertainty.deciders()
    waiting: dict[str, int] = {}
    for p in state.out.pending:
        for q in p.depends_on:
            waiting[q] = waiting.get(q, 0) + 1
    best: tuple[int, int, int] | None = None
    chosen: Pick | None = None
    for n, qid in enumerate(state.askable):
        fields = deciders.get(qid)
        if not fields:
            continue
        key = (-len(fields), -waiting.get(qid, 0), n)
        if best is None or key < best:
            best, chosen = key, Pick(qid, tuple(fields))
    return chosen


def why_asked(fields: Sequence[str], lang: Lang) -> str:
    """ "Asked because it can change the EU AI Act tier and GPAI status." in ``lang``."""
    words: Mapping[str, str] = words_for(lang)["unsure"]  # type: ignore[assignment]
    names = [words[f"field_{f}"] for f in HEADLINE_FIELDS if f in fields]
    return words["why"].format(fields=words["sep"].join(names))


def make_chooser(session: Session, lang: Lang) -> Chooser:
    """The chooser ``advisor ask --adaptive`` asks with (see :func:`pick`)."""

    def choose(answers: Mapping[str, Any], asked: Sequence[str]) -> tuple[str, str] | None:
        if "company_name" not in answers:  # it titles the report: always first
            return "company_name", words_for(lang)["unsure"]["why_name"]
        found = pick(situation(session, answers))
        return None if found is None else (found.question, why_asked(found.fields, lang))

    return choose
