"""Plain-language formatting of numbers, for verdicts and tables.

The statistics never round; these helpers decide how a number is shown.
A minus sign is the typographic one (U+2212), as in print.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

MINUS = "\u2212"


def pct(x: float | None, digits: int = 1) -> str:
    """A proportion as a percentage: ``pct(0.0523) == '5.2%'``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if x == 0:
        return "0%"
    text = f"{100 * x:.{digits}f}"
    if float(text) == 0:
        # Never print a positive rate as 0.0%: show its first significant digits.
        text = f"{100 * x:.2g}"
        if "e" in text:
            text = f"{100 * x:.{_first_digit(100 * x) + 1}f}".rstrip("0")
    places = digits
    while x < 1 and float(text) >= 100 and places < 12:
        # Nor a rate below 1 as 100%: add decimals until it shows as less.
        places += 1
        text = f"{100 * x:.{places}f}"
    return _minus(text) + "%"


def _first_digit(x: float) -> int:
    return max(0, -math.floor(math.log10(abs(x))))


def points(d: float, digits: int = 1, *, sign: bool = True) -> str:
    """A difference of proportions in percentage points: ``'+0.8'``."""
    text = f"{100 * d:+.{digits}f}" if sign else f"{100 * d:.{digits}f}"
    if float(text) == 0:
        text = f"{0:.{digits}f}"
    return _minus(text)


def bound_digits(digits: int, *bounds: float, most: int = 6) -> int:
    """``digits``, or more where a bound other than 0 would print as 0.0 and hide its sign.

    An interval from −0.0011 to +2.28 points reads "−0.001 to +2.281", not
    "0.0 to +2.3", which would hide that it crosses zero.
    """
    while digits < most and any(b != 0 and round(100 * b, digits) == 0 for b in bounds):
        digits += 1
    return digits


def points_range(low: float, high: float, digits: int = 1) -> str:
    """An interval of a difference in points, ``'−1.2 to +2.9'``, with no bound's sign hidden
    (:func:`bound_digits`)."""
    digits = bound_digits(digits, low, high)
    return f"{points(low, digits)} to {points(high, digits)}"


def number(x: float, digits: int = 2) -> str:
    """A plain number with a typographic minus."""
    if math.isinf(x):
        return "∞" if x > 0 else MINUS + "∞"
    return _minus(f"{x:.{digits}f}")


def pvalue(p: float) -> str:
    """A p-value as a journalist would print it: ``'0.60'``, ``'0.015'``, ``'< 0.001'``.

    Three decimals below 0.1, so that values near the 0.05 and 0.01 lines are
    not rounded across them; two above.
    """
    if p < 0.001:
        return "< 0.001"
    if p < 0.1:
        return f"{p:.3f}"
    return f"{p:.2f}"


def p_is(p: float) -> str:
    """A p-value with its relation: ``'p = 0.015'``, ``'p < 0.001'``."""
    shown = pvalue(p)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def decimals(*values: float, significant: int = 2, smallest: bool = False, most: int = 8) -> int:
    """Decimals of a percentage (or points) that show a value to ``significant`` digits.

    The largest positive finite value decides (the smallest with
    ``smallest=True``); at least 1 decimal, at most ``most``; 1 when no
    value is positive and finite. ``decimals(0.0451) == 1`` (4.5 points).
    """
    shown = [100 * v for v in values if v > 0 and math.isfinite(v)]
    if not shown:
        return 1
    anchor = min(shown) if smallest else max(shown)
    return max(1, min(most, significant - 1 - math.floor(math.log10(anchor))))


def rate_decimals(*values: float) -> int:
    """Decimals of a percentage that show the smallest positive rate to 3 significant digits."""
    return decimals(*values, significant=3, smallest=True, most=10)


def count(n: int | None) -> str:
    """A count with thousands separators; a gap where it was never published."""
    return "unpublished" if n is None else f"{n:,}"


def grouped(x: float, places: int = 0) -> str:
    """A number with thousands separators and fixed decimals: ``grouped(13375000) ==
    '13,375,000'``, ``grouped(99.9998, 4) == '99.9998'``. The caller rounds first when the
    rounding rule matters (the claims ledger rounds exact fractions half up)."""
    return f"{x:,.{places}f}"


def shortest(x: float, significant: int = 6) -> str:
    """A number in its shortest form: ``shortest(40.0) == '40'``, ``shortest(99.9997) ==
    '99.9997'``, ``shortest(4.615384615, 6) == '4.61538'``."""
    return f"{x:.{significant}g}"


def level_pct(level: float) -> str:
    """A confidence level as text: ``0.95 -> '95%'``, ``0.975 -> '97.5%'``."""
    return f"{100 * level:.10g}%"


def listing(items: Sequence[str]) -> str:
    """``'a, b and c'``: items joined as in a sentence."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def lower_first(text: str) -> str:
    """'Members of the US Congress' reads 'members of the US Congress' mid-sentence;
    a leading acronym ('US and UK lawmakers') is left as it is."""
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text


def upper_first(text: str) -> str:
    """'members of the US Congress' starts a sentence as 'Members of the US Congress'."""
    return text[:1].upper() + text[1:]


def pct_range(low: float, high: float, digits: int = 1) -> str:
    """``'4.3–8.4%'``: an interval of proportions as printed in a newsroom."""
    return f"{pct(low, digits).rstrip('%')}\u2013{pct(high, digits)}"


def pct_interval(x: float, low: float, high: float, digits: int = 1) -> str:
    """``'5.2% (4.3–8.4%)'``: a proportion and its interval."""
    return f"{pct(x, digits)} ({pct_range(low, high, digits)})"


def figure_pct(percent: float) -> str:
    """A percentage given as a figure, as written: ``80.0 -> '80%'``, ``99.9 -> '99.9%'``."""
    return f"{percent:g}%"


def published_pct(percent: float) -> str:
    """A published percentage at one precision: whole percent, one decimal below 1%
    (``31.37 -> '31%'``, ``0.8 -> '0.8%'``), halves rounded up."""
    from decimal import ROUND_HALF_UP, Decimal

    step = Decimal("0.1") if 0 < percent < 1 else Decimal("1")
    return f"{Decimal(str(percent)).quantize(step, rounding=ROUND_HALF_UP)}%"


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def json_safe(value: Any) -> Any:
    """JSON-safe values: NaN becomes null, infinities the strings ``"Infinity"`` and
    ``"-Infinity"`` (JSON has neither); mappings and sequences are converted throughout."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value
