"""Power, sample size and detectable difference, against R's power.prop.test.

Expected values are from R 4.2.2 (tests/reference/r_reference.txt, cases
B_power_* and C_power_*, and the calls named in comments). R solves for n, p1
or p2 with uniroot's default tolerance (about 1e-4); the values used here are
the ``tol = 1e-12`` ("tight") ones.
"""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import fr_stats
from fr_stats.analysis.power import PowerResult, power
from fr_stats.errors import InputError, NotComparableError
from fr_stats.stats.power import detectable_difference, power_two_proportions, sample_size


@pytest.mark.parametrize(
    ("p1", "p2", "n", "level", "expected"),
    [
        # R: power.prop.test(n=1000, p1=0.1, p2=0.13)$power
        (0.1, 0.13, 1000, 0.95, 0.556829125563247),
        # R: power.prop.test(n=535, p1=28/535, p2=32/530)$power
        (28 / 535, 32 / 530, 535, 0.95, 0.0822806472850396),
        # R: power.prop.test(n=532.5, p1=28/535, p2=32/530)$power
        (28 / 535, 32 / 530, 532.5, 0.95, 0.0820782327449758),
        # R: power.prop.test(n=70, p1=0.8, p2=0.6)$power
        (0.8, 0.6, 70, 0.95, 0.738063233657537),
        # R: power.prop.test(n=120, p1=26/120, p2=27/188)$power
        (26 / 120, 27 / 188, 120, 0.95, 0.312133894356696),
        # R: power.prop.test(n=530, p1=0, p2=5/530)$power
        (0, 5 / 530, 530, 0.95, 0.611053419904279),
        # R: power.prop.test(n=1e6, p1=1e-4, p2=1.3e-4)$power
        (1e-4, 1.3e-4, 1e6, 0.95, 0.507296728748897),
    ],
)
def test_power_matches_r(p1: float, p2: float, n: float, level: float, expected: float) -> None:
    assert_allclose(power_two_proportions(p1, p2, n, level=level), expected, rtol=1e-12)


def test_power_is_symmetric_and_zero_for_no_difference() -> None:
    assert power_two_proportions(0.1, 0.13, 500) == power_two_proportions(0.13, 0.1, 500)
    # R: power.prop.test(n=100, p1=0.2, p2=0.2)$power == 0.025 (= alpha / 2, strict = FALSE)
    assert_allclose(power_two_proportions(0.2, 0.2, 100), 0.025, rtol=1e-12)
    # Both rates 0 (or both 1): R gives NaN (0/0); no difference can be detected.
    # R: power.prop.test(n=100, p1=0, p2=0)$power and (p1=1, p2=1): NaN
    assert power_two_proportions(0.0, 0.0, 100) == 0.0
    assert power_two_proportions(1.0, 1.0, 100) == 0.0


@pytest.mark.parametrize(
    ("p1", "p2", "n", "expected"),
    [
        # Each rate 0 or 1: the statistic has no spread and R divides by zero.
        # R: power.prop.test(n=535, p1=0, p2=1)$power
        (0.0, 1.0, 535, 1.0),
        # R: power.prop.test(n=2/(1/535+1/538), p1=0, p2=1)$power (0/535 against 538/538)
        (0.0, 1.0, 2 / (1 / 535 + 1 / 538), 1.0),
        # R: power.prop.test(n=2, p1=1, p2=0)$power
        (1.0, 0.0, 2, 1.0),
        # R: power.prop.test(n=1.5, p1=0, p2=1)$power (below z²/2 = 1.92 per group)
        (0.0, 1.0, 1.5, 0.0),
    ],
)
def test_power_when_both_rates_are_certain(p1: float, p2: float, n: float, expected: float) -> None:
    assert power_two_proportions(p1, p2, n) == expected


def test_power_at_zero_and_one_against_r() -> None:
    # R: power.prop.test(p1=0, p2=1, power=0.8, tol=1e-12)$n
    assert_allclose(sample_size(0.0, 1.0), 1.92072941034739, rtol=1e-10)
    # R's power.prop.test(n=2, p1=0, power=0.8) stops ("f.lower = f(lower) is NA",
    # the power is 0/0 at p2 = p1 = 0), so the root is found on its power:
    # R: uniroot(function(p2) power.prop.test(n=2, p1=0, p2=p2)$power - 0.8,
    #            c(0.5, 1), tol=1e-14)$root
    assert_allclose(detectable_difference(0.0, 2), 0.998979832074977, rtol=1e-9)
    # R: uniroot(function(p1) power.prop.test(n=2, p1=p1, p2=1)$power - 0.8,
    #            c(0, 0.5), tol=1e-14)$root
    got = 1 - detectable_difference(1.0, 2, direction="decrease")
    assert_allclose(got, 0.0010201679250235, rtol=1e-9)


@pytest.mark.parametrize(
    ("p1", "p2", "pw", "level", "expected"),
    [
        # R: power.prop.test(p1=0.05, p2=0.06, power=0.8, tol=1e-12)$n
        (0.05, 0.06, 0.8, 0.95, 8157.73144784928),
        # R: power.prop.test(p1=28/535, p2=32/530, power=0.8, tol=1e-12)$n
        (28 / 535, 32 / 530, 0.8, 0.95, 12910.4836325968),
        # R: power.prop.test(p1=28/535, p2=73/1429, power=0.8, tol=1e-12)$n
        (28 / 535, 73 / 1429, 0.8, 0.95, 491252.690696739),
        # R: power.prop.test(p1=26/120, p2=27/188, power=0.8, tol=1e-12)$n
        (26 / 120, 27 / 188, 0.8, 0.95, 433.284167839808),
        # R: power.prop.test(p1=0.8, p2=0.6, power=0.8, tol=1e-12)$n
        (0.8, 0.6, 0.8, 0.95, 81.2242406954554),
        # R: power.prop.test(p1=0.9, p2=0.3, power=0.8, tol=1e-12)$n
        (0.9, 0.3, 0.8, 0.95, 9.18976807592969),
        # R: power.prop.test(p1=0, p2=5/530, power=0.8, tol=1e-12)$n
        (0, 5 / 530, 0.8, 0.95, 826.876895627677),
        # R: power.prop.test(p1=1e-4, p2=1.3e-4, power=0.8, tol=1e-12)$n
        (1e-4, 1.3e-4, 0.8, 0.95, 2005592.9722087),
    ],
)
def test_sample_size_matches_r(
    p1: float, p2: float, pw: float, level: float, expected: float
) -> None:
    assert_allclose(sample_size(p1, p2, power=pw, level=level), expected, rtol=1e-10)


@pytest.mark.parametrize(
    ("p1", "n", "pw", "level", "up", "down"),
    [
        # R: power.prop.test(n=535, p1=0.05, power=0.8, tol=1e-12)$p2 and
        #    power.prop.test(n=535, p2=0.05, power=0.8, tol=1e-12)$p1
        (0.05, 535, 0.8, 0.95, 0.0942663477884554, 0.0188125779413106),
        # R: power.prop.test(n=535, p1=28/535, power=0.8, tol=1e-12)$p2, and with p2=28/535 ...$p1
        (28 / 535, 535, 0.8, 0.95, 0.0973625073944623, 0.0203214083367067),
        # R: power.prop.test(n=120, p1=26/120, power=0.8, tol=1e-12)$p2, ...$p1
        (26 / 120, 120, 0.8, 0.95, 0.381449469550304, 0.0874341209501296),
        # R: power.prop.test(n=70, p1=0.8, power=0.8, tol=1e-12)$p2, ...$p1
        (0.8, 70, 0.8, 0.95, 0.954178621834755, 0.583126529043955),
        # R: power.prop.test(n=1e9, p1=1e-4, power=0.8, tol=1e-12)$p2, ...$p1
        (1e-4, 1e9, 0.8, 0.95, 0.000101256774149605, 9.87510731625503e-05),
        # R: power.prop.test(n=1e6, p1=1e-4, power=0.8, tol=1e-12)$p2, ...$p1
        (1e-4, 1e6, 0.8, 0.95, 0.000143735767154283, 6.41115027565457e-05),
    ],
)
def test_detectable_difference_matches_r(
    p1: float, n: float, pw: float, level: float, up: float, down: float
) -> None:
    assert_allclose(p1 + detectable_difference(p1, n, power=pw, level=level), up, rtol=1e-9)
    got = p1 - detectable_difference(p1, n, power=pw, level=level, direction="decrease")
    assert_allclose(got, down, rtol=1e-9)


def test_detectable_difference_other_levels_and_powers() -> None:
    # R: power.prop.test(n=100, p1=0.2, power=0.9, sig.level=0.01, tol=1e-12)$p2
    got = 0.2 + detectable_difference(0.2, 100, power=0.9, level=0.99)
    assert_allclose(got, 0.452631087335153, rtol=1e-9)
    # R: power.prop.test(n=535, p1=0.05, power=0.9, sig.level=0.1, tol=1e-12)$p2
    got = 0.05 + detectable_difference(0.05, 535, power=0.9, level=0.9)
    assert_allclose(got, 0.0965431722040304, rtol=1e-9)


def test_detectable_difference_from_zero() -> None:
    # R fails here (the power is 0/0 at p2 = p1 = 0); the rise is still defined.
    up = detectable_difference(0.0, 530)
    assert_allclose(power_two_proportions(0.0, up, 530), 0.8, rtol=1e-10)


@pytest.mark.parametrize(
    ("p1", "n", "direction", "message"),
    [
        # R: power.prop.test(n=10, p1=0.9, power=0.8)$p2 = 1.06 with a warning
        (0.9, 10, "increase", "with 10 per group, no rate between 0.9 and 1 is detected"),
        # R: power.prop.test(n=12, p2=0.25, power=0.8)$p1 = 0.79 (outside [0, p2])
        (0.25, 12, "decrease", "with 12 per group, no rate between 0.25 and 0 is detected"),
        (1.0, 100, "increase", "p1 is 1: a rate cannot rise above 1, so there is no change"),
        (0.0, 100, "decrease", "p1 is 0: a rate cannot fall below 0, so there is no change"),
    ],
)
def test_detectable_difference_out_of_range(
    p1: float, n: float, direction: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        detectable_difference(p1, n, direction=direction)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: power_two_proportions(1.2, 0.1, 10), "p1 must be a proportion between 0 and 1"),
        (lambda: power_two_proportions(0.1, "x", 10), "p2 must be a proportion"),
        (lambda: power_two_proportions(0.1, float("nan"), 10), "p2 must be a proportion"),
        (
            lambda: power_two_proportions(0.1, 0.2, 0),
            r"n \(people per group\) must be a number from 1 to 1e\+15",
        ),
        (lambda: power_two_proportions(0.1, 0.2, "many"), "n must be a number"),
        (lambda: power_two_proportions(0.1, 0.2, 10, level=1.5), "confidence level"),
        (lambda: sample_size(0.1, 0.1), "no sample size can detect a difference of zero"),
        (lambda: sample_size(0.1, 0.2, power=1), "power must be strictly between 0 and 1"),
        (lambda: sample_size(0.1, 0.2, power="high"), "power must be a number"),
        (lambda: sample_size(0.1, 0.2, power=0.01), "below what any sample size already has"),
        (lambda: detectable_difference(0.1, 100, power=0.01), "no more than the test's chance"),
        (lambda: detectable_difference(0.1, 100, direction="up"), "must be 'increase' or"),
    ],
)
def test_bad_arguments(call: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        call()  # type: ignore[operator]


@settings(max_examples=60, deadline=None)
@given(
    p1=st.floats(0.001, 0.9),
    gap=st.floats(0.01, 0.09),
    target=st.floats(0.5, 0.95),
)
def test_sample_size_round_trips_through_power(p1: float, gap: float, target: float) -> None:
    n = sample_size(p1, p1 + gap, power=target)
    assert_allclose(power_two_proportions(p1, p1 + gap, n), target, rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(p1=st.floats(0.001, 0.5), n=st.floats(50, 1e5), target=st.floats(0.5, 0.95))
def test_detectable_difference_round_trips(p1: float, n: float, target: float) -> None:
    d = detectable_difference(p1, n, power=target)
    assert d > 0
    assert_allclose(power_two_proportions(p1, p1 + d, n), target, rtol=1e-8)
    # Anything smaller is detected with less power.
    assert power_two_proportions(p1, p1 + 0.99 * d, n) < target


@settings(max_examples=40, deadline=None)
@given(p1=st.floats(0.01, 0.5), n=st.floats(20, 5000), more=st.floats(1.01, 10))
def test_power_grows_with_n(p1: float, n: float, more: float) -> None:
    p2 = p1 + 0.05
    assert power_two_proportions(p1, p2, n * more) >= power_two_proportions(p1, p2, n)


# --------------------------------------------------------------------------- #
# The library call
# --------------------------------------------------------------------------- #


def test_power_detectable_change() -> None:
    r = power(p1=0.05, n=535)
    assert r.solved_for == "p2"
    # R: power.prop.test(n=535, p1=0.05, power=0.8, tol=1e-12)$p2
    assert_allclose(r.p2, 0.0942663477884554, rtol=1e-9)
    assert r.mde is not None
    assert_allclose(r.mde, 0.0942663477884554 - 0.05, rtol=1e-8)
    # R: power.prop.test(n=535, p2=0.05, power=0.8, tol=1e-12)$p1
    assert_allclose(r.p2_below, 0.0188125779413106, rtol=1e-9)
    assert r.mde_below is not None and r.mde_below < 0
    assert r.verdict == (
        "With 535 people in each of two groups, a test at the 95% level would detect, "
        "with 80% power, a rise from 5.0% to 9.4% (+4.4 points), or down to 1.9% "
        "(−3.1 points); smaller changes would often be missed."
    )
    d = r.to_dict()
    assert set(d) >= {"p1", "p2", "mde", "n_per_group", "power", "level"}
    assert d["n_per_group"] == 535
    json.dumps(d, allow_nan=False)


def test_power_no_fall_detectable() -> None:
    r = power(p1=0.0523, n=50)
    assert r.p2_below is None and r.mde_below is None
    # R: power.prop.test(n=50, p1=0.0523, power=0.8, tol=1e-12)$p2
    assert_allclose(r.p2, 0.250883823187584, rtol=1e-9)
    assert "no fall is detectable" in r.verdict
    assert any("No fall is detectable" in n for n in r.notes)


def test_power_no_rise_detectable() -> None:
    r = power(p1=0.9, n=10)
    assert r.p2 is None and r.mde is None
    assert "no rise is detectable" in r.verdict
    assert any("No rate up to 100%" in n for n in r.notes)


def test_power_sample_size_and_power_modes() -> None:
    r = power(p1=0.05, p2=0.06)
    assert r.solved_for == "n"
    # R: power.prop.test(p1=0.05, p2=0.06, power=0.8, tol=1e-12)$n
    assert_allclose(r.n_per_group, 8157.73144784928, rtol=1e-10)
    assert "each group needs about 8,200 (8,158) people" in r.verdict
    r = power(p1=0.1, p2=0.13, n=1000)
    assert r.solved_for == "power"
    # R: power.prop.test(n=1000, p1=0.1, p2=0.13)$power
    assert_allclose(r.power, 0.556829125563247, rtol=1e-12)
    assert "with probability 56%" in r.verdict
    assert r.notes == ()
    assert power(p1=0.1, p2=0.13, n=1000, power=0.9).notes  # the unused --power is named


def test_power_two_studies() -> None:
    r = fr_stats.power(["aclu2018", "comparitech2020"])
    assert isinstance(r, PowerResult)
    assert r.p1 == 28 / 535 and r.p2 == 32 / 530
    # R: power.prop.test(p1=28/535, p2=32/530, power=0.8, tol=1e-12)$n
    assert_allclose(r.n_per_group, 12910.4836325968, rtol=1e-10)
    assert r.n_studies is not None
    assert_allclose(r.n_studies, 532.488262910798, rtol=1e-12)
    # R: power.prop.test(n=2/(1/535+1/530), p1=28/535, power=0.8, tol=1e-12)$p2
    assert r.mde_at_study_size is not None
    assert_allclose(28 / 535 + r.mde_at_study_size, 0.0974853573209394, rtol=1e-9)
    assert [s["id"] for s in r.to_dict()["studies"]] == ["aclu2018", "comparitech2020"]
    assert "each group needs about 13,000 (12,911) people" in r.verdict
    assert "rises of about 4.5 points or more, or falls of about 3.2 points or more" in r.verdict
    # power("a", "b") works like compare("a", "b").
    assert fr_stats.power("aclu2018", "comparitech2020").to_dict() == r.to_dict()
    # R: n <- 2/(1/535+1/530); power.prop.test(n=n, p2=28/535, power=0.8, tol=1e-12)$p1
    assert r.detectable is not None and r.detectable.fall is not None
    assert_allclose(28 / 535 - r.detectable.fall, 0.0202593481803842, rtol=1e-9)


def test_power_two_studies_falling_rate() -> None:
    r = power(["aclu2018", "comparitech2020-uk"])
    # R: power.prop.test(n=2/(1/535+1/1429), p2=28/535, power=0.8, tol=1e-12)$p1
    assert r.mde_at_study_size is not None and r.mde_at_study_size < 0
    assert_allclose(28 / 535 + r.mde_at_study_size, 0.0249825390762312, rtol=1e-9)
    assert any("harmonic mean" in n for n in r.notes)


def test_power_two_small_studies_nothing_detectable() -> None:
    r = power(["9/10", "10/10"])
    assert r.mde_at_study_size is None
    assert any("No change in that direction" in n for n in r.notes)
    assert "rises of" not in r.verdict
    r = power(["9/10", "3/10"])
    # R: power.prop.test(p1=0.9, p2=0.3, power=0.8, tol=1e-12)$n
    assert_allclose(r.n_per_group, 9.18976807592969, rtol=1e-10)


def test_power_two_tiny_studies_at_zero() -> None:
    # 0/2 against 1/2: groups of 2 detect a rise from 0 only to 99.9%, but they do.
    r = power(["0/2", "1/2"])
    # R: power.prop.test(p1=0, p2=0.5, power=0.8, tol=1e-12)$n
    assert_allclose(r.n_per_group, 10.5110637391707, rtol=1e-10)
    # R: uniroot(function(p2) power.prop.test(n=2, p1=0, p2=p2)$power - 0.8,
    #            c(0.5, 1), tol=1e-14)$root
    assert r.mde_at_study_size is not None
    assert_allclose(r.mde_at_study_size, 0.998979832074977, rtol=1e-9)
    assert not any("No change in that direction" in n for n in r.notes)
    r = power(p1=0.0, p2=1.0, n=535)
    assert r.power == 1.0
    assert "with probability 100%" in r.verdict


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"refs": ["aclu2018"]}, InputError, "give two study refs to compare, not 1"),
        ({"refs": ["aclu2018", "comparitech2020"], "p1": 0.1}, InputError, "not both"),
        ({"refs": ["10/100", "20/200"]}, InputError, "have the same observed rate"),
        ({"refs": ["amazon2018", "aclu2018"]}, InputError, "never published"),
        ({"refs": ["buolamwini2018", "aclu2018"]}, NotComparableError, "gender-classification"),
        ({}, InputError, "give --p1 with --n"),
        ({"p1": 0.1}, InputError, "--p1 alone asks no question"),
        ({"p1": 0.1, "n": 100, "power": 1.2}, InputError, "power must be strictly"),
        ({"p1": 0.1, "n": 100, "level": 0}, InputError, "confidence level"),
    ],
)
def test_power_bad_input(kwargs: dict[str, object], error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        power(**kwargs)  # type: ignore[arg-type]


def test_power_result_never_nan() -> None:
    for r in (power(p1=0.9, n=10), power(p1=0.0523, n=50), power(["9/10", "10/10"])):
        text = json.dumps(r.to_dict(), allow_nan=False)
        assert "NaN" not in text
        for value in r.to_dict().values():
            assert not (isinstance(value, float) and math.isnan(value))
