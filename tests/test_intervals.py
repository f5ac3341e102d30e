"""Single-proportion intervals, checked against R and Newcombe (1998), Table I."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from fr_stats.analysis.intervals import ci
from fr_stats.errors import InputError, NotComparableError
from fr_stats.stats.intervals import METHODS, proportion_interval, upper_bound

REFERENCE = Path(__file__).parent / "reference" / "r_reference.txt"
R_NAMES = {
    "exact": "exact",
    "wilson": "wilson",
    "wilson_cc": "wilson-cc",
    "jeffreys": "jeffreys",
    "agresti_coull": "agresti-coull",
    "midp": "mid-p",
    "wald": "wald",
}


def _r_cases() -> list[tuple[str, int, int, float, dict[str, str]]]:
    cases = []
    for line in REFERENCE.read_text().splitlines():
        if not line.startswith("A_"):
            continue
        name, *pairs = line.split("\t")
        values = dict(p.split("=", 1) for p in pairs)
        m = re.match(r"A_(.*)_x(\d+)_n(\d+)_L\d+$", name)
        assert m is not None, name
        cases.append((m[1], int(m[2]), int(m[3]), float(values["level"]), values))
    return cases


R_CASES = _r_cases()


def test_reference_file_has_every_method() -> None:
    assert {c[0] for c in R_CASES} == {*R_NAMES, "exact_onesided"}
    assert len(R_CASES) == 13 * 3 * 8


@pytest.mark.parametrize(
    ("r_method", "k", "n", "level", "values"),
    [c for c in R_CASES if c[0] != "exact_onesided"],
    ids=lambda v: str(v) if not isinstance(v, dict) else "",
)
def test_matches_r_reference_file(
    r_method: str, k: int, n: int, level: float, values: dict[str, str]
) -> None:
    # tests/reference/r_reference.R, section A (R 4.2.2): binom.test, prop.test with and
    # without correct=, qbeta (Jeffreys), Agresti-Coull and Wald formulas, mid-p by uniroot.
    iv = proportion_interval(k, n, method=R_NAMES[r_method], level=level)
    low, high = float(values["lower"]), float(values["upper"])
    if r_method == "wald":  # R's formula is unclipped; ours is clipped to [0, 1]
        low, high = max(low, 0.0), min(high, 1.0)
    assert_allclose([iv.low, iv.high], [low, high], rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize(
    ("k", "n", "level", "values"),
    [c[1:] for c in R_CASES if c[0] == "exact_onesided"],
    ids=lambda v: str(v) if not isinstance(v, dict) else "",
)
def test_upper_bound_matches_r(k: int, n: int, level: float, values: dict[str, str]) -> None:
    # R: binom.test(k, n, alternative="less", conf.level=level)$conf.int[2]
    assert_allclose(upper_bound(k, n, level=level), float(values["upper"]), rtol=1e-12)


# R 4.2.2, hard-coded so the headline cases never depend on the file.
@pytest.mark.parametrize(
    ("method", "k", "n", "expected"),
    [
        ("exact", 28, 535, (0.0350553056787792, 0.0747551281513685)),  # binom.test(28, 535)
        (
            "wilson",
            28,
            535,
            (0.0364551318407416, 0.0746006487438905),
        ),  # prop.test(28, 535, correct=FALSE)
        ("wilson-cc", 28, 535, (0.0356832838951668, 0.0756830459404736)),  # prop.test(28, 535)
        (
            "jeffreys",
            28,
            535,
            (0.0358264368739218, 0.0736686670983718),
        ),  # qbeta(c(.025,.975), 28.5, 507.5)
        ("mid-p", 28, 535, (0.0357467912849336, 0.0737631864400974)),  # uniroot mid-p, tol 1e-14
        ("wilson", 0, 530, (0.0, 0.00719587952044839)),  # prop.test(0, 530, correct=FALSE)
        ("exact", 0, 530, (0.0, 0.00693598416825403)),  # binom.test(0, 530)
        ("jeffreys", 0, 530, (0.0, 0.00472607608675495)),  # BCD 2001: lower 0 at x = 0
        ("mid-p", 0, 530, (0.0, 0.00563638071023542)),  # 1 - 0.05^(1/530)
    ],
)
def test_headline_values_from_r(method: str, k: int, n: int, expected: tuple[float, float]) -> None:
    iv = proportion_interval(k, n, method=method)
    assert_allclose([iv.low, iv.high], expected, rtol=1e-12)
    assert iv.method == method


# Newcombe (1998), "Two-sided confidence intervals for the single proportion",
# Statistics in Medicine 17:857-872, Table I (4 decimals). Method 1 Wald, 3 score,
# 4 score with continuity correction, 5 Clopper-Pearson, 6 mid-p.
NEWCOMBE_TABLE_I = {
    (81, 263): {
        "wald": (0.2522, 0.3638),
        "wilson": (0.2553, 0.3662),
        "wilson-cc": (0.2535, 0.3682),
        "exact": (0.2527, 0.3676),
        "mid-p": (0.2544, 0.3658),
    },
    (15, 148): {
        "wald": (0.0527, 0.1500),
        "wilson": (0.0624, 0.1605),
        "wilson-cc": (0.0598, 0.1644),
        "exact": (0.0578, 0.1617),
        "mid-p": (0.0601, 0.1581),
    },
    (0, 20): {
        "wald": (0.0, 0.0),
        "wilson": (0.0, 0.1611),
        "wilson-cc": (0.0, 0.2005),
        "exact": (0.0, 0.1684),
        "mid-p": (0.0, 0.1391),
    },
    (1, 29): {
        "wilson": (0.0061, 0.1718),
        "wilson-cc": (0.0018, 0.1963),
        "exact": (0.0009, 0.1776),
        "mid-p": (0.0017, 0.1585),
    },
}


@pytest.mark.parametrize(
    ("k", "n", "method", "expected"),
    [(k, n, m, e) for (k, n), rows in NEWCOMBE_TABLE_I.items() for m, e in rows.items()],
)
def test_newcombe_table_i(k: int, n: int, method: str, expected: tuple[float, float]) -> None:
    iv = proportion_interval(k, n, method=method)
    assert_allclose([iv.low, iv.high], expected, atol=5e-5)


def test_wilson_cc_at_half_differs_from_r_by_design() -> None:
    # R 4.2.2: prop.test(10, 20)$conf.int = 0.299298, 0.700702 -- the *uncorrected*
    # interval, because R caps the correction at |x - n/2| = 0. Newcombe's method 4
    # always corrects by 1/2, so it is wider.
    cc = proportion_interval(10, 20, method="wilson-cc")
    plain = proportion_interval(10, 20, method="wilson")
    assert_allclose([plain.low, plain.high], [0.299298, 0.700702], atol=5e-7)
    assert cc.low < plain.low and cc.high > plain.high
    # Newcombe's formula at p = 1/2 is symmetric about 1/2.
    assert_allclose(cc.low + cc.high, 1.0, rtol=1e-14)


def test_mid_p_closed_forms_at_the_ends() -> None:
    # 0.5 (1 - p)^n = alpha/2 at k = 0 and 0.5 p^n = alpha/2 at k = n.
    for n in (1, 7, 530, 10**9):
        iv = proportion_interval(0, n, method="mid-p", level=0.9)
        assert_allclose(iv.high, -math.expm1(math.log(0.1) / n), rtol=1e-10)
        iv = proportion_interval(n, n, method="mid-p", level=0.9)
        assert_allclose(iv.low, 0.1 ** (1 / n), rtol=1e-10)
        assert iv.high == 1.0


def test_mid_p_solves_its_defining_equations() -> None:
    from scipy.stats import binom

    for k, n, level in [(3, 17, 0.95), (250, 1000, 0.99), (7, 10**10, 0.8)]:
        iv = proportion_interval(k, n, method="mid-p", level=level)
        half = (1 - level) / 2
        lower_tail = binom.sf(k, n, iv.low) + 0.5 * binom.pmf(k, n, iv.low)
        upper_tail = binom.cdf(k - 1, n, iv.high) + 0.5 * binom.pmf(k, n, iv.high)
        assert_allclose([lower_tail, upper_tail], [half, half], rtol=1e-9)


def test_exact_keeps_its_digits_at_large_n() -> None:
    # R 4.2.2: qbeta(0.005, 7, 1e12 - 6) and qbeta(0.005, 8, 1e12 - 7, lower.tail = FALSE),
    # the limits binom.test(7, 1e12, conf.level = 0.99) would report.
    iv = proportion_interval(7, 10**12, method="exact", level=0.99)
    assert_allclose([iv.low, iv.high], [2.03733747870371e-12, 1.71335932688265e-11], rtol=1e-12)
    # At k = 0 and k = n the limits are 1 - (alpha/2)^(1/n) and (alpha/2)^(1/n).
    for n in (530, 10**9, 10**15):
        zero = proportion_interval(0, n, method="exact")
        assert_allclose(zero.high, -math.expm1(math.log(0.025) / n), rtol=1e-12)
        full = proportion_interval(n, n, method="exact")
        assert_allclose(full.low, math.exp(math.log(0.025) / n), rtol=1e-14)
    # R: qbeta(0.1, 8, 1e12 - 7, lower.tail = FALSE), i.e.
    # binom.test(7, 1e12, alternative = "less", conf.level = 0.9)$conf.int[2]
    assert_allclose(upper_bound(7, 10**12, level=0.9), 1.177091446152e-11, rtol=1e-12)


def test_upper_bound_rule_of_three() -> None:
    assert_allclose(upper_bound(0, 530), 1 - 0.05 ** (1 / 530), rtol=1e-14)
    assert_allclose(upper_bound(0, 10**12), 3 / 10**12, rtol=2e-3)
    assert upper_bound(5, 5) == 1.0


@pytest.mark.parametrize("method", METHODS)
def test_counts_up_to_a_trillion(method: str) -> None:
    for k in (0, 1, 130_000, 5 * 10**11, 10**12):
        iv = proportion_interval(k, 10**12, method=method)
        assert 0.0 <= iv.low <= k / 10**12 <= iv.high <= 1.0
        assert all(math.isfinite(v) for v in (iv.low, iv.high))
    # At 10^5 of 10^9 every sensible method agrees to a few parts in a thousand.
    iv = proportion_interval(100_000, 10**9, method=method)
    assert_allclose([iv.low, iv.high], [9.938e-5, 1.00620e-4], rtol=2e-3)


@pytest.mark.parametrize(
    ("k", "n", "message"),
    [
        (5, 0, "the number tested must be at least 1, not 0"),
        (-1, 10, "the number of false matches cannot be negative (-1)"),
        (11, 10, "11 false matches cannot exceed the 10 tested"),
        (1.5, 10, "k must be a whole number, not 1.5"),
        ("3", 10, "k must be a whole number, not '3'"),
    ],
)
def test_bad_counts(k: int, n: int, message: str) -> None:
    with pytest.raises(InputError) as info:
        proportion_interval(k, n)
    assert str(info.value) == message


def test_bad_method_and_level() -> None:
    with pytest.raises(InputError, match="unknown interval method 'bogus'; choose one of 'wilson'"):
        proportion_interval(1, 10, method="bogus")
    with pytest.raises(InputError, match=r"from 0.5 to 0.9999 \(e.g. 0.95\), not 1.5"):
        proportion_interval(1, 10, level=1.5)
    with pytest.raises(InputError, match="unknown interval method 'all'"):
        proportion_interval(1, 10, method="all")


def test_whole_floats_are_accepted() -> None:
    assert proportion_interval(2.0, 10.0) == proportion_interval(2, 10)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #

counts = st.integers(min_value=1, max_value=10**12).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
small_counts = st.integers(min_value=1, max_value=2000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)
levels = st.floats(min_value=0.5, max_value=0.999)


@settings(max_examples=60, deadline=None)
@given(counts, levels, st.sampled_from(METHODS))
def test_bounds_in_unit_interval_and_contain_estimate(
    kn: tuple[int, int], level: float, method: str
) -> None:
    k, n = kn
    iv = proportion_interval(k, n, method=method, level=level)
    assert 0.0 <= iv.low <= iv.high <= 1.0
    p = k / n
    assert iv.low <= p * (1 + 1e-12) and p <= iv.high * (1 + 1e-12)


@settings(max_examples=60, deadline=None)
@given(small_counts, levels, levels, st.sampled_from(METHODS))
def test_higher_level_is_wider(kn: tuple[int, int], a: float, b: float, method: str) -> None:
    k, n = kn
    lo, hi = sorted((a, b))
    narrow = proportion_interval(k, n, method=method, level=lo)
    wide = proportion_interval(k, n, method=method, level=hi)
    tol = 1e-12
    assert wide.low <= narrow.low + tol and wide.high >= narrow.high - tol


@settings(max_examples=60, deadline=None)
@given(small_counts, st.sampled_from(METHODS))
def test_symmetric_in_k_and_n_minus_k(kn: tuple[int, int], method: str) -> None:
    k, n = kn
    a = proportion_interval(k, n, method=method)
    b = proportion_interval(n - k, n, method=method)
    assert_allclose([a.low, a.high], [1 - b.high, 1 - b.low], atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(small_counts)
def test_mid_p_inside_exact(kn: tuple[int, int]) -> None:
    k, n = kn
    exact = proportion_interval(k, n, method="exact")
    mid = proportion_interval(k, n, method="mid-p")
    assert exact.low <= mid.low + 1e-15 and mid.high <= exact.high + 1e-15


# --------------------------------------------------------------------------- #
# The command's library call
# --------------------------------------------------------------------------- #


def test_ci_for_a_study() -> None:
    r = ci("aclu2018")
    assert (r.id, r.false_matches, r.tested) == ("aclu2018", 28, 535)
    assert r.rate == 28 / 535
    assert [i.method for i in r.intervals] == ["wilson"]
    assert r.upper_bound is None
    d = r.to_dict()
    assert list(d) == [
        "id", "label", "false_matches", "tested", "rate", "level", "intervals",
        "upper_bound", "caveats",
    ]  # fmt: skip
    assert d["intervals"] == [
        {"method": "wilson", "low": r.intervals[0].low, "high": r.intervals[0].high}
    ]


def test_ci_all_methods_and_frame() -> None:
    r = ci("28/535", method="all", level=0.9)
    assert [i.method for i in r.intervals] == list(METHODS)
    frame = r.to_frame()
    assert list(frame.columns) == ["method", "description", "low", "high"]
    assert frame["method"].tolist() == list(METHODS)
    # R: binom.test(28, 535, conf.level=0.9)$conf.int
    row = frame.set_index("method").loc["exact"]
    expected = next(v for m, k, n, lv, v in R_CASES if (m, k, n, lv) == ("exact", 28, 535, 0.9))
    assert_allclose([row["low"], row["high"]], [float(expected["lower"]), float(expected["upper"])])


def test_ci_zero_count_has_upper_bound() -> None:
    r = ci("comparitech2020@95")
    assert (r.false_matches, r.tested) == (0, 530)
    # R: binom.test(0, 530, alternative="less")$conf.int[2]
    assert_allclose(r.upper_bound, 0.00563638071023539, rtol=1e-12)
    assert r.to_dict()["upper_bound"] == {
        "level": 0.95,
        "high": r.upper_bound,
        "method": "exact one-sided",
    }


def test_ci_average_count_has_caveat() -> None:
    r = ci("comparitech2020")
    assert len(r.caveats) == 1
    assert "average of several runs" in r.caveats[0]


def test_ci_errors() -> None:
    with pytest.raises(InputError, match="cannot exceed"):
        ci("30/20")
    with pytest.raises(InputError, match="unknown interval method"):
        ci("aclu2018", method="bogus")
    with pytest.raises(InputError, match="never published"):
        ci("amazon2018")
    with pytest.raises(NotComparableError, match="gender-classification"):
        ci("buolamwini2018")


def test_integer_types_such_as_numpys_are_whole_numbers() -> None:
    """One count check for every statistic (stats.common.check_counts) accepts numpy integers."""
    import numpy as np

    assert proportion_interval(np.int64(28), np.int64(535)) == proportion_interval(28, 535)
    assert upper_bound(np.int32(0), np.int64(530)) == upper_bound(0, 530)
