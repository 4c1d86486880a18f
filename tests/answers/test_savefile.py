"""Saved answers are never lost: a second `advisor ask` asks, refuses or keeps a .bak."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from advisor.answers.savefile import Start, Stopped, backup_path, choose_start
from advisor.cli import main
from advisor.errors import UserError

SAVED = "# saved\ncompany_name: Beta\nteam_size: 4\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(info.value.code or 0), out, err


@pytest.fixture
def save(tmp_path: Path) -> Path:
    path = tmp_path / "advisor-answers.yaml"
    path.write_text(SAVED, encoding="utf-8")
    return path


def test_off_a_terminal_an_existing_save_file_is_refused_naming_both_commands(
    save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["ask", "--save", str(save), "-o", str(tmp_path / "r.md")], capsys)
    assert code == 2
    assert f"{save} already holds answers from an earlier run" in err
    assert f"`advisor ask --resume --save {save}`" in err
    assert f"`advisor ask --restart --save {save}`" in err
    assert save.read_text(encoding="utf-8") == SAVED  # untouched
    assert not backup_path(save).exists() and not (tmp_path / "r.md").exists()


def test_restart_keeps_the_old_answers_in_a_bak(
    save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Gamma\n" + "\n" * 60))
    argv = ["ask", "--restart", "--no-review", "--save", str(save), "-o", str(tmp_path / "r.md")]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    assert backup_path(save).read_text(encoding="utf-8") == SAVED
    assert "company_name: Gamma" in save.read_text(encoding="utf-8")


def test_resume_continues_from_the_saved_answers(
    save: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n" * 60))
    argv = ["ask", "--resume", "--no-review", "--save", str(save), "-o", str(tmp_path / "r.md")]
    code, _, err = run(argv, capsys)
    assert code == 0, err
    text = save.read_text(encoding="utf-8")
    assert "company_name: Beta" in text and "team_size: 4" in text
    assert not backup_path(save).exists()


def test_resume_and_restart_together_are_refused(save: Path) -> None:
    with pytest.raises(UserError, match="exclude each other"):
        choose_start(save, resume=True, restart=True, terminal=False)


def test_no_save_file_starts_fresh_without_asking(tmp_path: Path) -> None:
    out = io.StringIO()
    start = choose_start(
        tmp_path / "none.yaml",
        resume=False,
        restart=False,
        terminal=True,
        stdin=io.StringIO(""),
        stdout=out,
    )
    assert start is Start.FRESH and out.getvalue() == ""


def ask_terminal(save: Path, typed: str, lang: str = "en") -> tuple[Start, str]:
    out = io.StringIO()
    start = choose_start(
        save,
        resume=False,
        restart=False,
        terminal=True,
        lang=lang,  # type: ignore[arg-type]
        stdin=io.StringIO(typed),
        stdout=out,
    )
    return start, out.getvalue()


def test_on_a_terminal_continue_resumes(save: Path) -> None:
    start, shown = ask_terminal(save, "c\n")
    assert start is Start.RESUME
    assert f"{save} already holds 2 answer(s) from an earlier run." in shown
    assert save.read_text(encoding="utf-8") == SAVED


def test_on_a_terminal_start_over_keeps_a_bak(save: Path) -> None:
    start, shown = ask_terminal(save, "x\ns\n")
    assert start is Start.FRESH
    assert "'x' is not c, s or q" in shown
    assert not save.exists()
    assert backup_path(save).read_text(encoding="utf-8") == SAVED


@pytest.mark.parametrize("typed", ["q\n", ""])
def test_on_a_terminal_stop_touches_nothing(save: Path, typed: str) -> None:
    with pytest.raises(Stopped, match="kept in"):
        ask_terminal(save, typed)
    assert save.read_text(encoding="utf-8") == SAVED and not backup_path(save).exists()


def test_the_prompt_speaks_chinese(save: Path) -> None:
    _, shown = ask_terminal(save, "c\n", lang="zh")
    assert "上次运行" in shown


def test_the_library_never_overwrites_a_save_file_without_a_bak(save: Path) -> None:
    from advisor.answers.questionnaire import run_questionnaire
    from advisor.kb.load import load_knowledge

    run_questionnaire(
        load_knowledge(),
        stdin=io.StringIO("Delta\n" + "\n" * 60),
        stdout=io.StringIO(),
        save_path=save,
        review=False,
    )
    assert backup_path(save).read_text(encoding="utf-8") == SAVED
    assert "company_name: Delta" in save.read_text(encoding="utf-8")


def spawn_ask(save: Path, tmp_path: Path, *more: str) -> Any:
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "TERM": "xterm", "ADVISOR_CACHE_DIR": str(tmp_path / "cache")}
    try:
        return pexpect.spawn(
            sys.executable,
            ["-m", "advisor", "ask", "--save", str(save), "-o", str(tmp_path / "r.md"), *more],
            cwd=str(Path(__file__).resolve().parents[2]),
            env=env,
            encoding="utf-8",
            timeout=60,
        )
    except (OSError, pexpect.ExceptionPexpect) as exc:  # no pty here
        pytest.skip(f"pexpect cannot spawn a terminal: {exc}")


def test_on_a_real_terminal_the_cli_asks_and_stop_touches_nothing(
    save: Path, tmp_path: Path
) -> None:
    import pexpect

    child = spawn_ask(save, tmp_path)
    child.expect("already holds 2 answer")
    child.expect(r"\[c/s/q\]: ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert save.read_text(encoding="utf-8") == SAVED and not backup_path(save).exists()
    assert not (tmp_path / "r.md").exists()


def _continue_and_interrupt(child: Any, at: str) -> str:
    """Continue the saved answers, press Ctrl-C at the prompt ``at``; what the CLI says then."""
    import pexpect

    child.expect(r"\[c/s/q\]: ")
    child.sendline("c")
    child.expect(at)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    return " ".join((child.before or "").split())


def test_ctrl_c_says_how_to_continue_with_the_same_report_options(
    save: Path, tmp_path: Path
) -> None:
    # at the first question not answered yet
    hint = _continue_and_interrupt(spawn_ask(save, tmp_path), r"\[\d+/\d+\]")
    # the command to continue keeps -o, so the report still goes where it was asked to
    assert f"advisor ask --resume --save {save} -o {tmp_path / 'r.md'}" in hint


def test_ctrl_c_in_an_adaptive_run_says_to_go_on_adaptive(save: Path, tmp_path: Path) -> None:
    child = spawn_ask(save, tmp_path, "--adaptive", "--all")
    hint = _continue_and_interrupt(child, "Why this question")  # the chooser's first pick
    assert f"advisor ask --resume --save {save} --adaptive --all -o {tmp_path / 'r.md'}" in hint
