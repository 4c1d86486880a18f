"""The severity bands of the 5x5 risk matrix, in one place: the text and the heat map use them.

A risk's score is likelihood x impact (1-25); ``SEVERITY_BANDS`` names the lowest score of each
band, most severe first. ``advisor.advice.scoring.severity`` (what the text says) and
``advisor.report.charts`` (what colour a heat-map cell gets) both call :func:`severity`.
"""

from __future__ import annotations

from advisor.kb.recordbase import Severity

__all__ = ["SEVERITY_BANDS", "score_range", "severity"]

#: (band, lowest score in it), most severe first; the scores run 1-25
SEVERITY_BANDS: tuple[tuple[Severity, int], ...] = (
    ("critical", 15),
    ("high", 10),
    ("medium", 5),
    ("low", 1),
)


def severity(likelihood: int, impact: int) -> Severity:
    """The severity of a risk on the 5x5 matrix (score = likelihood x impact).

    1-4 low, 5-9 medium, 10-14 high, 15-25 critical.

    Examples:
        >>> severity(1, 4), severity(3, 3), severity(2, 5), severity(4, 4)
        ('low', 'medium', 'high', 'critical')
    """
    if not (1 <= likelihood <= 5 and 1 <= impact <= 5):
        raise ValueError("likelihood and impact are 1-5")
    score = likelihood * impact
    for band, lowest in SEVERITY_BANDS:
        if score >= lowest:
            return band
    raise AssertionError("unreachable: the lowest band starts at 1")


def score_range(band: str) -> tuple[int, int]:
    """The lowest and highest score of a band: ``score_range("high") == (10, 14)``."""
    top = 25
    for name, lowest in SEVERITY_BANDS:
        if name == band:
            return lowest, top
        top = lowest - 1
    raise KeyError(band)
