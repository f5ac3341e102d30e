"""How one rate and its uncertainty are worded."""

from __future__ import annotations

from .. import text

CENSUS = (
    "When the people tested are nearly everyone in a group (all of Congress, say), the "
    "interval does not describe sampling from that group: it describes the system's "
    "propensity to make a false match, each search treated as one trial of the same "
    "system under the same conditions."
)
"""What an interval around a false-match rate means; said once wherever intervals are explained."""


def zero_bound(tested: int, bound: float, level: float, digits: int) -> str:
    """The one-sided bound a zero allows, and that it is the figure to quote."""
    return (
        f"0 of {tested:,}: below {text.pct(bound, digits)} with {text.level_pct(level)} "
        "confidence (exact one-sided bound). With no false matches this bound is the "
        "figure to quote; the upper end of the two-sided interval is a bound at a higher "
        "confidence."
    )


def average_count(label: str, k: int | None, n: int | None) -> str:
    """The caveat of a count that is an average of several runs."""
    return (
        f"{label}: {text.count(k)} false matches is an average of several runs, analysed "
        f"here as one binomial count of {text.count(k)} among {text.count(n)}; the run-to-run "
        "variation is not in these intervals."
    )
