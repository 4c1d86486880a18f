"""Property-based tests (hypothesis) of everything a user can hand the advisor.

Answers files (random JSON/YAML values for every question type, random bytes) go through the real
CLI in-process: the only outcomes are a report or an exit-2 message, never a traceback, and never
a temp file left behind. Knowledge files (random nesting of conditions, random ids and references)
go through the loader, the signed cache and the engine on their own (without the built-in
knowledge, which would cost a second per example), plus a few through ``advisor kb validate``.

The example budget is fixed and the runs derandomized, so CI is deterministic and fast.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from advisor.advice.session import Session
from advisor.cli import main
from advisor.errors import InputErrors
from advisor.kb.load import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code: Any = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code
    return int(code or 0), out.getvalue(), err.getvalue()


@pytest.fixture(scope="module", autouse=True)
def shared_cache() -> Iterator[Path]:
    """One knowledge cache for the module: each example then loads in milliseconds."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADVISOR_CACHE_DIR", folder)
        mp.delenv("ADVISOR_NO_CACHE", raising=False)
        yield Path(folder)


@contextlib.contextmanager
def workdir(own_cache: bool = False) -> Iterator[Path]:
    """A fresh folder per example; with ``own_cache`` a fresh cache folder inside it too."""
    with tempfile.TemporaryDirectory() as folder:
        if not own_cache:
            yield Path(folder)
            return
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ADVISOR_CACHE_DIR", str(Path(folder) / "cache"))
            yield Path(folder)


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def assert_report_or_clear_error(code: int, out: str, err: str, where: Path) -> None:
    event(f"exit {code}")  # --hypothesis-show-statistics shows how often each outcome came
    assert "Traceback" not in out + err, err
    assert code in (0, 2), err
    if code == 2:
        assert err.strip(), "an exit 2 says why"
    assert temp_files(where) == []


# --- answers ------------------------------------------------------------------------------------

QUESTIONS = {
    "company_name": "text",
    "industry": "choice",
    "use_cases": "multi",
    "team_size": "int",
    "runway_months": "int",
    "training_compute_flops": "float",
    "latency_budget_ms": "int",
}

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["retail_ecommerce", "healthcare", "none", "recommendation", "1:30", "012"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
answers = st.dictionaries(
    st.sampled_from([*QUESTIONS, "unknown_question"]) | st.text(max_size=12), values, max_size=8
)


def refuse_constant(name: str) -> None:
    raise AssertionError(f"{name} in a JSON report")


def as_yaml(data: dict[Any, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


@FUZZ
@given(
    data=answers, suffix=st.sampled_from([".json", ".yaml"]), fmt=st.sampled_from(["json", "md"])
)
def test_random_answers_give_a_report_or_a_clear_error(
    data: dict[Any, Any], suffix: str, fmt: str
) -> None:
    with workdir() as folder:
        path = folder / f"answers{suffix}"
        text = json.dumps(data) if suffix == ".json" else as_yaml(data)  # JSON may hold NaN
        path.write_text(text, encoding="utf-8")
        target = folder / f"report.{fmt}"
        argv = ["report", "--answers", str(path), "-o", str(target), "--no-sensitivity"]
        code, out, err = run_cli(argv)
        assert_report_or_clear_error(code, out, err, folder)
        if code == 0:
            written = target.read_text(encoding="utf-8")
            if fmt == "json":
                json.loads(written, parse_constant=refuse_constant)  # strict: no NaN/Infinity
        else:
            assert not target.exists()


@FUZZ
@given(raw=st.binary(max_size=400), suffix=st.sampled_from([".json", ".yaml"]))
def test_random_bytes_as_answers_give_a_clear_error_or_a_report(raw: bytes, suffix: str) -> None:
    with workdir() as folder:
        path = folder / f"answers{suffix}"
        path.write_bytes(raw)
        target = folder / "report.md"
        code, out, err = run_cli(
            ["report", "--answers", str(path), "-o", str(target), "--no-sensitivity"]
        )
        assert_report_or_clear_error(code, out, err, folder)


@FUZZ
@given(
    text=st.text(
        alphabet=st.sampled_from(list('{}[]:,"-.0123456789eE \ntruefalsnNaIiy\\u')), max_size=200
    )
)
def test_json_like_text_gives_a_clear_error_or_a_report(text: str) -> None:
    with workdir() as folder:
        path = folder / "answers.json"
        path.write_text(text, encoding="utf-8")
        code, out, err = run_cli(
            ["report", "--answers", str(path), "-o", str(folder / "r.md"), "--no-sensitivity"]
        )
        assert_report_or_clear_error(code, out, err, folder)


# --- knowledge ----------------------------------------------------------------------------------

# "sound" documents use only valid parts (so they load and reach the engine, the cycle finder
# and the signed cache); the others mix in broken ones (bad names, operators, ids, depth)
FACTS = ["team_size", "industry", "fx_a", "fx_b", "fx_c"]
BAD_FACTS = ["Bad Fact", "", "nope"]
OPS = ["eq", "ne", "gt", "lt", "exists"]
BAD_OPS = ["in", "contains", "bogus"]


@st.composite
def compare(draw: st.DrawFn, sound: bool) -> dict[str, Any]:
    op = draw(st.sampled_from(OPS if sound else OPS + BAD_OPS))
    fact = draw(st.sampled_from(FACTS if sound else FACTS + BAD_FACTS))
    value: Any = draw(
        st.one_of(st.integers(-5, 60), st.booleans(), st.sampled_from(["x", "retail_ecommerce"]))
    )
    if op == "exists":
        value = True
    elif fact == "industry" and (sound or draw(st.booleans())):
        value = "retail_ecommerce"
        op = "eq" if sound else op
    elif fact == "team_size" and sound:
        value = draw(st.integers(1, 60))
    elif fact.startswith("fx_"):
        value = draw(st.booleans())
        op = "eq" if sound else op
    if op == "in":
        value = [value]
    return {"fact": fact, op: value}


def conditions(sound: bool) -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        compare(sound),
        lambda inner: (
            st.builds(lambda c: {"not": c}, inner)
            | st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3))
            | st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=int(sound), max_size=3))
        ),
        max_leaves=10,
    )


@st.composite
def deep_condition(draw: st.DrawFn, sound: bool) -> dict[str, Any]:
    """A chain of ``not``/``all`` around a comparison: up to the depth limit, or past it."""
    cond: dict[str, Any] = draw(compare(sound))
    for i in range(draw(st.integers(0, 32 if sound else 45))):
        cond = {"not": cond} if i % 2 else {"all": [cond]}
    return cond


@st.composite
def action(draw: st.DrawFn, sound: bool) -> dict[str, Any]:
    kind = draw(st.sampled_from(["derive"] if sound else ["derive", "raise_risk", "unknown"]))
    target = draw(st.sampled_from(["fx_a", "fx_b", "fx_c"] + ([] if sound else ["risk/none"])))
    if kind == "derive":
        return {"derive": {"fact": target, "value": draw(st.booleans())}}
    if kind == "raise_risk":
        return {"raise_risk": {"id": target, "likelihood": draw(st.integers(0, 6))}}
    return {kind: {"id": target}}


@st.composite
def knowledge(draw: st.DrawFn) -> dict[str, Any]:
    sound = draw(st.booleans())
    bad_ids = [] if sound else ["rule/r0", "rule/Bad", "risk/x"]
    rules = [
        {
            "id": draw(st.sampled_from([f"rule/r{i}"] * 3 + bad_ids)),
            "sources": ["ch5.3"],
            "when": draw(st.one_of(conditions(sound), deep_condition(sound))),
            "then": draw(st.lists(action(sound), min_size=1, max_size=2)),
            "because": {"en": "Why.", "zh": "为何。"},
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    questions = [
        {
            "id": "team_size",
            "type": "int",
            "min": 1,
            "prompt": {"en": "How many?", "zh": "多少？"},
            "default": 3,
        },
        {
            "id": "industry",
            "type": "choice",
            "prompt": {"en": "Which?", "zh": "哪个？"},
            "choices": [{"value": "retail_ecommerce", "label": {"en": "Retail", "zh": "零售"}}],
            "default": "retail_ecommerce",
        },
    ]
    if draw(st.booleans()):
        questions.append(
            {
                "id": "code_name",
                "type": "text",
                "required": False,
                "prompt": {"en": "Code?", "zh": "代号？"},
                "pattern": draw(
                    st.sampled_from(
                        ["(a+)+$", "[A-Z]{2}\\d+", "(a|aa)*$"]
                        + ([] if sound else ["(?=a)b", "(a)\\1"])
                    )
                ),
            }
        )
    return {"questions": questions, "rules": rules}


KB_FUZZ = settings(FUZZ, max_examples=60)


@KB_FUZZ
@given(doc=knowledge(), facts=st.dictionaries(st.sampled_from(FACTS + BAD_FACTS), scalars))
def test_random_knowledge_loads_and_runs_or_is_refused_clearly(
    doc: dict[str, Any], facts: dict[str, Any]
) -> None:
    with workdir(own_cache=True) as folder:
        kb_dir = folder / "kb"
        kb_dir.mkdir()
        (kb_dir / "kb.yaml").write_text(as_yaml(doc), encoding="utf-8")
        for _ in range(2):  # the second load reads the signed cache the first one wrote
            try:
                kb = load_knowledge([kb_dir], builtin=False, cache=True)
            except InputErrors as exc:
                assert "kb.yaml" in exc.render()
                event("refused")
                break
            event("loaded")
            session = Session(kb)
            session.engine.cycle_groups()
            session.engine.run(facts)
        assert temp_files(folder) == []


@settings(FUZZ, max_examples=4)
@given(doc=knowledge())
def test_random_knowledge_through_the_cli(doc: dict[str, Any]) -> None:
    with workdir() as folder:
        (folder / "kb.yaml").write_text(as_yaml(doc), encoding="utf-8")
        code, out, err = run_cli(["kb", "validate", "--kb", str(folder)])
        assert_report_or_clear_error(code, out, err, folder)
