"""The claims ledger's parts: the rounding arithmetic, the typed facts, the reasons worded
in ``words/claims.py`` and the number formatting they use. Expected values are worked
out by hand in the comments."""

from __future__ import annotations

import ast
import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest

import fr_stats
from fr_stats import text
from fr_stats.catalog import load
from fr_stats.ledger import Claim, check_claim
from fr_stats.ledger.facts import Counts
from fr_stats.ledger.rounding import (
    decimals,
    judge,
    judge_one_in_n,
    near,
    round_half_up,
    steps,
    truncate,
)
from fr_stats.words import claims as words

PACKAGE = Path(__file__).resolve().parent.parent / "fr_stats"

# --------------------------------------------------------------------------- #
# rounding.py: pure numbers
# --------------------------------------------------------------------------- #


def test_round_half_up_is_exact() -> None:
    # 39.25 to one decimal: half up gives 39.3 (a float 39.25 with round() gives 39.2).
    assert round_half_up(Fraction(3925, 100), Fraction(1, 10)) == Fraction(393, 10)
    # 11/28 = 39.2857...% to the nearest 10 is 40, to the nearest 1 is 39.
    x = Fraction(1100, 28)
    assert round_half_up(x, Fraction(10)) == 40
    assert round_half_up(x, Fraction(1)) == 39
    # 2,297/2,470 = 92.9959...%: truncated at whole percent, 92.
    assert truncate(Fraction(229700, 2470), Fraction(1)) == 92


def test_steps_and_decimals() -> None:
    assert steps("40", cap=10) == (Fraction(1), Fraction(10))
    assert steps("99.9997", cap=10) == (Fraction(1, 10_000), Fraction(1, 10_000))
    assert steps("13000000", cap=None) == (Fraction(1), Fraction(1_000_000))
    assert (decimals(Fraction(1, 10_000)), decimals(Fraction(10)), decimals(Fraction(1, 2))) == (
        4,
        0,
        1,
    )


def test_nearly_40_read_at_both_precisions() -> None:
    r = judge(Fraction(11, 28), "40", "percent", "nearly")
    # 39.2857% is below 40 ("nearly": below), rounds to 40 at 10, to 39 at 1.
    assert r.right_side and r.within and not r.within_finest and not r.truncated
    assert r.holds
    # Shown one decimal finer than stated: 39.3; at the finest unit: 39.
    assert (r.head.value, r.head.places) == (Fraction(393, 10), 1)
    assert (r.finest.value, r.finest.places) == (Fraction(39), 0)


def test_a_truncated_figure_holds() -> None:
    # 1 - 28/13,375,000 = 99.99979065...%: rounds to 99.9998, truncates to 99.9997.
    r = judge(1 - Fraction(28, 13_375_000), "99.9997", "percent", "")
    assert not r.within and r.truncated and r.holds
    assert r.finest.value == Fraction(999998, 10_000)


def test_near_a_percentage_above_50_is_measured_from_100() -> None:
    # "about 89%": 10% of the distance from 100 is 1.1 points, so 81% is not near.
    assert not near(Fraction(81), Fraction(89), percent=True)
    assert near(Fraction(88), Fraction(89), percent=True)
    # As a plain number, 10% of 89 = 8.9: 81 is near.
    assert near(Fraction(81), Fraction(89))


def test_one_in_n() -> None:
    # 26 of 120: 120/26 = 4.615 -> one in 5; 26/120 = 21.7% > 1/5 ("more than").
    r = judge_one_in_n(Fraction(26, 120), 26, 120, "5", "more than")
    assert r.one_in == Fraction(60, 13) and r.nearest == 5 and r.right_side and r.holds
    # 27 of 188: 188/27 = 6.96 -> one in 7, not 6; |6.96 - 6| > 0.6, so not near either.
    r = judge_one_in_n(Fraction(27, 188), 27, 188, "6", "nearly")
    assert r.nearest == 7 and r.right_side and not r.near and not r.holds
    # No false matches: one in N is undefined and the figure cannot hold.
    r = judge_one_in_n(Fraction(0), 0, 50, "5", "")
    assert r.one_in is None and not r.holds


# --------------------------------------------------------------------------- #
# words/claims.py: reasons from typed values
# --------------------------------------------------------------------------- #


def test_rounding_reason_at_two_precisions() -> None:
    r = judge(Fraction(11, 28), "40", "percent", "nearly")
    # 11/28 = 39.29% -> 39.3% shown; below 40; 40 read to the nearest 10; 39 to the nearest 1.
    assert words.rounding(r, "11 / 28", "percent", "40", "nearly") == (
        "11 / 28 = 39.3%: below 40% and within the rounding of 40% (reading 40 as rounded "
        "to the nearest 10; to the nearest whole percent it is 39%)"
    )


def test_a_tolerance_from_100_is_said_in_points() -> None:
    # 34/42 = 80.95% against "about 89%": 10% of (100 - 89) = 1.1 points.
    r = judge(Fraction(34, 42), "89", "percent", "about")
    assert words.rounding(r, "34 / 42", "percent", "89", "about") == (
        "34 / 42 = 81.0%, which rounds to 81%, not 89%, at the precision stated, and is not "
        "within 1.1 points of it (10% of its distance from 100%)"
    )
    # Against "about 82%": 10% of 18 = 1.8 points, and |80.95 - 82| = 1.05.
    r = judge(Fraction(34, 42), "82", "percent", "about")
    assert words.rounding(r, "34 / 42", "percent", "82", "about") == (
        "34 / 42 = 81.0%: within 1.8 points of 82% (10% of its distance from 100%)"
    )
    # Below 50% the tolerance is 10% of the figure itself: 10% of 30 is 3 points.
    r = judge(Fraction(34, 42), "30", "percent", "about")
    assert words.rounding(r, "34 / 42", "percent", "30", "about").endswith(
        "and is not within 10% of it"
    )


def test_one_in_n_reason() -> None:
    r = judge_one_in_n(Fraction(27, 188), 27, 188, "6", "nearly")
    # 27/188 = 14.36% -> 14.4%; 188/27 = 6.963 -> 6.96; nearest whole 7.
    assert words.one_in_n(r, "27 / 188", "6", "nearly") == (
        "27 / 188 = 14.4%, one in 6.96, which is one in 7 to the nearest whole number, "
        "not 'nearly one in 6'"
    )
    assert words.one_in_derived(Fraction(188, 27), 27, 188) == "one in 6.96296 = 188 ÷ 27"


def test_zero_and_alternative_wording() -> None:
    # 530 + 1,429 = 1,959.
    assert words.tested_sum([530, 1429]) == "tested = 530 + 1,429 = 1,959 (arms added up)"
    assert words.alternative(435, "tested", "Moneycontrol", False, False) == (
        "with 435 tested per Moneycontrol, it fails"
    )
    assert words.alternative(28, "false_matches", "Boston 25 News", False, True) == (
        "with 28 false matches per Boston 25 News, it fails too"
    )


def test_text_grouped_and_shortest() -> None:
    assert text.grouped(13_375_000) == "13,375,000"
    assert text.grouped(99.9998, 4) == "99.9998"
    assert text.shortest(40.0) == "40"
    assert text.shortest(120 / 26) == "4.61538"  # 4.615384... to 6 significant digits


# --------------------------------------------------------------------------- #
# Typed facts
# --------------------------------------------------------------------------- #


def test_every_check_rests_on_a_frozen_dataclass() -> None:
    for check in fr_stats.claims().checks:
        facts = check.facts
        assert dataclasses.is_dataclass(facts), check.claim.id
        params = getattr(type(facts), "__dataclass_params__")  # noqa: B009
        assert params.frozen, check.claim.id
        assert check.numbers == facts.to_dict()


def test_counts_of_a_study() -> None:
    # ACLU 2018: 28 false matches among 535 members of Congress, at 80%.
    counts = Counts.of(load().resolve("aclu2018"))
    assert (counts.false_matches, counts.tested, counts.threshold) == (28, 535, 80.0)
    assert counts.rate == pytest.approx(28 / 535, rel=1e-15)
    assert "upper_bound" not in counts.to_dict()


def test_about_89_percent_says_the_tolerance_it_used() -> None:
    claim = Claim(
        id="x", quote="q", said_by="s", check="arithmetic", studies=("met-essex2019",),
        figure="89", form="percent", qualifier="about", quantity="alerts",
    )  # fmt: skip
    result = check_claim(claim)
    assert result.verdict == "inconsistent"
    # 10% of (100 - 89) = 1.1 points; 81.0% is 8 points away.
    assert "not within 1.1 points of it (10% of its distance from 100%)" in result.reason
    assert "within 10% of" not in result.reason


# --------------------------------------------------------------------------- #
# Size
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "path",
    [*sorted((PACKAGE / "ledger").glob("*.py")), PACKAGE / "words" / "claims.py"],
    ids=lambda p: p.name,
)
def test_ledger_modules_stay_small(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 600
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno < 80, node.name


def test_the_resolved_reading_says_too_only_when_both_readings_hold() -> None:
    # met-essex2019: 34 of 42 alerts = 80.95% -> 81%; resolved only, 30 of 38 = 78.95% -> 79%.
    def essex(figure: str) -> str:
        claim = Claim(
            id="x", quote="q", said_by="s", check="arithmetic", studies=("met-essex2019",),
            figure=figure, form="percent", quantity="alerts",
        )  # fmt: skip
        return check_claim(claim).reason

    # "79%" fails on all alerts and holds on resolved ones: no "too".
    assert essex("79").endswith("30 / 38 = 78.9%, which the figure matches")
    # "81%" holds on all alerts and fails on resolved ones.
    assert essex("81").endswith("30 / 38 = 78.9%, which the figure does not match")
