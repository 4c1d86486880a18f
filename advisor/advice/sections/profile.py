"""The profile section: every answer under its question's label, and the assumptions made."""

from __future__ import annotations

from advisor.answers.profile import UNKNOWN_ANSWER, Profile
from advisor.answers.show import question_label, show_answer
from advisor.kb.base import KnowledgeBase
from advisor.report.model import ProfileRow, Report
from advisor.words.catalog import words_for
from advisor.words.shape import Lang

__all__ = ["assumptions_out", "labelled_subject", "labels_out", "profile_rows_out"]


def profile_rows_out(kb: KnowledgeBase, profile: Profile, lang: Lang) -> list[ProfileRow]:
    """The answers in questionnaire order, labelled (an unknown one as "Not sure");
    ``assumed`` marks a default used."""
    defaulted = set(profile.defaulted)
    unknown = set(profile.unknown)
    return [
        ProfileRow(
            question=q.id,
            label=question_label(q, lang),
            answer=show_answer(
                q, UNKNOWN_ANSWER if q.id in unknown else profile.answers[q.id], lang, labels=True
            ),
            assumed=q.id in defaulted,
        )
        for q in kb.questions.values()
        if q.id in profile.answers or q.id in unknown
    ]


def assumptions_out(kb: KnowledgeBase, profile: Profile, lang: Lang) -> list[str]:
    """``Label: answer`` for each answer the founder did not give (its default was used)."""
    colon = words_for(lang)["report"]["colon"]
    out: list[str] = []
    for qid in profile.defaulted:
        q = kb.questions.get(qid)
        if q is not None:
            answer = show_answer(q, profile.answers.get(qid), lang, labels=True)
            out.append(f"{question_label(q, lang)}{colon}{answer}")
    return out


def labels_out(kb: KnowledgeBase, report: Report, lang: Lang) -> dict[str, str]:
    """Labels for what the tables show by id: roles present, and every question and choice."""
    labels: dict[str, str] = {}
    for rid in report.team.present:
        node = kb.nodes.get(rid)
        if node is not None:
            labels[rid] = node.title.get(lang)
    for d in report.directions:
        labels[d.id] = d.title
    for conflict in report.conflicts:  # what a conflict is about, when a node: by its title
        for part in conflict.subject.split(", "):
            node = kb.nodes.get(part)
            if node is not None:
                labels[part] = node.title.get(lang)
    settings = kb.settings.report
    if lang == "zh" and settings is not None:  # the names of cited laws (see source_in)
        for title, name in settings.source_titles_zh.items():
            labels[f"source:{title}"] = name
    for q in kb.questions.values():
        labels[q.id] = question_label(q, lang)
        for c in q.choices:
            labels[f"{q.id}={c.value}"] = c.label.get(lang)
    return labels


def labelled_subject(kb: KnowledgeBase, subject: str, lang: Lang) -> str:
    """A conflict's subject (``a, b``: question ids, node ids or fact names) for a reader:
    questions by their labels, nodes by their titles, anything else as it is."""

    def label(x: str) -> str:
        if x in kb.questions:
            return question_label(kb.questions[x], lang)
        node = kb.nodes.get(x)
        return node.title.get(lang) if node is not None else x

    return words_for(lang)["report"]["enum_sep"].join(label(x) for x in subject.split(", "))
