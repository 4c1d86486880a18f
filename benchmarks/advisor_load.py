"""Loading a large knowledge base: 10,000 generated nodes and 5,000 generated rules.

The generator writes, into a temporary folder, a realistic mix of every node kind (risks with two
to four mitigations, directions with needs, an industry, roles, techniques and business models,
cases showing success factors, stages in an acyclic ``precedes`` order, ...) as 40 node files, and
5,000 rules as 10 rule files. The rules compare the real questions of ``knowledge/questions.yaml``
with their real choices (``eq``/``in`` on choice questions, ``contains``/``contains_any`` on
multi, ``gt``/``lt`` inside the range of numbers, ``eq`` on bools), some chain on facts other
generated rules derive, and their actions name generated nodes. Everything is valid: the load
must succeed.

Two layers on top of the built-in knowledge: ``nodes/`` and ``rules/``. Timed, median of repeats:

* built-in only, ``load_knowledge(builtin=True, cache=False)`` (the fixed part);
* + nodes, and + nodes + rules, with ``cache=False``: parse + validate + cross-check; the
  differences give the cost per node and per rule;
* the first ``cache=True`` load (validates and writes the cache) and later ones (reads it);
* ``advisor.kb.graph.build_graph`` on the whole base.

    .venv/bin/python benchmarks/advisor_load.py [--nodes 10000] [--rules 5000] [--out PATH]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

#: Share of each kind among the generated nodes (concepts fill the rest).
MIX: dict[str, float] = {
    "industry": 0.01,
    "need": 0.08,
    "direction": 0.14,
    "risk": 0.11,
    "mitigation": 0.18,
    "business_model": 0.01,
    "role": 0.015,
    "skill": 0.03,
    "stage": 0.03,
    "milestone": 0.03,
    "regulation": 0.01,
    "obligation": 0.04,
    "policy": 0.015,
    "funding_stage": 0.005,
    "funding_channel": 0.01,
    "success_factor": 0.03,
    "case": 0.04,
    "technique": 0.06,
    "trend": 0.02,
    "opportunity": 0.04,
    "threat": 0.025,
    "partnership": 0.02,
    "practice": 0.01,
}
NODE_FILES = 40
RULE_FILES = 10
N_DERIVED = 60  # generated derived facts gen_flag_0..59
SOURCES = ["ch5.1", "ch5.3", "ch6.2", "ch7.3", "ch8.2", "ch10.2"]
RECOMMENDABLE = (
    "technique",
    "business_model",
    "mitigation",
    "role",
    "partnership",
    "funding_channel",
    "policy",
    "practice",
    "direction",
    "opportunity",
)


def _text(rng: random.Random, what: str) -> dict[str, str]:
    n = rng.randrange(10_000)
    return {
        "en": f"{what} number {n}, generated for the load benchmark.",
        "zh": f"为加载基准生成的第{n}个{what}。",
    }


class Generator:
    """Writes a valid knowledge layer of generated nodes and one of generated rules."""

    def __init__(self, n_nodes: int, n_rules: int, questions: dict[str, Any], seed: int) -> None:
        self.rng = random.Random(seed)
        self.questions = questions
        counts = {k: max(2, round(share * n_nodes)) for k, share in MIX.items()}
        counts["concept"] = n_nodes - sum(counts.values())
        self.counts = counts
        self.ids = {k: [f"{k}/gen_{i:05d}" for i in range(c)] for k, c in counts.items()}
        self.n_rules = n_rules

    def pick(self, kind: str, lo: int, hi: int) -> list[str]:
        pool = self.ids[kind]
        return self.rng.sample(pool, min(len(pool), self.rng.randint(lo, hi)))

    def node(self, kind: str, i: int) -> dict[str, Any]:
        rng, nid = self.rng, self.ids[kind][i]
        n: dict[str, Any] = {
            "id": nid,
            "title": {"en": f"{kind} {i}", "zh": f"{kind} {i}号"},
            "description": _text(rng, kind),
            "sources": rng.sample(SOURCES, 2),
            "tags": [f"tag{rng.randrange(30)}"],
        }
        if rng.random() < 0.2:
            n["related"] = self.pick("concept", 1, 2)

        def texts(lo: int = 1, hi: int = 3) -> list[dict[str, str]]:
            return [_text(rng, "item") for _ in range(rng.randint(lo, hi))]

        if kind == "need":
            n["industries"] = self.pick("industry", 1, 3)
        elif kind == "direction":
            n.update(
                industry=rng.choice(self.ids["industry"]),
                addresses=self.pick("need", 1, 3),
                requires_roles=self.pick("role", 1, 3),
                requires_techniques=self.pick("technique", 1, 3),
                business_models=self.pick("business_model", 1, 2),
                opportunities=self.pick("opportunity", 0, 2),
                use_cases=rng.sample(self.questions["use_cases"]["values"], 2),
                criteria={
                    "market_need": rng.randrange(101),
                    "technical_feasibility": rng.randrange(101),
                    "commercial_potential": rng.randrange(101),
                },
                data_intensity=rng.choice(["low", "medium", "high"]),
            )
        elif kind == "risk":
            n.update(
                category=rng.choice(
                    ["technical", "market", "financial", "regulatory", "operational"]
                ),
                likelihood=rng.randint(1, 5),
                impact=rng.randint(1, 5),
                likelihood_drivers=texts(),
                impact_drivers=texts(),
                mitigated_by=self.pick("mitigation", 2, 4),
            )
        elif kind == "mitigation":
            n.update(
                effort=rng.choice(["low", "medium", "high"]),
                owner=rng.choice(self.ids["role"]),
                uses_techniques=self.pick("technique", 0, 2),
                steps=texts(),
            )
        elif kind == "business_model":
            n.update(
                revenue_streams=texts(),
                suits_segments=["smb", "enterprise"],
                base_fit=rng.randrange(101),
                pros=texts(),
                cons=texts(),
            )
        elif kind == "role":
            n.update(skills=self.pick("skill", 1, 4), responsibilities=texts())
        elif kind == "stage":  # precedes only later stages: no cycles
            later = self.ids["stage"][i + 1 : i + 6]
            n.update(
                phase=rng.choice(
                    ["planning", "data", "development", "testing", "deployment", "iteration"]
                ),
                precedes=rng.sample(later, min(len(later), 2)),
                duration_weeks=rng.randint(1, 12),
                activities=texts(),
                owner=rng.choice(self.ids["role"]),
            )
        elif kind == "milestone":
            n.update(stage=rng.choice(self.ids["stage"]), criteria=texts())
        elif kind == "regulation":
            n.update(
                jurisdiction="EU",
                as_of=date.today().isoformat(),
                imposes=self.pick("obligation", 1, 6),
            )
        elif kind == "obligation":
            n.update(citation=f"Art. {rng.randint(1, 99)}")
        elif kind == "policy":
            n.update(jurisdiction=rng.choice(["EU", "CN", "US"]), benefits=texts())
        elif kind == "funding_stage":
            later = self.ids["funding_stage"][i + 1 : i + 2]
            n.update(
                precedes=later,
                typical_raise={"en": "USD 1-3M", "zh": "100万至300万美元"},
                investors_expect=texts(),
            )
        elif kind == "funding_channel":
            n.update(suits_stages=self.pick("funding_stage", 1, 3), dilutive=rng.random() < 0.7)
        elif kind == "success_factor" and rng.random() < 0.5:
            n["present_when"] = {
                "fact": "team_roles",
                "contains_any": rng.sample(self.questions["team_roles"]["values"], 2),
            }
        elif kind == "case":
            n.update(
                founded=rng.randint(1990, 2024),
                country="US",
                industry=rng.choice(self.ids["industry"]),
                shows=self.pick("success_factor", 2, 4),
                facts=texts(),
                lessons=texts(),
            )
        elif kind == "technique":
            n.update(
                family=rng.choice(
                    ["model", "training", "compression", "evaluation", "innovation", "data"]
                ),
                reduces=self.pick("risk", 0, 3),
            )
        elif kind == "trend":
            n.update(horizon_years=rng.randint(1, 10), industries=self.pick("industry", 1, 3))
        elif kind == "opportunity":
            n.update(from_trends=self.pick("trend", 1, 2), industries=self.pick("industry", 1, 2))
        elif kind == "threat":
            n.update(from_trends=self.pick("trend", 1, 2), risks=self.pick("risk", 1, 3))
        elif kind == "partnership":
            n.update(partner_type="cloud", benefits=texts(), mitigates=self.pick("risk", 1, 2))
        elif kind == "practice":
            n.update(
                area=rng.choice(["culture", "capital", "planning", "team", "iteration", "market"]),
                steps=texts(),
            )
        return n

    def comparison(self, qid: str) -> dict[str, Any]:
        rng, q = self.rng, self.questions[qid]
        values = q["values"]
        if q["type"] == "choice":
            if rng.random() < 0.6:
                return {"fact": qid, "eq": rng.choice(values)}
            return {"fact": qid, "in": rng.sample(values, min(len(values), 2))}
        if q["type"] == "multi":
            if rng.random() < 0.5:
                return {"fact": qid, "contains": rng.choice(values)}
            return {"fact": qid, "contains_any": rng.sample(values, min(len(values), 3))}
        if q["type"] == "bool":
            return {"fact": qid, "eq": rng.random() < 0.5}
        lo = q["min"] if q["min"] is not None else 0
        hi = q["max"] if q["max"] is not None else 1e26
        cut = round(lo + (hi - lo) * rng.random() * 0.5)
        return {"fact": qid, rng.choice(["gt", "lt"]): cut}

    def rule(self, i: int) -> dict[str, Any]:
        rng = self.rng
        usable = [q for q, spec in self.questions.items() if spec["type"] != "text"]
        conds = [self.comparison(q) for q in rng.sample(usable, rng.choice((1, 2, 3)))]
        if i >= N_DERIVED and rng.random() < 0.2:  # chain on a fact an earlier rule derives
            conds.append({"fact": f"gen_flag_{rng.randrange(N_DERIVED)}", "eq": True})
        then: list[dict[str, Any]] = []
        if i < N_DERIVED:  # every derived fact has at least one writer
            then.append({"derive": {"fact": f"gen_flag_{i}", "value": True}})
        for _ in range(rng.choice((1, 1, 2))):
            r = rng.random()
            if r < 0.45:
                kind = rng.choice(RECOMMENDABLE)
                then.append(
                    {"recommend": {"id": rng.choice(self.ids[kind]), "fit": rng.randint(-20, 20)}}
                )
            elif r < 0.75:
                then.append(
                    {
                        "raise_risk": {
                            "id": rng.choice(self.ids["risk"]),
                            "likelihood": rng.randint(1, 5),
                        }
                    }
                )
            elif r < 0.85:
                then.append({"require_obligation": {"id": rng.choice(self.ids["obligation"])}})
            elif r < 0.92:
                then.append(
                    {
                        "adjust": {
                            "criterion": "market_need",
                            "delta": rng.randint(-10, 10),
                            "where": {"industry": rng.choice(self.ids["industry"])},
                        }
                    }
                )
            else:
                then.append({"advise_against": {"id": rng.choice(self.ids["technique"])}})
        return {
            "id": f"rule/gen_{i:05d}",
            "sources": rng.sample(SOURCES, 1),
            "when": {"all": conds} if len(conds) > 1 else conds[0],
            "then": then,
            "because": _text(rng, "reason"),
        }

    def write(self, folder: Path) -> tuple[Path, Path]:
        nodes_dir, rules_dir = folder / "nodes", folder / "rules"
        nodes_dir.mkdir(parents=True)
        rules_dir.mkdir(parents=True)
        nodes = [self.node(kind, i) for kind, c in self.counts.items() for i in range(c)]
        self.rng.shuffle(nodes)
        rules = [self.rule(i) for i in range(self.n_rules)]
        for path, section, items, parts in (
            (nodes_dir, "nodes", nodes, NODE_FILES),
            (rules_dir, "rules", rules, RULE_FILES),
        ):
            step = -(-len(items) // parts)
            for k in range(parts):
                chunk = items[k * step : (k + 1) * step]
                text = yaml.dump(
                    {section: chunk}, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100
                )
                (path / f"gen_{k:02d}.yaml").write_text(text, encoding="utf-8")
        return nodes_dir, rules_dir


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        result = None
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--rules", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=2, help="of each uncached load")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/advisor_load.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="advisor-load-") as tmp:
        os.environ["ADVISOR_CACHE_DIR"] = str(Path(tmp) / "cache")  # before advisor reads it
        from advisor.kb.graph import build_graph
        from advisor.kb.load import load_knowledge

        builtin = load_knowledge(builtin=True, cache=False)
        questions = {
            q.id: {"type": q.type, "values": list(q.values), "min": q.min, "max": q.max}
            for q in builtin.questions.values()
        }
        t0 = time.perf_counter()
        gen = Generator(args.nodes, args.rules, questions, args.seed)
        nodes_dir, rules_dir = gen.write(Path(tmp) / "kb")
        gen_s = time.perf_counter() - t0
        size_mb = sum(p.stat().st_size for p in (Path(tmp) / "kb").rglob("*.yaml")) / 1e6
        print(
            f"generated {args.nodes} nodes ({NODE_FILES} files) and {args.rules} rules "
            f"({RULE_FILES} files), {size_mb:.1f} MB of YAML, in {gen_s:.1f} s"
        )

        both = [nodes_dir, rules_dir]
        t_builtin, _ = median_time(lambda: load_knowledge(builtin=True, cache=False), 3)
        t_nodes, kb_nodes = median_time(
            lambda: load_knowledge([nodes_dir], cache=False), args.repeats
        )
        t_full, kb = median_time(lambda: load_knowledge(both, cache=False), args.repeats)
        t0 = time.perf_counter()
        load_knowledge(both, cache=True)
        t_fill = time.perf_counter() - t0
        t_warm, kb_warm = median_time(lambda: load_knowledge(both, cache=True), 5)
        t_graph, g = median_time(lambda: build_graph(kb), 3)
        assert len(kb_warm.nodes) == len(kb.nodes) and len(kb_warm.rules) == len(kb.rules)

    n_nodes = len(kb.nodes) - len(builtin.nodes)
    n_rules = len(kb.rules) - len(builtin.rules)
    per_node = (t_nodes - t_builtin) / max(1, len(kb_nodes.nodes) - len(builtin.nodes))
    per_rule = (t_full - t_nodes) / max(1, n_rules)
    rows = [
        (
            "built-in only (cache=False)",
            t_builtin,
            f"{len(builtin.nodes)} nodes, {len(builtin.rules)} rules",
        ),
        ("+ nodes (cache=False)", t_nodes, f"+{len(kb_nodes.nodes) - len(builtin.nodes)} nodes"),
        (
            "+ nodes + rules (cache=False)",
            t_full,
            f"{len(kb.nodes)} nodes, {len(kb.rules)} rules, {len(kb.warnings)} warnings",
        ),
        ("first cache=True (validate + write)", t_fill, ""),
        ("cache=True, warm (read)", t_warm, ""),
        ("build_graph", t_graph, f"{g.number_of_nodes()} graph nodes, {g.number_of_edges()} edges"),
    ]
    print(f"\n{'step':<38}{'median s':>9}  notes")
    for name, secs, note in rows:
        print(f"{name:<38}{secs:>9.3f}  {note}")
    print(f"\nper generated node: {1e3 * per_node:.3f} ms (parse + validate + cross-check)")
    print(f"per generated rule: {1e3 * per_rule:.3f} ms")
    print(
        f"warm cache is {t_full / t_warm:.1f}x faster than an uncached load; "
        f"graph per node+rule: {1e6 * t_graph / (len(kb.nodes) + len(kb.rules)):.1f} us"
    )

    result = {
        "benchmark": "advisor_load",
        "date": date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
        },
        "generated": {
            "nodes": n_nodes,
            "rules": n_rules,
            "yaml_mb": round(size_mb, 2),
            "mix": gen.counts,
            "files": NODE_FILES + RULE_FILES,
        },
        "repeats": args.repeats,
        "seconds": {name: round(secs, 4) for name, secs, _ in rows},
        "per_node_ms": round(1e3 * per_node, 4),
        "per_rule_ms": round(1e3 * per_rule, 4),
        "graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()},
        "warnings": len(kb.warnings),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
