"""Number formatting for verdicts, and the lazily imported public API."""

from __future__ import annotations

import pytest

import fr_stats
from fr_stats import text


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (0.596988, "0.60"),
        (0.0148629, "0.015"),
        (0.0499, "0.050"),
        (0.0621, "0.062"),
        (0.0031, "0.003"),
        (0.00099, "< 0.001"),
        (1.0, "1.00"),
        (0.1, "0.10"),
    ],
)
def test_pvalue(p: float, shown: str) -> None:
    assert text.pvalue(p) == shown


@pytest.mark.parametrize(
    ("x", "shown"),
    [
        (0.052336, "5.2%"),
        (0, "0%"),
        (None, "n/a"),
        (float("nan"), "n/a"),
        (0.0001, "0.01%"),
        (1e-9, "0.0000001%"),
        (-0.02, "\u22122.0%"),
    ],
)
def test_pct(x: float | None, shown: str) -> None:
    assert text.pct(x) == shown


def test_points_count_level_number() -> None:
    assert text.points(0.008) == "+0.8"
    assert text.points(-0.0204) == "\u22122.0"
    assert text.points(0.00001) == "0.0"
    assert text.count(1429) == "1,429" and text.count(None) == "unpublished"
    assert text.level_pct(0.975) == "97.5%"
    assert text.number(float("inf")) == "∞" and text.number(-1.5) == "\u22121.50"


@pytest.mark.parametrize("name", [n for n in fr_stats.__all__ if n != "__version__"])
def test_every_public_name_resolves(name: str) -> None:
    obj = getattr(fr_stats, name)
    assert callable(obj), name
    if name[0].islower():
        assert not isinstance(obj, type(fr_stats)), f"fr_stats.{name} is a module, not the function"
