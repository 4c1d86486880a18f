from __future__ import annotations

from pathlib import Path

import pytest

from advisor.files.yamlio import (
    MAX_NODES,
    YamlProblem,
    dump_yaml,
    load_yaml_file,
    load_yaml_text,
)


def _problems(text: str) -> list[str]:
    with pytest.raises(YamlProblem) as info:
        load_yaml_text(text, "f.yaml")
    return [str(p) for p in info.value.problems]


def test_marks_point_at_keys_and_items() -> None:
    doc = load_yaml_text("a:\n  b: 1\n  c:\n    - x\n    - y\n", "f.yaml")
    assert doc.data == {"a": {"b": 1, "c": ["x", "y"]}}
    assert doc.marks.find(("a", "b")) == (2, 3)
    assert doc.marks.find(("a", "c", 1)) == (5, 7)


def test_marks_fall_back_to_nearest_ancestor() -> None:
    doc = load_yaml_text("a:\n  b: 1\n", "f.yaml")
    assert doc.marks.line_of(("a", "missing", 3)) == 1


def test_python_object_tag_is_refused() -> None:
    (msg,) = _problems("a: !!python/object/apply:os.system ['echo hi']\n")
    assert "f.yaml:1:4" in msg and "python/object/apply:os.system" in msg and "not allowed" in msg


def test_python_name_tag_on_scalar_is_refused() -> None:
    (msg,) = _problems("a: !!python/name:os.system\n")
    assert "not allowed" in msg


def test_custom_tags_are_refused() -> None:
    (msg,) = _problems("a: !include other.yaml\n")
    assert "'!include' is not allowed" in msg


def test_duplicate_keys_are_errors_with_both_lines() -> None:
    (msg,) = _problems("a: 1\nb: 2\na: 3\n")
    assert msg.startswith("f.yaml:3:1: a: duplicate key (first given on line 1)")


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    (msg,) = _problems("\n".join(lines) + "\n")
    assert f"more than {MAX_NODES} nodes" in msg


def test_syntax_error_names_line_and_column() -> None:
    (msg,) = _problems("a: [1, 2\nb: 3\n")
    assert msg.startswith("f.yaml:2:") and "not valid YAML" in msg


def test_several_documents_are_refused() -> None:
    (msg,) = _problems("a: 1\n---\nb: 2\n")
    assert "not valid YAML" in msg


def test_merge_keys_work() -> None:
    doc = load_yaml_text("base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n", "f.yaml")
    assert doc.data["child"] == {"x": 1, "y": 2}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"a: \xff\xfe\n", "not UTF-8"),
    ],
)
def test_unreadable_files_are_named(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    with pytest.raises(YamlProblem) as info:
        load_yaml_file(path, "x.yaml")
    assert fragment in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem, match="file not found"):
        load_yaml_file(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "text", ["884e78233150", "1e25", "012", "0x1F", "0o17", ".5", "-3", "1:30", "yes", "null"]
)
def test_text_that_looks_like_a_number_reads_back_as_text(text: str) -> None:
    # a knowledge version is a hex digest: "884e78233150" once came back as a float too large to
    # represent, and the saved answers of `advisor ask` could not be loaded again
    data = {"_knowledge_version": text, "team_size": 3}
    assert load_yaml_text(dump_yaml(data), "saved.yaml").data == data
