"""Did the false matches fall unevenly on a subgroup?

Where a study publishes how many of its false matches were in a subgroup
and the subgroup's share of the people tested (ACLU 2018: 11 of 28 false
matches were people of color, who are 20% of Congress), two questions can
be answered:

1. Is the subgroup's share of the false matches larger than its share of
   the people tested? If everyone were falsely matched equally often, each
   false match would be in the subgroup with probability equal to its
   population share, so the count is binomial: R's ``binom.test``.
2. How much more often was the subgroup falsely matched? This needs the
   group sizes, which were published only as a rounded share, so the group
   rates and their ratio are **derived** (535 × 20% = 107), and repeated for
   every group size the rounded share allows.

This module holds the numbers (:func:`share_test`: counts and a published
share in); :func:`fr_stats.disparity` (:mod:`fr_stats.analysis.disparity`)
finds the study's subgroup rows and words the result. The binomial test and
interval are :mod:`fr_stats.stats.binomial` (R's ``binom.test``, without
scipy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import effects
from .binomial import binom_test, clopper_pearson
from .common import Estimate, Reason, check_level

KATZ = "Katz log interval (derived group sizes)"


def katz_ratio(k1: int, n1: int, k2: int, n2: int, *, level: float = 0.95) -> Estimate:
    """The ratio of two rates ``(k1/n1) / (k2/n2)`` with the Katz log interval.

    Parameters
    ----------
    k1, n1
        Events and size of the group in the numerator.
    k2, n2
        Events and size of the reference group.
    level
        Confidence level.

    Returns
    -------
    Estimate
        ``exp(log RR ± z·sqrt(1/k1 − 1/n1 + 1/k2 − 1/n2))``. With a zero
        count the log interval does not exist: the bounds are ``None`` and
        ``reason`` says why (the estimate is 0, or ``None`` when the reference
        rate is 0).

    Notes
    -----
    Checked against R: ``exp(log(RR) + c(-1, 1) * qnorm(1 - a/2) *
    sqrt(1/k1 - 1/n1 + 1/k2 - 1/n2))``, the formula of
    ``epitools::riskratio(method = "wald")``.

    References
    ----------
    Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining
    confidence intervals for the risk ratio in cohort studies.
    *Biometrics* 34(3), 469-474.

    Examples
    --------
    >>> r = katz_ratio(11, 107, 17, 428)
    >>> round(r.estimate, 3), round(r.low, 3), round(r.high, 3)
    (2.588, 1.25, 5.361)
    """
    level = check_level(level)
    if k2 == 0:
        return Estimate(None, None, None, KATZ, Reason.REFERENCE_NO_EVENTS)
    if k1 == 0:
        return Estimate(0.0, None, None, KATZ, Reason.SUBGROUP_NO_EVENTS)
    # Both counts are positive: the comparison's Katz interval, reference group as A.
    both = effects.ratio(k2, n2, k1, n1, method="katz", level=level)
    return Estimate(both.estimate, both.low, both.high, KATZ)


@dataclass(frozen=True)
class Scenario:
    """The results for one group size the rounded share allows."""

    population_share: float
    size: int | None
    pvalue_greater: float
    pvalue_two_sided: float
    subgroup_rate: float | None
    other_rate: float | None
    rate_ratio: Estimate | None
    published: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "population_share": self.population_share,
            "size": self.size,
            "pvalue_greater": self.pvalue_greater,
            "pvalue_two_sided": self.pvalue_two_sided,
            "subgroup_rate": self.subgroup_rate,
            "other_rate": self.other_rate,
            "rate_ratio": None if self.rate_ratio is None else self.rate_ratio.to_dict(),
            "as_published": self.published,
        }


def _rounding_range(percent: float) -> tuple[float, float]:
    """The shares (in percent) that round to ``percent`` at its published precision."""
    exponent = Decimal(repr(float(percent))).normalize().as_tuple().exponent
    decimals = max(0, -int(exponent))
    half = 0.5 * 10.0**-decimals
    return max(0.0, percent - half), min(100.0, percent + half)


def _binom(k: int, n: int, p: float) -> tuple[float, float]:
    return binom_test(k, n, p)


def subgroup_size(n: int, share: float) -> int:
    """The subgroup's size derived from a published share: ``round(n × share)``."""
    return round(n * share)


@dataclass(frozen=True)
class ShareTest:
    """The numbers of a disparity test: what :func:`share_test` returns.

    Shares are proportions. ``size`` (the derived subgroup size),
    ``rate_ratio`` and ``sizes`` (the first and last group size of the
    sensitivity table) are ``None`` when the number tested is unknown;
    ``skipped`` lists the group sizes in that range that could not hold the
    false matches.
    """

    share: float
    share_range: tuple[float, float]
    share_ci: tuple[float, float]
    pvalue_greater: float
    pvalue_two_sided: float
    size: int | None
    rate_ratio: Estimate | None
    sensitivity: tuple[Scenario, ...]
    sizes: tuple[int, int] | None
    skipped: tuple[int, ...]


def share_test(
    k: int, big_k: int, percent: float, n: int | None, *, level: float = 0.95
) -> ShareTest:
    """Is a subgroup's share ``k / big_k`` of the false matches above its share of the people?

    Parameters
    ----------
    k, big_k
        False matches in the subgroup and in all; ``0 <= k <= big_k``, ``big_k >= 1``.
    percent
        The subgroup's published share of the people tested, in percent,
        strictly between 0 and 100; its precision sets the rounding range.
    n
        People tested, or ``None`` when unpublished (then no group rates).
    level
        Confidence level of the share's interval and the rate ratio's.

    Returns
    -------
    ShareTest

    Notes
    -----
    Assumes the counts are consistent (checked by :func:`fr_stats.disparity`,
    whose messages name the study): the subgroup of
    :func:`subgroup_size` people can hold its ``k`` false matches and
    everyone else theirs. See :func:`fr_stats.disparity` for the tests and
    what they were checked against.
    """
    level = check_level(level)
    share = percent / 100
    lo_pct, hi_pct = _rounding_range(percent)
    ci = clopper_pearson(k, big_k, level)
    p_greater, p_two = _binom(k, big_k, share)
    if n is None:
        scenarios = tuple(
            Scenario(
                pct / 100, None, *_binom(k, big_k, pct / 100), None, None, None, pct == percent
            )
            for pct in sorted({lo_pct, percent, hi_pct})
        )
        return ShareTest(share, (lo_pct / 100, hi_pct / 100), ci,
                         p_greater, p_two, None, None, scenarios, None, ())  # fmt: skip
    m = subgroup_size(n, share)
    sizes = range(math.ceil(n * lo_pct / 100 - 1e-9), math.floor(n * hi_pct / 100 + 1e-9) + 1)
    fits = [s for s in sizes if 0 < s < n and k <= s and big_k - k <= n - s]
    return ShareTest(
        share=share,
        share_range=(lo_pct / 100, hi_pct / 100),
        share_ci=ci,
        pvalue_greater=p_greater,
        pvalue_two_sided=p_two,
        size=m,
        rate_ratio=katz_ratio(k, m, big_k - k, n - m, level=level),
        sensitivity=tuple(_scenario(k, big_k, n, size, m, level) for size in fits),
        sizes=(sizes.start, sizes.stop - 1),
        skipped=tuple(s for s in sizes if s not in fits),
    )


def _scenario(k: int, big_k: int, n: int, size: int, m: int, level: float) -> Scenario:
    g, t = _binom(k, big_k, size / n)
    return Scenario(
        size / n,
        size,
        g,
        t,
        k / size,
        (big_k - k) / (n - size),
        katz_ratio(k, size, big_k - k, n - size, level=level),
        size == m,
    )
