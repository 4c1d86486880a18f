"""How long the report is, for every bundled example in English and Chinese: the Markdown body
(before the appendix) and whole file in lines at both detail levels, and the HTML page's height
at 1280 px wide in headless Chromium (Debian's ``chromium`` and ``chromium-driver``; the column
is left out when they are missing). Issue 12's target: a standard Markdown body of at most 450
lines on every example.

    PYTHONPATH=. python benchmarks/report_size.py [--out benchmarks/results/report_size.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_BODY_LINES = 450


def _browser() -> Any:
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_window_size(1280, 900)
    return driver


def measure() -> list[dict[str, Any]]:
    from advisor.advice.assemble import assemble_report
    from advisor.advice.session import open_session
    from advisor.answers.profile import load_answers_file
    from advisor.report.render import render
    from advisor.words.catalog import words_for

    session = open_session()
    browser = _browser()
    rows: list[dict[str, Any]] = []
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.name != "evidence.json")
    with tempfile.TemporaryDirectory() as tmp:
        for example in examples:
            for lang in ("en", "zh"):
                profile = load_answers_file(session.kb, example)
                report = assemble_report(session, profile, lang=lang)
                appendix = "## " + words_for(lang)["report"]["appendix"]
                row: dict[str, Any] = {"example": example.stem, "lang": lang}
                for detail in ("standard", "full"):
                    md = render(report, "md", detail)
                    row[f"md_body_{detail}"] = len(md.split(appendix)[0].splitlines())
                    row[f"md_lines_{detail}"] = len(md.splitlines())
                if browser is not None:
                    page = Path(tmp) / f"{example.stem}.{lang}.html"
                    page.write_text(render(report, "html"), encoding="utf-8")
                    browser.get(page.as_uri())
                    height = browser.execute_script("return document.documentElement.scrollHeight")
                    row["html_px_standard"] = int(height)
                rows.append(row)
    if browser is not None:
        browser.quit()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/report_size.json")
    args = parser.parse_args(argv)
    rows = measure()
    head = ("example", "lang", "body", "md", "body full", "md full", "html px")
    keys = ("md_body_standard", "md_lines_standard", "md_body_full", "md_lines_full")
    print(f"{head[0]:34} {head[1]:4} " + " ".join(f"{h:>9}" for h in head[2:]))
    for r in rows:
        cells = [*(r[k] for k in keys), r.get("html_px_standard", "-")]
        print(f"{r['example']:34} {r['lang']:4} " + " ".join(f"{c:>9}" for c in cells))
    ok = all(r["md_body_standard"] <= TARGET_BODY_LINES for r in rows)
    print(
        f"target: standard Markdown body <= {TARGET_BODY_LINES} lines: "
        + ("met" if ok else "NOT met")
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "benchmark": "report_size",
                "date": date.today().isoformat(),
                "python": platform.python_version(),
                "rows": rows,
                "target_body_lines": TARGET_BODY_LINES,
                "target_met": ok,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
