"""The questionnaire: plain prompts on text streams, saving as it goes, review; a real terminal."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

try:
    import pexpect
except ImportError:  # pragma: no cover - pexpect is a dev dependency
    pexpect = None

from advisor.answers.profile import Profile
from advisor.answers.questionnaire import (
    check_partial_answers,
    load_partial_answers,
    run_questionnaire,
)
from advisor.errors import AnswersError, UserError
from advisor.files.yamlio import load_yaml_file
from advisor.kb.base import KnowledgeBase
from advisor.kb.load import load_knowledge

REPO = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).resolve().parent / "questionnaire_helpers" / "drive.py"


def _bi(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


#: Every question type but float once, and one ``when``: ``data_kinds`` only if ``uses_data``.
SMALL_QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "name",
        "type": "text",
        "prompt": _bi("Company name?", "公司名称？"),
        "help": _bi("Only for the title.", "只用于标题。"),
        "default": "Acme",
        "max_length": 20,
    },
    {
        "id": "uses_data",
        "type": "bool",
        "default": False,
        "prompt": _bi("Do you use personal data?", "使用个人数据吗？"),
    },
    {
        "id": "data_kinds",
        "type": "multi",
        "prompt": _bi("Which kinds?", "哪些种类？"),
        "when": {"fact": "uses_data", "eq": True},
        "choices": [
            {"value": "health", "label": _bi("Health", "健康")},
            {"value": "biometric", "label": _bi("Biometric", "生物特征")},
            {"value": "location", "label": _bi("Location", "位置")},
        ],
    },
    {
        "id": "stage",
        "type": "choice",
        "prompt": _bi("Funding stage?", "融资阶段？"),
        "default": "seed",
        "choices": [
            {"value": "seed", "label": _bi("Seed", "种子轮")},
            {"value": "series_a", "label": _bi("Series A", "A轮")},
            {"value": "series_b", "label": _bi("Series B", "B轮")},
        ],
    },
    {
        "id": "team_size",
        "type": "int",
        "prompt": _bi("How many people?", "团队多少人？"),
        "default": 3,
        "min": 1,
        "max": 50,
    },
]


@pytest.fixture
def kb_dir(build_file_tree: Callable[[Any], Path]) -> Path:
    """A knowledge folder holding only the small questions (JSON is YAML)."""
    return build_file_tree({"questions.yaml": json.dumps({"questions": SMALL_QUESTIONS})})


@pytest.fixture
def kb(kb_dir: Path) -> KnowledgeBase:
    return load_knowledge([kb_dir], builtin=False)


def ask(kb: KnowledgeBase, typed: str, **options: Any) -> tuple[Profile, str]:
    """Run the plain questionnaire on ``typed`` lines; return the profile and the transcript."""
    out = io.StringIO()
    options.setdefault("review", False)
    profile = run_questionnaire(kb, stdin=io.StringIO(typed), stdout=out, **options)
    return profile, out.getvalue()


def saved(path: Path) -> Any:
    """The answers in a save file, without the knowledge version it records."""
    data = load_yaml_file(path).data
    return {k: v for k, v in data.items() if k != "_knowledge_version"}


class SnapshotInput(io.StringIO):
    """Typed lines that, before each line is read, note what the save file holds."""

    def __init__(self, text: str, save_path: Path) -> None:
        super().__init__(text)
        self.save_path = save_path
        self.snapshots: list[Any] = []

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.snapshots.append(saved(self.save_path) if self.save_path.exists() else None)
        return super().readline(-1 if size is None else size)


# --- plain prompts -----------------------------------------------------------------------------


def test_typed_answers_become_the_profile(kb: KnowledgeBase) -> None:
    profile, _ = ask(kb, "Beta\ny\n1,3\n2\n7\n")
    assert dict(profile.answers) == {
        "name": "Beta",
        "uses_data": True,
        "data_kinds": ["health", "location"],
        "stage": "series_a",
        "team_size": 7,
    }
    assert profile.defaulted == ()


def test_choices_are_numbered_and_values_are_accepted_too(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "Beta\nyes\nbiometric health\nseries_b\n7\n")
    assert "  1) Seed [seed]" in out and "  3) Series B [series_b]" in out
    assert profile.answers["data_kinds"] == ["biometric", "health"]
    assert profile.answers["stage"] == "series_b"


def test_numbers_count_the_questions_asked_and_the_total_follows_the_answers(
    kb: KnowledgeBase,
) -> None:
    # "no personal data" keeps the follow-up closed: four questions, numbered 1-4
    _, out = ask(kb, "\n\n\n\n")
    assert [line.split("]")[0] for line in out.splitlines() if line.startswith("[")] == [
        "[1/4",
        "[2/4",
        "[3/4",
        "[4/4",
    ]
    # "yes" opens "Which kinds?": the total grows to 5 from the next question on
    _, out = ask(kb, "\ny\n1\n\n\n")
    assert "[2/4] Do you use personal data?" in out
    assert "[3/5] Which kinds?" in out
    assert "[5/5] How many people?" in out


def test_questions_answered_beforehand_are_not_counted(kb: KnowledgeBase) -> None:
    _, out = ask(kb, "\n\n", initial={"name": "Zeta", "uses_data": False})
    assert "[1/2] Funding stage?" in out
    assert "[2/2] How many people?" in out


def test_prompt_shows_text_help_default_and_range(kb: KnowledgeBase) -> None:
    _, out = ask(kb, "\n\n\n\n")
    assert '[1/4] Company name?\n  Only for the title.\nYour answer (or "not sure") [Acme]: ' in out
    assert 'y/n (or "not sure") [n]: ' in out
    assert 'Type a number or a value (or "not sure") [seed]: ' in out
    assert 'An integer, from 1 to 50 (or "not sure") [3]: ' in out


def test_prompts_speak_chinese_when_asked(kb: KnowledgeBase) -> None:
    _, out = ask(kb, "\n\n\n\n", lang="zh")
    assert "[1/4] 公司名称？\n  只用于标题。" in out
    assert "  2) A轮 [series_a]" in out
    assert "整数，范围 1 到 50（或“不确定”） [3]: " in out


def test_empty_line_takes_the_default_shown_in_brackets(kb: KnowledgeBase) -> None:
    profile, _ = ask(kb, "\n\n\n\n")
    assert dict(profile.answers) == {
        "name": "Acme",
        "uses_data": False,
        "stage": "seed",
        "team_size": 3,
    }


def test_invalid_answer_is_asked_again_with_its_reason(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "\nmaybe\nn\n9\nseed\n0\n1_000\n12\n")
    assert "  ! 'maybe' is not yes or no\n" in out
    assert "  ! '9' is not one of the choices\n" in out
    assert "  ! 0 is below the minimum 1\n" in out
    assert "  ! 1000 is above the maximum 50\n" in out
    assert profile.answers["team_size"] == 12


def test_required_question_without_default_refuses_an_empty_line(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "\ny\n\nhealth,nope\nhealth\n\n\n")
    assert "  ! an answer is required\n" in out
    assert "  ! 'nope' is not one of the choices\n" in out
    assert profile.answers["data_kinds"] == ["health"]


def test_question_whose_when_is_false_is_skipped(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "\nn\n\n\n")
    assert "Which kinds?" not in out
    assert "data_kinds" not in profile.answers
    assert "data_kinds" in profile.skipped


def test_initial_answers_are_not_asked_again(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "\n\n", initial={"name": "Gamma", "uses_data": False, "team_size": 9})
    assert "Company name?" not in out and "How many people?" not in out
    assert "Funding stage?" in out
    assert profile.answers["name"] == "Gamma" and profile.answers["team_size"] == 9


def test_invalid_initial_answers_are_an_answers_error(kb: KnowledgeBase) -> None:
    with pytest.raises(AnswersError, match="stage: 'series_z' is not one of the choices"):
        ask(kb, "", initial={"stage": "series_z"})


def test_every_answer_is_saved_before_the_next_question(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    typed = SnapshotInput("Beta\ny\nhealth\n\n7\n", save)
    run_questionnaire(kb, stdin=typed, stdout=io.StringIO(), save_path=save, review=False)
    assert typed.snapshots == [
        {},
        {"name": "Beta"},
        {"name": "Beta", "uses_data": True},
        {"name": "Beta", "uses_data": True, "data_kinds": ["health"]},
        {"name": "Beta", "uses_data": True, "data_kinds": ["health"], "stage": "seed"},
    ]
    assert saved(save) == {
        "name": "Beta",
        "uses_data": True,
        "data_kinds": ["health"],
        "stage": "seed",
        "team_size": 7,
    }


def test_save_path_ending_in_json_is_written_as_json(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.json"
    ask(kb, "\n\n\n\n", save_path=save)
    assert json.loads(save.read_text(encoding="utf-8")) == {
        "_knowledge_version": kb.version,
        "name": "Acme",
        "uses_data": False,
        "stage": "seed",
        "team_size": 3,
    }


def test_end_of_input_names_the_question_and_the_save_file(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    save = tmp_path / "answers.yaml"
    with pytest.raises(UserError) as caught:
        ask(kb, "Beta\ny\n", save_path=save)
    message = str(caught.value)
    assert "data_kinds" in message and "Which kinds?" in message
    assert str(save) in message and "--resume" in message
    assert saved(save) == {"name": "Beta", "uses_data": True}


def test_resume_asks_only_what_is_missing(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    with pytest.raises(UserError):
        ask(kb, "Beta\ny\n", save_path=save)
    profile, out = ask(kb, "location\nseries_a\n4\n", save_path=save, resume=True)
    assert "Company name?" not in out and "personal data" not in out
    assert dict(profile.answers) == {
        "name": "Beta",
        "uses_data": True,
        "data_kinds": ["location"],
        "stage": "series_a",
        "team_size": 4,
    }
    assert saved(save) == dict(profile.answers)


def test_resume_answers_win_over_initial_ones(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    save.write_text("name: Saved\n", encoding="utf-8")
    profile, _ = ask(kb, "\n\n\n", initial={"name": "Initial"}, save_path=save, resume=True)
    assert profile.answers["name"] == "Saved"


def test_resume_without_a_save_file_starts_afresh(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    profile, _ = ask(kb, "\n\n\n\n", save_path=save, resume=True)
    assert profile.answers["name"] == "Acme" and save.exists()


def test_resume_refuses_an_invalid_save_file_naming_key_and_line(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    save = tmp_path / "answers.yaml"
    save.write_text("name: Beta\nteam_size: 500\nstaff: 3\n", encoding="utf-8")
    with pytest.raises(AnswersError) as caught:
        ask(kb, "\n\n\n", save_path=save, resume=True)
    text = str(caught.value)
    assert f"{save}:2:" in text and "team_size: 500 is above the maximum 50" in text
    assert f"{save}:3:" in text and "staff: unknown question id" in text


def test_partial_answers_may_miss_questions_but_not_hold_bad_values(kb: KnowledgeBase) -> None:
    assert check_partial_answers(kb, {"team_size": 4.0}) == {"team_size": 4}
    with pytest.raises(AnswersError, match="data_kinds: 'gps' is not one of the choices"):
        check_partial_answers(kb, {"uses_data": False, "data_kinds": ["gps"]})


def test_load_partial_answers_refuses_a_list(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("- name\n", encoding="utf-8")
    with pytest.raises(AnswersError, match="mapping of question id to answer"):
        load_partial_answers(kb, path)


# --- review -----------------------------------------------------------------------------------


def test_review_lists_answers_and_enter_accepts(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "\ny\n1\n\n\n\n", review=True)
    assert "Your answers:\n  1. Company name? Acme\n  2. Do you use personal data? yes\n" in out
    assert "  3. Which kinds? Health\n  4. Funding stage? Seed\n  5. How many people? 3\n" in out
    assert "Enter a number to change an answer, or press Enter to accept: " in out
    assert profile.answers["data_kinds"] == ["health"]


def test_end_of_input_at_review_accepts_the_answers(kb: KnowledgeBase) -> None:
    profile, _ = ask(kb, "\n\n\n\n", review=True)
    assert profile.answers["name"] == "Acme"


def test_review_change_replaces_the_answer_and_saves_it(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    profile, out = ask(kb, "\n\n\n\n3\n3\n\n", review=True, save_path=save)
    assert 'Type a number or a value (or "not sure") [seed]: 3' in out
    assert profile.answers["stage"] == "series_b"
    assert saved(save)["stage"] == "series_b"
    assert out.count("Your answers:") == 2


def test_review_change_asks_newly_applicable_questions(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    profile, _ = ask(kb, "\nn\n\n\n2\ny\nbiometric\n\n", review=True, save_path=save)
    assert profile.answers["data_kinds"] == ["biometric"]
    assert saved(save)["data_kinds"] == ["biometric"]


def test_review_change_drops_answers_that_no_longer_apply(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    save = tmp_path / "answers.yaml"
    profile, out = ask(kb, "\ny\nhealth\n\n\n2\nn\n\n", review=True, save_path=save)
    assert "data_kinds" not in profile.answers
    assert "data_kinds" not in saved(save)
    assert "  3. Funding stage? Seed" in out.rsplit("Your answers:", 1)[1]


def test_review_refuses_a_number_out_of_range(kb: KnowledgeBase) -> None:
    _, out = ask(kb, "\n\n\n\n9\nx\n\n", review=True)
    assert "  ! '9' is not a number from 1 to 4\n" in out
    assert "  ! 'x' is not a number from 1 to 4\n" in out


# --- the real questions -----------------------------------------------------------------------


def test_the_real_questions_all_take_their_defaults(build_file_tree: Callable[[Any], Path]) -> None:
    text = (REPO / "knowledge" / "questions.yaml").read_text(encoding="utf-8")
    kb = load_knowledge([build_file_tree({"questions.yaml": text})], builtin=False)
    profile, out = ask(kb, "\n" * len(kb.questions))
    # with every default taken, the questions whose `when` fails are skipped
    asked = [q for q in kb.questions.values() if q.id not in profile.skipped]
    # numbered 1..n in order, and with defaults taken the total never moves: n throughout
    numbers = re.findall(r"^\[(\d+)/(\d+)\] ", out, re.MULTILINE)
    assert [int(n) for n, _ in numbers] == list(range(1, len(asked) + 1))
    assert {int(total) for _, total in numbers} == {len(asked)}
    assert set(profile.answers) == {q.id for q in asked}
    assert profile.skipped, "some questions only apply to some answers"


# --- a real terminal (pexpect) --------------------------------------------------------------

DOWN, SPACE, ENTER, BACKSPACE, CTRL_C = "\x1b[B", " ", "\r", "\x7f", "\x03"
CURSOR_QUERY, CURSOR_REPLY = r"\x1b\[6n", "\x1b[1;1R"


class Terminal:
    """The driver script on a pseudo-terminal, answering prompt_toolkit's cursor queries.

    A terminal that answers them is what prompt_toolkit needs to draw its bottom toolbar, where
    a checkbox shows why an answer was refused.
    """

    def __init__(self, kb_dir: Path, save: Path, *args: str) -> None:
        if pexpect is None:
            pytest.skip("pexpect is not installed")
        env = {**os.environ, "TERM": "xterm", "PYTHONPATH": str(REPO)}
        env.pop("PROMPT_TOOLKIT_NO_CPR", None)
        try:
            self.child = pexpect.spawn(
                sys.executable,
                [str(DRIVER), str(kb_dir), str(save), *args],
                cwd=str(REPO),
                env=env,
                encoding="utf-8",
                timeout=8,
                dimensions=(40, 120),
            )
        except (OSError, pexpect.ExceptionPexpect) as exc:  # no pty here
            pytest.skip(f"pexpect cannot spawn a terminal: {exc}")

    def expect(self, pattern: str) -> Any:
        """Wait for ``pattern`` (a regex); return its match."""
        while self.child.expect([CURSOR_QUERY, pattern]) == 0:
            self.child.send(CURSOR_REPLY)
        return self.child.match

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def exit_status(self) -> int:
        while self.child.expect([CURSOR_QUERY, pexpect.EOF]) == 0:
            self.child.send(CURSOR_REPLY)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


def test_terminal_session_with_arrow_keys_checkboxes_and_review(
    kb_dir: Path, tmp_path: Path
) -> None:
    save = tmp_path / "answers.yaml"
    child = Terminal(kb_dir, save)
    child.expect("Company name")
    child.send(ENTER)  # the default, Acme
    child.expect("personal data")
    child.send("y" + ENTER)  # Yes, then Enter
    child.expect("Which kinds")
    child.send(ENTER)  # nothing ticked: refused with the reason
    child.expect("choose at least one")
    child.send(SPACE + DOWN + DOWN + SPACE + ENTER)  # Health and Location
    child.expect("chosen: Health, Location")  # the labels chosen, not "done (2 selections)"
    child.expect("Funding stage")
    child.send(DOWN + ENTER)  # Series A
    child.expect("How many people")
    child.send(BACKSPACE + "99" + ENTER)  # refused: above the maximum
    child.expect("above the maximum 50")
    child.send(BACKSPACE * 2 + "7" + ENTER)
    child.expect("Review your answers")
    child.send(DOWN * 4 + ENTER)  # change the funding stage
    child.expect("Funding stage")
    child.send(DOWN + ENTER)  # from Series A down to Series B
    child.expect("Review your answers")
    child.send(ENTER)  # accept
    result = json.loads(child.expect(r"RESULT (\{.*\})\r\n").group(1))
    assert child.exit_status() == 0
    expected = {
        "name": "Acme",
        "uses_data": True,
        "data_kinds": ["health", "location"],
        "stage": "series_b",
        "team_size": 7,
    }
    assert result == expected
    assert saved(save) == expected


def test_ctrl_c_keeps_the_answers_given_so_far_and_resume_continues(
    kb_dir: Path, tmp_path: Path
) -> None:
    save = tmp_path / "answers.yaml"
    started = time.monotonic()
    child = Terminal(kb_dir, save, "--no-review")
    child.expect("Company name")
    child.send(BACKSPACE * 4 + "Delta" + ENTER)
    child.expect("personal data")
    child.send("n" + ENTER)
    child.expect("Funding stage")
    child.send(CTRL_C)
    child.expect("INTERRUPTED")
    assert child.exit_status() == 130
    assert saved(save) == {"name": "Delta", "uses_data": False}

    child = Terminal(kb_dir, save, "--no-review", "--resume")
    child.expect("Funding stage")  # the first question not yet answered
    child.send(ENTER)
    child.expect("How many people")
    child.send(ENTER)
    result = json.loads(child.expect(r"RESULT (\{.*\})\r\n").group(1))
    assert result == {"name": "Delta", "uses_data": False, "stage": "seed", "team_size": 3}
    assert child.exit_status() == 0
    assert time.monotonic() - started < 20


def test_resume_says_how_many_answers_it_loaded_and_what_comes_next(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    save_path = tmp_path / "answers.yaml"
    save_path.write_text("name: Zeta\nuses_data: true\n", encoding="utf-8")
    _, out = ask(kb, "1\n\n\n", save_path=save_path, resume=True)
    first = out.index(f"Resuming: 2 answers loaded from {save_path}; next is [3/5] Which kinds?")
    assert first < out.index("[3/5] Which kinds?\n")  # said before the question is asked


def test_resume_with_everything_answered_says_so(kb: KnowledgeBase, tmp_path: Path) -> None:
    save_path = tmp_path / "answers.yaml"
    save_path.write_text(
        "name: Zeta\nuses_data: false\nstage: seed\nteam_size: 4\n", encoding="utf-8"
    )
    _, out = ask(kb, "", save_path=save_path, resume=True, lang="zh")
    assert f"已从 {save_path} 读入 4 个回答，所有问题都已回答" in out


def test_terminal_offers_not_sure_in_lists_checkboxes_and_text(
    kb_dir: Path, tmp_path: Path
) -> None:
    save = tmp_path / "answers.yaml"
    child = Terminal(kb_dir, save, "--no-review")
    child.expect("Company name")
    child.send(ENTER)
    child.expect("personal data")
    child.send("y" + ENTER)
    child.expect("Which kinds")
    child.send(DOWN * 3 + SPACE + ENTER)  # the fourth box: Not sure
    child.expect("chosen: Not sure")
    child.expect("Funding stage")
    child.send(DOWN * 3 + ENTER)  # after the three stages: Not sure
    child.expect("How many people")
    child.send("not sure" + ENTER)
    result = json.loads(child.expect(r"RESULT (\{.*\})\r\n").group(1))
    assert child.exit_status() == 0
    assert result == {"name": "Acme", "uses_data": True}  # "not sure" is no answer
    assert saved(save) == {
        "name": "Acme",
        "uses_data": True,
        "data_kinds": "unknown",
        "stage": "unknown",
        "team_size": "unknown",
    }

    save.unlink()
    child = Terminal(kb_dir, save, "--no-review")
    child.expect("Company name")
    child.send(ENTER)
    child.expect("personal data")
    child.send("u" + ENTER)  # Not sure: its follow-up is not asked
    child.expect("Funding stage")
    child.send(ENTER)
    child.expect("How many people")
    child.send(ENTER)
    json.loads(child.expect(r"RESULT (\{.*\})\r\n").group(1))
    assert child.exit_status() == 0
    assert saved(save) == {"name": "Acme", "uses_data": "unknown", "stage": "seed", "team_size": 3}
