"""The English catalog's questionnaire side: what ``ask`` says, and the words for answers
the founder was not sure of (:mod:`advisor.words.shape_ask` gives their shape)."""

from __future__ import annotations

from advisor.words.shape_ask import AskWords, UnsureWords

__all__ = ["ASK", "UNSURE"]


ASK: AskWords = {
    "required": "an answer is required",
    "hint_text": "Your answer",
    "hint_choice": "Type a number or a value",
    "hint_multi": "Type numbers or values, separated by commas or spaces",
    "hint_bool": "y/n",
    "int": "an integer",
    "float": "a number",
    "from_to": "from {lo} to {hi}",
    "at_least": "at least {lo}",
    "at_most": "at most {hi}",
    "yes": "yes",
    "no": "no",
    "unanswered": "(no answer)",
    "review_head": "Your answers:",
    "to_check": "Answers to check (they contradict each other):",
    "resuming": "Resuming: {count} answers loaded from {path}; next is [{number}/{total}] {prompt}",
    "resuming_done": "Resuming: {count} answers loaded from {path}; every question is answered",
    "resuming_adaptive": "Resuming: {count} answers loaded from {path} ({asked} of them asked "
    "adaptively); the next question is chosen from them",
    "review_prompt": "Enter a number to change an answer, or press Enter to accept",
    "review_select": "Review your answers: accept them, or pick one to change",
    "accept": "Accept these answers",
    "bad_pick": "{raw!r} is not a number from 1 to {n}",
    "keys_select": "(arrow keys to move, Enter to choose)",
    "keys_checkbox": "(arrow keys to move, space to tick, Enter to confirm)",
    "chosen": "  chosen: {labels}",
    "nothing_chosen": "none",
    "enum_sep": ", ",
    "list_sep": ", ",
    "yes_answers": "y yes true 1",
    "no_answers": "n no false 0",
    "saved_found": "{path} already holds {n} answer(s) from an earlier run.",
    "saved_choices": "  c) continue with them\n  s) start over (the old file is kept as {bak})\n"
    "  q) stop here",
    "saved_prompt": "Continue, start over or stop? [c/s/q]: ",
    "saved_bad": "{raw!r} is not c, s or q",
    "saved_kept": "the earlier answers are kept in {bak}",
    "saved_refuse": "{path} already holds answers from an earlier run, and there is no terminal "
    "to ask which you want; continue them with `advisor ask --resume --save {path}`, or start "
    "over with `advisor ask --restart --save {path}` (keeps the old answers in {bak})",
    "stdin_closed": "standard input is closed, so there is nobody to ask; answer in a file and "
    "run `advisor report --answers FILE`",
    "source_line": "Source: {sources}",
    "source_sep": "; ",
    "source_section": "book ch{number}",
    "source_chapter": "book ch{number}",
    "source_appendix": "book appendix {part}",
    "unknown": "Not sure",
    "unknown_answers": "not sure, unknown, unsure, dunno",
    "hint_unknown": ' (or "not sure")',
    "unknown_alone": '"not sure" cannot be combined with other choices',
    "why_answers": "why",
    "hint_why": ' (or "not sure"; "why" says why it is asked)',
    "why_line": "  Why this question: {why}",
    "adaptive_stop": "Nothing left to ask can change the headline conclusions; "
    '{n} question(s) not asked (they count as "not sure").',
    "adaptive_more": "Answer the other {n} question(s) too?",
}


UNSURE: UnsureWords = {
    "why": "Asked because it can change {fields}.",
    "why_name": "Asked first: the name titles your report.",
    "sep": ", ",
    "field_top_direction": "the top direction",
    "field_eu_ai_act": "the EU AI Act tier and GPAI status",
    "field_laws": "which laws apply",
    "field_top_risks": "the most severe risks",
    "field_hire_now": "the roles to hire now",
    "field_next_funding_stage": "the next funding stage",
    "heading": "Depends on answers you were not sure of",
    "intro": (
        "You were not sure of {count} answers. Until you know them, the "
        "findings below are open; everything else in the report holds "
        "whatever they turn out to be."
    ),
    "intro_adaptive": (
        "The adaptive questionnaire asked {asked} of {total} questions "
        "and stopped when no other answer could change the headline conclusions. "
        "The {left} questions not asked are treated as not known: the "
        "findings below wait on them; nothing else does."
    ),
    "resolve_heading": "Find out first",
    "decides": "can change {fields}",
    "decides_nothing": "changes no headline conclusion",
    "waiting": "{count} findings wait on it",
    "waiting_one": "one finding waits on it",
    "how": "How to find out: {how}",
    "open_heading": "Open findings",
    "findings_more": "{count} more findings wait on these answers (run with {option} for all).",
    "headline_settled": "No headline conclusion depends on them.",
    "headline_open": "Not settled until you know {questions}: {fields}.",
    "range": "{low}-{high}",
    "would_raise_risk": "raises the risk {title}",
    "would_apply": "applies {title}",
    "would_apply_tier": "applies {title} ({tier})",
    "would_exempt": "exempts you from {title}",
    "would_recommend": "recommends {title}",
    "would_advise_against": "advises against {title}",
    "would_require": "adds the duty {title}",
    "would_adjust": "moves {criterion} by {delta} for some directions",
    "would_flag": "flags some directions as {flag}",
    "would_check": "questions your answers: {text}",
    "would_sep": "; ",
    "col_question": "Answer",
    "col_decides": "What it decides",
    "col_how": "How to find out",
    "col_finding": "Finding",
    "col_depends": "Waits on",
    "brief_open": (
        "Not settled yet: {fields}. Find out first: {questions} "
        "(see “Depends on answers you were not sure of”)."
    ),
    "brief_settled": (
        "You were not sure of {count} answers; none of them can change these conclusions "
        "(see “Depends on answers you were not sure of”)."
    ),
    "brief_settled_adaptive": (
        "The adaptive questionnaire left {count} questions unasked; none of them can change "
        "these conclusions (see “Depends on answers you were not sure of”)."
    ),
    "markets_unknown": "your markets are not known: which laws apply waits on them",
    "intro_follow": (
        " Open with them: {count} follow-up questions that apply only on some of their values "
        "({questions})."
    ),
    "intro_ranges": (
        " A score followed by a range in brackets, such as 62 (55-70), can be anything in that "
        "range until you know these answers: direction scores, business-model fits and risk "
        "scores (likelihood × impact) are shown so."
    ),
}
