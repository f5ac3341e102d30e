"""The claims ledger: each bundled claim's verdict and numbers, the claims table's
validation, and ``fr-stats claims``."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from fr_stats.catalog import data_dir
from fr_stats.errors import DataFileError, InputError
from fr_stats.ledger import (
    CLAIM_COLUMNS,
    VERDICTS,
    Claim,
    ClaimsResult,
    _steps,
    check_claim,
    claims,
    read_claims,
)
from fr_stats.stats.equivalence import equivalence

# --------------------------------------------------------------------------- #
# The bundled ledger
# --------------------------------------------------------------------------- #

EXPECTED_VERDICTS = {
    # 32/530 vs 28/535: +0.8 points, Fisher p = 0.60: not detectable.
    "techrepublic-worse": "not supported",
    # 90% CI of the difference -1.5 to +3.1 points: not inside ±2.
    "techrepublic-no-change": "not supported",
    # 11/28 = 39.29%: below 40, and 40 read to the nearest 10.
    "aclu2018-nearly-40": "supported",
    # binom.test(11, 28, p = 0.2, alternative = "greater"): p = 0.015.
    "aclu2018-disparity": "supported",
    # 120/26 = 4.62 -> one in 5; 26/120 = 21.7% > 20%.
    "aclu2019-ca-one-in-five": "supported",
    # 188/27 = 6.96 -> one in 7, not six.
    "aclu2019-ma-one-in-six": "inconsistent",
    # 73/1429 = 5.108% -> 5.
    "techmonitor-uk-five-percent": "supported",
    # 28/535 = 5.234% -> 5.
    "startribune-five-percent": "supported",
    # 1 - 28/13,375,000 = 99.999791% -> 99.9998 at 4 decimals, not 99.9997.
    "ipvm-accuracy": "supported",
    # 535 x 25,000 = 13,375,000 > 13 million.
    "ipvm-13-million": "supported",
    # Amazon's 99% replication: the number of probes was never published.
    "amazon2018-zero": "cannot be checked",
    "amazon2019-zero": "cannot be checked",
    # 0 of 530 + 0 of 1,429: the bound is computed.
    "comparitech2020-zero-95": "supported",
    # Comparitech at 95%: 0 of 1,959 against 105 of 1,959 at 80%.
    "amazon-advice-95": "cannot be checked",
    # Implied by the zero at 95% (a match at >= 99% is also >= 95%).
    "amazon-advice-99": "cannot be checked",
    # ACLU Massachusetts never published its threshold.
    "techrepublic-80-benchmark": "cannot be checked",
    # Comparitech's counts by race were never published.
    "techrepublic-bischoff-bias": "cannot be checked",
    # Live facial recognition. 2,297/2,470 = 92.996%: truncates to 92, rounds to 93.
    "metro-swp-92": "supported",
    # 7/8 = 87.5%: rounds to 88, truncates to 87; never 86.
    "bbw-oxford-86": "inconsistent",
    # 34/42 = 80.95% -> 81 (30/38 = 78.9% on resolved alerts does not give 81).
    "essex-review-81": "supported",
    # 10/3,147,436 = 0.000317716% -> 0.0003 at four decimals.
    "register-0-0003": "supported",
    # No counts behind "96 percent" were published.
    "detroit-96": "cannot be checked",
}


@pytest.fixture(scope="module")
def ledger() -> dict[str, dict]:
    return {c["id"]: c for c in claims().to_dict()["claims"]}


def test_every_issue_claim_is_in_the_ledger(ledger: dict[str, dict]) -> None:
    assert set(ledger) == set(EXPECTED_VERDICTS)


@pytest.mark.parametrize(("claim_id", "verdict"), EXPECTED_VERDICTS.items())
def test_verdict(ledger: dict[str, dict], claim_id: str, verdict: str) -> None:
    record = ledger[claim_id]
    assert record["verdict"] == verdict, record["reason"]
    assert record["reason"] and "\n" not in record["reason"]
    assert record["numbers"], "every verdict comes with its numbers"


def test_json_shape(ledger: dict[str, dict]) -> None:
    for record in ledger.values():
        assert {"id", "quote", "said_by", "url", "date", "studies", "check", "verdict",
                "reason", "numbers"} <= set(record)  # fmt: skip
        assert record["verdict"] in VERDICTS
        # JSON-ready, no NaN anywhere.
        json.dumps(record, allow_nan=False)


def test_techrepublic_claims_have_no_url(ledger: dict[str, dict]) -> None:
    # The article's text was supplied with the source dossier; its web address was never
    # found, so no address and no retrieval date are given.
    for claim_id in ("techrepublic-worse", "techrepublic-no-change", "techrepublic-80-benchmark",
                     "techrepublic-bischoff-bias"):  # fmt: skip
        record = ledger[claim_id]
        assert record["url"] is None
        assert record["retrieved"] is None
        assert record["notes"].startswith("URL not found. The wording is checked against the text")
        assert "techrepublic.com" not in json.dumps(record)


def test_claims_on_pages_not_read_have_no_retrieval_date(ledger: dict[str, dict]) -> None:
    # Amazon's blog post of 2018-07-27 was not found in a stored copy: its words were read in
    # quotations of it (GitHub notes, BGR, CCTV User Group), so the page has no read date.
    for claim_id in ("amazon2018-zero", "amazon-advice-99"):
        assert ledger[claim_id]["url"].startswith("https://aws.amazon.com/blogs/aws/")
        assert ledger[claim_id]["retrieved"] is None


def test_comparitech_zero_uses_the_fuller_tertiary_wording(ledger: dict[str, dict]) -> None:
    # Source dossier, corrections item 5: Threatpost quoted on Reddit (third-hand).
    record = ledger["comparitech2020-zero-95"]
    assert record["quote"] == (
        "When we increase the threshold to what Amazon recommends for law enforcement, "
        "however, we found no incorrect matches at or above 95 percent confidence."
    )
    assert "tertiary" in record["notes"]
    assert record["retrieved"] is None


def test_startribune_rate_is_repeated_with_the_press_variant_435(
    ledger: dict[str, dict],
) -> None:
    # Moneycontrol's "out of the total 435" (contradictions.csv): 28/435 = 6.44%, which is
    # not 5 percent; the 535 seats give 28/535 = 5.23%.
    alternatives = ledger["startribune-five-percent"]["numbers"]["alternatives"]
    assert [(a["tested"], a["source_short"], a["holds"]) for a in alternatives] == [
        (435, "Moneycontrol", False)
    ]
    assert_allclose(alternatives[0]["value"], 28 / 435, rtol=1e-12)


def test_ipvm_wording_is_the_confirmed_one(ledger: dict[str, dict]) -> None:
    record = ledger["ipvm-accuracy"]
    assert record["quote"] == (
        "However, the ACLU's results also show that the Amazon system was 99.9997% accurate "
        "and yet still generated those 28 false matches."
    )
    assert record["url"] == "https://ipvm.com/reports/amazon-aclu-28"
    assert ledger["ipvm-13-million"]["quote"] == (
        "The ACLU test required Amazon Rekognition to conduct more than 13 million facial "
        "comparisons as it submitted the 535 members of Congress vs a 25,000 mugshot database."
    )


# -- change ------------------------------------------------------------------ #


def test_change_numbers(ledger: dict[str, dict]) -> None:
    n = ledger["techrepublic-worse"]["numbers"]
    assert (n["a"]["false_matches"], n["a"]["tested"]) == (28, 535)
    assert (n["b"]["false_matches"], n["b"]["tested"]) == (32, 530)
    # by hand: 32/530 - 28/535
    assert_allclose(n["difference"]["estimate"], 32 / 530 - 28 / 535, rtol=1e-12)
    # R 4.2.2: fisher.test(matrix(c(32, 498, 28, 507), 2))$p.value
    assert_allclose(n["fisher_pvalue"], 0.596988085381164, rtol=1e-9)
    assert n["direction_claimed"] == n["direction_observed"] == "increase"
    reason = ledger["techrepublic-worse"]["reason"]
    assert "p = 0.60" in reason and "not statistically detectable" in reason


# -- no change: equivalence --------------------------------------------------- #


def _wilson(k: int, n: int, z: float) -> tuple[float, float]:
    """Wilson's score interval by hand (R: prop.test(k, n, correct = FALSE)$conf.int)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_equivalence_is_the_90_percent_newcombe_interval(ledger: dict[str, dict]) -> None:
    n = ledger["techrepublic-no-change"]["numbers"]
    z = 1.6448536269514722  # R: qnorm(0.95)
    p1, p2 = 32 / 530, 28 / 535
    (l1, u1), (l2, u2) = _wilson(32, 530, z), _wilson(28, 535, z)
    # Newcombe (1998) method 10, by hand from the two Wilson intervals.
    low = (p1 - p2) - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = (p1 - p2) + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    assert_allclose([n["ci"]["low"], n["ci"]["high"]], [low, high], rtol=1e-10)
    assert n["ci"]["method"] == "newcombe" and n["ci"]["level"] == 0.9
    assert n["margin"] == 0.02 and n["shown"] is False
    # The TOST p-value is the larger one-sided p; here the interval reaches past +2
    # points, so H0 "an increase of 2 points or more" is not rejected.
    assert n["pvalue"] == max(n["pvalue_lower"], n["pvalue_upper"]) > 0.05
    assert_allclose(n["ruled_out"]["increase_larger_than"], high, rtol=1e-10)
    assert_allclose(n["ruled_out"]["decrease_larger_than"], -low, rtol=1e-10)
    assert_allclose(n["smallest_margin_shown"], high, rtol=1e-10)
    reason = ledger["techrepublic-no-change"]["reason"]
    assert "±2.0 points" in reason and "−1.5 to +3.2" in reason
    assert ledger["techrepublic-no-change"]["verdict"] == "not supported"


def test_equivalence_shown_when_the_interval_is_inside_the_margin() -> None:
    # Large equal samples: 5000/100000 vs 5000/100000, 90% CI about ±0.16 points.
    r = equivalence(5000, 100_000, 5000, 100_000, 0.01)
    assert r.shown and r.pvalue is not None and r.pvalue < 0.05
    assert r.low > -0.01 and r.high < 0.01


def test_equivalence_with_no_false_matches_still_has_an_interval() -> None:
    r = equivalence(0, 100, 0, 200, 0.02)
    z = 1.6448536269514722  # R: qnorm(0.95)
    (_, u1), (_, u2) = _wilson(0, 100, z), _wilson(0, 200, z)
    assert_allclose([r.low, r.high], [-u2, u1], rtol=1e-10)
    json.dumps(r.to_dict(), allow_nan=False)


def test_no_change_margin_of_half_the_rate_is_refused(tmp_path: Path) -> None:
    """A margin of ±3 points on 5.2% is more than half the rate: it would call a change
    from 5.2% to 8.2%, more than half as much again, 'no change'."""
    table = tmp_path / "claims.csv"
    table.write_text(
        "id,quote,said_by,url,date,retrieved,studies,check,figure,form,qualifier,quantity,"
        "subgroup,margin,direction,notes\n"
        "wide,Nothing changed.,A paper,,2020-06,,aclu2018;comparitech2020,no-change,,,,,,3,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"margin.*half the smaller rate \(5\.2%\)"):
        claims("wide", data=[table])


# -- disparity ---------------------------------------------------------------- #


def test_disparity_numbers(ledger: dict[str, dict]) -> None:
    n = ledger["aclu2018-disparity"]["numbers"]
    # R 4.2.2: binom.test(11, 28, p = 0.2, alternative = "greater")$p.value
    assert_allclose(n["pvalue_greater"], 0.0148628668106823, rtol=1e-9)
    # R 4.2.2: binom.test(11, 28, p = 0.2)$p.value
    assert_allclose(n["pvalue_two_sided"], 0.0167971481220657, rtol=1e-9)
    assert_allclose(n["share_among_false_matches"], 11 / 28, rtol=1e-12)
    assert n["holds_across_rounding"] is True
    reason = ledger["aclu2018-disparity"]["reason"]
    assert "p = 0.015 (one-sided)" in reason and "from 19.5% to 20.5%" in reason


def test_disparity_without_published_counts_names_them(ledger: dict[str, dict]) -> None:
    record = ledger["techrepublic-bischoff-bias"]
    assert "people of color" in record["reason"] and "never published" in record["reason"]
    assert record["numbers"]["missing"] == record["reason"]


# -- zero --------------------------------------------------------------------- #


def test_zero_bound_against_r(ledger: dict[str, dict]) -> None:
    n = ledger["comparitech2020-zero-95"]["numbers"]
    assert (n["false_matches"], n["tested"]) == (0, 1959)
    # R 4.2.2: binom.test(0, 1959, alternative = "less")$conf.int[2]
    assert_allclose(n["upper_bound"], 0.00152804639165987, rtol=1e-9)
    # R 4.2.2: binom.test(0, 530, alternative = "less")$conf.int[2]; same for 1429
    assert_allclose(
        [s["upper_bound"] for s in n["studies"]], [0.00563638071023539, 0.00209418779886087],
        rtol=1e-9,
    )  # fmt: skip
    assert "0.15%" in ledger["comparitech2020-zero-95"]["reason"]


def test_zero_with_unpublished_denominator(ledger: dict[str, dict]) -> None:
    reason = ledger["amazon2018-zero"]["reason"]
    assert "number of probes" in reason and "never published" in reason
    assert "Amazon 2018" in reason


# -- arithmetic ----------------------------------------------------------------- #


def test_nearly_40_percent(ledger: dict[str, dict]) -> None:
    n = ledger["aclu2018-nearly-40"]["numbers"]
    # by hand: 11/28 = 0.392857...; 39.29% is below 40 (right side for "nearly").
    assert_allclose(n["value"], 11 / 28, rtol=1e-15)
    assert n["right_side"] is True
    # To the nearest 10 it is 40; to the nearest whole percent it is 39.
    assert (n["rounds_to"], n["rounds_to_finest"]) == (40, 39)
    assert n["within_rounding"] is True and n["within_rounding_finest"] is False
    assert "to the nearest whole percent it is 39%" in ledger["aclu2018-nearly-40"]["reason"]


def test_one_in_five(ledger: dict[str, dict]) -> None:
    n = ledger["aclu2019-ca-one-in-five"]["numbers"]
    # by hand: 120/26 = 4.615 -> 5; 26/120 = 0.2167 > 1/5.
    assert_allclose(n["one_in"], 120 / 26, rtol=1e-15)
    assert n["nearest_whole"] == 5 and n["right_side"] is True
    # the Globe's 125: 125/26 = 4.81 -> 5; 26/125 = 0.208 > 1/5: holds too.
    (alt,) = n["alternatives"]
    assert (alt["tested"], alt["nearest_whole"], alt["holds"]) == (125, 5, True)


def test_one_in_six(ledger: dict[str, dict]) -> None:
    n = ledger["aclu2019-ma-one-in-six"]["numbers"]
    # by hand: 188/27 = 6.963 -> one in 7; 27/188 = 14.4% < 1/6 (right side, wrong rounding).
    assert_allclose(n["one_in"], 188 / 27, rtol=1e-15)
    assert n["nearest_whole"] == 7
    assert n["right_side"] is True and n["within_rounding"] is False
    # 28 false matches: 188/28 = 6.71 -> 7, still not six.
    (alt,) = n["alternatives"]
    assert (alt["false_matches"], alt["nearest_whole"], alt["holds"]) == (28, 7, False)
    assert "one in 7 to the nearest whole number" in ledger["aclu2019-ma-one-in-six"]["reason"]


@pytest.mark.parametrize(
    ("claim_id", "k", "n"),
    [("techmonitor-uk-five-percent", 73, 1429), ("startribune-five-percent", 28, 535)],
)
def test_five_percent(ledger: dict[str, dict], claim_id: str, k: int, n: int) -> None:
    numbers = ledger[claim_id]["numbers"]
    # by hand: 73/1429 = 5.108%, 28/535 = 5.234%: both round to 5.
    assert_allclose(numbers["computed"], 100 * k / n, rtol=1e-12)
    assert numbers["rounds_to"] == 5


def test_ipvm_accuracy(ledger: dict[str, dict]) -> None:
    record = ledger["ipvm-accuracy"]
    n = record["numbers"]
    # by hand: 535 x 25,000 = 13,375,000; 1 - 28/13,375,000 = 0.999997906542...
    assert n["comparisons"] == 13_375_000
    assert_allclose(n["computed"], 99.99979065420561, rtol=1e-14)
    # to 4 decimals it rounds to 99.9998; 99.9997 is the truncation.
    assert n["rounds_to_finest"] == pytest.approx(99.9998, abs=1e-9)
    assert n["truncates_to_finest"] == pytest.approx(99.9997, abs=1e-9)
    # A truncated figure is consistent with the counts, and the reason says it is truncated.
    assert record["verdict"] == "supported" and n["truncated"] is True
    assert "99.9997% is the value truncated at the precision stated" in record["reason"]
    # probes and comparisons are different units: 28 of 535 people = 5.2%.
    assert_allclose(n["per_probe_rate"], 28 / 535, rtol=1e-15)
    assert "pairwise comparisons" in record["reason"] and "5.2%" in record["reason"]
    assert "not wrong pairwise comparisons" in n["units"]


def test_more_than_13_million(ledger: dict[str, dict]) -> None:
    n = ledger["ipvm-13-million"]["numbers"]
    assert n["computed"] == 13_375_000 and n["right_side"] is True
    assert n["rounding_unit"] == 1_000_000 and n["rounds_to"] == 13_000_000


@pytest.mark.parametrize(
    ("figure", "fine", "coarse"),
    [("99.9997", "0.0001", "0.0001"), ("5", "1", "1"), ("40", "1", "10"), ("100", "1", "10"),
     ("13000000", "1", "1000000"), ("5.0", "0.1", "0.1"), ("0", "1", "1")],
)  # fmt: skip
def test_rounding_units(figure: str, fine: str, coarse: str) -> None:
    cap = None if figure == "13000000" else 10
    assert _steps(figure, cap=cap) == (Fraction(fine), Fraction(coarse))


def _claim(**fields: object) -> Claim:
    base: dict[str, object] = {
        "id": "x",
        "quote": "q",
        "said_by": "s",
        "check": "arithmetic",
        "studies": ("aclu2018",),
        "form": "percent",
        "quantity": "rate",
    }
    base.update(fields)
    return Claim(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        # 28/535 = 5.23%: "more than 5 percent" holds; "nearly 5 percent" does not (above 5).
        ({"figure": "5", "qualifier": "more than"}, "supported"),
        ({"figure": "5", "qualifier": "nearly"}, "inconsistent"),
        # "6 percent": 5.23 rounds to 5.
        ({"figure": "6"}, "inconsistent"),
        # "5.2 percent" exact at one decimal; "5.3" is not (5.23 -> 5.2, truncation is 5.2 too).
        ({"figure": "5.2"}, "supported"),
        ({"figure": "5.3"}, "inconsistent"),
        # 535/28 = 19.1 -> one in 19; "more than one in 20" is right side but rounds to 19.
        ({"figure": "19", "form": "one-in-n"}, "supported"),
        # 28/535 is a rate above 1/20 and one in 19.1, within 10% of 20.
        ({"figure": "20", "form": "one-in-n", "qualifier": "more than"}, "supported"),
        ({"figure": "20", "form": "one-in-n", "qualifier": "about"}, "supported"),
        ({"figure": "20", "form": "one-in-n"}, "inconsistent"),
        ({"figure": "18", "form": "one-in-n", "qualifier": "about"}, "supported"),
        ({"figure": "25", "form": "one-in-n", "qualifier": "about"}, "inconsistent"),
        ({"figure": "5", "qualifier": "around"}, "supported"),
        ({"figure": "5", "qualifier": "at least"}, "supported"),
        ({"figure": "5", "qualifier": "up to"}, "inconsistent"),
        ({"figure": "5.5", "qualifier": "under"}, "supported"),
        # A bound must also be near the figure: "under 6%" is true of 5.2% but says too little.
        ({"figure": "6", "qualifier": "under"}, "inconsistent"),
        ({"figure": "6", "qualifier": "about"}, "inconsistent"),
        ({"figure": "5.3", "qualifier": "almost"}, "supported"),
        # "nearly one in 19": 19.1 > 19 is the right side ("fewer than one in 19").
        ({"figure": "19", "form": "one-in-n", "qualifier": "nearly"}, "supported"),
        ({"figure": "19", "form": "one-in-n", "qualifier": "more than"}, "inconsistent"),
    ],
)
def test_arithmetic_rules(fields: dict[str, object], verdict: str) -> None:
    assert check_claim(_claim(**fields)).verdict == verdict


def test_one_in_n_with_no_false_matches() -> None:
    result = check_claim(_claim(studies=("comparitech2020@95",), figure="5", form="one-in-n"))
    assert result.verdict == "inconsistent" and "no false matches" in result.reason


def test_arithmetic_needs_published_counts() -> None:
    result = check_claim(_claim(studies=("amazon2018",), figure="0"))
    assert result.verdict == "cannot be checked"
    assert "probes tested" in result.reason and "never published" in result.reason


# -- threshold ------------------------------------------------------------------ #


def test_threshold_advice_95(ledger: dict[str, dict]) -> None:
    n = ledger["amazon-advice-95"]["numbers"]
    assert (n["false_matches_at_advised"], n["tested_at_advised"]) == (0, 1959)
    # R 4.2.2: binom.test(0, 1959, alternative = "less")$conf.int[2]
    assert_allclose(n["upper_bound_at_advised"], 0.00152804639165987, rtol=1e-9)
    # 32 + 73 = 105 of 530 + 1,429 = 1,959 at 80%.
    assert n["same_probes_below"]["false_matches"] == 105
    assert n["same_probes_below"]["tested"] == 1959
    said = " ".join(n["can_be_said"])
    assert "ACLU 2018: US Congress 28 of 535" in said
    unsaid = " ".join(n["cannot_be_said"])
    assert "missed true matches" in unsaid
    assert "ACLU 2019: New England athletes: its threshold was never published" in unsaid
    assert "Amazon 2018" in unsaid


def test_threshold_advice_99_is_implied_and_labelled(ledger: dict[str, dict]) -> None:
    n = ledger["amazon-advice-99"]["numbers"]
    assert n["at_or_above_advised"] == []
    assert {r["id"] for r in n["implied_at_advised"]} == {
        "comparitech2020@95",
        "comparitech2020-uk@95",
    }
    assert all("implies 0 at 99%" in d for d in n["derived"])
    assert "implied" in ledger["amazon-advice-99"]["reason"]


def test_threshold_advice_without_any_denominator() -> None:
    claim = _claim(check="threshold", studies=("amazon2018",), figure="99", form="advised",
                   quantity="")  # fmt: skip
    result = check_claim(claim)
    assert result.verdict == "cannot be checked"
    assert "the number of probes in Amazon 2018" in result.reason


def test_threshold_used(ledger: dict[str, dict]) -> None:
    record = ledger["techrepublic-80-benchmark"]
    assert "ACLU 2019: New England athletes" in record["reason"]
    assert [s["threshold"] for s in record["numbers"]["studies"]] == [80, 80, None, 80, 80]


@pytest.mark.parametrize(
    ("studies", "figure", "verdict"),
    [(("aclu2018", "comparitech2020"), "80", "supported"),
     (("aclu2018", "amazon2018"), "80", "inconsistent")],
)  # fmt: skip
def test_threshold_used_rules(studies: tuple[str, ...], figure: str, verdict: str) -> None:
    claim = _claim(check="threshold", studies=studies, figure=figure, form="used", quantity="")
    assert check_claim(claim).verdict == verdict


# -- the library call ------------------------------------------------------------- #


def test_one_claim_by_id() -> None:
    result = claims("ipvm-accuracy")
    assert [c.claim.id for c in result.checks] == ["ipvm-accuracy"]
    assert claims(" IPVM-Accuracy ").checks[0].claim.id == "ipvm-accuracy"


def test_unknown_claim_suggests() -> None:
    with pytest.raises(
        InputError, match=r"unknown claim 'ipvm-acuracy'\. Did you mean 'ipvm-accuracy'\?"
    ):
        claims("ipvm-acuracy")


def test_package_attribute_is_the_function() -> None:
    import fr_stats.ledger

    result = fr_stats.claims("ipvm-13-million")
    assert isinstance(result, ClaimsResult)
    assert result.to_dict() == claims("ipvm-13-million").to_dict()


def test_to_frame_and_counts() -> None:
    result = claims()
    frame = result.to_frame()
    assert list(frame["id"]) == list(EXPECTED_VERDICTS)
    assert list(frame["verdict"]) == list(EXPECTED_VERDICTS.values())
    assert json.loads(frame.loc[0, "numbers"])["a"]["false_matches"] == 28
    counts = result.counts()
    assert list(counts) == list(VERDICTS)
    assert sum(counts.values()) == len(EXPECTED_VERDICTS)


# --------------------------------------------------------------------------- #
# Validation of a claims file
# --------------------------------------------------------------------------- #


def _valid(**cells: str) -> dict[str, str]:
    row = {c: "" for c in CLAIM_COLUMNS}
    row.update(
        id="my-claim",
        quote="About one in nineteen members of Congress was falsely matched.",
        said_by="A newspaper",
        url="https://example.org/story",
        date="2024-05",
        retrieved="2024-06-01",
        studies="aclu2018",
        check="arithmetic",
        figure="19",
        form="one-in-n",
    )
    row.update(cells)
    return row


def _write(
    path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = CLAIM_COLUMNS
) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in columns} for r in rows)
    return path


def test_user_claims_are_added(tmp_path: Path) -> None:
    path = _write(tmp_path / "mine.csv", [_valid()])
    result = claims(data=[path])
    assert [c.claim.id for c in result.checks][-1] == "my-claim"
    mine = claims("my-claim", data=[path]).checks[0]
    # 535/28 = 19.1 -> one in 19.
    assert mine.verdict == "supported"
    assert mine.claim.origin == str(path) and mine.claim.row == 2


def test_user_claim_about_a_user_study(tmp_path: Path) -> None:
    studies = tmp_path / "studies.csv"
    with open(data_dir() / "studies.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    header = list(rows[0])
    row = dict(rows[0])
    row.update(id="mystudy2025", tested="200", tested_quote="We tested 200 people.",
               tested_source="", false_matches="10", false_matches_quote="10 were falsely matched.",
               false_matches_source="")  # fmt: skip
    with open(studies, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header, lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    path = _write(tmp_path / "c.csv", [_valid(studies="mystudy2025", figure="5", form="percent")])
    result = claims("my-claim", data=[studies, path])
    # 10/200 = 5.0% exactly.
    assert result.checks[0].verdict == "supported"


BROKEN = [
    ({"quote": ""}, "quote", "is empty; every claim needs its verbatim quote"),
    ({"studies": "aclu2081"}, "studies", "unknown study id 'aclu2081'. Did you mean 'aclu2018'?"),
    ({"check": "arithmatic"}, "check",
     "unknown check 'arithmatic' (did you mean 'arithmetic'?); allowed: change, no-change, "
     "disparity, zero, arithmetic, threshold"),
    ({"check": ""}, "check", "is empty; say which check applies"),
    ({"id": "My Claim"}, "id", "'My Claim' is not a valid id"),
    ({"said_by": ""}, "said_by", "is empty; this column is required"),
    ({"url": "example.org"}, "url", "'example.org' is not a web address"),
    ({"date": "May 2024"}, "date", "'May 2024' is not a date of the form YYYY-MM-DD or YYYY-MM"),
    ({"retrieved": "2024-06"}, "retrieved", "'2024-06' is not a date of the form YYYY-MM-DD"),
    ({"studies": "", "check": "zero", "figure": "", "form": ""}, "studies",
     "is empty; name the study ids the claim concerns"),
    ({"quantity": "alerts"}, "quantity",
     "quantity 'alerts' is for live-facial-recognition results; 'aclu2018' is not one"),
    ({"studies": "met2016-2018"}, "quantity",
     "'met2016-2018' is a live-facial-recognition result: its quantity is alerts or "
     "faces-scanned, not 'rate'"),
    ({"studies": "met2016-2018", "check": "disparity", "subgroup": "women", "figure": "",
      "form": ""}, "check", "the 'disparity' check does not apply to live facial recognition"),
    ({"studies": "aclu2018;"}, "studies", "has an empty study id"),
    ({"studies": "28/535"}, "studies", "'28/535' is a count, not a study id"),
    ({"studies": "aclu2018;comparitech2020"}, "studies",
     "the 'arithmetic' check takes exactly 1 study, not 2"),
    ({"studies": "comparitech2020@99"}, "studies",
     "'comparitech2020' has no published result at a 99% threshold"),
    ({"figure": ""}, "figure", "is empty; the 'arithmetic' check needs it"),
    ({"figure": "about 19"}, "figure", "'about 19' is not a figure as written"),
    ({"figure": "0.5"}, "figure", "one in 0.5: N must be at least 1"),
    ({"figure": "120", "form": "percent"}, "figure", "120 percent is more than 100"),
    ({"form": "fraction"}, "form", "'fraction' is not a form of the 'arithmetic' check"),
    ({"qualifier": "approx."}, "qualifier", "unknown qualifier 'approx.'"),
    ({"quantity": "odds"}, "quantity", "unknown quantity 'odds'"),
    ({"quantity": "comparisons"}, "quantity", "quantity 'comparisons' does not fit form 'one-in-n'"),
    ({"form": "percent", "quantity": "accuracy-per-comparison", "figure": "99"}, None, None),
    ({"quantity": "accuracy-per-comparison"}, "quantity", "is a percentage, not one in N"),
    ({"quantity": "share"}, "subgroup", "is needed for quantity 'share'"),
    ({"subgroup": "people of color"}, "subgroup", "is not used with quantity 'rate'"),
    ({"quantity": "share", "subgroup": "women"}, "subgroup",
     "study 'aclu2018' has no subgroup 'women'; its subgroups: 'people of color', "
     "'Congressional Black Caucus'"),
    ({"margin": "2"}, "margin", "is not used by the 'arithmetic' check; leave it empty"),
    ({"check": "no-change", "studies": "aclu2018;comparitech2020", "figure": "", "form": "",
      "margin": "two"}, "margin", "'two' is not a number of percentage points"),
    ({"check": "no-change", "studies": "aclu2018;comparitech2020", "figure": "", "form": "",
      "margin": "0"}, "margin", "0 is outside the allowed range"),
    ({"check": "no-change", "studies": "aclu2018;comparitech2020", "figure": "", "form": ""},
     "margin", "is empty; the 'no-change' check needs it"),
    ({"check": "change", "studies": "aclu2018;comparitech2020", "figure": "", "form": "",
      "direction": "worse"}, "direction", "unknown direction 'worse'"),
    ({"check": "change", "studies": "aclu2018", "figure": "", "form": "", "direction": "increase"},
     "studies", "the 'change' check takes exactly 2 studies, not 1"),
    ({"check": "threshold", "figure": "120", "form": "advised"}, "figure",
     "a threshold is a percentage from 0 to 100, not 120"),
    ({"check": "zero", "figure": "", "form": ""}, None, None),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "column", "message"), BROKEN)
def test_broken_claim_names_file_row_column_rule(
    tmp_path: Path, cells: dict[str, str], column: str | None, message: str | None
) -> None:
    path = _write(tmp_path / "claims.csv", [_valid(id="first"), _valid(**cells)])
    if column is None:  # a valid variant, for contrast
        assert claims("first", data=[path]).checks[0].verdict == "supported"
        return
    with pytest.raises(DataFileError) as info:
        claims("first", data=[path])
    error = info.value
    assert (error.path, error.row, error.column) == (path, 3, column), str(error)
    assert str(error).startswith(f"{path}, row 3, column '{column}': "), str(error)
    assert message in str(error)


def test_duplicate_claim_id_in_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", [_valid(), _valid()])
    with pytest.raises(
        DataFileError,
        match=r"row 3, column 'id': claim id 'my-claim' appears twice \(first at row 2\)",
    ):
        claims(data=[path])


def test_claim_id_clashing_with_bundled(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", [_valid(id="ipvm-accuracy")])
    with pytest.raises(DataFileError) as info:
        claims(data=[path])
    assert str(info.value).startswith(
        f"{path}, row 2, column 'id': claim id 'ipvm-accuracy' is already used in "
    )


def test_missing_column(tmp_path: Path) -> None:
    columns = tuple(c for c in CLAIM_COLUMNS if c != "quote")
    path = _write(tmp_path / "c.csv", [_valid()], columns)
    with pytest.raises(DataFileError, match=r"row 1, column 'quote': missing column 'quote'"):
        claims(data=[path])


def test_read_claims_directly(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", [_valid(figure="1,000", form="one-in-n")])
    (claim,) = read_claims(path)
    assert claim.figure == "1000" and claim.quantity == "rate"
    assert claim.to_dict()["parameters"] == {
        "figure": "1000",
        "form": "one-in-n",
        "quantity": "rate",
    }


def test_bundled_claims_file_is_valid() -> None:
    bundled = read_claims(data_dir() / "claims.csv")
    assert [c.id for c in bundled] == list(EXPECTED_VERDICTS)
    for claim in bundled:
        assert claim.quote and claim.said_by
        if not claim.url:
            assert "URL not found" in claim.notes


# --------------------------------------------------------------------------- #
# The command
# --------------------------------------------------------------------------- #


def test_cli_ledger_table_fits_80_columns(cli: Callable[..., object]) -> None:
    r = cli("claims")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = r.output
    for claim_id in EXPECTED_VERDICTS:
        assert claim_id in text
    # The verdict column is wide enough for its longest unbreakable word.
    assert "│ inconsistent │" in text
    assert "22 claims: 11 supported, 2 not supported, 2 inconsistent, 7 cannot be checked." in text


def test_cli_json(cli: Callable[..., object]) -> None:
    r = cli("claims", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [c["verdict"] for c in data["claims"]] == list(EXPECTED_VERDICTS.values())


def test_cli_single_claim_table(cli: Callable[..., object]) -> None:
    r = cli("claims", "ipvm-accuracy")
    assert r.exit_code == 0, r.output
    assert "supported" in r.output and "truncated" in r.output
    assert "comparisons" in r.output and "13,375,000" in r.output
    assert "https://ipvm.com/reports/amazon-aclu-28" in r.output


def test_cli_single_unverified_claim_says_so(cli: Callable[..., object]) -> None:
    r = cli("claims", "techrepublic-no-change")
    assert r.exit_code == 0, r.output
    assert "not found" in r.output and "not verified against a copy" in r.output
    # The numbers are labelled and rounded for reading; JSON keeps them in full.
    rows = " ".join(r.output.split())
    assert "interval high │ +3.18 percentage points" in rows
    assert "interval level │ 90%" in rows
    assert "ci.high" not in r.output and "0.0317553" not in r.output


def test_cli_single_claim_numbers_read_as_words(cli: Callable[..., object]) -> None:
    r = cli("claims", "techrepublic-worse")
    rows = " ".join(r.output.split())
    assert "A │ ACLU 2018: US Congress: 28 of 535 (5.2%)" in rows
    assert "ratio estimate │ 1.154" in rows
    assert "difference low │ −2.01 percentage points" in rows
    assert "Fisher p-value │ 0.60" in rows


def test_cli_csv(cli: Callable[..., object]) -> None:
    r = cli("claims", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(r.output.splitlines()))
    assert [row["id"] for row in rows] == list(EXPECTED_VERDICTS)
    assert rows[0]["studies"] == "aclu2018;comparitech2020"


def test_cli_markdown(cli: Callable[..., object]) -> None:
    r = cli("claims", "aclu2019-ma-one-in-six", "--format", "markdown")
    assert r.exit_code == 0, r.output
    assert "| aclu2019-ma-one-in-six |" in r.output
    assert "| inconsistent |" in r.output


def test_cli_unknown_claim(cli: Callable[..., object]) -> None:
    r = cli("claims", "ipvm-acuracy")
    assert r.exit_code == 2
    assert (
        r.stderr.splitlines()[0]
        == "Error: unknown claim 'ipvm-acuracy'. Did you mean 'ipvm-accuracy'?"
    )


def test_cli_user_claims(cli: Callable[..., object], tmp_path: Path) -> None:
    path = _write(tmp_path / "mine.csv", [_valid()])
    r = cli("claims", "my-claim", "--data", str(path), "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["claims"][0]["verdict"] == "supported"


def test_cli_broken_claims_file(cli: Callable[..., object], tmp_path: Path) -> None:
    path = _write(tmp_path / "mine.csv", [_valid(quote="")])
    r = cli("claims", "--data", str(path))
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0] == (
        f"Error: {path}, row 2, column 'quote': is empty; every claim needs its verbatim quote"
    )


def test_cli_help(cli: Callable[..., object]) -> None:
    r = cli("claims", "--help")
    assert r.exit_code == 0
    assert "Check what was printed about the studies" in r.output
    assert "fr-stats claims aclu2019-ma-one-in-six" in r.output


# --------------------------------------------------------------------------- #
# Other outcomes of each check, on claims a user might write
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("studies", "direction", "verdict", "words"),
    [
        # 73/1429 = 5.1% vs 26/120 = 21.7%: a detectable decrease.
        # R 4.2.2: fisher.test(matrix(c(73, 1356, 26, 94), 2))$p.value < 1e-7
        (("aclu2019-ca", "comparitech2020-uk"), "decrease", "supported", "detectable decrease"),
        (("aclu2019-ca", "comparitech2020-uk"), "increase", "not supported", "show a decrease"),
        # 32/530 vs 28/535 claimed as a decrease: the counts lean the other way.
        (("aclu2018", "comparitech2020"), "decrease", "not supported", "not statistically"),
        (("aclu2018", "amazon2018"), "decrease", "cannot be checked", "never published"),
    ],
)
def test_change_outcomes(
    studies: tuple[str, str], direction: str, verdict: str, words: str
) -> None:
    claim = _claim(check="change", studies=studies, direction=direction, form="", quantity="")
    result = check_claim(claim)
    assert result.verdict == verdict, result.reason
    assert words in result.reason
    if verdict == "not supported" and direction == "decrease" and studies[0] == "aclu2018":
        assert "lean" not in result.reason


def test_no_change_with_an_unpublished_count() -> None:
    claim = _claim(check="no-change", studies=("aclu2018", "amazon2018"), margin=2.0, form="",
                   quantity="")  # fmt: skip
    result = check_claim(claim)
    assert result.verdict == "cannot be checked"
    assert "probes tested in Amazon 2018" in result.reason


def test_no_change_supported_with_user_studies(tmp_path: Path) -> None:
    studies = _user_studies(tmp_path, [("big2024", 5000, 100_000), ("big2025", 5020, 100_000)])
    path = _write(tmp_path / "c.csv", [_valid(check="no-change", studies="big2024;big2025",
                                              figure="", form="", margin="1")])  # fmt: skip
    result = claims("my-claim", data=[studies, path]).checks[0]
    assert result.verdict == "supported", result.reason
    assert "inside the ±1.0 points margin" in result.reason


def test_zero_claim_on_a_non_zero_count() -> None:
    result = check_claim(_claim(check="zero", form="", quantity=""))
    assert result.verdict == "inconsistent"
    assert result.reason == "ACLU 2018: US Congress published 28 false matches of 535, not zero"


def test_disparity_not_detectable_with_a_larger_share(tmp_path: Path) -> None:
    # The ACLU 2018 subgroup with a population share of 35%:
    # R 4.2.2: binom.test(11, 28, p = 0.35, alternative = "greater")$p.value
    with open(data_dir() / "studies.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["id"] == "aclu2018"][:2]
    for row in rows:
        row["id"] = "copy2018"
    rows[1]["population_share"] = "35"
    rows[1]["population_share_quote"] = "they make up 35 percent"
    studies = tmp_path / "s.csv"
    with open(studies, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    path = _write(tmp_path / "c.csv", [_valid(check="disparity", studies="copy2018", figure="",
                                              form="", subgroup="people of color")])  # fmt: skip
    result = claims("my-claim", data=[studies, path]).checks[0]
    assert result.verdict == "not supported"
    assert_allclose(result.numbers["pvalue_greater"], 0.3839643504, rtol=1e-8)
    assert "no statistically detectable over-representation" in result.reason


def test_arithmetic_on_a_study_without_gallery(tmp_path: Path) -> None:
    result = check_claim(
        _claim(studies=("aclu2019-ma",), figure="99.999", quantity="accuracy-per-comparison")
    )
    # by hand: 1 - 27 / (188 x 20,000) = 99.999282% -> 99.999 at three decimals.
    assert result.verdict == "supported", result.reason
    studies = _user_studies(tmp_path, [("nogallery2024", 10, 100)])
    path = _write(tmp_path / "c.csv", [_valid(studies="nogallery2024", figure="99.99",
                  form="percent", quantity="accuracy-per-comparison")])  # fmt: skip
    result = claims("my-claim", data=[studies, path]).checks[0]
    assert result.verdict == "cannot be checked"
    assert result.reason == "the gallery size of nogallery2024 was never published"


def _user_studies(tmp_path: Path, arms: list[tuple[str, int, int]]) -> Path:
    """A studies table with one 80% arm per (id, false matches, tested), no gallery."""
    with open(data_dir() / "studies.csv", newline="", encoding="utf-8") as f:
        template = next(csv.DictReader(f))
    rows = []
    for ident, k, n in arms:
        row = {key: "" for key in template}
        row.update(
            id=ident, threshold="80", subgroup="all", label=ident, citation=ident,
            population="people", task="face-matching", system="Rekognition",
            publisher="me", published="2024-01", tested=str(n), tested_kind="reported",
            tested_quote=f"We tested {n} people.", false_matches=str(k),
            false_matches_kind="reported", false_matches_quote=f"{k} were falsely matched.",
            threshold_kind="reported", threshold_quote="at an 80 percent threshold",
        )  # fmt: skip
        rows.append(row)
    path = tmp_path / "studies.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(template), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


# --------------------------------------------------------------------------- #
# Live facial recognition: false alerts among alerts, or per face scanned
# --------------------------------------------------------------------------- #


def test_lfr_truncation_is_said_with_the_digits_that_show_it(ledger: dict[str, dict]) -> None:
    record = ledger["metro-swp-92"]
    n = record["numbers"]
    # 2297/2470 = 92.99595...%: rounds to 93, truncates to 92.
    assert_allclose(n["computed"], 100 * 2297 / 2470, rtol=1e-14)
    assert n["truncated"] is True and n["rounds_to"] == 93
    assert record["reason"].startswith("2,297 / 2,470 = 92.996%, which rounds to 93%")
    assert "92% is the value truncated at the precision stated" in record["reason"]


def test_lfr_inconsistent_share_of_alerts(ledger: dict[str, dict]) -> None:
    record = ledger["bbw-oxford-86"]
    assert (
        record["reason"] == "7 / 8 = 87.5%, which rounds to 88%, not 86%, at the precision stated"
    )


def test_lfr_reason_gives_the_resolved_reading(ledger: dict[str, dict]) -> None:
    record = ledger["essex-review-81"]
    assert record["reason"].startswith("34 / 42 = 81.0%, which rounds to 81%; ")
    assert "30 / 38 = 78.9%" in record["reason"]
    assert record["numbers"]["resolved"] == {
        "false_alerts": 30, "alerts": 38, "value": 30 / 38, "holds": False,
    }  # fmt: skip


def test_lfr_per_face_reason_gives_the_per_alert_figure_first(ledger: dict[str, dict]) -> None:
    record = ledger["register-0-0003"]
    assert record["reason"].startswith("per alert, 10 of 2,077 alerts were false (0.48%); ")
    assert (
        "per face scanned, 10 / 3,147,436 = 0.00032%, which rounds to 0.0003%" in (record["reason"])
    )
    assert record["numbers"]["denominator"] == 3_147_436


def test_lfr_claim_without_counts(ledger: dict[str, dict]) -> None:
    record = ledger["detroit-96"]
    assert record["studies"] == []
    assert "no counts behind this figure were published" in record["reason"]


def test_about_near_100_percent_is_judged_on_the_distance_from_100() -> None:
    # met-essex2019: 34 of 42 alerts not verified correct = 81.0%. 10% of 89 would
    # allow 80.1 to 97.9; measured from 100%, "about 89%" allows only 89 ± 1.1.
    far = _claim(studies=("met-essex2019",), figure="89", qualifier="about", quantity="alerts")
    assert check_claim(far).verdict == "inconsistent"
    near = _claim(studies=("met-essex2019",), figure="80", qualifier="about", quantity="alerts")
    assert check_claim(near).verdict == "supported"


def test_no_change_reason_says_when_the_pair_is_not_like_for_like(
    ledger: dict[str, dict],
) -> None:
    reason = ledger["techrepublic-no-change"]["reason"]
    assert "not a like-for-like comparison" in reason
    assert "tested largely the same people" in reason
