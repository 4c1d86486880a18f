"""What measured evidence shows a technique losing against its baseline.

Kept apart from :mod:`advisor.advice.evidence` (which validates evidence files with pydantic):
the report path reads this module on every run, and a cached report must not import pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.report.model import Evidence

__all__ = ["Shortfall", "comparable", "shortfall"]


#: a speed-up ratio below this counts as slower than the baseline (5% is within timing noise)
SLOWER_BELOW = 0.95
#: an accuracy change below this many points counts as less accurate (one digit test case
#: is 0.28 pt of the bundled benchmark's test set)
LESS_ACCURATE_BELOW_PT = -1.0
#: ``python -m technical bench`` measures small networks (MLP, CNN) on a CPU; quantising or
#: pruning a large generative model behaves differently (its decoding is bound by memory, not
#: arithmetic), so those measurements do not move the techniques of these products
NOT_COMPARABLE_KINDS: tuple[str, ...] = ("generative_text", "generative_media")


@dataclass(frozen=True)
class Shortfall:
    """What a measurement shows a technique losing against its baseline."""

    evidence: Evidence
    variant: str  # the measured variant, as the summary names it ("int8 dynamic")
    batch: int
    slower: float | None = None  # how many times slower at ``batch``
    less_accurate: float | None = None  # accuracy points lost


def comparable(facts: Mapping[str, Any]) -> bool:
    """Whether the bundled kind of measurement speaks for this product's own model."""
    return not any(facts.get(k) is True for k in NOT_COMPARABLE_KINDS)


def _loss(e: Evidence, must_not_lose: Sequence[str], batch: int) -> Shortfall | bool | None:
    """A measurement's shortfall; ``False`` when it holds up; ``None`` when it says nothing."""
    ratios = e.ratios
    speed = ratios.get(f"speedup_b{batch}") if "speed" in must_not_lose else None
    delta = ratios.get("accuracy_delta_pt") if "accuracy" in must_not_lose else None
    speed = speed if isinstance(speed, int | float) and not isinstance(speed, bool) else None
    delta = delta if isinstance(delta, int | float) and not isinstance(delta, bool) else None
    if speed is None and delta is None:
        return None
    slower = 1 / speed if speed is not None and 0 < speed < SLOWER_BELOW else None
    lost = -delta if delta is not None and delta < LESS_ACCURATE_BELOW_PT else None
    if slower is None and lost is None:
        return False
    variant = e.summary.split(":", 1)[0].strip() if ":" in e.summary else e.kernel
    return Shortfall(e, variant or e.kernel, batch, slower, lost)


def shortfall(
    measured: Sequence[Evidence], must_not_lose: Sequence[str], batch: int
) -> Shortfall | None:
    """The shortfall of the first measurement when every measured variant of a technique loses
    on one of ``must_not_lose`` (``speed`` at ``batch``, ``accuracy``); ``None`` when one
    variant holds up, or nothing measured says anything about these."""
    losses = [_loss(e, must_not_lose, batch) for e in measured]
    judged = [x for x in losses if x is not None]
    if not judged or any(x is False for x in judged):
        return None
    first = judged[0]
    return first if isinstance(first, Shortfall) else None
