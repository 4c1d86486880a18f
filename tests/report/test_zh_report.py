"""``--lang zh`` on every example: the body of the Markdown report reads as Chinese.

The body is everything before the appendix (the appendix is a rule trace: rule ids and the raw
answers). Two checks run on it:

* **No English words.** A run of two or more Latin letters fails unless it is one of:

  - text in a code span or a URL (ids, commands, addresses are not prose);
  - HTML markup the Markdown carries (``<br>`` in table cells);
  - a citation, taken by value from the report: an obligation's citation, the sources of a
    reason, the texts a law was checked against. A citation names a law, an article or a paper
    in the language it was published in, as a reader needs it to look the text up; the words
    *around* it (a duty's description, ``（开发者义务）``) are Chinese, which is checked apart;
  - a name: the company's own name, the names of the cases (companies), and the short list
    ``NAMES`` below (products, methods and programmes known by their English name in Chinese
    writing too);
  - an acronym, two to six capitals (GDPR, CCPA, HIPAA, API, GPU, CEO), which Chinese technical
    and legal writing uses as it is;
  - a command-line option (``--evidence``) or a domain name (``sbir.gov``).

* **Full-width punctuation.** An ASCII ``(``, ``)``, ``"; "`` or ``", "`` directly next to a
  Chinese character fails, and so does an ASCII colon after one: Chinese text brackets with
  ``（）``, separates with ``；`` and ``、`` and puts ``：`` after a label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.assemble import assemble_report
from advisor.advice.session import Session
from advisor.answers.profile import load_answers_file
from advisor.kb.recordbase import Record, source_in
from advisor.report.model import Report
from advisor.report.render import md_escape, render
from advisor.words.catalog import words_for

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    p
    for p in (ROOT / "examples").iterdir()
    if p.suffix in {".yaml", ".json"} and p.stem != "evidence"
)

#: Names Chinese writing keeps in English: products and platforms, methods known by their
#: English name, and the companies behind the book's cases that are not taken from the report.
NAMES = frozenset(
    {
        "SaaS",  # software as a service: written so in Chinese business writing
        "MLOps",
        "Transformer",  # the model architecture
        "Adam",  # optimisers
        "AdamW",
        "Adadelta",
        "RMSprop",
        "FedAvg",
        "Word2Vec",
        "Skip-Gram",
        "EuroHPC",  # the EU's joint undertaking, named so in its own Chinese material
        "De",  # FDA's "De Novo" pathway
        "Novo",
        "IIa",  # a device class of the EU's Medical Device Regulation
    }
)

CITATION_FIELDS = frozenset({"sources", "citation", "citations"})

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z][A-Za-z0-9]*)*")
_ACRONYM = re.compile(r"[A-Z]{2,6}s?|[A-Z]{2,6}[0-9]*")
_KEY = re.compile(r"[A-Z][0-9]+")  # the keys that number the shared factors: F1, F2
_IDEOGRAPH = "\u3400-\u9fff"
_BAD_PUNCTUATION = re.compile(
    rf"[{_IDEOGRAPH}][()]|[()][{_IDEOGRAPH}]|[{_IDEOGRAPH}]; |; [{_IDEOGRAPH}]"
    rf"|[{_IDEOGRAPH}], |, [{_IDEOGRAPH}]|[{_IDEOGRAPH}]\**:"  # and "标签:" for "标签："
    # a full-width bracket carries its own space: "适中 （按默认值假设）", "（1） +20" are wrong
    rf"|[{_IDEOGRAPH}] （|） [+\-{_IDEOGRAPH}]"
)
_CODE = re.compile(r"(`+).+?\1", re.S)
_URL = re.compile(r"<?https?://[^\s>)）]+>?")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
_DOMAIN = re.compile(r"(?<![A-Za-z0-9.-])[a-z0-9-]+\.(?:gov|org|com|eu|uk|cn)(?![A-Za-z])")


def _walk(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, Record):
        for name in type(value).FIELDS:
            yield from _walk(getattr(value, name), name)
        if type(value).__name__ == "VerifiedAgainst":
            yield "citation", value.text
    elif isinstance(value, dict):
        for v in value.values():
            yield from _walk(v, key)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _walk(v, key)
    else:
        yield key, value


def _citations(report: Report) -> list[str]:
    found = {v for k, v in _walk(report) if k in CITATION_FIELDS and isinstance(v, str) and v}
    found |= {source_in(v, report.labels) for v in found}  # as the report names the law
    return sorted(found, key=len, reverse=True)  # the longest first: one may hold another


def _names(report: Report) -> list[str]:
    names = {report.company_name, *(c.case_title for c in report.case_lessons)}
    names |= {str(n.title) for n in report.cases} | {c.title for c in report.case_notes}
    # "DeepMind (Google DeepMind)": the prose may name the company by either part
    names |= {part.strip() for n in list(names) for part in re.split(r"[()（）]", n)}
    return sorted((n for n in names if n), key=len, reverse=True)


_REPORTS: dict[Path, Report] = {}


def _report(session: Session, path: Path) -> Report:
    if path not in _REPORTS:  # each example is built once, for all the checks on it
        profile = load_answers_file(session.kb, path)
        _REPORTS[path] = assemble_report(session, profile, lang="zh")
    return _REPORTS[path]


def body(report: Report) -> str:
    """The Markdown report up to its appendix, without its title line (the company's name) and
    the line of when and from which knowledge version it was made (a timestamp and a hash)."""
    t = words_for("zh")["report"]
    md = render(report, "md").split(f"\n## {t['appendix']}\n", 1)[0]
    lines = md.split("\n")[1:]
    return "\n".join(line for line in lines if not line.startswith(t["generated_at"]))


def prose(report: Report) -> str:
    """The body with what may be Latin script taken out (see the module's docstring)."""
    text = body(report)
    for name in _names(report):  # first: a name may look like markup
        text = text.replace(md_escape(name), " ")
    for cite in _citations(report):
        text = text.replace(md_escape(cite), " ")
    text = _CODE.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _OPTION.sub(" ", text)
    return _DOMAIN.sub(" ", text)


def english_words(report: Report) -> list[str]:
    return [
        w
        for w in _WORD.findall(prose(report))
        if sum(c.isalpha() for c in w) >= 2
        and w not in NAMES
        and not _ACRONYM.fullmatch(w)
        and not _KEY.fullmatch(w)
    ]


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def report(request: pytest.FixtureRequest, session: Session) -> Report:
    return _report(session, request.param)


def test_the_chinese_report_has_no_english_words(report: Report) -> None:
    words = english_words(report)
    assert not words, sorted(set(words), key=str.lower)


def test_the_chinese_report_brackets_and_separates_in_full_width(report: Report) -> None:
    text = body(report)
    text = _CODE.sub(" ", text)
    text = _URL.sub(" ", text)
    for cite in _citations(report):  # "EU AI Act Art. 50(1)" keeps its own brackets
        text = text.replace(md_escape(cite), " ")
    bad = [text[max(0, m.start() - 12) : m.end() + 12] for m in _BAD_PUNCTUATION.finditer(text)]
    assert not bad, bad


def test_the_words_around_a_duty_citation_are_chinese(report: Report) -> None:
    """A citation keeps the law's id and article, but what it says about them is Chinese."""
    for reg in report.regulations:
        for o in reg.obligations:
            assert not re.search(r"\((?:[a-z]{4,}|[a-z]+(?: [a-z]+)+)\)", o.citation), o.citation


def test_article_50_terms_are_right(report: Report) -> None:
    """AI-generated content is 人工智能生成（内容）, never 人工生成 (made by hand)."""
    assert "人工生成" not in body(report)


def test_the_report_says_you_one_way() -> None:
    """One register throughout: the catalog addresses the reader as 你, as the knowledge does."""
    t = words_for("zh")
    for table in t.values():
        for value in _leaves(table):
            assert "您" not in value, value


def _leaves(table: Any) -> Iterator[str]:
    if isinstance(table, dict):
        for v in table.values():
            yield from _leaves(v)
    else:
        yield str(table)
