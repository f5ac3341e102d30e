"""The standard-library normal quantile and cdf that replace scipy's, against R and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.special import ndtr, ndtri

from fr_stats.stats.common import LEVEL_RANGE, normal_cdf, normal_critical, normal_quantile

# R 4.2.2: sprintf("%.17g", qnorm(p))
R_QNORM = [
    (1e-300, -37.047096299361201),
    (1e-100, -21.273453560965319),
    (1e-20, -9.2623400897984052),
    (5e-05, -3.8905918864130942),
    (0.025, -1.9599639845400538),
    (0.25, -0.67448975019608171),
    (0.5, 0.0),
    (0.975, 1.9599639845400536),
    (1 - 1e-4 / 2, 3.8905918864131199),
    (1 - 1e-12, 7.0344869100478356),
]

# R 4.2.2: sprintf("%.17g", pnorm(x))
R_PNORM = [
    (-37.5, 4.6053530095819552e-308),
    (-37.2023, 3.1320576184186897e-303),
    (-20, 2.7536241186062337e-89),
    (-8, 6.2209605742717849e-16),
    (-1.96, 0.024997895148220428),
    (0, 0.5),
    (0.5, 0.69146246127401301),
    (1.96, 0.97500210485177963),
    (8, 0.99999999999999933),
]


@pytest.mark.parametrize(("p", "expected"), R_QNORM)
def test_quantile_matches_r_qnorm(p: float, expected: float) -> None:
    assert normal_quantile(p) == pytest.approx(expected, rel=1e-15, abs=1e-300)


@pytest.mark.parametrize(("x", "expected"), R_PNORM)
def test_cdf_matches_r_pnorm(x: float, expected: float) -> None:
    assert normal_cdf(x) == pytest.approx(expected, rel=max(1e-15, 4e-16 * x * x))


def test_critical_value_at_the_widest_level_matches_r() -> None:
    # R: qnorm(1 - 1e-4/2) = 3.8905918864131199; here from the lower tail
    assert normal_critical(LEVEL_RANGE[1]) == pytest.approx(3.8905918864131199, rel=1e-14)
    # R: qnorm(0.975) = 1.9599639845400536, qnorm(0.75) = 0.67448975019608171
    assert normal_critical(0.95) == pytest.approx(1.9599639845400536, rel=1e-15)
    assert normal_critical(0.5) == pytest.approx(0.67448975019608171, rel=1e-15)


def test_quantile_agrees_with_scipy_ndtri_over_the_whole_range() -> None:
    ps = np.concatenate(
        [
            10.0 ** -np.linspace(300, 1, 400),
            np.linspace(0.001, 0.999, 999),
            1 - 10.0 ** -np.linspace(1, 15, 200),
        ]
    )
    ours = np.array([normal_quantile(float(p)) for p in ps])
    assert_allclose(ours, ndtri(ps), rtol=2e-15, atol=1e-15)


def test_critical_value_agrees_with_scipy_over_the_allowed_levels() -> None:
    levels = np.linspace(*LEVEL_RANGE, 2001)
    ours = np.array([normal_critical(float(level)) for level in levels])
    assert_allclose(ours, -ndtri((1 - levels) / 2), rtol=1e-15)


def test_cdf_agrees_with_scipy_ndtr_including_the_far_tails() -> None:
    # down to pnorm(-37.5) = 4.6e-308, the smallest normal double's neighbourhood;
    # below it scipy's ndtr returns 0 where erfc keeps the subnormal digits
    # below it scipy's ndtr returns 0 where erfc keeps the subnormal digits. Both lose
    # about x^2 * 1e-16 relative in the lower tail (the rounding of x / sqrt(2) is
    # magnified by the slope of log erfc); R's pnorm(-37.2023) = 3.1320576184186897e-303
    # lies between the two.
    xs = np.linspace(-37.5, 8.3, 4001)
    ours = np.array([normal_cdf(float(x)) for x in xs])
    theirs = ndtr(xs)
    assert np.all(np.abs(ours - theirs) <= 8e-16 * np.maximum(1.0, xs**2) * theirs)
    assert normal_cdf(-math.inf) == 0.0 and normal_cdf(math.inf) == 1.0


def test_quantile_and_cdf_are_inverse() -> None:
    for p in (1e-250, 1e-30, 1e-5, 0.1, 0.5, 0.8):
        assert normal_cdf(normal_quantile(p)) == pytest.approx(p, rel=1e-13)
