"""The questionnaire: ask what is missing, save each answer at once, review, return a Profile.

Two faces share one flow:

* **interactive** (questionary on a terminal): arrow-key select for a choice, checkboxes for a
  multi, y/n confirm for a bool, validated text for text, int and float;
* **plain** line prompts (stdin is a pipe or a file, or ``interactive=False``): numbered choices,
  a multi as comma- or space-separated numbers or values, ``y``/``n`` for a bool, an empty line
  takes the default shown in brackets.

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

import math
import os
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from advisor.answers.profile import (
    VERSION_KEY,
    Profile,
    build_profile,
    is_applicable,
    parse_text_answer,
)
from advisor.answers.savefile import (
    check_partial_answers,
    keep_backup,
    load_partial_answers,
    save_answers,
)
from advisor.answers.show import show_answer as _show
from advisor.answers.show import show_number as _show_number
from advisor.errors import UserError
from advisor.kb.coercion import coerce_answer
from advisor.kb.recordbase import source_label
from advisor.kb.records import Question
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

if TYPE_CHECKING:
    from advisor.kb.base import KnowledgeBase

__all__ = ["check_partial_answers", "load_partial_answers", "run_questionnaire", "save_answers"]


def _t(key: str, lang: Lang, **fields: Any) -> str:
    """The questionnaire's words for ``key`` (:mod:`advisor.words`), with ``fields`` filled in."""
    words: Mapping[str, object] = words_for(lang)["ask"]
    text = str(words[key])
    return text.format(**fields) if fields else text


def _range(q: Question, lang: Lang) -> str:
    """``an integer from 1 to 100000``; empty for questions without a numeric range."""
    if q.type not in ("int", "float"):
        return ""
    kind = _t(q.type, lang)
    sep = _t("list_sep", lang)
    lo = None if q.min is None or math.isinf(q.min) else _show_number(q.min)
    hi = None if q.max is None or math.isinf(q.max) else _show_number(q.max)
    if lo is not None and hi is not None:
        return f"{kind}{sep}{_t('from_to', lang, lo=lo, hi=hi)}"
    if lo is not None:
        return f"{kind}{sep}{_t('at_least', lang, lo=lo)}"
    if hi is not None:
        return f"{kind}{sep}{_t('at_most', lang, hi=hi)}"
    return kind


def _source(source: object, lang: Lang) -> str:
    """One source as a founder reads it: ``book ch10.2``, ``GDPR Art. 4(4)``."""
    if not isinstance(source, str):
        return source_label(source)
    if source.startswith("appendix"):
        part = source.partition(".")[2]
        return _t("source_appendix", lang, part=part).strip()
    number = source.removeprefix("ch")
    key = "source_section" if "." in number else "source_chapter"
    return _t(key, lang, number=number)


def _sources_line(q: Question, lang: Lang) -> str | None:
    """``Source: book ch6.1; EU AI Act Art. 6(3)`` under a question's help; ``None`` without any."""
    if not q.sources:
        return None
    shown = _t("source_sep", lang).join(_source(s, lang) for s in q.sources)
    return _t("source_line", lang, sources=shown)


#: the width the plain review list is wrapped to (a pipe or a file has no width of its own)
REVIEW_WIDTH = 80


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """``text`` wrapped to ``width`` columns, the first line after ``indent`` and the others
    under it; a Chinese character takes two columns, and a line without spaces is cut."""
    room = max(width - len(indent), 10)
    if any(unicodedata.east_asian_width(ch) in "WF" for ch in text):
        room //= 2  # counted in characters: never wider than ``width`` columns
    rest = " " * len(indent)
    return textwrap.wrap(
        text,
        room + len(indent),
        initial_indent=indent,
        subsequent_indent=rest,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _reason(check: Callable[[], object]) -> str | None:
    """``None`` when ``check()`` passes, else its ValueError's message."""
    try:
        check()
    except ValueError as exc:
        return str(exc)
    return None


# --- the two faces ----------------------------------------------------------------------------


class _Prompter(Protocol):
    def ask(self, q: Question, default: Any, pos: tuple[int, int]) -> Any:
        """One valid answer (``None``: an optional question left unanswered).

        Raises EOFError when input ends; lets KeyboardInterrupt through.
        """

    def review(self, rows: Sequence[tuple[Question, Any]]) -> int | None:
        """The 0-based row to change, or ``None`` to accept."""

    def note(self, lines: Sequence[str]) -> None:
        """Show lines of text (no answer expected)."""


class _Plain:
    """Line prompts on any pair of text streams."""

    def __init__(self, inp: TextIO, out: TextIO, lang: Lang) -> None:
        self.inp = inp
        self.out = out
        self.lang = lang
        self.echo = not _isatty(inp)  # a terminal echoes what is typed; a pipe does not

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()

    def _readline(self, prompt: str) -> str:
        self._write(prompt)
        line = self.inp.readline()
        if not line:
            if self.echo:
                self._write("\n")
            raise EOFError
        text = line.rstrip("\r\n")
        if self.echo:
            self._write(text + "\n")
        return text

    def ask(self, q: Question, default: Any, pos: tuple[int, int]) -> Any:
        lang = self.lang
        lines = [f"\n[{pos[0]}/{pos[1]}] {q.prompt.get(lang)}"]
        if q.help is not None:
            lines.append(f"  {q.help.get(lang)}")
        if (sources := _sources_line(q, lang)) is not None:
            lines.append(f"  {sources}")
        width = len(str(len(q.choices)))
        for n, c in enumerate(q.choices, 1):
            extra = f" - {c.help.get(lang)}" if c.help is not None else ""
            lines.append(f"  {n:>{width}}) {c.label.get(lang)} [{c.value}]{extra}")
        self._write("\n".join(lines) + "\n")
        hint = {
            "text": _t("hint_text", lang),
            "choice": _t("hint_choice", lang),
            "multi": _t("hint_multi", lang),
            "bool": _t("hint_bool", lang),
        }.get(q.type) or _range(q, lang).capitalize()
        if default is None:
            prompt = f"{hint}: "
        else:
            shown = ("y" if default else "n") if q.type == "bool" else _show(q, default, lang)
            prompt = f"{hint} [{shown}]: "
        while True:
            text = self._readline(prompt)
            if not text.strip():
                if default is not None:
                    return coerce_answer(q, default)
                if not q.required:
                    return None
                self._write(f"  ! {_t('required', lang)}\n")
                continue
            try:
                return parse_text_answer(q, text)
            except ValueError as exc:
                self._write(f"  ! {exc}\n")

    def review(self, rows: Sequence[tuple[Question, Any]]) -> int | None:
        lang = self.lang
        width = len(str(len(rows)))
        lines = [f"\n{_t('review_head', lang)}"]
        for n, (q, value) in enumerate(rows, 1):
            shown = _show(q, value, lang, labels=True)
            text = f"{q.prompt.get(lang)} {shown}"
            lines += _wrap(text, REVIEW_WIDTH, f"  {n:>{width}}. ")
        self._write("\n".join(lines) + "\n")
        while True:
            try:
                text = self._readline(f"{_t('review_prompt', lang)}: ").strip()
            except EOFError:
                return None  # nothing more to say: the answers stand
            if not text:
                return None
            if text.isdigit() and 1 <= int(text) <= len(rows):
                return int(text) - 1
            self._write(f"  ! {_t('bad_pick', lang, raw=text, n=len(rows))}\n")

    def note(self, lines: Sequence[str]) -> None:
        self._write("\n" + "\n".join(lines) + "\n")


class _Terminal:
    """questionary prompts: arrow keys, checkboxes, confirm, validated text."""

    def __init__(self, inp: TextIO | None, out: TextIO | None, lang: Lang) -> None:
        self.lang = lang
        self.out = out or sys.stdout
        self.io: dict[str, Any] = {}  # prompt_toolkit input/output, when not the process's own
        if inp is not None and inp is not sys.stdin:
            from prompt_toolkit.input import create_input

            self.io["input"] = create_input(inp)
        if out is not None and out is not sys.stdout:
            from prompt_toolkit.output import create_output

            self.io["output"] = create_output(out)

    def ask(self, q: Question, default: Any, pos: tuple[int, int]) -> Any:
        import questionary

        lang = self.lang
        message = f"[{pos[0]}/{pos[1]}] {q.prompt.get(lang)}"
        if q.help is not None:
            self.out.write(f"  {q.help.get(lang)}\n")
        if (sources := _sources_line(q, lang)) is not None:
            self.out.write(f"  {sources}\n")
        self.out.flush()
        if q.type in ("choice", "multi"):
            picked = default if isinstance(default, list) else [default]
            choices = [
                questionary.Choice(
                    title=c.label.get(lang),
                    value=c.value,
                    checked=q.type == "multi" and c.value in picked,
                    description=c.help.get(lang) if c.help is not None else None,
                )
                for c in q.choices
            ]
            if q.type == "choice":
                start = default if default in q.values else None
                answer = questionary.select(
                    message, choices, default=start, instruction=_t("keys_select", lang), **self.io
                ).unsafe_ask()
            else:
                answer = questionary.checkbox(
                    message,
                    choices,
                    instruction=_t("keys_checkbox", lang),
                    validate=lambda sel: _reason(lambda: coerce_answer(q, list(sel))) or True,
                    **self.io,
                ).unsafe_ask()
                picked_now = coerce_answer(q, answer)
                # questionary only says "done (3 selections)": echo what was chosen
                shown = _show(q, picked_now, lang, labels=True) or _t("nothing_chosen", lang)
                self.out.write(_t("chosen", lang, labels=shown) + "\n")
                self.out.flush()
                return picked_now
            return coerce_answer(q, answer)
        if q.type == "bool":
            yes = True if default is None else bool(default)
            answer = questionary.confirm(message, default=yes, **self.io).unsafe_ask()
            return coerce_answer(q, answer)

        def check(text: str) -> bool | str:
            if not text.strip():  # Enter alone keeps the default shown, if there is one
                return True if default is not None or not q.required else _t("required", lang)
            return _reason(lambda: parse_text_answer(q, text)) or True

        # The default is shown, not pre-filled: typing replaces it, Enter keeps it (as in the
        # plain prompts); a pre-filled "My AI startup" would have the name typed after it.
        hints = [_range(q, lang)] if q.type in ("int", "float") else []
        if default is not None:
            hints.append(f"[{_show(q, default, lang)}]")
        answer = questionary.text(
            message, validate=check, instruction=" ".join(hints) or None, **self.io
        ).unsafe_ask()
        if not str(answer).strip():
            return None if default is None else coerce_answer(q, default)
        return parse_text_answer(q, str(answer))

    def review(self, rows: Sequence[tuple[Question, Any]]) -> int | None:
        import questionary

        lang = self.lang
        # a select list cuts a line at the terminal's edge: wrap each row under its first line
        # (questionary puts three columns of pointer before each row)
        columns = shutil.get_terminal_size((REVIEW_WIDTH, 24)).columns - 1
        choices = [questionary.Choice(title=_t("accept", lang), value=-1)]
        choices += [
            questionary.Choice(
                title="\n".join(
                    _wrap(
                        f"{q.prompt.get(lang)} {_show(q, value, lang, labels=True)}", columns, "   "
                    )
                )[3:],
                value=n,
            )
            for n, (q, value) in enumerate(rows)
        ]
        picked = questionary.select(
            _t("review_select", lang), choices, instruction=_t("keys_select", lang), **self.io
        ).unsafe_ask()
        return None if picked is None or picked < 0 else int(picked)

    def note(self, lines: Sequence[str]) -> None:
        self.out.write("\n" + "\n".join(lines) + "\n")
        self.out.flush()


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # a closed or detached stream
        return False


# --- the flow ---------------------------------------------------------------------------------


#: (questions, why) for each contradiction in a set of answers, in the prompts' language
CheckAnswers = Callable[[Mapping[str, Any]], Sequence[tuple[str, str]]]


class _Flow:
    def __init__(
        self,
        kb: KnowledgeBase,
        answers: dict[str, Any],
        save_path: Path | None,
        prompter: _Prompter,
        lang: Lang,
        check: CheckAnswers | None = None,
    ) -> None:
        self.questions = list(kb.questions.values())
        self.version = kb.version
        self.answers = answers
        #: answered beforehand (an answers file): not asked, so not counted
        self.given: frozenset[str] = frozenset()
        self.save_path = save_path
        self.prompter = prompter
        self.lang = lang
        self.check = check

    def save(self) -> None:
        if self.save_path is not None:
            order = {q.id: i for i, q in enumerate(self.questions)}
            ordered = sorted(self.answers.items(), key=lambda kv: order.get(kv[0], len(order)))
            # the knowledge version first: `advisor answers migrate` knows what the file was for
            save_answers(self.save_path, {VERSION_KEY: self.version, **dict(ordered)})

    def position(self, q: Question) -> tuple[int, int]:
        """``q``'s number among the questions this run asks, and how many it asks as things
        stand: the questions whose ``when`` holds on the answers so far (defaults standing in
        for questions not reached yet), less those answered beforehand (an answers file). The
        total moves as answers open or close follow-up questions."""
        seen: dict[str, Any] = {}
        asked: list[str] = []
        for x in self.questions:
            if not is_applicable(x, seen):
                continue
            if x.id not in self.given or x.id == q.id:
                asked.append(x.id)
            value = self.answers.get(x.id, x.default)
            if value is not None:
                seen[x.id] = value
        if q.id not in asked:  # asked although closed (cannot happen in fill): count it last
            asked.append(q.id)
        return asked.index(q.id) + 1, len(asked)

    def next_question(self) -> Question | None:
        """The first question :meth:`fill` will ask, if any."""
        seen: dict[str, Any] = {}
        for q in self.questions:
            if not is_applicable(q, seen):
                continue
            if self.answers.get(q.id) is None and (q.required or q.id not in self.answers):
                return q
            if self.answers[q.id] is not None:
                seen[q.id] = self.answers[q.id]
        return None

    def resuming(self, count: int, path: Path | None) -> str:
        """What a resumed run says first: how many answers it loaded and what comes next."""
        q = self.next_question()
        if q is None:
            return _t("resuming_done", self.lang, count=count, path=path)
        number, total = self.position(q)
        prompt = q.prompt.get(self.lang)
        return _t(
            "resuming", self.lang, count=count, path=path, number=number, total=total, prompt=prompt
        )

    def ask(self, q: Question, default: Any) -> None:
        pos = self.position(q)
        try:
            value = self.prompter.ask(q, default, pos)
        except EOFError:
            where = (
                f"the answers so far are saved in {self.save_path}; continue with --resume"
                if self.save_path is not None
                else "the answers so far were not saved"
            )
            raise UserError(
                f"input ended while asking {q.id} ({q.prompt.get(self.lang)!r}); {where}"
            ) from None
        self.answers[q.id] = value
        self.save()

    def fill(self) -> None:
        """Ask every applicable question without an answer; drop the answers of the others."""
        seen: dict[str, Any] = {}
        for q in self.questions:
            if not is_applicable(q, seen):
                if q.id in self.answers:
                    del self.answers[q.id]
                    self.save()
                continue
            if self.answers.get(q.id) is None and (q.required or q.id not in self.answers):
                self.ask(q, q.default)
            if self.answers[q.id] is not None:
                seen[q.id] = self.answers[q.id]

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
            self.ask(q, q.default if current is None else current)
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

    Raises:
        AnswersError: ``initial`` or the resumed save file holds unknown ids or invalid values.
        UserError: input ended before every question was answered (names the question and the
            save file), standard input is closed, or the save file cannot be written.
        KeyboardInterrupt: passed on; every answer given so far is already saved.
    """
    inp = stdin if stdin is not None else sys.stdin
    out = stdout if stdout is not None else sys.stdout
    if inp is None or out is None or getattr(inp, "closed", False):
        raise UserError(_t("stdin_closed", lang))
    if interactive is None:
        interactive = _isatty(inp) and _isatty(out)
    answers: dict[str, Any] = {}
    if initial:
        answers.update(check_partial_answers(kb, initial))
    resumed = 0
    if resume and save_path is not None and save_path.exists():
        loaded = load_partial_answers(kb, save_path)
        answers.update(loaded)
        resumed = len(loaded)
    elif save_path is not None and os.path.lexists(save_path):
        keep_backup(save_path)  # an earlier run's answers are never overwritten: NAME.bak
    prompter: _Prompter = _Terminal(stdin, stdout, lang) if interactive else _Plain(inp, out, lang)
    flow = _Flow(kb, answers, save_path, prompter, lang, check)
    flow.given = frozenset(initial or ())
    if resumed:
        prompter.note([flow.resuming(resumed, save_path)])
    flow.save()
    flow.fill()
    if review:
        flow.review()
    source = str(save_path) if save_path is not None else "questionnaire"
    return build_profile(kb, flow.answers, path=source, use_defaults=True)
