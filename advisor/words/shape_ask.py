"""The catalog's shape for the questionnaire's side: what ``ask`` says, and the words for
answers the founder was not sure of (why the adaptive questionnaire asks, the report's section
on what those answers decide). :mod:`advisor.words.shape` re-exports both."""

from __future__ import annotations

from typing import TypedDict

__all__ = ["AskWords", "UnsureWords"]


class AskWords(TypedDict):
    """The questionnaire's own words (prompts and help come from the questions)."""

    required: str
    hint_text: str
    hint_choice: str
    hint_multi: str
    hint_bool: str
    int: str
    float: str
    from_to: str
    at_least: str
    at_most: str
    yes: str
    no: str
    unanswered: str
    review_head: str
    to_check: str
    resuming: str
    resuming_done: str
    resuming_adaptive: str  # {count} {path} {asked}: an adaptive run goes on from its answers
    review_prompt: str
    review_select: str
    accept: str
    bad_pick: str
    keys_select: str
    keys_checkbox: str
    chosen: str
    nothing_chosen: str
    enum_sep: str  # between the labels of several choices
    list_sep: str
    yes_answers: str  # what a typed "yes" may be, space-separated (any language's are accepted)
    no_answers: str
    saved_found: str  # {path} {n}: a save file from an earlier run is there
    saved_choices: str  # {bak}: continue / start over (keeping {bak}) / stop
    saved_prompt: str
    saved_bad: str  # {raw}
    saved_kept: str  # {bak}
    saved_refuse: str  # {path} {bak}: off a terminal: the two commands to choose from
    stdin_closed: str
    source_line: str  # {sources}: under a question's help
    source_sep: str  # between two sources
    source_section: str  # a book section: {number} ("10.2" of ch10.2)
    source_chapter: str  # a whole book chapter: {number} ("10" of ch10)
    source_appendix: str  # the book's appendix: {part} ("A1", or empty for all of it)
    unknown: str  # the answer "not sure", as shown and as a choice
    unknown_answers: str  # what a typed "not sure" may be, comma-separated (any language's count)
    hint_unknown: str  # after a prompt's hint: how to answer "not sure"
    unknown_alone: str  # "not sure" ticked or typed with other choices
    why_answers: str  # what a typed "why" may be, comma-separated (any language's count)
    hint_why: str  # instead of hint_unknown in an adaptive run: also how to see why it is asked
    why_line: str  # {why}: why an adaptive run asks this question
    adaptive_stop: str  # {n}: nothing left can change the headline; n questions not asked
    adaptive_more: str  # {n}: whether to answer the n other questions too


class UnsureWords(TypedDict):
    """Answers the founder was not sure of: why the adaptive questionnaire asks, and the
    report's section on what those answers decide."""

    why: str
    why_name: str
    sep: str
    field_top_direction: str
    field_eu_ai_act: str
    field_laws: str
    field_top_risks: str
    field_hire_now: str
    field_next_funding_stage: str
    heading: str
    intro: str
    intro_adaptive: str
    resolve_heading: str
    decides: str
    decides_nothing: str
    waiting: str
    waiting_one: str
    how: str
    open_heading: str
    findings_more: str
    headline_settled: str
    headline_open: str
    range: str
    would_raise_risk: str
    would_apply: str
    would_apply_tier: str
    would_exempt: str
    would_recommend: str
    would_advise_against: str
    would_require: str
    would_adjust: str
    would_flag: str
    would_check: str
    would_sep: str
    col_question: str
    col_decides: str
    col_how: str
    col_finding: str
    col_depends: str
    brief_open: str
    brief_settled: str
    brief_settled_adaptive: str  # {count}: questions an adaptive run did not ask
    markets_unknown: str
    intro_follow: str
    intro_ranges: str  # how to read a score shown with its range
