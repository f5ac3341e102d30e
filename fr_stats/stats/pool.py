"""Random-effects meta-analysis of false-match rates on the logit scale.

Each study's rate ``k / n`` enters as its log odds ``y = log(k / (n - k))``
with the usual large-sample variance ``v = 1/k + 1/(n - k)`` (metafor's
measure ``"PLO"``). A study with a zero cell (``k = 0`` or ``k = n``) gets
1/2 added to both of its cells, as metafor's default (``add = 1/2,
to = "only0"``). The pooled log odds and its intervals are turned back into
rates at the end.

τ² is estimated by restricted maximum likelihood (REML, the default, as
``metafor::rma``), DerSimonian–Laird or Paule–Mandel; a fixed-effect
(inverse-variance) estimate is also available. DerSimonian–Laird and the
fixed effect come from statsmodels' ``combine_effects``; REML and
Paule–Mandel are solved in :mod:`fr_stats.stats.heterogeneity` with a
bracketing root finder (statsmodels lacks REML, and its Paule–Mandel
iteration can stop unconverged at 0).

:func:`pool_counts` takes counts and returns numbers;
:func:`fr_stats.pool` (:mod:`fr_stats.analysis.pool`) resolves the studies
and words the result.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, get_args

from ..errors import InputError
from .common import check_level, normal_critical

if TYPE_CHECKING:
    import numpy as np

Method = Literal["reml", "dl", "pm", "fixed"]
METHODS: tuple[str, ...] = get_args(Method)
"""The τ² estimators and the fixed effect, in the order they are offered; ``reml`` first.

The one list of them: the command line's choices are made from it. numpy and
scipy are imported only when a pool is computed, so that reading it is cheap."""


def check_method(method: str) -> str:
    """``method`` if it is one of :data:`METHODS`, else an error naming the choices."""
    if method not in METHODS:
        allowed = ", ".join(f"'{m}'" for m in METHODS[:-1]) + f" or '{METHODS[-1]}'"
        raise InputError(f"method ('{method}') must be one of {allowed}")
    return method


def logit_effects(k: Sequence[int], n: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log odds, their variances and which studies were continuity-corrected.

    Parameters
    ----------
    k, n
        False matches and probes tested per study.

    Returns
    -------
    (y, v, corrected)
        As ``metafor::escalc(measure = "PLO", xi = k, ni = n)``: 1/2 is added
        to both cells of a study with a zero cell, and to no other study.
    """
    import numpy as np

    ks = np.asarray(k, dtype=float)
    ns = np.asarray(n, dtype=float)
    corrected = (ks == 0) | (ks == ns)
    a = np.where(corrected, ks + 0.5, ks)
    b = np.where(corrected, ns - ks + 0.5, ns - ks)
    return np.log(a / b), 1 / a + 1 / b, corrected


@dataclass(frozen=True)
class _Fit:
    """The logit-scale summary for one τ²: what every method ends with."""

    mu: float
    se: float
    tau2: float
    weights: np.ndarray
    hk_scale: float


def _summary(y: np.ndarray, v: np.ndarray, tau2: float) -> _Fit:
    """Inverse-variance summary given τ² (REML and Paule–Mandel; statsmodels does the rest)."""
    w = 1 / (v + tau2)
    mu = float(w @ y / w.sum())
    scale = float(w @ (y - mu) ** 2) / (y.size - 1)
    return _Fit(mu, math.sqrt(1 / float(w.sum())), tau2, w / w.sum(), scale)


def _fit(y: np.ndarray, v: np.ndarray, method: str) -> _Fit:
    import numpy as np
    from statsmodels.stats.meta_analysis import combine_effects

    from .heterogeneity import pm_tau2, reml_tau2

    if method == "reml":
        return _summary(y, v, reml_tau2(y, v))
    if method == "pm":
        return _summary(y, v, pm_tau2(y, v))
    with warnings.catch_warnings():
        # Its random-effects columns take the square root of a negative variance
        # when DerSimonian–Laird's τ² is below 0; those columns are not used then.
        warnings.simplefilter("ignore", RuntimeWarning)
        res = combine_effects(y, v, method_re="chi2")
    tau2 = float(res.tau2)
    if method == "fixed" or tau2 <= 0:
        # statsmodels does not truncate DerSimonian–Laird at 0 (a negative τ²
        # would enter its random-effects weights): at τ² = 0 the random-effects
        # summary is the fixed-effect one, which it computes too.
        return _Fit(
            float(res.mean_effect_fe),
            float(res.sd_eff_w_fe),
            0.0,
            np.asarray(res.weights_rel_fe, dtype=float),
            float(res.scale_hksj_fe),
        )
    return _Fit(
        float(res.mean_effect_re),
        float(res.sd_eff_w_re),
        tau2,
        np.asarray(res.weights_rel_re, dtype=float),
        float(res.scale_hksj_re),
    )


def _i2(v: np.ndarray, tau2: float, q: float, fixed: bool) -> float:
    """I² as metafor reports it: τ²/(τ² + s²) with s² the typical within-study variance.

    For the fixed effect, metafor's (Q − df)/Q, truncated at 0.
    """
    df = v.size - 1
    if fixed:
        return max(0.0, (q - df) / q) if q > 0 else 0.0
    w = 1 / v
    s2 = df * float(w.sum()) / (float(w.sum()) ** 2 - float(w @ w))
    return tau2 / (tau2 + s2)


def _expit(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


@dataclass(frozen=True)
class Pooled:
    """The numbers of a pool: what :func:`pool_counts` returns.

    ``estimate``, ``low``, ``high``, ``pi_low``, ``pi_high`` and each
    study's ``study_low``/``study_high`` are rates; ``logit``, ``se``,
    ``logits`` and ``variances`` are on the log odds scale; ``weights`` sum
    to 1; ``corrected`` marks the studies with 1/2 added to their cells.
    """

    method: str
    estimate: float
    low: float
    high: float
    pi_low: float | None
    pi_high: float | None
    tau2: float
    i2: float
    q: float
    q_df: int
    q_pvalue: float
    logit: float
    se: float
    level: float
    hartung_knapp: bool
    test: str
    df: int | None
    logits: tuple[float, ...]
    variances: tuple[float, ...]
    weights: tuple[float, ...]
    corrected: tuple[bool, ...]
    study_low: tuple[float, ...]
    study_high: tuple[float, ...]


HARTUNG_KNAPP_BELOW = 10
"""Random-effects pools of fewer studies than this use Hartung–Knapp by default."""


def heterogeneous(i2: float, q_pvalue: float) -> bool:
    """Substantial disagreement: I² of 50% or more, or Cochran's Q p below 0.10.

    Worded once, as :data:`fr_stats.words.pool.HETEROGENEITY_RULE`.
    """
    return i2 >= 0.5 or q_pvalue < 0.10


def pool_counts(
    k: Sequence[int],
    n: Sequence[int],
    *,
    method: str = "reml",
    hartung_knapp: bool = False,
    level: float = 0.95,
) -> Pooled:
    """Pool the rates ``k[i] / n[i]`` on the logit scale; see :func:`fr_stats.pool`.

    Examples
    --------
    >>> r = pool_counts([28, 32, 73], [535, 530, 1429])
    >>> round(r.estimate, 4), r.tau2
    (0.0534, 0.0)
    """
    from scipy.stats import chi2
    from scipy.stats import t as student_t

    level = check_level(level)
    check_method(method)
    y, v, corrected = logit_effects(k, n)
    fit = _fit(y, v, method)
    w_fe = 1 / v
    mu_fe = float(w_fe @ y / w_fe.sum())
    q = float(w_fe @ (y - mu_fe) ** 2)
    q_df = len(k) - 1
    alpha = 1 - level
    if hartung_knapp:
        se = math.sqrt(fit.hk_scale) * fit.se
        crit = float(student_t.isf(alpha / 2, q_df))
        test, df = "t", q_df
    else:
        se = fit.se
        crit = normal_critical(level)
        test, df = "z", None
    pi: tuple[float | None, float | None] = (None, None)
    if method != "fixed":
        half = crit * math.sqrt(se**2 + fit.tau2)
        pi = (_expit(fit.mu - half), _expit(fit.mu + half))
    z = normal_critical(level)
    return Pooled(
        method=method,
        estimate=_expit(fit.mu),
        low=_expit(fit.mu - crit * se),
        high=_expit(fit.mu + crit * se),
        pi_low=pi[0],
        pi_high=pi[1],
        tau2=fit.tau2,
        i2=_i2(v, fit.tau2, q, method == "fixed"),
        q=q,
        q_df=q_df,
        q_pvalue=float(chi2.sf(q, q_df)),
        logit=fit.mu,
        se=se,
        level=level,
        hartung_knapp=hartung_knapp,
        test=test,
        df=df,
        logits=tuple(float(yi) for yi in y),
        variances=tuple(float(vi) for vi in v),
        weights=tuple(float(wi) for wi in fit.weights),
        corrected=tuple(bool(c) for c in corrected),
        study_low=tuple(_expit(float(yi) - z * math.sqrt(vi)) for yi, vi in zip(y, v, strict=True)),
        study_high=tuple(
            _expit(float(yi) + z * math.sqrt(vi)) for yi, vi in zip(y, v, strict=True)
        ),
    )
