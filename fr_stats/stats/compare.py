"""Did the false-match rate change from A to B? ``fr-stats compare``.

One call gathers what a careful reader needs: both rates with intervals, the
change as a difference, a ratio and an odds ratio, four tests, what the
design could detect, a verdict in plain words, and the caveats the data
demand.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import text
from ..analysis.intervals import study_caveats
from ..catalog import Study, load
from ..comparability import SAME_RESULT, Comparability, comparability
from ..display import Displayable
from ..errors import InputError
from .common import Estimate, Interval, check_level
from .effects import (
    DIFFERENCE_METHODS,
    RATIO_METHODS,
    _choice,
    conditional_estimate,
    difference,
    odds_ratio,
    ratio,
)
from .intervals import proportion_interval
from .oddsratio import TooLargeError, fisher_2x2

if TYPE_CHECKING:
    import pandas as pd

    from .power import Detectable

TEST_NAMES: tuple[str, ...] = ("chi2", "chi2-yates", "fisher", "boschloo")

BOSCHLOO_MAX_TABLES = 2_000_000
"""Boschloo's test enumerates every table with the two sample sizes:
(nA + 1)(nB + 1) of them, about 8 s per 300,000. Above this many it is
not run, and the result says so."""

Progress = Callable[[str], AbstractContextManager[Any]]


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
class TestResult:
    """One hypothesis test of "the two rates are equal"."""

    __test__ = False  # not a pytest test class

    name: str
    statistic: float | None
    pvalue: float | None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "statistic": self.statistic,
            "pvalue": self.pvalue,
            "note": self.note,
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
    note: str | None = None

    @property
    def mde(self) -> float | None:
        """The smallest detectable rise (kept as ``mde`` for scripts)."""
        return self.detectable.rise

    def to_dict(self) -> dict[str, Any]:
        return {
            "mde": self.detectable.rise,
            "mde_fall": self.detectable.fall,
            "n_per_group": self.n_per_group,
            "n_used": self.n_used,
            "method": (
                "R power.prop.test (two-sided, equal groups) at the harmonic mean "
                "2·nA·nB/(nA + nB) of the sample sizes; mde and mde_fall are the smallest "
                "rise and fall from A's rate detected with 80% power"
            ),
            "note": self.note,
        }


RULE = (
    "A change is statistically detected when the two-sided Fisher exact test (the "
    "chi-square test where Fisher's cannot be computed) gives p below 1 - level; its "
    "direction is the sign of B - A. The interval for the difference is reported beside "
    "it; when the interval and the test disagree, the finding is borderline."
)
"""The one rule that decides a change. Every output words the :class:`Finding` it gives."""


@dataclass(frozen=True)
class Finding:
    """The one decision about a change from A to B, made by :data:`RULE`.

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
        return {
            "detected": self.detected,
            "direction": {1: "increase", -1: "decrease", 0: "none"}[self.direction],
            "test": self.test,
            "pvalue": self.pvalue,
            "alpha": self.alpha,
            "interval_excludes_zero": self.interval_excludes_zero,
            "borderline": self.borderline,
            "rule": RULE,
        }


def decide(
    xa: int, na: int, xb: int, nb: int, diff: Estimate, test: TestResult, level: float
) -> Finding:
    """Apply :data:`RULE` to a difference and the deciding test."""
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
        """The test called ``name`` (one of :data:`TEST_NAMES`)."""
        for t in self.tests:
            if t.name == name:
                return t
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "level": self.level,
            "difference": self.difference.to_dict(),
            "ratio": self.ratio.to_dict(),
            "odds_ratio": self.odds_ratio.to_dict(),
            "tests": [t.to_dict() for t in self.tests],
            "power": self.power.to_dict(),
            "verdict": self.verdict,
            "caveats": list(self.caveats),
            "finding": self.finding.to_dict(),
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


# --------------------------------------------------------------------------- #
# Tests
# --------------------------------------------------------------------------- #


def _chi2(table: list[list[int]], *, yates: bool) -> TestResult:
    from scipy.stats import chi2_contingency

    name = "chi2-yates" if yates else "chi2"
    if any(sum(row) == 0 for row in zip(*table, strict=True)):
        column = "false matches" if sum(r[0] for r in table) == 0 else "correct results"
        return TestResult(
            name,
            None,
            None,
            f"undefined: no {column} in either sample, so the expected counts include zero",
        )
    res = chi2_contingency(table, correction=yates)
    return TestResult(name, float(res.statistic), float(res.pvalue))


def _boschloo(table: list[list[int]], na: int, nb: int, progress: Progress | None) -> TestResult:
    tables = (na + 1) * (nb + 1)
    if tables > BOSCHLOO_MAX_TABLES:
        return TestResult(
            "boschloo",
            None,
            None,
            f"not run: Boschloo's test enumerates all {tables:,} tables with these sample "
            f"sizes (the limit is {BOSCHLOO_MAX_TABLES:,}); at this size Fisher's test "
            "and the chi-square test agree with it closely",
        )
    from scipy.stats import boschloo_exact

    context = progress("Boschloo's exact test") if progress else contextlib.nullcontext()
    with context:
        res = boschloo_exact(table, alternative="two-sided")
    return TestResult("boschloo", float(res.statistic), min(float(res.pvalue), 1.0))


# --------------------------------------------------------------------------- #
# Power, verdict, caveats
# --------------------------------------------------------------------------- #


def _power(pa: float, pb: float, na: int, nb: int, level: float) -> PowerSummary:
    from . import power as pw

    n_used = 2.0 * na * nb / (na + nb)
    notes = []
    needed = None
    detect = pw.detectable_changes(pa, n_used, power=0.8, level=level)
    if pa == pb:
        notes.append("no change was observed, so the sample size to detect it is undefined")
    else:
        try:
            needed = pw.sample_size(pa, pb, power=0.8, level=level)
        except (InputError, ZeroDivisionError, ValueError) as exc:
            notes.append(f"sample size: {exc}")
    return PowerSummary(detect, needed, n_used, "; ".join(notes) or None)


def _caveats(a: Study, b: Study, like: Comparability) -> list[str]:
    from ..words import change

    out = study_caveats(a) + study_caveats(b)
    dependence = change.dependence(like)
    if dependence is not None:
        out.append(dependence)
    if a.adhoc or b.adhoc:
        return out
    ta, tb = a.threshold.value, b.threshold.value
    if ta is None or tb is None:
        missing = " and ".join(s.ref for s in (a, b) if s.threshold.value is None)
        out.append(
            f"The similarity threshold of {missing} was not published: the two results may "
            "not be like for like."
        )
    elif ta != tb:
        out.append(
            f"A was run at a threshold of {a.threshold_label} and B at {b.threshold_label}: a "
            "higher threshold gives fewer false matches, so this is not a like-for-like comparison."
        )
    ga, gb = a.gallery.value, b.gallery.value
    if ga is not None and gb is not None and ga != gb:
        out.append(
            f"The galleries differ ({text.count(int(ga))} vs {text.count(int(gb))} photos): a "
            "larger gallery gives each probe more chances of a false match."
        )
    if a.population != b.population:
        out.append(
            f"Different people were searched (A: {a.population}; B: {b.population}): a change "
            "in the rate may reflect the people, not the system."
        )
    if a.system != b.system:
        out.append(f"Different systems: {a.system} (A) and {b.system} (B).")
    return out


def _digits(*values: float) -> int:
    """Decimals of percentage points that show the largest value to two significant digits."""
    largest = 100 * max(values)
    if largest <= 0 or not math.isfinite(largest):
        return 1
    return max(1, min(8, 1 - math.floor(math.log10(largest))))


def _verdict(
    a: Rate,
    b: Rate,
    diff: Estimate,
    finding: Finding,
    like: Comparability,
    power: PowerSummary,
    level: float,
) -> str:
    from ..words import change
    from ..words import power as power_words

    level_txt = text.level_pct(level)
    assert diff.estimate is not None and diff.low is not None and diff.high is not None
    digits = _digits(abs(diff.low), abs(diff.high))
    head = (
        f"{text.pct(b.rate)} ({b.label}) vs {text.pct(a.rate)} ({a.label}): "
        f"a change of {text.points(diff.estimate, digits)} points "
        f"({level_txt} CI {text.points(diff.low, digits)} to {text.points(diff.high, digits)})."
    )
    parts = [head, change.decision(finding, level)]
    if like.dependence == SAME_RESULT:
        parts.append("A and B are the same result, so this comparison shows nothing.")
    unlike = change.unlike(like, finding)
    if unlike is not None:
        parts.append(unlike)
    parts.append(power_words.detectable(power.detectable, only=not finding.detected))
    return " ".join(parts)


# --------------------------------------------------------------------------- #
# The library call
# --------------------------------------------------------------------------- #


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
        hundreds of probes; not run above :data:`BOSCHLOO_MAX_TABLES`
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
    rate_a = Rate(sa.ref, sa.label, xa, na, proportion_interval(xa, na, level=level))
    rate_b = Rate(sb.ref, sb.label, xb, nb, proportion_interval(xb, nb, level=level))
    diff = difference(xa, na, xb, nb, method=difference_method, level=level)
    rr = ratio(xa, na, xb, nb, method=ratio_method, level=level)
    table = [[xb, nb - xb], [xa, na - xa]]
    tests = [_chi2(table, yates=False), _chi2(table, yates=True)]
    try:
        fisher = fisher_2x2(xb, nb, xa, na, level=level)
    except TooLargeError as exc:
        odds = odds_ratio(xa, na, xb, nb, method="conditional", level=level)
        tests.append(
            TestResult(
                "fisher",
                None,
                None,
                f"not computed: {exc}; the chi-square test decides instead, and at counts "
                "this large the two agree closely",
            )
        )
        deciding = tests[0]
    else:
        odds = conditional_estimate(fisher, xa, na, xb, nb)
        tests.append(TestResult("fisher", None, fisher.pvalue))
        deciding = tests[2]
    if exact_unconditional:
        tests.append(_boschloo(table, na, nb, progress))
    finding = decide(xa, na, xb, nb, diff, deciding, level)
    like = comparability(sa, sb)
    pw = _power(rate_a.rate, rate_b.rate, na, nb, level)
    verdict = _verdict(rate_a, rate_b, diff, finding, like, pw, level)
    return CompareResult(
        a=rate_a,
        b=rate_b,
        level=level,
        difference=diff,
        ratio=rr,
        odds_ratio=odds,
        tests=tuple(tests),
        power=pw,
        verdict=verdict,
        caveats=tuple(_caveats(sa, sb, like)),
        finding=finding,
        comparability=like,
    )
