"""Brent's root finder (fr_stats.stats.roots) against scipy.optimize.brentq, which it replaces."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest
from scipy.optimize import brentq as scipy_brentq

from fr_stats.stats.roots import EPSILON, ConvergenceError, brentq

FUNCTIONS: dict[str, Callable[[float], float]] = {
    "x^2 - 2": lambda x: x * x - 2.0,
    "exp(x) - 5": lambda x: math.exp(x) - 5.0,
    "x^3 - x - 1": lambda x: x**3 - x - 1.0,
    "cos(x) - x": lambda x: math.cos(x) - x,
    "tiny slope": lambda x: 1e-10 * math.atan(x - 0.3),
    "(x - 1)^5 (flat root)": lambda x: (x - 1.0) ** 5,
    "steep tanh": lambda x: math.tanh(50.0 * (x - 0.123)),
    "step": lambda x: -1.0 if x < 0.7 else 1.0,
    "root at 1e-200": lambda x: x - 1e-200,
    "log": lambda x: math.log(x + 6.0),
    "x^(1/3) (infinite slope)": lambda x: math.copysign(abs(x - 0.5) ** (1 / 3), x - 0.5),
}


def _outcome(solver: Callable[..., float], f: Callable[[float], float], a: float, b: float,
             **kw: float) -> float | str:  # fmt: skip
    try:
        return float(solver(f, a, b, **kw))
    except ValueError:
        return "ValueError"
    except RuntimeError:  # ConvergenceError is a RuntimeError, as scipy's
        return "RuntimeError"


@pytest.mark.parametrize("name", FUNCTIONS)
def test_same_iterates_as_scipy(name: str) -> None:
    # The same algorithm, step for step: the roots are equal, not just close.
    f = FUNCTIONS[name]
    rng = random.Random(name)
    for _ in range(150):
        a, b = rng.uniform(-5.0, 0.1), rng.uniform(1.5, 10.0)
        if rng.random() < 0.5:
            a, b = b, a
        kw = {
            "xtol": rng.choice([1e-300, 1e-15, 1e-13, 2e-12, 1e-6, 0.1]),
            "rtol": rng.choice([4 * EPSILON, 1e-15, 1e-10]),
            "maxiter": rng.choice([1, 3, 10, 100, 500]),
        }
        assert _outcome(brentq, f, a, b, **kw) == _outcome(scipy_brentq, f, a, b, **kw), (a, b, kw)


def test_defaults_are_scipys() -> None:
    f = FUNCTIONS["cos(x) - x"]
    assert brentq(f, 0.0, 1.0) == scipy_brentq(f, 0.0, 1.0)
    assert brentq(f, 0.0, 1.0) == pytest.approx(0.7390851332151607, rel=1e-11)


def test_root_to_full_precision() -> None:
    root = brentq(lambda x: x * x - 2.0, 0.0, 2.0, xtol=1e-300, rtol=4 * EPSILON)
    assert root == pytest.approx(math.sqrt(2.0), rel=4 * EPSILON)
    tiny = brentq(
        FUNCTIONS["root at 1e-200"], -1.0, 1.0, xtol=1e-300, rtol=4 * EPSILON, maxiter=2000
    )
    assert tiny == pytest.approx(1e-200, rel=1e-15)


def test_zero_at_an_end_is_returned_without_iterating() -> None:
    calls: list[float] = []

    def f(x: float) -> float:
        calls.append(x)
        return x - 1.0

    assert brentq(f, 1.0, 3.0) == 1.0
    assert brentq(f, -2.0, 1.0) == 1.0
    assert len(calls) == 4
    assert brentq(lambda x: 0.0, -1.0, 1.0) == -1.0 == scipy_brentq(lambda x: 0.0, -1.0, 1.0)


def test_bracket_errors() -> None:
    with pytest.raises(ValueError, match="different signs"):
        brentq(lambda x: x * x + 1.0, -1.0, 1.0)
    with pytest.raises(ValueError, match="different signs"):
        brentq(lambda x: x, 1.0, 1.0)
    with pytest.raises(ValueError, match="NaN"):
        brentq(lambda x: math.nan, 0.0, 1.0)
    with pytest.raises(ValueError, match="NaN"):
        brentq(lambda x: math.nan if 0.2 < x < 0.8 else x - 0.5, 0.0, 1.0)
    with pytest.raises(ValueError, match="NaN"):
        scipy_brentq(lambda x: math.nan if 0.2 < x < 0.8 else x - 0.5, 0.0, 1.0)


def test_tolerance_and_maxiter_checks_follow_scipy() -> None:
    f = FUNCTIONS["x^2 - 2"]
    for kw in ({"xtol": 0.0}, {"xtol": -1.0}, {"rtol": 3 * EPSILON}):
        with pytest.raises(ValueError):
            brentq(f, 0.0, 2.0, **kw)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            scipy_brentq(f, 0.0, 2.0, **kw)
    with pytest.raises(ValueError):
        brentq(f, 0.0, 2.0, maxiter=-1)


def test_maxiter_gives_up_like_scipy() -> None:
    f = FUNCTIONS["(x - 1)^5 (flat root)"]
    with pytest.raises(ConvergenceError):
        brentq(f, -4.0, 7.0, xtol=1e-300, maxiter=5)
    with pytest.raises(RuntimeError):
        scipy_brentq(f, -4.0, 7.0, xtol=1e-300, maxiter=5)
    # maxiter=0 evaluates only the ends
    with pytest.raises(ConvergenceError):
        brentq(f, -4.0, 7.0, maxiter=0)
    # enough iterations converge to the same root as scipy
    assert brentq(f, -4.0, 7.0, maxiter=500) == scipy_brentq(f, -4.0, 7.0, maxiter=500)


def test_infinite_values_at_the_ends() -> None:
    f = lambda x: -math.inf if x == 0 else math.log(x)  # noqa: E731
    assert brentq(f, 0.0, 3.0) == pytest.approx(1.0, rel=1e-11)
    assert brentq(f, 0.0, 3.0) == scipy_brentq(f, 0.0, 3.0)
