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

Rates and sizes in, numbers out; :func:`fr_stats.power`
(:mod:`fr_stats.analysis.power`) resolves study refs and words the result.

No scipy: the normal distribution comes from the standard library
(:func:`~fr_stats.stats.common.normal_cdf`, ``normal_quantile``) and the
root search from :mod:`fr_stats.stats.roots`. On the machine this was
measured on, ``import scipy.stats`` took 1.3-1.8 s and ``scipy.optimize``
0.7 s, where all of ``fr-stats power`` otherwise takes about 0.4 s.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import InputError
from ..reading import MAX_COUNT
from .common import check_level, normal_cdf, normal_critical, normal_quantile
from .roots import brentq

Direction = Literal["increase", "decrease"]


def _power(p1: float, p2: float, n: float, z: float) -> float:
    """R's ``p.body`` with ``strict = FALSE``; assumes valid input."""
    spread = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    pooled = math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))
    distance = math.sqrt(n) * abs(p1 - p2) - z * pooled
    if spread == 0:
        # Each rate is 0 or 1, so the statistic has no spread and R divides by
        # zero: +Inf (power 1) when the difference clears the critical value,
        # -Inf (power 0) when it does not. At p1 = p2 it is 0/0 (R's NaN):
        # there is no difference to detect, so the power is 0.
        return 1.0 if distance > 0 else 0.0
    return normal_cdf(distance / spread)


def check_rate(name: str, value: float) -> float:
    """``value`` as a proportion from 0 to 1, or an error naming ``name``."""
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


def check_power(value: float) -> float:
    """A power strictly between 0 and 1, or a clear error."""
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


def check_n(value: float) -> float:
    """People per group, from 1 to ``MAX_COUNT``, or a clear error."""
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
    a = check_rate("p1", p1)
    b = check_rate("p2", p2)
    m = check_n(n)
    return _power(a, b, m, normal_critical(level))


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
    level = check_level(level)
    a = check_rate("p1", p1)
    b = check_rate("p2", p2)
    target = check_power(power)
    if a == b:
        raise InputError(
            f"p1 and p2 are both {a:g}: no sample size can detect a difference of zero"
        )
    spread = math.sqrt(a * (1 - a) + b * (1 - b))
    pooled = math.sqrt((a + b) * (1 - (a + b) / 2))
    root = normal_critical(level) * pooled + normal_quantile(target) * spread
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
    rates). Solved with Brent's method (:func:`fr_stats.stats.roots.brentq`,
    as scipy's ``brentq``) to 1e-15; the
    smallest root is taken by first scanning the interval on a grid. The
    tests compare with R run with ``tol = 1e-12``.

    Examples
    --------
    >>> round(0.05 + detectable_difference(0.05, 535), 4)
    0.0943
    """
    level = check_level(level)
    a = check_rate("p1", p1)
    m = check_n(n)
    target = check_power(power)
    if direction not in ("increase", "decrease"):
        raise InputError(f"direction ('{direction}') must be 'increase' or 'decrease'")
    z = normal_critical(level)
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
            root = brentq(gap, lo, hi, xtol=1e-15, rtol=8.9e-16)
            return abs(root - a)
    bound = "1" if direction == "increase" else "0"
    if a == far:
        raise InputError(
            f"p1 is {a:g}: a rate cannot {'rise above 1' if far else 'fall below 0'}, "
            "so there is no change to detect in that direction"
        )
    raise InputError(
        f"with {n_text(m)} per group, no rate between {a:g} and {bound} is detected "
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


def n_text(n: float | None) -> str:
    """People per group as printed: ``'535'``, ``'532.5'``, ``'unknown'``."""
    if n is None:
        return "unknown"
    return f"{round(n):,}" if abs(n - round(n)) < 1e-9 else f"{n:,.1f}"
