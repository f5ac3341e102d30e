"""Confidence intervals for one false-match rate: ``fr-stats ci``.

Seven interval methods for a binomial proportion ``k / n``, each checked
against R or a published table (see ``tests/test_intervals.py``):

========================  ====================================================
``wilson`` (default)      score interval; R ``prop.test(k, n, correct=FALSE)``
``wilson-cc``             score interval with continuity correction (Newcombe
                          1998, method 4); R ``prop.test(k, n)``
``exact``                 Clopper-Pearson; R ``binom.test(k, n)``
``mid-p``                 Clopper-Pearson mid-p (Berry & Armitage 1995)
``jeffreys``              equal-tailed Beta(k + 1/2, n - k + 1/2) quantiles,
                          with Brown, Cai & DasGupta's end-point convention
``agresti-coull``         "add z^2/2 successes and failures", clipped to [0, 1]
``wald``                  ``p +/- z sqrt(p(1-p)/n)``, clipped to [0, 1]; shown
                          for comparison only: it is degenerate at k = 0
========================  ====================================================

Every method is closed form or a one-dimensional root search bracketed by
closed-form bounds, so the cost does not grow with ``n`` (counts up to
10^15 work).

The default, Wilson's interval, is closed form here with the standard
library's normal quantile, not scipy's ``binomtest``: on the machine this
was measured on, ``import scipy.stats`` took 1.3-1.8 s, where all of
``fr-stats ci`` otherwise takes about 0.4 s. The other methods import scipy
or statsmodels inside the function that needs them.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import InputError
from .common import Interval, check_counts, check_level, normal_critical

METHODS: tuple[str, ...] = (
    "wilson",
    "wilson-cc",
    "exact",
    "mid-p",
    "jeffreys",
    "agresti-coull",
    "wald",
)
"""Interval methods, in the order ``--method all`` shows them."""

METHOD_NAMES: dict[str, str] = {
    "wilson": "Wilson score",
    "wilson-cc": "Wilson score, continuity-corrected",
    "exact": "Clopper-Pearson exact",
    "mid-p": "Clopper-Pearson mid-p",
    "jeffreys": "Jeffreys (equal-tailed)",
    "agresti-coull": "Agresti-Coull",
    "wald": "Wald (normal approximation)",
}
"""A short description of each method, for tables."""

_STATSMODELS = {
    "jeffreys": "jeffreys",
    "agresti-coull": "agresti_coull",
    "wald": "normal",
}


def check_method(method: str) -> str:
    """``method`` if it is one of :data:`METHODS`, else an error naming the choices."""
    if method not in METHODS:
        allowed = ", ".join(f"'{m}'" for m in METHODS)
        raise InputError(f"unknown interval method '{method}'; choose one of {allowed}")
    return method


def _wilson(k: int, n: int, method: str, level: float) -> tuple[float, float]:
    """Wilson or Wilson-cc in closed form (Newcombe 1998, methods 3 and 4); valid input.

    The formulas and the order of operations of scipy's
    ``binomtest(k, n).proportion_ci(method="wilson" / "wilsoncc")``, which
    they replace (tests/test_closed_forms.py compares the two over a grid of
    counts and levels): the centre ``(2np + z^2) / (2(n + z^2))``, plus or
    minus the half-width; the lower limit is exactly 0 at ``k = 0`` and the
    upper exactly 1 at ``k = n``.
    """
    z = normal_critical(level)
    p = k / n
    q = 1 - p
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    if method == "wilson":
        delta = z / denom * math.sqrt(4 * n * p * q + z**2)
        low = 0.0 if k == 0 else center - delta
        high = 1.0 if k == n else center + delta
        return low, high
    low = (
        0.0
        if k == 0
        else center - (1 + z * math.sqrt(z**2 - 2 - 1 / n + 4 * p * (n * q + 1))) / denom
    )
    high = (
        1.0
        if k == n
        else center + (1 + z * math.sqrt(z**2 + 2 - 1 / n + 4 * p * (n * q - 1))) / denom
    )
    return low, high


def _exact(k: int, n: int, level: float) -> tuple[float, float]:
    """Clopper-Pearson: Beta(k, n - k + 1) and Beta(k + 1, n - k) quantiles; valid input.

    The upper limit is the complemented inverse (``betainccinv``): scipy's
    ``binomtest(...).proportion_ci(method="exact")`` inverts ``1 - alpha/2``
    with ``betaincinv`` instead, which loses digits as ``n`` grows (off by a
    factor of 10^3 at ``k = 0``, ``n = 10^15``).
    """
    from scipy.special import betainccinv, betaincinv

    half = (1.0 - level) / 2.0
    low = 0.0 if k == 0 else float(betaincinv(k, n - k + 1, half))
    high = 1.0 if k == n else float(betainccinv(k + 1, n - k, half))
    return low, high


def _statsmodels_interval(k: int, n: int, method: str, level: float) -> tuple[float, float]:
    """Jeffreys, Agresti-Coull or Wald from statsmodels' ``proportion_confint``; valid input."""
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(k, n, alpha=1.0 - level, method=_STATSMODELS[method])
    low, high = float(lo), float(hi)
    if method == "jeffreys":
        low = 0.0 if k == 0 else low
        high = 1.0 if k == n else high
    return low, high


def _mid_p(k: int, n: int, level: float) -> tuple[float, float]:
    """Mid-p limits by root search between Clopper-Pearson limits; assumes valid input.

    The lower limit solves ``P(X > k) + P(X = k)/2 = alpha/2``. That tail
    lies between ``P(X > k)`` and ``P(X >= k)``, so the root lies between the
    exact lower limits for ``k`` and ``k + 1`` successes: a bracket that is
    always valid and tight. Likewise for the upper limit.
    """
    from scipy.optimize import brentq
    from scipy.stats import beta, binom

    half = (1.0 - level) / 2.0

    def lower_tail(p: float) -> float:
        return float(binom.sf(k, n, p) + 0.5 * binom.pmf(k, n, p)) - half

    def upper_tail(p: float) -> float:
        return float(binom.cdf(k - 1, n, p) + 0.5 * binom.pmf(k, n, p)) - half

    if k == 0:
        low = 0.0
    else:
        a = float(beta.ppf(half, k, n - k + 1))
        b = float(beta.ppf(half, k + 1, n - k)) if k < n else 1.0
        low = _root(lower_tail, a, b, brentq)
    if k == n:
        high = 1.0
    elif k == 0:
        high = -math.expm1(math.log(2.0 * half) / n)  # 0.5 (1 - p)^n = alpha / 2
    else:
        a = float(beta.isf(half, k, n - k + 1))
        b = float(beta.isf(half, k + 1, n - k))
        high = _root(upper_tail, a, b, brentq)
    return low, high


def _root(f: Any, a: float, b: float, brentq: Any) -> float:
    fa, fb = f(a), f(b)
    if fa == 0:
        return a
    if fb == 0:
        return b
    if fa * fb > 0:  # pragma: no cover - the bracket is valid by construction
        raise ArithmeticError("mid-p root not bracketed")
    return float(brentq(f, a, b, xtol=1e-300, rtol=1e-15, maxiter=500))


def proportion_interval(k: int, n: int, *, method: str = "wilson", level: float = 0.95) -> Interval:
    """A two-sided confidence interval for the proportion ``k / n``.

    Parameters
    ----------
    k
        False matches (successes), ``0 <= k <= n``.
    n
        Probes tested (trials), at least 1; up to 10^15.
    method
        One of :data:`METHODS`; ``"wilson"`` by default.
    level
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    Interval
        ``low`` and ``high`` within [0, 1], and the method's name.

    Raises
    ------
    InputError
        For counts out of range, an unknown method or a level outside (0, 1).

    Notes
    -----
    ``wilson`` and ``wilson-cc`` are the closed forms that
    :func:`scipy.stats.binomtest`'s ``proportion_ci`` (methods ``"wilson"``
    and ``"wilsoncc"``) computes, written out here so that the default needs
    no scipy, with limits exactly 0 at ``k = 0`` and 1 at ``k = n``, as R's
    ``prop.test`` sets them. ``exact`` is the pair of Beta quantiles
    (:func:`scipy.special.betaincinv` and ``betainccinv``); ``jeffreys``,
    ``agresti-coull`` and ``wald`` are statsmodels' ``proportion_confint``,
    imported only when one of them is asked for. Jeffreys follows Brown, Cai
    & DasGupta (2001, section 4.1.2): lower limit 0 at ``k = 0``, upper
    limit 1 at ``k = n`` (statsmodels returns the bare Beta quantiles there).

    ``wilson-cc`` is Newcombe's (1998) method 4, which is what R's
    ``prop.test(k, n)`` computes, with one difference: R shrinks the
    continuity correction to ``|k - n/2|`` when that is below 1/2 (it borrows
    the correction of the test of p = 0.5), so at exactly ``k = n/2`` R
    reports the uncorrected Wilson interval. Here (and in scipy) the
    correction is always 1/2, as Newcombe defines it.

    ``mid-p`` solves ``P(X > k) + P(X = k)/2 = alpha/2`` (lower) and
    ``P(X < k) + P(X = k)/2 = alpha/2`` (upper) with Brent's method. At
    ``k = 0`` the upper limit is ``1 - alpha^(1/n)``.

    Checked against R 4.2 (``binom.test``, ``prop.test``, ``qbeta``, a
    mid-p root search with ``uniroot(tol = 1e-14)``) at the 90, 95 and 99%
    levels, and against Newcombe (1998), Table I.

    References
    ----------
    Newcombe, R. G. (1998). Two-sided confidence intervals for the single
    proportion: comparison of seven methods. *Statistics in Medicine*, 17,
    857-872.
    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for
    a binomial proportion. *Statistical Science*, 16, 101-133.

    Examples
    --------
    >>> ci = proportion_interval(28, 535)
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.0365, 0.0746)
    """
    k, n = check_counts(k, n)
    level = check_level(level)
    check_method(method)
    if method in ("wilson", "wilson-cc"):
        low, high = _wilson(k, n, method, level)
    elif method == "exact":
        low, high = _exact(k, n, level)
    elif method == "mid-p":
        low, high = _mid_p(k, n, level)
    else:
        low, high = _statsmodels_interval(k, n, method, level)
    return Interval(low=max(low, 0.0), high=min(high, 1.0), method=method)


def upper_bound(k: int, n: int, *, level: float = 0.95) -> float:
    """The one-sided exact (Clopper-Pearson) upper confidence bound for ``k / n``.

    Parameters
    ----------
    k, n
        False matches and probes tested.
    level
        Confidence level of the one-sided bound.

    Returns
    -------
    float
        The rate below which the true rate lies with confidence ``level``;
        at ``k = 0`` this is ``1 - (1 - level)^(1/n)`` (the "rule of three"
        gives about ``3/n`` at 95%).

    Notes
    -----
    Equal to R's ``binom.test(k, n, alternative = "less",
    conf.level = level)$conf.int[2]``: the Beta(k + 1, n - k) quantile from
    :func:`scipy.special.betainccinv`, and at ``k = 0``
    ``-expm1(log(1 - level) / n)``, accurate for any ``n``.

    Examples
    --------
    >>> round(upper_bound(0, 530), 5)
    0.00564
    """
    k, n = check_counts(k, n)
    level = check_level(level)
    if k == n:
        return 1.0
    if k == 0:
        return -math.expm1(math.log1p(-level) / n)
    from scipy.special import betainccinv  # not needed at k = 0, where ``ci`` calls it

    return float(betainccinv(k + 1, n - k, 1.0 - level))
