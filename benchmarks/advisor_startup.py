"""Start-up cost of a whole ``advisor report`` process against importing its four libraries.

Three commands run as subprocesses of the same interpreter (``sys.executable``), interleaved
round by round so that machine load hits all of them alike:

* ``baseline``: ``python -c "import yaml, jinja2, networkx, pydantic"``;
* ``report (cache)``: ``python -m advisor report --answers examples/healthcare_eu_seed.yaml -o TMP``
  with the knowledge cache warm (a private ``ADVISOR_CACHE_DIR``, filled by one untimed run);
* ``report (no cache)``: the same with ``ADVISOR_NO_CACHE=1`` (parse + validate every YAML file).

Per command: median and min wall time, and median CPU time (user + sys of the child, which a busy
machine disturbs less than wall time). Target: a report within 2.0x of the import baseline.
Also checks, with ``python -X importtime``, that a report never imports torch or sklearn.

    .venv/bin/python benchmarks/advisor_startup.py [--repeats 15] [--out PATH]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = "examples/healthcare_eu_seed.yaml"
FORBIDDEN = ("torch", "sklearn")
TARGET = 2.0


def _report_cmd(out: Path) -> list[str]:
    return [sys.executable, "-m", "advisor", "report", "--answers", ANSWERS, "-o", str(out)]


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and child CPU seconds (user + sys) of one run; raise if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _imported(cmd: list[str], env: dict[str, str]) -> dict[str, int]:
    """Module -> self import time (us) of one run, from ``-X importtime`` (stderr)."""
    done = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    modules: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            if self_us.strip().isdigit():
                modules[name.strip()] = int(self_us)
    return modules


def _forbidden(modules: dict[str, int]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules} & set(FORBIDDEN))


# One report's phases, timed in a fresh process (warm knowledge cache): where the time goes.
_TIMELINE = r"""
import json, sys, time
from pathlib import Path
marks = [("start", time.perf_counter())]
def mark(name): marks.append((name, time.perf_counter()))
import click; mark("import click")
import advisor.kb.records, advisor.report.model; mark("import advisor's records")
import networkx; mark("import networkx")
import jinja2; mark("import jinja2")
import advisor.cli, advisor.advice.assemble, advisor.report.render, advisor.answers.profile
mark("import rest of advisor")
from advisor.advice.session import open_session
session = open_session(); mark("load knowledge (cache)")
from advisor.answers.profile import load_answers_file
profile = load_answers_file(session.kb, Path(sys.argv[1])); mark("read answers")
session.engine; mark("compile engine")
session.graph; mark("build graph")
from advisor.advice.assemble import assemble_report, sensitivity
report = assemble_report(session, profile, with_sensitivity=False); mark("assemble report")
sensitivity(session, profile, session.kb.weights, "en"); mark("sensitivity analysis")
from advisor.report.render import render
render(report, "md"); mark("render md")
assert "pydantic" not in sys.modules, "a warm-cache report should not import pydantic"
print(json.dumps([(b, round(1000 * (t1 - t0), 1)) for (a, t0), (b, t1) in zip(marks, marks[1:])]))
"""


def _timeline(env: dict[str, str], repeats: int) -> list[tuple[str, float]]:
    """Median ms per phase over ``repeats`` fresh processes."""
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", _TIMELINE, str(ANSWERS)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return [
        (name, statistics.median(run[i][1] for run in runs)) for i, (name, _) in enumerate(runs[0])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/advisor_startup.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="advisor-startup-") as tmp:
        out_md = Path(tmp) / "report.md"
        env = {**os.environ, "ADVISOR_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("ADVISOR_NO_CACHE", None)
        # Measure as installed code runs: with bytecode. The installed dependencies have their
        # .pyc files from pip; compile ours too, and let Python keep them (some sandboxes set
        # PYTHONDONTWRITEBYTECODE, which would make every run recompile the advisor).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        compileall.compile_dir(str(ROOT / "advisor"), quiet=1)
        env_nocache = {**env, "ADVISOR_NO_CACHE": "1"}
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "baseline": ([sys.executable, "-c", "import yaml, jinja2, networkx, pydantic"], env),
            "report (cache)": (_report_cmd(out_md), env),
            "report (no cache)": (_report_cmd(out_md), env_nocache),
        }
        for cmd, e in commands.values():  # warm the knowledge cache and the OS file cache
            _timed(cmd, e)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeats):
            for name, (cmd, e) in commands.items():
                wall, cpu = _timed(cmd, e)
                walls[name].append(wall)
                cpus[name].append(cpu)
        modules = {
            name: _imported(cmd, e) for name, (cmd, e) in commands.items() if name != "baseline"
        }
        imported = {name: _forbidden(m) for name, m in modules.items()}
        heaviest = sorted(modules["report (cache)"].items(), key=lambda kv: -kv[1])[:8]
        timeline = _timeline(env, 5)

    base_wall = statistics.median(walls["baseline"])
    base_cpu = statistics.median(cpus["baseline"])
    rows: list[dict[str, Any]] = []
    print(f"advisor report start-up, {args.repeats} interleaved repeats, {sys.executable}")
    print(
        f"{'command':<19}{'median ms':>10}{'min ms':>9}{'cpu ms':>9}{'x base':>8}{'x base cpu':>11}"
    )
    for name in commands:
        med, low, cpu = (
            statistics.median(walls[name]),
            min(walls[name]),
            statistics.median(cpus[name]),
        )
        row: dict[str, Any] = {
            "command": name,
            "median_ms": round(1000 * med, 1),
            "min_ms": round(1000 * low, 1),
            "cpu_median_ms": round(1000 * cpu, 1),
            "ratio_wall": round(med / base_wall, 2),
            "ratio_cpu": round(cpu / base_cpu, 2),
            "wall_ms": [round(1000 * w, 1) for w in walls[name]],
        }
        rows.append(row)
        print(
            f"{name:<19}{row['median_ms']:>10.0f}{row['min_ms']:>9.0f}{row['cpu_median_ms']:>9.0f}"
            f"{row['ratio_wall']:>8.2f}{row['ratio_cpu']:>11.2f}"
        )
    for name, found in imported.items():
        verdict = "ok, imports neither" if not found else f"FAIL, imports {', '.join(found)}"
        print(f"-X importtime, {name}: torch/sklearn {verdict}")
    print(
        "heaviest imports of report (cache), self ms: "
        + ", ".join(f"{m} {us / 1000:.0f}" for m, us in heaviest)
    )
    print("where a warm-cache report spends its time (median of 5 processes, ms):")
    for name, ms in timeline:
        print(f"  {name:<38}{ms:>7.1f}")
    cached = next(r for r in rows if r["command"] == "report (cache)")
    meets = cached["ratio_wall"] <= TARGET
    print(
        f"target: report (cache) within {TARGET}x of the baseline: "
        f"{'met' if meets else 'NOT met'} ({cached['ratio_wall']}x wall, "
        f"{cached['ratio_cpu']}x cpu)"
    )
    result = {
        "benchmark": "advisor_startup",
        "date": date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
            "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
        },
        "repeats": args.repeats,
        "rows": rows,
        "forbidden_imports": imported,
        "heaviest_imports_self_ms": {m: round(us / 1000, 1) for m, us in heaviest},
        "timeline_ms": dict(timeline),
        "target_ratio": TARGET,
        "target_met": meets,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
