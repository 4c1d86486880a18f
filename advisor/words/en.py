"""The catalog in English (its shape: :mod:`advisor.words.shape`)."""

from __future__ import annotations

from advisor.words.shape import (
    AdviceWords,
    AskWords,
    BriefWords,
    CliWords,
    ExplainWords,
    KnowledgeWords,
    ReportWords,
    SummaryWords,
    UnsureWords,
    WhatifWords,
    Words,
)

__all__ = ["WORDS"]

REPORT: ReportWords = {
    "title": "Strategy report",
    "untitled": "Your company",
    "contents": "Contents",
    "generated_at": "Generated",
    "knowledge_version": "Knowledge version",
    "language": "Language",
    "assumed_mark": " (default assumed)",
    "after_paren": " ",
    "enum_sep": ", ",
    "colon": ": ",
    "brief": "The brief",
    "more_count": "{count} more",
    "your_answers": "Your answers",
    "rest_line": "Also ({count}): {items}.",
    "laws_elsewhere": "Not applying, outside your markets: {items}.",
    "laws_untriggered": "Not applying on your answers: {items}.",
    "more_directions": "{count} more directions rank below these.",
    "open_paren": " (",
    "open_paren_tight": "(",
    "close_paren": ")",
    "list_sep": "; ",
    "item_sep": ", ",
    "jurisdiction_of": {
        "eu": "eu",
        "uk": "uk",
        "us": "us",
        "us-ca": "us-ca",
        "us-co": "us-co",
        "us-nyc": "us-nyc",
        "cn": "cn",
    },
    "family_of": {
        "model": "model",
        "training": "training",
        "compression": "compression",
        "evaluation": "evaluation",
        "innovation": "innovation",
        "data": "data",
    },
    "phase_of": {
        "planning": "planning",
        "data": "data",
        "development": "development",
        "testing": "testing",
        "deployment": "deployment",
        "iteration": "iteration",
    },
    "summary": "Executive summary",
    "profile": "Profile and assumptions",
    "product_is": "What your product does, as derived from your answers",
    "product_sep": "; ",
    "directions": "Ranked directions",
    "risks": "Risk register",
    "business_models": "Business models",
    "team": "Team and hiring order",
    "regulations": "Regulations and obligations",
    "funding": "Funding and capital plan",
    "techniques": "Technical playbook",
    "roadmap": "Roadmap",
    "lessons": "Lessons from cases",
    "outlook": "Opportunities, threats, partnerships and practices",
    "conflicts": "Answers to check and conflicts between rules",
    "appendix": "Appendix",
    "at_a_glance": "At a glance",
    "top_direction": "Top direction",
    "glance_direction": "Direction to pursue",
    "top_risks": "Top risks",
    "key_regulations": "Key regulatory points",
    "next_hires": "Next hires",
    "funding_step": "Funding step",
    "nothing": "none",
    "assumptions": "Assumptions (answers not given, defaults used)",
    "no_assumptions": "Every answer was given; nothing was assumed.",
    "question": "Question",
    "answer": "Answer",
    "yes": "yes",
    "no": "no",
    "not_set": "—",
    "rank": "Rank",
    "direction": "Direction",
    "score": "Score",
    "weights": "Weights",
    "reasons": "Reasons",
    "general_reasons": "Overall",
    "why_top": "Why the leading directions score as they do",
    "pivot_flag": "outside your industry",
    "current_flag": "your current direction",
    "pivot_rule": "A direction outside your industry ranks among the leaders only when it beats "
    "your best direction in it by more than {margin} points.",
    "factors": "What moves many directions alike",
    "factors_intro": "Each reason below comes from your profile as a whole; it is stated once, "
    "with the points it adds or takes and the directions it moves. The scores of the leading "
    "directions refer to it by its number.",
    "factor_moves": "moves",
    "and_others": "and {count} more",
    "base": "Base",
    "contributions": "Contributions",
    "sets_apart": "What sets it apart",
    "nothing_apart": "Only the shared reasons above move it.",
    "clip_short": "kept within 0-100",
    "criterion_word": "Criterion",
    "n_directions": "{count} directions",
    "same_reason": "The same reason as for {title}, above.",
    "stated_with": "Stated with {title}, in its own section.",
    "see_reason": "See {title}.",
    "sensitivity": "What would change the ranking",
    "no_sensitivity": "No single answer change would reorder the leading directions.",
    "current": "Current",
    "alternative": "If instead",
    "effect": "Effect",
    "new_top": "New top direction",
    "changed_positions": "Positions changed",
    "time_to_market": "Time to market (months)",
    "flag_of": {"prohibited": "prohibited", "high_risk": "high risk"},
    "quadrant": "Leading directions: feasibility against need",
    "x_low": "Low feasibility",
    "x_high": "High feasibility",
    "y_low": "Low need",
    "y_high": "High need",
    "q1": "Pursue",
    "q2": "Build capability",
    "q3": "Deprioritise",
    "q4": "Find the market",
    "criterion": {
        "market_need": "Market need",
        "technical_feasibility": "Technical feasibility",
        "commercial_potential": "Commercial potential",
        "founder_fit": "Founder fit",
    },
    "number": "#",
    "risk": "Risk",
    "category": "Category",
    "likelihood": "Likelihood",
    "impact": "Impact",
    "severity": "Severity",
    "mitigations": "Mitigations",
    "recommended": "recommended",
    "priority": "Priority",
    "owner": "Owner",
    "heatmap": "Likelihood × impact",
    "risk_reasons": "Why these risks",
    "severity_of": {"low": "low", "medium": "medium", "high": "high", "critical": "critical"},
    "category_of": {
        "technical": "technical",
        "market": "market",
        "financial": "financial",
        "regulatory": "regulatory",
        "operational": "operational",
    },
    "priority_of": {"now": "now", "next": "next", "later": "later"},
    "stage_of": {
        "bootstrapped": "bootstrapped",
        "pre_seed": "pre-seed",
        "seed": "seed",
        "series_a": "Series A",
        "series_b_plus": "Series B or later",
    },
    "business_model": "Business model",
    "fit": "Fit",
    "revenue_streams": "Revenue streams",
    "advised_against": "advised against",
    "present_roles": "Roles present",
    "gaps": "Gaps, in hiring order",
    "role": "Role",
    "team_size": "Team size",
    "regulation": "Regulation",
    "applies": "Applies",
    "tier": "EU AI Act tier",
    "gpai": "General-purpose AI",
    "jurisdiction": "Jurisdiction",
    "as_of": "As of",
    "obligations": "Obligations",
    "obligation": "Obligation",
    "citation": "Citation",
    "effective_from": "Effective from",
    "applies_to": "Applies to",
    "not_applicable": "Reviewed, does not apply",
    "law_does_not_apply": "{law} does not apply: {ground}, {citation}",
    "your_roles": "Duties listed for your role in the AI value chain",
    "binds": "Binds",
    "for_others": "Duties that fall on the other parties in the chain",
    "operator_role_of": {
        "provider": "provider",
        "deployer": "deployer",
        "importer": "importer",
        "distributor": "distributor",
    },
    "verified_against": "Checked against",
    "source_kind_of": {"primary": "official text", "secondary": "secondary source"},
    "disclaimer": "Disclaimer",
    "upcoming": "Deadlines in the next 12 months",
    "date": "Date",
    "next_deadline": "next deadline",
    "tier_of": {
        "prohibited": "prohibited",
        "high_risk": "high risk",
        "limited_risk": "limited risk",
        "minimal_risk": "minimal risk",
    },
    "gpai_of": {
        "none": "none",
        "gpai": "general-purpose AI model",
        "gpai_systemic_risk": "general-purpose AI model with systemic risk",
    },
    "stage": "Current stage",
    "next_stage": "Next stage",
    "typical_raise": "Typical raise",
    "investors_expect": "What investors expect",
    "runway": "Runway (months)",
    "runway_target": "Runway target (months)",
    "channels": "Funding channels",
    "avoid": "Avoid",
    "policies": "Public policies",
    "technique": "Technique",
    "family": "Family",
    "kernel": "Kernel",
    "cli": "Command",
    "evidence": "Measured evidence",
    "measured_at": "Measured",
    "machine": "Machine",
    "backend": "Backend",
    "unmeasured": "A technique listed without measured evidence has no measurement yet: run "
    "its command, then pass the results file with --evidence.",
    "item": "Item",
    "phase": "Phase",
    "start_week": "Start week",
    "end_week": "End week",
    "week": "Week",
    "milestones": "Milestones",
    "plan": "Plan",
    "runway_check": "Runway check",
    "prepare_early": "Can start early",
    "prep_from": "{title}: preparation from week {from_week}, the gated step from week {week}",
    "weeks_sooner": "release {weeks} weeks sooner",
    "cut_of": {"drop": "Drop", "defer": "Defer", "fund": "Fund first"},
    "case": "Case",
    "factor": "Success factor",
    "present": "Present in your profile",
    "case_shares": "You share {case}'s {factors}.",
    "case_shares_none": "You share none of {case}'s success factors yet.",
    "case_all_shared": (
        "You share all of {case}'s success factors; its lessons are about keeping them as you grow."
    ),
    "case_lacks": "You lack {factor}; to build it, {build}",
    "case_lacks_plain": "You lack {factors}.",
    "case_also_lacks": "You also lack {factors}.",
    "case_at_stage": {
        "bootstrapped": (
            "Bootstrapped, build {gap} from revenue and customers rather than raising for "
            "it; {case} got there with outside money."
        ),
        "pre_seed": (
            "At pre-seed, investors back the team and the problem: a credible plan for {gap} "
            "matters more than having all of {case}'s strengths."
        ),
        "seed": (
            "At seed, early proof of {gap} is worth more than a little of everything {case} "
            "had; one or two factors done well carry the round."
        ),
        "series_a": (
            "At Series A, investors compare you with companies like {case}: close the gap on "
            "{gap} or show why your market does not need it."
        ),
        "series_b_plus": (
            "At Series B or later, missing {gap} limits how far you scale: buy it, partner "
            "for it or hire someone who has built it."
        ),
    },
    "cases_unshared": "Cases you share no success factor or industry with yet: {cases}.",
    "factor_sep": "; ",
    "raw_value": "Value",
    "cases": "Cases",
    "opportunities": "Opportunities",
    "threats": "Threats",
    "partnerships": "Partnerships",
    "practices": "Practices",
    "kind": "Kind",
    "conflict_kind_of": {
        "answers": "answers to check",
        "fact": "derived fact",
        "recommendation": "recommendation",
        "findings": "check across sections",
    },
    "subject": "Subject",
    "detail": "Detail",
    "rules": "Rules",
    "answers": "Answers",
    "trace": "Rule trace",
    "rule": "Rule",
    "sources": "Sources",
    "matched": "Matched values",
}

SUMMARY: SummaryWords = {
    "headline": "Pursue {title} (score {score:.0f}/100)",
    "no_direction": "No direction in the knowledge base to score",
    "first_risk": "; first risk to tackle: {title}",
    "check_answers": "Check your answers: {items}",
    "alternatives": "Alternatives: {items}",
    "alternative": "{title} ({score:.0f})",
    "severe_risks": "{count} high or critical risks; first: {items}",
    "laws": "Laws that apply: {items}",
    "law_with_tier": "{title} ({tier})",
    "hire_now": "Hire now: {items}",
    "business_model": "Best-fitting business model: {title} ({fit:.0f})",
    "next_funding": "Next funding step: {title}",
    "techniques": "Techniques first: {items}",
    "list_sep": "; ",
    "name_sep": ", ",
    "keep": "Keep building {title} (score {score:.0f}/100)",
    "move": "Consider moving from {current} ({current_score:.0f}) to {title} ({score:.0f}): "
    "{gap:.0f} points ahead",
    "keep_why": "Why keep it: it leads {next} by {gap:.0f} points; strongest on {strongest}",
    "keep_only": "Why keep it: strongest on {strongest}",
    "strongest": "{criterion} ({score:.0f})",
    "keep_close": "{title} scores {gap:.0f} points more, less than the {margin:.0f} points that "
    "would justify a move",
    "keep_close_stage": "{title} scores {gap:.0f} points more, less than the {margin:.0f} points "
    "a move must gain at your stage ({stage}), where it leaves customers, data and revenue behind",
    "move_costs": "What the move costs: {items}",
    "cost_pivot": "you leave your industry, where your customers and knowledge are",
    "cost_months": "about {months} months to a first product",
    "cost_roles": "roles to hire: {roles}",
    "cost_fit": "founder fit {fit:.0f} instead of {current_fit:.0f}",
    "cost_none": "it stays in your industry and needs no role you lack",
    "current_derived": "Your current direction, {title}, is taken from the first use case you "
    "listed; answer the question on your current product if it is another",
    "pivot_mark": " (outside your industry)",
}

ADVICE: AdviceWords = {
    "disclaimer": "This report is decision support, not legal advice. Laws change and apply case "
    "by case: have a qualified lawyer confirm how they apply to your product before "
    "you rely on it.",
    "contested": (
        "{title} is both recommended and advised against by the rules listed; both are shown"
    ),
    "new_top": "the top direction would become {title}",
    "positions_changed": "{count} of the top five positions would change",
    "top_moves": "; the current top scores {moved:+.0f}",
    "clip_high": "Capped at 100, the top of the scale.",
    "clip_low": "Raised to 0, the bottom of the scale.",
    "no_roles_missing": "none",
    "measured_demoted": "Measured in your evidence file: {losses} than its baseline, so it moves "
    "from {old} to {new}; measure it on your own model and hardware before you rely on it.",
    "measured_slower": "{variant} {factor:.1f}x slower at batch {batch}",
    "measured_less_accurate": "{variant} {points:.1f} pt less accurate",
    "measured_and": " and ",
    "same_reason": "Why: see {title}, above.",
    "runway_fits": ("The release (week {release}) comes before the cash runs out (week {runway})."),
    "runway_tail": (
        "The release (week {release}) comes before the cash runs out at week {runway}"
        " ({months} months), but the first iteration after it runs to week {end}: the next round"
        " has to close before then."
    ),
    "runway_short": (
        "The release (week {release}) comes {late} weeks after the cash runs out at week"
        " {runway} ({months} months). Cut or fund the plan before you start it:"
    ),
    "runway_fund": (
        "{weeks} weeks ({months} months) are still not covered: raise or extend the runway by"
        " that much, and start raising well before week {week}, since a round takes months."
    ),
    "runway_fund_release": (
        "The release still needs {short} more weeks of cash than you have, and the first"
        " iteration after it runs to week {end}: raise or extend the runway by {weeks} weeks"
        " ({months} months), and start raising well before week {week}, since a round takes"
        " months."
    ),
    "list_sep": ", ",
}

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
}

CLI: CliWords = {
    "wrote": "wrote {path}",
    "pdf_missing": (
        "PDF output needs the optional extra 'pdf' (WeasyPrint and the Pango libraries): "
        "pip install 'advisor[pdf]'; on Debian also apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0 fonts-noto-cjk ({why})"
    ),
    "pdf_to_terminal": (
        "a PDF is binary and would garble the terminal; give a file with -o NAME.pdf"
    ),
    "interrupted_saved": "\n"
    "interrupted: answers so far are saved in {path}; continue with `advisor "
    "ask --resume --save {path}{more}`",
    "interrupted": "\ninterrupted",
    "aborted": "aborted",
    "internal_error": "advisor: internal error (a bug, not your input); please report the "
    "traceback above",
}

EXPLAIN: ExplainWords = {
    "not_answered": "(not answered)",
    "your_value": "(your value: {value})",
    "all_of": "all of",
    "any_of": "any of",
    "not_": "not",
    "fired": "FIRED",
    "not_fired": "did not fire",
    "pending": "waits on answers you were not sure of: {questions}",
    "unknown": "not sure",
    "because": "because: {text}",
    "in_report": "in the report: ",
    "risk_raised": "yes, raised",
    "risk_not_raised": "no: no rule raised it",
    "risk_raised_misfit": "no: a rule raised it, but it does not fit your product (see below)",
    "applies": "applies: ",
    "applies_tier": "yes (tier {tier})",
    "applies_yes": "yes",
    "applies_no": "no: no rule applied it",
    "applies_exempt": "no, the law does not apply: {ground} ({citation})",
    "required": "required: ",
    "yes": "yes",
    "no": "no",
    "rank_of": "rank {rank} of {total}, score {score}",
    "recommended": "recommended",
    "recommended_priority": "recommended (priority {priority})",
    "advised_against": "advised against",
    "not_recommended": "not recommended by any rule that fired",
    "conflict": "CONFLICT: also advised against",
    "rules_that_can": "rules that can put it in the report:",
    "no_rule": "no rule names it directly.",
    "not_found": "{item!r} is neither a node nor a rule{hint}",
    "did_you_mean": "; did you mean {items}?",
    "left_out": "left out of the report: it is for a product that {kinds}, and your product {mine}",
    "no_kind": "is none of the declared kinds",
    "kind_or": " or ",
    "kind_sep": " and ",
}

WHATIF: WhatifWords = {
    "direction": "direction {title}: rank {rank_a} -> {rank_b}, score {score_a:.1f} -> "
    "{score_b:.1f}",
    "risk_added": "+ risk {title} ({severity}, L{likelihood} x I{impact})",
    "risk_removed": "- risk {title}",
    "risk_changed": "~ risk {title}: {sev_a} -> {sev_b} (L{l_a}xI{i_a} -> L{l_b}xI{i_b})",
    "regulation_applies": "+ law {title} now applies{tier}",
    "tier_note": " ({tier})",
    "regulation_no_longer": "- law {title} no longer applies",
    "regulation_tier": "~ {title}: {before} -> {after}",
    "obligation_added": "+ obligation {citation}: {title}",
    "obligation_removed": "- obligation {citation}: {title}",
    "added": "+ {label} {title} ({priority})",
    "removed": "- {label} {title}",
    "priority_changed": "~ {label} {title}: {before} -> {after}",
    "hire": "hire",
    "technique": "technique",
    "business_model": "best business model: {before} -> {after}",
    "rules": "rules: {more} more fire, {fewer} no longer fire",
    "head": "what if {changes}:",
    "nothing": "what if {changes}: nothing in the report changes",
    "flip_found": "the smallest change that {verb} {target}:",
    "flip_adds": "adds",
    "flip_removes": "removes",
    "flip_change": "  {question}: {old} -> {new}",
    "flip_none": "no change of at most {limit} answers {verb} {target} "
    "({searched} answer sets tried)",
    "flip_timeout": "no change found in {seconds:g} s that {verb} {target} ({searched} answer "
    "sets tried, all of up to {size} changes); raise --max-seconds to search on",
    "flip_then": "({checked} answer sets tried)",
}

KNOWLEDGE: KnowledgeWords = {"kernel_implements": "Implements {title}."}

BRIEF: BriefWords = {
    "title": "The brief",
    "decision": "Decision",
    "why": "Why",
    "act_on": "Three risks to act on",
    "risk": "Risk",
    "severity": "Severity",
    "step": "First step",
    "owner": "Owner",
    "to_hire": " (to hire)",
    "due": "Due",
    "legal": "The law, market by market",
    "cash": "Cash",
    "next_actions": "Next three actions",
    "evidence": "Everything below is the evidence for this brief, section by section.",
    "laws_apply": "{laws} apply",
    "law_sep": ", ",
    "first_duty": "; the first duty starts {date} ({citation})",
    "no_law": "none of the laws the advisor knows applies on your answers",
    "not_covered": "the advisor holds no law of these markets: check them with local counsel",
    "runway": "{months} months of runway.",
    "no_runway": "Runway not given: answer the runway question to check the plan against the cash.",
    "raise_next": "Next round: {title} ({amount}).",
    "raise_next_plain": "Next round: {title}.",
    "hire": "Hire a {role}",
    "duty": "{title} ({citation}), due {date}",
    "stage": "{title} (weeks {start}-{end})",
    "cut": "{title}: {text}",
    "sentence_sep": " ",
    "full_hint": "This report shows what to act on; run with {option} for every item.",
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
    "not_sure": "Not sure",
    "brief_open": (
        "Not settled yet: {fields}. Find out first: {questions} "
        "(see “Depends on answers you were not sure of”)."
    ),
    "brief_settled": (
        "You were not sure of {count} answers; none of them can change these conclusions "
        "(see “Depends on answers you were not sure of”)."
    ),
    "markets_unknown": "your markets are not known: which laws apply waits on them",
}

WORDS: Words = {
    "report": REPORT,
    "summary": SUMMARY,
    "brief": BRIEF,
    "advice": ADVICE,
    "ask": ASK,
    "cli": CLI,
    "explain": EXPLAIN,
    "whatif": WHATIF,
    "knowledge": KNOWLEDGE,
    "unsure": UNSURE,
}
