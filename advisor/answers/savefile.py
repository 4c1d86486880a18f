"""What ``advisor ask`` does with a save file left by an earlier run: saved answers are never lost.

* ``--resume``: continue from it;
* ``--restart``: move it aside to ``<name>.bak`` and start afresh;
* neither, on a terminal: ask whether to continue, start over (keeping the ``.bak``) or stop;
* neither, off a terminal: refuse, naming the two commands to choose from.

And reading and writing the file itself: a (possibly incomplete) answers file checked key by
key (:func:`check_partial_answers`, :func:`load_partial_answers`) and the atomic save after each
answer (:func:`save_answers`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from advisor.answers.profile import (
    UNKNOWN_ANSWER,
    apply_replacements,
    asked_in,
    build_profile,
    is_unknown,
    read_answers_mapping,
)
from advisor.errors import AnswersError, Problem, UserError
from advisor.files.atomic import write_text_atomic
from advisor.files.yamlio import Marks, dump_yaml, to_json_text
from advisor.kb.coercion import coerce_answer
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

if TYPE_CHECKING:
    from advisor.kb.base import KnowledgeBase

__all__ = [
    "Start",
    "backup_path",
    "check_partial_answers",
    "choose_start",
    "keep_backup",
    "load_partial_answers",
    "load_save_file",
    "save_answers",
]


class Start(Enum):
    """How a questionnaire run begins."""

    FRESH = "fresh"  #: no answers from an earlier run (none there, or moved to the .bak)
    RESUME = "resume"  #: from the answers in the save file


class Stopped(UserError):
    """The person chose to stop rather than touch the saved answers."""


def _t(key: str, lang: Lang, **fields: Any) -> str:
    words: Mapping[str, object] = words_for(lang)["ask"]
    text = str(words[key])
    return text.format(**fields) if fields else text


def backup_path(save_path: Path) -> Path:
    """Where the answers of an earlier run go when the person starts over: ``NAME.bak``."""
    return save_path.with_name(save_path.name + ".bak")


def keep_backup(save_path: Path) -> Path:
    """Move the save file to :func:`backup_path` (replacing an older backup); return that path.

    Raises:
        UserError: the file cannot be moved.
    """
    bak = backup_path(save_path)
    try:
        os.replace(save_path, bak)
    except OSError as exc:
        raise UserError(f"{save_path}: cannot move it to {bak}: {exc.strerror or exc}") from None
    return bak


def _count(save_path: Path) -> int:
    """About how many answers the file holds (lines of ``key: value``; for the prompt only)."""
    try:
        with save_path.open(encoding="utf-8", errors="replace") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return 0
    if save_path.suffix.lower() == ".json":
        return head.count('":')
    return sum(1 for line in head.splitlines() if line[:1].isalpha() and ":" in line)


def choose_start(
    save_path: Path,
    *,
    resume: bool,
    restart: bool,
    terminal: bool,
    lang: Lang = "en",
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> Start:
    """Decide how to begin, given what sits at ``save_path`` (see the module docstring).

    Args:
        save_path: the questionnaire's save file.
        resume, restart: the ``--resume`` and ``--restart`` flags (not both).
        terminal: whether a person can be asked (stdin and stdout are terminals).
        lang: the language of the prompt and messages.
        stdin, stdout: where the prompt is read and written.

    Raises:
        UserError: both flags; off a terminal with a save file and neither flag (the message
            names ``--resume`` and ``--restart``); the person chose to stop; input ended.
    """
    if resume and restart:
        raise UserError("--resume and --restart exclude each other; give one of them")
    if resume:
        return Start.RESUME
    if not os.path.lexists(save_path):
        return Start.FRESH
    bak = backup_path(save_path)
    if restart:
        keep_backup(save_path)
        return Start.FRESH
    if not terminal or stdin is None or stdout is None:
        raise UserError(_t("saved_refuse", lang, path=save_path, bak=bak))
    stdout.write(_t("saved_found", lang, path=save_path, n=_count(save_path)) + "\n")
    stdout.write(_t("saved_choices", lang, bak=bak) + "\n")
    while True:
        stdout.write(_t("saved_prompt", lang))
        stdout.flush()
        line = stdin.readline()
        if not line:
            raise Stopped(_t("saved_kept", lang, bak=save_path))
        pick = line.strip().lower()[:1]
        if pick in ("c", "y"):
            return Start.RESUME
        if pick == "s":
            keep_backup(save_path)
            stdout.write(_t("saved_kept", lang, bak=bak) + "\n")
            return Start.FRESH
        if pick in ("q", "n"):
            raise Stopped(_t("saved_kept", lang, bak=save_path))
        stdout.write(f"  ! {_t('saved_bad', lang, raw=line.strip())}\n")


# --- answers in and out of the save file ---------------------------------------------------------


def check_partial_answers(
    kb: KnowledgeBase,
    raw: Mapping[str, Any],
    *,
    path: str = "answers",
    marks: Marks | None = None,
) -> dict[str, Any]:
    """Check answers that may be incomplete; return them canonical, in question order.

    Like :func:`build_profile` with ``use_defaults=False``, except that a missing answer is no
    problem (the questionnaire asks it). An unknown id or an invalid value is, also for a question
    that is not applicable now. A ``None`` value stands for "asked, left unanswered";
    :data:`~advisor.answers.profile.UNKNOWN_ANSWER` for "not sure" (kept as it is).

    Raises:
        AnswersError: every problem, each naming the key, its line and what is allowed.

    Examples:
        >>> from advisor.kb.load import load_knowledge
        >>> try:
        ...     check_partial_answers(load_knowledge(), {"team_size": "3"})
        ... except AnswersError as exc:
        ...     print(exc.problems[0].key, exc.problems[0].message, exc.problems[0].allowed)
        team_size expected an integer, got '3' ('an integer from 1 to 100000', 'unknown (not sure)')
        >>> check_partial_answers(load_knowledge(), {"team_size": 3.0})
        {'team_size': 3}
    """
    marks = marks or Marks()
    raw, _notes = apply_replacements(kb, raw)  # build_profile notes them
    problems: list[Problem] = []
    try:
        build_profile(kb, raw, path=path, marks=marks, use_defaults=False)
    except AnswersError as exc:  # keep all but "is missing": the missing ones are what we ask
        problems.extend(
            p for p in exc.problems if p.key not in kb.questions or raw.get(p.key) is not None
        )
    reported = {p.key for p in problems}
    out: dict[str, Any] = {}
    for q in kb.questions.values():
        if q.id not in raw:
            continue
        value = raw[q.id]
        if value is None:
            out[q.id] = None
            continue
        if is_unknown(value):  # "not sure" (build_profile refuses it for the company name)
            out[q.id] = q.unsure_value or UNKNOWN_ANSWER
            continue
        try:
            out[q.id] = coerce_answer(q, value)
        except ValueError as exc:  # a question build_profile skipped as not applicable
            if q.id not in reported:
                line, col = marks.find((q.id,))
                problems.append(Problem(path, line, col, q.id, str(exc), q.values))
    if problems:
        raise AnswersError(problems)
    return out


def load_partial_answers(kb: KnowledgeBase, path: Path) -> dict[str, Any]:
    """Read a (possibly incomplete) answers file: a save file, or ``--answers`` before asking.

    Raises:
        AnswersError: the file cannot be read or parsed, is not a mapping, or holds unknown ids or
            invalid values (all of them reported together).
    """
    doc = read_answers_mapping(kb, path)
    return check_partial_answers(kb, doc.data, path=doc.path, marks=doc.marks)


def load_save_file(kb: KnowledgeBase, path: Path) -> tuple[dict[str, Any], list[str]]:
    """A save file to resume: its answers (as :func:`load_partial_answers`) and the questions
    an adaptive run asked, in order (its ``_asked`` list; empty when it has none).

    Raises:
        AnswersError: as :func:`load_partial_answers`; or ``_asked`` is not a list of question
            ids, each once.
    """
    doc = read_answers_mapping(kb, path)
    answers = check_partial_answers(kb, doc.data, path=doc.path, marks=doc.marks)
    return answers, asked_in(doc, list(kb.questions))


_SAVE_HEADER = "# Answers saved by the advisor questionnaire as they were given (resumable).\n"


def save_answers(path: Path, answers: Mapping[str, Any]) -> None:
    """Write answers atomically: JSON for a ``.json`` path, YAML otherwise.

    Raises:
        UserError: the folder does not exist or cannot be written.
    """
    data = dict(answers)
    if path.suffix.lower() == ".json":
        write_text_atomic(path, to_json_text(data))
    else:
        write_text_atomic(path, _SAVE_HEADER + dump_yaml(data))


# --- showing values and ranges --------------------------------------------------------------------
