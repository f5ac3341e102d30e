"""Did the false-match rate change from A to B? The numbers behind ``fr-stats compare``.

:func:`compare_counts` takes the four counts and returns both intervals, the
change as a difference, a ratio and an odds ratio, four tests, the one
:class:`Finding` they decide, and what the design could detect. The ids,
labels, verdict and caveats are added by :func:`fr_stats.compare`
(:mod:`fr_stats.analysis.compare`).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .common import Estimate, Interval, Reason, check_level
from .effects import (
    DIFFERENCE_METHODS,
    RATIO_METHODS,
    _choice,
    conditional_estimate,
    difference,
    odds_ratio,
    ratio,
    too_large,
)
from .intervals import proportion_interval
from .oddsratio import TooLargeError, fisher_2x2

if TYPE_CHECKING:
    from .power import Detectable

TEST_NAMES: tuple[str, ...] = ("chi2", "chi2-yates", "fisher", "boschloo")

BOSCHLOO_MAX_TABLES = 2_000_000
"""Boschloo's test enumerates every table with the two sample sizes:
(nA + 1)(nB + 1) of them, about 8 s per 300,000. Above this many it is
not run, and the result says so (:attr:`Reason.BOSCHLOO_TOO_MANY`)."""

Progress = Callable[[str], AbstractContextManager[Any]]


@dataclass(frozen=True)
class TestResult:
    """One hypothesis test of "the two rates are equal".

    Where the test is undefined or not run, ``reason`` says why (worded by
    :func:`fr_stats.words.notes.note`), with the number behind it:
    ``support_points`` (Fisher's, :attr:`Reason.EXACT_TOO_LARGE`) or
    ``tables`` (Boschloo's, :attr:`Reason.BOSCHLOO_TOO_MANY`).
    """

    __test__ = False  # not a pytest test class

    name: str
    statistic: float | None
    pvalue: float | None
    reason: Reason | None = None
    support_points: int | None = None
    tables: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The numbers; :func:`fr_stats.words.notes.test_dict` adds the ``note``."""
        return {
            "name": self.name,
            "statistic": self.statistic,
            "pvalue": self.pvalue,
        }


@dataclass(frozen=True)
class PowerSummary:
    """What the design could detect (normal approximation, R's ``power.prop.test``).

    ``detectable`` is the smallest rise and the smallest fall from A's rate
    that two groups of ``n_used`` detect with 80% power, the same definition
    as ``fr-stats power``. ``n_used`` is the harmonic mean ``2 nA nB / (nA +
    nB)`` of the two sample sizes. No power of the observed change is given:
    it is a function of the p-value and adds nothing to it (Hoenig & Heisey
    2001); the people per group needed to detect the observed change is.
    """

    detectable: Detectable
    n_per_group: float | None
    n_used: float
    reason: Reason | None = None
    error: str | None = None
    """Why ``n_per_group`` is ``None``: :attr:`Reason.NO_CHANGE`, or
    :attr:`Reason.SAMPLE_SIZE_FAILED` with the error's message in ``error``."""

    @property
    def mde(self) -> float | None:
        """The smallest detectable rise (kept as ``mde`` for scripts)."""
        return self.detectable.rise

    def to_dict(self) -> dict[str, Any]:
        """The numbers; :func:`fr_stats.words.notes.power_dict` adds ``method`` and ``note``."""
        return {
            "mde": self.detectable.rise,
            "mde_fall": self.detectable.fall,
            "n_per_group": self.n_per_group,
            "n_used": self.n_used,
        }


@dataclass(frozen=True)
class Finding:
    """The one decision about a change from A to B, made by :func:`decide`.

    The rule is worded once, as :data:`fr_stats.words.change.RULE`.

    Attributes
    ----------
    detected
        The deciding test's p-value is below ``alpha``.
    direction
        ``+1`` when B's rate is above A's, ``-1`` below, ``0`` equal.
    test
        The test that decided: ``fisher``, or ``chi2`` where Fisher's exact
        computation was out of reach.
    pvalue, alpha
        That test's two-sided p-value and the level it is judged at.
    interval_excludes_zero
        The interval for the difference B - A excludes zero.
    """

    detected: bool
    direction: int
    test: str
    pvalue: float
    alpha: float
    interval_excludes_zero: bool

    @property
    def borderline(self) -> bool:
        """The test and the interval for the difference disagree."""
        return self.detected != self.interval_excludes_zero

    def to_dict(self) -> dict[str, Any]:
        """The decision; :func:`fr_stats.words.change.finding_dict` adds the ``rule``."""
        return {
            "detected": self.detected,
            "direction": {1: "increase", -1: "decrease", 0: "none"}[self.direction],
            "test": self.test,
            "pvalue": self.pvalue,
            "alpha": self.alpha,
            "interval_excludes_zero": self.interval_excludes_zero,
            "borderline": self.borderline,
        }


def decide(
    xa: int, na: int, xb: int, nb: int, diff: Estimate, test: TestResult, level: float
) -> Finding:
    """Decide a change from a difference and the deciding test.

    Detected when the deciding test (Fisher's, or the chi-square test where
    Fisher's cannot be computed) gives p below ``1 - level``; the direction
    is the sign of B - A; borderline when the interval for the difference
    disagrees with the test (:data:`fr_stats.words.change.RULE` words it).
    """
    assert test.pvalue is not None and diff.low is not None and diff.high is not None
    alpha = 1.0 - level
    change = xb * na - xa * nb  # sign of xb/nb - xa/na, exactly
    return Finding(
        detected=test.pvalue < alpha,
        direction=(change > 0) - (change < 0),
        test=test.name,
        pvalue=test.pvalue,
        alpha=alpha,
        interval_excludes_zero=diff.low > 0 or diff.high < 0,
    )


# --------------------------------------------------------------------------- #
# Tests
# --------------------------------------------------------------------------- #


def _chi2(table: list[list[int]], *, yates: bool) -> TestResult:
    name = "chi2-yates" if yates else "chi2"
    if any(sum(row) == 0 for row in zip(*table, strict=True)):
        no_events = sum(r[0] for r in table) == 0
        why = Reason.CHI2_NO_FALSE_MATCHES if no_events else Reason.CHI2_NO_CORRECT
        return TestResult(name, None, None, why)
    statistic = chi2_statistic(table, yates=yates)
    return TestResult(name, statistic, chi2_1df_sf(statistic))


def chi2_statistic(table: list[list[int]], *, yates: bool) -> float:
    """Pearson's chi-square statistic of a 2x2 table with no empty row or column.

    R's ``chisq.test(table, correct = yates)$statistic`` (and
    ``prop.test``'s): ``sum((|O - E| - c)^2 / E)``, where Yates' correction
    ``c`` is ``min(0.5, |O - E|)`` (R's ``YATES <- min(0.5, abs(x - E))``)
    and 0 without it. The arithmetic of scipy's ``chi2_contingency``, which it
    replaces (``import scipy.stats`` took 1.3-1.8 s on the machine this was
    measured on, where all of ``fr-stats compare`` otherwise takes about
    0.4 s), except that the margins multiply as Python integers and never
    overflow; tests/test_closed_forms.py compares the two.
    """
    rows = [sum(row) for row in table]
    cols = [sum(col) for col in zip(*table, strict=True)]
    total = sum(rows)
    terms = []
    for i, row in enumerate(table):
        for j, observed in enumerate(row):
            expected = rows[i] * cols[j] / total
            gap = abs(observed - expected)
            if yates:
                gap -= min(0.5, gap)
            terms.append(gap * gap / expected)
    return math.fsum(terms)


def chi2_1df_sf(statistic: float) -> float:
    """``P(X > statistic)`` for chi-square with one degree of freedom: ``erfc(sqrt(x / 2))``.

    R's ``pchisq(x, 1, lower.tail = FALSE)``: the chi-square with one degree
    of freedom is the square of a standard normal.
    """
    return math.erfc(math.sqrt(statistic / 2.0))


def _boschloo(table: list[list[int]], na: int, nb: int, progress: Progress | None) -> TestResult:
    tables = (na + 1) * (nb + 1)
    if tables > BOSCHLOO_MAX_TABLES:
        return TestResult("boschloo", None, None, Reason.BOSCHLOO_TOO_MANY, tables=tables)
    from scipy.stats import boschloo_exact

    context = progress("Boschloo's exact test") if progress else contextlib.nullcontext()
    with context:
        res = boschloo_exact(table, alternative="two-sided")
    return TestResult("boschloo", float(res.statistic), min(float(res.pvalue), 1.0))


# --------------------------------------------------------------------------- #
# Power and the call
# --------------------------------------------------------------------------- #


def _power(pa: float, pb: float, na: int, nb: int, level: float) -> PowerSummary:
    from . import power as pw

    n_used = 2.0 * na * nb / (na + nb)
    needed = None
    detect = pw.detectable_changes(pa, n_used, power=0.8, level=level)
    if pa == pb:
        return PowerSummary(detect, needed, n_used, Reason.NO_CHANGE)
    try:
        needed = pw.sample_size(pa, pb, power=0.8, level=level)
    except (InputError, ZeroDivisionError, ValueError) as exc:
        return PowerSummary(detect, needed, n_used, Reason.SAMPLE_SIZE_FAILED, str(exc))
    return PowerSummary(detect, needed, n_used)


@dataclass(frozen=True)
class Comparison:
    """The numbers of a comparison of B with A: what :func:`compare_counts` returns."""

    ci_a: Interval
    ci_b: Interval
    difference: Estimate
    ratio: Estimate
    odds_ratio: Estimate
    tests: tuple[TestResult, ...]
    finding: Finding
    power: PowerSummary


def compare_counts(
    xa: int,
    na: int,
    xb: int,
    nb: int,
    *,
    level: float = 0.95,
    difference_method: str = "newcombe",
    ratio_method: str = "katz",
    exact_unconditional: bool = False,
    progress: Progress | None = None,
) -> Comparison:
    """Compare ``xb / nb`` with ``xa / na``: intervals, effects, tests, finding and power.

    Parameters are those of :func:`fr_stats.compare`, with the counts in
    place of the refs. The rates' intervals are Wilson's; the odds ratio is
    the conditional MLE with its exact interval (R's ``fisher.test``), or
    the unconditional estimate where Fisher's computation is out of reach,
    when the chi-square test decides instead.

    Examples
    --------
    >>> c = compare_counts(28, 535, 32, 530)
    >>> round(c.difference.estimate, 4), c.finding.detected
    (0.008, False)
    """
    level = check_level(level)
    _choice("difference", difference_method, DIFFERENCE_METHODS)
    _choice("ratio", ratio_method, RATIO_METHODS)
    ci_a = proportion_interval(xa, na, level=level)
    ci_b = proportion_interval(xb, nb, level=level)
    diff = difference(xa, na, xb, nb, method=difference_method, level=level)
    rr = ratio(xa, na, xb, nb, method=ratio_method, level=level)
    table = [[xb, nb - xb], [xa, na - xa]]
    tests = [_chi2(table, yates=False), _chi2(table, yates=True)]
    try:
        fisher = fisher_2x2(xb, nb, xa, na, level=level)
    except TooLargeError as exc:
        odds = odds_ratio(xa, na, xb, nb, method="conditional", level=level)
        tests.append(
            TestResult("fisher", None, None, too_large(exc), support_points=exc.support_points)
        )
        deciding = tests[0]
    else:
        odds = conditional_estimate(fisher, xa, na, xb, nb)
        tests.append(TestResult("fisher", None, fisher.pvalue))
        deciding = tests[2]
    if exact_unconditional:
        tests.append(_boschloo(table, na, nb, progress))
    return Comparison(
        ci_a=ci_a,
        ci_b=ci_b,
        difference=diff,
        ratio=rr,
        odds_ratio=odds,
        tests=tuple(tests),
        finding=decide(xa, na, xb, nb, diff, deciding, level),
        power=_power(xa / na, xb / nb, na, nb, level),
    )
