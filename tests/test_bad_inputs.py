"""The bad-input corpus under tests/bad_inputs: each case must end in one clear message naming the
file (and line where there is one), exit status 2, no traceback and no output file."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.cli import main

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
KB_CASES = sorted(p.name for p in (CORPUS / "knowledge").iterdir() if p.is_dir())
ANSWER_CASES = sorted(
    p.name for p in (CORPUS / "answers").iterdir() if not p.name.endswith(".expect")
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_the_corpus_has_at_least_thirty_cases() -> None:
    assert len(KB_CASES) + len(ANSWER_CASES) >= 30


@pytest.mark.parametrize("case", KB_CASES)
def test_bad_knowledge_is_refused_clearly(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = CORPUS / "knowledge" / case
    expected = (folder / "expect.txt").read_text(encoding="utf-8").strip()
    target = tmp_path / "report.md"
    code, out, err = run(
        [
            "report",
            "--kb",
            str(folder),
            "--answers",
            str(Path(__file__).resolve().parents[1] / "examples" / "retail_minimal.yaml"),
            "-o",
            str(target),
        ],
        capsys,
    )
    assert code == 2, err
    assert expected in err
    assert "kb.yaml" in err
    assert "Traceback" not in err + out
    assert not target.exists()


@pytest.mark.parametrize("case", ANSWER_CASES)
def test_bad_answers_are_refused_clearly(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CORPUS / "answers" / case
    expected = (CORPUS / "answers" / (case + ".expect")).read_text(encoding="utf-8").strip()
    target = tmp_path / "report.md"
    code, out, err = run(["report", "--answers", str(path), "-o", str(target)], capsys)
    assert code == 2, err
    assert expected in err
    assert case in err
    assert "Traceback" not in err + out
    assert not target.exists()


def test_knowledge_errors_carry_line_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        ["kb", "validate", "--kb", str(CORPUS / "knowledge" / "unknown_key")], capsys
    )
    assert code == 2
    assert "kb.yaml:6:5: nodes[0].colour: unknown key 'colour'" in err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--weights", "speed=1"], "unknown criterion 'speed'"),
        (["--weights", "market_need=lots"], "is not a number"),
        (
            [
                "--weights",
                "market_need=0,technical_feasibility=0,commercial_potential=0,founder_fit=0",
            ],
            "all zero",
        ),
        (["--evidence", "/nonexistent/evidence.json"], "cannot read the evidence file"),
        (["--format", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_bad_options_are_refused_clearly(
    argv: list[str], fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    target = tmp_path / "r.md"
    code, _out, err = run(
        ["report", "--answers", str(examples / "retail_minimal.yaml"), "-o", str(target), *argv],
        capsys,
    )
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err
    assert not target.exists()


def test_evidence_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "ev.json"
    bad.write_text("{not json", encoding="utf-8")
    examples = Path(__file__).resolve().parents[1] / "examples"
    code, _, err = run(
        [
            "report",
            "--answers",
            str(examples / "retail_minimal.yaml"),
            "--evidence",
            str(bad),
            "-o",
            str(tmp_path / "r.md"),
        ],
        capsys,
    )
    assert code == 2 and "ev.json:1:2: not valid JSON" in err
