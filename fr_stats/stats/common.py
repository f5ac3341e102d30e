"""Vocabulary shared by the statistical modules.

The normal quantile and distribution function here use the standard library
(:class:`statistics.NormalDist` and :func:`math.erfc`), not scipy: on the
machine this was measured on, ``import scipy.special`` took 0.4-0.5 s and
``import scipy.stats`` 1.3-1.8 s, where the whole of ``fr-stats compare``
otherwise takes about 0.4 s.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from enum import StrEnum
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


class Reason(StrEnum):
    """Why a result is undefined, infinite, not computed or computed another way.

    A code, not a sentence: :mod:`fr_stats.words.notes` words each one (with
    the numbers the result carries, such as ``support_points`` or ``tables``).
    """

    WALD_ZERO_WIDTH = "wald-zero-width"
    """The Wald interval of the difference is one point: both rates are 0 or 1."""
    RATIO_NO_EVENTS = "ratio-no-events"
    """No false matches in either sample: the ratio B/A is 0/0."""
    KATZ_A_ZERO = "katz-a-zero"
    """A has no false matches: B/A is infinite and the Katz interval undefined."""
    KATZ_B_ZERO = "katz-b-zero"
    """B has no false matches: B/A is 0 and the Katz interval undefined."""
    STATSMODELS_FAILED = "statsmodels-failed"
    """statsmodels gave NaN for this interval."""
    HALF_ADDED = "half-added"
    """The adjusted-log interval added 0.5 to every count because of a zero count."""
    EXACT_TOO_LARGE = "exact-too-large"
    """The exact conditional computation needs more than ``MAX_POINTS`` support points
    (``support_points`` says how many); Woolf's interval is shown instead."""
    EXACT_NOT_CONVERGED = "exact-not-converged"
    """The support windows of the exact conditional computation did not converge."""
    ODDS_NO_EVENTS = "odds-no-events"
    """No false matches in either sample: the odds ratio is undefined and unbounded."""
    ODDS_ALL_EVENTS = "odds-all-events"
    """Every probe in both samples was a false match: the odds ratio is undefined."""
    ODDS_ZERO = "odds-zero"
    """B's false matches are at the lowest count the margins allow: the estimate is 0."""
    ODDS_INFINITE = "odds-infinite"
    """A has no false matches (or B no correct results): the estimate is infinite."""
    WOOLF_ZERO_CELL = "woolf-zero-cell"
    """A zero cell: the Woolf logit interval is undefined."""
    CHI2_NO_FALSE_MATCHES = "chi2-no-false-matches"
    """No false matches in either sample: an expected count is zero."""
    CHI2_NO_CORRECT = "chi2-no-correct"
    """No correct results in either sample: an expected count is zero."""
    BOSCHLOO_TOO_MANY = "boschloo-too-many"
    """Boschloo's test would enumerate more than ``BOSCHLOO_MAX_TABLES`` tables
    (``tables`` says how many); not run."""
    NO_CHANGE = "no-change"
    """No change was observed: the sample size to detect it is undefined."""
    SAMPLE_SIZE_FAILED = "sample-size-failed"
    """The sample size could not be computed (``error`` holds the message)."""
    REFERENCE_NO_EVENTS = "reference-no-events"
    """The reference group had no false matches: the ratio is undefined."""
    SUBGROUP_NO_EVENTS = "subgroup-no-events"
    """No false matches in the subgroup: the ratio is 0, with no log interval."""
    SCORE_TEST_UNDEFINED = "score-test-undefined"
    """The score test is undefined for these counts: the interval alone decides."""


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval.

    ``estimate``, ``low`` or ``high`` may be ``None`` (undefined, e.g. a ratio
    with a zero denominator) or infinite; ``reason`` then says why (a
    :class:`Reason`, worded by :func:`fr_stats.words.notes.note`). Never NaN.
    ``support_points`` is the number behind :attr:`Reason.EXACT_TOO_LARGE`.
    """

    estimate: float | None
    low: float | None
    high: float | None
    method: str
    reason: Reason | None = None
    support_points: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The numbers; :func:`fr_stats.words.notes.estimate_dict` adds the ``note``."""
        return {
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "method": self.method,
        }


LEVEL_RANGE = (0.5, 0.9999)
"""The confidence levels fr-stats accepts: from 50% to 99.99%. Outside it an
interval says nothing useful (near 0 it shrinks to the point estimate; near 1
it spans everything) and its label would print as a long string of digits."""


def normal_quantile(p: float) -> float:
    """The standard normal quantile, R's ``qnorm(p)``, for ``0 < p < 1``.

    :meth:`statistics.NormalDist.inv_cdf` is Wichura's algorithm AS 241, the
    one R's ``qnorm`` uses; it agrees with R and with scipy's ``ndtri`` to
    about 1e-15 relative, down to ``p = 1e-300`` (tests/test_normal.py).
    """
    from statistics import NormalDist  # here, not at import: `fr-stats --help` needs none of it

    return NormalDist().inv_cdf(p)


def normal_cdf(x: float) -> float:
    """The standard normal distribution function, R's ``pnorm(x)``.

    ``erfc(-x / sqrt(2)) / 2``. Far in the lower tail the rounding of
    ``x / sqrt(2)`` costs about ``x^2 * 1e-16`` relative (1e-13 at
    ``pnorm(-37) = 5.7e-300``), as in scipy's ``ndtr``; tests/test_normal.py
    checks both bounds against R and scipy.
    """
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_critical(level: float) -> float:
    """The two-sided normal critical value ``z`` with ``P(|Z| > z) = 1 - level``.

    R's ``-qnorm((1 - level) / 2)``, from :func:`normal_quantile` (the
    standard library, not scipy). Assumes a valid level.
    """
    return -normal_quantile((1.0 - level) / 2.0)


def check_level(level: float) -> float:
    """A confidence level from 0.5 to 0.9999 (:data:`LEVEL_RANGE`), or a clear error."""
    low, high = LEVEL_RANGE
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise InputError(
            f"confidence level must be a number from {low:g} to {high:g}, not {level!r}"
        ) from None
    if math.isnan(value) or not low <= value <= high:
        raise InputError(
            f"confidence level must be from {low:g} to {high:g} (e.g. 0.95), not {level}",
            hint="write 95% as 0.95",
        )
    return value


def check_counts(k: int, n: int, *, group: str | None = None) -> tuple[int, int]:
    """``k`` events of ``n`` as whole numbers with ``0 <= k <= n`` and ``n >= 1``, or an error.

    The one count check of the statistics. For one rate the message says
    what is wrong (``'11 false matches cannot exceed the 10 tested'``); for
    one of two groups (``group='A'``) it names the group and the rule
    (``'A: 11 of 10 is not a valid count (need 0 <= k <= n, n >= 1)'``).
    Whole floats (``28.0``) and integer types such as numpy's are accepted.
    """
    prefix = "" if group is None else f"{group}: "
    for name, value in (("k", k), ("n", n)):
        whole_float = isinstance(value, float) and float(value).is_integer()
        if isinstance(value, bool) or not (isinstance(value, numbers.Integral) or whole_float):
            raise InputError(f"{prefix}{name} must be a whole number, not {value!r}")
    ki, ni = int(k), int(n)
    if group is not None and not (ni >= 1 and 0 <= ki <= ni):
        raise InputError(f"{group}: {ki} of {ni} is not a valid count (need 0 <= k <= n, n >= 1)")
    if ni < 1:
        raise InputError(f"the number tested must be at least 1, not {ni}")
    if ki < 0:
        raise InputError(f"the number of false matches cannot be negative ({ki})")
    if ki > ni:
        raise InputError(f"{ki} false matches cannot exceed the {ni} tested")
    return ki, ni
