"""The shape of the catalog of words: every sentence the advisor shows that is not knowledge.

Knowledge (titles, descriptions, the reasons of rules and built-in scores) lives in the YAML, in
both languages. What is left, the headings and table heads of the report, the phrasing of the
executive summary, the questionnaire's prompts and the messages of ``ask``, ``report``,
``explain`` and ``whatif``, lives in one catalog per language (:mod:`advisor.words.en`,
:mod:`advisor.words.zh`), typed by the ``TypedDict`` classes here: mypy rejects a catalog that
lacks a key or has one too many, at every level, and a test checks the same at run time.

Strings with ``{name}`` fields are ``str.format`` templates; the field names are part of the key's
contract (a test checks both languages use the same ones). Messages for knowledge authors (load
errors, lint, scenario results, ``kb`` commands) stay in English in the code that finds them, like
a compiler's diagnostics: they are looked up by their wording and by their check id.
"""

from __future__ import annotations

from typing import Literal, TypedDict

from advisor.words.shape_ask import AskWords, UnsureWords

__all__ = [
    "AdviceWords",
    "AskWords",
    "CliWords",
    "ExplainWords",
    "KnowledgeWords",
    "Lang",
    "ReportWords",
    "SummaryWords",
    "UnsureWords",
    "WhatifWords",
    "Words",
]

#: A language of the report and the questionnaire.
Lang = Literal["en", "zh"]


class FlagOfLabels(TypedDict):
    prohibited: str
    high_risk: str


class CriterionLabels(TypedDict):
    market_need: str
    technical_feasibility: str
    commercial_potential: str
    founder_fit: str


class SeverityOfLabels(TypedDict):
    low: str
    medium: str
    high: str
    critical: str


class CategoryOfLabels(TypedDict):
    technical: str
    market: str
    financial: str
    regulatory: str
    operational: str


class PriorityOfLabels(TypedDict):
    now: str
    next: str
    later: str


class StageOfLabels(TypedDict):
    bootstrapped: str
    pre_seed: str
    seed: str
    series_a: str
    series_b_plus: str


class TierOfLabels(TypedDict):
    prohibited: str
    high_risk: str
    limited_risk: str
    minimal_risk: str


class GpaiOfLabels(TypedDict):
    none: str
    gpai: str
    gpai_systemic_risk: str


class OperatorRoleLabels(TypedDict):
    provider: str
    deployer: str
    importer: str
    distributor: str


class SourceKindLabels(TypedDict):
    primary: str
    secondary: str


class ConflictKindOfLabels(TypedDict):
    answers: str
    fact: str
    recommendation: str
    findings: str  # two sections of the report that contradict each other


class CutOfLabels(TypedDict):
    drop: str
    defer: str
    fund: str


#: The jurisdiction codes of the knowledge (``jurisdiction:`` of regulations and policies).
JurisdictionOfLabels = TypedDict(
    "JurisdictionOfLabels",
    {"eu": str, "uk": str, "us": str, "us-ca": str, "us-co": str, "us-nyc": str, "cn": str},
)


class FamilyOfLabels(TypedDict):
    model: str
    training: str
    compression: str
    evaluation: str
    innovation: str
    data: str


class PhaseOfLabels(TypedDict):
    planning: str
    data: str
    development: str
    testing: str
    deployment: str
    iteration: str


class ReportWords(TypedDict):
    """The report's headings, table heads and labels of values (``t`` in the templates)."""

    title: str
    untitled: str
    contents: str
    generated_at: str
    knowledge_version: str
    language: str
    assumed_mark: str  # after an answer the report assumed (its default), spaced as needed
    after_paren: str  # after a closing bracket before a word: " " / "" (full-width brackets)
    enum_sep: str  # between the items of a short list
    colon: str
    brief: str
    more_count: str  # {count}: the summary of a folded <details> in the HTML
    your_answers: str  # the folded profile table's summary
    rest_line: str  # {count} {items}: what the standard detail names in one line
    laws_elsewhere: str  # {items}: laws of markets the founder does not serve
    laws_untriggered: str  # {items}: laws of their markets that their answers do not trigger
    more_directions: str  # {count}
    open_paren: str  # before a parenthesis that follows a word: " (" / "（"
    open_paren_tight: str  # a parenthesis with no space before it: "(" / "（"
    close_paren: str
    list_sep: str  # between items that are phrases: "; " / "；"
    item_sep: str  # between short items (names, values): ", " / "、"
    jurisdiction_of: JurisdictionOfLabels  # a regulation's jurisdiction code
    family_of: FamilyOfLabels  # a technique's family
    phase_of: PhaseOfLabels  # the phase of a roadmap step
    summary: str
    profile: str
    product_is: str  # before the labels of the product kinds derived from the answers
    product_sep: str  # between those labels
    directions: str
    risks: str
    business_models: str
    team: str
    regulations: str
    funding: str
    techniques: str
    roadmap: str
    lessons: str
    outlook: str
    conflicts: str
    appendix: str
    at_a_glance: str
    top_direction: str
    glance_direction: str  # the direction the summary stands on (kept, moved to or chosen)
    top_risks: str
    key_regulations: str
    next_hires: str
    funding_step: str
    nothing: str
    assumptions: str
    no_assumptions: str
    question: str
    answer: str
    yes: str
    no: str
    not_set: str
    rank: str
    direction: str
    score: str
    weights: str
    reasons: str
    general_reasons: str
    why_top: str
    pivot_flag: str  # a direction outside the founder's industry, in the ranking
    current_flag: str  # the founder's current direction, in the ranking
    pivot_rule: str  # {margin}: when a direction outside the industry ranks among leaders
    factors: str  # heading: reasons that move many directions alike
    factors_intro: str
    factor_moves: str  # "moves" in "F1 moves market need +6 for ..."
    and_others: str  # {count} more directions
    base: str
    contributions: str
    sets_apart: str  # heading of a direction's own reasons
    nothing_apart: str
    clip_short: str  # in a score breakdown: the points that keep a criterion within 0-100
    criterion_word: str  # table heading
    n_directions: str  # {count} directions, none of them among the leaders
    same_reason: str  # {title}: the item above where the same reason is stated in full
    stated_with: str  # {title}: the item of another section that states this reason
    see_reason: str  # {title}: the item (of any section) whose reasons state this one in full
    sensitivity: str
    no_sensitivity: str
    current: str
    alternative: str
    effect: str
    new_top: str
    changed_positions: str
    time_to_market: str
    flag_of: FlagOfLabels
    quadrant: str
    x_low: str
    x_high: str
    y_low: str
    y_high: str
    q1: str
    q2: str
    q3: str
    q4: str
    criterion: CriterionLabels
    number: str
    risk: str
    category: str
    likelihood: str
    impact: str
    severity: str
    mitigations: str
    recommended: str
    priority: str
    owner: str
    heatmap: str
    risk_reasons: str
    severity_of: SeverityOfLabels
    category_of: CategoryOfLabels
    priority_of: PriorityOfLabels
    stage_of: StageOfLabels
    business_model: str
    fit: str
    revenue_streams: str
    advised_against: str
    present_roles: str
    gaps: str
    role: str
    team_size: str
    regulation: str
    applies: str
    tier: str
    gpai: str
    jurisdiction: str
    as_of: str
    obligations: str
    obligation: str
    citation: str
    effective_from: str
    applies_to: str
    not_applicable: str
    law_does_not_apply: str
    your_roles: str
    binds: str
    for_others: str
    operator_role_of: OperatorRoleLabels
    verified_against: str
    source_kind_of: SourceKindLabels
    disclaimer: str
    upcoming: str
    date: str
    next_deadline: str
    tier_of: TierOfLabels
    gpai_of: GpaiOfLabels
    stage: str
    next_stage: str
    typical_raise: str
    investors_expect: str
    runway: str
    runway_target: str
    channels: str
    avoid: str
    policies: str
    technique: str
    family: str
    kernel: str
    cli: str
    evidence: str
    measured_at: str
    machine: str
    backend: str
    unmeasured: str  # once above the techniques, when some have no measurement
    item: str
    phase: str
    start_week: str
    end_week: str
    week: str
    milestones: str
    plan: str
    runway_check: str  # heading: the roadmap against the runway
    prepare_early: str  # heading: work of gated steps that can start early
    prep_from: str  # {title} {from_week} {week}: preparation of a gated step
    weeks_sooner: str  # {weeks}: how much sooner the release comes after a cut
    cut_of: CutOfLabels
    case: str
    factor: str
    present: str
    case_shares: str  # {case} {factors}: the case's success factors the founder has
    case_shares_none: str  # {case}: the founder has none of them
    case_all_shared: str  # {case}: the founder has all of them
    case_lacks: str  # {factor} {build}: the first factor lacking and how to build it
    case_lacks_plain: str  # {factors}: factors lacking, no text on building them
    case_also_lacks: str  # {factors}: the other factors lacking
    case_at_stage: StageOfLabels  # {case} {gap}: what the first gap means at each funding stage
    cases_unshared: str  # {cases}: cases sharing no factor or industry with the founder
    factor_sep: str  # between success factors named in a sentence (their titles may hold "and")
    raw_value: str  # appendix column: the answer as stored (ids, numbers)
    cases: str
    opportunities: str
    threats: str
    partnerships: str
    practices: str
    kind: str
    conflict_kind_of: ConflictKindOfLabels
    subject: str
    detail: str
    rules: str
    answers: str
    trace: str
    rule: str
    sources: str
    matched: str


class SummaryWords(TypedDict):
    """The executive summary's sentences (``{score:.0f}``-style fields are formatted here)."""

    headline: str  # {title} {score}
    no_direction: str
    first_risk: str  # appended to the headline: {title}
    check_answers: str  # {items}
    alternatives: str  # {items}
    alternative: str  # one item: {title} {score}
    severe_risks: str  # {count} {items}
    laws: str  # {items}
    law_with_tier: str  # one item: {title} {tier}
    hire_now: str  # {items}
    business_model: str  # {title} {fit}
    next_funding: str  # {title}
    techniques: str  # {items}
    list_sep: str  # between items of a list of longer names
    name_sep: str  # between names in a short list
    keep: str  # headline: {title} {score}
    move: str  # headline: {current} {current_score} {title} {score} {gap}
    keep_why: str  # {next} {gap} {strongest}
    keep_only: str  # no other direction to compare: {strongest}
    strongest: str  # one criterion: {criterion} {score}
    keep_close: str  # {title} {gap} {margin}
    keep_close_stage: str  # {title} {gap} {margin} {stage}: the funding stage's label
    move_costs: str  # {items}
    cost_pivot: str  # the move leaves the founder's industry
    cost_months: str  # {months}
    cost_roles: str  # {roles}
    cost_fit: str  # {fit} {current_fit}
    cost_none: str
    current_derived: str  # {title}
    pivot_mark: str  # appended to a direction outside the founder's industry


class AdviceWords(TypedDict):
    """Sentences the advice stage writes into the report."""

    disclaimer: str
    contested: str  # {title}: an item both recommended and advised against
    new_top: str  # {title}
    positions_changed: str  # {count}
    top_moves: str  # {moved:+.0f}, appended to one of the two above
    clip_high: str  # the contribution that caps a criterion at 100
    clip_low: str  # the contribution that raises a criterion to 0
    no_roles_missing: str  # {missing} of the roles reason when the team has them all
    measured_demoted: str  # {losses} {old} {new}: a technique measured worse than its baseline
    measured_slower: str  # {variant} {factor:.1f} {batch}
    measured_less_accurate: str  # {variant} {points:.1f}
    measured_and: str  # joins the two above
    same_reason: str  # {title}: a reason already given in full for an item above
    runway_fits: str  # {release} {runway}: the release comes before the cash runs out
    runway_tail: str  # {release} {runway} {end} {months}: it does, the first iteration does not
    runway_short: str  # {release} {runway} {months} {late}: the release comes after it
    runway_fund: str  # {weeks} {months} {week}: the gap no cut closes
    #: {short} {weeks} {months} {end} {week}: the same when the release itself is not covered
    runway_fund_release: str
    list_sep: str  # between the titles of stages deferred together


class CliWords(TypedDict):
    """Messages of the ``ask`` and ``report`` commands."""

    wrote: str  # {path}
    pdf_missing: str  # {why}
    pdf_to_terminal: str
    interrupted_saved: str  # {path}
    interrupted: str
    aborted: str
    internal_error: str


class ExplainWords(TypedDict):
    """``advisor explain``: why an item is or is not in the report."""

    not_answered: str
    your_value: str  # {value}
    all_of: str
    any_of: str
    not_: str
    fired: str
    not_fired: str
    pending: str
    unknown: str
    because: str  # {text}
    in_report: str
    risk_raised: str
    risk_not_raised: str
    risk_raised_misfit: str  # raised by a rule, left out by applies_to
    applies: str
    applies_tier: str  # {tier}
    applies_yes: str
    applies_no: str
    applies_exempt: str
    required: str
    yes: str
    no: str
    rank_of: str  # {rank} {total} {score}
    recommended: str
    recommended_priority: str  # {priority}
    advised_against: str
    not_recommended: str
    conflict: str
    rules_that_can: str
    no_rule: str
    not_found: str  # {item} {hint}
    did_you_mean: str  # {items}
    left_out: str  # {kinds} {mine}: an item for other kinds of product
    no_kind: str  # {mine} when no product kind is true
    kind_or: str  # joins the kinds an item fits
    kind_sep: str  # joins the kinds of the founder's product


class WhatifWords(TypedDict):
    """``advisor whatif``: what changes in the report."""

    direction: str  # {title} {rank_a} {rank_b} {score_a} {score_b}
    risk_added: str  # {title} {severity} {likelihood} {impact}
    risk_removed: str  # {title}
    risk_changed: str  # {title} {sev_a} {sev_b} {l_a} {i_a} {l_b} {i_b}
    regulation_applies: str  # {title} {tier}: the tier_note or nothing
    tier_note: str  # {tier}
    regulation_no_longer: str  # {title}
    regulation_tier: str  # {title} {before} {after}: the EU AI Act tier or GPAI level
    obligation_added: str  # {citation} {title}
    obligation_removed: str  # {citation} {title}
    added: str  # {label} {title} {priority}
    removed: str  # {label} {title}
    priority_changed: str  # {label} {title} {before} {after}
    hire: str
    technique: str
    business_model: str  # {before} {after}
    rules: str  # {more} {fewer}
    head: str  # {changes}
    nothing: str  # {changes}
    flip_found: str  # {target} {verb}: the smallest change found
    flip_adds: str  # verb: the target is absent and the changes add it
    flip_removes: str  # verb: the target is present and the changes remove it
    flip_change: str  # {question} {old} {new}
    flip_none: str  # {target} {verb} {limit} {searched}
    flip_timeout: str  # {target} {verb} {seconds} {searched} {size}
    flip_then: str  # {checked}: how many answer sets were tried


class KnowledgeWords(TypedDict):
    """Text the loader writes into the knowledge itself."""

    kernel_implements: str  # the description of a kernel node made from a technique: {title}


class BriefWords(TypedDict):
    """The one-screen brief the report opens with."""

    title: str
    decision: str  # the label of the decision line
    why: str
    act_on: str  # heading of the three risks
    risk: str
    severity: str
    step: str
    owner: str
    to_hire: str  # after an owner the team does not have yet
    due: str
    legal: str
    cash: str
    next_actions: str
    evidence: str  # the line after the brief: what follows is the evidence
    laws_apply: str  # {laws}: the laws that apply in one market
    law_sep: str
    first_duty: str  # {date} {citation}: appended to laws_apply
    no_law: str  # no law of the knowledge applies in this market
    not_covered: str  # the knowledge holds no law of this market ("other")
    runway: str  # {months}: the runway when no roadmap check is possible
    no_runway: str
    raise_next: str  # {title} {amount}: the next round
    raise_next_plain: str  # {title}
    hire: str  # {role}
    duty: str  # {title} {citation} {date}
    stage: str  # {title} {start} {end}
    cut: str  # {title} {text}
    full_hint: str  # how to see the rest: {option} is --detail full, as code
    sentence_sep: str  # between two sentences (a space in English, nothing in Chinese)


class Words(TypedDict):
    """One language's catalog."""

    report: ReportWords
    summary: SummaryWords
    brief: BriefWords
    advice: AdviceWords
    ask: AskWords
    cli: CliWords
    explain: ExplainWords
    whatif: WhatifWords
    knowledge: KnowledgeWords
    unsure: UnsureWords
