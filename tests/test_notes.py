"""The notes of statistics results in words (:mod:`fr_stats.words.notes`).

The statistics give a :class:`~fr_stats.stats.common.Reason` code and the
numbers behind it; these tests check the sentence each code becomes, and
that the JSON and the command line carry it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from fr_stats.analysis.compare import compare
from fr_stats.stats import oddsratio
from fr_stats.stats.common import Estimate, Reason
from fr_stats.stats.compare import PowerSummary, TestResult
from fr_stats.stats.effects import difference, odds_ratio, ratio
from fr_stats.stats.equivalence import Equivalence
from fr_stats.stats.power import Detectable
from fr_stats.words import notes
from fr_stats.words.change import RULE, finding_dict
from fr_stats.words.notes import note


def _estimate(reason: Reason | None, support_points: int | None = None) -> Estimate:
    return Estimate(None, None, None, "katz", reason, support_points)


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        (
            Reason.WALD_ZERO_WIDTH,
            "the Wald interval has zero width when both rates are 0 or 1",
        ),
        (
            Reason.RATIO_NO_EVENTS,
            "no false matches in either sample: the ratio B/A is 0/0, undefined",
        ),
        (
            Reason.KATZ_A_ZERO,
            "A has no false matches, so B/A is infinite and the Katz log interval is undefined "
            "(it needs both counts above zero); the score interval (ratio method 'score') "
            "is defined",
        ),
        (
            Reason.KATZ_B_ZERO,
            "B has no false matches, so B/A is 0 and the Katz log interval is undefined "
            "(it needs both counts above zero); the score interval (ratio method 'score') "
            "is defined",
        ),
        (
            Reason.STATSMODELS_FAILED,
            "statsmodels could not compute this interval for these counts",
        ),
        (Reason.HALF_ADDED, "0.5 was added to every count because of the zero count"),
        (
            Reason.ODDS_NO_EVENTS,
            "no false matches in either sample: the odds ratio is undefined and the data put "
            "no bound on it",
        ),
        (
            Reason.ODDS_ALL_EVENTS,
            "every probe in both samples was a false match: the odds ratio is undefined",
        ),
        (
            Reason.ODDS_ZERO,
            "B's false matches are at the lowest count the margins allow (0): the estimate is 0",
        ),
        (
            Reason.ODDS_INFINITE,
            "A has no false matches (or B has no correct ones): the estimate is infinite",
        ),
        (
            Reason.WOOLF_ZERO_CELL,
            "a zero cell: the Woolf logit interval is undefined; use the conditional method",
        ),
        (
            Reason.REFERENCE_NO_EVENTS,
            "the reference group had no false matches, so the ratio is undefined",
        ),
        (
            Reason.SUBGROUP_NO_EVENTS,
            "no false matches in the subgroup: no log interval",
        ),
    ],
)
def test_each_estimate_reason_in_words(reason: Reason, sentence: str) -> None:
    assert note(_estimate(reason)) == sentence


def test_no_reason_no_note() -> None:
    assert note(_estimate(None)) is None
    assert notes.estimate_dict(Estimate(0.5, 0.25, 1.0, "katz")) == {
        "estimate": 0.5,
        "low": 0.25,
        "high": 1.0,
        "method": "katz",
        "note": None,
    }


def test_the_odds_ratio_fallback_names_the_support_points() -> None:
    assert note(_estimate(Reason.EXACT_TOO_LARGE, 12_345_678)) == (
        "the exact conditional computation needs 12,345,678 support points, too many to "
        "evaluate; shown instead: the sample odds ratio with Woolf's logit interval, which at "
        "counts this large agree with the conditional ones"
    )
    assert note(_estimate(Reason.EXACT_NOT_CONVERGED)) == (
        "the support windows did not converge; shown instead: the "
        "sample odds ratio with Woolf's logit interval, which at counts this large agree with "
        "the conditional ones"
    )


def test_the_words_of_a_declined_computation_are_its_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The note embeds the same words as the :class:`TooLargeError` the statistics raise."""
    monkeypatch.setattr(oddsratio, "MAX_POINTS", 10)
    with pytest.raises(oddsratio.TooLargeError) as raised:
        oddsratio.fisher_2x2(32, 530, 28, 535)
    assert notes.too_large(raised.value.support_points) == str(raised.value)
    assert notes.too_large(None) == "the support windows did not converge"


@pytest.mark.parametrize(
    ("test", "sentence"),
    [
        (
            TestResult("chi2", None, None, Reason.CHI2_NO_FALSE_MATCHES),
            "undefined: no false matches in either sample, so the expected counts include zero",
        ),
        (
            TestResult("chi2-yates", None, None, Reason.CHI2_NO_CORRECT),
            "undefined: no correct results in either sample, so the expected counts include zero",
        ),
        (
            TestResult("boschloo", None, None, Reason.BOSCHLOO_TOO_MANY, tables=4_008_004),
            "not run: Boschloo's test enumerates all 4,008,004 tables with these sample sizes "
            "(the limit is 2,000,000); at this size Fisher's test and the chi-square test "
            "agree with it closely",
        ),
        (
            TestResult("fisher", None, None, Reason.EXACT_TOO_LARGE, support_points=20_000_000),
            "not computed: the exact conditional computation needs 20,000,000 support points; "
            "the chi-square test decides instead, and at counts this large the two agree "
            "closely",
        ),
        (TestResult("fisher", None, 0.5), None),
    ],
)
def test_each_test_reason_in_words(test: TestResult, sentence: str | None) -> None:
    assert note(test) == sentence
    assert notes.test_dict(test)["note"] == sentence


def test_power_notes_and_method() -> None:
    detect = Detectable(0.05, 500.0, 0.8, 0.95, 0.01, 0.01)
    assert note(PowerSummary(detect, None, 500.0, Reason.NO_CHANGE)) == (
        "no change was observed, so the sample size to detect it is undefined"
    )
    failed = PowerSummary(detect, None, 500.0, Reason.SAMPLE_SIZE_FAILED, "p2 must be below 1")
    assert note(failed) == "sample size: p2 must be below 1"
    record = notes.power_dict(PowerSummary(detect, 1234.5, 500.0))
    assert list(record) == ["mde", "mde_fall", "n_per_group", "n_used", "method", "note"]
    assert record["method"].startswith("R power.prop.test (two-sided, equal groups)")
    assert record["note"] is None


def test_equivalence_record_keeps_its_order_and_words() -> None:
    e = Equivalence(0.0, 0.02, -0.01, 0.01, True, None, None, None, Reason.SCORE_TEST_UNDEFINED)
    record = notes.equivalence_dict(e)
    assert list(record)[:4] == ["difference", "margin", "method", "shown"]
    assert list(record)[-1] == "note"
    assert record["method"].startswith("90% Newcombe hybrid score interval inside the margin")
    assert record["note"] == (
        "the score test is undefined for these counts; the interval alone decides"
    )


def test_the_rule_is_in_every_finding() -> None:
    r = compare("28/535", "32/530")
    record = finding_dict(r.finding)
    assert list(record)[-1] == "rule"
    assert record["rule"] == RULE
    assert RULE.startswith("A change is statistically detected when the two-sided Fisher")


def test_statistics_results_carry_codes_and_the_json_carries_sentences() -> None:
    assert ratio(0, 530, 0, 1429).reason is Reason.RATIO_NO_EVENTS
    assert difference(0, 530, 0, 1429, method="wald").reason is Reason.WALD_ZERO_WIDTH
    assert odds_ratio(0, 530, 5, 530, method="woolf").reason is Reason.WOOLF_ZERO_CELL
    d = compare("0/530", "0/1429").to_dict()
    assert d["ratio"]["note"] == (
        "no false matches in either sample: the ratio B/A is 0/0, undefined"
    )
    assert d["tests"][0]["note"] == (
        "undefined: no false matches in either sample, so the expected counts include zero"
    )
    assert d["power"]["note"] == (
        "no change was observed, so the sample size to detect it is undefined"
    )
    json.dumps(d, allow_nan=True)


def test_the_command_line_prints_the_sentences(cli: Callable[..., Result]) -> None:
    result = cli("compare", "0/530", "0/1429")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert (
        "Note (ratio): no false matches in either sample: the ratio B/A is 0/0, undefined." in out
    )
    assert (
        "Note (power): no change was observed, so the sample size to detect it is undefined." in out
    )


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_words(reason: Reason) -> None:
    """Worded for a result that carries the numbers behind it (only a test counts tables)."""
    test = TestResult("x", None, None, reason, support_points=20_000_000, tables=3_000_000)
    est = Estimate(None, None, None, "katz", reason, support_points=20_000_000)
    results = (test,) if reason is Reason.BOSCHLOO_TOO_MANY else (test, est)
    for result in results:
        said = note(result)
        assert said and said == said.strip() and not said.endswith(".")
