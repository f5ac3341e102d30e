"""Confidence intervals for one published (or typed) rate: :func:`fr_stats.ci`.

The ref is resolved through the catalog; the intervals are
:func:`fr_stats.stats.intervals.proportion_interval` and
:func:`~fr_stats.stats.intervals.upper_bound`; the caveats come from
:mod:`fr_stats.words.rate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import Study, load
from ..display import Displayable
from ..errors import InputError
from ..stats.common import Interval, check_level
from ..stats.intervals import METHOD_NAMES, METHODS, proportion_interval, upper_bound
from ..words import rate as rate_words

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class CIResult(Displayable):
    """Intervals for one false-match rate: what ``fr-stats ci`` prints.

    ``upper_bound`` is the one-sided exact upper bound, given only when no
    false match was seen (``false_matches == 0``); otherwise ``None``.
    """

    id: str
    label: str
    false_matches: int
    tested: int
    level: float
    intervals: tuple[Interval, ...]
    upper_bound: float | None = None
    caveats: tuple[str, ...] = field(default=())

    @property
    def rate(self) -> float:
        return self.false_matches / self.tested

    @property
    def interval(self) -> Interval:
        """The first (or only) interval."""
        return self.intervals[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "false_matches": self.false_matches,
            "tested": self.tested,
            "rate": self.rate,
            "level": self.level,
            "intervals": [i.to_dict() for i in self.intervals],
            "upper_bound": None
            if self.upper_bound is None
            else {"level": self.level, "high": self.upper_bound, "method": "exact one-sided"},
            "caveats": list(self.caveats),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per interval method: method, description, low, high."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "method": i.method,
                    "description": METHOD_NAMES[i.method],
                    "low": i.low,
                    "high": i.high,
                }
                for i in self.intervals
            ],
            columns=["method", "description", "low", "high"],
        )


def study_caveats(study: Study) -> list[str]:
    """Caveats one result carries wherever it is used (counts that are averages)."""
    if study.false_matches.kind == "average":
        return [rate_words.average_count(study.label, study.k, study.n)]
    return []


def ci(
    ref_or_study: str | Study,
    *,
    method: str = "wilson",
    level: float = 0.95,
    data: Iterable[str | Path] = (),
) -> CIResult:
    """Confidence intervals for one published (or typed) false-match rate.

    Parameters
    ----------
    ref_or_study
        A study id (``aclu2018``), ``ID@THRESHOLD`` (``comparitech2020@95``),
        counts ``K/N`` (``28/535``), or a :class:`~fr_stats.catalog.Study`.
    method
        One of :data:`METHODS`, or ``"all"`` for every method in turn.
    level
        Confidence level, strictly between 0 and 1.
    data
        Extra CSV tables to load with the bundled data.

    Returns
    -------
    CIResult
        The counts, the rate, the intervals and, when no false match was
        seen, the one-sided exact upper bound.

    Raises
    ------
    InputError
        Unknown study, bad counts, method or level; a study whose counts
        were never published.
    NotComparableError
        For a gender-classification id (a different task).

    Notes
    -----
    See :func:`fr_stats.stats.intervals.proportion_interval` for the methods and what they were
    checked against.

    Examples
    --------
    >>> r = ci("aclu2018")
    >>> r.false_matches, r.tested, round(r.interval.low, 4), round(r.interval.high, 4)
    (28, 535, 0.0365, 0.0746)
    """
    level = check_level(level)
    if method != "all" and method not in METHODS:
        allowed = ", ".join(f"'{m}'" for m in METHODS)
        raise InputError(
            f"unknown interval method '{method}'; choose one of {allowed}, or 'all' for every one"
        )
    study = ref_or_study if isinstance(ref_or_study, Study) else load(data).resolve(ref_or_study)
    k, n = study.require_counts()
    methods = METHODS if method == "all" else (method,)
    intervals = tuple(proportion_interval(k, n, method=m, level=level) for m in methods)
    return CIResult(
        id=study.ref,
        label=study.label,
        false_matches=k,
        tested=n,
        level=level,
        intervals=intervals,
        upper_bound=upper_bound(k, n, level=level) if k == 0 else None,
        caveats=tuple(study_caveats(study)),
    )
