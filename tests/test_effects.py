"""Difference, ratio and odds ratio of two rates (B compared with A)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from fr_stats.errors import InputError
from fr_stats.stats import effects, oddsratio
from fr_stats.stats.common import Reason
from fr_stats.stats.effects import (
    DIFFERENCE_METHODS,
    RATIO_METHODS,
    difference,
    odds_ratio,
    ratio,
)

REFERENCE = Path(__file__).parent / "reference" / "r_reference.txt"


def _r(prefix: str) -> list[tuple[int, int, int, int, float, dict[str, str]]]:
    out = []
    for line in REFERENCE.read_text().splitlines():
        if not line.startswith(prefix + "_"):
            continue
        name, *pairs = line.split("\t")
        kv = dict(p.split("=", 1) for p in pairs)
        m = re.match(rf"{prefix}_(\d+)_(\d+)_vs_(\d+)_(\d+)_L\d+$", name)
        assert m is not None, name
        x1, n1, x2, n2 = map(int, m.groups())
        out.append((x1, n1, x2, n2, float(kv["level"]), kv))
    return out


NEWCOMBE_R = _r("B_newcombe")
KATZ_R = _r("B_katz")


def test_reference_file_cases() -> None:
    assert len(NEWCOMBE_R) == 33 and len(KATZ_R) == 33


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "level", "kv"), NEWCOMBE_R)
def test_newcombe_matches_r(
    x1: int, n1: int, x2: int, n2: int, level: float, kv: dict[str, str]
) -> None:
    # tests/reference/r_reference.R, B_newcombe: method 10 from prop.test(correct=FALSE)
    # limits, method 11 from prop.test(correct=TRUE) limits; difference p2 - p1.
    d = difference(x1, n1, x2, n2, level=level)
    cc = difference(x1, n1, x2, n2, method="newcombe-cc", level=level)
    assert_allclose(d.estimate, float(kv["diff_p2_minus_p1"]), rtol=1e-12, atol=1e-15)
    assert_allclose([d.low, d.high], [float(kv["lower"]), float(kv["upper"])], rtol=1e-11)
    if 2 * x1 != n1 and 2 * x2 != n2:  # R shrinks the correction at k = n/2
        assert_allclose(
            [cc.low, cc.high], [float(kv["cc_lower"]), float(kv["cc_upper"])], rtol=1e-11
        )


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "level", "kv"), KATZ_R)
def test_katz_matches_r(
    x1: int, n1: int, x2: int, n2: int, level: float, kv: dict[str, str]
) -> None:
    # R: rr <- p2/p1; exp(log(rr) -/+ qnorm(1-a/2) * sqrt(1/x2 - 1/n2 + 1/x1 - 1/n1))
    r = ratio(x1, n1, x2, n2, level=level)
    if x1 == 0 and x2 == 0:
        assert (r.estimate, r.low, r.high) == (None, None, None)
        assert r.reason is Reason.RATIO_NO_EVENTS
    elif x1 == 0 or x2 == 0:
        assert r.estimate == float(kv["rr"])  # inf or 0, as R
        assert r.low is None and r.high is None
        assert r.reason is (Reason.KATZ_A_ZERO if x1 == 0 else Reason.KATZ_B_ZERO)
    else:
        assert_allclose(
            [r.estimate, r.low, r.high],
            [float(kv["rr"]), float(kv["lower"]), float(kv["upper"])],
            rtol=1e-12,
        )


# Newcombe (1998), "Interval estimation for the difference between independent
# proportions", Statistics in Medicine 17:873-890, Table II, for p1 - p2:
# method 10 (hybrid score) and 11 (with continuity correction). Here A = group 2.
@pytest.mark.parametrize(
    ("x1", "n1", "x2", "n2", "m10", "m11"),
    [
        (56, 70, 48, 80, (0.0524, 0.3339), (0.0428, 0.3422)),
        (9, 10, 3, 10, (0.1705, 0.8090), (0.1013, 0.8387)),
        (5, 56, 0, 29, (-0.0381, 0.1926), (-0.0667, 0.2037)),
        (0, 10, 0, 20, (-0.1611, 0.2775), (-0.2005, 0.3445)),
    ],
)
def test_newcombe_table_ii(
    x1: int, n1: int, x2: int, n2: int, m10: tuple[float, float], m11: tuple[float, float]
) -> None:
    d = difference(x2, n2, x1, n1)
    cc = difference(x2, n2, x1, n1, method="newcombe-cc")
    assert_allclose([d.low, d.high], m10, atol=5e-5)
    assert_allclose([cc.low, cc.high], m11, atol=5e-5)


def test_newcombe_six_of_seven() -> None:
    # R 4.2.2: w <- function(x,n) prop.test(x,n,correct=FALSE)$conf.int; d = 6/7 - 2/7
    # d - sqrt((p1-l1)^2 + (u2-p2)^2), d + sqrt((u1-p1)^2 + (p2-l2)^2)
    d = difference(2, 7, 6, 7)
    assert_allclose([d.low, d.high], [0.0582279274823123, 0.806249637524228], rtol=1e-12)


def test_other_difference_methods() -> None:
    # Wald: R prop.test(c(32, 28), c(530, 535), correct=FALSE)$conf.int is the Wald
    # interval for p1 - p2: -0.0357414283767877, 0.0196596085919174 (for A - B).
    w = difference(32, 530, 28, 535, method="wald")
    assert_allclose([w.low, w.high], [-0.0357414283767877, 0.0196596085919174], rtol=1e-12)
    # Agresti-Caffo: add one success and one failure to each group, then Wald.
    ac = difference(28, 535, 32, 530, method="agresti-caffo")
    pa, pb = 29 / 537, 33 / 532
    se = math.sqrt(pa * (1 - pa) / 537 + pb * (1 - pb) / 532)
    assert_allclose(
        [ac.low, ac.high],
        [pb - pa - 1.959963984540054 * se, pb - pa + 1.959963984540054 * se],
        rtol=1e-12,
    )
    zero = difference(0, 530, 0, 1429, method="wald")
    assert (zero.low, zero.high) == (0.0, 0.0)
    assert zero.reason is Reason.WALD_ZERO_WIDTH


def test_ratio_alternatives() -> None:
    score = ratio(0, 530, 5, 530, method="score")
    assert score.estimate == math.inf
    assert score.low is not None and score.low > 1 and score.high == math.inf
    adj = ratio(0, 530, 5, 530, method="adjusted-log")
    assert adj.reason is Reason.HALF_ADDED
    assert adj.low is not None and adj.high is not None and adj.low < adj.high
    both = ratio(28, 535, 32, 530, method="score")
    assert both.low is not None and both.low < both.estimate < both.high  # type: ignore[operator]
    zero_b = ratio(5, 530, 0, 530)
    assert zero_b.estimate == 0.0 and zero_b.reason is Reason.KATZ_B_ZERO


def test_odds_ratio_conditional_and_woolf() -> None:
    # R: fisher.test(matrix(c(32, 498, 28, 507), 2)) with uniroot tol=1e-14
    # (tests/reference/r_reference.R fisher_precise): estimate = 1/0.859589559123955.
    o = odds_ratio(28, 535, 32, 530)
    assert_allclose(o.estimate, 1 / 0.859589559123955, rtol=1e-10)
    w = odds_ratio(28, 535, 32, 530, method="woolf")
    # exp(log(32*507/(498*28)) -/+ z sqrt(1/32 + 1/498 + 1/28 + 1/507))
    est = 32 * 507 / (498 * 28)
    se = math.sqrt(1 / 32 + 1 / 498 + 1 / 28 + 1 / 507)
    z = 1.959963984540054
    assert_allclose(
        [w.estimate, w.low, w.high],
        [est, est * math.exp(-z * se), est * math.exp(z * se)],
        rtol=1e-12,
    )
    for counts in [(0, 530, 5, 530), (5, 530, 0, 530), (0, 530, 0, 530)]:
        z0 = odds_ratio(*counts, method="woolf")
        assert z0.low is None and z0.reason is Reason.WOOLF_ZERO_CELL
    assert odds_ratio(0, 530, 5, 530, method="woolf").estimate == math.inf
    assert odds_ratio(5, 5, 3, 5, method="woolf").estimate == 0.0
    assert odds_ratio(0, 530, 0, 530, method="woolf").estimate is None


def test_woolf_at_billions_of_events() -> None:
    # R 4.2.2, in doubles: x <- c(3e9, 1e12 - 3e9, 1e9, 1e12 - 1e9);
    # or <- x[1] * x[4] / (x[2] * x[3]); exp(log(or) + c(-1, 1) * qnorm(0.975) * sqrt(sum(1/x)))
    # (the products of these counts overflow 64-bit integers).
    w = odds_ratio(10**9, 10**12, 3 * 10**9, 10**12, method="woolf")
    assert_allclose(
        [w.estimate, w.low, w.high],
        [3.00601805416249, 3.00580276626296, 3.00623335748181],
        rtol=1e-12,
    )


def test_odds_ratio_notes_at_zero_cells() -> None:
    both = odds_ratio(0, 530, 0, 1429)
    assert both.estimate is None and (both.low, both.high) == (0.0, math.inf)
    assert both.reason is Reason.ODDS_NO_EVENTS
    full = odds_ratio(10, 10, 20, 20)
    assert full.estimate is None and full.reason is Reason.ODDS_ALL_EVENTS
    inf = odds_ratio(0, 530, 5, 530)
    assert inf.estimate == math.inf and inf.high == math.inf
    assert inf.reason is Reason.ODDS_INFINITE
    zero = odds_ratio(5, 530, 0, 530)
    assert zero.estimate == 0.0 and zero.low == 0.0
    assert zero.reason is Reason.ODDS_ZERO
    assert odds_ratio(28, 535, 32, 530).reason is None


def test_odds_ratio_falls_back_with_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oddsratio, "MAX_POINTS", 10)
    o = odds_ratio(28, 535, 32, 530)
    assert o.method == "woolf"
    assert o.reason is Reason.EXACT_TOO_LARGE
    assert o.support_points is not None and o.support_points > 10


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: difference(1, 10, 2, 10, method="bogus"), "unknown difference method 'bogus'"),
        (lambda: ratio(1, 10, 2, 10, method="bogus"), "unknown ratio method 'bogus'"),
        (lambda: odds_ratio(1, 10, 2, 10, method="bogus"), "unknown odds ratio method 'bogus'"),
        (lambda: difference(1.5, 10, 2, 10), "A: k must be a whole number, not 1.5"),
        (lambda: ratio(1, 10, 2, True), "B: n must be a whole number, not True"),
        (lambda: difference(11, 10, 2, 10), "A: 11 of 10 is not a valid count"),
        (lambda: ratio(1, 10, 2, 0), "B: 2 of 0 is not a valid count"),
        (lambda: difference(1, 10, 2, 10, level=1.5), "from 0.5 to 0.9999 (e.g. 0.95), not 1.5"),
    ],
)
def test_bad_input(call: object, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        call()  # type: ignore[operator]


def test_method_lists() -> None:
    assert DIFFERENCE_METHODS[0] == "newcombe" and RATIO_METHODS[0] == "katz"
    assert set(effects.DIFFERENCE_NAMES) == set(DIFFERENCE_METHODS)
    assert set(effects.RATIO_NAMES) == set(RATIO_METHODS)


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #

pairs = st.tuples(st.integers(1, 3000), st.integers(1, 3000), st.floats(0, 1), st.floats(0, 1)).map(
    lambda t: (round(t[2] * t[0]), t[0], round(t[3] * t[1]), t[1])
)


@settings(max_examples=60, deadline=None)
@given(pairs, st.sampled_from(DIFFERENCE_METHODS))
def test_difference_properties(c: tuple[int, int, int, int], method: str) -> None:
    xa, na, xb, nb = c
    d = difference(xa, na, xb, nb, method=method)
    assert d.low is not None and d.high is not None and d.estimate is not None
    assert -1 <= d.low <= d.estimate + 1e-12 and d.estimate <= d.high + 1e-12 and d.high <= 1
    flipped = difference(xb, nb, xa, na, method=method)
    assert_allclose([flipped.low, flipped.high], [-d.high, -d.low], atol=1e-12)
    wide = difference(xa, na, xb, nb, method=method, level=0.99)
    assert wide.low <= d.low + 1e-12 and wide.high >= d.high - 1e-12  # type: ignore[operator]


@settings(max_examples=60, deadline=None)
@given(pairs)
def test_ratio_and_odds_ratio_invert_when_swapped(c: tuple[int, int, int, int]) -> None:
    xa, na, xb, nb = c
    for fn in (ratio, odds_ratio):
        est = fn(xa, na, xb, nb)
        swapped = fn(xb, nb, xa, na)
        if est.estimate is None:
            assert swapped.estimate is None
            continue
        inv = math.inf if est.estimate == 0 else 1 / est.estimate
        assert_allclose(swapped.estimate, inv, rtol=1e-9)
        if est.low is not None and est.high is not None:
            assert swapped.low is not None and swapped.high is not None
            assert est.low <= est.estimate * (1 + 1e-9) and est.estimate <= est.high * (1 + 1e-9)
            expected_low = 0.0 if math.isinf(est.high) else 1 / est.high
            expected_high = math.inf if est.low == 0 else 1 / est.low
            assert_allclose([swapped.low, swapped.high], [expected_low, expected_high], rtol=1e-9)
