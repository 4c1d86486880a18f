"""Exception root for ``technical``.

Library code raises; only :mod:`technical.cli` catches and turns a
:class:`TechnicalUserError` into a one-line message on stderr and exit status 2.
Any other exception is an internal error (exit status 1).
"""

from __future__ import annotations

__all__ = ["TechnicalError", "TechnicalUserError", "TrainingDivergedError"]


class TechnicalError(Exception):
    """Root of every error raised on purpose by ``technical``."""


class TechnicalUserError(TechnicalError):
    """Bad input from the user: unknown name, value out of range, wrong or corrupt file, no GPU."""


class TrainingDivergedError(TechnicalUserError):
    """The loss became NaN/inf or exploded; lower the learning rate or enable clipping."""
