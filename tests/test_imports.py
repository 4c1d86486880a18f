"""The advisor's path must start fast: it never imports torch or scikit-learn, and a report from
cached knowledge never imports pydantic (the cache holds plain records, see advisor/records.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imported(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "advisor", *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_report_never_imports_torch_or_sklearn(tmp_path: Path) -> None:
    names = _imported(
        [
            "report",
            "--answers",
            "examples/healthcare_eu_seed.yaml",
            "--evidence",
            "examples/evidence.json",
            "-o",
            str(tmp_path / "r.html"),
        ]
    )
    assert "advisor" in names and "jinja2" in names
    assert not names & {"torch", "sklearn", "scipy", "numpy", "technical"}


def test_explain_and_kb_never_import_torch() -> None:
    names = _imported(["kb", "stats"]) | _imported(
        ["explain", "--answers", "examples/retail_minimal.yaml", "technique/quantization"]
    )
    assert not names & {"torch", "sklearn", "technical"}


def test_a_report_from_cached_knowledge_never_imports_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ADVISOR_NO_CACHE", None)
    argv = ["report", "--answers", "examples/healthcare_eu_seed.yaml", "-o", str(tmp_path / "r")]
    first = _imported([*argv, "--format", "json"], env)  # fills the cache: validates
    assert "pydantic" in first
    for fmt in ("md", "html", "json"):
        names = _imported([*argv, "--format", fmt], env)
        assert "advisor" in names and "networkx" in names
        assert "pydantic" not in names and "pydantic_core" not in names, fmt
