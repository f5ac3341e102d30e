"""Conditional odds ratio and Fisher's exact test, checked against R and scipy."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from fr_stats.errors import InputError
from fr_stats.stats import oddsratio
from fr_stats.stats.oddsratio import TooLargeError, _lgamma_diff, fisher_2x2

REFERENCE = Path(__file__).parent / "reference" / "r_reference.txt"


def _r(prefix: str) -> list[tuple[int, int, int, int, float, dict[str, str]]]:
    out = []
    for line in REFERENCE.read_text().splitlines():
        name, *pairs = line.split("\t")
        m = re.match(rf"{prefix}_(\d+)_(\d+)_vs_(\d+)_(\d+)_L\d+$", name)
        if m is None:
            continue
        kv = dict(p.split("=", 1) for p in pairs)
        x1, n1, x2, n2 = map(int, m.groups())
        out.append((x1, n1, x2, n2, float(kv["level"]), kv))
    return out


PRECISE = _r("B_fisher_precise")
FISHER = _r("B_fisher")


def test_reference_cases_present() -> None:
    assert len(PRECISE) == 33 and len(FISHER) == 33
    assert any(n1 == 10**9 for _, n1, *_ in PRECISE)


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "level", "kv"), PRECISE)
def test_matches_r_fisher_test_precise(
    x1: int, n1: int, x2: int, n2: int, level: float, kv: dict[str, str]
) -> None:
    # R 4.2.2: stats::fisher.test's 2x2 code on matrix(c(x1, n1-x1, x2, n2-x2), 2) with
    # uniroot(tol = 1e-14) (fisher_precise in tests/reference/r_reference.R).
    r = fisher_2x2(x1, n1, x2, n2, level=level)
    expected = [float(kv[k]) for k in ("estimate", "or_lower", "or_upper")]
    if x1 + x2 == 0:
        # R reports 0 when the margins fix the table; the estimate is undefined.
        assert r.estimate is None
        assert (r.low, r.high) == (0.0, math.inf) == tuple(expected[1:])
        return
    assert r.estimate is not None
    assert_allclose([r.estimate, r.low, r.high], expected, rtol=1e-11)


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "level", "kv"), FISHER)
def test_matches_r_fisher_test(
    x1: int, n1: int, x2: int, n2: int, level: float, kv: dict[str, str]
) -> None:
    # R 4.2.2: fisher.test(matrix(c(x1, n1-x1, x2, n2-x2), 2), conf.level=level)
    r = fisher_2x2(x1, n1, x2, n2, level=level)
    assert_allclose(r.pvalue, float(kv["p_value"]), rtol=1e-12, atol=1e-300)
    # R's own estimate and interval are solved with uniroot's default tol (~1e-4).
    if r.estimate not in (None, 0.0, math.inf):
        assert_allclose(r.estimate, float(kv["estimate"]), rtol=1e-3)


def test_nist_scale_against_r() -> None:
    # R 4.2.2, fisher_precise(130000, 1e9, 1e5, 1e9) (uniroot tol=1e-14), i.e. the
    # fisher.test call on matrix(c(100000, 1e9-100000, 130000, 1e9-130000), 2) with
    # groups swapped; the estimate is 1/0.769207... of the listed case.
    case = next(c for c in PRECISE if c[1] == 10**9 and c[4] == 0.95)
    x1, n1, x2, n2, _, kv = case
    r = fisher_2x2(x2, n2, x1, n1)
    assert r.estimate is not None
    assert_allclose(
        [r.estimate, r.low, r.high],
        [1 / float(kv["estimate"]), 1 / float(kv["or_upper"]), 1 / float(kv["or_lower"])],
        rtol=1e-11,
    )
    assert r.pvalue == 0.0  # R: p-value < 2.2e-16 (0 in double precision)
    assert r.points < 100_000  # the support has 230,001 points; only the mass is evaluated


@pytest.mark.parametrize(
    "table",
    [
        (3, 12, 7, 11),
        (0, 5, 4, 6),
        (20, 40, 10, 45),
        (9, 10, 3, 10),
        (1, 1000, 9, 1000),
        (50, 60, 10, 70),
    ],
)
def test_matches_scipy_at_small_counts(table: tuple[int, int, int, int]) -> None:
    from scipy.stats import fisher_exact
    from scipy.stats.contingency import odds_ratio as scipy_or

    x1, n1, x2, n2 = table
    matrix = [[x1, n1 - x1], [x2, n2 - x2]]
    r = fisher_2x2(x1, n1, x2, n2, level=0.9)
    res = scipy_or(matrix, kind="conditional")
    ci = res.confidence_interval(confidence_level=0.9)
    assert_allclose([r.estimate, r.low, r.high], [res.statistic, ci.low, ci.high], rtol=1e-6)
    assert_allclose(r.pvalue, fisher_exact(matrix).pvalue, rtol=1e-9)


def test_margins_fix_the_table() -> None:
    for args in [(0, 530, 0, 1429), (10, 10, 20, 20)]:
        r = fisher_2x2(*args)
        assert (r.estimate, r.low, r.high, r.pvalue) == (None, 0.0, math.inf, 1.0)


def test_lgamma_difference_is_accurate_at_huge_counts() -> None:
    from scipy.special import gammaln

    b = np.array([5.0, 999.0, 2e3, 1e12 - 7, 1e15 - 3])
    a = b + 3.0
    got = np.array(
        [_lgamma_diff(float(ai), np.array([bi]))[0] for ai, bi in zip(a, b, strict=True)]
    )
    exact = np.log(b + 1) + np.log(b + 2) + np.log(b + 3)  # lgamma(b+4) - lgamma(b+1)
    assert_allclose(got, exact, rtol=1e-13)
    assert_allclose(_lgamma_diff(10.0, np.array([4.0])), gammaln(11) - gammaln(5), rtol=1e-14)


def test_counts_up_to_a_trillion() -> None:
    r = fisher_2x2(1_300_000, 10**12, 1_000_000, 10**12)
    assert r.estimate is not None
    assert_allclose(r.estimate, 1.3, rtol=1e-3)
    assert r.low < r.estimate < r.high
    r = fisher_2x2(3, 10**12, 0, 10**12)
    assert r.estimate == math.inf and r.high == math.inf and r.low > 0
    assert_allclose(r.pvalue, 0.25, rtol=1e-6)  # 2 * 0.5^3: one-sided mass is 1/8


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oddsratio, "MAX_POINTS", 50)
    with pytest.raises(TooLargeError, match="support points"):
        fisher_2x2(280, 5350, 320, 5300)


def test_bad_input() -> None:
    with pytest.raises(InputError, match="group 1: 11 of 10 is not a valid count"):
        fisher_2x2(11, 10, 1, 10)
    with pytest.raises(InputError, match=r"from 0.5 to 0.9999 \(e.g. 0.95\), not 0"):
        fisher_2x2(1, 10, 1, 10, level=0)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.floats(0.5, 0.999),
)
def test_properties(a: tuple[int, int], b: tuple[int, int], level: float) -> None:
    r = fisher_2x2(*a, *b, level=level)
    s = fisher_2x2(*b, *a, level=level)
    assert 0.0 <= r.pvalue <= 1.0 and r.pvalue == pytest.approx(s.pvalue, rel=1e-9)
    if r.estimate is None:
        assert s.estimate is None
        return
    assert r.low <= r.estimate <= r.high
    inv = math.inf if r.estimate == 0 else 1 / r.estimate
    assert s.estimate == pytest.approx(inv, rel=1e-9)
    wider = fisher_2x2(*a, *b, level=min(0.9999, level + 0.0005))
    assert wider.low <= r.low * (1 + 1e-9) and wider.high >= r.high * (1 - 1e-9)
