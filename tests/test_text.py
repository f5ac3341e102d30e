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
    ("p", "shown"),
    [(0.0148629, "p = 0.015"), (0.596988, "p = 0.60"), (0.00099, "p < 0.001")],
)
def test_p_is_the_one_way_a_pvalue_is_printed(p: float, shown: str) -> None:
    assert text.p_is(p) == shown


@pytest.mark.parametrize(
    ("values", "decimals"),
    [
        ((0.0451,), 1),  # 4.5 points
        ((0.0080, 0.0032), 2),  # the largest, 0.80 points, to two digits
        ((0.000123,), 3),  # 0.012 points
        ((0.0,), 1),
        ((float("inf"),), 1),
        ((1e-12,), 8),  # at most 8
    ],
)
def test_decimals_show_the_largest_value_to_two_digits(
    values: tuple[float, ...], decimals: int
) -> None:
    assert text.decimals(*values) == decimals


@pytest.mark.parametrize(
    ("values", "decimals"),
    [
        ((0.0523, 0.0365, 0.0746), 2),  # 3.65%: the smallest to three digits
        ((0.00564, 0.0), 3),  # 0.564%; a zero is left out
        ((0.0,), 1),
        ((1e-15,), 10),  # at most 10
    ],
)
def test_rate_decimals_show_the_smallest_rate_to_three_digits(
    values: tuple[float, ...], decimals: int
) -> None:
    assert text.rate_decimals(*values) == decimals


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


def test_pct_never_rounds_a_rate_below_one_to_100_percent() -> None:
    from fr_stats import text

    assert text.pct(0.99997) == "99.997%"
    assert text.pct(1.0) == "100.0%"
    assert text.pct(0.5) == "50.0%"


def test_listing_and_lower_first() -> None:
    from fr_stats import text

    assert text.listing([]) == "" and text.listing(["a"]) == "a"
    assert text.listing(["a", "b", "c"]) == "a, b and c"
    assert text.lower_first("Members of the US Congress") == "members of the US Congress"
    assert text.lower_first("US and UK lawmakers") == "US and UK lawmakers"


def test_ranges_and_intervals_share_one_percent_sign() -> None:
    assert text.pct_range(0.043, 0.084) == "4.3\u20138.4%"
    assert text.pct_range(0.0012, 0.0345, 2) == "0.12\u20133.45%"
    assert text.pct_interval(0.052, 0.036, 0.075) == "5.2% (3.6\u20137.5%)"


@pytest.mark.parametrize(
    ("percent", "shown"),
    [(31.37, "31%"), (2.5, "3%"), (0.8, "0.8%"), (0.25, "0.3%"), (0.0, "0%"), (100.0, "100%")],
)
def test_published_pct_rounds_halves_up_to_whole_percent_or_a_tenth_below_one(
    percent: float, shown: str
) -> None:
    assert text.published_pct(percent) == shown


@pytest.mark.parametrize(("percent", "shown"), [(80.0, "80%"), (99.9, "99.9%"), (95, "95%")])
def test_figure_pct_writes_a_published_figure_as_given(percent: float, shown: str) -> None:
    assert text.figure_pct(percent) == shown


def test_upper_first() -> None:
    assert text.upper_first("members of the US Congress") == "Members of the US Congress"
    assert text.upper_first("") == ""


def test_bound_digits_never_hide_the_sign_of_a_bound() -> None:
    # prop.test-free arithmetic: -0.0011 points is -0.000011 as a proportion.
    assert text.bound_digits(1, -0.000011, 0.022806) == 3  # "−0.001 to +2.281"
    assert text.points(-0.000011, text.bound_digits(1, -0.000011, 0.022806)) == "−0.001"
    assert text.bound_digits(1, -0.02, 0.036) == 1  # nothing hidden: unchanged
    assert text.bound_digits(1, 0.0, 0.036) == 1  # an exact 0 is shown as 0.0


def test_points_range_keeps_the_sign_of_each_bound() -> None:
    assert text.points_range(-0.012, 0.029) == "−1.2 to +2.9"
    assert text.points_range(-0.000011, 0.022806) == "−0.001 to +2.281"
