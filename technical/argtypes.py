"""argparse types with an allowed range: a value outside it is a usage error (exit status 2)
whose message names the option, the range and the value given.

Every numeric option of ``python -m technical`` takes one of these types (a test walks the
parser and checks so), and the range is appended to the option's ``--help`` line.
No torch here: the parser is built before any kernel is imported.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass

__all__ = [
    "BATCH_SIZE",
    "EPOCHS",
    "EPOCHS_OR_NONE",
    "FOLDS",
    "HIDDEN",
    "LEARNING_RATE",
    "ROUNDS",
    "SEED",
    "THREADS",
    "UNIT_FRACTION",
    "FloatRange",
    "IntRange",
    "describe_ranges",
]


@dataclass(frozen=True)
class IntRange:
    """An integer in ``low..high`` (both included).

    Examples:
        >>> IntRange(1, 10)("3")
        3
        >>> IntRange(1, 10)("0")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: must be an integer in 1..10, got 0
    """

    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}..{self.high}"

    def __call__(self, text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be an integer in {self}, got {text!r}"
            ) from None
        if not self.low <= value <= self.high:
            raise argparse.ArgumentTypeError(f"must be an integer in {self}, got {value}")
        return value

    def outside(self) -> list[str]:
        """Values just outside the range (what the tests feed in)."""
        return [str(self.low - 1), str(self.high + 1)]


@dataclass(frozen=True)
class FloatRange:
    """A finite number between ``low`` and ``high``; ``open_low``/``open_high`` exclude the ends.

    Examples:
        >>> FloatRange(0.0, 10.0, open_low=True)("0.5")
        0.5
        >>> FloatRange(0.0, 10.0, open_low=True)("0")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: must be a number in (0, 10], got 0
    """

    low: float
    high: float
    open_low: bool = False
    open_high: bool = False

    def __str__(self) -> str:
        left = "(" if self.open_low else "["
        right = ")" if self.open_high else "]"
        return f"{left}{self.low:g}, {self.high:g}{right}"

    def contains(self, value: float) -> bool:
        if not math.isfinite(value):
            return False
        above = value > self.low if self.open_low else value >= self.low
        below = value < self.high if self.open_high else value <= self.high
        return above and below

    def __call__(self, text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a number in {self}, got {text!r}") from None
        if not self.contains(value):
            raise argparse.ArgumentTypeError(f"must be a number in {self}, got {text.strip()}")
        return value

    def outside(self) -> list[str]:
        """Values outside the range (what the tests feed in), ``nan`` and ``inf`` included."""
        span = max(1.0, self.high - self.low)
        below = self.low if self.open_low else self.low - span
        above = self.high if self.open_high else self.high + span
        return [repr(below), repr(above), "nan", "inf"]


def describe_ranges(parser: argparse.ArgumentParser) -> None:
    """Append ``allowed: <range>`` to the help of every option of ``parser`` that has a range."""
    for action in parser._actions:
        kind = action.type
        if not isinstance(kind, IntRange | FloatRange) or action.help == argparse.SUPPRESS:
            continue
        if action.help is None:
            action.help = f"allowed: {kind}"
        elif str(kind) not in action.help:
            action.help = f"{action.help}; allowed: {kind}"


# Ranges shared by several commands. MAX_EPOCHS matches technical.training.loop.MAX_EPOCHS.
SEED = IntRange(0, 2**32 - 1)  # NumPy's and scikit-learn's seeds are 32-bit
THREADS = IntRange(1, 1024)
EPOCHS = IntRange(1, 10_000)
EPOCHS_OR_NONE = IntRange(0, 10_000)  # 0 = skip this training phase
LEARNING_RATE = FloatRange(0.0, 10.0, open_low=True)
BATCH_SIZE = IntRange(1, 65_536)
HIDDEN = IntRange(1, 8_192)  # hidden width of the small models
ROUNDS = IntRange(1, 10_000)  # timed latency rounds
FOLDS = IntRange(2, 100)
UNIT_FRACTION = FloatRange(0.0, 1.0)
