"""Render a ``Report`` as Markdown, HTML or JSON. The one module that imports ``jinja2``.

The templates (``templates/report.md.j2``, ``templates/report.html.j2`` and ``partials/``) see:

``report``
    the ``Report`` value itself;
``t``
    the report words of the report's language (``advisor.words``, as ``t``);
``view``
    a few values derived here so that templates stay loops and conditionals: the company name,
    the executive summary's "at a glance" picks, the criteria columns, numbered risks, the
    Mermaid points and tasks, cases grouped, the table of contents and, for HTML, the SVG charts.

Escaping: the environment is sandboxed (a template cannot reach Python internals) and undefined
names are errors. HTML templates autoescape every value. Markdown templates pass every value
through ``md`` (HTML and Markdown-active characters escaped, lines joined), ``code`` (an inline code
span that cannot be broken out of) or ``mermaid`` (characters Mermaid would interpret removed).
The only values marked safe are the SVG charts of ``advisor.report.charts``, which escape their own
text.

Examples:
    >>> md_escape("<b>*x*</b> | y")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\> \\\\| y'
    >>> mermaid_label('a "quoted": [label] %% x')
    'a quoted label x'
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import BytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment

from advisor.files.resources import templates_dir
from advisor.kb.recordbase import Record, market_of, source_in
from advisor.report import charts
from advisor.report.model import Report
from advisor.report.picks import answer_list, pursued
from advisor.report.unsure_view import unsure_view
from advisor.words.catalog import words_for
from advisor.words.shape import ReportWords

__all__ = ["DETAILS", "FORMATS", "Detail", "code_span", "md_escape", "mermaid_label", "render"]

Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")
#: how much of the evidence the Markdown and HTML show: ``standard`` gives what to act on (the
#: rest is one line each, or folded in HTML), ``full`` every item; the JSON always holds all
Detail = Literal["standard", "full"]
DETAILS: tuple[Detail, ...] = ("standard", "full")

_TEMPLATES: dict[str, str] = {"md": "report.md.j2", "html": "report.html.j2"}

# Markdown: backslash-escape what CommonMark/GFM would interpret inline (``|`` too, so that a
# value never splits a table cell, and ``<`` ``>`` so that nothing opens an HTML tag); an ``&``
# is escaped only where it would start an entity, so "R&D" reads as typed in the raw file too.
_MD = str.maketrans(
    {
        **{c: "\\" + c for c in "\\`*_[]|#~$<>"},
        "\r": " ",
        "\n": " ",
        "\t": " ",
    }
)
_MERMAID_DROP = re.compile(r"""["'`:;#%\[\](){}<>|\\,&=\r\n\t]+""")
_SPACES = re.compile(r"\s+")
_BACKTICKS = re.compile(r"`+")
_URL = re.compile(r"^https?://[^\s<>\"'`|\\]+$")
# words that open a statement in a Mermaid gantt chart; a task named like one needs a prefix
_GANTT_WORDS = frozenset(
    (
        "title", "section", "dateformat", "axisformat", "tickinterval", "excludes", "includes",
        "todaymarker", "click", "weekday", "weekend", "inclusiveenddates", "topaxis", "acctitle",
        "accdescr", "displaymode",
    )
)  # fmt: skip


_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_escape(value: object) -> str:
    """A value as inline Markdown text that reads literally: nothing in it is markup.

    Examples:
        >>> print(md_escape("FD&C Act, R&D <b>*x*</b> &amp;"))
        FD&C Act, R&D \\<b\\>\\*x\\*\\</b\\> \\&amp;
    """
    return _ENTITY.sub("\\\\&", str(value).translate(_MD))


def code_span(value: object, cell: bool = True) -> str:
    """A value as an inline code span that its content cannot close.

    In a table cell (``cell=True``) ``|`` is written ``\\|``, which GFM turns back into ``|``.
    """
    text = _SPACES.sub(" ", str(value)).strip()
    runs = [len(m) for m in _BACKTICKS.findall(text)]
    fence = "`" * (max(runs, default=0) + 1)
    if cell:
        text = text.replace("|", "\\|")
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def mermaid_label(value: object, limit: int = 60) -> str:
    """A value as a Mermaid label: quotes, colons, brackets, ``%%``, newlines and such removed."""
    text = _SPACES.sub(" ", _MERMAID_DROP.sub(" ", str(value))).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or "…"


def _gantt_task(value: object) -> str:
    text = mermaid_label(value)
    first = text.split(" ", 1)[0].lower()
    return f"› {text}" if first in _GANTT_WORDS else text


def _source_md(value: object) -> str:
    text = str(value)
    return f"<{text}>" if _URL.match(text) else md_escape(text)


def _is_url(value: object) -> bool:
    return isinstance(value, str) and _URL.match(value) is not None


def _fence(text: str) -> str:
    runs = [len(m) for m in _BACKTICKS.findall(text)]
    return "`" * max(3, max(runs, default=0) + 1)


def _mitigations_shown(risk: Any, full: bool) -> list[Any]:
    """A risk's mitigations as the register lists them: every one at full detail, else the
    recommended ones (all of them when none is)."""
    recommended = [m for m in risk.mitigations if m.recommended]
    return list(risk.mitigations) if full or not recommended else recommended


def _scored(item: Any, open_paren: str = " (", close_paren: str = ")") -> str:
    """An item named with its score (a direction) or fit (a business model): "Title (79)",
    with the report language's brackets."""
    value = getattr(item, "score", None)
    if value is None:
        value = getattr(item, "fit", None)
    if value is None:
        return str(item.title)
    return f"{item.title}{open_paren}{charts.number(value)}{close_paren}"


def _answer(value: Any, t: ReportWords) -> str:
    if value is None:
        return str(t["not_set"])
    if isinstance(value, bool):
        return str(t["yes"] if value else t["no"])
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else str(t["nothing"])
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _answer_of(value: Any, question: str, labels: dict[str, str], t: ReportWords) -> str:
    """An answer to ``question`` with its choices' labels (``labels["question=value"]``)."""
    if isinstance(value, list | tuple):
        shown = [labels.get(f"{question}={v}", str(v)) for v in value]
        return str(t["enum_sep"]).join(shown) if shown else str(t["nothing"])
    if isinstance(value, str):
        return labels.get(f"{question}={value}", value)
    return _answer(value, t)


def _tr(value: Any, table: dict[str, str]) -> str:
    """A model value (a severity, a tier) in the report's language, or as it is if unknown."""
    if value is None:
        return ""
    return table.get(str(value), str(value))


def _compact(value: Any) -> str:
    """A value as one line of JSON for people to read, with ``<``, ``>`` and ``&`` written as
    ``\\u`` escapes: the escapes keep the JSON valid and equal, and keep markup out of the
    report even where a code span would already show it literally."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _unit(value: float) -> str:
    """A 0-100 criterion as a Mermaid quadrant coordinate: ``1``, ``0`` or ``0.dd``."""
    v = round(max(0.0, min(100.0, value)) / 100, 2)
    if v >= 1:
        return "1"
    if v <= 0:
        return "0"
    return f"{v:.2f}"


class _SignedBytecodeCache(BytecodeCache):
    """Jinja's compiled templates in signed files (:func:`advisor.files.cachedir.read_signed`).

    Compiled templates are marshalled code: a file planted in the folder would run. Only files
    signed with this user's key are loaded; anything else is recompiled and overwritten.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.jbc"

    def load_bytecode(self, bucket: Bucket) -> None:
        from advisor.files.cachedir import read_signed

        data = read_signed(self._file(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        from advisor.files.cachedir import write_signed

        write_signed(self._file(bucket), bucket.bytecode_to_string())


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates, kept between runs next to the knowledge cache (see advisor.kb.cache).

    Compiling the two templates costs about a tenth of a second, which every ``advisor report``
    would otherwise pay. Entries are keyed by template path and checked against the source's
    hash, so an edited template is recompiled. No cache is used where the folder is unusable or
    not private to this user; entries are signed like the knowledge cache.
    """
    from advisor.files import cachedir

    if not cachedir.enabled():
        return None
    folder = cachedir.trusted_dir("templates")
    return None if folder is None else _SignedBytecodeCache(folder)


def _said_once(reasons: Sequence[Any]) -> list[Any]:
    """The reasons to print for one item: a pointer (``see``) to a home already pointed at is
    left out, so that two reasons stated at the same law read as one "See ..." line."""
    seen: set[str] = set()
    out = []
    for r in reasons:
        if r.see is not None:
            if r.see in seen:
                continue
            seen.add(r.see)
        out.append(r)
    return out


@cache
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        bytecode_cache=_bytecode_cache(),
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2"),
            disabled_extensions=(),
            default_for_string=False,
            default=False,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        md=md_escape,
        code=code_span,
        mermaid=mermaid_label,
        gantt_task=_gantt_task,
        source_md=_source_md,
        answer=_answer,
        answer_of=_answer_of,
        tr=_tr,
        num=charts.number,
        scored=_scored,
        source_in=source_in,
        mitigations_shown=_mitigations_shown,
        compact=_compact,
        fence=_fence,
        said_once=_said_once,
    )
    env.tests["url"] = _is_url
    return env


def _criteria_keys(report: Report) -> list[str]:
    keys = [k for k in report.weights]
    for d in report.directions:
        keys.extend(k for k in d.criteria if k not in keys)
    return keys


def _glance(report: Report, t: ReportWords) -> dict[str, Any]:
    """The picks of the executive summary: the answer first."""
    hires = [g for g in report.team.gaps if g.priority == "now"]
    hires += [g for g in report.team.gaps if g.priority == "next"]
    if not hires:
        hires = list(report.team.gaps)
    funding = report.funding
    return {
        # the direction the summary stands on: the current one when it says keep building it
        "top_direction": pursued(report),
        "top_risks": report.risks[:3],
        "key_regulations": [r for r in report.regulations if r.applies],
        "next_hires": [g.title or g.id for g in hires[:3]],
        "funding_next": funding.next_stage.title if funding.next_stage else "",
        "next_deadline": report.upcoming[0] if report.upcoming else None,
    }


def _cases(report: Report) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for lesson in report.case_lessons:
        group = groups.setdefault(
            lesson.case,
            {"id": lesson.case, "title": lesson.case_title or lesson.case, "factors": []},
        )
        group["factors"].append(lesson)
    return list(groups.values())


def _phases(report: Report, t: ReportWords) -> list[dict[str, Any]]:
    phases: dict[str, list[dict[str, Any]]] = {}
    for n, item in enumerate(report.roadmap, start=1):
        phases.setdefault(item.phase or str(t["plan"]), []).append(
            {"n": n, "item": item, "end": max(item.end_week, item.start_week + 1)}
        )
    return [{"name": name, "tasks": tasks} for name, tasks in phases.items()]


def _sections(report: Report, full: bool = True) -> list[str]:
    sections = [
        *(["brief"] if report.brief is not None else []),
        *(["summary"] if full or report.brief is None else []),
        "profile",
        "directions",
        "risks",
        "business_models",
        "team",
        "regulations",
        "funding",
        "techniques",
        "roadmap",
        "lessons",
    ]
    if report.opportunities or report.threats or report.partnerships or report.practices:
        sections.append("outlook")
    if report.conflicts:
        sections.append("conflicts")
    sections.append("appendix")
    return sections


#: The bar chart shows the leading directions; the table below it lists them all.
TOP_DIRECTIONS_CHARTED = 15


def _charts(report: Report, t: ReportWords) -> dict[str, str]:
    numbered = [
        charts.HeatPoint(n, r.likelihood, r.impact, r.severity, r.title)
        for n, r in enumerate(report.risks, start=1)
    ]
    return {
        "directions": charts.direction_bars(
            [charts.Bar(d.title, d.score) for d in report.directions[:TOP_DIRECTIONS_CHARTED]],
            title=t["directions"],
        ),
        "risks": charts.risk_heatmap(
            numbered,
            title=t["heatmap"],
            x_label=t["likelihood"],
            y_label=t["impact"],
            severity_names={k: str(v) for k, v in t["severity_of"].items()},
        ),
        "roadmap": charts.roadmap_bars(
            [
                charts.Span(i.title, i.start_week, i.end_week, i.phase or t["plan"])
                for i in report.roadmap
            ],
            title=t["roadmap"],
            week_label=t["week"],
        ),
    }


#: what the standard detail shows of each list (``--detail full`` shows every item)
SHOWN_DIRECTIONS = 5
SHOWN_SENSITIVITY = 5
SHOWN_BUSINESS_MODELS = 3
SHOWN_CASES = 3


def _split(items: Sequence[Any], keep: Callable[[Any], bool], full: bool) -> dict[str, list[Any]]:
    """``shown`` and ``rest`` of a list: everything is shown at full detail."""
    if full:
        return {"shown": list(items), "rest": []}
    return {
        "shown": [x for x in items if keep(x)],
        "rest": [x for x in items if not keep(x)],
    }


def _depth(report: Report, full: bool) -> dict[str, Any]:
    """What the standard detail shows of each section, and what it names in one line."""
    chosen = pursued(report)
    top = report.directions[:SHOWN_DIRECTIONS]
    directions = _split(report.directions, lambda d: d in top or d.current or d is chosen, full)
    marked = any(d.leader for d in report.directions)
    cards = [
        d
        for d in report.directions
        if d.leader or d.current or (not marked and d.rank <= SHOWN_DIRECTIONS)
    ]
    fitting = [b for b in report.business_models if not b.advised_against]
    models = _split(report.business_models, lambda b: b in fitting[:SHOWN_BUSINESS_MODELS], full)
    markets = set(answer_list(report, "markets"))
    laws = _split(report.regulations, lambda x: x.applies, full)
    explained = [d for d in cards if full or d is chosen or d.rank == 1]
    used = {(r.rule, r.text) for d in explained for rs in d.criteria_reasons.values() for r in rs}
    relevant = [n for n in report.case_notes if n.relevant]
    closest = sorted(relevant, key=lambda n: -len(n.shared))[:SHOWN_CASES]
    return {
        # the cases closest to the founder (most success factors shared) in full
        "cases": _split(relevant, lambda n: n in closest, full),
        "directions": directions,
        # the shared factors the explained directions' contributions name (all at full detail)
        "factors": [
            f
            for f in report.direction_factors
            if (f.moves_leader or not marked) and (full or (f.rule, f.text) in used)
        ],
        # the full explanation: the direction the summary stands on and the best-scoring one
        "explained": explained,
        "unexplained": [d for d in cards if d not in explained],
        "sensitivity": report.sensitivity if full else report.sensitivity[:SHOWN_SENSITIVITY],
        "risks": _split(report.risks, lambda r: r.severity != "low", full),
        "business_models": models,
        "laws": laws,
        # a law that does not apply says why in one line: its own sentence where a rule
        # exempts the founder (Art. 2(3) ...), else outside their markets or not triggered
        "laws_exempt": [x for x in laws["rest"] if x.not_applicable_because],
        "laws_elsewhere": [
            x
            for x in laws["rest"]
            if not x.not_applicable_because and market_of(x.jurisdiction) not in markets
        ],
        "laws_untriggered": [
            x
            for x in laws["rest"]
            if not x.not_applicable_because and market_of(x.jurisdiction) in markets
        ],
        "techniques": _split(report.techniques, lambda x: x.priority in ("now", "next"), full),
        "profile": _split(report.profile_rows, lambda row: not row.assumed, full),
    }


def _view(report: Report, t: ReportWords, fmt: Format, detail: Detail = "full") -> dict[str, Any]:
    company = report.company_name or str(report.profile.get("company_name") or "") or t["untitled"]
    full = detail == "full"
    return {
        "company": company,
        "full": full,
        "depth": _depth(report, full),
        "glance": _glance(report, t),
        "criteria": _criteria_keys(report),
        "quadrant": [
            {
                "label": d.title,
                "x": _unit(d.criteria.get("technical_feasibility", 0.0)),
                "y": _unit(d.criteria.get("market_need", 0.0)),
            }
            for d in report.directions[:8]
        ],
        "phases": _phases(report, t),
        "cases": _cases(report),
        "regulation_titles": {r.id: r.title for r in report.regulations},
        "sections": _sections(report, full),
        "charts": _charts(report, t) if fmt == "html" else {},
        "severity_colours": charts.SEVERITY_COLOURS,
        "unsure": unsure_view(report, words_for(report.lang)["unsure"], t["colon"], full),  # type: ignore[arg-type]
    }


def to_plain(value: Any) -> Any:
    """JSON-ready data of a report record: records as dicts in field order, dates as ISO.

    The shape is the pydantic model's (:mod:`advisor.report.schema`), which the records are
    generated from; the tests validate every example's output against it.
    """
    if isinstance(value, Record):
        return {f: to_plain(getattr(value, f)) for f in value.FIELDS}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value


def render(report: Report, fmt: Format, detail: Detail = "standard") -> str:
    """The report as text in one format: ``md``, ``html`` or ``json`` (the contract), at a
    ``detail`` level (Markdown and HTML only).

    Raises:
        ValueError: for an unknown format.
    """
    if fmt == "json":
        plain = to_plain(report)  # strict JSON: a NaN here is a bug, not output
        return json.dumps(plain, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if fmt not in _TEMPLATES:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; use one of {', '.join(DETAILS)}")
    words = words_for(report.lang)
    t = words["report"]
    template = _environment().get_template(_TEMPLATES[fmt])
    view = _view(report, t, fmt, detail)
    text = template.render(report=report, t=t, b=words["brief"], u=words["unsure"], view=view)
    return text if text.endswith("\n") else text + "\n"
