"""How the CLI hands a report out: choosing the format, writing a file or standard output.

Text goes to standard output (``-``) or atomically to a file; a PDF (bytes) goes to a file, or to
standard output only when it is not a terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from advisor.errors import UserError
from advisor.words.catalog import words_for

__all__ = ["emit", "is_terminal", "make_report", "output_format", "silence_stdout"]


def output_format(fmt: str | None, output: str) -> str:
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".")
    known = {"md": "md", "markdown": "md", "html": "html", "htm": "html", "json": "json"}
    return {**known, "pdf": "pdf"}.get(suffix, "md")


def silence_stdout() -> None:
    """Point descriptor 1 at /dev/null, so that Python's flush at exit cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:  # pragma: no cover - nothing more we can do
        pass


def _write_stdout(text: str) -> None:
    """Write ``text`` to standard output, or raise UserError saying why it could not be.

    Raises:
        UserError: stdout is closed, full (``/dev/full``) or otherwise failing.
        BrokenPipeError: the reader went away (``| head``): not an error, the CLI exits 0.
    """
    stream = sys.stdout
    if stream is None or getattr(stream, "closed", False):
        raise UserError("standard output is closed; give a file with -o FILE")
    try:
        click.echo(text, nl=False, file=stream)
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: "I/O operation on closed file"
        silence_stdout()
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(
            f"cannot write to standard output: {why}; give a file with -o FILE"
        ) from None


def emit(text: str | bytes, output: str, lang: str = "en") -> None:
    """Write to stdout (``-``) or atomically to a file (never a partial file).

    Bytes (a PDF) go to a file, or to standard output only when it is not a terminal.
    """
    if output == "-" and isinstance(text, bytes):
        if sys.stdout is None or is_terminal(sys.stdout):
            raise UserError(words_for(lang)["cli"]["pdf_to_terminal"])
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
        return
    if output == "-":
        assert isinstance(text, str)
        _write_stdout(text)
        return
    from advisor.files.atomic import write_bytes_atomic

    data = text if isinstance(text, bytes) else text.encode("utf-8")
    write_bytes_atomic(Path(output), data)
    click.echo(words_for(lang)["cli"]["wrote"].format(path=output), err=True)


def make_report(
    session: Any,
    profile: Any,
    lang: str,
    weights: str | None,
    evidence: Path | None,
    fmt: str,
    sensitivity: bool = True,
    detail: str = "standard",
) -> str | bytes:
    """The report in ``fmt``: text, or PDF bytes (the HTML laid out by WeasyPrint)."""
    from advisor.advice.assemble import assemble_report
    from advisor.advice.scoring import parse_weights
    from advisor.report.render import render

    w = None
    if weights:
        w = {**session.kb.weights, **parse_weights(weights)}
    ev = None
    if evidence is not None:
        from advisor.advice.evidence import load_evidence

        ev = load_evidence(evidence)
    report = assemble_report(
        session,
        profile,
        lang=lang,  # type: ignore[arg-type]
        weights=w,
        evidence=ev,
        with_sensitivity=sensitivity,
    )
    if fmt == "pdf":
        from advisor.report.pdf import html_to_pdf

        return html_to_pdf(render(report, "html", detail), lang)  # type: ignore[arg-type]
    return render(report, fmt, detail)  # type: ignore[arg-type]


def is_terminal(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (OSError, ValueError):
        return False
