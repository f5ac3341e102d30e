"""How what a study could detect is worded: one sentence for compare, power and the report."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .. import text

if TYPE_CHECKING:
    from ..stats.power import Detectable


def about(n: float) -> str:
    """A size for readers: ``'about 13,000'`` for 12,911, ``'about 530'`` for 532.5.

    Two significant digits; exact below 100 (``'120'``, ``'2'``).
    """
    if n < 100:
        return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"
    digits = math.floor(math.log10(n)) - 1
    return f"about {round(n, -digits):,.0f}"


def _points(x: float) -> str:
    return text.points(x, _digits(x), sign=False)


def _digits(x: float) -> int:
    """Decimals that show a size of change to two significant digits."""
    largest = 100 * x
    if largest <= 0 or not math.isfinite(largest):
        return 1
    return max(1, min(8, 1 - math.floor(math.log10(largest))))


def detectable(det: Detectable, *, only: bool, subject: str = "Samples this size") -> str:
    """``'Samples this size detect only rises of about 4.5 points or more, or falls of
    about 3.4 points or more.'`` (with 80% power, at the level of the test)."""
    parts = []
    if det.rise is not None:
        parts.append(f"rises of about {_points(det.rise)} points or more")
    if det.fall is not None:
        parts.append(f"falls of about {_points(det.fall)} points or more")
    if not parts:
        return f"{subject} are too small to detect any change with {text.pct(det.power, 0)} power."
    return f"{subject} detect {'only ' if only else ''}{', or '.join(parts)}."
