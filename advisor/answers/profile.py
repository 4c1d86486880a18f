"""Answers: checked against the questions, turned into a :class:`Profile` the engine reads.

An answers file is a YAML or JSON mapping ``question id -> value``. Every problem of a file is
reported together, each naming the key, the line, what is wrong and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from advisor.errors import AnswersError, Problem
from advisor.files.datafile import load_data_file
from advisor.files.yamlio import Loaded, Marks, YamlProblem
from advisor.kb.coercion import allowed_values, coerce_answer
from advisor.kb.records import Question
from advisor.rules.kleene import Check3, compile_condition3
from advisor.words.catalog import CATALOG

if TYPE_CHECKING:
    from advisor.kb.base import KnowledgeBase

__all__ = [
    "ASKED_KEY",
    "RESERVED_KEYS",
    "TITLE_QUESTION",
    "UNKNOWN_ANSWER",
    "VERSION_KEY",
    "Profile",
    "applicability",
    "apply_replacements",
    "asked_in",
    "build_profile",
    "is_applicable",
    "is_unknown",
    "load_answers_file",
    "parse_text_answer",
    "typed_unknown",
    "typed_yes_no",
]


#: The answer "not sure", valid for every question type but the company name's: in an answers
#: file the string ``unknown``; such a question is neither answered nor defaulted, its id is in
#: :attr:`Profile.unknown`.
UNKNOWN_ANSWER = "unknown"

#: The question that titles the report: it cannot be answered "not sure".
TITLE_QUESTION = "company_name"


def is_unknown(value: object) -> bool:
    """Whether ``value`` is the answer "not sure" (``unknown``, in any case, spaces around).

    >>> is_unknown("unknown"), is_unknown(" Unknown "), is_unknown("seed"), is_unknown(None)
    (True, True, False, False)
    """
    return isinstance(value, str) and value.strip().lower() == UNKNOWN_ANSWER


@dataclass(frozen=True)
class Profile:
    """Validated answers. ``answers`` holds only applicable questions' values.

    ``unknown`` lists, in questionnaire order, the questions answered "not sure" (or not asked
    by an adaptive run that stopped, or follow-ups whose ``when`` reads such an answer and that
    have no answer of their own); they are in neither ``answers`` nor ``defaulted``. ``asked``
    lists the questions an adaptive run asked, in the order it asked them (empty otherwise).
    """

    answers: Mapping[str, Any]
    defaulted: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = field(default=())
    unknown: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return self.answers.get(key, default)


# a typed yes or no is understood in every language, whatever the questionnaire's language
_TRUE = {w for words in CATALOG.values() for w in words["ask"]["yes_answers"].split()}
_FALSE = {w for words in CATALOG.values() for w in words["ask"]["no_answers"].split()}


#: a typed "not sure", in any language (the catalog's ``unknown_answers``, comma-separated)
_UNKNOWN_WORDS = {
    w.strip().lower()
    for words in CATALOG.values()
    for w in words["ask"]["unknown_answers"].split(",")
    if w.strip()
} | {UNKNOWN_ANSWER}


def typed_unknown(text: str) -> bool:
    """Whether ``text`` typed at a prompt means "not sure" (in any language).

    >>> typed_unknown(" Not sure "), typed_unknown("不确定"), typed_unknown("seed")
    (True, True, False)
    """
    return " ".join(text.split()).lower() in _UNKNOWN_WORDS


def typed_yes_no(text: str) -> bool | None:
    """A typed yes (True) or no (False) in any language; ``None`` for anything else.

    >>> typed_yes_no("Y"), typed_yes_no("否"), typed_yes_no("maybe")
    (True, False, None)
    """
    low = text.strip().lower()
    return True if low in _TRUE else False if low in _FALSE else None


def parse_text_answer(q: Question, text: str) -> Any:
    """Parse what a person typed at a plain prompt, then :func:`coerce_answer` it.

    A typed "not sure" (:func:`typed_unknown`) is :data:`UNKNOWN_ANSWER`, for every question
    but :data:`TITLE_QUESTION`.
    """
    raw = text.strip()
    if typed_unknown(raw):
        if q.id == TITLE_QUESTION:
            raise ValueError("the company name titles the report, so it cannot be unknown")
        return UNKNOWN_ANSWER
    if q.type == "int":
        try:
            return coerce_answer(q, int(raw.replace("_", "").replace(",", "")))
        except ValueError as exc:
            if "expected" in str(exc) or not re.fullmatch(r"-?[\d_,]+", raw):
                raise ValueError(f"{raw!r} is not an integer") from None
            raise
    if q.type == "float":
        try:
            number = float(raw.replace("_", "").replace(",", ""))
        except ValueError:
            raise ValueError(f"{raw!r} is not a number (1e24 and 0.5 are)") from None
        return coerce_answer(q, number)
    if q.type == "bool":
        low = raw.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise ValueError(f"{raw!r} is not yes or no")
    if q.type == "multi":
        parts = [p.strip() for p in re.split(r"[,\s]+", raw) if p.strip()]
        if any(typed_unknown(p) for p in parts) or any(
            typed_unknown(p) for p in re.split(r"\s*,\s*", raw)
        ):
            raise ValueError(f"{raw!r}: 'not sure' cannot be combined with other choices")
        return coerce_answer(q, [_by_number(q, p) for p in parts])
    if q.type == "choice":
        return coerce_answer(q, _by_number(q, raw))
    return coerce_answer(q, raw)


def _by_number(q: Question, token: str) -> str:
    if token.isdigit() and 1 <= int(token) <= len(q.choices):
        return q.choices[int(token) - 1].value
    return token


def is_applicable(q: Question, answers: Mapping[str, Any]) -> bool:
    """Whether ``q`` is asked, given the answers so far, none of them "not sure"."""
    return applicability(q, answers, ()) is True


_WHEN3: dict[int, tuple[Question, Check3]] = {}


def applicability(q: Question, answers: Mapping[str, Any], unknown: Collection[str]) -> bool | None:
    """Whether ``q`` is asked, three-valued: ``None`` when its ``when`` reads an answer in
    ``unknown`` and the known answers do not settle it (Kleene logic, compiled once)."""
    if q.when is None:
        return True
    hit = _WHEN3.get(id(q))
    if hit is None or hit[0] is not q:
        hit = (q, compile_condition3(q.when))
        _WHEN3[id(q)] = hit
    return hit[1](answers, unknown)


def build_profile(
    kb: KnowledgeBase,
    raw: Mapping[str, Any],
    *,
    path: str = "answers",
    marks: Marks | None = None,
    use_defaults: bool = True,
) -> Profile:
    """Validate raw answers against the questions; raise :class:`AnswersError` with all problems.

    Missing answers take their question's default when ``use_defaults`` (recorded in
    ``Profile.defaulted``); otherwise a missing required answer is a problem. The answer
    :data:`UNKNOWN_ANSWER` ("not sure") is valid for every question but :data:`TITLE_QUESTION`:
    it goes to ``Profile.unknown``, as does a follow-up whose ``when`` is unknown and that has
    no answer of its own (one it has is kept: the founder knows it).
    """
    marks = marks or Marks()
    raw, notes = apply_replacements(kb, raw)
    problems: list[Problem] = []
    ids = list(kb.questions)
    for key in raw:
        if key not in kb.questions:
            line, col = marks.find((key,))
            import difflib  # only for the message of an unknown question id

            close = difflib.get_close_matches(str(key), ids, n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            problems.append(
                Problem(path, line, col, str(key), f"unknown question id{hint}", tuple(ids))
            )
    answers: dict[str, Any] = {}
    defaulted: list[str] = []
    skipped: list[str] = []
    ignored: list[str] = []
    unknown: list[str] = []
    for q in kb.questions.values():
        applies = applicability(q, answers, unknown)
        if applies is False:
            skipped.append(q.id)
            if q.id in raw:
                ignored.append(q.id)
            continue
        value = raw.get(q.id)
        if is_unknown(value) and q.unsure_value is not None:
            value = q.unsure_value  # this question's own "not sure": its rules say what it means
        if is_unknown(value):
            if q.id == TITLE_QUESTION:
                line, col = marks.find((q.id,))
                problems.append(Problem(path, line, col, q.id, _TITLE_UNKNOWN, allowed_values(q)))
            else:
                unknown.append(q.id)
            continue
        if value is not None:
            try:
                answers[q.id] = coerce_answer(q, value)
            except ValueError as exc:
                line, col = marks.find((q.id,))
                problems.append(Problem(path, line, col, q.id, str(exc), _allowed(q)))
        elif applies is None:  # a follow-up of a "not sure" answer, without an answer of its own
            unknown.append(q.id)
        elif use_defaults and q.default is not None:
            answers[q.id] = coerce_answer(q, q.default)
            defaulted.append(q.id)
        elif q.required:
            problems.append(Problem(path, 0, 0, q.id, "is missing and has no default", _allowed(q)))
    if problems:
        raise AnswersError(problems)
    return Profile(
        MappingProxyType(answers),
        tuple(defaulted),
        tuple(skipped),
        tuple(ignored),
        path,
        notes=tuple(notes),
        unknown=tuple(unknown),
    )


def _allowed(q: Question) -> tuple[str, ...]:
    """What an answers file may give ``q``: its values, and "not sure" but for the title."""
    found = allowed_values(q)
    if q.id == TITLE_QUESTION:
        return found
    return (*found, f"{UNKNOWN_ANSWER} (not sure)") if found else found


_TITLE_UNKNOWN = (
    f"cannot be {UNKNOWN_ANSWER!r}: the company name titles the report; give the name (any text)"
)


#: the key under which ``advisor ask`` records the knowledge version in an answers file (no
#: question id can start with "_", so it never clashes with one)
VERSION_KEY = "_knowledge_version"
#: the key under which an adaptive ``advisor ask`` records the questions it asked, in order, so
#: that ``--resume`` goes on counting them
ASKED_KEY = "_asked"
#: keys of an answers file that are not answers
RESERVED_KEYS = (VERSION_KEY, ASKED_KEY)


def apply_replacements(
    kb: KnowledgeBase, raw: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Answers under a replaced question's id moved to the question that ``replaces`` it.

    A question may declare ``replaces: OLD_ID`` and ``replaces_values: {old: new}``; an answer
    given under ``OLD_ID`` becomes this question's answer, its value (or each value of a list)
    mapped. Returns the new mapping (without the :data:`RESERVED_KEYS`) and one note per old id.
    An answer under the new id wins over one under the old id.
    """
    out = {k: v for k, v in raw.items() if k not in RESERVED_KEYS}
    notes: list[str] = []
    for q in kb.questions.values():
        old = q.replaces
        if old is None or old not in out or old in kb.questions:
            continue
        value = out.pop(old)
        mapping = q.replaces_values
        if isinstance(value, list | tuple):
            mapped: Any = []
            for v in value:
                new = mapping.get(v, v) if isinstance(v, str) else v
                mapped.extend(new if isinstance(new, list | tuple) else [new])
            mapped = list(dict.fromkeys(mapped))
        else:
            mapped = mapping.get(value, value) if isinstance(value, str) else value
        if q.id in out:
            notes.append(f"{old!r} is now {q.id!r}; the answer under {q.id!r} is kept")
            continue
        out[q.id] = mapped
        shown = f" ({value!r} read as {mapped!r})" if mapped != value else ""
        notes.append(
            f"{old!r} is now {q.id!r}{shown}; `advisor answers migrate FILE` rewrites the file"
        )
    return out, notes


def read_answers_mapping(kb: KnowledgeBase, path: Path) -> Loaded:
    """Read an answers file (YAML or JSON) that must hold a mapping of question id to answer;
    the values are not checked yet (that is for the caller: a profile, a partial file, a
    migration).

    Raises:
        AnswersError: the file cannot be read or parsed, or is not a mapping.
    """
    try:
        doc = load_data_file(path)
    except YamlProblem as exc:
        raise AnswersError(exc.problems) from None
    if not isinstance(doc.data, dict):
        raise AnswersError(
            [
                Problem(
                    doc.path,
                    1,
                    1,
                    message="an answers file is a mapping of question id to answer",
                    allowed=tuple(kb.questions),
                )
            ]
        )
    return doc


def load_answers_file(kb: KnowledgeBase, path: Path, *, use_defaults: bool = True) -> Profile:
    """Read a YAML or JSON answers file and validate it; the questions an adaptive run asked
    (its ``_asked``, :func:`asked_in`) become ``Profile.asked``."""
    doc = read_answers_mapping(kb, path)
    profile = build_profile(kb, doc.data, path=doc.path, marks=doc.marks, use_defaults=use_defaults)
    if ASKED_KEY not in doc.data:
        return profile
    return replace(profile, asked=tuple(asked_in(doc, list(kb.questions))))


def asked_in(doc: Loaded, questions: Collection[str]) -> list[str]:
    """The ``_asked`` list of an answers file (:data:`ASKED_KEY`): the questions an adaptive
    run asked, in order; empty when the file has none. (An asked question may lack an answer
    in the file: an oracle's default is left out, as an answers file leaves defaults out.)

    Raises:
        AnswersError: it is not a list of ids of ``questions``, each once (named with its file,
            line and item).
    """
    raw = doc.data.get(ASKED_KEY)
    if raw is None:
        return []
    line, col = doc.marks.find((ASKED_KEY,))
    wrong = None
    if not isinstance(raw, list):
        wrong = f"must be a list of question ids, got {type(raw).__name__}"
    else:
        for n, qid in enumerate(raw):
            if not isinstance(qid, str) or qid not in questions:
                line, col = doc.marks.find((ASKED_KEY, n))
                wrong = f"item {n + 1} ({qid!r}) is not a question id"
                break
            if qid in raw[:n]:
                line, col = doc.marks.find((ASKED_KEY, n))
                wrong = f"item {n + 1} ({qid!r}) repeats an earlier one"
                break
    if wrong is not None:
        raise AnswersError([Problem(doc.path, line, col, ASKED_KEY, wrong, tuple(questions))])
    return list(raw)
