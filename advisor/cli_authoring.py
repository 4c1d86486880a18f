"""The command line for knowledge authors and tools: machine output, ``kb diff``, ``answers``.

Part of the CLI stage (like :mod:`advisor.cli`, it prints and chooses exit codes). It holds the
commands and output formats of issue 14 so that ``cli.py`` stays small: ``kb diff``,
``answers migrate``, the ``--format text|json|sarif`` of ``kb validate`` and ``kb lint``,
``--format json`` of ``explain`` and ``whatif``, ``whatif --flip``, errors as JSON
(``--error-format json``), and the shell completion of ids.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from advisor.errors import InputErrors, KnowledgeError, Problem, UserError

__all__ = [
    "ERROR_FORMAT",
    "JSON_FORMAT",
    "PROBLEM_FORMAT",
    "complete_ids",
    "coverage_out",
    "error_json",
    "explain_out",
    "flip_options",
    "flip_out",
    "lint_out",
    "load_profile",
    "print_error_json",
    "register",
    "validate_out",
    "whatif_out",
]

#: set by the group's ``--error-format`` (one process runs one command)
ERROR_FORMAT: dict[str, str] = {"format": "text"}
PROBLEM_FORMATS = ("text", "json", "sarif")


def _family(exc: InputErrors) -> Any:
    from advisor.errors import AnswersError

    if isinstance(exc, KnowledgeError):
        return "knowledge"
    return "answers" if isinstance(exc, AnswersError) else "input"


def error_json(exc: BaseException) -> str:
    """An exit-2 error as one JSON object: ``{"error": {...}, "problems": [...]}``.

    Every problem is ``{id, check, level, file, line, column, key, message, allowed}``; a plain
    error (a bad option, say) has one problem with only a message.
    """
    from advisor.authoring.sarif import problem_record

    if isinstance(exc, InputErrors):
        family = _family(exc)
        problems = [problem_record(p, family) for p in exc.problems]
        what = exc.what
    else:
        text = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
        problems = [problem_record(Problem("", message=text), "input")]
        what = "the command line" if isinstance(exc, click.ClickException) else "input"
    return json.dumps(
        {"error": {"what": what, "count": len(problems)}, "problems": problems},
        ensure_ascii=False,
    )


PROBLEM_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(PROBLEM_FORMATS),
    default="text",
    show_default=True,
    help="text, JSON, or SARIF 2.1.0 (for editors and code scanning) on stdout.",
)
JSON_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def print_error_json(exc: BaseException) -> bool:
    """Print ``exc`` as JSON on stderr when ``--error-format json`` asked for it."""
    if ERROR_FORMAT["format"] != "json":
        return False
    click.echo(error_json(exc), err=True)
    return True


def _kb_session(kb_dirs: Sequence[Path], cache: bool | None = None) -> Any:
    from advisor.advice.session import open_session

    return open_session(kb_dirs, cache=cache)


def load_profile(session: Any, path: Path, *, use_defaults: bool = True) -> Any:
    """Load an answers file; say once on stderr what was mapped from replaced questions."""
    from advisor.answers.profile import load_answers_file

    profile = load_answers_file(session.kb, path, use_defaults=use_defaults)
    for note in profile.notes:
        click.echo(f"note: {note}", err=True)
    return profile


# --- kb validate / kb lint -------------------------------------------------------------------


def _print_problems(problems: Sequence[Problem], fmt: str, summary: str) -> None:
    from advisor.authoring.sarif import problems_json, to_sarif

    if fmt == "json":
        click.echo(json.dumps({**problems_json(problems), "summary": summary}, ensure_ascii=False))
    elif fmt == "sarif":
        click.echo(json.dumps(to_sarif(problems), indent=2, ensure_ascii=False))
    else:
        from advisor.kb.checkids import check_of

        for p in problems:
            click.echo(f"{p} [{check_of(p).label}]")
        click.echo(summary)


def validate_out(kb_dirs: Sequence[Path], strict: bool, fmt: str) -> None:
    """``kb validate``: text prints warnings on stderr; json and sarif print errors too, on stdout.

    Exit status 2 for errors (and for warnings with ``strict``), in every format.
    """
    from advisor.kb.checkids import check_of

    try:
        session = _kb_session(kb_dirs, cache=False)
    except KnowledgeError as exc:
        if fmt == "text":
            raise
        _print_problems(exc.problems, fmt, f"{len(exc.problems)} problems")
        sys.exit(2)
    k = session.kb
    count = len(k.warnings)
    summary = (
        f"ok: {len(k.nodes)} nodes, {len(k.rules)} rules, {len(k.questions)} questions "
        f"({count} warning{'s' if count != 1 else ''}); version {k.version}"
    )
    if fmt == "text":
        for w in k.warnings:
            click.echo(f"{w} [{check_of(w).label}]", err=True)
        click.echo(summary)
    else:
        _print_problems(k.warnings, fmt, summary)
    if strict and k.warnings:
        if fmt != "text":
            sys.exit(2)
        raise UserError(f"{len(k.warnings)} warnings with --strict")


def lint_out(kb_dirs: Sequence[Path], fmt: str) -> None:
    """``kb lint``: the load warnings (as ``kb validate`` prints them) plus the lint checks."""
    from advisor.authoring.lint import lint

    try:
        session = _kb_session(kb_dirs, cache=False)
    except KnowledgeError as exc:
        if fmt == "text":
            raise
        _print_problems(exc.problems, fmt, f"{len(exc.problems)} problems")
        sys.exit(2)
    found = lint(session)
    _print_problems(found, fmt, f"{len(found)} warning{'s' if len(found) != 1 else ''}")


# --- explain / whatif ------------------------------------------------------------------------


def explain_out(kb_dirs: Sequence[Path], answers: Path, item_id: str, lang: str, fmt: str) -> None:
    from advisor.authoring.resolve import resolve_item

    session = _kb_session(kb_dirs)
    profile = load_profile(session, answers)
    item_id = resolve_item(session.kb, item_id)
    if fmt == "json":
        from advisor.authoring.machine import explain_json

        data = explain_json(session, profile.answers, item_id, lang)  # type: ignore[arg-type]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from advisor.advice.explain import explain as run_explain

    said = lang  # the option's choices are the catalog's languages
    lines = run_explain(session, profile.answers, item_id, said, unknown=profile.unknown)  # type: ignore[arg-type]
    for line in lines:
        click.echo(line)


def whatif_out(
    kb_dirs: Sequence[Path], answers: Path, settings: Sequence[str], lang: str, fmt: str
) -> None:
    session = _kb_session(kb_dirs)
    profile = load_profile(session, answers)
    if fmt == "json":
        from advisor.authoring.machine import whatif_json

        data = whatif_json(session, profile, settings, lang)  # type: ignore[arg-type]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from advisor.advice.whatif import whatif as run_whatif

    for line in run_whatif(session, profile, settings, lang):  # type: ignore[arg-type]
        click.echo(line)


def flip_out(
    kb_dirs: Sequence[Path],
    answers: Path,
    target: str,
    max_changes: int,
    max_seconds: float,
    lang: str,
    fmt: str,
) -> None:
    """``whatif --flip``: exit 0 when a flip was found, 1 when none within the limits."""
    from advisor.answers.show import question_label, show_answer
    from advisor.authoring.flip import flip
    from advisor.authoring.resolve import resolve_item
    from advisor.words.catalog import words_for

    session = _kb_session(kb_dirs)
    profile = load_profile(session, answers)
    target = resolve_item(session.kb, target)
    result = flip(session, profile, target, max_changes=max_changes, max_seconds=max_seconds)
    node = session.kb.nodes.get(result.target)
    shown_target = node.title.get(lang) if node is not None else result.target
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        w = words_for(lang)["whatif"]
        verb = w["flip_removes"] if result.present_before else w["flip_adds"]
        if result.found:
            click.echo(w["flip_found"].format(verb=verb, target=shown_target))
            for c in result.changes:
                q = session.kb.questions[c.question]
                click.echo(
                    w["flip_change"].format(
                        question=question_label(q, lang),  # type: ignore[arg-type]
                        old=show_answer(q, c.old, lang, labels=True),  # type: ignore[arg-type]
                        new=show_answer(q, c.new, lang, labels=True),  # type: ignore[arg-type]
                    )
                )
            click.echo(w["flip_then"].format(checked=result.searched))
        elif result.timed_out:
            click.echo(
                w["flip_timeout"].format(
                    verb=verb,
                    target=shown_target,
                    seconds=max_seconds,
                    searched=result.searched,
                    size=result.complete_size,
                )
            )
        else:
            click.echo(
                w["flip_none"].format(
                    verb=verb, target=shown_target, limit=max_changes, searched=result.searched
                )
            )
    if not result.found:
        sys.exit(1)


def coverage_out(session: Any, targets: Sequence[Path]) -> list[str]:
    """Print the scenario coverage; return the thresholds it falls below (empty: fine)."""
    from advisor.authoring.coverage import coverage

    cov = coverage(session.kb, session.engine, targets)
    for line in cov.lines():
        click.echo(line)
    settings = session.kb.settings.authoring
    limits = settings.coverage if settings is not None else None
    below = cov.below(limits.min_rules, limits.min_branches) if limits is not None else []
    for line in below:
        click.echo(f"coverage: {line}")
    return below


# --- shell completion ------------------------------------------------------------------------


def complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Node and rule ids (and tiers) from the cached knowledge, for ``explain`` and ``--flip``.

    Completion must never fail: anything wrong (bad knowledge, no cache) completes nothing.
    """
    try:
        from advisor.kb.recordbase import TIERS

        kb_dirs = tuple(ctx.params.get("kb_dirs") or ())
        kb = _kb_session(kb_dirs).kb
        pool = [*kb.nodes, *kb.rules, *TIERS]
    except Exception:  # completion runs inside the shell: never show a traceback there
        return []
    return sorted(i for i in pool if i.startswith(incomplete))[:500]


def flip_options(fn: Any) -> Any:
    """``--flip ID``, ``--max-changes`` and ``--max-seconds`` of ``whatif``."""
    for opt in reversed(
        [
            click.option(
                "--flip",
                "flip_id",
                metavar="ID",
                shell_complete=complete_ids,
                help="Find the smallest answer change that adds ID to the report or removes it "
                "(a risk, direction ranked first, law, tier, hire-now role, technique).",
            ),
            click.option(
                "--max-changes",
                type=click.IntRange(1, 6),
                default=3,
                show_default=True,
                help="For --flip: the most answers to change at once.",
            ),
            click.option(
                "--max-seconds",
                type=click.FloatRange(0.1, 3600),
                default=20.0,
                show_default=True,
                help="For --flip: stop searching after this long.",
            ),
        ]
    ):
        fn = opt(fn)
    return fn


# --- the commands of this module ---------------------------------------------------------------


def register(
    cli: click.Group, kb: click.Group, kb_option: Callable[[Callable[..., Any]], Callable[..., Any]]
) -> None:
    """Add ``kb diff`` and the ``answers`` group to the CLI."""

    @kb.command("diff")
    @click.option(
        "--profiles",
        "profiles",
        multiple=True,
        required=True,
        type=click.Path(path_type=Path),
        help="A folder of answers files, or one file (repeatable).",
    )
    @kb_option
    @click.option(
        "--base-kb",
        "base_dirs",
        multiple=True,
        type=click.Path(path_type=Path),
        help="Folders of the knowledge before the change (repeatable; default: built-in only).",
    )
    @click.option(
        "--shard",
        default="1/1",
        show_default=True,
        metavar="I/N",
        help="Only the I-th of N equal shares of the sorted files (to spread a cohort).",
    )
    @click.option("--workers", type=click.IntRange(1, 64), help="Processes (default: CPUs).")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
    def kb_diff(
        profiles: tuple[Path, ...],
        kb_dirs: tuple[Path, ...],
        base_dirs: tuple[Path, ...],
        shard: str,
        workers: int | None,
        fmt: str,
    ) -> None:
        """What a knowledge change does to stored answers files: the built-in knowledge plus
        --base-kb before, plus --kb after; per profile the headline and every finding."""
        from advisor.authoring.diff import diff_cohort, profile_files, render_text, to_json

        i, sep, n = shard.partition("/")
        if not (sep and i.isdigit() and n.isdigit() and int(n) >= 1):
            raise UserError(f"--shard {shard!r}: write I/N, such as 2/4")
        files = profile_files(profiles, (int(i), int(n)))
        diffs = diff_cohort(base_dirs, kb_dirs, files, workers=workers)
        if fmt == "json":
            click.echo(json.dumps(to_json(diffs), ensure_ascii=False, indent=2))
        else:
            for line in render_text(diffs):
                click.echo(line)

    @cli.group()
    def answers() -> None:
        """Answers files: bring them up to date with the knowledge."""

    @answers.command("migrate")
    @click.argument("path", type=click.Path(path_type=Path))
    @kb_option
    @click.option(
        "-o", "--output", default=None, help="Write here instead of rewriting PATH in place."
    )
    def answers_migrate(path: Path, kb_dirs: tuple[Path, ...], output: str | None) -> None:
        """Rewrite an answers file for the current knowledge: replaced question ids and values
        mapped, the knowledge version recorded (atomically; comments are not kept)."""
        from advisor.authoring.migrate import migrate_file

        session = _kb_session(kb_dirs)
        target = Path(output) if output else path
        notes = migrate_file(session.kb, path, target)
        for note in notes:
            click.echo(f"note: {note}", err=True)
        click.echo(f"wrote {target} (knowledge version {session.kb.version})", err=True)
