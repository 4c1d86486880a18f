"""The ``advisor`` command line. Only this module prints and chooses exit codes.

Exit status: 0 success, 2 bad input (a message, no traceback), 1 internal error.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from advisor import __version__
from advisor.cli_authoring import (
    ERROR_FORMAT,
    JSON_FORMAT,
    PROBLEM_FORMAT,
    complete_ids,
    flip_options,
    load_profile,
    register,
)
from advisor.cli_authoring import print_error_json as _error_json
from advisor.cli_output import emit, is_terminal, make_report, output_format, silence_stdout
from advisor.errors import InputErrors, UserError
from advisor.words.catalog import words_for

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])

KB_OPTION = click.option(
    "--kb",
    "kb_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A folder of knowledge YAML that extends or overrides the built-in one (repeatable).",
)


def _kb_session(kb_dirs: tuple[Path, ...], cache: bool | None = None) -> Any:
    from advisor.advice.session import open_session

    return open_session(kb_dirs, cache=cache)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="advisor")
@click.option(
    "--error-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    envvar="ADVISOR_ERROR_FORMAT",
    help="How to print bad-input errors (exit status 2): text, or one JSON object on stderr.",
)
def cli(error_format: str) -> None:
    """A rule-driven strategy advisor for AI (large-model) startups.

    Shell completion: eval "$(_ADVISOR_COMPLETE=bash_source advisor)" (zsh_source, fish_source).
    """
    ERROR_FORMAT["format"] = error_format


@cli.group()
def kb() -> None:
    """Check, count, draw and test the knowledge base."""


@kb.command("validate")
@KB_OPTION
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@PROBLEM_FORMAT
def kb_validate(kb_dirs: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Load and check all knowledge; print every problem with file:line and its check id."""
    from advisor.cli_authoring import validate_out

    validate_out(kb_dirs, strict, fmt)


@kb.command("test")
@KB_OPTION
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@click.option("-q", "--quiet", is_flag=True, help="Print failures only.")
@click.option(
    "--coverage",
    "with_coverage",
    is_flag=True,
    help="Also report the rules and condition branches the scenarios exercise; fail under "
    "the thresholds of settings.authoring.coverage.",
)
def kb_test(
    kb_dirs: tuple[Path, ...], paths: tuple[Path, ...], quiet: bool, with_coverage: bool
) -> None:
    """Run rule scenario files (default: tests/scenarios).

    Exit status 0 when every scenario holds, 1 when one fails (as test runners do), 2 for a
    file that cannot be read.
    """
    from advisor.authoring.scenarios import run_scenarios

    session = _kb_session(kb_dirs)
    targets = list(paths) or [Path("tests/scenarios")]
    outcomes = run_scenarios(session.kb, session.engine, targets)
    failed = [o for o in outcomes if not o.passed]
    for o in outcomes:
        if not quiet or not o.passed:
            click.echo(str(o))
    click.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    below = []
    if with_coverage:
        from advisor.cli_authoring import coverage_out

        below = coverage_out(session, targets)
    if failed or below:
        sys.exit(1)


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the report.",
)
FORMATS = ("md", "html", "json", "pdf")


def _output_option(default: str | None, help_text: str) -> Callable[[F], F]:
    return click.option(
        "-o", "--output", default=default, show_default=default is not None, help=help_text
    )


REPORT_OPTIONS = [
    click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format (default: from the -o suffix, else md); pdf needs the extra 'pdf'.",
    ),
    _output_option("-", "Where to write the report; '-' is standard output."),
    LANG_OPTION,
    KB_OPTION,
    click.option(
        "--evidence",
        type=click.Path(path_type=Path),
        help="An evidence file from `python -m technical bench` to show measured "
        "trade-offs next to each technique.",
    ),
    click.option(
        "--weights",
        help="Direction weights, e.g. market_need=0.4,founder_fit=0.3 "
        "(others keep the knowledge's weights).",
    ),
    click.option(
        "--detail",
        type=click.Choice(["standard", "full"]),
        default="standard",
        show_default=True,
        help="How much evidence follows the brief: 'standard' lists what to act on (the rest "
        "one line each, folded in HTML); 'full' lists every item. JSON always holds all.",
    ),
]


def _report_options(fn: F) -> F:
    for opt in reversed(REPORT_OPTIONS):
        fn = opt(fn)
    return fn


#: ``ask`` writes a file by default: the questionnaire owns the terminal.
ASK_OUTPUT = _output_option(
    None,
    "Where to write the report; '-' is standard output.  [default: report.md, or "
    "report.FORMAT with --format]",
)


def _ask_report_options(fn: F) -> F:
    for opt in reversed(REPORT_OPTIONS):
        fn = (ASK_OUTPUT if opt is REPORT_OPTIONS[1] else opt)(fn)
    return fn


@cli.command()
@click.option(
    "--answers",
    "answers_file",
    required=True,
    type=click.Path(path_type=Path),
    help="Answers file (YAML or JSON): question id -> answer.",
)
@click.option(
    "--no-defaults",
    is_flag=True,
    help="Fail on missing answers instead of assuming their defaults.",
)
@click.option(
    "--no-sensitivity", is_flag=True, help="Skip the 'what would change the ranking' analysis."
)
@_report_options
def report(
    answers_file: Path,
    no_defaults: bool,
    no_sensitivity: bool,
    fmt: str | None,
    output: str,
    lang: str,
    kb_dirs: tuple[Path, ...],
    evidence: Path | None,
    weights: str | None,
    detail: str,
) -> None:
    """Write the strategy report for an answers file."""
    session = _kb_session(kb_dirs)
    profile = load_profile(session, answers_file, use_defaults=not no_defaults)
    text = make_report(
        session,
        profile,
        lang,
        weights,
        evidence,
        output_format(fmt, output),
        not no_sensitivity,
        detail=detail,
    )
    emit(text, output, lang)


@cli.command()
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path),
    help="Start from these answers and ask only for the rest.",
)
@click.option(
    "--save",
    "save_path",
    type=click.Path(path_type=Path),
    default=Path("advisor-answers.yaml"),
    show_default=True,
    help="Answers are saved here after each question.",
)
@click.option("--resume", is_flag=True, help="Continue from the answers saved in --save.")
@click.option(
    "--restart",
    is_flag=True,
    help="Start over even if --save holds answers (they are kept in NAME.bak).",
)
@click.option("--no-review", is_flag=True, help="Skip the review step before the report.")
@click.option(
    "--adaptive",
    is_flag=True,
    help="Ask the questions that matter most first, saying why on request; stop when nothing "
    "left can change the headline (then offer the rest).",
)
@click.option(
    "--all",
    "ask_all",
    is_flag=True,
    help="With --adaptive: after the stop, ask the rest without asking whether to.",
)
@click.option(
    "--oracle",
    "oracle_file",
    type=click.Path(path_type=Path),
    help="Answer every question asked from this full answers file, with no prompts and no "
    "review (a question it lacks takes its default); saves only with an explicit --save.",
)
@_ask_report_options
@click.pass_context
def ask(
    ctx: click.Context,
    answers_file: Path | None,
    save_path: Path,
    resume: bool,
    restart: bool,
    no_review: bool,
    adaptive: bool,
    ask_all: bool,
    oracle_file: Path | None,
    fmt: str | None,
    output: str | None,
    lang: str,
    kb_dirs: tuple[Path, ...],
    evidence: Path | None,
    weights: str | None,
    detail: str,
) -> None:
    """Ask the questionnaire (arrow keys on a terminal), then write the report.

    If --save already holds answers from an earlier run, --resume continues them and --restart
    starts over (keeping them in NAME.bak); with neither, a terminal asks which, and anything
    else is refused (exit 2) so that saved answers are never lost.

    Every question but the company name takes "not sure". --adaptive asks what matters most
    first; --oracle FILE answers from a file, for trying the questionnaire without a person.
    """
    from advisor.advice.assemble import answers_to_check
    from advisor.answers.questionnaire import Chooser, load_partial_answers, run_questionnaire
    from advisor.answers.savefile import Start, Stopped, choose_start

    t = words_for(lang)
    if ask_all and not adaptive:
        raise UserError("--all goes with --adaptive (without it every question is asked anyway)")
    if oracle_file is None and (sys.stdin is None or sys.stdin.closed):
        raise UserError(t["ask"]["stdin_closed"])
    session = _kb_session(kb_dirs)
    initial = load_partial_answers(session.kb, answers_file) if answers_file is not None else {}
    terminal = oracle_file is None and is_terminal(sys.stdin) and is_terminal(sys.stdout)
    saving: Path | None = save_path
    if oracle_file is not None and ctx.get_parameter_source("save_path") is not (
        click.core.ParameterSource.COMMANDLINE
    ):
        saving = None  # an oracle run leaves no save file behind unless asked to
    start = Start.FRESH
    if saving is not None:
        try:
            start = choose_start(
                saving,
                resume=resume,
                restart=restart,
                terminal=terminal,
                lang=lang,  # type: ignore[arg-type]
                stdin=sys.stdin,
                stdout=sys.stdout,
            )
        except Stopped as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
    chooser: Chooser | None = None
    if adaptive:
        from advisor.advice.adaptive import make_chooser

        chooser = make_chooser(session, lang)  # type: ignore[arg-type]
    try:
        profile = run_questionnaire(
            session.kb,
            lang=lang,  # type: ignore[arg-type]
            initial=initial,
            save_path=saving,
            resume=start is Start.RESUME,
            review=not no_review,
            check=lambda answers: answers_to_check(session, answers, lang),  # type: ignore[arg-type]
            chooser=chooser,
            ask_all_after=True if ask_all else None,
            oracle=oracle_file,
            # an oracle's notes go to stderr: the report may go to stdout (-o -)
            stdout=sys.stderr if oracle_file is not None else None,
        )
    except KeyboardInterrupt:
        # the command to continue keeps the options that shape the report
        more = "".join(
            f" {flag} {shlex.quote(str(value))}"
            for flag, value in (
                ("-o", output),
                ("--format", fmt),
                ("--lang", lang if lang != "en" else None),
                ("--detail", detail if detail != "standard" else None),
            )
            if value is not None
        )
        # an adaptive run goes on adaptive (flags first: they shape the questionnaire)
        more = "".join(f for f, on in ((" --adaptive", adaptive), (" --all", ask_all)) if on) + more
        click.echo(
            words_for(lang)["cli"]["interrupted_saved"].format(path=save_path, more=more), err=True
        )
        sys.exit(130)
    if output is None:
        output = "report.md" if fmt in (None, "md") else f"report.{fmt}"
    text = make_report(
        session, profile, lang, weights, evidence, output_format(fmt, output), detail=detail
    )
    emit(text, output, lang)


@cli.command()
@click.option("--answers", "answers_file", required=True, type=click.Path(path_type=Path))
@click.argument("item_id", shell_complete=complete_ids)
@LANG_OPTION
@KB_OPTION
@JSON_FORMAT
def explain(
    answers_file: Path, item_id: str, lang: str, kb_dirs: tuple[Path, ...], fmt: str
) -> None:
    """Why ITEM_ID (a risk, direction, regulation, role, rule, ...) is or is not in the report."""
    from advisor.cli_authoring import explain_out

    explain_out(kb_dirs, answers_file, item_id, lang, fmt)


@cli.command()
@click.option("--answers", "answers_file", required=True, type=click.Path(path_type=Path))
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="An answer to change (repeatable); lists as a,b,c.",
)
@flip_options
@LANG_OPTION
@KB_OPTION
@JSON_FORMAT
def whatif(
    answers_file: Path,
    settings: tuple[str, ...],
    flip_id: str | None,
    max_changes: int,
    max_seconds: float,
    lang: str,
    kb_dirs: tuple[Path, ...],
    fmt: str,
) -> None:
    """What changes in the report if some answers change (--set), or which smallest change
    flips one finding (--flip; exit status 1 when none within the limits)."""
    from advisor.cli_authoring import flip_out, whatif_out

    if bool(settings) == bool(flip_id):
        raise UserError("give either --set KEY=VALUE (repeatable) or --flip ID")
    if flip_id:
        flip_out(kb_dirs, answers_file, flip_id, max_changes, max_seconds, lang, fmt)
    else:
        whatif_out(kb_dirs, answers_file, settings, lang, fmt)


@kb.command("stats")
@KB_OPTION
def kb_stats(kb_dirs: tuple[Path, ...]) -> None:
    """Count nodes by kind, relations by type, rules, questions."""
    from collections import Counter

    session = _kb_session(kb_dirs)
    k = session.kb
    kinds = Counter(n.KIND for n in k.nodes.values())
    rels = Counter(key for _, _, key in session.graph.edges(keys=True))
    click.echo(f"knowledge version {k.version}")
    click.echo(f"nodes: {len(k.nodes)}")
    for kind, n in sorted(kinds.items()):
        click.echo(f"  {kind:<16} {n}")
    click.echo(f"rules: {len(k.rules)}")
    click.echo(f"questions: {len(k.questions)}")
    click.echo(f"relations: {sum(rels.values())}")
    for rel, n in sorted(rels.items()):
        click.echo(f"  {rel:<20} {n}")


@kb.command("graph")
@KB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["dot", "graphml", "mermaid"]),
    default="dot",
    show_default=True,
)
@click.option("-o", "--output", default="-", show_default=True)
@LANG_OPTION
def kb_graph(kb_dirs: tuple[Path, ...], fmt: str, output: str, lang: str) -> None:
    """Export the knowledge graph as DOT, GraphML or Mermaid."""
    from advisor.kb.graph import to_dot, to_graphml, to_mermaid

    g = _kb_session(kb_dirs).graph
    text = {"dot": to_dot, "mermaid": to_mermaid, "graphml": to_graphml}[fmt](g, lang)
    emit(text, output)


@kb.command("schema")
@click.option("-o", "--output", default="-", show_default=True)
def kb_schema(output: str) -> None:
    """JSON Schema of knowledge files, for editors (yaml-language-server)."""
    import json

    from advisor.authoring.jsonschema import knowledge_schema

    emit(json.dumps(knowledge_schema(), indent=2, ensure_ascii=False) + "\n", output)


@kb.command("lint")
@KB_OPTION
@PROBLEM_FORMAT
def kb_lint(kb_dirs: tuple[Path, ...], fmt: str) -> None:
    """Warnings that do not stop a load: rules that can never fire, stale laws, orphans."""
    from advisor.cli_authoring import lint_out

    lint_out(kb_dirs, fmt)


register(cli, kb, KB_OPTION)


def _guard(fn: Callable[[], Any]) -> int:
    try:
        fn()
    except InputErrors as exc:
        if not _error_json(exc):
            click.echo(exc.render(), err=True)
        return 2
    except UserError as exc:
        if not _error_json(exc):
            click.echo(f"error: {exc}", err=True)
        return 2
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        if exc.exit_code != 2 or not _error_json(exc):
            exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo(words_for("en")["cli"]["aborted"], err=True)
        return 130
    except KeyboardInterrupt:
        click.echo(words_for("en")["cli"]["interrupted"], err=True)
        return 130
    except BrokenPipeError:  # e.g. `advisor report -o - | head`: the reader had enough
        silence_stdout()
        return 0
    except OSError as exc:
        if not _from_echo(exc):
            raise
        silence_stdout()  # a command's click.echo into a full or broken stdout (/dev/full)
        click.echo(f"error: cannot write to standard output: {exc.strerror or exc}", err=True)
        return 2
    return _flush_stdout()


def _from_echo(exc: BaseException) -> bool:
    """Whether ``exc`` was raised while echoing to the terminal (click.echo), not elsewhere."""
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name == "echo" and code.co_filename.endswith(
            ("click/utils.py", "click\\utils.py")
        ):
            return True
        tb = tb.tb_next
    return False


def _flush_stdout() -> int:
    """Flush what commands echoed; a stdout that fails (``/dev/full``) is exit 2, not 0."""
    stream = sys.stdout
    if stream is None:
        return 0
    try:
        stream.flush()
    except BrokenPipeError:
        silence_stdout()
    except (OSError, ValueError) as exc:
        silence_stdout()
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        click.echo(f"error: cannot write to standard output: {why}", err=True)
        return 2
    return 0


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the CLI and exit with 0, 2 (bad input) or 1 (bug)."""
    try:
        code = _guard(lambda: cli.main(args=argv, prog_name="advisor", standalone_mode=False))
    except Exception:  # a bug: show everything, it is for us to fix
        import traceback

        traceback.print_exc()
        click.echo(words_for("en")["cli"]["internal_error"], err=True)
        code = 1
    sys.exit(code)
