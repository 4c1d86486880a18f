"""``advisor kb diff`` over a cohort: 1,000 answers files, two kinds of knowledge change.

The cohort is generated deterministically from the bundled examples: profile ``i`` starts from
example ``i mod 8`` and changes two to four answers (choice, yes/no and number questions, values
drawn with ``random.Random(i)`` from each question's own choices and range); a variant the
questions refuse is drawn again. The files are written as JSON into a temporary folder.

Two changes, each as a ``--kb`` layer written into a temporary folder (``knowledge/`` is never
touched), timed end to end through the CLI (a fresh process: load both knowledge bases from the
cache, start the workers, diff, print JSON):

* **rule**: ``rule/risks_no_training_data`` fires on small data too and raises the likelihood to 5
  (a rule-only change: profiles whose conclusions are equal are not assembled);
* **node**: ``risk/insufficient_training_data`` gets impact 5 (a node change: every profile is
  assembled twice).

Target: 1,000 profiles in under 30 s on 2 cores.

    .venv/bin/python benchmarks/advisor_kb_diff.py [--profiles 1000] [--workers 2] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RULE_CHANGE = """\
rules:
  - id: rule/risks_no_training_data
    sources: [ch5.3, ch6.2, ch8.1]
    when:
      any:
        - {fact: data_volume, in: [none, small]}
    then:
      - raise_risk: {id: risk/insufficient_training_data, likelihood: 5}
      - raise_risk: {id: risk/performance_shortfall}
      - recommend: {id: mitigation/transfer_learning_from_pretrained, priority: now, fit: 20}
      - recommend: {id: mitigation/proprietary_data_moat, priority: next}
      - recommend: {id: mitigation/synthetic_data_generation, priority: next}
    because:
      en: Little or no task data means any model must start from pretrained knowledge.
      zh: 任务数据很少或没有，任何模型都只能从预训练知识起步。
"""


def node_change() -> str:
    """The built-in ``risk/insufficient_training_data`` with impact 5, as a layer."""
    from advisor.files.yamlio import dump_yaml, load_yaml_file

    doc = load_yaml_file(ROOT / "knowledge/risks/technical.yaml")
    node = next(n for n in doc.data["nodes"] if n["id"] == "risk/insufficient_training_data")
    node = {**node, "impact": 5}
    return dump_yaml({"nodes": [node]})


def generate(n: int, folder: Path) -> int:
    """Write ``n`` valid answers files; return how many draws the questions refused."""
    from advisor.advice.session import open_session
    from advisor.answers.profile import build_profile, load_answers_file
    from advisor.errors import AnswersError

    kb = open_session().kb
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json"))
    bases = []
    for p in examples:
        try:
            bases.append(dict(load_answers_file(kb, p).answers))
        except AnswersError:
            continue  # examples/evidence.json is not an answers file
    questions = [q for q in kb.questions.values() if q.type in ("choice", "bool", "int")]
    refused = 0
    for i in range(n):
        rng = random.Random(i)
        while True:
            answers = dict(bases[i % len(bases)])
            for q in rng.sample(questions, rng.randint(2, 4)):
                if q.type == "choice":
                    answers[q.id] = rng.choice(q.values)
                elif q.type == "bool":
                    answers[q.id] = rng.random() < 0.5
                else:
                    lo = int(q.min if q.min is not None else 0)
                    hi = int(q.max if q.max is not None else max(lo + 1, 60))
                    answers[q.id] = rng.randint(lo, min(hi, lo + 200))
            try:
                build_profile(kb, answers)
            except AnswersError:
                refused += 1
                continue
            break
        (folder / f"profile_{i:05d}.json").write_text(
            json.dumps(answers, ensure_ascii=False, default=list), encoding="utf-8"
        )
    return refused


def run_diff(profiles: Path, layer: Path, workers: int) -> tuple[float, dict[str, Any]]:
    cmd = [
        str(ROOT / ".venv/bin/advisor"),
        "kb",
        "diff",
        "--profiles",
        str(profiles),
        "--kb",
        str(layer),
        "--workers",
        str(workers),
        "--format",
        "json",
    ]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    secs = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"kb diff failed ({done.returncode}): {done.stderr[-2000:]}")
    return secs, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/advisor_kb_diff.json"))
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        cohort = base / "profiles"
        cohort.mkdir()
        t0 = time.perf_counter()
        refused = generate(args.profiles, cohort)
        gen_s = time.perf_counter() - t0
        for name, text, suffix in (
            ("rule", RULE_CHANGE, "yaml"),
            ("node", node_change(), "yaml"),
        ):
            layer = base / f"kb_{name}"
            layer.mkdir()
            (layer / f"change.{suffix}").write_text(text, encoding="utf-8")
            # a first run fills the knowledge cache for the new layer (as an author's first
            # `kb validate` would); the timed run is the second
            run_diff(cohort, layer, args.workers)
            secs, data = run_diff(cohort, layer, args.workers)
            print(f"{name}: {secs:.2f} s", file=sys.stderr)
            s = data["summary"]
            rows.append(
                {
                    "change": name,
                    "profiles": data["profiles"],
                    "seconds": round(secs, 2),
                    "ms_per_profile": round(1e3 * secs / max(1, data["profiles"]), 2),
                    "changed": s["changed"],
                    "headline_changed": s["headline_changed"],
                    "under_30s": secs < 30,
                }
            )
    print(f"generated {args.profiles} profiles in {gen_s:.1f} s ({refused} draws refused)\n")
    print(f"{'change':<8}{'profiles':>9}{'seconds':>9}{'ms/prof':>9}{'changed':>9}{'headline':>9}")
    for r in rows:
        print(
            f"{r['change']:<8}{r['profiles']:>9}{r['seconds']:>9.2f}{r['ms_per_profile']:>9.2f}"
            f"{r['changed']:>9}{r['headline_changed']:>9}"
        )
    result = {
        "benchmark": "advisor_kb_diff",
        "date": date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "workers": args.workers,
        "target": "1,000 profiles in under 30 s on 2 cores",
        "runs": rows,
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
