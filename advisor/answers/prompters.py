"""The questionnaire's faces: how one question is put and its answer read.

* :class:`Terminal`: questionary on a terminal (arrow-key select for a choice and a bool,
  checkboxes for a multi, validated text for text, int and float; "Not sure" is a choice, or a
  word typed);
* :class:`Plain`: line prompts on any pair of text streams (numbered choices, ``y``/``n``, an
  empty line takes the default; ``not sure`` typed is "not sure", ``why`` says why an adaptive
  run asks the question);
* :class:`Oracle`: no person at all, the answers come from a full answers file.

The flow that uses them is :mod:`advisor.answers.questionnaire`.
"""

from __future__ import annotations

import math
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TextIO

from advisor.answers.profile import (
    TITLE_QUESTION,
    UNKNOWN_ANSWER,
    is_unknown,
    parse_text_answer,
    typed_yes_no,
)
from advisor.answers.show import show_answer as _show
from advisor.answers.show import show_number as _show_number
from advisor.errors import UserError
from advisor.kb.coercion import coerce_answer
from advisor.kb.recordbase import source_label
from advisor.kb.records import Question
from advisor.words.catalog import CATALOG, words_for
from advisor.words.shape import Lang

__all__ = ["REVIEW_WIDTH", "Oracle", "Plain", "Prompter", "Terminal", "isatty"]

#: a typed "why" (the catalog's ``why_answers``, comma-separated, any language's)
_WHY_WORDS = {
    w.strip().lower()
    for words in CATALOG.values()
    for w in words["ask"]["why_answers"].split(",")
    if w.strip()
}


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


class Prompter(Protocol):
    def ask(self, q: Question, default: Any, pos: tuple[int, int], why: str | None = None) -> Any:
        """One valid answer (``None``: an optional question left unanswered; "not sure":
        :data:`UNKNOWN_ANSWER`). ``pos`` is (number, total), total 0 when not known (an
        adaptive run); ``why`` is why an adaptive run asks it, shown on request.

        Raises EOFError when input ends; lets KeyboardInterrupt through.
        """

    def confirm(self, text: str) -> bool:
        """A yes/no question whose answer without input is no."""

    def review(self, rows: Sequence[tuple[Question, Any]]) -> int | None:
        """The 0-based row to change, or ``None`` to accept."""

    def note(self, lines: Sequence[str]) -> None:
        """Show lines of text (no answer expected)."""


class Plain:
    """Line prompts on any pair of text streams."""

    def __init__(self, inp: TextIO, out: TextIO, lang: Lang) -> None:
        self.inp = inp
        self.out = out
        self.lang = lang
        self.echo = not isatty(inp)  # a terminal echoes what is typed; a pipe does not

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

    def ask(self, q: Question, default: Any, pos: tuple[int, int], why: str | None = None) -> Any:
        lang = self.lang
        lines = [f"\n{_number(pos)} {q.prompt.get(lang)}"]
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
        if q.id != TITLE_QUESTION:
            hint += _t("hint_why" if why else "hint_unknown", lang)
        if default is None or is_unknown(default):
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
            if why and text.strip().lower() in _WHY_WORDS:
                self._write(_t("why_line", lang, why=why) + "\n")
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

    def confirm(self, text: str) -> bool:
        while True:
            try:
                typed = self._readline(f"{text} [y/N]: ").strip()
            except EOFError:
                return False
            if not typed:
                return False
            yes = typed_yes_no(typed)
            if yes is not None:
                return yes
            self._write(f"  ! {typed!r} is not yes or no\n")


def _number(pos: tuple[int, int]) -> str:
    """``[3/12]``, or ``[3]`` when the total is not known (an adaptive run)."""
    return f"[{pos[0]}/{pos[1]}]" if pos[1] else f"[{pos[0]}]"


class Terminal:
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

    def ask(self, q: Question, default: Any, pos: tuple[int, int], why: str | None = None) -> Any:
        import questionary

        lang = self.lang
        message = f"{_number(pos)} {q.prompt.get(lang)}"
        if q.help is not None:
            self.out.write(f"  {q.help.get(lang)}\n")
        if (sources := _sources_line(q, lang)) is not None:
            self.out.write(f"  {sources}\n")
        if why:  # dimmed, under the help: there when wanted, easy to read past
            self.out.write(f"\x1b[2m{_t('why_line', lang, why=why)}\x1b[0m\n")
        self.out.flush()
        # the general "Not sure", unless the question has its own (unsure_value)
        unsure = q.id != TITLE_QUESTION and q.unsure_value is None
        not_sure = questionary.Choice(title=_t("unknown", lang), value=UNKNOWN_ANSWER)
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
            if unsure:
                choices.append(not_sure)
            if q.type == "choice":
                start = default if default in q.values or is_unknown(default) else None
                answer = questionary.select(
                    message, choices, default=start, instruction=_t("keys_select", lang), **self.io
                ).unsafe_ask()
            else:
                answer = questionary.checkbox(
                    message,
                    choices,
                    instruction=_t("keys_checkbox", lang),
                    validate=lambda sel: _checked(q, list(sel), lang),
                    **self.io,
                ).unsafe_ask()
                if UNKNOWN_ANSWER in answer:
                    self.out.write(_t("chosen", lang, labels=_t("unknown", lang)) + "\n")
                    self.out.flush()
                    return UNKNOWN_ANSWER
                picked_now = coerce_answer(q, answer)
                # questionary only says "done (3 selections)": echo what was chosen
                shown = _show(q, picked_now, lang, labels=True) or _t("nothing_chosen", lang)
                self.out.write(_t("chosen", lang, labels=shown) + "\n")
                self.out.flush()
                return picked_now
            return UNKNOWN_ANSWER if answer == UNKNOWN_ANSWER else coerce_answer(q, answer)
        if q.type == "bool":
            # a select, not a y/n confirm, so that "not sure" is one of the answers; y, n and u
            # move to Yes, No and Not sure
            options = [
                questionary.Choice(
                    title=_t("yes", lang).capitalize(), value=True, shortcut_key="y"
                ),
                questionary.Choice(
                    title=_t("no", lang).capitalize(), value=False, shortcut_key="n"
                ),
            ]
            if unsure:
                options.append(
                    questionary.Choice(
                        title=_t("unknown", lang), value=UNKNOWN_ANSWER, shortcut_key="u"
                    )
                )
            start_value = True if default is None else default
            start = next((c for c in options if c.value == start_value), options[0])
            answer = questionary.select(
                message,
                options,
                default=start,
                use_shortcuts=True,
                instruction=_t("keys_select", lang),
                **self.io,
            ).unsafe_ask()
            return UNKNOWN_ANSWER if answer == UNKNOWN_ANSWER else coerce_answer(q, answer)

        def check(text: str) -> bool | str:
            if not text.strip():  # Enter alone keeps the default shown, if there is one
                return True if default is not None or not q.required else _t("required", lang)
            return _reason(lambda: parse_text_answer(q, text)) or True

        # The default is shown, not pre-filled: typing replaces it, Enter keeps it (as in the
        # plain prompts); a pre-filled "My AI startup" would have the name typed after it.
        hints = [_range(q, lang)] if q.type in ("int", "float") else []
        if unsure:
            hints.append(_t("hint_unknown", lang).strip())
        if default is not None and not is_unknown(default):
            hints.append(f"[{_show(q, default, lang)}]")
        answer = questionary.text(
            message, validate=check, instruction=" ".join(hints) or None, **self.io
        ).unsafe_ask()
        if not str(answer).strip():
            return None if default is None or is_unknown(default) else coerce_answer(q, default)
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

    def confirm(self, text: str) -> bool:
        import questionary

        return bool(questionary.confirm(text, default=False, **self.io).unsafe_ask())


def _checked(q: Question, picked: list[Any], lang: Lang) -> bool | str:
    """A checkbox's validation: True, or why the ticked choices are refused."""
    if UNKNOWN_ANSWER in picked:
        return True if len(picked) == 1 else _t("unknown_alone", lang)
    return _reason(lambda: coerce_answer(q, picked)) or True


class Oracle:
    """Answers from a full answers file, never a prompt: the questionnaire without a person.

    A question the file lacks takes its default (as ``advisor report`` on that file would);
    one without a default is an error naming the question and the file. Never reviews; the
    offer to go on after an adaptive run stops is declined.
    """

    def __init__(self, answers: Mapping[str, Any], path: Path, out: TextIO) -> None:
        self.answers = answers
        self.path = path
        self.out = out
        #: the questions answered with their default (the file lacks them): not answers given
        self.defaulted: list[str] = []

    def ask(self, q: Question, default: Any, pos: tuple[int, int], why: str | None = None) -> Any:
        value = self.answers.get(q.id)
        if value is not None:
            return value
        if q.default is not None:
            self.defaulted.append(q.id)
            return coerce_answer(q, q.default)
        if not q.required:
            return None
        raise UserError(
            f"{self.path}: no answer to {q.id} ({q.prompt.en!r}), and it has no default; add "
            f"`{q.id}: VALUE` (or `{q.id}: {UNKNOWN_ANSWER}`) to the file"
        )

    def review(self, rows: Sequence[tuple[Question, Any]]) -> int | None:
        return None

    def note(self, lines: Sequence[str]) -> None:
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()

    def confirm(self, text: str) -> bool:
        return False


def isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # a closed or detached stream
        return False
