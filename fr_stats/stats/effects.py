"""How much two false-match rates differ: difference, ratio and odds ratio with intervals.

Group B is compared with group A (the question is "did the rate change from A
to B?"): the difference is ``pB - pA``, the ratio ``pB / pA`` and the odds
ratio ``odds(B) / odds(A)``. Every function returns an
:class:`~fr_stats.stats.common.Estimate`; where a zero count makes a quantity
undefined or infinite the value is ``None`` or ``inf`` and ``reason`` says why
(a :class:`~fr_stats.stats.common.Reason`; :mod:`fr_stats.words.notes` words it).
Nothing here returns NaN.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from ..errors import InputError
from .common import Estimate, Reason, check_counts, check_level, normal_critical
from .oddsratio import TooLargeError, fisher_2x2

DIFFERENCE_METHODS: tuple[str, ...] = ("newcombe", "newcombe-cc", "wald", "agresti-caffo")
"""Interval methods for ``pB - pA``; the first is the default."""

RATIO_METHODS: tuple[str, ...] = ("katz", "adjusted-log", "score")
"""Interval methods for ``pB / pA``; the first is the default."""

ODDS_RATIO_METHODS: tuple[str, ...] = ("conditional", "woolf")
"""Estimates and intervals for ``odds(B) / odds(A)``; the first is the default."""

DIFFERENCE_NAMES = {
    "newcombe": "Newcombe hybrid score (method 10)",
    "newcombe-cc": "Newcombe hybrid score, continuity-corrected (method 11)",
    "wald": "Wald",
    "agresti-caffo": "Agresti-Caffo (add one success and one failure)",
}
RATIO_NAMES = {
    "katz": "Katz log",
    "adjusted-log": "log, 0.5 added to each count",
    "score": "Miettinen-Nurminen score",
}
ODDS_RATIO_NAMES = {
    "conditional": "conditional MLE, exact interval (R fisher.test)",
    "woolf": "sample odds ratio, Woolf logit interval",
}


def _choice(kind: str, method: str, allowed: tuple[str, ...]) -> str:
    if method not in allowed:
        names = ", ".join(f"'{m}'" for m in allowed)
        raise InputError(f"unknown {kind} method '{method}'; choose one of {names}")
    return method


def _counts(xa: int, na: int, xb: int, nb: int) -> None:
    check_counts(xa, na, group="A")
    check_counts(xb, nb, group="B")


def _finite_or_none(value: Any) -> float | None:
    v = float(value)
    return None if math.isnan(v) else v


def _statsmodels(
    xa: int, na: int, xb: int, nb: int, *, compare: str, method: str, level: float
) -> tuple[float | None, float | None]:
    from statsmodels.stats.proportion import confint_proportions_2indep

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = confint_proportions_2indep(
            xb, nb, xa, na, method=method, compare=compare, alpha=1.0 - level
        )
    return _finite_or_none(low), _finite_or_none(high)


def difference(
    xa: int, na: int, xb: int, nb: int, *, method: str = "newcombe", level: float = 0.95
) -> Estimate:
    """The difference of rates ``xb/nb - xa/na`` with a confidence interval.

    Parameters
    ----------
    xa, na
        False matches and probes tested in A (the reference).
    xb, nb
        False matches and probes tested in B.
    method
        One of :data:`DIFFERENCE_METHODS`: ``"newcombe"`` (default),
        ``"newcombe-cc"``, ``"wald"`` or ``"agresti-caffo"``.
    level
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    Estimate
        ``pB - pA`` and its interval, within [-1, 1].

    Notes
    -----
    Newcombe's hybrid score interval (his method 10) combines the Wilson
    intervals ``(lA, uA)`` and ``(lB, uB)`` of the two rates:
    ``d - sqrt((pB - lB)^2 + (uA - pA)^2)`` to
    ``d + sqrt((uB - pB)^2 + (pA - lA)^2)``, computed here from the
    Wilson limits (:func:`~fr_stats.stats.intervals.proportion_interval`).
    Method 11 uses the continuity-corrected Wilson limits (``wilson-cc``).
    Wald and Agresti-Caffo are statsmodels' ``confint_proportions_2indep``,
    imported only when asked for. Checked
    against R 4.2 (the formulas above on ``prop.test`` limits) and against
    Newcombe (1998), Table II.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. *Statistics in
    Medicine*, 17, 873-890.
    Agresti, A. & Caffo, B. (2000). Simple and effective confidence
    intervals for proportions and differences of proportions result from
    adding two successes and two failures. *Am. Statist.* 54, 280-288.

    Examples
    --------
    >>> d = difference(28, 535, 32, 530)
    >>> round(d.estimate, 4), round(d.low, 4), round(d.high, 4)
    (0.008, -0.0201, 0.0365)
    """
    _counts(xa, na, xb, nb)
    level = check_level(level)
    _choice("difference", method, DIFFERENCE_METHODS)
    d = xb / nb - xa / na
    reason = None
    if method in ("newcombe", "newcombe-cc"):
        wilson = "wilson" if method == "newcombe" else "wilson-cc"
        low, high = _hybrid_score(xa, na, xb, nb, wilson, level)
    else:
        lo, hi = _statsmodels(xa, na, xb, nb, compare="diff", method=method, level=level)
        assert lo is not None and hi is not None  # closed forms: never NaN
        low, high = lo, hi
        if method == "wald" and low == high:
            reason = Reason.WALD_ZERO_WIDTH
    return Estimate(d, max(low, -1.0), min(high, 1.0), method, reason)


def _hybrid_score(
    xa: int, na: int, xb: int, nb: int, wilson: str, level: float
) -> tuple[float, float]:
    """Newcombe's (1998) hybrid score interval for ``pB - pA``; assumes valid input.

    Method 10 from the two Wilson intervals (``wilson="wilson"``), method 11
    from the continuity-corrected ones (``"wilson-cc"``).
    """
    from .intervals import proportion_interval

    pa, pb = xa / na, xb / nb
    a = proportion_interval(xa, na, method=wilson, level=level)
    b = proportion_interval(xb, nb, method=wilson, level=level)
    return pb - pa - math.hypot(pb - b.low, a.high - pa), pb - pa + math.hypot(
        b.high - pb, pa - a.low
    )


def ratio(
    xa: int, na: int, xb: int, nb: int, *, method: str = "katz", level: float = 0.95
) -> Estimate:
    """The ratio of rates ``(xb/nb) / (xa/na)`` with a confidence interval.

    Parameters
    ----------
    xa, na, xb, nb
        Counts of A (the reference) and B.
    method
        One of :data:`RATIO_METHODS`: ``"katz"`` (default; the log interval
        of Katz et al. 1978), ``"adjusted-log"`` (0.5 added to every count)
        or ``"score"`` (Miettinen-Nurminen).
    level
        Confidence level.

    Returns
    -------
    Estimate
        With A at zero false matches the ratio is infinite (B > 0) or
        undefined (B = 0, ``None``); the Katz interval needs both counts
        above zero; ``reason`` then says so. Never NaN.

    Notes
    -----
    Katz is closed form (the arithmetic of
    :func:`scipy.stats.contingency.relative_risk`'s ``confidence_interval``,
    without importing scipy); the other two are statsmodels'
    ``confint_proportions_2indep`` (``compare="ratio"``, methods
    ``log-adjusted`` and ``score``), imported only when asked for.
    Katz is checked against R 4.2:
    ``exp(log(RR) -/+ z * sqrt(1/xb - 1/nb + 1/xa - 1/na))`` and
    ``epitools::riskratio(..., method = "wald")``.

    References
    ----------
    Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining
    confidence intervals for the risk ratio in cohort studies. *Biometrics*
    34, 469-474.
    Miettinen, O. & Nurminen, M. (1985). Comparative analysis of two rates.
    *Statistics in Medicine* 4, 213-226.

    Examples
    --------
    >>> r = ratio(28, 535, 32, 530)
    >>> round(r.estimate, 3), round(r.low, 3), round(r.high, 3)
    (1.154, 0.705, 1.888)
    """
    _counts(xa, na, xb, nb)
    level = check_level(level)
    _choice("ratio", method, RATIO_METHODS)
    pa, pb = xa / na, xb / nb
    if xa == 0 and xb == 0:
        return Estimate(None, None, None, method, Reason.RATIO_NO_EVENTS)
    estimate = math.inf if xa == 0 else pb / pa
    if method == "katz" and (xa == 0 or xb == 0):
        zero = Reason.KATZ_A_ZERO if xa == 0 else Reason.KATZ_B_ZERO
        return Estimate(estimate, None, None, method, zero)
    if method == "katz":
        katz_low, katz_high = _katz(xa, na, xb, nb, estimate, level)
        return Estimate(estimate, katz_low, katz_high, method)
    sm = {"adjusted-log": "log-adjusted", "score": "score"}[method]
    low, high = _statsmodels(xa, na, xb, nb, compare="ratio", method=sm, level=level)
    reason = None
    if low is None or high is None:  # pragma: no cover - statsmodels gives NaN only at 0/0
        reason = Reason.STATSMODELS_FAILED
    elif method == "adjusted-log" and (xa == 0 or xb == 0):
        reason = Reason.HALF_ADDED
    return Estimate(estimate, low, high, method, reason)


def _katz(xa: int, na: int, xb: int, nb: int, rr: float, level: float) -> tuple[float, float]:
    """Katz's log interval ``rr * exp(-/+ z sqrt(1/xb - 1/nb + 1/xa - 1/na))``; counts above 0.

    The arithmetic of scipy's ``relative_risk(xb, nb, xa,
    na).confidence_interval(level)``, written out because ``import
    scipy.stats`` took 1.3-1.8 s on the machine this was measured on, where
    all of ``fr-stats compare`` otherwise takes about 0.4 s;
    tests/test_closed_forms.py compares the two over a grid of counts.
    """
    delta = normal_critical(level) * math.sqrt(1 / xb - 1 / nb + 1 / xa - 1 / na)
    return rr * math.exp(-delta), rr * math.exp(delta)


def odds_ratio(
    xa: int, na: int, xb: int, nb: int, *, method: str = "conditional", level: float = 0.95
) -> Estimate:
    """The odds ratio ``odds(B) / odds(A)`` with a confidence interval.

    Parameters
    ----------
    xa, na, xb, nb
        Counts of A (the reference) and B.
    method
        ``"conditional"`` (default): the conditional MLE and exact interval
        that R's ``fisher.test`` reports (:func:`~fr_stats.stats.oddsratio.fisher_2x2`).
        ``"woolf"``: the sample odds ratio with Woolf's logit interval.
    level
        Confidence level.

    Returns
    -------
    Estimate
        A zero cell gives 0 or ``inf``; no events (or no non-events) at all
        give ``None`` with the interval [0, inf]. ``reason`` says why.

    Notes
    -----
    If the conditional computation would need more than
    :data:`~fr_stats.stats.oddsratio.MAX_POINTS` support points (billions
    of events), the Woolf interval is returned and ``reason`` says so. Woolf
    is checked against ``exp(log(OR) -/+ z sqrt(1/a + 1/b + 1/c + 1/d))``.

    Examples
    --------
    >>> o = odds_ratio(28, 535, 32, 530)
    >>> round(o.estimate, 4)
    1.1633
    """
    _counts(xa, na, xb, nb)
    level = check_level(level)
    _choice("odds ratio", method, ODDS_RATIO_METHODS)
    if method == "conditional":
        try:
            result = fisher_2x2(xb, nb, xa, na, level=level)
        except TooLargeError as exc:
            fallback = _woolf(xa, na, xb, nb, level)
            return Estimate(
                fallback.estimate,
                fallback.low,
                fallback.high,
                "woolf",
                too_large(exc),
                exc.support_points,
            )
        return conditional_estimate(result, xa, na, xb, nb)
    return _woolf(xa, na, xb, nb, level)


def too_large(exc: TooLargeError) -> Reason:
    """The :class:`Reason` an exact conditional computation was declined."""
    if exc.support_points is None:
        return Reason.EXACT_NOT_CONVERGED
    return Reason.EXACT_TOO_LARGE


def conditional_estimate(result: Any, xa: int, na: int, xb: int, nb: int) -> Estimate:
    """An :class:`Estimate` from :func:`~fr_stats.stats.oddsratio.fisher_2x2` of (B, A)."""
    reason = None
    if result.estimate is None:
        reason = Reason.ODDS_NO_EVENTS if xa + xb == 0 else Reason.ODDS_ALL_EVENTS
    elif result.estimate == 0:
        reason = Reason.ODDS_ZERO
    elif math.isinf(result.estimate):
        reason = Reason.ODDS_INFINITE
    return Estimate(result.estimate, result.low, result.high, "conditional", reason)


def _woolf(xa: int, na: int, xb: int, nb: int, level: float) -> Estimate:
    """Sample odds ratio and Woolf interval, in logs; assumes valid input.

    Not scipy's ``odds_ratio(kind="sample")``: it multiplies the counts as
    64-bit integers, which overflow at the billions of events where this
    stands in for the conditional estimate.
    """
    a, b, c, d = xb, nb - xb, xa, na - xa
    if 0 in (a, b, c, d):
        estimate: float | None
        if (a == 0 and c == 0) or (b == 0 and d == 0):
            estimate = None
        elif a == 0 or d == 0:
            estimate = 0.0
        else:
            estimate = math.inf
        return Estimate(estimate, None, None, "woolf", Reason.WOOLF_ZERO_CELL)
    log_or = math.log(a) + math.log(d) - math.log(b) - math.log(c)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    z = normal_critical(level)
    return Estimate(math.exp(log_or), math.exp(log_or - z * se), math.exp(log_or + z * se), "woolf")
