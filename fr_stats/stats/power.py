"""Power and sample size for comparing two false-match rates.

The arithmetic is R's ``power.prop.test`` (two-sided, two groups of equal
size, ``strict = FALSE``): the normal approximation of the unpooled test of
two proportions,

.. math::

    \\text{power} = \\Phi\\left(\\frac{\\sqrt{n}\\,|p_1 - p_2|
        - z_{1-\\alpha/2}\\sqrt{(p_1 + p_2)(1 - \\bar p)}}
        {\\sqrt{p_1 q_1 + p_2 q_2}}\\right),

with :math:`\\bar p = (p_1 + p_2)/2`, :math:`q = 1 - p` and ``n`` people in
*each* group. Like R, the probability of rejecting in the wrong direction
is left out (R's ``strict = FALSE``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .. import text
from ..errors import InputError
from ..reading import MAX_COUNT
from .common import check_level

Direction = Literal["increase", "decrease"]

METHOD = "normal approximation, two-sided, equal groups (R power.prop.test, strict = FALSE)"


def _z(level: float) -> float:
    from scipy.stats import norm

    return float(norm.isf((1.0 - level) / 2.0))


def _power(p1: float, p2: float, n: float, z: float) -> float:
    """R's ``p.body`` with ``strict = FALSE``; assumes valid input."""
    from scipy.stats import norm

    spread = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    pooled = math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))
    distance = math.sqrt(n) * abs(p1 - p2) - z * pooled
    if spread == 0:
        # Each rate is 0 or 1, so the statistic has no spread and R divides by
        # zero: +Inf (power 1) when the difference clears the critical value,
        # -Inf (power 0) when it does not. At p1 = p2 it is 0/0 (R's NaN):
        # there is no difference to detect, so the power is 0.
        return 1.0 if distance > 0 else 0.0
    return float(norm.cdf(distance / spread))


def _check_rate(name: str, value: float) -> float:
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{name} must be a proportion between 0 and 1, not {value!r}") from None
    if math.isnan(p) or not 0 <= p <= 1:
        raise InputError(
            f"{name} must be a proportion between 0 and 1, not {value}",
            hint="write 5.2% as 0.052",
        )
    return p


def _check_power(value: float) -> float:
    try:
        p = float(value)
    except (TypeError, ValueError):
        raise InputError(f"power must be a number between 0 and 1, not {value!r}") from None
    if math.isnan(p) or not 0 < p < 1:
        raise InputError(
            f"power must be strictly between 0 and 1 (e.g. 0.8), not {value}",
            hint="write 80% as 0.8",
        )
    return p


def _check_n(value: float) -> float:
    try:
        n = float(value)
    except (TypeError, ValueError):
        raise InputError(f"n must be a number of people per group, not {value!r}") from None
    if math.isnan(n) or not 1 <= n <= MAX_COUNT:
        raise InputError(
            f"n (people per group) must be a number from 1 to {MAX_COUNT:.0e}, not {value}"
        )
    return n


def power_two_proportions(p1: float, p2: float, n: float, *, level: float = 0.95) -> float:
    """The power of a two-sided test of two proportions with ``n`` people per group.

    Parameters
    ----------
    p1, p2
        The two true rates, as proportions.
    n
        People in *each* group (need not be whole).
    level
        Confidence level; the test's significance level is ``1 - level``.

    Returns
    -------
    float
        The probability that the test rejects equality at ``1 - level``.

    Notes
    -----
    Equal to R's ``power.prop.test(n = n, p1 = p1, p2 = p2,
    sig.level = 1 - level)$power`` (checked to 1e-12 in the tests). When
    each rate is 0 or 1 the statistic has no spread and R divides by zero:
    the power is 1 when the difference clears the critical value (0 against
    1 with more than z²/2 ≈ 1.92 per group), as R's ``pnorm(Inf)``, and 0
    otherwise. With both rates equal at 0 or 1 R returns ``NaN``; here the
    power is 0, as there is no difference to detect.

    References
    ----------
    R Core Team, ``stats::power.prop.test``; Fleiss, Levin & Paik (2003),
    *Statistical Methods for Rates and Proportions*, 3rd ed., section 4.2.

    Examples
    --------
    >>> round(power_two_proportions(0.1, 0.13, 1000), 4)
    0.5568
    """
    level = check_level(level)
    a = _check_rate("p1", p1)
    b = _check_rate("p2", p2)
    m = _check_n(n)
    return _power(a, b, m, _z(level))


def sample_size(p1: float, p2: float, *, power: float = 0.8, level: float = 0.95) -> float:
    """People needed in each group to tell ``p1`` from ``p2`` with the given power.

    Parameters
    ----------
    p1, p2
        The two rates to be told apart, as proportions; they must differ.
    power
        The probability of detecting the difference, strictly between 0 and 1.
    level
        Confidence level; the test's significance level is ``1 - level``.

    Returns
    -------
    float
        People per group, not rounded (round up to plan a study).

    Raises
    ------
    InputError
        When ``p1 == p2`` (no study size detects no difference) or the power
        asked for is below what a study of any size already has.

    Notes
    -----
    R's ``power.prop.test(p1 = p1, p2 = p2, power = power,
    sig.level = 1 - level)$n`` solves the power equation for ``n`` with
    ``uniroot`` (default tolerance about 1e-4). The equation has the closed
    form solution

    .. math:: n = \\left(\\frac{z_{1-\\alpha/2}\\sqrt{(p_1+p_2)(1-\\bar p)}
              + z_{\\text{power}}\\sqrt{p_1q_1 + p_2q_2}}{|p_1 - p_2|}\\right)^2,

    used here; the tests check it against R run with ``tol = 1e-12``.

    Examples
    --------
    >>> round(sample_size(0.05, 0.06), 1)
    8157.7
    """
    from scipy.stats import norm

    level = check_level(level)
    a = _check_rate("p1", p1)
    b = _check_rate("p2", p2)
    target = _check_power(power)
    if a == b:
        raise InputError(
            f"p1 and p2 are both {a:g}: no sample size can detect a difference of zero"
        )
    spread = math.sqrt(a * (1 - a) + b * (1 - b))
    pooled = math.sqrt((a + b) * (1 - (a + b) / 2))
    root = _z(level) * pooled + float(norm.ppf(target)) * spread
    if root <= 0:
        raise InputError(
            f"a power of {target:g} is below what any sample size already has for "
            f"{a:g} against {b:g}; ask for a higher power"
        )
    return (root / abs(a - b)) ** 2


def detectable_difference(
    p1: float,
    n: float,
    *,
    power: float = 0.8,
    level: float = 0.95,
    direction: Direction = "increase",
) -> float:
    """The smallest difference from ``p1`` that two groups of ``n`` detect with ``power``.

    Parameters
    ----------
    p1
        The reference rate, as a proportion.
    n
        People in *each* group.
    power
        The probability of detecting the difference, strictly between 0 and 1.
    level
        Confidence level; the test's significance level is ``1 - level``.
    direction
        ``"increase"`` (the default, as R) looks for a second rate
        ``p2 > p1``; ``"decrease"`` for ``p2 < p1``. The two differ because
        the variance of a proportion depends on the rate.

    Returns
    -------
    float
        ``|p2 - p1|`` for the smallest such difference (always positive).

    Raises
    ------
    InputError
        When no rate between ``p1`` and 1 (or 0, for a decrease) reaches
        the power asked for with ``n`` per group.

    Notes
    -----
    ``p1 + detectable_difference(p1, n)`` equals R's
    ``power.prop.test(n = n, p1 = p1, power = power,
    sig.level = 1 - level)$p2``, which searches ``p2`` in ``[p1, 1]``. The
    decrease equals R's ``power.prop.test(n = n, p2 = p1, power = ...)$p1``
    (R's search of ``p1`` in ``[0, p2]``; the formula is symmetric in the two
    rates). Solved with :func:`scipy.optimize.brentq` to 1e-14; the
    smallest root is taken by first scanning the interval on a grid. The
    tests compare with R run with ``tol = 1e-12``.

    Examples
    --------
    >>> round(0.05 + detectable_difference(0.05, 535), 4)
    0.0943
    """
    from scipy.optimize import brentq

    level = check_level(level)
    a = _check_rate("p1", p1)
    m = _check_n(n)
    target = _check_power(power)
    if direction not in ("increase", "decrease"):
        raise InputError(f"direction ('{direction}') must be 'increase' or 'decrease'")
    z = _z(level)
    if target <= (1 - level) / 2:
        raise InputError(
            f"a power of {target:g} is no more than the test's chance of a false alarm in one "
            f"direction ({(1 - level) / 2:g}); ask for a higher power, e.g. 0.8"
        )
    far = 1.0 if direction == "increase" else 0.0

    def gap(p2: float) -> float:
        return _power(a, p2, m, z) - target

    # The power can dip before it rises (the variance changes with p2): take the
    # first crossing on a fine grid, then solve there.
    grid = [a + (far - a) * i / 512 for i in range(513)]
    for lo, hi in itertools.pairwise(grid):
        if lo != hi and gap(hi) >= 0:
            root = float(brentq(gap, lo, hi, xtol=1e-15, rtol=8.9e-16))
            return abs(root - a)
    bound = "1" if direction == "increase" else "0"
    if a == far:
        raise InputError(
            f"p1 is {a:g}: a rate cannot {'rise above 1' if far else 'fall below 0'}, "
            "so there is no change to detect in that direction"
        )
    raise InputError(
        f"with {_n_text(m)} per group, no rate between {a:g} and {bound} is detected "
        f"with {target:g} power; a larger study is needed"
    )


@dataclass(frozen=True)
class Detectable:
    """The smallest rise and the smallest fall from ``p1`` that two groups of ``n`` detect.

    The one definition of "what a study this size could detect", used by
    ``compare``, ``power`` and the report. ``rise`` and ``fall`` are positive
    sizes of change (``None`` where no change in that direction reaches the
    power asked for, or none is possible: a rate of 100% cannot rise).
    """

    p1: float
    n: float
    power: float
    level: float
    rise: float | None
    fall: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "p1": self.p1,
            "n_per_group": self.n,
            "power": self.power,
            "level": self.level,
            "rise": self.rise,
            "fall": self.fall,
        }


def detectable_changes(
    p1: float, n: float, *, power: float = 0.8, level: float = 0.95
) -> Detectable:
    """:func:`detectable_difference` in both directions, ``None`` where there is none.

    Examples
    --------
    >>> d = detectable_changes(28 / 535, 2 / (1 / 535 + 1 / 530))
    >>> round(d.rise, 4), round(d.fall, 4)
    (0.0451, 0.0321)
    """
    sizes: list[float | None] = []
    for direction in ("increase", "decrease"):
        try:
            sizes.append(
                detectable_difference(p1, n, power=power, level=level, direction=direction)
            )
        except InputError:
            sizes.append(None)
    return Detectable(p1, n, power, level, sizes[0], sizes[1])


# --------------------------------------------------------------------------- #
# The library call behind `fr-stats power`
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class PowerResult:
    """What ``fr-stats power`` computes.

    Attributes
    ----------
    solved_for
        ``"p2"`` (the smallest detectable rate for ``p1`` and ``n``),
        ``"n"`` (the people per group for ``p1`` and ``p2``) or ``"power"``
        (the power of ``n`` per group for ``p1`` and ``p2``).
    p1, p2
        The reference rate and the second rate (solved or given).
    mde
        ``p2 - p1`` (signed; the minimum detectable difference when solved).
    n_per_group
        People per group (solved, unrounded, or given).
    power, level
        The power (asked for, or solved) and the confidence level.
    p2_below, mde_below
        For ``solved_for == "p2"``: the smallest detectable *decrease*
        (``None`` when no rate down to 0 is detectable; ``notes`` says so).
    studies
        The study refs whose observed rates were used, if any.
    """

    solved_for: str
    p1: float
    p2: float | None
    mde: float | None
    n_per_group: float | None
    power: float
    level: float
    p2_below: float | None = None
    mde_below: float | None = None
    studies: tuple[dict[str, Any], ...] = ()
    n_studies: float | None = None
    mde_at_study_size: float | None = None
    detectable: Detectable | None = None
    notes: tuple[str, ...] = field(default=())
    method: str = METHOD

    @property
    def verdict(self) -> str:
        """One plain-language sentence of what was found."""
        lv = text.level_pct(self.level)
        pw = text.pct(self.power, 0)
        if self.solved_for == "p2":
            return self._detectable_verdict(lv, pw)
        if self.solved_for == "n":
            from ..words.power import about, detectable

            exact = math.ceil((self.n_per_group or 0) - 1e-9)
            need = f"{exact:,}" if exact < 100 else f"{about(exact)} ({exact:,})"
            line = (
                f"To detect a change from {text.pct(self.p1)} to {text.pct(self.p2)} with "
                f"{pw} power at the {lv} level, each group needs {need} people."
            )
            if self.n_studies is not None and self.detectable is not None:
                subject = f"Studies of {about(self.n_studies)} per group"
                line += " " + detectable(self.detectable, only=True, subject=subject)
            return line
        return (
            f"With {_people(self.n_per_group)} in each group, a test at the {lv} level "
            f"detects a change from {text.pct(self.p1)} to {text.pct(self.p2)} with "
            f"probability {text.pct(self.power, 0)}."
        )

    def _detectable_verdict(self, lv: str, pw: str) -> str:
        """The verdict of ``solved_for == "p2"``: the smallest rise and fall, or why none."""
        start = f"With {_people(self.n_per_group)} in each of two groups"
        rise = self.p2 is not None and self.mde is not None
        fall = self.p2_below is not None and self.mde_below is not None
        if not rise and not fall:
            return (
                f"{start}, no change from {text.pct(self.p1)} is detectable with {pw} power "
                f"at the {lv} level: the sample is too small to detect any change."
            )
        up = f"a rise from {text.pct(self.p1)} to {text.pct(self.p2)} ({text.points(self.mde or 0)} points)"
        down = f"to {text.pct(self.p2_below)} ({text.points(self.mde_below or 0)} points)"
        found = f"{start}, a test at the {lv} level would detect, with {pw} power, "
        if rise and fall:
            return f"{found}{up}, or down {down}; smaller changes would often be missed."
        if rise:
            gap = "a rate of 0% cannot fall" if self.p1 == 0 else "no fall is detectable"
            return f"{found}{up}; {gap}, and smaller rises would often be missed."
        gap = "a rate of 100% cannot rise" if self.p1 == 1 else "no rise is detectable"
        return f"{found}a fall {down}; {gap}, and smaller falls would often be missed."

    def to_dict(self) -> dict[str, Any]:
        return {
            "p1": self.p1,
            "p2": self.p2,
            "mde": self.mde,
            "n_per_group": self.n_per_group,
            "power": self.power,
            "level": self.level,
            "solved_for": self.solved_for,
            "p2_below": self.p2_below,
            "mde_below": self.mde_below,
            "studies": [dict(s) for s in self.studies],
            "n_studies": self.n_studies,
            "mde_at_study_size": self.mde_at_study_size,
            "detectable_at_study_size": None
            if self.detectable is None
            else self.detectable.to_dict(),
            "method": self.method,
            "verdict": self.verdict,
            "notes": list(self.notes),
        }


def _signed(det: Detectable, *, up: bool) -> float | None:
    """The detectable change in the observed direction, with its sign."""
    size = det.rise if up else det.fall
    return None if size is None else (size if up else -size)


def _people(n: float | None) -> str:
    """``'1 person'``, ``'535 people'``."""
    return f"{_n_text(n)} {'person' if n == 1 else 'people'}"


def _n_text(n: float | None) -> str:
    if n is None:
        return "unknown"
    return f"{round(n):,}" if abs(n - round(n)) < 1e-9 else f"{n:,.1f}"


def power(
    *pair: str | Sequence[str],
    refs: Sequence[str] = (),
    p1: float | None = None,
    p2: float | None = None,
    n: float | None = None,
    power: float = 0.8,
    level: float = 0.95,
    data: Iterable[str | Path] = (),
) -> PowerResult:
    """Power, sample size or detectable difference for two false-match rates.

    Exactly one of three questions, chosen by what is given:

    - ``p1`` and ``n``: the smallest rate above (and below) ``p1`` that two
      groups of ``n`` detect with ``power``;
    - ``p1`` and ``p2``: the people per group needed to detect the change;
      with ``n`` as well, the power of that design;
    - two study refs (``refs=("aclu2018", "comparitech2020")``): the people
      per group needed to detect the difference between their observed
      rates, and the change detectable with groups of the studies' size.

    Parameters
    ----------
    pair, refs
        Two study refs (``ID``, ``ID@THRESHOLD`` or ``K/N``), given as
        ``power("aclu2018", "comparitech2020")`` like :func:`fr_stats.compare`
        (or as a list, positionally or as ``refs=``), or none.
    p1, p2
        Rates as proportions (``0.052`` for 5.2%).
    n
        People per group.
    power
        The power wanted (default 0.8).
    level
        Confidence level; the test's significance level is ``1 - level``.
    data
        Extra CSV tables for resolving refs.

    Returns
    -------
    PowerResult

    Raises
    ------
    InputError
        For a combination of arguments that asks no question, or asks two.

    Notes
    -----
    Every number equals R's ``power.prop.test`` (two-sided, equal groups,
    ``strict = FALSE``); see :func:`power_two_proportions`,
    :func:`sample_size` and :func:`detectable_difference`. For two studies
    of unequal size the detectable change is computed for two groups of
    their harmonic mean size, the equal design with the same null
    variance. No "observed power" of the studies is given: it is a
    function of their p-value and adds nothing to it (Hoenig & Heisey 2001).

    References
    ----------
    Hoenig, J. M. & Heisey, D. M. (2001). The abuse of power. *The American
    Statistician* 55(1), 19-24.

    Examples
    --------
    >>> r = power(p1=0.05, n=535)
    >>> round(r.p2, 4), round(r.mde, 4)
    (0.0943, 0.0443)
    """
    level = check_level(level)
    target = _check_power(power)
    if pair and refs:
        raise InputError("give the two studies once: as arguments or as refs=, not both")
    if len(pair) == 1 and not isinstance(pair[0], str):
        pair = tuple(pair[0])
    given = tuple(str(s) for s in pair) or tuple(refs)
    notes: list[str] = []
    if given:
        if len(given) != 2:
            raise InputError(
                f"give two study refs to compare, not {len(given)}",
                hint="e.g. fr-stats power aclu2018 comparitech2020",
            )
        if p1 is not None or p2 is not None or n is not None:
            raise InputError("give either two study refs or --p1 with --n or --p2, not both")
        from ..catalog import load

        catalog = load(data)
        studies = [catalog.resolve(r) for r in given]
        counts = [s.require_counts() for s in studies]
        a, b = (k / m for k, m in counts)
        if a == b:
            raise InputError(
                f"{studies[0].ref} and {studies[1].ref} have the same observed rate "
                f"({text.pct(a)}): no sample size detects a difference of zero"
            )
        need = sample_size(a, b, power=target, level=level)
        n1, n2 = counts[0][1], counts[1][1]
        harmonic = 2 / (1 / n1 + 1 / n2)
        detect = detectable_changes(a, harmonic, power=target, level=level)
        if _signed(detect, up=b > a) is None:
            notes.append(
                "No change in that direction is detectable with groups of the studies' size."
            )
        notes.append(
            "The studies' own 'observed power' is not given: it is a function of their "
            "p-value and adds nothing to it (Hoenig & Heisey 2001)."
        )
        if n1 != n2:
            notes.append(
                f"The studies tested {n1:,} and {n2:,}; the detectable change is for two groups "
                f"of their harmonic mean, {harmonic:,.1f}."
            )
        notes.append(
            "Observed rates are estimates: a study planned on them inherits their uncertainty."
        )
        return PowerResult(
            solved_for="n",
            p1=a,
            p2=b,
            mde=b - a,
            n_per_group=need,
            power=target,
            level=level,
            studies=tuple(
                {"id": s.ref, "label": s.label, "false_matches": k, "tested": m, "rate": k / m}
                for s, (k, m) in zip(studies, counts, strict=True)
            ),
            n_studies=harmonic,
            mde_at_study_size=_signed(detect, up=b > a),
            detectable=detect,
            notes=tuple(notes),
        )
    if p1 is None:
        raise InputError(
            "give --p1 with --n (detectable change), --p1 with --p2 (sample size), "
            "or two study ids",
            hint="e.g. fr-stats power --p1 0.052 --n 535",
        )
    a = _check_rate("p1", p1)
    if p2 is None and n is None:
        raise InputError(
            "--p1 alone asks no question: add --n (detectable change) or --p2 (sample size)"
        )
    if p2 is None:
        assert n is not None  # checked just above
        m = _check_n(n)
        up: float | None
        try:
            up = detectable_difference(a, m, power=target, level=level)
        except InputError:
            up = None
            notes.append(
                "A rate of 100% cannot rise."
                if a == 1
                else "No rate up to 100% is detectable with this many per group."
            )
        down: float | None
        try:
            down = detectable_difference(a, m, power=target, level=level, direction="decrease")
        except InputError:
            down = None
            notes.append(
                "A rate of 0% cannot fall."
                if a == 0
                else f"No fall is detectable: even a rate of 0 would be missed more than "
                f"{text.pct(1 - target, 0)} of the time with {_n_text(m)} per group."
            )
        notes.append(
            "R's power.prop.test reports only the rise (p2 above p1); the fall is the "
            "same calculation with the rates swapped."
        )
        return PowerResult(
            solved_for="p2",
            p1=a,
            p2=None if up is None else a + up,
            mde=up,
            n_per_group=m,
            power=target,
            level=level,
            p2_below=None if down is None else a - down,
            mde_below=None if down is None else -down,
            notes=tuple(notes),
        )
    b = _check_rate("p2", p2)
    if n is not None:
        m = _check_n(n)
        return PowerResult(
            solved_for="power",
            p1=a,
            p2=b,
            mde=b - a,
            n_per_group=m,
            power=power_two_proportions(a, b, m, level=level),
            level=level,
            notes=("The power asked for (--power) is not used: it is what was computed.",)
            if power != 0.8
            else (),
        )
    return PowerResult(
        solved_for="n",
        p1=a,
        p2=b,
        mde=b - a,
        n_per_group=sample_size(a, b, power=target, level=level),
        power=target,
        level=level,
        notes=("Round up: a study needs whole people.",),
    )
