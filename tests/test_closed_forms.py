"""The closed forms that replace scipy on the default paths, against scipy and R.

Wilson's interval (scipy ``binomtest(...).proportion_ci``), Katz's interval
for the rate ratio (scipy ``relative_risk``), the chi-square tests of a 2x2
table (scipy ``chi2_contingency``) and the log-gamma table of the conditional
odds ratio (scipy ``gammaln``): the same numbers over grids of counts and
levels, and R's values where R computes them.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.special import gammaln
from scipy.stats import binomtest, chi2_contingency
from scipy.stats.contingency import relative_risk

from fr_stats.stats.compare import chi2_1df_sf, chi2_statistic
from fr_stats.stats.effects import ratio
from fr_stats.stats.intervals import proportion_interval
from fr_stats.stats.oddsratio import _lgamma_diff, _lgamma_whole

LEVELS = (0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999)
SIZES = (1, 2, 3, 10, 535, 10**4, 10**6, 10**9, 10**12, 10**15)


def _counts(n: int) -> list[int]:
    return sorted({k for k in (0, 1, 2, 28, n // 3, n // 2, n - 1, n) if 0 <= k <= n})


@pytest.mark.parametrize("method", ["wilson", "wilson-cc"])
def test_wilson_equals_scipy_over_a_grid(method: str) -> None:
    scipy_method = {"wilson": "wilson", "wilson-cc": "wilsoncc"}[method]
    for n in SIZES:
        for k, level in itertools.product(_counts(n), LEVELS):
            ours = proportion_interval(k, n, method=method, level=level)
            theirs = binomtest(k, n).proportion_ci(confidence_level=level, method=scipy_method)
            # scipy's limits are unclipped; both are 0 at k = 0 and 1 at k = n exactly
            expected = (max(float(theirs.low), 0.0), min(float(theirs.high), 1.0))
            assert_allclose((ours.low, ours.high), expected, rtol=1e-12, atol=1e-300)
            assert ours.low == 0.0 if k == 0 else ours.low > 0.0
            assert ours.high == 1.0 if k == n else n > 10**12 or ours.high < 1.0


# R 4.2.2: prop.test(k, n, conf.level = level, correct = FALSE)$conf.int
R_WILSON = [
    (0, 535, 0.95, 0.0, 0.0071291077511027494),
    (535, 535, 0.95, 0.99287089224889713, 1.0),
    (1, 1, 0.95, 0.2065493143772375, 1.0),
    (0, 1, 0.9999, 0.0, 0.93802948086638405),
    (28, 535, 0.9999, 0.025713232138003216, 0.10359409193396452),
    (1, 10**6, 0.5, 5.1565497100987695e-07, 1.9392803352702083e-06),
]


@pytest.mark.parametrize(("k", "n", "level", "low", "high"), R_WILSON)
def test_wilson_edges_match_r(k: int, n: int, level: float, low: float, high: float) -> None:
    ci = proportion_interval(k, n, level=level)
    assert (ci.low, ci.high) == (pytest.approx(low, rel=1e-13), pytest.approx(high, rel=1e-13))


def test_katz_equals_scipy_over_a_grid() -> None:
    sizes = (1, 7, 535, 10**6, 10**9, 10**15)
    for na, nb in itertools.product(sizes, repeat=2):
        for xa, xb in itertools.product(_counts(na), _counts(nb)):
            if xa == 0 or xb == 0:
                continue
            for level in (0.5, 0.95, 0.9999):
                ours = ratio(xa, na, xb, nb, level=level)
                ci = relative_risk(xb, nb, xa, na).confidence_interval(confidence_level=level)
                assert_allclose([ours.low, ours.high], [ci.low, ci.high], rtol=1e-12)


# R 4.2.2: rr <- (xb/nb)/(xa/na); rr * exp(c(-1, 1) * qnorm(1 - (1 - level)/2) *
#          sqrt(1/xb - 1/nb + 1/xa - 1/na))
R_KATZ = [
    (28, 535, 32, 530, 0.95, 1.1536388140161724, 0.70480179320680025, 1.8883075015306301),
    (1, 1, 1, 1, 0.95, 1.0, 1.0, 1.0),
    (1, 10**15, 3, 10**15, 0.9999, 2.9999999999999996, 0.033578937886289198, 268.02515405571648),
    (10**5, 10**9, 130000, 10**9, 0.5, 1.2999999999999998, 1.2963172645524255, 1.3036931978094881),
]


@pytest.mark.parametrize(("xa", "na", "xb", "nb", "level", "rr", "low", "high"), R_KATZ)
def test_katz_matches_r(
    xa: int, na: int, xb: int, nb: int, level: float, rr: float, low: float, high: float
) -> None:
    r = ratio(xa, na, xb, nb, level=level)
    assert_allclose([r.estimate, r.low, r.high], [rr, low, high], rtol=1e-13)


@pytest.mark.parametrize("yates", [False, True])
def test_chi2_equals_scipy_over_a_grid(yates: bool) -> None:
    sizes = (1, 2, 5, 30, 535, 10**4, 10**8)  # scipy multiplies margins as int64 above this
    for na, nb in itertools.product(sizes, repeat=2):
        for xa, xb in itertools.product(_counts(na), _counts(nb)):
            table = [[xb, nb - xb], [xa, na - xa]]
            if xa + xb == 0 or xa + xb == na + nb:
                continue  # a zero column: undefined, reported as such
            res = chi2_contingency(table, correction=yates)
            statistic = chi2_statistic(table, yates=yates)
            assert statistic == pytest.approx(float(res.statistic), rel=1e-12, abs=1e-15)
            p = chi2_1df_sf(statistic)
            assert p == pytest.approx(float(res.pvalue), rel=1e-12, abs=1e-300)


# R 4.2.2: prop.test(c(xb, xa), c(nb, na), correct = yates)[c("statistic", "p.value")]
R_CHI2 = [
    (28, 535, 32, 530, False, 0.32379664014612186, 0.56933488707058466),
    (28, 535, 32, 530, True, 0.19021160618175223, 0.66274055788074149),
    (530, 530, 0, 535, False, 1065.0, 1.3367395839768091e-233),
    (0, 4, 1, 3, True, 0.024305555555555535, 0.87610996051960699),  # correction |O - E| < 1/2
    (100000, 10**9, 130000, 10**9, False, 3913.4935300168213, 0.0),
    (100000, 10**9, 130000, 10**9, True, 3913.2326347964799, 0.0),
]


@pytest.mark.parametrize(("xa", "na", "xb", "nb", "yates", "statistic", "pvalue"), R_CHI2)
def test_chi2_matches_r(
    xa: int, na: int, xb: int, nb: int, yates: bool, statistic: float, pvalue: float
) -> None:
    table = [[xb, nb - xb], [xa, na - xa]]
    x = chi2_statistic(table, yates=yates)
    assert x == pytest.approx(statistic, rel=1e-12)
    assert chi2_1df_sf(x) == pytest.approx(pvalue, rel=1e-12, abs=1e-300)


# R 4.2.2: pchisq(x, 1, lower.tail = FALSE)
@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (0.01, 0.92034432544594202),
        (0.3, 0.58388242077036523),
        (3.84, 0.050043521248705224),
        (30, 4.3204630578274968e-08),
        (700, 2.9902269751246203e-154),
    ],
)
def test_one_df_tail_matches_r(x: float, expected: float) -> None:
    assert chi2_1df_sf(x) == pytest.approx(expected, rel=1e-13)


def test_chi2_margins_do_not_overflow() -> None:
    # 10^10 per group: margins multiply past 2^63; Python integers do not overflow.
    # R 4.2.2: prop.test(c(1.3e6, 1e6), c(1e10, 1e10), correct = FALSE)$statistic
    table = [[1_300_000, 10**10 - 1_300_000], [1_000_000, 10**10 - 1_000_000]]
    assert chi2_statistic(table, yates=False) == pytest.approx(R_BIG_CHI2, rel=1e-10)


R_BIG_CHI2 = 39134.935300168218


def test_lgamma_table_equals_scipy_gammaln() -> None:
    y = np.concatenate([np.arange(1.0, 3000.0), 10.0 ** np.arange(4, 16), [999.0, 1000.0, 1001.0]])
    assert_allclose(_lgamma_whole(y), gammaln(y), rtol=1e-15, atol=1e-15)


def test_lgamma_difference_equals_scipy_where_it_uses_the_table() -> None:
    rng = np.random.default_rng(2018)
    for a in (0.0, 1.0, 27.0, 500.0, 998.0, 999.0, 5000.0, 1e9):
        b = np.unique(np.concatenate([np.arange(0.0, 1200.0), rng.integers(0, 10**12, 200)]))
        b = b.astype(np.float64)
        expected = gammaln(a + 1.0) - gammaln(b + 1.0)
        assert_allclose(_lgamma_diff(a, b), expected, rtol=1e-13, atol=1e-9)
