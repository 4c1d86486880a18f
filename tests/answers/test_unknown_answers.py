""" "Not sure" answers (issue 13): in a file, at a plain prompt, saved and resumed, shown; the
adaptive questionnaire with a chooser; the oracle prompter that answers from a file."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from advisor.answers.profile import (
    UNKNOWN_ANSWER,
    Profile,
    applicability,
    build_profile,
    is_applicable,
    load_answers_file,
)
from advisor.answers.questionnaire import Chooser, load_partial_answers, run_questionnaire
from advisor.answers.show import show_answer
from advisor.errors import AnswersError, UserError
from advisor.files.yamlio import load_yaml_file
from advisor.kb.base import KnowledgeBase
from advisor.kb.load import load_knowledge


def _bi(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _choices(*values: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": _bi(v.title(), v)} for v in values]


#: Every question type, the title question, and a follow-up without a default.
QUESTIONS: list[dict[str, Any]] = [
    {"id": "company_name", "type": "text", "prompt": _bi("Company?", "公司？"), "default": "Acme"},
    {"id": "tagline", "type": "text", "prompt": _bi("Tagline?", "口号？"), "default": "AI"},
    {
        "id": "uses_data",
        "type": "bool",
        "prompt": _bi("Personal data?", "个人数据？"),
        "default": False,
    },
    {
        "id": "data_kinds",
        "type": "multi",
        "prompt": _bi("Which kinds?", "哪些种类？"),
        "when": {"fact": "uses_data", "eq": True},
        "choices": _choices("health", "location"),
    },
    {
        "id": "stage",
        "type": "choice",
        "prompt": _bi("Funding stage?", "融资阶段？"),
        "default": "seed",
        "choices": _choices("seed", "series_a"),
    },
    {
        "id": "markets",
        "type": "multi",
        "prompt": _bi("Markets?", "市场？"),
        "default": ["us"],
        "choices": _choices("us", "eu"),
    },
    {
        "id": "team_size",
        "type": "int",
        "prompt": _bi("Team size?", "团队人数？"),
        "default": 3,
        "min": 1,
        "max": 50,
    },
    {"id": "runway", "type": "float", "prompt": _bi("Runway?", "跑道？"), "default": 1.5},
]
IDS = [q["id"] for q in QUESTIONS]


@pytest.fixture
def kb(build_file_tree: Callable[[Any], Path]) -> KnowledgeBase:
    folder = build_file_tree({"questions.yaml": json.dumps({"questions": QUESTIONS})})
    return load_knowledge([folder], builtin=False)


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ask(kb: KnowledgeBase, typed: str, **options: Any) -> tuple[Profile, str]:
    out = io.StringIO()
    options.setdefault("review", False)
    profile = run_questionnaire(
        kb, stdin=io.StringIO(typed), stdout=out, interactive=False, **options
    )
    return profile, out.getvalue()


# --- in an answers file ----------------------------------------------------------------------


def test_unknown_is_an_answer_to_every_question_type(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "company_name: Beta\ntagline: unknown\nuses_data: unknown\nstage: unknown\n"
        "markets: unknown\nteam_size: unknown\nrunway: Unknown\n",
    )
    profile = load_answers_file(kb, path)
    assert profile.unknown == ("tagline", "uses_data", "data_kinds", "stage", "markets",
                               "team_size", "runway")  # fmt: skip
    assert dict(profile.answers) == {"company_name": "Beta"}
    assert profile.defaulted == ()  # not sure is not "take the default"
    assert profile.asked == ()


def test_the_company_name_cannot_be_unknown(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write(tmp_path, "team_size: 4\ncompany_name: unknown\n")
    with pytest.raises(AnswersError) as info:
        load_answers_file(kb, path)
    text = info.value.render()
    assert f"{path}:2:" in text and "company_name" in text
    assert "titles the report" in text and "give the name" in text


def test_a_follow_up_of_an_unknown_answer_is_unknown_unless_it_is_answered(
    kb: KnowledgeBase,
) -> None:
    profile = build_profile(kb, {"uses_data": UNKNOWN_ANSWER})
    assert profile.unknown == ("uses_data", "data_kinds")
    assert "data_kinds" not in profile.answers and "data_kinds" not in profile.skipped
    # the founder knows the kinds though not whether they are personal: the answer is kept
    profile = build_profile(kb, {"uses_data": UNKNOWN_ANSWER, "data_kinds": ["health"]})
    assert profile.unknown == ("uses_data",)
    assert profile.answers["data_kinds"] == ["health"]
    # known answers work as before
    assert "data_kinds" in build_profile(kb, {"uses_data": False}).skipped
    q = kb.questions["data_kinds"]
    assert applicability(q, {}, {"uses_data"}) is None
    assert applicability(q, {"uses_data": True}, ()) is True
    assert applicability(q, {"uses_data": False}, ()) is False
    assert is_applicable(q, {"uses_data": True}) and not is_applicable(q, {})


def test_an_invalid_answer_to_a_follow_up_of_an_unknown_answer_is_still_refused(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write(tmp_path, "uses_data: unknown\ndata_kinds: [genome]\n")
    with pytest.raises(AnswersError, match=rf"{path}:2:\d+: data_kinds: 'genome'"):
        load_answers_file(kb, path)


def test_an_unknown_answer_is_shown_in_words(kb: KnowledgeBase) -> None:
    q = kb.questions["stage"]
    assert show_answer(q, UNKNOWN_ANSWER, "en", labels=True) == "Not sure"
    assert show_answer(q, UNKNOWN_ANSWER, "zh") == "不确定"
    assert show_answer(kb.questions["uses_data"], UNKNOWN_ANSWER, "en") == "Not sure"


# --- saving and resuming ---------------------------------------------------------------------


def test_unknown_answers_are_saved_and_resumed(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    with pytest.raises(UserError, match="input ended while asking stage"):
        ask(kb, "Beta\nnot sure\nnot sure\n", save_path=save)
    data = load_yaml_file(save).data
    assert data["tagline"] == "unknown" and data["uses_data"] == "unknown"
    assert load_partial_answers(kb, save) == {
        "company_name": "Beta",
        "tagline": UNKNOWN_ANSWER,
        "uses_data": UNKNOWN_ANSWER,
    }
    profile, out = ask(kb, "unknown\n2\n\n\n", save_path=save, resume=True)
    assert "Resuming: 3 answers loaded" in out
    assert "Which kinds?" not in out  # its question is not sure: it is not asked
    assert profile.unknown == ("tagline", "uses_data", "data_kinds", "stage")
    assert profile.answers["team_size"] == 3 and profile.answers["markets"] == ["eu"]
    assert load_yaml_file(save).data["stage"] == "unknown"


def test_the_review_lists_an_unknown_answer_as_not_sure(kb: KnowledgeBase) -> None:
    _, out = ask(kb, "Beta\n\n\nnot sure\n\n\n\n\n", review=True)
    assert "Funding stage? Not sure" in out


# --- plain prompts -----------------------------------------------------------------------------


def test_not_sure_typed_for_a_choice_a_multi_an_int_and_a_bool(kb: KnowledgeBase) -> None:
    # company, tagline, uses_data (bool), stage (choice), markets (multi), team (int), runway
    profile, out = ask(kb, "Beta\n\nnot sure\nNot Sure\nunknown\n不确定\n\n")
    assert profile.unknown == ("uses_data", "data_kinds", "stage", "markets", "team_size")
    assert profile.answers["runway"] == 1.5
    assert 'y/n (or "not sure") [n]: ' in out
    assert 'Type a number or a value (or "not sure") [seed]: ' in out
    assert 'An integer, from 1 to 50 (or "not sure") [3]: ' in out


def test_not_sure_is_not_offered_for_the_company_name(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "not sure\nBeta\n" + "\n" * 7)
    assert "Your answer [Acme]: " in out  # no "not sure" in its hint
    assert "  ! the company name titles the report, so it cannot be unknown" in out
    assert profile.answers["company_name"] == "Beta"


def test_not_sure_cannot_be_one_of_several_choices(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "Beta\n\n\n\n1, not sure\n2\n\n\n")
    assert "'not sure' cannot be combined with other choices" in out
    assert profile.answers["markets"] == ["eu"]


def test_the_chinese_prompts_offer_not_sure_too(kb: KnowledgeBase) -> None:
    profile, out = ask(kb, "Beta\n\n\n不确定\n\n\n\n", lang="zh")
    assert "输入编号或取值（或“不确定”） [seed]: " in out
    assert "stage" in profile.unknown


# --- the adaptive questionnaire ------------------------------------------------------------------


Calls = list[tuple[dict[str, Any], tuple[str, ...]]]


def reverse_chooser(stop_after: int = 3) -> tuple[Chooser, Calls]:
    """Picks the questions not answered yet last to first and stops after ``stop_after``;
    records what it was given."""
    calls: Calls = []

    def choose(answers: Mapping[str, Any], asked: Sequence[str]) -> tuple[str, str] | None:
        calls.append((dict(answers), tuple(asked)))
        picked = [a for a in asked if a != "company_name"]
        if len(picked) >= stop_after:
            return None
        for qid in reversed(IDS):
            if qid not in answers and qid != "data_kinds":
                return qid, f"asked because {qid} decides a lot"
        return None

    return choose, calls


def test_an_adaptive_run_asks_what_the_chooser_picks_and_records_it(kb: KnowledgeBase) -> None:
    choose, calls = reverse_chooser()
    profile, out = ask(kb, "Beta\n2.5\nnot sure\n2\nn\n", chooser=choose)
    assert profile.asked == ("company_name", "runway", "team_size", "markets")
    order = [line for line in out.splitlines() if line.startswith("[")]
    assert order == ["[1] Company?", "[2] Runway?", "[3] Team size?", "[4] Markets?"]
    assert calls[1] == ({"company_name": "Beta", "runway": 2.5}, ("company_name", "runway"))
    assert calls[2][0]["team_size"] == UNKNOWN_ANSWER  # the chooser sees "not sure" answers
    assert (
        "Nothing left to ask can change the headline conclusions; 3 question(s) not asked "
        '(they count as "not sure").'
    ) in out
    assert "Answer the other 3 question(s) too? [y/N]: " in out
    # the rest were not asked: not sure (data_kinds follows uses_data)
    assert profile.unknown == ("tagline", "uses_data", "data_kinds", "stage", "team_size")
    assert profile.answers == {"company_name": "Beta", "markets": ["eu"], "runway": 2.5}


def test_after_the_stop_the_founder_may_go_on_with_the_rest(kb: KnowledgeBase) -> None:
    choose, _ = reverse_chooser()
    profile, out = ask(kb, "Beta\n\n\n\ny\nSlogan\ny\n1\n\n", chooser=choose)
    assert "Tagline?" in out and "Which kinds?" in out
    assert profile.unknown == ()
    assert profile.answers["data_kinds"] == ["health"] and profile.answers["tagline"] == "Slogan"
    assert profile.asked == ("company_name", "runway", "team_size", "markets")


@pytest.mark.parametrize(("go_on", "asked_rest"), [(True, True), (False, False)])
def test_ask_all_after_answers_the_offer(kb: KnowledgeBase, go_on: bool, asked_rest: bool) -> None:
    choose, _ = reverse_chooser(stop_after=1)
    typed = "Beta\n\n" + ("\n" * 7 if go_on else "")
    profile, out = ask(kb, typed, chooser=choose, ask_all_after=go_on)
    assert "too?" not in out  # not asked: the option answered it
    assert ("Tagline?" in out) is asked_rest
    assert ("tagline" in profile.unknown) is not asked_rest


def test_the_why_is_there_on_request(kb: KnowledgeBase) -> None:
    choose, _ = reverse_chooser(stop_after=1)
    profile, out = ask(kb, "Beta\nwhy\n2\n\n", chooser=choose)
    assert '(or "not sure"; "why" says why it is asked) [1.5]: ' in out
    assert "  Why this question: asked because runway decides a lot\n" in out
    assert profile.answers["runway"] == 2.0
    assert out.count("Why this question") == 1  # only when asked for


def test_an_adaptive_run_with_nothing_left_says_so_without_offering(kb: KnowledgeBase) -> None:
    initial = {"tagline": "x", "uses_data": False, "stage": "seed", "markets": ["us"],
               "team_size": 2, "runway": 1.0}  # fmt: skip
    profile, out = ask(kb, "Beta\n", chooser=lambda answers, asked: None, initial=initial)
    assert "0 question(s) not asked" in out and "too?" not in out
    assert profile.unknown == () and profile.asked == ("company_name",)


def test_an_adaptive_run_can_be_reviewed_and_resumed(kb: KnowledgeBase, tmp_path: Path) -> None:
    save = tmp_path / "answers.yaml"
    choose, _ = reverse_chooser()
    with pytest.raises(UserError, match="input ended while asking team_size"):
        ask(kb, "Beta\n2\n", chooser=choose, save_path=save)
    choose, calls = reverse_chooser(stop_after=2)
    profile, out = ask(kb, "7\n\n\n", chooser=choose, save_path=save, resume=True, review=True)
    assert calls[0][0] == {"company_name": "Beta", "runway": 2.0}  # resumed, then adaptive
    # what the first run asked is counted on: the save file keeps it, in order
    assert calls[0][1] == ("company_name", "runway")
    assert "2 answers loaded from" in out and "(2 of them asked adaptively)" in out
    assert "next is [" not in out  # the questionnaire's order is not what comes next
    assert profile.answers["team_size"] == 7
    assert profile.asked[:3] == ("company_name", "runway", "team_size")
    assert "Your answers:" in out and "Funding stage? Not sure" in out
    saved = load_yaml_file(save).data
    assert saved["stage"] == "unknown" and saved["_asked"] == list(profile.asked)
    # a report on the save file later is still the report of that adaptive run
    assert load_answers_file(kb, save).asked == profile.asked
    # a full (not adaptive) resume is not an adaptive run: it records no order
    profile, _ = ask(kb, "", save_path=save, resume=True)
    assert profile.asked == () and "_asked" not in load_yaml_file(save).data


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ("runway", "must be a list of question ids, got str"),
        ("[company_name, nope]", "item 2 ('nope') is not a question id"),
        ("[company_name, 3]", "item 2 (3) is not a question id"),
        ("[runway, runway]", "item 2 ('runway') repeats an earlier one"),
    ],
)
def test_a_wrong_asked_list_in_a_save_file_is_named_with_its_line(
    kb: KnowledgeBase, tmp_path: Path, asked: str, message: str
) -> None:
    save = write(tmp_path, f"company_name: Beta\nrunway: 2.0\n_asked: {asked}\n")
    choose, _ = reverse_chooser()
    with pytest.raises(AnswersError) as caught:
        ask(kb, "", chooser=choose, save_path=save, resume=True)
    text = str(caught.value)
    assert f"{save}:3:" in text and f"_asked: {message}" in text
    with pytest.raises(AnswersError, match=r":3:\d+: _asked: "):  # as a report's answers too
        load_answers_file(kb, save)


def test_a_chooser_that_picks_a_question_twice_is_a_bug_not_a_loop(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="'runway', which is asked already"):
        ask(kb, "Beta\n\n\n", chooser=lambda answers, asked: ("runway", "again"))


# --- the oracle ----------------------------------------------------------------------------------


def test_the_oracle_answers_from_the_file_and_missing_ones_take_their_default(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write(
        tmp_path, "company_name: Beta\nuses_data: true\ndata_kinds: [health]\nstage: unknown\n"
    )
    out = io.StringIO()
    profile = run_questionnaire(kb, oracle=path, stdin=None, stdout=out)
    # the same as a full run from the file
    assert dataclasses.replace(profile, source=str(path)) == load_answers_file(kb, path)
    assert profile.defaulted == ("tagline", "markets", "team_size", "runway")
    assert profile.unknown == ("stage",)
    assert out.getvalue() == ""  # never a prompt


def test_an_adaptive_oracle_declines_the_rest(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = write(tmp_path, "company_name: Beta\nrunway: 1\n")
    choose, _ = reverse_chooser(stop_after=2)
    out = io.StringIO()
    profile = run_questionnaire(kb, oracle=path, chooser=choose, stdout=out)
    assert profile.asked == ("company_name", "runway", "team_size")
    assert profile.answers == {"company_name": "Beta", "runway": 1.0, "team_size": 3}
    assert profile.unknown == ("tagline", "uses_data", "data_kinds", "stage", "markets")
    assert "4 question(s) not asked" in out.getvalue()
    # saved, it reads back as the same run, the default it took (team_size) left out as in any
    # answers file
    save = tmp_path / "saved.yaml"
    choose, _ = reverse_chooser(stop_after=2)
    run_questionnaire(kb, oracle=path, chooser=choose, stdout=io.StringIO(), save_path=save)
    assert "team_size" not in load_yaml_file(save).data
    again = load_answers_file(kb, save)
    assert again.asked == profile.asked and again.answers == profile.answers


def test_the_oracle_refuses_a_missing_answer_without_a_default(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write(tmp_path, "company_name: Beta\nuses_data: true\n")
    with pytest.raises(UserError, match=rf"{path}: no answer to data_kinds .*has no default"):
        run_questionnaire(kb, oracle=path, stdout=io.StringIO())


def test_the_oracle_refuses_an_invalid_value_with_its_line(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = write(tmp_path, "company_name: Beta\nteam_size: 99\n")
    with pytest.raises(AnswersError) as info:
        run_questionnaire(kb, oracle=path, stdout=io.StringIO())
    assert f"{path}:2:" in info.value.render() and "above the maximum 50" in info.value.render()


# --- a question with its own "not sure" (unsure_value) -------------------------------------------

HEALTH = Path(__file__).resolve().parents[2] / "examples" / "healthcare_eu_seed.yaml"


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load_knowledge()


def _health_answers(**changes: Any) -> dict[str, Any]:
    data = dict(load_yaml_file(HEALTH).data)
    data.pop("covered_entity_role", None)
    return {**data, **changes}


def test_unknown_reads_as_the_questions_own_not_sure(real_kb: KnowledgeBase) -> None:
    q = real_kb.questions["covered_entity_role"]
    assert q.unsure_value == "unsure"
    profile = build_profile(real_kb, _health_answers(covered_entity_role="unknown"))
    # an answer, not an unknown: its rules say what not knowing means (HIPAA is not assumed)
    assert profile.answers["covered_entity_role"] == "unsure"
    assert "covered_entity_role" not in profile.unknown
    from advisor.advice.session import open_session

    fired = open_session().engine.run(profile.answers).fired
    assert "rule/reg_hipaa_status_unclear" in fired and "rule/reg_hipaa" not in fired
    partial = load_partial_answers_from(real_kb, {"covered_entity_role": "unknown"})
    assert partial == {"covered_entity_role": "unsure"}


def load_partial_answers_from(kb: KnowledgeBase, raw: dict[str, Any]) -> dict[str, Any]:
    from advisor.answers.savefile import check_partial_answers

    return check_partial_answers(kb, raw)


def test_not_sure_typed_at_a_prompt_is_the_questions_own(real_kb: KnowledgeBase) -> None:
    full = load_answers_file(real_kb, HEALTH).answers
    initial = {k: v for k, v in full.items() if k != "covered_entity_role"}
    profile, out = ask(real_kb, "not sure\n", initial=initial)
    assert "HIPAA" in out and profile.answers["covered_entity_role"] == "unsure"


def test_the_terminal_offers_the_questions_own_not_sure_and_no_second_one(
    real_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    import questionary

    from advisor.answers.prompters import Terminal

    offered: dict[str, list[Any]] = {}

    class Picked:
        def __init__(self, value: Any) -> None:
            self.value = value

        def unsafe_ask(self) -> Any:
            return self.value

    def select(message: str, choices: list[Any], **_: Any) -> Picked:
        offered[message] = choices
        return Picked(choices[-1].value)

    monkeypatch.setattr(questionary, "select", select)
    out = io.StringIO()
    terminal = Terminal(None, out, "en")
    own = real_kb.questions["covered_entity_role"]
    assert terminal.ask(own, own.default, (1, 1), None) == "unsure"
    other = real_kb.questions["funding_stage"]
    assert terminal.ask(other, other.default, (2, 2), None) == UNKNOWN_ANSWER
    (own_choices, other_choices) = offered.values()
    # its own "Not sure" only, and no general one; the general one where it has none
    assert [c.title for c in own_choices].count("Not sure") == 1
    assert UNKNOWN_ANSWER not in [c.value for c in own_choices]
    assert other_choices[-1].value == UNKNOWN_ANSWER
