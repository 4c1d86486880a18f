"""Every option of every subcommand has an allowed range; a value outside it is exit status 2
with a one-line message naming the option, the range and the value (never "internal error")."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from technical.argtypes import FloatRange, IntRange
from technical.cli import build_parser, main

# options that take free text: paths, names, lists (each checked where it is used)
TEXT_OPTIONS = {
    "--json",
    "--checkpoint",
    "--out",
    "--save",
    "--model-file",
    "--torchrun",
    "--only",
    "--members",
    "--labels",
    "--neighbours",
}


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _valued_options() -> list[tuple[str, argparse.Action]]:
    """(command, action) for every option that takes a value."""
    return [
        (name, action)
        for name, sub in _subcommands().items()
        for action in sub._actions
        if action.option_strings and action.nargs != 0
    ]


def _ranged() -> list[tuple[str, str, IntRange | FloatRange]]:
    return [
        (name, action.option_strings[0], action.type)
        for name, action in _valued_options()
        if isinstance(action.type, IntRange | FloatRange)
    ]


OUT_OF_RANGE = [
    pytest.param(command, option, value, str(kind), id=f"{command} {option} {value}")
    for command, option, kind in _ranged()
    for value in kind.outside()
]


def test_every_option_is_a_choice_a_range_or_known_free_text() -> None:
    loose = sorted(
        f"{name} {action.option_strings[0]}"
        for name, action in _valued_options()
        if action.choices is None
        and not isinstance(action.type, IntRange | FloatRange)
        and action.option_strings[0] not in TEXT_OPTIONS
    )
    assert loose == [], f"options without a range or choices: {loose}"


@pytest.mark.parametrize(("command", "option", "value", "allowed"), OUT_OF_RANGE)
def test_a_value_out_of_range_exits_2_naming_the_range(
    command: str, option: str, value: str, allowed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, f"{option}={value}"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: must be" in err and allowed in err, err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("command", "option", "kind"), _ranged(), ids=lambda v: str(v))
def test_both_ends_of_a_range_are_accepted(
    command: str, option: str, kind: IntRange | FloatRange
) -> None:
    ends = [kind.low, kind.high]
    if isinstance(kind, FloatRange):
        ends = [
            e
            for e, is_open in zip(ends, (kind.open_low, kind.open_high), strict=True)
            if not is_open
        ]
    for end in ends:
        args = build_parser().parse_args([command, f"{option}={end!r}"])
        assert getattr(args, option.lstrip("-").replace("-", "_")) == end


def test_the_help_shows_each_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "allowed: 0..4294967295" in out  # --seed
    assert "allowed: [0, 1]" in out  # --weight-decay
    assert "allowed: (0, 10]" in out  # --lr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["train", "--seed", "-1"], "argument --seed: must be an integer in 0..4294967295, got -1"),
        (
            ["train", "--weight-decay", "-5"],
            "argument --weight-decay: must be a number in [0, 1], got -5",
        ),
        (["quantize", "--epochs", "-3"], "argument --epochs: must be an integer in 0..10000"),
        (["generate", "--lr", "0"], "argument --lr: must be a number in (0, 10], got 0"),
        (["federated", "--batch-size", "-1"], "argument --batch-size: must be an integer in"),
        (["train", "--batch-size", "0"], "argument --batch-size: must be an integer in 1..65536"),
    ],
)
def test_the_reported_cases_exit_2_without_a_traceback(
    repo_root: str, argv: list[str], message: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "technical", *argv],
        cwd=repo_root,
        env={**os.environ, "PYTHONPATH": repo_root},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_nesterov_without_momentum_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    # both values are in range alone; torch refuses the pair with a ValueError
    code = main(["train", "--epochs", "1", "--optimizer", "nesterov", "--momentum", "0"])
    assert code == 2
    assert "nesterov needs a momentum in (0, 1), got 0" in capsys.readouterr().err
