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
Paule–Mandel are solved here with a bracketing root finder (statsmodels
lacks REML, and its Paule–Mandel iteration can stop unconverged at 0).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .. import text
from ..errors import InputError, NotComparableError
from .common import check_level

if TYPE_CHECKING:
    import pandas as pd

    from ..catalog import Study

Method = Literal["reml", "dl", "pm", "fixed"]
METHODS: dict[str, str] = {
    "reml": "random effects, REML",
    "dl": "random effects, DerSimonian–Laird",
    "pm": "random effects, Paule–Mandel",
    "fixed": "fixed effect (inverse variance)",
}
DEFAULT_THRESHOLD = 80.0
ZERO_RULE = (
    "A study with 0 false matches (or all false matches) has 1/2 added to both of its cells "
    "before taking logits, as metafor's default (add = 1/2, to = 'only0')."
)


# --------------------------------------------------------------------------- #
# The numbers: logits, τ², the summary for a given τ²
# --------------------------------------------------------------------------- #


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
    ks = np.asarray(k, dtype=float)
    ns = np.asarray(n, dtype=float)
    corrected = (ks == 0) | (ks == ns)
    a = np.where(corrected, ks + 0.5, ks)
    b = np.where(corrected, ns - ks + 0.5, ns - ks)
    return np.log(a / b), 1 / a + 1 / b, corrected


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
    from statsmodels.stats.meta_analysis import combine_effects

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


# --------------------------------------------------------------------------- #
# The result
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class PooledStudy:
    """One study in a pool: its counts, its own interval and its weight."""

    id: str
    label: str
    false_matches: int
    tested: int
    threshold: float | None
    gallery: int | None
    rate: float
    low: float
    high: float
    weight: float
    corrected: bool
    logit: float
    variance: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "false_matches": self.false_matches,
            "tested": self.tested,
            "threshold": self.threshold,
            "gallery": self.gallery,
            "rate": self.rate,
            "low": self.low,
            "high": self.high,
            "weight": self.weight,
            "continuity_corrected": self.corrected,
            "logit": self.logit,
            "variance": self.variance,
        }


@dataclass(frozen=True)
class PoolResult:
    """A pooled false-match rate with its heterogeneity.

    Rates (``estimate``, ``low``, ``high``, ``pi_low``, ``pi_high`` and each
    study's ``rate``) are proportions; ``logit`` and ``se`` are on the log
    odds scale; ``i2`` is a proportion; each study's ``weight`` is its share
    of the total (they sum to 1).
    """

    method: str
    k: int
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
    studies: tuple[PooledStudy, ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    @property
    def verdict(self) -> str:
        """Plain-language summary of what the pool says."""
        lv = text.level_pct(self.level)
        what = "fixed-effect" if self.method == "fixed" else "random-effects"
        line = (
            f"Pooling {self.k} results ({what}), the false-match rate is "
            f"{text.pct(self.estimate)} ({lv} CI {text.pct(self.low)} to {text.pct(self.high)})."
        )
        if self.method != "fixed" and self.pi_low is not None and self.pi_high is not None:
            line += (
                f" A new study like these would be expected to find between "
                f"{text.pct(self.pi_low)} and {text.pct(self.pi_high)}."
            )
        p = text.pvalue(self.q_pvalue)
        p_text = f"p {p}" if p.startswith("<") else f"p = {p}"
        if self.q_pvalue < 1 - self.level:
            line += (
                f" The studies disagree more than chance alone explains (Q = "
                f"{text.number(self.q, 1)} on {self.q_df} df, {p_text}; "
                f"I² = {text.pct(self.i2, 0)})."
            )
        else:
            line += (
                f" The studies differ no more than chance would explain (Q = "
                f"{text.number(self.q, 1)} on {self.q_df} df, {p_text}), though with "
                f"{self.k} studies this test has little power."
            )
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "method_label": METHODS[self.method],
            "k": self.k,
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "pi_low": self.pi_low,
            "pi_high": self.pi_high,
            "tau2": self.tau2,
            "tau": self.tau,
            "i2": self.i2,
            "q": self.q,
            "q_df": self.q_df,
            "q_pvalue": self.q_pvalue,
            "logit": self.logit,
            "se": self.se,
            "level": self.level,
            "hartung_knapp": self.hartung_knapp,
            "test": self.test,
            "df": self.df,
            "studies": [s.to_dict() for s in self.studies],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "verdict": self.verdict,
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per study plus a last row for the pooled estimate."""
        import pandas as pd

        rows = [s.to_dict() for s in self.studies]
        rows.append(
            {
                "id": "pooled",
                "label": METHODS[self.method],
                "false_matches": None,
                "tested": None,
                "rate": self.estimate,
                "low": self.low,
                "high": self.high,
                "weight": 1.0,
            }
        )
        return pd.DataFrame.from_records(rows)


# --------------------------------------------------------------------------- #
# The library call behind `fr-stats pool`
# --------------------------------------------------------------------------- #


def default_studies(data: Iterable[str | Path] = ()) -> list[Study]:
    """The results pooled when no ids are given.

    Every face-matching whole-population result at an 80% threshold with
    both counts published, leaving out rows that add up other rows
    (``combines``).
    """
    from ..catalog import load

    return [
        s
        for s in load(data).results()
        if s.threshold.value == DEFAULT_THRESHOLD
        and s.k is not None
        and s.n is not None
        and not s.combines
    ]


def pool(
    refs: Sequence[str] | None = None,
    *,
    method: Method = "reml",
    hartung_knapp: bool = False,
    level: float = 0.95,
    data: Iterable[str | Path] = (),
) -> PoolResult:
    """Pool false-match rates across studies on the logit scale.

    Parameters
    ----------
    refs
        Study refs (``ID``, ``ID@THRESHOLD`` or ``K/N``); at least two. With
        none, every face-matching whole-population result at 80% that has
        both counts (see :func:`default_studies`).
    method
        ``"reml"`` (default), ``"dl"`` (DerSimonian–Laird), ``"pm"``
        (Paule–Mandel) or ``"fixed"`` (fixed effect, τ² = 0).
    hartung_knapp
        Use the Hartung–Knapp(-Sidik–Jonkman) standard error and a t
        distribution on k − 1 df for the interval and the prediction interval.
    level
        Confidence level of the interval and the prediction interval.
    data
        Extra CSV tables.

    Returns
    -------
    PoolResult

    Raises
    ------
    InputError
        Fewer than two studies, a study given twice, a row that adds up
        others pooled together with one of them, or counts never published.
    NotComparableError
        Results of different tasks (a gender-classification id).

    Notes
    -----
    Matches ``metafor::rma(measure = "PLO", xi = k, ni = n, method = M,
    test = T)`` and ``predict(res, transf = transf.ilogit)`` for ``M`` in
    REML, DL, PM, FE and ``T`` in ``"z"``, ``"knha"``: estimate, interval,
    prediction interval (``pred ± crit·sqrt(se² + τ²)``, with ``crit`` from
    the normal or, with Hartung–Knapp, the t distribution), τ², I² (as
    metafor: τ²/(τ² + s²) with s² the typical within-study variance; for the
    fixed effect (Q − df)/Q), Q and its p-value, and weights. The tests
    check five data sets, including one with a zero count and several with
    τ² on its boundary at 0. A fixed-effect result has no prediction
    interval (``pi_low``/``pi_high`` are None): it assumes no heterogeneity.

    References
    ----------
    Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor
    package. *Journal of Statistical Software* 36(3), 1-48.
    Hartung, J. & Knapp, G. (2001). On tests of the overall treatment
    effect in meta-analysis with normally distributed responses.
    *Statistics in Medicine* 20(12), 1771-1782.

    Examples
    --------
    >>> r = pool(["28/535", "32/530", "73/1429"])
    >>> round(r.estimate, 4), r.tau2
    (0.0534, 0.0)
    """
    from scipy.stats import chi2, norm
    from scipy.stats import t as student_t

    level = check_level(level)
    if method not in METHODS:
        raise InputError(f"method ('{method}') must be one of 'reml', 'dl', 'pm' or 'fixed'")
    studies = _select(refs, data)
    counts = [s.require_counts() for s in studies]
    ks = [c[0] for c in counts]
    ns = [c[1] for c in counts]
    y, v, corrected = logit_effects(ks, ns)
    fit = _fit(y, v, method)

    w_fe = 1 / v
    mu_fe = float(w_fe @ y / w_fe.sum())
    q = float(w_fe @ (y - mu_fe) ** 2)
    q_df = len(studies) - 1
    q_p = float(chi2.sf(q, q_df))
    i2 = _i2(v, fit.tau2, q, method == "fixed")

    alpha = 1 - level
    if hartung_knapp:
        se = math.sqrt(fit.hk_scale) * fit.se
        crit = float(student_t.isf(alpha / 2, q_df))
        test, df = "t", q_df
    else:
        se = fit.se
        crit = float(norm.isf(alpha / 2))
        test, df = "z", None
    pi: tuple[float | None, float | None] = (None, None)
    if method != "fixed":
        half = crit * math.sqrt(se**2 + fit.tau2)
        pi = (_expit(fit.mu - half), _expit(fit.mu + half))

    z = float(norm.isf(alpha / 2))
    pooled = tuple(
        PooledStudy(
            id=s.ref,
            label=s.label,
            false_matches=k,
            tested=n,
            threshold=None if s.threshold.value is None else float(s.threshold.value),
            gallery=None if s.gallery.value is None else int(s.gallery.value),
            rate=k / n,
            low=_expit(float(yi) - z * math.sqrt(vi)),
            high=_expit(float(yi) + z * math.sqrt(vi)),
            weight=float(wi),
            corrected=bool(ci),
            logit=float(yi),
            variance=float(vi),
        )
        for s, k, n, yi, vi, wi, ci in zip(
            studies, ks, ns, y, v, fit.weights, corrected, strict=True
        )
    )
    notes = [
        "Rates are pooled as log odds (logits) and turned back into rates; each study's "
        "interval is its own Wald interval on that scale.",
    ]
    if corrected.any():
        names = ", ".join(s.ref for s, c in zip(studies, corrected, strict=True) if c)
        notes.append(f"{ZERO_RULE} Corrected: {names}.")
    if method != "fixed" and fit.tau2 == 0:
        notes.append(
            "τ² is estimated at 0 (its lower bound): the random-effects result equals the "
            "fixed-effect one, but that is an estimate, not a proof that the studies agree."
        )
    if method != "fixed" and len(studies) < 5:
        notes.append(
            f"With only {len(studies)} studies, τ² and the prediction interval are very "
            "imprecise; the Hartung–Knapp adjustment (--hartung-knapp) is safer."
            if not hartung_knapp
            else f"With only {len(studies)} studies, τ² and the prediction interval are "
            "very imprecise."
        )
    if method == "fixed":
        notes.append(
            "A fixed-effect estimate assumes every study measured the same rate; it has no "
            "prediction interval."
        )
    return PoolResult(
        method=method,
        k=len(studies),
        estimate=_expit(fit.mu),
        low=_expit(fit.mu - crit * se),
        high=_expit(fit.mu + crit * se),
        pi_low=pi[0],
        pi_high=pi[1],
        tau2=fit.tau2,
        i2=i2,
        q=q,
        q_df=q_df,
        q_pvalue=q_p,
        logit=fit.mu,
        se=se,
        level=level,
        hartung_knapp=hartung_knapp,
        test=test,
        df=df,
        studies=pooled,
        warnings=tuple(_warnings(studies)),
        notes=tuple(notes),
    )


def _select(refs: Sequence[str] | None, data: Iterable[str | Path]) -> list[Study]:
    from ..catalog import load

    data = tuple(data)
    if not refs:
        studies = default_studies(data)
        source = "the data hold"
    else:
        catalog = load(data)
        studies = [catalog.resolve(r) for r in refs]
        source = "you gave"
    if len(studies) < 2:
        raise InputError(
            f"pooling needs at least two studies; {source} {len(studies)}",
            hint="e.g. fr-stats pool aclu2018 comparitech2020 comparitech2020-uk",
        )
    tasks = {s.task for s in studies}
    if len(tasks) > 1:  # pragma: no cover - the loaders keep tasks apart
        raise NotComparableError(
            f"the studies are of different tasks ({', '.join(sorted(tasks))}); "
            "they are never pooled"
        )
    seen: dict[tuple[str, float | None], str] = {}
    for s in studies:
        key = (s.ref if s.adhoc else s.id, s.threshold.value)
        if key in seen and not s.adhoc:
            raise InputError(f"'{s.ref}' is given twice; each study may be pooled only once")
        seen[key] = s.ref
    ids = {s.id for s in studies}
    for s in studies:
        parts = ids.intersection(s.combines)
        if parts:
            raise InputError(
                f"'{s.ref}' adds up {', '.join(sorted(parts))}, which is also in the pool; "
                "pooling both would count the same people twice"
            )
    return studies


def _warnings(studies: Sequence[Study]) -> list[str]:
    out = []
    thresholds = {s.threshold.value for s in studies}
    if len(thresholds) > 1:
        shown = ", ".join(f"{s.ref} {s.threshold_label}" for s in studies)
        out.append(
            f"The studies used different (or unpublished) thresholds ({shown}); a rate "
            "depends on its threshold, so the pool mixes different quantities."
        )
    galleries = {s.gallery.value for s in studies}
    if len(galleries) > 1:
        shown = ", ".join(
            f"{s.ref} {text.count(None if s.gallery.value is None else int(s.gallery.value))}"
            for s in studies
        )
        out.append(
            f"The studies searched galleries of different (or unpublished) sizes ({shown}); "
            "a larger gallery gives more chances of a false match."
        )
    systems = {s.system for s in studies if not s.adhoc}
    if len(systems) > 1:
        out.append(f"The studies tested different systems ({', '.join(sorted(systems))}).")
    by_population: dict[str, list[str]] = {}
    for s in studies:
        if not s.adhoc:
            by_population.setdefault(s.population, []).append(s.label)
    for population, refs in by_population.items():
        if len(refs) > 1:
            out.append(
                f"{' and '.join(refs)} tested largely the same people, "
                f"{_lower_first(population)}, but the model treats them as independent, "
                "so the interval is too narrow."
            )
    return out


def _lower_first(text: str) -> str:
    """'Members of the US Congress' reads 'members of the US Congress' mid-sentence."""
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text
