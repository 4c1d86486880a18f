"""Reading input files: regular files or ``-`` only, capped, JSON as JSON, YAML 1.2 numbers."""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

from advisor.files.datafile import load_data_file, load_json_text
from advisor.files.yamlio import (
    MAX_BYTES,
    MAX_DEPTH,
    YamlProblem,
    load_yaml_text,
    read_text_file,
)


def message(exc: pytest.ExceptionInfo[YamlProblem]) -> str:
    return exc.value.render()


def test_a_fifo_is_refused_at_once_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(YamlProblem) as info:
        read_text_file(fifo)
    assert time.monotonic() - started < 5  # it did not block on the pipe (no writer exists)
    assert "is a FIFO (named pipe); give a regular file, or - for standard input" in message(info)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(device: str) -> None:
    with pytest.raises(YamlProblem) as info:
        read_text_file(Path(device))
    assert f"{device}: is a device" in message(info)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem, match="folder"):
        read_text_file(tmp_path)


def test_a_file_over_the_cap_is_refused_naming_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(YamlProblem) as info:
        read_text_file(big)
    assert "is larger than 16 MB, the most an input file may be" in message(info)


def test_a_file_at_the_cap_is_read(tmp_path: Path) -> None:
    ok = tmp_path / "ok.yaml"
    ok.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n")
    assert read_text_file(ok).startswith("a: 1")


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"team_size: 3\n")))
    assert read_text_file(Path("-")) == "team_size: 3\n"


def test_dash_over_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"#" * (MAX_BYTES + 1))))
    with pytest.raises(YamlProblem, match="larger than 16 MB"):
        read_text_file(Path("-"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e25", 1e25),
        ("3e+25", 3e25),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("-.5", -0.5),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("'012'", "012"),
        (".inf", float("inf")),
    ],
)
def test_yaml_numbers_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert load_yaml_text(f"x: {text}\n", "f.yaml").data == {"x": value}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1" * 400 + ".0", "a number with 401 digits is too large (at most 400)"),
        ("9" * 5000, "a number with 5000 digits is too large (at most 400)"),
        ("1e400", "1e400 is too large to represent"),
    ],
)
def test_yaml_numbers_too_large_are_located_problems(text: str, fragment: str) -> None:
    with pytest.raises(YamlProblem) as info:
        load_yaml_text(f"a: 1\nx: {text}\n", "f.yaml")
    assert f"f.yaml:2:4: x: {fragment}" in message(info)


def test_yaml_nested_too_deep_is_a_located_problem() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    with pytest.raises(YamlProblem) as info:
        load_yaml_text(deep, "f.yaml")
    assert f"nested more than {MAX_DEPTH} levels deep" in message(info)


def test_json_keeps_what_json_means() -> None:
    text = json.dumps({"a": "\U0001f680", "b": 1e25, "c": 3e25, "d": 12})
    assert load_json_text(text, "f.json").data == {"a": "\U0001f680", "b": 1e25, "c": 3e25, "d": 12}
    assert json.dumps("\U0001f680") == '"\\ud83d\\ude80"'  # what was refused as YAML


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"a" 1}', "f.json:1:6: not valid JSON: Expecting ':' delimiter"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 100 levels deep"),
        ('{"x":\n ' + "9" * 5000 + "}", "f.json:2:2: a number with 5000 digits is too large"),
        ('{"x": 1' + "0" * 399 + ".5}", "a number with 401 digits is too large"),
        ('{"x": 1e400}', "f.json:1:7: the number 1e400 is too large to represent"),
        ('{"x": NaN}', "x: NaN is not a JSON number"),
        ('{"r": [{"v": -Infinity}]}', "r[0].v: -Infinity is not a JSON number"),
        ('{"a": 1, "a": 2}', "a: duplicate key"),
    ],
)
def test_bad_json_is_a_located_problem(text: str, fragment: str) -> None:
    with pytest.raises(YamlProblem) as info:
        load_json_text(text, "f.json")
    assert fragment in message(info)


def test_load_data_file_picks_the_parser_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"x": 1e25}')
    (tmp_path / "a.yaml").write_text("x: 1:30\n")
    assert load_data_file(tmp_path / "a.json").data == {"x": 1e25}
    assert load_data_file(tmp_path / "a.yaml").data == {"x": "1:30"}
