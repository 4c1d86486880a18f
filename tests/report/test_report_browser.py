"""The HTML report in a real browser: Debian's Chromium, driven by selenium through chromedriver.

``.ci/run`` installs ``chromium`` and ``chromium-driver``; nothing is downloaded at run time
(selenium is pointed at ``/usr/bin/chromedriver``, so its driver manager never runs). Screenshots
of the top of each report land in the test's tmp folder for a person to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from advisor.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [
    ROOT / "examples" / "healthcare_eu_seed.yaml",
    ROOT / "examples" / "fintech_credit_series_a.yaml",
]
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = (1280, 390)  # a laptop and a phone


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",  # the network is closed: no update or sync calls
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("html")
    made: dict[tuple[str, str], Path] = {}
    for example in EXAMPLES:
        for lang in ("en", "zh"):
            target = folder / f"{example.stem}.{lang}.html"
            with pytest.raises(SystemExit) as done:
                main(["report", "--answers", str(example), "--lang", lang, "-o", str(target)])
            assert done.value.code == 0
            made[(example.stem, lang)] = target
    return made


def _open(browser: webdriver.Chrome, page: Path, width: int, height: int = 800) -> None:
    browser.set_window_size(width, height)
    browser.get(page.as_uri())
    # the window size includes the browser's frame: make the viewport itself the width asked for
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    browser.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
    browser.get(page.as_uri())


OVERFLOWING = """
const limit = document.documentElement.clientWidth;
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  // content inside a scrolling box (a wide table's wrapper, a code block) scrolls, it does not
  // push the page sideways
  let box = el.parentElement, scrolled = false;
  while (box && box !== document.body) {
    const s = getComputedStyle(box).overflowX;
    if (s === 'auto' || s === 'scroll' || s === 'hidden') { scrolled = true; break; }
    box = box.parentElement;
  }
  if (scrolled) continue;
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > limit + 1)
    out.push(el.tagName + ' ' + (el.id || el.className) + ' right=' + Math.round(r.right));
}
return [document.documentElement.scrollWidth, limit, out.slice(0, 10)];
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nothing_overflows_the_page_sideways(
    browser: webdriver.Chrome,
    reports: dict[tuple[str, str], Path],
    tmp_path: Path,
    lang: str,
    width: int,
) -> None:
    for example in EXAMPLES:
        _open(browser, reports[(example.stem, lang)], width)
        scroll_width, client_width, culprits = browser.execute_script(OVERFLOWING)
        assert scroll_width <= client_width and not culprits, (example.stem, culprits)
        shot = tmp_path / f"{example.stem}.{lang}.{width}.png"
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_brief_fits_the_first_screen(
    browser: webdriver.Chrome, reports: dict[tuple[str, str], Path], tmp_path: Path, lang: str
) -> None:
    """The whole brief (decision, reasons, risks, law, cash, actions) is inside a 1280x800
    viewport before any scrolling; its screenshot is kept for a person to look at."""
    for example in EXAMPLES:
        _open(browser, reports[(example.stem, lang)], 1280, 800)
        top, bottom, height, parts = browser.execute_script(
            "const b = document.getElementById('brief'); const r = b.getBoundingClientRect();"
            "return [r.top, r.bottom, window.innerHeight,"
            " b.querySelectorAll('.decision, ol li, table tbody tr, ul.legal li').length];"
        )
        assert top >= 0 and bottom <= height, (example.stem, lang, top, bottom, height)
        assert parts >= 1 + 3 + 3 + 1, (example.stem, parts)  # something in every part
        shot = tmp_path / f"brief.{example.stem}.{lang}.png"
        assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


OPEN_ALL = """
const out = [];
for (const d of document.querySelectorAll('details')) {
  d.querySelector('summary').click();
  const inner = Array.from(d.children).filter(c => c.tagName !== 'SUMMARY');
  const shown = inner.some(c => c.getBoundingClientRect().height > 0);
  out.push([d.open, shown, d.querySelector('summary').textContent]);
}
return out;
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_folded_part_opens(
    browser: webdriver.Chrome, reports: dict[tuple[str, str], Path], lang: str
) -> None:
    for example in EXAMPLES:
        _open(browser, reports[(example.stem, lang)], 1280)
        folded = browser.execute_script(OPEN_ALL)
        assert folded, example.stem  # the standard detail folds the rest of long lists
        closed = [summary for is_open, shown, summary in folded if not (is_open and shown)]
        assert not closed, (example.stem, closed)
