"""The adaptive questionnaire against the full one (issue 13's targets).

For every bundled example (``examples/*.yaml``, ``examples/*.json``) and every profile fixture
(``tests/profiles/*.yaml``, their ``answers``):

* **full**: the report on the whole answers file (defaults for what it leaves out), and the number
  of questions a full run asks (every question that applies to those answers);
* **adaptive**: ``advisor ask --adaptive --oracle FILE`` in-process (the same
  ``run_questionnaire`` with the same chooser the CLI builds), every question it asks answered
  from the file, and the report on what it asked (every other question unknown);
* **same headline**: the adaptive report's headline (:mod:`advisor.advice.headline`) equals the
  full one's (target: 100% of profiles);
* **asked / full**: questions the adaptive run asked over questions the full run asks (target:
  mean <= 0.60);
* **pick**: the time the chooser takes for one next question, median over every pick of every
  profile (target: <= 100 ms, one process on one core).

``--bound`` adds a column: how many questions each *alone* can change the headline (every other
answer as the file gives it; the question's values enumerated: every choice, true and false,
each number around every threshold a rule compares it with, no/one/every choice of a multi).
No sound stopping rule can skip one of them, so ``bound / full`` is the least ``asked / full``
any adaptive questionnaire can reach on this headline (questions that change it only together
with others come on top).

``--bound-risks ranked,critical,none`` counts that bound for other readings of the headline's
risks (the adaptive run itself keeps the contract's): ``ranked`` is the contract (DESIGN.md:
the five most severe risks and their severities, a place tied with the sixth naming no risk);
``critical`` names only the critical risks among the five (the rest keep their severity alone);
``none`` leaves risks out of the headline.

    .venv/bin/python benchmarks/advisor_adaptive.py [--out PATH] [--bound] [--bound-risks LIST]
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.advice.adaptive import make_chooser  # noqa: E402
from advisor.advice.assemble import assemble_report  # noqa: E402
from advisor.advice.headline import Headline, headline  # noqa: E402
from advisor.advice.session import Session, open_session  # noqa: E402
from advisor.advice.trials import trial_values  # noqa: E402
from advisor.answers.profile import Profile, build_profile, load_answers_file  # noqa: E402
from advisor.answers.questionnaire import run_questionnaire  # noqa: E402
from advisor.files.yamlio import dump_yaml, load_yaml_file  # noqa: E402

TARGET_RATIO = 0.60
TARGET_PICK_MS = 100.0


def profiles() -> list[Path]:
    found = [*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")]
    found = [p for p in found if p.name != "evidence.json"]
    return sorted(found) + sorted(ROOT.glob("tests/profiles/*.yaml"))


def answers_file(path: Path, tmp: Path) -> Path:
    """An answers file for ``path``: itself, or a profile fixture's ``answers`` written out."""
    if path.parent.name != "profiles":
        return path
    out = tmp / f"{path.stem}.yaml"
    out.write_text(dump_yaml(dict(load_yaml_file(path).data["answers"])), encoding="utf-8")
    return out


def full_headline(session: Session, profile: Profile) -> Headline:
    return headline(assemble_report(session, profile, with_sensitivity=False))


def adaptive_run(session: Session, oracle: Path) -> tuple[Profile, list[float]]:
    """The adaptive questionnaire answered from ``oracle``; the seconds of each pick."""
    chooser = make_chooser(session, "en")
    picks: list[float] = []

    def timed(answers: Mapping[str, Any], asked: Sequence[str]) -> tuple[str, str] | None:
        start = time.perf_counter()
        found = chooser(answers, asked)
        picks.append(time.perf_counter() - start)
        return found

    profile = run_questionnaire(
        session.kb,
        oracle=oracle,
        chooser=timed,
        review=False,
        ask_all_after=False,
        interactive=False,
        stdout=io.StringIO(),  # its notes are not part of the measurement
    )
    return profile, picks


def critical_only(h: Headline) -> Headline:
    """The headline with only the critical risks named (see ``--bound-risks``)."""
    risks = sorted((r if s == "critical" else "", s) for r, s in h.top_risks)
    return h.replace(top_risks=tuple(risks))


#: the readings of the headline's risks that ``--bound-risks`` can count the bound for
READINGS: dict[str, Callable[[Headline], Headline]] = {
    "ranked": lambda h: h,
    "critical": critical_only,
    "none": lambda h: h.replace(top_risks=()),
}


def _bound_key(reading: str) -> str:
    """The row's key for the bound under ``reading``: ``bound`` for the contract's."""
    return "bound" if reading == "ranked" else f"bound_{reading}"


def needed(
    session: Session,
    full: Profile,
    reading: Callable[[Headline], Headline] = READINGS["ranked"],
) -> int:
    """How many questions alone can change the headline, read by ``reading`` (see
    ``--bound``)."""
    reference = reading(full_headline(session, full))
    count = 1  # the company name: always asked
    for qid, value in full.answers.items():
        q = session.kb.questions.get(qid)
        if q is None or qid == "company_name":
            continue
        for v in trial_values(session.kb, q):
            if v == value:
                continue
            try:
                other = build_profile(session.kb, {**dict(full.answers), qid: v})
            except Exception:  # a value this question refuses: not a case
                continue
            if reading(full_headline(session, other)) != reference:
                count += 1
                break
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/advisor_adaptive.json")
    ap.add_argument(
        "--bound",
        action="store_true",
        help="also count the questions any sound stopping rule must ask (slower)",
    )
    ap.add_argument(
        "--bound-risks",
        default="ranked",
        help="with --bound: the readings of the headline's risks to count it for, "
        f"comma-separated, of {', '.join(READINGS)} (default: ranked, the contract's)",
    )
    args = ap.parse_args(argv)
    bounds = [r.strip() for r in args.bound_risks.split(",") if r.strip()] if args.bound else []
    wrong = [r for r in bounds if r not in READINGS]
    if wrong or (args.bound and not bounds):
        allowed = ", ".join(READINGS)
        ap.error(f"--bound-risks: {', '.join(wrong) or 'none given'}; allowed: {allowed}")
    session = open_session()
    rows: list[dict[str, Any]] = []
    all_picks: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in profiles():
            oracle = answers_file(path, Path(tmp))
            full = load_answers_file(session.kb, oracle)
            reference = full_headline(session, full)
            adaptive, picks = adaptive_run(session, oracle)
            all_picks.extend(picks)
            got = full_headline(session, adaptive)
            row: dict[str, Any] = {
                "profile": path.stem,
                "full": len(full.answers),
                "asked": len(adaptive.asked),
                "ratio": round(len(adaptive.asked) / len(full.answers), 3),
                "same_headline": got == reference,
                "differs": [f for f, a in reference.as_dict().items() if got.as_dict()[f] != a],
                "pick_ms_median": round(statistics.median(picks) * 1000, 2),
            }
            for name in bounds:
                row[_bound_key(name)] = needed(session, full, READINGS[name])
            rows.append(row)
    same = sum(r["same_headline"] for r in rows) / len(rows)
    ratio = statistics.mean(r["ratio"] for r in rows)
    pick = statistics.median(all_picks) * 1000
    head = f"{'profile':34} {'full':>4} {'asked':>5} {'ratio':>6} {'same':>5} {'pick ms':>8}"
    print(head + "".join(f" {_bound_key(n):>14}" for n in bounds))
    for r in rows:
        line = (
            f"{r['profile']:34} {r['full']:4d} {r['asked']:5d} {r['ratio']:6.2f} "
            f"{'yes' if r['same_headline'] else 'NO':>5} {r['pick_ms_median']:8.1f}"
        )
        print(line + "".join(f" {r[_bound_key(n)]:14d}" for n in bounds))
    summary: dict[str, Any] = {
        "profiles": len(rows),
        "same_headline_share": round(same, 3),
        "mean_asked_ratio": round(ratio, 3),
        "pick_ms_median": round(pick, 2),
        "picks": len(all_picks),
        "targets": {
            "same_headline_share": 1.0,
            "mean_asked_ratio": TARGET_RATIO,
            "pick_ms_median": TARGET_PICK_MS,
        },
    }
    least = []
    for name in bounds:
        key = _bound_key(name)
        mean = round(statistics.mean(r[key] / r["full"] for r in rows), 3)
        summary[f"mean_{key}_ratio"] = mean
        least.append(f"{name} {mean:.3f}")
    print(
        f"same headline {same:.0%} (target 100%) · mean asked/full {ratio:.3f} "
        f"(target <= {TARGET_RATIO}) · pick median {pick:.1f} ms (target <= {TARGET_PICK_MS:.0f})"
        + (f" · least possible asked/full: {', '.join(least)}" if least else "")
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "benchmark": "advisor_adaptive",
                "date": date.today().isoformat(),
                "python": platform.python_version(),
                "summary": summary,
                "rows": rows,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    ok = same == 1.0 and ratio <= TARGET_RATIO and pick <= TARGET_PICK_MS
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
