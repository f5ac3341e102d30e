"""Vocabulary shared by the statistical modules."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import InputError


@dataclass(frozen=True)
class Interval:
    """A confidence interval with the method that made it (scipy's ``ConfidenceInterval``)."""

    low: float
    high: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval.

    ``estimate``, ``low`` or ``high`` may be ``None`` (undefined, e.g. a ratio
    with a zero denominator) or infinite; ``note`` then says why. Never NaN.
    """

    estimate: float | None
    low: float | None
    high: float | None
    method: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "method": self.method,
            "note": self.note,
        }


def normal_critical(level: float) -> float:
    """The two-sided normal critical value ``z`` with ``P(|Z| > z) = 1 - level``.

    :func:`scipy.special.ndtri` (the normal quantile, which ``scipy.stats.norm``
    calls too): a few milliseconds to import, where ``scipy.stats`` takes a
    third of a second. Assumes a valid level.
    """
    from scipy.special import ndtri

    return float(-ndtri((1.0 - level) / 2.0))


def check_level(level: float) -> float:
    """A confidence level strictly between 0 and 1, or a clear error."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise InputError(
            f"confidence level must be a number between 0 and 1, not {level!r}"
        ) from None
    if not (0 < value < 1) or math.isnan(value):
        raise InputError(
            f"confidence level must be strictly between 0 and 1 (e.g. 0.95), not {level}",
            hint="write 95% as 0.95",
        )
    return value
