"""Pool false-match rates across studies: :func:`fr_stats.pool`.

Resolves the refs (or picks the default set), refuses pools that would
count the same people twice, runs :func:`fr_stats.stats.pool.pool_counts`
and takes the verdict, warnings and notes from :mod:`fr_stats.words.pool`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import Study, load
from ..display import Displayable
from ..errors import InputError, NotComparableError
from ..stats.common import check_level
from ..stats.pool import HARTUNG_KNAPP_BELOW, Pooled, check_method, pool_counts
from ..words import pool as pool_words

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_THRESHOLD = 80.0


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
class PoolResult(Pooled, Displayable):
    """A pooled false-match rate with its heterogeneity: the numbers of
    :class:`~fr_stats.stats.pool.Pooled`, with the studies, warnings and notes.

    Rates (``estimate``, ``low``, ``high``, ``pi_low``, ``pi_high`` and each
    study's ``rate``) are proportions; ``logit`` and ``se`` are on the log
    odds scale; ``i2`` is a proportion; each study's ``weight`` is its share
    of the total (they sum to 1).
    """

    k: int
    studies: tuple[PooledStudy, ...]
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    @property
    def verdict(self) -> str:
        """Plain-language summary of what the pool says (:mod:`fr_stats.words.pool`)."""
        return pool_words.verdict(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "method_label": pool_words.METHOD_LABELS[self.method],
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
                "label": pool_words.METHOD_LABELS[self.method],
                "false_matches": None,
                "tested": None,
                "rate": self.estimate,
                "low": self.low,
                "high": self.high,
                "weight": 1.0,
            }
        )
        return pd.DataFrame.from_records(rows)


def left_out(data: Iterable[str | Path] = ()) -> list[tuple[Study, str]]:
    """The whole-population face-matching results the default pool leaves out, and why."""
    out = []
    for s in load(data).results():
        if s.threshold.value is None:
            out.append((s, "threshold not published"))
        elif s.threshold.value != DEFAULT_THRESHOLD:
            out.append((s, f"run at {s.threshold_label}, not {DEFAULT_THRESHOLD:g}%"))
        elif s.k is None or s.n is None:
            out.append((s, "counts not published"))
        elif s.combines:
            out.append((s, "adds up results pooled on their own"))
    return out


def default_studies(data: Iterable[str | Path] = ()) -> list[Study]:
    """The results pooled when no ids are given.

    Every face-matching whole-population result at an 80% threshold with
    both counts published, leaving out rows that add up other rows
    (``combines``).
    """
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
    method: str = "reml",
    hartung_knapp: bool | None = None,
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
        ``None`` (the default): yes for a random-effects pool of fewer than
        :data:`~fr_stats.stats.pool.HARTUNG_KNAPP_BELOW` studies, as the
        normal interval is too narrow with few studies (IntHout et al. 2014).
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
    level = check_level(level)
    check_method(method)
    studies = _select(refs, data)
    counts = [s.require_counts() for s in studies]
    ks = [c[0] for c in counts]
    ns = [c[1] for c in counts]
    if hartung_knapp is None:
        hartung_knapp = method != "fixed" and len(studies) < HARTUNG_KNAPP_BELOW
    fit = pool_counts(ks, ns, method=method, hartung_knapp=hartung_knapp, level=level)
    pooled = tuple(_study(s, fit, i) for i, s in enumerate(studies))
    corrected = [s.ref for s, c in zip(studies, fit.corrected, strict=True) if c]
    notes = pool_words.notes(method, fit.tau2, len(studies), hartung_knapp, corrected)
    if refs is None:
        notes.extend(pool_words.left_out(left_out(data)))
    return PoolResult(
        **{f.name: getattr(fit, f.name) for f in fields(fit)},
        k=len(studies),
        studies=pooled,
        warnings=tuple(pool_words.warnings(studies)),
        notes=tuple(notes),
    )


def _study(s: Study, fit: Pooled, i: int) -> PooledStudy:
    """The ``i``-th study of ``fit``, with its id and label."""
    k, n = s.require_counts()
    return PooledStudy(
        id=s.ref,
        label=s.label,
        false_matches=k,
        tested=n,
        threshold=None if s.threshold.value is None else float(s.threshold.value),
        gallery=None if s.gallery.value is None else int(s.gallery.value),
        rate=k / n,
        low=fit.study_low[i],
        high=fit.study_high[i],
        weight=fit.weights[i],
        corrected=fit.corrected[i],
        logit=fit.logits[i],
        variance=fit.variances[i],
    )


def _select(refs: Sequence[str] | None, data: Iterable[str | Path]) -> list[Study]:
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
