"""The facts about an assembled report that coherence checks read (``coherence_check`` nodes),
besides the answers and the rules' derived facts. :mod:`advisor.advice.coherence` computes them;
the knowledge checks accept them in a check's ``when``. Each holds a list of ids or answer values.
"""

from __future__ import annotations

__all__ = ["FINDING_FACTS"]

#: name -> what it holds
FINDING_FACTS: dict[str, str] = {
    "finding_team_gaps": "role ids the team section lists as gaps",
    "finding_hire_now": "role ids the team section says to hire now",
    "finding_case_factors": "success factors the case lessons mark as present",
    "finding_fit_rests_on": "answer values the founder-fit credits of the rules rest on",
    "finding_legal_defaults": "unanswered questions whose default decided a legal call",
    "finding_regulations": "regulations that apply",
}
