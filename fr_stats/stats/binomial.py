"""The exact binomial test and the Clopper-Pearson interval, as R's ``binom.test``.

``fr-stats disparity`` asks whether ``k`` of ``n`` false matches in a
subgroup is more than its share ``p`` of the people would give. These are
R's ``binom.test(k, n, p)`` p-values (one-sided "greater" and two-sided) and
its Clopper-Pearson interval for ``k / n``.

Why not scipy's ``binomtest``: ``import scipy.stats`` took 1.3-1.8 s on the
machine this was measured on, where all of ``fr-stats disparity`` otherwise
takes about 0.4 s. Here the binomial probabilities of every outcome ``0..n``
are computed relative to the mode in logs (differences of log-factorials,
:func:`~fr_stats.stats.oddsratio._lgamma_diff`) and normalised by their sum,
so that tails far below the peak keep their relative precision; the
interval's limits are roots of the tail probabilities
(:func:`~fr_stats.stats.roots.brentq`). The work grows with ``n``, the
number of false matches, so above :data:`MAX_N` scipy is used instead
(``binomtest`` for the p-values, the Beta quantiles ``betaincinv`` and
``betainccinv`` for the interval). tests/test_binomial.py checks both
against scipy and R.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .oddsratio import _lgamma_diff
from .roots import brentq

FloatArray = npt.NDArray[np.float64]

MAX_N = 10_000
"""The most trials computed here (the interval then takes under 0.1 s; at 10^5
it took a second); above, scipy's ``binomtest`` and Beta quantiles are imported."""

R_RELATIVE_TOLERANCE = 1 + 1e-7
"""R's ``binom.test`` counts an outcome as "no more likely" than the observed
one when its probability is at most the observed one times this."""


def _log_weights(n: int, p: float) -> FloatArray:
    """``log P(X = j)`` for ``j = 0..n`` up to a common constant; ``X ~ Binomial(n, p)``.

    Relative to the mode, so that the large terms are accurate; ``-inf``
    where the probability is exactly 0 (``p`` of 0 or 1).
    """
    j = np.arange(n + 1, dtype=np.float64)
    if p == 0.0 or p == 1.0:
        w = np.full(n + 1, -math.inf)
        w[0 if p == 0.0 else n] = 0.0
        return w
    mode = float(min(max(math.floor((n + 1) * p), 0), n))
    logit = math.log(p) - math.log1p(-p)
    result: FloatArray = _lgamma_diff(mode, j) + _lgamma_diff(n - mode, n - j) + (j - mode) * logit
    return result


def _log_sum(w: FloatArray) -> float:
    """``log(sum(exp(w)))`` without overflow or underflow (``-inf`` for an empty sum)."""
    if w.size == 0:
        return -math.inf
    peak = float(w.max())
    if peak == -math.inf:
        return -math.inf
    return peak + math.log(float(np.exp(w - peak).sum()))


def _tail(w: FloatArray, total: float, start: int, stop: int) -> float:
    """``P(start <= X < stop)`` from :func:`_log_weights` and their :func:`_log_sum`."""
    return math.exp(_log_sum(w[start:stop]) - total)


def upper_tail(k: int, n: int, p: float) -> float:
    """``P(X >= k)`` for ``X ~ Binomial(n, p)``: R's ``pbinom(k - 1, n, p, lower.tail = FALSE)``."""
    if k <= 0:
        return 1.0
    w = _log_weights(n, p)
    return min(_tail(w, _log_sum(w), k, n + 1), 1.0)


def lower_tail(k: int, n: int, p: float) -> float:
    """``P(X <= k)`` for ``X ~ Binomial(n, p)``: R's ``pbinom(k, n, p)``."""
    if k >= n:
        return 1.0
    w = _log_weights(n, p)
    return min(_tail(w, _log_sum(w), 0, k + 1), 1.0)


def binom_test(k: int, n: int, p: float) -> tuple[float, float]:
    """The p-values of R's ``binom.test(k, n, p)``: ``(greater, two-sided)``.

    The two-sided p-value sums the probabilities of the outcomes no more
    likely than ``k`` (with R's relative tolerance ``1 + 1e-7``), and is 1
    when ``k = n p`` exactly, as in R and scipy. Assumes ``0 <= k <= n``,
    ``n >= 1`` and ``0 <= p <= 1``.
    """
    if n > MAX_N:
        return _scipy_binom_test(k, n, p)
    w = _log_weights(n, p)
    total = _log_sum(w)
    greater = 1.0 if k == 0 else min(_tail(w, total, k, n + 1), 1.0)
    if k == n * p:
        return greater, 1.0
    no_more_likely = w[w <= w[k] + math.log(R_RELATIVE_TOLERANCE)]
    return greater, min(math.exp(_log_sum(no_more_likely) - total), 1.0)


def clopper_pearson(k: int, n: int, level: float) -> tuple[float, float]:
    """R's ``binom.test(k, n, conf.level = level)$conf.int``: the exact two-sided interval.

    The lower limit solves ``P(X >= k) = alpha/2`` for the rate (0 at
    ``k = 0``), the upper ``P(X <= k) = alpha/2`` (1 at ``k = n``): the
    Beta(k, n - k + 1) and Beta(k + 1, n - k) quantiles. Assumes valid input.
    """
    if n > MAX_N:
        return _scipy_clopper_pearson(k, n, level)
    half = (1.0 - level) / 2.0
    low = 0.0 if k == 0 else _solve(lambda q: upper_tail(k, n, q) - half)
    high = 1.0 if k == n else _solve(lambda q: half - lower_tail(k, n, q))
    return low, high


def _solve(f: object) -> float:
    """The root in ``[0, 1]`` of an increasing function, -alpha/2 at 0 and 1 - alpha/2 at 1."""
    assert callable(f)
    return brentq(f, 0.0, 1.0, xtol=1e-300, rtol=1e-15, maxiter=1000)


def _scipy_binom_test(k: int, n: int, p: float) -> tuple[float, float]:
    from scipy.stats import binomtest

    return (
        float(binomtest(k, n, p, alternative="greater").pvalue),
        float(binomtest(k, n, p, alternative="two-sided").pvalue),
    )


def _scipy_clopper_pearson(k: int, n: int, level: float) -> tuple[float, float]:
    """The Beta quantiles, as R's ``qbeta`` (not ``binomtest``'s root search, see
    tests/test_binomial.py)."""
    from scipy.special import betainccinv, betaincinv

    half = (1.0 - level) / 2.0
    low = 0.0 if k == 0 else float(betaincinv(k, n - k + 1, half))
    high = 1.0 if k == n else float(betainccinv(k + 1, n - k, half))
    return low, high
