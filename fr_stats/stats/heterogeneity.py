"""The between-study variance τ² of a random-effects meta-analysis: REML and Paule–Mandel.

Both are solved with a bracketing root finder (:func:`scipy.optimize.brentq`
to a relative tolerance of 4ε): statsmodels has no REML, and its
Paule–Mandel iteration can stop unconverged at 0. DerSimonian–Laird comes
from statsmodels (:func:`fr_stats.stats.pool.pool_counts`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import InputError


def _reml_loglik(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    """The restricted log-likelihood, up to a constant."""
    w = 1 / (v + tau2)
    mu = float(w @ y / w.sum())
    resid = float(w @ (y - mu) ** 2)
    return -0.5 * (float(np.log(v + tau2).sum()) + math.log(float(w.sum())) + resid)


def _reml_score(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    """d/dτ² of the restricted log-likelihood: ½(y'PPy − tr P)."""
    w = 1 / (v + tau2)
    sw = float(w.sum())
    mu = float(w @ y / sw)
    trace_p = sw - float(w @ w) / sw
    return 0.5 * (float(w**2 @ (y - mu) ** 2) - trace_p)


def reml_tau2(y: Sequence[float] | np.ndarray, v: Sequence[float] | np.ndarray) -> float:
    """The REML estimate of the between-study variance τ² (τ² ≥ 0).

    Parameters
    ----------
    y, v
        Effects and their within-study variances (at least two studies).

    Returns
    -------
    float
        The τ² ≥ 0 that maximises the restricted likelihood; 0 when the
        maximum is on the boundary.

    Notes
    -----
    The REML score (the derivative of the restricted log-likelihood) is
    evaluated on a grid from 0 to a point beyond which it is negative. Each
    change of sign from positive to negative brackets a local maximum, which
    :func:`scipy.optimize.brentq` solves to a relative tolerance of 4ε
    (about 9e-16), so a tiny τ² such as 1e-11 keeps its digits; τ² = 0 is a
    candidate too when the score there is not positive. The candidate with
    the highest restricted likelihood wins. (Comparing likelihoods on the
    grid instead cannot place a τ² of 1e-11: the likelihood is flat there to
    machine precision.) Checked against ``metafor::rma(measure = "PLO",
    method = "REML")`` run with ``control = list(threshold = 1e-12)`` to
    1e-8, and, for two studies, against the closed form τ² = ((y₁ − y₂)² −
    v₁ − v₂)/2.

    References
    ----------
    Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance
    estimators in the random-effects model. *Journal of Educational and
    Behavioral Statistics* 30(3), 261-293.

    Examples
    --------
    >>> from fr_stats.stats.pool import logit_effects
    >>> y, v, _ = logit_effects([28, 32, 73], [535, 530, 1429])
    >>> reml_tau2(y, v)
    0.0
    """
    ys = np.asarray(y, dtype=float)
    vs = np.asarray(v, dtype=float)
    if ys.size < 2:
        raise InputError("τ² needs at least two studies")
    upper = 2 * (float(np.var(ys, ddof=1)) + float(vs.max()))
    while _reml_score(upper, ys, vs) > 0:  # pragma: no cover - the start is already beyond
        upper *= 2
    grid = np.concatenate(([0.0], upper * np.geomspace(1e-10, 1.0, 400)))
    scores = [_reml_score(t, ys, vs) for t in grid]
    candidates = [0.0] if scores[0] <= 0 else []
    candidates += [
        _solve(_reml_score, grid[i], grid[i + 1], (ys, vs), "the REML score equation")
        for i in range(grid.size - 1)
        if scores[i] > 0 >= scores[i + 1]
    ]
    return max(candidates, key=lambda t: _reml_loglik(t, ys, vs))


# brentq stops when the bracket is narrower than XTOL + RTOL·|τ²|: RTOL is the
# smallest it accepts (4ε), and XTOL is far below any τ² that could change a
# weight, so a tiny τ² is found to full relative precision, not to a fixed
# absolute one.
_XTOL = 1e-300
_RTOL = 4 * float(np.finfo(float).eps)
_MAXITER = 2_000
_MAX_DOUBLINGS = 200


def _solve(
    f: Callable[..., float], lo: float, hi: float, args: tuple[Any, ...], what: str
) -> float:
    """The root of ``f`` in the bracket ``[lo, hi]``; an error if brentq has not converged."""
    from scipy.optimize import brentq

    root, info = brentq(
        f, lo, hi, args=args, xtol=_XTOL, rtol=_RTOL, maxiter=_MAXITER,
        full_output=True, disp=False,
    )  # fmt: skip
    if not info.converged:  # pragma: no cover - a bracketed root converges within maxiter
        raise InputError(f"{what} was not solved ({info.flag}); try --method reml or dl")
    return float(root)


def generalised_q(tau2: float, y: np.ndarray, v: np.ndarray) -> float:
    """The generalised Q statistic Σ wᵢ(yᵢ − μ̂)², with wᵢ = 1/(vᵢ + τ²).

    At τ² = 0 it is Cochran's Q; it decreases as τ² grows.
    """
    w = 1 / (v + tau2)
    mu = float(w @ y / w.sum())
    return float(w @ (y - mu) ** 2)


def pm_tau2(y: Sequence[float] | np.ndarray, v: Sequence[float] | np.ndarray) -> float:
    """The Paule–Mandel estimate of τ²: the root of Q(τ²) = k − 1 (τ² ≥ 0).

    Parameters
    ----------
    y, v
        Effects and their within-study variances (at least two studies).

    Returns
    -------
    float
        The τ² at which the generalised Q (:func:`generalised_q`) equals
        its degrees of freedom k − 1; 0 when Q(0) ≤ k − 1 already.

    Raises
    ------
    InputError
        For fewer than two studies, a non-finite effect or a variance that
        is not positive and finite, and if the root finder should not
        converge: an unsolved estimate is never returned.

    Notes
    -----
    Q(τ²) decreases in τ² and tends to 0, so when Q(0) > k − 1 the root is
    bracketed by 0 and an upper end that starts at the sample variance of
    the effects (where Q is already below k − 1) and doubles until Q falls
    below k − 1; the root is then found by
    :func:`scipy.optimize.brentq` to a relative tolerance of 4ε. (An
    iteration started at τ² = 0, such as statsmodels' ``combine_effects``
    with ``method_re = "iterated"``, can overshoot, reset to 0 and stop
    unconverged when one study has a million people or more.) Checked
    against ``metafor::rma(measure = "PLO", method = "PM")`` run with
    ``control = list(tol = 1e-13, maxiter = 10000)``.

    References
    ----------
    Paule, R. C. & Mandel, J. (1982). Consensus values and weighting
    factors. *Journal of Research of the National Bureau of Standards*
    87(5), 377-385.

    Examples
    --------
    >>> from fr_stats.stats.pool import logit_effects
    >>> y, v, _ = logit_effects([1110, 470387, 1], [1797, 1000000, 46])
    >>> round(pm_tau2(y, v), 4)
    4.7198
    """
    ys = np.asarray(y, dtype=float)
    vs = np.asarray(v, dtype=float)
    if ys.size < 2:
        raise InputError("τ² needs at least two studies")
    if not (np.isfinite(ys).all() and np.isfinite(vs).all() and (vs > 0).all()):
        raise InputError("Paule–Mandel needs finite effects and positive, finite variances")
    df = ys.size - 1
    if generalised_q(0.0, ys, vs) <= df:
        return 0.0
    # Q(τ²) ≤ Σ(yᵢ − ȳ)²/(min v + τ²), so Q is below k − 1 already at the
    # sample variance of the effects; the doubling only guards against rounding.
    upper = float(np.var(ys, ddof=1))
    for _ in range(_MAX_DOUBLINGS):
        if generalised_q(upper, ys, vs) < df:
            break
        upper *= 2  # pragma: no cover - see above
    else:  # pragma: no cover - see above
        raise InputError(
            "the Paule–Mandel equation Q(τ²) = k − 1 has no root that could be bracketed; "
            "try --method reml or dl"
        )

    def gap(tau2: float) -> float:
        return generalised_q(tau2, ys, vs) - df

    return _solve(gap, 0.0, upper, (), "the Paule–Mandel equation Q(τ²) = k − 1")
