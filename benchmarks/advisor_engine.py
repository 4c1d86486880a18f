"""Our forward-chaining engine against CLIPS (clipspy) and experta on the same generated rules.

Facts: ``f0..f29``, each an integer 0..9 (seeded). Rules: 2-3 comparisons each (``eq``, ``gt``,
``lt`` on the base facts; about one rule in five also reads a derived fact ``dK == 1``); the
action derives ``dK = 1`` (three rules in ten) or recommends ``technique/tK``. The first
comparison is an equality, as in the real rules, so about one rule in seven fires and derived facts
chain rules together. All three engines get the same rules and facts, and must fire the same set
of rules (checked; the rules are monotone, so firing order does not change the set).

Sizes 1,000 / 3,000 / 10,000 / 30,000 rules by default (experta only up to 10,000: at 30,000 it
would take minutes; ``--experta-max-rules``). Measured, median of repeats:

* build: ours ``Engine(rules)`` from already-validated rule records
(:class:`advisor.kb.records.Rule`)
  (pydantic validation is shown apart); CLIPS ``env.build`` of every ``defrule`` in a fresh
  environment; experta creating the ``KnowledgeEngine`` subclass and an instance (its Rete
  network is built there);
* run: ours ``engine.run(facts)``; CLIPS ``reset`` + assert the facts + ``run``; experta
  ``reset`` + ``declare`` the facts + ``run``.

Besides the times: run time per rule and per fired rule, and the growth exponent of each time
with the number of rules (the slope of log time against log rules: 1.0 is linear), between
neighbouring sizes and fitted over 1,000-10,000 (the goal's range) and over every size.

    .venv/bin/python benchmarks/advisor_engine.py [--sizes 1000 3000 10000 30000] [--out PATH]
        [--profile]    # also print a cProfile of our build and run at the largest size
        [--no-experta] # skip experta (it needs frozendict>=2 on Python 3.11, see README)

Needs ``pip install clipspy experta`` (experta 1.9.4 pins frozendict 1.2, which fails on Python
3.10+; install ``frozendict>=2.4`` over it with ``pip install --no-deps``).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import json
import math
import os
import platform
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.kb.records import Rule  # noqa: E402
from advisor.kb.schema import parse_rule  # noqa: E402
from advisor.rules.engine import Engine  # noqa: E402

N_FACTS = 30
DOMAIN = 10  # values 0..9
N_DERIVED = 40  # d0..d39
N_TARGETS = 200  # technique/t0..t199

Cond = tuple[str, str, int]  # (fact, op, value), op in eq / gt / lt
Spec = tuple[str, list[Cond], tuple[str, str, int]]  # (name, conditions, (action, target, value))


def make_facts(seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    return {f"f{i}": rng.randrange(DOMAIN) for i in range(N_FACTS)}


def make_specs(n: int, facts: dict[str, int], seed: int) -> list[Spec]:
    """``n`` rules as plain tuples, from which each engine's own form is written."""
    rng = random.Random(seed)
    specs: list[Spec] = []
    for i in range(n):
        chosen = rng.sample(range(N_FACTS), rng.choice((2, 3)))
        conds: list[Cond] = []
        first = f"f{chosen[0]}"
        # an equality first: on the fact's value 40 % of the time, else on a random value
        conds.append((first, "eq", facts[first] if rng.random() < 0.4 else rng.randrange(DOMAIN)))
        for k in chosen[1:]:
            name = f"f{k}"
            r = rng.random()
            if r < 0.3:
                conds.append(
                    (name, "eq", facts[name] if rng.random() < 0.6 else rng.randrange(DOMAIN))
                )
            elif r < 0.65:
                conds.append((name, "gt", rng.randrange(DOMAIN - 1)))
            else:
                conds.append((name, "lt", rng.randrange(1, DOMAIN)))
        if rng.random() < 0.2:  # chain on a derived fact
            conds[-1] = (f"d{rng.randrange(N_DERIVED)}", "eq", 1)
        if rng.random() < 0.3:
            action = ("derive", f"d{rng.randrange(N_DERIVED)}", 1)
        else:
            action = ("recommend", f"technique/t{rng.randrange(N_TARGETS)}", 5)
        specs.append((f"r{i:05d}", conds, action))
    return specs


# --- ours ---------------------------------------------------------------------------------------


def to_rules(specs: list[Spec]) -> list[Rule]:
    out = []
    for name, conds, (kind, target, value) in specs:
        action: dict[str, Any] = (
            {"derive": {"fact": target, "value": value}}
            if kind == "derive"
            else {"recommend": {"id": target, "fit": value}}
        )
        out.append(
            parse_rule(
                {
                    "id": f"rule/{name}",
                    "sources": ["ch5.1"],
                    "when": {"all": [{"fact": f, op: v} for f, op, v in conds]},
                    "then": [action],
                    "because": {"en": "Generated.", "zh": "生成的。"},
                }
            )
        )
    return out


def ours_fired(engine: Engine, facts: dict[str, int]) -> set[str]:
    return {rid.removeprefix("rule/") for rid in engine.run(facts).fired}


# --- CLIPS --------------------------------------------------------------------------------------


def to_clips(specs: list[Spec]) -> list[str]:
    out = []
    for name, conds, (kind, target, value) in specs:
        lhs = []
        for j, (f, op, v) in enumerate(conds):
            if op == "eq":
                lhs.append(f"({f} {v})")
            else:
                lhs.append(f"({f} ?v{j}&:({'>' if op == 'gt' else '<'} ?v{j} {v}))")
        rhs = f"(assert (fired {name}))"
        rhs += (
            f" (assert ({target} {value}))"
            if kind == "derive"
            else f" (assert (recommend {target} {value}))"
        )
        out.append(f"(defrule {name} {' '.join(lhs)} => {rhs})")
    return out


#: Every CLIPS environment stays alive to the end, which skips their teardown: dropping one that
#: has run twice prints a CLIPS notice ("[ENVRNMNT8] Environment data not fully deallocated").
_ENVIRONMENTS: list[Any] = []


def clips_build(constructs: list[str]) -> Any:
    import clips

    env = clips.Environment()
    for c in constructs:
        env.build(c)
    _ENVIRONMENTS.append(env)
    return env


def clips_run(env: Any, facts: dict[str, int]) -> None:
    env.reset()
    for f, v in facts.items():
        env.assert_string(f"({f} {v})")
    env.run()


def clips_fired(env: Any) -> set[str]:
    return {str(f[0]) for f in env.facts() if f.template.name == "fired"}


# --- experta ------------------------------------------------------------------------------------


def experta_build(specs: list[Spec]) -> Any:
    from experta import Fact, KnowledgeEngine, P
    from experta import Rule as XRule

    def rhs(name: str, kind: str, target: str, value: int) -> Callable[[Any], None]:
        if kind == "derive":

            def act(self: Any) -> None:
                self.fired.add(name)
                self.declare(Fact(**{target: value}))
        else:

            def act(self: Any) -> None:
                self.fired.add(name)
                self.recommended.add(target)

        return act

    def pattern(f: str, op: str, v: int) -> Any:
        if op == "eq":
            return Fact(**{f: v})
        test = (lambda x, v=v: x > v) if op == "gt" else (lambda x, v=v: x < v)
        return Fact(**{f: P(test)})

    methods = {}
    for name, conds, (kind, target, value) in specs:
        methods[name] = XRule(*(pattern(*c) for c in conds))(rhs(name, kind, target, value))
    cls = type("Generated", (KnowledgeEngine,), methods)
    engine = cls()
    engine.fired = set()
    engine.recommended = set()
    return engine


def experta_run(engine: Any, facts: dict[str, int]) -> None:
    from experta import Fact

    engine.fired = set()
    engine.recommended = set()
    engine.reset()
    for f, v in facts.items():
        engine.declare(Fact(**{f: v}))
    engine.run()


# --- timing -------------------------------------------------------------------------------------


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median seconds of ``repeats`` calls, and the last call's result."""
    times = []
    result = None
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) on log(rules): the growth exponent (1.0 = linear)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    covariance = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return covariance / sum((x - mx) ** 2 for x in xs)


def profile(label: str, fn: Callable[[], Any]) -> None:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(12)
    print(f"\n--- cProfile, {label} (by own time) ---")
    print("\n".join(buf.getvalue().splitlines()[4:24]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000, 30000])
    parser.add_argument("--build-repeats", type=int, default=3)
    parser.add_argument("--run-repeats", type=int, default=9)
    parser.add_argument(
        "--experta-repeats",
        type=int,
        default=1,
        help="experta is 100-1000x slower: one build and run by default",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-experta", action="store_true")
    parser.add_argument(
        "--experta-max-rules",
        type=int,
        default=10000,
        help="run experta only on sizes up to this (its run grows ~n^1.6)",
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/advisor_engine.json"))
    args = parser.parse_args()

    use_experta = not args.no_experta
    experta_error = None
    if use_experta:
        try:
            import experta  # noqa: F401
        except Exception as exc:
            experta_error = f"{type(exc).__name__}: {exc}"
            use_experta = False
            print(f"experta skipped: {experta_error}")

    facts = make_facts(args.seed)
    rows = []
    for n in args.sizes:
        specs = make_specs(n, facts, args.seed + n)
        t0 = time.perf_counter()
        rules = to_rules(specs)
        validate_s = time.perf_counter() - t0
        constructs = to_clips(specs)

        row: dict[str, Any] = {"rules": n, "validate_s": validate_s}
        row["ours_build_s"], engine = median_time(partial(Engine, rules), args.build_repeats)
        row["ours_run_s"], _ = median_time(partial(engine.run, facts), args.run_repeats)
        fired_ours = ours_fired(engine, facts)

        row["clips_build_s"], env = median_time(
            partial(clips_build, constructs), args.build_repeats
        )
        row["clips_run_s"], _ = median_time(partial(clips_run, env, facts), args.run_repeats)
        fired_clips = clips_fired(env)
        row["fired"] = len(fired_ours)
        row["same_as_clips"] = fired_ours == fired_clips

        if use_experta and n <= args.experta_max_rules:
            row["experta_build_s"], xe = median_time(
                partial(experta_build, specs), args.experta_repeats
            )
            row["experta_run_s"], _ = median_time(
                partial(experta_run, xe, facts), args.experta_repeats
            )
            row["same_as_experta"] = fired_ours == set(xe.fired)
        rows.append(row)
        same = "same" if row["same_as_clips"] else "DIFFERS"
        check = f"fired {len(fired_ours)}/{n}: CLIPS {same} ({len(fired_clips)})"
        if "same_as_experta" in row:
            same = "same" if row["same_as_experta"] else "DIFFERS"
            check += f", experta {same} ({len(xe.fired)})"
        print(f"N={n}: {check}", flush=True)

    def ms(x: float | None) -> str:
        if x is None:
            return f"{'-':>9}"
        return f"{1000 * x:9.2f}" if x < 0.01 else f"{1000 * x:9.1f}"

    def ratio(a: float, b: float | None) -> str:
        return f"{a / b:8.3g}" if b else f"{'-':>8}"

    for phase in ("build", "run"):
        print(
            f"\n{phase} (ms, median)   rules      ours     CLIPS   experta  ours/CLIPS"
            f"  ours/experta"
        )
        for r in rows:
            ours, clips_s = r[f"ours_{phase}_s"], r[f"clips_{phase}_s"]
            xs = r.get(f"experta_{phase}_s")
            print(
                f"{'':<20}{r['rules']:>6}{ms(ours)}{ms(clips_s)}{ms(xs)}   "
                f"{ratio(ours, clips_s)}    {ratio(ours, xs)}"
            )
    print("\nrun, us per rule / per fired rule:")
    for r in rows:
        print(
            f"  {r['rules']:>6} rules ({r['fired']:>5} fire): ours "
            f"{1e6 * r['ours_run_s'] / r['rules']:.2f} / {1e6 * r['ours_run_s'] / r['fired']:.2f}"
            f", CLIPS {1e6 * r['clips_run_s'] / r['rules']:.2f} / "
            f"{1e6 * r['clips_run_s'] / r['fired']:.2f}"
        )
    print(
        "\npydantic validation of the rules (not in 'build'): "
        + ", ".join(f"{r['rules']}: {1000 * r['validate_s']:.0f} ms" for r in rows)
    )

    keys = (
        "ours_build_s",
        "ours_run_s",
        "clips_build_s",
        "clips_run_s",
        "experta_build_s",
        "experta_run_s",
    )
    growth: dict[str, float] = {}
    exponents: dict[str, dict[str, float]] = {}
    small = next((r for r in rows if r["rules"] == min(args.sizes)), None)
    large = next((r for r in rows if r["rules"] == max(args.sizes)), None)
    if small and large and small is not large:
        factor = large["rules"] / small["rules"]
        print(f"\ngrowth {large['rules']} / {small['rules']} rules (linear = {factor:.0f}x):")
        for key in keys:
            if key in large and key in small:
                growth[key] = large[key] / small[key]
                print(f"  {key.removesuffix('_s'):<14}{growth[key]:7.1f}x")

        print("\ngrowth exponent, slope of log time on log rules (1.0 = linear):")
        ordered = sorted(rows, key=lambda r: r["rules"])
        spans = [(f"{a['rules']}-{b['rules']}", [a, b]) for a, b in itertools.pairwise(ordered)]
        if {1000, 10000} <= {r["rules"] for r in rows}:
            goal = [r for r in ordered if 1000 <= r["rules"] <= 10000]
            spans.append(("fit 1000-10000", goal))
        spans.append(("fit all", ordered))
        print(f"  {'':<14}" + "".join(f"{label:>16}" for label, _ in spans))
        for key in keys:
            if sum(key in r for r in rows) < 2:
                continue
            exponents[key] = {}
            cells = []
            for label, span in spans:
                points = [(r["rules"], r[key]) for r in span if key in r]
                if len(points) >= 2:
                    exponents[key][label] = slope(points)
                    cells.append(f"{exponents[key][label]:16.2f}")
                else:
                    cells.append(f"{'-':>16}")
            print(f"  {key.removesuffix('_s'):<14}" + "".join(cells))

        for r in rows:
            if r["rules"] in (10000, large["rules"]):
                run_x = r["ours_run_s"] / r["clips_run_s"]
                build_x = r["ours_build_s"] / r["clips_build_s"]
                print(
                    f"at {r['rules']} rules, ours/CLIPS: run {run_x:.2f}x "
                    f"({'as fast or faster' if run_x <= 1 else 'slower'}), build "
                    f"{build_x:.2f}x ({'as fast or faster' if build_x <= 1 else 'slower'})"
                )

    if args.profile:
        n = max(args.sizes)
        rules = to_rules(make_specs(n, facts, args.seed + n))
        profile(f"Engine build, {n} rules", lambda: Engine(rules))
        engine = Engine(rules)
        profile(f"Engine.run, {n} rules", lambda: engine.run(facts))

    result = {
        "benchmark": "advisor_engine",
        "date": date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
        },
        "seed": args.seed,
        "facts": N_FACTS,
        "build_repeats": args.build_repeats,
        "run_repeats": args.run_repeats,
        "experta_repeats": args.experta_repeats,
        "experta_error": experta_error,
        "experta_max_rules": args.experta_max_rules,
        "rows": rows,
        "growth": growth,
        "exponents": exponents,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip tearing the CLIPS environments down (see _ENVIRONMENTS)


if __name__ == "__main__":
    main()
