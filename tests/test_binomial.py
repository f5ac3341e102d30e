"""R's binom.test without scipy (fr_stats.stats.binomial), against R and scipy.

The Clopper-Pearson limits are compared with scipy's Beta quantiles
(``betaincinv``/``betainccinv``, as R's ``qbeta``), not with scipy's
``binomtest(...).proportion_ci(method="exact")``: that one solves with
``brentq``'s default absolute tolerance of 2e-12 and is off by up to 1e-5
relative at limits near 1e-6.
"""

from __future__ import annotations

import itertools

import pytest
from numpy.testing import assert_allclose
from scipy.special import betainccinv, betaincinv
from scipy.stats import binomtest

from fr_stats.stats import binomial
from fr_stats.stats.binomial import binom_test, clopper_pearson, lower_tail, upper_tail

# R 4.2.2: a <- binom.test(k, n, p, alternative = "greater"); b <- binom.test(k, n, p,
# conf.level = level); c(a$p.value, b$p.value, b$conf.int)
R_BINOM = [
    (0, 1, 0.3, 0.95, 1.0, 1.0, 0.0, 0.97499999999999998),
    (1, 1, 0.3, 0.9999, 0.29999999999999999, 0.29999999999999999, 4.9999999999994493e-05, 1.0),
    (3, 1000, 0.001, 0.5, 0.080209342840201078, 0.080209342840201078, 0.001727535363197377,
     0.0051040395234203144),
    (40, 100, 0.25, 0.9, 0.00068659220796299088, 0.0010801099946617443, 0.31752601523649948,
     0.48702417974610568),
    (11, 28, 0.195, 0.95, 0.012329020441191404, 0.014631971190597236, 0.21504282916096101,
     0.59423179351243682),
    (500, 20000, 0.02, 0.99, 6.2387871128397958e-07, 1.0687889679362424e-06,
     0.022244698348768646, 0.027983945637879315),
    (5, 10, 0.5, 0.95, 0.62304687499999989, 1.0, 0.18708602844739858, 0.81291397155260148),
    (90, 100, 0.2, 0.9999, 2.3657271218708846e-51, 2.3657271218708846e-51, 0.73800179434629631,
     0.97908200343659757),
]  # fmt: skip


@pytest.mark.parametrize(("k", "n", "p", "level", "greater", "two", "low", "high"), R_BINOM)
def test_matches_r_binom_test(
    k: int, n: int, p: float, level: float, greater: float, two: float, low: float, high: float
) -> None:
    assert_allclose(binom_test(k, n, p), [greater, two], rtol=1e-12)
    assert_allclose(clopper_pearson(k, n, level), [low, high], rtol=1e-12)


SIZES = (1, 2, 3, 5, 10, 28, 50, 107, 1000, 10_000)
SHARES = (1e-6, 0.001, 0.05, 0.195, 0.2, 0.5, 0.7, 0.99)


def _counts(n: int) -> list[int]:
    return sorted({k for k in (0, 1, 2, n // 3, n // 2, n - 1, n) if 0 <= k <= n})


def test_pvalues_equal_scipy_over_a_grid() -> None:
    for n in SIZES:
        for k, p in itertools.product(_counts(n), SHARES):
            greater, two = binom_test(k, n, p)
            expected_greater = binomtest(k, n, p, alternative="greater").pvalue
            expected_two = binomtest(k, n, p).pvalue
            assert_allclose(
                [greater, two], [expected_greater, expected_two], rtol=1e-11, atol=1e-300
            )


def test_clopper_pearson_equals_beta_quantiles_over_a_grid() -> None:
    for n in SIZES:
        for k, level in itertools.product(_counts(n), (0.5, 0.9, 0.95, 0.99, 0.9999)):
            half = (1 - level) / 2
            low, high = clopper_pearson(k, n, level)
            expected_low = 0.0 if k == 0 else float(betaincinv(k, n - k + 1, half))
            expected_high = 1.0 if k == n else float(betainccinv(k + 1, n - k, half))
            assert_allclose([low, high], [expected_low, expected_high], rtol=1e-12)


def test_tails_at_the_ends_of_the_support() -> None:
    assert upper_tail(0, 10, 0.3) == 1.0 and lower_tail(10, 10, 0.3) == 1.0
    assert upper_tail(1, 10, 0.0) == 0.0 and lower_tail(9, 10, 1.0) == 0.0
    assert lower_tail(0, 10, 0.0) == 1.0 and upper_tail(10, 10, 1.0) == 1.0
    # R: pbinom(9, 10, 0.3, lower.tail = FALSE) = 0.3^10
    assert upper_tail(10, 10, 0.3) == pytest.approx(0.3**10, rel=1e-14)
    # far below double precision of 1 - x, still to full relative precision: 0.4^500
    assert upper_tail(500, 500, 0.4) == pytest.approx(0.4**500, rel=1e-12)


def test_two_sided_is_one_at_the_expected_count() -> None:
    assert binom_test(5, 10, 0.5)[1] == 1.0
    assert binom_test(2, 10, 0.2)[1] == 1.0


R_LARGE = (0.03820200129181156, 0.075759678205160497, 0.1944752932851459, 0.20561204805519995)


def test_above_max_n_scipy_gives_the_same_numbers() -> None:
    # R 4.2.2: binom.test(4000, 20000, 0.195, alternative = "greater")$p.value,
    # binom.test(4000, 20000, 0.195)$p.value and $conf.int
    assert binomial.MAX_N < 20000
    assert_allclose(binom_test(4000, 20000, 0.195), R_LARGE[:2], rtol=1e-10)
    assert_allclose(clopper_pearson(4000, 20000, 0.95), R_LARGE[2:], rtol=1e-12)


def test_max_n_is_where_the_two_computations_meet(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = binom_test(300, 9000, 0.03), clopper_pearson(300, 9000, 0.99)
    monkeypatch.setattr(binomial, "MAX_N", 100)
    theirs = binom_test(300, 9000, 0.03), clopper_pearson(300, 9000, 0.99)
    assert_allclose(ours, theirs, rtol=1e-11)
