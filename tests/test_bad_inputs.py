"""The bad-input corpus under tests/bad_inputs: each case must end in one clear message naming the
file (and line where there is one), exit status 2, no traceback and no output file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
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
        (["--format", "docx"], "Invalid value for '--format'"),
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


# --- hostile probes (issue 10): every one ends in a report or one clear exit-2 message ----------

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "examples" / "retail_minimal.yaml"


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code, out, err = run(argv, capsys)
    assert "Traceback" not in out + err
    return code, out, err


def report_of(answers: Path, tmp_path: Path, *extra: str) -> list[str]:
    return ["report", "--answers", str(answers), "-o", str(tmp_path / "r.json"), *extra]


def test_answers_from_a_fifo_are_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    code, _, err = run_cli(report_of(fifo, tmp_path), capsys)
    assert code == 2
    assert f"{fifo}: is a FIFO (named pipe); give a regular file, or - for standard input" in err


def test_answers_from_dev_zero_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(report_of(Path("/dev/zero"), tmp_path), capsys)
    assert code == 2 and "/dev/zero: is a device" in err


def test_answers_over_16_mb_are_refused_naming_the_cap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(16 * 2**20 + 1)
    code, _, err = run_cli(report_of(big, tmp_path), capsys)
    assert code == 2 and "is larger than 16 MB, the most an input file may be" in err


def test_json_nested_100k_deep_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"company_name": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, _, err = run_cli(report_of(deep, tmp_path), capsys)
    assert code == 2 and "deep.json:1:117: nested more than 100 levels deep" in err


def test_valid_json_is_read_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.json"
    data = {"company_name": "Rocket \U0001f680", "training_compute_flops": 3e25}
    answers.write_text(json.dumps(data))  # writes the emoji as a \ud83d\ude80 surrogate pair
    assert "\\ud83d\\ude80" in answers.read_text()
    code, _, err = run_cli(report_of(answers, tmp_path), capsys)
    assert code == 0, err
    report = json.loads((tmp_path / "r.json").read_text())
    assert "Rocket \U0001f680" in json.dumps(report, ensure_ascii=False)


def test_yaml_012_is_twelve_not_octal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("runway_months: 012\ntraining_compute_flops: 1e25\n")
    code, _, err = run_cli(report_of(answers, tmp_path), capsys)
    assert code == 0, err
    text = (tmp_path / "r.json").read_text()
    assert '"runway_months": 12' in text


def evidence_file(tmp_path: Path, ratio: str) -> Path:
    ev = tmp_path / "ev.json"
    ev.write_text(
        '{"schema_version": 1, "measured_at": "2026-01-01", "machine": {}, "results": ['
        '{"technique": "technique/quantization", "ratios": {"speedup": ' + ratio + "}}]}"
    )
    return ev


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN"])
def test_evidence_with_nan_or_infinity_is_refused_naming_file_and_key(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ev = evidence_file(tmp_path, value)
    code, _, err = run_cli(report_of(MINIMAL, tmp_path, "--evidence", str(ev)), capsys)
    assert code == 2
    assert "problem in the evidence file" in err
    assert f"ev.json:1:130: results[0].ratios.speedup: {value} is not a JSON number" in err
    assert not (tmp_path / "r.json").exists()


def test_a_json_report_with_evidence_is_strict_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ev = evidence_file(tmp_path, "1.5")
    code, _, err = run_cli(report_of(MINIMAL, tmp_path, "--evidence", str(ev)), capsys)
    assert code == 0, err

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the report")

    json.loads((tmp_path / "r.json").read_text(), parse_constant=refuse)


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ("market_need=1e308,founder_fit=1e308", "the direction weights sum to inf"),
        ("market_need=1e309", "must be a finite number >= 0"),
        ("market_need=nan", "must be a finite number >= 0"),
        ("market_need=-1", "must be a finite number >= 0"),
        ("market_need=0.4,market_need=0.5", "--weights: market_need is given twice"),
    ],
)
def test_weights_must_be_finite_non_negative_and_once_each(
    weights: str, fragment: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(report_of(MINIMAL, tmp_path, "--weights", weights), capsys)
    assert code == 2 and fragment in err


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("/proc/version", "/proc/version is a kernel interface file"),
        ("/proc/report.md", "/proc/report.md: cannot write"),
    ],
)
def test_output_that_cannot_be_replaced_is_a_clear_error(
    target: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["report", "--answers", str(MINIMAL), "-o", target], capsys)
    assert code == 2 and fragment in err


def test_output_onto_a_symlink_keeps_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    code, _, err = run_cli(["report", "--answers", str(MINIMAL), "-o", str(link)], capsys)
    assert code == 0, err
    assert link.is_symlink() and real.read_text().startswith("#")


def test_output_onto_dev_null_leaves_the_device(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["report", "--answers", str(MINIMAL), "-o", "/dev/null"], capsys)
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_backtracking_pattern_judges_a_long_answer_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``(a+)+$`` took 8 s on 29 characters with Python's re, doubling per character; on RE2 it
    returns (the timing is in benchmarks/, not asserted here)."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "kb.yaml").write_text(
        "questions:\n  - id: code_name\n    type: text\n    required: false\n"
        "    prompt: {en: Code name?, zh: 代号？}\n    pattern: '(a+)+$'\n"
    )
    answers = tmp_path / "a.yaml"
    answers.write_text("code_name: " + "a" * 60 + "!\n")
    code, _, err = run_cli([*report_of(answers, tmp_path), "--kb", str(kb)], capsys)
    assert code == 2 and "code_name: does not match the pattern (a+)+$" in err
    answers.write_text("code_name: " + "a" * 60 + "\n")
    code, _, err = run_cli([*report_of(answers, tmp_path), "--kb", str(kb)], capsys)
    assert code == 0, err


def shell(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ADVISOR_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


ADVISOR = f"{sys.executable} -m advisor"


def test_report_to_dev_full_is_exit_2(tmp_path: Path) -> None:
    done = shell(f"{ADVISOR} report --answers {MINIMAL} -o - > /dev/full", tmp_path)
    assert done.returncode == 2, done.stderr
    assert "error: cannot write to standard output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_report_with_stdout_closed_is_exit_2(tmp_path: Path) -> None:
    done = shell(f"{ADVISOR} report --answers {MINIMAL} -o - >&-", tmp_path)
    assert done.returncode == 2, done.stderr
    assert "error: standard output is closed; give a file with -o FILE" in done.stderr


def test_a_command_printing_to_dev_full_is_exit_2(tmp_path: Path) -> None:
    done = shell(f"{ADVISOR} kb stats > /dev/full", tmp_path)
    assert done.returncode == 2, done.stderr
    assert "cannot write to standard output" in done.stderr
    assert "Traceback" not in done.stderr


def test_ask_with_stdin_closed_is_exit_2(tmp_path: Path) -> None:
    done = shell(f"{ADVISOR} ask --save s.yaml -o r.md <&-", tmp_path)
    assert done.returncode == 2, done.stderr
    assert "standard input is closed, so there is nobody to ask" in done.stderr
    assert not (tmp_path / "s.yaml").exists()


def test_an_unreadable_knowledge_file_is_exit_2(tmp_path: Path) -> None:
    """As root, reading is denied only without CAP_DAC_OVERRIDE: drop it with setpriv."""
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "a.yaml").write_text("nodes: []\n")
    (kb / "a.yaml").chmod(0)
    command = f"{ADVISOR} report --kb {kb} --answers {MINIMAL} -o r.md"
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv reads every file")
        drop = "setpriv --bounding-set=-dac_override,-dac_read_search"
        probe = shell(f"{drop} cat {kb / 'a.yaml'}", tmp_path)
        if probe.returncode == 0 or "Permission denied" not in probe.stderr:
            pytest.skip("cannot drop the capability to read every file here")
        command = f"{drop} {command}"
    done = shell(command, tmp_path)
    assert done.returncode == 2, done.stderr
    assert "kb/a.yaml: cannot be read: Permission denied" in done.stderr
    assert "Traceback" not in done.stderr
