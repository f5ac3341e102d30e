"""The notes of statistics results: each :class:`~fr_stats.stats.common.Reason` in words.

The statistics (:mod:`fr_stats.stats`) say *why* a value is undefined,
infinite or computed another way with a code and the numbers behind it
(``support_points``, ``tables``); this module is the one place those codes
become the sentences a reader sees: the ``note`` of every JSON result, the
cells and "Note (x): ..." lines of ``fr-stats compare``, and the claims
ledger's equivalence records.

>>> from fr_stats.stats.effects import ratio
>>> note(ratio(0, 100, 0, 100))
'no false matches in either sample: the ratio B/A is 0/0, undefined'
"""

from __future__ import annotations

from typing import Any

from ..stats.common import Estimate, Reason
from ..stats.compare import BOSCHLOO_MAX_TABLES, PowerSummary, TestResult
from ..stats.equivalence import Equivalence

POWER_METHOD = (
    "R power.prop.test (two-sided, equal groups) at the harmonic mean "
    "2·nA·nB/(nA + nB) of the sample sizes; mde and mde_fall are the smallest "
    "rise and fall from A's rate detected with 80% power"
)
"""The ``method`` of the power record of ``fr-stats compare``."""

EQUIVALENCE_METHOD = (
    "90% Newcombe hybrid score interval inside the margin; two one-sided "
    "score tests (Schuirmann TOST, Miettinen-Nurminen) for the p-values"
)
"""The ``method`` of an equivalence (no change larger than a margin) record."""

_FIXED: dict[Reason, str] = {
    Reason.WALD_ZERO_WIDTH: "the Wald interval has zero width when both rates are 0 or 1",
    Reason.RATIO_NO_EVENTS: "no false matches in either sample: the ratio B/A is 0/0, undefined",
    Reason.STATSMODELS_FAILED: "statsmodels could not compute this interval for these counts",
    Reason.HALF_ADDED: "0.5 was added to every count because of the zero count",
    Reason.ODDS_NO_EVENTS: (
        "no false matches in either sample: the odds ratio is undefined and the data "
        "put no bound on it"
    ),
    Reason.ODDS_ALL_EVENTS: (
        "every probe in both samples was a false match: the odds ratio is undefined"
    ),
    Reason.ODDS_ZERO: (
        "B's false matches are at the lowest count the margins allow (0): the estimate is 0"
    ),
    Reason.ODDS_INFINITE: (
        "A has no false matches (or B has no correct ones): the estimate is infinite"
    ),
    Reason.WOOLF_ZERO_CELL: (
        "a zero cell: the Woolf logit interval is undefined; use the conditional method"
    ),
    Reason.NO_CHANGE: "no change was observed, so the sample size to detect it is undefined",
    Reason.REFERENCE_NO_EVENTS: (
        "the reference group had no false matches, so the ratio is undefined"
    ),
    Reason.SUBGROUP_NO_EVENTS: "no false matches in the subgroup: no log interval",
    Reason.SCORE_TEST_UNDEFINED: (
        "the score test is undefined for these counts; the interval alone decides"
    ),
}


def _katz_zero(zero: str) -> str:
    what = "infinite" if zero == "A" else "0"
    return (
        f"{zero} has no false matches, so B/A is {what} and the Katz log interval is "
        "undefined (it needs both counts above zero); the score interval "
        "(ratio method 'score') is defined"
    )


def _chi2(column: str) -> str:
    return f"undefined: no {column} in either sample, so the expected counts include zero"


def too_large(support_points: int | None) -> str:
    """Why the exact conditional computation was declined (the text of its error)."""
    if support_points is None:
        return "the support windows did not converge"
    return f"the exact conditional computation needs {support_points:,} support points"


def _sentence(
    reason: Reason, support_points: int | None, tables: int | None, error: str | None, *, test: bool
) -> str:
    if reason in _FIXED:
        return _FIXED[reason]
    if reason is Reason.KATZ_A_ZERO:
        return _katz_zero("A")
    if reason is Reason.KATZ_B_ZERO:
        return _katz_zero("B")
    if reason is Reason.CHI2_NO_FALSE_MATCHES:
        return _chi2("false matches")
    if reason is Reason.CHI2_NO_CORRECT:
        return _chi2("correct results")
    if reason in (Reason.EXACT_TOO_LARGE, Reason.EXACT_NOT_CONVERGED):
        why = too_large(support_points if reason is Reason.EXACT_TOO_LARGE else None)
        if test:
            return (
                f"not computed: {why}; the chi-square test decides instead, and at counts "
                "this large the two agree closely"
            )
        too_many = ", too many to evaluate" if reason is Reason.EXACT_TOO_LARGE else ""
        return (
            f"{why}{too_many}; shown instead: the sample odds ratio with "
            "Woolf's logit interval, which at counts this large agree with the conditional ones"
        )
    if reason is Reason.BOSCHLOO_TOO_MANY:
        assert tables is not None
        return (
            f"not run: Boschloo's test enumerates all {tables:,} tables with these sample "
            f"sizes (the limit is {BOSCHLOO_MAX_TABLES:,}); at this size Fisher's test "
            "and the chi-square test agree with it closely"
        )
    if reason is Reason.SAMPLE_SIZE_FAILED:
        return f"sample size: {error}"
    raise AssertionError(f"no words for {reason!r}")  # pragma: no cover - every code is worded


def note(result: Estimate | TestResult | PowerSummary | Equivalence) -> str | None:
    """The note of a statistics result in words, or ``None`` when it needs none."""
    if result.reason is None:
        return None
    return _sentence(
        result.reason,
        getattr(result, "support_points", None),
        getattr(result, "tables", None),
        getattr(result, "error", None),
        test=isinstance(result, TestResult),
    )


def estimate_dict(est: Estimate) -> dict[str, Any]:
    """An estimate as JSON: its numbers and its ``note``."""
    return {**est.to_dict(), "note": note(est)}


def test_dict(t: TestResult) -> dict[str, Any]:
    """A test as JSON: its name, statistic, p-value and ``note``."""
    return {**t.to_dict(), "note": note(t)}


def power_dict(p: PowerSummary) -> dict[str, Any]:
    """What the design could detect, as JSON, with the ``method`` and ``note``."""
    return {**p.to_dict(), "method": POWER_METHOD, "note": note(p)}


def equivalence_dict(e: Equivalence) -> dict[str, Any]:
    """An equivalence result as JSON, with the ``method`` and ``note``."""
    numbers = e.to_dict()
    head = {key: numbers.pop(key) for key in ("difference", "margin")}
    return {**head, "method": EQUIVALENCE_METHOD, **numbers, "note": note(e)}
