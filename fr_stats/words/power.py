"""How power is worded: what a study could detect (one sentence for compare, power and
the report), and the verdict and notes of ``fr-stats power``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .. import text
from ..stats.power import n_text

if TYPE_CHECKING:
    from ..analysis.power import PowerResult
    from ..stats.power import Detectable

METHOD = "normal approximation, two-sided, equal groups (R power.prop.test, strict = FALSE)"
"""How ``fr-stats power`` computes (R's ``power.prop.test``), as its ``method`` says."""

POWER_NOT_USED = "The power asked for (--power) is not used: it is what was computed."
ROUND_UP = "Round up: a study needs whole people."


def about(n: float) -> str:
    """A size for readers: ``'about 13,000'`` for 12,911, ``'about 530'`` for 532.5.

    Two significant digits; exact below 100 (``'120'``, ``'2'``).
    """
    if n < 100:
        return f"{n:,.0f}" if float(n).is_integer() else f"{n:,.1f}"
    digits = math.floor(math.log10(n)) - 1
    return f"about {round(n, -digits):,.0f}"


def _points(x: float) -> str:
    return text.points(x, text.decimals(x), sign=False)


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
    power = text.pct(det.power, 0)
    return f"{subject} detect, with {power} power, {'only ' if only else ''}{', or '.join(parts)}."


def people(n: float | None) -> str:
    """``'1 person'``, ``'535 people'``."""
    return f"{n_text(n)} {'person' if n == 1 else 'people'}"


def study_notes(n1: int, n2: int, harmonic: float, *, detectable: bool) -> list[str]:
    """The notes of a power calculation from two studies' observed rates."""
    out = []
    if not detectable:
        out.append("No change in that direction is detectable with groups of the studies' size.")
    out.append(
        "The studies' own 'observed power' is not given: it is a function of their "
        "p-value and adds nothing to it (Hoenig & Heisey 2001)."
    )
    if n1 != n2:
        out.append(
            f"The studies tested {n1:,} and {n2:,}; the detectable change is for two groups "
            f"of their harmonic mean, {harmonic:,.1f}."
        )
    out.append("Observed rates are estimates: a study planned on them inherits their uncertainty.")
    return out


def detectable_notes(
    p1: float, n: float, power: float, *, rise: float | None, fall: float | None
) -> list[str]:
    """The notes of a detectable-change calculation: why a direction has none."""
    out = []
    if rise is None:
        out.append(
            "A rate of 100% cannot rise."
            if p1 == 1
            else "No rate up to 100% is detectable with this many per group."
        )
    if fall is None:
        out.append(
            "A rate of 0% cannot fall."
            if p1 == 0
            else f"No fall is detectable: even a rate of 0 would be missed more than "
            f"{text.pct(1 - power, 0)} of the time with {n_text(n)} per group."
        )
    out.append(
        "R's power.prop.test reports only the rise (p2 above p1); the fall is the "
        "same calculation with the rates swapped."
    )
    return out


def verdict(r: PowerResult) -> str:
    """One plain-language sentence of what ``fr-stats power`` found."""
    lv = text.level_pct(r.level)
    pw = text.pct(r.power, 0)
    if r.solved_for == "p2":
        return _detectable_verdict(r, lv, pw)
    if r.solved_for == "n":
        exact = math.ceil((r.n_per_group or 0) - 1e-9)
        need = f"{exact:,}" if exact < 100 else f"{about(exact)} ({exact:,})"
        line = (
            f"To detect a change from {text.pct(r.p1)} to {text.pct(r.p2)} with "
            f"{pw} power at the {lv} level, each group needs {need} people."
        )
        if r.n_studies is not None and r.detectable is not None:
            subject = f"Studies of {about(r.n_studies)} per group"
            line += " " + detectable(r.detectable, only=True, subject=subject)
        return line
    return (
        f"With {people(r.n_per_group)} in each group, a test at the {lv} level "
        f"detects a change from {text.pct(r.p1)} to {text.pct(r.p2)} with "
        f"probability {text.pct(r.power, 0)}."
    )


def _detectable_verdict(r: PowerResult, lv: str, pw: str) -> str:
    """The verdict of ``solved_for == "p2"``: the smallest rise and fall, or why none."""
    start = f"With {people(r.n_per_group)} in each of two groups"
    rise = r.p2 is not None and r.mde is not None
    fall = r.p2_below is not None and r.mde_below is not None
    if not rise and not fall:
        return (
            f"{start}, no change from {text.pct(r.p1)} is detectable with {pw} power "
            f"at the {lv} level: the sample is too small to detect any change."
        )
    up = f"a rise from {text.pct(r.p1)} to {text.pct(r.p2)} ({text.points(r.mde or 0)} points)"
    down = f"to {text.pct(r.p2_below)} ({text.points(r.mde_below or 0)} points)"
    found = f"{start}, a test at the {lv} level would detect, with {pw} power, "
    if rise and fall:
        return f"{found}{up}, or down {down}; smaller changes would often be missed."
    if rise:
        gap = "a rate of 0% cannot fall" if r.p1 == 0 else "no fall is detectable"
        return f"{found}{up}; {gap}, and smaller rises would often be missed."
    gap = "a rate of 100% cannot rise" if r.p1 == 1 else "no rise is detectable"
    return f"{found}a fall {down}; {gap}, and smaller falls would often be missed."
