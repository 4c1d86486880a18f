"""The questionnaire: ask what is missing, save each answer at once, review, return a Profile.

Three faces (:mod:`advisor.answers.prompters`) share one flow:

* **interactive** (questionary on a terminal): arrow-key select for a choice or a bool,
  checkboxes for a multi, validated text for text, int and float;
* **plain** line prompts (stdin is a pipe or a file, or ``interactive=False``): numbered choices,
  a multi as comma- or space-separated numbers or values, ``y``/``n`` for a bool, an empty line
  takes the default shown in brackets;
* **oracle** (``oracle=FILE``): no prompts, every answer from a full answers file.

Every question but the company name takes "not sure" (a choice, or ``not sure`` typed), kept
as :data:`~advisor.answers.profile.UNKNOWN_ANSWER`. An **adaptive** run (``chooser=``) asks the
questions a :data:`Chooser` picks, one by one, with why (``why`` typed at a plain prompt), until
nothing left can change the headline; then it offers the rest, and the questions it leaves
unasked are "not sure".

A wrong answer is asked again with its reason (the :class:`ValueError` of
:func:`~advisor.answers.profile.parse_text_answer` /
:func:`~advisor.kb.coercion.coerce_answer`). Every
accepted answer is written at once to the save file, atomically, so Ctrl-C loses nothing and a
later run with ``resume=True`` continues where the last one stopped.

Questions are walked in knowledge order; a question whose ``when`` is false given the earlier
answers is skipped and any answer it had is dropped (that is how :func:`build_profile` reads them).

Examples:
    >>> import io
    >>> from advisor.kb.load import load_knowledge
    >>> kb = load_knowledge()
    >>> typed = io.StringIO("Acme\\n" + "\\n" * 40)   # a name, then the default everywhere
    >>> profile = run_questionnaire(kb, stdin=typed, stdout=io.StringIO(), review=False)
    >>> profile.answers["company_name"], profile.answers["industry"]
    ('Acme', 'general_software')
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TextIO

from advisor.answers.profile import (
    ASKED_KEY,
    TITLE_QUESTION,
    UNKNOWN_ANSWER,
    VERSION_KEY,
    Profile,
    applicability,
    build_profile,
    is_unknown,
)
from advisor.answers.prompters import Oracle, Plain, Prompter, Terminal, isatty
from advisor.answers.savefile import (
    check_partial_answers,
    keep_backup,
    load_partial_answers,
    load_save_file,
    save_answers,
)
from advisor.errors import UserError
from advisor.kb.records import Question
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

if TYPE_CHECKING:
    from advisor.kb.base import KnowledgeBase

__all__ = [
    "Chooser",
    "check_partial_answers",
    "load_partial_answers",
    "run_questionnaire",
    "save_answers",
]

#: Picks the next question of an adaptive run: given the answers so far ("not sure" ones as
#: :data:`~advisor.answers.profile.UNKNOWN_ANSWER`) and the ids asked so far, the id of the
#: question to ask next and why (a short sentence in the prompts' language), or ``None`` when
#: nothing left to ask can change the headline conclusions.
Chooser = Callable[[Mapping[str, Any], Sequence[str]], tuple[str, str] | None]


def _t(key: str, lang: Lang, **fields: Any) -> str:
    """The questionnaire's words for ``key`` (:mod:`advisor.words`), with ``fields`` filled in."""
    words: Mapping[str, object] = words_for(lang)["ask"]
    text = str(words[key])
    return text.format(**fields) if fields else text


# --- the flow ---------------------------------------------------------------------------------


#: (questions, why) for each contradiction in a set of answers, in the prompts' language
CheckAnswers = Callable[[Mapping[str, Any]], Sequence[tuple[str, str]]]


class _Flow:
    def __init__(
        self,
        kb: KnowledgeBase,
        answers: dict[str, Any],
        save_path: Path | None,
        prompter: Prompter,
        lang: Lang,
        check: CheckAnswers | None = None,
    ) -> None:
        self.questions = list(kb.questions.values())
        self.by_id = dict(kb.questions)
        self.version = kb.version
        self.answers = answers
        #: answered beforehand (an answers file): not asked, so not counted
        self.given: frozenset[str] = frozenset()
        self.save_path = save_path
        self.prompter = prompter
        self.lang = lang
        self.check = check
        #: the questions an adaptive run asked, in order
        self.asked: list[str] = []
        self.adaptive = False  # while the chooser picks: numbered by how many were asked

    def save(self) -> None:
        if self.save_path is not None:
            order = {q.id: i for i, q in enumerate(self.questions)}
            ordered = sorted(self.answers.items(), key=lambda kv: order.get(kv[0], len(order)))
            # the knowledge version first: `advisor answers migrate` knows what the file was for
            asked = {ASKED_KEY: list(self.asked)} if self.asked else {}
            save_answers(self.save_path, {VERSION_KEY: self.version, **asked, **dict(ordered)})

    def walk(self, value_of: Callable[[Question], Any]) -> Iterator[tuple[Question, bool | None]]:
        """Each question with whether it applies (three-valued) given the values before it:
        ``value_of(q)`` is read after the caller had its turn with ``q`` (it may ask it). An
        answer "not sure", or none to a question whose applicability is unknown, is unknown."""
        seen: dict[str, Any] = {}
        unknown: list[str] = []
        for q in self.questions:
            applies = applicability(q, seen, unknown)
            yield q, applies
            if applies is False:
                continue
            value = value_of(q)
            if is_unknown(value) or (applies is None and value is None):
                unknown.append(q.id)
            elif value is not None:
                seen[q.id] = value

    def needs_answer(self, q: Question) -> bool:
        """Not answered yet (an optional question asked and left unanswered counts as answered)."""
        return self.answers.get(q.id) is None and (q.required or q.id not in self.answers)

    def position(self, q: Question) -> tuple[int, int]:
        """``q``'s number among the questions this run asks, and how many it asks as things
        stand: the questions whose ``when`` holds on the answers so far (defaults standing in
        for questions not reached yet), less those answered beforehand (an answers file). The
        total moves as answers open or close follow-up questions. While an adaptive run's
        chooser picks, the number is how many were asked and the total is 0 (not known)."""
        if self.adaptive:
            return len(self.asked) + 1, 0
        asked: list[str] = []
        for x, applies in self.walk(lambda x: self.answers.get(x.id, x.default)):
            if applies and (x.id not in self.given or x.id == q.id):
                asked.append(x.id)
        if q.id not in asked:  # asked although closed (cannot happen in fill): count it last
            asked.append(q.id)
        return asked.index(q.id) + 1, len(asked)

    def next_question(self) -> Question | None:
        """The first question :meth:`fill` will ask, if any."""
        for q, applies in self.walk(lambda q: self.answers.get(q.id)):
            if applies and self.needs_answer(q):
                return q
        return None

    def resuming(self, count: int, path: Path | None, *, adaptive: bool = False) -> str:
        """What a resumed run says first: how many answers it loaded and what comes next (an
        adaptive run picks its next question from them)."""
        if adaptive:
            return _t("resuming_adaptive", self.lang, count=count, path=path, asked=len(self.asked))
        q = self.next_question()
        if q is None:
            return _t("resuming_done", self.lang, count=count, path=path)
        number, total = self.position(q)
        prompt = q.prompt.get(self.lang)
        return _t(
            "resuming", self.lang, count=count, path=path, number=number, total=total, prompt=prompt
        )

    def ask(
        self, q: Question, default: Any, why: str | None = None, *, chosen: bool = False
    ) -> None:
        """Ask ``q`` and save its answer; ``chosen``: an adaptive pick, counted in ``asked``."""
        pos = self.position(q)
        try:
            value = self.prompter.ask(q, default, pos, why)
        except EOFError:
            where = (
                f"the answers so far are saved in {self.save_path}; continue with --resume"
                if self.save_path is not None
                else "the answers so far were not saved"
            )
            raise UserError(
                f"input ended while asking {q.id} ({q.prompt.get(self.lang)!r}); {where}"
            ) from None
        if is_unknown(value) and q.unsure_value is not None:
            value = q.unsure_value  # "not sure" typed where the question has its own
        self.answers[q.id] = value
        if chosen:
            self.asked.append(q.id)
        self.save()

    def fill(self) -> None:
        """Ask every applicable question without an answer; drop the answers of the others.

        A question whose applicability is unknown (its ``when`` reads a "not sure" answer) is
        not asked: without an answer it is unknown too."""
        for q, applies in self.walk(lambda q: self.answers.get(q.id)):
            if applies is False:
                if q.id in self.answers:
                    del self.answers[q.id]
                    self.save()
                continue
            if applies and self.needs_answer(q):
                self.ask(q, q.default)

    def remaining(self) -> list[Question]:
        """The questions :meth:`fill` would ask now."""
        return [
            q
            for q, applies in self.walk(lambda q: self.answers.get(q.id))
            if applies and self.needs_answer(q)
        ]

    def choose(self, chooser: Chooser, ask_all_after: bool | None) -> None:
        """The adaptive run: ask what ``chooser`` picks until it has nothing to pick, then
        offer the rest (``ask_all_after`` answers the offer: yes, no, or ask); the questions
        left unasked are "not sure". The company name comes first: it titles the report."""
        title = self.by_id.get(TITLE_QUESTION)
        self.adaptive = True
        try:
            if title is not None and self.needs_answer(title):
                self.ask(title, title.default, chosen=True)
            while True:
                so_far = {k: v for k, v in self.answers.items() if v is not None}
                pick = chooser(MappingProxyType(so_far), tuple(self.asked))
                if pick is None:
                    break
                qid, why = pick
                q = self.by_id.get(qid)
                if q is None or qid in self.asked:
                    what = "no question" if q is None else "asked already"
                    raise ValueError(f"the chooser picked {qid!r}, which is {what}")
                current = self.answers.get(qid)
                start = q.default if current is None or is_unknown(current) else current
                self.ask(q, start, why, chosen=True)
        finally:
            self.adaptive = False
        rest = self.remaining()
        self.prompter.note([_t("adaptive_stop", self.lang, n=len(rest))])
        if not rest:
            return
        go_on = ask_all_after
        if go_on is None:
            go_on = self.prompter.confirm(_t("adaptive_more", self.lang, n=len(rest)))
        if go_on:
            self.fill()
            return
        for q in rest:
            if q.id != TITLE_QUESTION:
                self.answers[q.id] = UNKNOWN_ANSWER
        self.fill()  # drops the answers of questions closed meanwhile; asks nothing new
        self.save()

    def review(self) -> None:
        """Show every answer; change the one picked, re-check ``when``; until accepted."""
        while True:
            rows = [(q, self.answers[q.id]) for q in self.questions if q.id in self.answers]
            if not rows:
                return
            found = self.check(self.answers) if self.check is not None else ()
            if found:
                self.prompter.note(
                    [_t("to_check", self.lang), *(f"  ! {what}: {why}" for what, why in found)]
                )
            pick = self.prompter.review(rows)
            if pick is None:
                return
            q, current = rows[pick]
            self.ask(q, q.default if current is None or is_unknown(current) else current)
            self.fill()


def run_questionnaire(
    kb: KnowledgeBase,
    *,
    lang: Lang = "en",
    initial: Mapping[str, Any] | None = None,
    save_path: Path | None = None,
    resume: bool = False,
    review: bool = True,
    check: CheckAnswers | None = None,
    interactive: bool | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    chooser: Chooser | None = None,
    ask_all_after: bool | None = None,
    oracle: Path | None = None,
) -> Profile:
    """Ask the questions not answered yet, save as we go, review, and return the Profile.

    Args:
        kb: the knowledge; its questions are asked in order.
        lang: the language of prompts, help and labels.
        initial: answers given beforehand (an answers file); these are not asked.
        save_path: where every accepted answer is written at once (``.json``: JSON, else YAML).
            Without ``resume`` an existing file there is first moved to ``NAME.bak``
            (:mod:`advisor.answers.savefile`; the CLI asks before that).
        resume: start from the answers in ``save_path`` (when it exists; else start afresh);
            they win over ``initial``.
        review: after the last question, show all answers and let the user change any.
        check: at each review, the answers that contradict each other (questions, why) to
            show above the list (the CLI runs the knowledge's ``check_answers`` rules).
        interactive: questionary prompts (True), plain line prompts (False), or pick by whether
            stdin and stdout are terminals (None).
        stdin, stdout: the streams to use (default: the process's own); interactive prompts
            need terminal streams.
        chooser: an adaptive run: ask the company name, then the question ``chooser`` picks,
            again and again, until it picks none; then say so and offer the rest. Questions left
            unasked are answered "not sure" (``Profile.unknown``); ``Profile.asked`` lists the
            questions asked, in order.
        ask_all_after: the answer to that offer: yes (True), no (False), ask (None; no with
            ``oracle``).
        oracle: answer every question asked from this answers file instead of prompting
            (checked like any answers file; a question it lacks takes its default); never
            reviews. Notes go to ``stdout``.

    Raises:
        AnswersError: ``initial``, the resumed save file or ``oracle`` holds unknown ids or
            invalid values.
        UserError: input ended before every question was answered (names the question and the
            save file), standard input is closed, the save file cannot be written, or
            ``oracle`` lacks an answer to a question without a default.
        KeyboardInterrupt: passed on; every answer given so far is already saved.
    """
    inp = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    if out is None or (oracle is None and (inp is None or getattr(inp, "closed", False))):
        raise UserError(_t("stdin_closed", lang))
    if interactive is None:
        interactive = oracle is None and isatty(inp) and isatty(out)
    prompter: Prompter
    if oracle is not None:
        prompter = Oracle(load_partial_answers(kb, oracle), oracle, out)
        review = False
        ask_all_after = bool(ask_all_after)
    elif interactive:
        prompter = Terminal(stdin, stdout, lang)
    else:
        prompter = Plain(inp, out, lang)
    answers: dict[str, Any] = {}
    if initial:
        answers.update(check_partial_answers(kb, initial))
    resumed = 0
    asked: list[str] = []
    if resume and save_path is not None and save_path.exists():
        loaded, asked = load_save_file(kb, save_path)
        answers.update(loaded)
        resumed = len(loaded)
    elif save_path is not None and os.path.lexists(save_path):
        keep_backup(save_path)  # an earlier run's answers are never overwritten: NAME.bak
    flow = _Flow(kb, answers, save_path, prompter, lang, check)
    flow.given = frozenset(initial or ())
    if chooser is not None:  # an adaptive run goes on counting what it asked before
        flow.asked = asked
    if resumed:
        prompter.note([flow.resuming(resumed, save_path, adaptive=chooser is not None)])
    flow.save()
    if chooser is not None:
        flow.choose(chooser, ask_all_after)
    flow.fill()
    if review:
        flow.review()
    if isinstance(prompter, Oracle) and prompter.defaulted:
        # defaults the oracle took are assumed, as a report on its file assumes them
        for qid in prompter.defaulted:
            flow.answers.pop(qid, None)
        flow.save()
    source = str(save_path) if save_path is not None else "questionnaire"
    profile = build_profile(kb, flow.answers, path=source, use_defaults=True)
    return dataclasses.replace(profile, asked=tuple(flow.asked))
