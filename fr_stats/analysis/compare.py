"""Did the false-match rate change from A to B? :func:`fr_stats.compare`.

One call gathers what a careful reader needs: both rates with intervals, the
change as a difference, a ratio and an odds ratio, four tests, what the
design could detect (all from :func:`fr_stats.stats.compare.compare_counts`),
a verdict in plain words and the caveats the data demand (from
:mod:`fr_stats.words.change`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import Study, load
from ..comparability import Comparability, comparability
from ..display import Displayable
from ..errors import InputError
from ..stats.common import Estimate, Interval, check_level
from ..stats.compare import (
    Finding,
    PowerSummary,
    Progress,
    TestResult,
    compare_counts,
)
from ..stats.effects import DIFFERENCE_METHODS, RATIO_METHODS, _choice
from ..words import change, notes
from .intervals import study_caveats

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Rate:
    """One side of a comparison: its counts, rate and interval."""

    id: str
    label: str
    false_matches: int
    tested: int
    ci: Interval

    @property
    def rate(self) -> float:
        return self.false_matches / self.tested

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "false_matches": self.false_matches,
            "tested": self.tested,
            "rate": self.rate,
            "ci": {"low": self.ci.low, "high": self.ci.high, "method": self.ci.method},
        }


@dataclass(frozen=True)
class CompareResult(Displayable):
    """Everything ``fr-stats compare A B`` prints; B is compared with A."""

    a: Rate
    b: Rate
    level: float
    difference: Estimate
    ratio: Estimate
    odds_ratio: Estimate
    tests: tuple[TestResult, ...]
    power: PowerSummary
    verdict: str
    caveats: tuple[str, ...]
    finding: Finding
    comparability: Comparability

    def test(self, name: str) -> TestResult:
        """The test called ``name`` (one of :data:`~fr_stats.stats.compare.TEST_NAMES`)."""
        for t in self.tests:
            if t.name == name:
                return t
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "level": self.level,
            "difference": notes.estimate_dict(self.difference),
            "ratio": notes.estimate_dict(self.ratio),
            "odds_ratio": notes.estimate_dict(self.odds_ratio),
            "tests": [notes.test_dict(t) for t in self.tests],
            "power": notes.power_dict(self.power),
            "verdict": self.verdict,
            "caveats": list(self.caveats),
            "finding": change.finding_dict(self.finding),
            "comparability": self.comparability.to_dict(),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per quantity: rates, effects and tests, with estimate, low, high, p."""
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for side, rate in (("A", self.a), ("B", self.b)):
            rows.append(
                {
                    "quantity": f"rate {side}",
                    "estimate": rate.rate,
                    "low": rate.ci.low,
                    "high": rate.ci.high,
                    "pvalue": None,
                    "method": rate.ci.method,
                }
            )
        for name, est in (
            ("difference B - A", self.difference),
            ("ratio B / A", self.ratio),
            ("odds ratio B / A", self.odds_ratio),
        ):
            rows.append(
                {
                    "quantity": name,
                    "estimate": est.estimate,
                    "low": est.low,
                    "high": est.high,
                    "pvalue": None,
                    "method": est.method,
                }
            )
        for t in self.tests:
            rows.append(
                {
                    "quantity": f"test {t.name}",
                    "estimate": t.statistic,
                    "low": None,
                    "high": None,
                    "pvalue": t.pvalue,
                    "method": t.name,
                }
            )
        return pd.DataFrame(
            rows, columns=["quantity", "estimate", "low", "high", "pvalue", "method"]
        )


def _resolve(ref: str | Study, data: Iterable[str | Path]) -> Study:
    if isinstance(ref, Study):
        return ref
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(f"a study must be an id, ID@THRESHOLD or K/N, not {ref!r}")
    return load(data).resolve(ref)


def compare(
    a: str | Study,
    b: str | Study,
    *,
    level: float = 0.95,
    difference_method: str = "newcombe",
    ratio_method: str = "katz",
    exact_unconditional: bool = False,
    progress: Progress | None = None,
    data: Iterable[str | Path] = (),
) -> CompareResult:
    """Compare the false-match rate of B with that of A.

    Parameters
    ----------
    a, b
        Study ids (``aclu2018``), ``ID@THRESHOLD``, counts ``K/N`` or
        :class:`~fr_stats.catalog.Study` objects. A is the reference.
    level
        Confidence level of every interval; tests are judged at ``1 - level``.
    difference_method
        One of :data:`~fr_stats.stats.effects.DIFFERENCE_METHODS`
        (default Newcombe's hybrid score, his method 10).
    ratio_method
        One of :data:`~fr_stats.stats.effects.RATIO_METHODS` (default Katz log).
    exact_unconditional
        Also run Boschloo's exact unconditional test (slow: seconds at
        hundreds of probes; not run above :data:`~fr_stats.stats.compare.BOSCHLOO_MAX_TABLES`
        tables, with the reason in the result).
    progress
        Called as ``progress(description)`` around slow steps; returns a
        context manager (the command line shows a progress bar).
    data
        Extra CSV tables to load with the bundled data.

    Returns
    -------
    CompareResult
        Rates with Wilson intervals; difference, ratio and odds ratio
        (conditional MLE with exact interval, as R's ``fisher.test``); tests
        ``chi2`` (Pearson, no correction: the two-proportion z-test),
        ``chi2-yates``, ``fisher`` (two-sided as R) and, on request,
        ``boschloo``; power (R's ``power.prop.test``); a verdict; caveats.

    Raises
    ------
    InputError
        Unknown ids, bad counts, methods or level; unpublished counts.
    NotComparableError
        A gender-classification id: a different task from face matching.

    Notes
    -----
    Checked against R 4.2: ``prop.test(c(xB, xA), c(nB, nA), correct=)``
    (statistic and p-value), ``fisher.test`` (p-value, estimate, interval),
    ``power.prop.test``, and the interval formulas of
    :mod:`fr_stats.stats.effects`. At any count up to 10^12 the call takes
    well under a second, except Boschloo's test.

    Examples
    --------
    >>> r = compare("aclu2018", "comparitech2020")
    >>> round(r.difference.estimate, 4), round(r.test("fisher").pvalue, 2)
    (0.008, 0.6)
    """
    level = check_level(level)
    _choice("difference", difference_method, DIFFERENCE_METHODS)
    _choice("ratio", ratio_method, RATIO_METHODS)
    sa, sb = _resolve(a, data), _resolve(b, data)
    xa, na = sa.require_counts()
    xb, nb = sb.require_counts()
    numbers = compare_counts(
        xa,
        na,
        xb,
        nb,
        level=level,
        difference_method=difference_method,
        ratio_method=ratio_method,
        exact_unconditional=exact_unconditional,
        progress=progress,
    )
    rate_a = Rate(sa.ref, sa.label, xa, na, numbers.ci_a)
    rate_b = Rate(sb.ref, sb.label, xb, nb, numbers.ci_b)
    like = comparability(sa, sb)
    verdict = change.verdict(
        (rate_a.label, rate_a.rate),
        (rate_b.label, rate_b.rate),
        numbers.difference,
        numbers.finding,
        like,
        numbers.power.detectable,
        level,
    )
    return CompareResult(
        a=rate_a,
        b=rate_b,
        level=level,
        difference=numbers.difference,
        ratio=numbers.ratio,
        odds_ratio=numbers.odds_ratio,
        tests=numbers.tests,
        power=numbers.power,
        verdict=verdict,
        caveats=tuple(study_caveats(sa) + study_caveats(sb) + change.caveats(sa, sb, like)),
        finding=numbers.finding,
        comparability=like,
    )
