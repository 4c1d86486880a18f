"""Small readers the report tests use: Markdown tables and fenced blocks, HTML tag balance."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


def split_row(line: str) -> list[str]:
    """The cells of a GFM table row: ``|`` splits unless backslash-escaped."""
    cells: list[str] = []
    cell = ""
    i = 0
    body = line.strip()
    assert body.startswith("|") and body.endswith("|"), line
    body = body[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            cell += body[i : i + 2]
            i += 2
            continue
        if ch == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += ch
        i += 1
    cells.append(cell)
    return cells


def tables(markdown: str) -> list[list[str]]:
    """Every table of a Markdown text (outside fenced blocks) as its list of lines."""
    found: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            current.append(line)
            continue
        if current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def fenced_blocks(markdown: str, info: str) -> list[str]:
    """The bodies of the fenced blocks whose info string is ``info``."""
    pattern = re.compile(rf"^```{re.escape(info)}\n(.*?)^```$", re.S | re.M)
    return pattern.findall(markdown)


class TagBalance(HTMLParser):
    """Records every unbalanced or misnested tag of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value is not None:
                self.hrefs.append(value)


def check_html(document: str) -> TagBalance:
    parser = TagBalance()
    parser.feed(document)
    parser.close()
    return parser
