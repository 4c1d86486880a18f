"""Golden files: the whole fixture report in every format. ``UPDATE_GOLDEN=1`` rewrites them."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from advisor.report.model import Report
from advisor.report.render import render

GOLDEN = Path(__file__).parent / "golden"
CASES = [("en", "md"), ("en", "html"), ("en", "json"), ("zh", "md"), ("zh", "html")]


@pytest.mark.parametrize(("lang", "fmt"), CASES)
def test_report_matches_golden_file(report: Report, report_zh: Report, lang: str, fmt: str) -> None:
    value = report_zh if lang == "zh" else report
    text = render(value, fmt)  # type: ignore[arg-type]
    path = GOLDEN / f"report.{lang}.{fmt}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to write it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path.name} differs; review and rerun with UPDATE_GOLDEN=1"


def test_rendering_is_deterministic(report: Report) -> None:
    for fmt in ("md", "html", "json"):
        assert render(report, fmt) == render(copy.deepcopy(report), fmt)
