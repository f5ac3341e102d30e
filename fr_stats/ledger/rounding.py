"""The rounding arithmetic of the claims ledger: is 39.3% "about 40%"? Pure numbers.

A stated figure is compared with the exact value its counts give, as a
:class:`~fractions.Fraction`, so no float rounding decides a verdict (the GRIM
idea: Brown and Heathers 2017). Nothing here makes a sentence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .table import QUALIFIERS, TOLERANCE


def round_half_up(x: Fraction, step: Fraction) -> Fraction:
    """``x`` rounded to a multiple of ``step``, halves up: 39.25 to 0.1 is 39.3."""
    return math.floor(x / step + Fraction(1, 2)) * step


def truncate(x: Fraction, step: Fraction) -> Fraction:
    """``x`` cut down to a multiple of ``step``: 92.996 to 1 is 92."""
    return math.floor(x / step) * step


def steps(figure: str, *, cap: int | None) -> tuple[Fraction, Fraction]:
    """The finest and the coarsest rounding unit a written figure allows.

    ``"99.9997"`` → (0.0001, 0.0001); ``"5"`` → (1, 1); ``"40"`` → (1, 10);
    ``"13000000"`` → (1, 1,000,000). ``cap`` limits the coarse unit.
    """
    if "." in figure:
        step = Fraction(1, 10 ** len(figure.split(".")[1]))
        return step, step
    digits = figure.lstrip("0")
    zeros = len(digits) - len(digits.rstrip("0")) if digits else 0
    coarse = 10**zeros if cap is None else min(10**zeros, cap)
    return Fraction(1), Fraction(coarse)


def decimals(step: Fraction) -> int:
    """How many decimals a step has: 0.001 → 3, 10 → 0."""
    places = 0
    while step.denominator != 1 and places < 30:
        step *= 10
        places += 1
    return places


@dataclass(frozen=True)
class Shown:
    """A value rounded half up to a step, and the decimals that step has: what a reason
    prints (the rounding is exact here, the formatting is :func:`fr_stats.text.grouped`)."""

    value: Fraction
    places: int


def shown(x: Fraction, step: Fraction) -> Shown:
    return Shown(round_half_up(x, step), decimals(step))


def side_of(qualifier: str) -> str:
    """The side of the figure a qualifier asks for; ``'either side'`` when none."""
    return QUALIFIERS.get(qualifier, "either side")


def on_side(qualifier: str, x: Fraction, figure: Fraction) -> bool:
    """Is ``x`` on the side of ``figure`` the qualifier asks for?"""
    return {
        "either side": True,
        "below": x < figure,
        "above": x > figure,
        "at or above": x >= figure,
        "at or below": x <= figure,
    }[side_of(qualifier)]


def scale(figure: Fraction, *, percent: bool = False) -> Fraction:
    """What :data:`TOLERANCE` is a share of: the figure; for a percentage, the smaller of
    the figure and its distance from 100%, so "about 99.9997%" is not near 90%."""
    return min(abs(figure), 100 - figure) if percent and figure <= 100 else abs(figure)


def near(x: Fraction, figure: Fraction, *, percent: bool = False) -> bool:
    """Within :data:`TOLERANCE` of the :func:`scale` of the figure."""
    return abs(x - figure) <= TOLERANCE * scale(figure, percent=percent)


@dataclass(frozen=True)
class Rounding:
    """A percentage or a count stated against the exact value.

    ``computed`` is the value on the figure's scale (a percentage for a percent);
    ``fine`` and ``coarse`` the finest and coarsest rounding unit the written figure
    allows (:func:`steps`). ``head`` and ``finest`` are the value as a reason prints it.
    """

    value: Fraction
    computed: Fraction
    figure: Fraction
    fine: Fraction
    coarse: Fraction
    qualifier: str
    right_side: bool
    within: bool
    within_finest: bool
    truncated: bool
    near: bool
    head: Shown
    finest: Shown
    percent: bool = False
    tolerance: Fraction = TOLERANCE

    @property
    def side(self) -> str:
        return side_of(self.qualifier)

    @property
    def from_100(self) -> Shown | None:
        """How near the value must be, in points, when :data:`TOLERANCE` is a share of the
        figure's distance from 100% (a percentage above 50); ``None`` when it is a share of
        the figure itself."""
        if scale(self.figure, percent=self.percent) == abs(self.figure):
            return None
        return shown(self.tolerance * scale(self.figure, percent=True), self.fine / 10)

    @property
    def holds(self) -> bool:
        """On the right side, and within the rounding, truncated, or (qualified) near."""
        return self.right_side and (self.within or self.truncated or self.near)


def judge(value: Fraction, figure_text: str, form: str, qualifier: str) -> Rounding:
    """A percent (``form == 'percent'``) or count figure, as written, against ``value``
    (a proportion for a percent)."""
    figure = Fraction(figure_text)
    percent = form == "percent"
    x = value * 100 if percent else value
    fine, coarse = steps(figure_text, cap=10 if percent else None)
    within = round_half_up(x, coarse) == figure
    truncated = not within and truncate(x, fine) == figure
    head = shown(x, fine / 10) if percent else shown(x, fine)  # one decimal more than stated
    if truncated and round_half_up(x, fine / 10) >= figure + fine:
        head = shown(x, fine / 1000)  # 92.996%, not 93.0%, beside a truncated 92%
    return Rounding(
        value=value,
        computed=x,
        figure=figure,
        fine=fine,
        coarse=coarse,
        qualifier=qualifier,
        right_side=on_side(qualifier, x, figure),
        within=within,
        within_finest=round_half_up(x, fine) == figure,
        truncated=truncated,
        near=bool(qualifier) and near(x, figure, percent=percent),
        head=head,
        finest=shown(x, fine),
        percent=percent,
    )


@dataclass(frozen=True)
class OneInN:
    """A "one in N" figure stated against ``k`` false matches of ``n``.

    ``one_in`` is n ÷ k exactly (``None`` when k is 0: one in N is undefined),
    ``nearest`` the whole number nearest to it. The side a qualifier asks for is
    judged on the rate k/n: "more than one in five" is a rate above 1/5.
    """

    value: Fraction
    k: int
    n: int
    figure: Fraction
    qualifier: str
    one_in: Fraction | None
    nearest: int
    right_side: bool
    within: bool
    near: bool
    shown: Shown | None
    tolerance: Fraction = TOLERANCE

    @property
    def side(self) -> str:
        return side_of(self.qualifier)

    @property
    def holds(self) -> bool:
        return self.one_in is not None and self.right_side and (self.within or self.near)


def judge_one_in_n(value: Fraction, k: int, n: int, figure_text: str, qualifier: str) -> OneInN:
    """A "one in ``figure_text``" figure against ``k`` of ``n`` (``value`` = k/n, or the value the
    figure describes)."""
    figure = Fraction(figure_text)
    if k == 0:
        return OneInN(value, k, n, figure, qualifier, None, 0, False, False, False, None)
    ratio = Fraction(n, k)
    nearest = int(round_half_up(ratio, Fraction(1)))
    return OneInN(
        value=value,
        k=k,
        n=n,
        figure=figure,
        qualifier=qualifier,
        one_in=ratio,
        nearest=nearest,
        right_side=on_side(qualifier, Fraction(k, n), 1 / figure),
        within=nearest == figure,
        near=bool(qualifier) and near(ratio, figure),
        shown=shown(ratio, Fraction(1, 100)),
    )
