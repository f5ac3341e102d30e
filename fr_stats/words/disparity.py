"""How a subgroup disparity is worded: the verdict, the derivations and the caveats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import text

if TYPE_CHECKING:
    from ..analysis.disparity import DisparityResult, GroupRate


def share_text(share: float) -> str:
    """A share as its exact percentage: ``0.2 -> '20%'``, ``0.195 -> '19.5%'``."""
    return f"{100 * share:.10g}%"


def source_name(source: str) -> str:
    """``'secondary: Newser, https://...'`` -> ``'Newser'``."""
    name = source.split(",")[0].strip()
    return name.split(":", 1)[1].strip() if ":" in name else name


def derived(
    subgroup: str,
    k: int,
    big_k: int,
    n: int,
    share: float,
    m: int,
    sizes: tuple[int, int],
    share_range: tuple[float, float],
    percent: float,
) -> list[str]:
    """How the group sizes and rates were derived from the rounded share, step by step."""
    low, high = share_range
    return [
        f"{subgroup} tested: {n:,} × {share_text(share)} = {n * share:,.10g}"
        + ("" if n * share == m else f", rounded to {m:,}"),
        f"everyone else tested: {n:,} − {m:,} = {n - m:,}",
        f"false-match rate of {subgroup}: {k} / {m:,}",
        f"false-match rate of everyone else: {big_k - k} / {n - m:,}",
        "rate ratio: the first rate over the second",
        f"sensitivity: every whole group size from {sizes[0]:,} to {sizes[1]:,} "
        f"({share_text(low)} to {share_text(high)} of {n:,}), the "
        f"shares a published {percent:g}% could have been rounded from",
    ]


def caveats(
    subgroup: str,
    share: float,
    k: int,
    *,
    count_source: str | None,
    tested: int | None,
    tested_source: str | None,
    skipped: tuple[int, ...],
) -> list[str]:
    """What the derived numbers and the test do not say, and where the counts are from."""
    out = [
        f"The number of {subgroup} tested was never published, only a share "
        f"({share_text(share)}); group sizes, rates and their ratio are derived from it.",
        "The test treats each false match as an independent draw; it says whether the "
        "share is larger than chance would give, not why.",
    ]
    if count_source:
        out.append(
            f"The count of {k} is from {source_name(count_source)}, "
            "a secondary source, not the study's own page."
        )
    if tested is None:
        out.append(
            "The number of people tested was never published, so no group rates can be derived."
        )
    if skipped:
        out.append(
            "Group sizes that could not hold the false matches were left out of the "
            f"sensitivity table: {', '.join(str(s) for s in skipped)}."
        )
    if tested is not None and tested_source:
        out.append(
            f"The {tested:,} people tested is from {source_name(tested_source)}, "
            "a secondary source."
        )
    return out


def _test(r: DisparityResult, alpha: float) -> str:
    p = r.pvalue_greater
    if p < alpha:
        return (
            f" If everyone were falsely matched equally often, a share this high would "
            f"arise by chance with probability {text.pvalue(p)} (exact binomial test, "
            f"one-sided; two-sided p = {text.pvalue(r.pvalue_two_sided)}): the "
            "over-representation is statistically significant."
        )
    return (
        f" A share this high would arise by chance with probability {text.pvalue(p)} "
        f"if everyone were falsely matched equally often (exact binomial test, "
        "one-sided): no statistically significant over-representation."
    )


def _rates(r: DisparityResult) -> str:
    rr = r.rate_ratio
    if len(r.group_rates) != 2 or rr is None:
        return ""
    sub, other = r.group_rates
    out = (
        f" Derived from the rounded share, {r.subgroup} were falsely matched at "
        f"about {text.pct(sub.rate)} against {text.pct(other.rate)} for everyone else"
    )
    if rr.estimate is not None and rr.low is not None and rr.high is not None:
        return out + (
            f", {text.number(rr.estimate, 1)} times as often ({text.level_pct(r.level)} CI "
            f"{text.number(rr.low, 1)} to {text.number(rr.high, 1)})."
        )
    return out + "."


def _robust(r: DisparityResult, alpha: float) -> str:
    lo, hi = r.share_range
    ps = [s.pvalue_greater for s in r.sensitivity]
    span = f"{text.pvalue(min(ps))} to {text.pvalue(max(ps))}"
    if r.holds_across_rounding:
        return (
            f" The result holds for every share from {share_text(lo)} to "
            f"{share_text(hi)} (one-sided p from {span})."
        )
    if any(q < alpha for q in ps):
        return (
            f" The conclusion depends on the rounding: across shares from "
            f"{share_text(lo)} to {share_text(hi)} the one-sided p runs from {span}."
        )
    return f" No share from {share_text(lo)} to {share_text(hi)} changes this (one-sided p from {span})."


def verdict(r: DisparityResult) -> str:
    """The share test, the derived rates and whether the rounding matters, in one paragraph."""
    alpha = 1 - r.level
    head = (
        f"{r.subgroup_false_matches} of the {r.false_matches} false matches "
        f"({text.pct(r.share_among_false_matches, 0)}) were {r.subgroup}, who were "
        f"{share_text(r.population_share)} of the people tested."
    )
    return head + _test(r, alpha) + _rates(r) + _robust(r, alpha)


# --------------------------------------------------------------------------- #
# The disparity chart
# --------------------------------------------------------------------------- #

RATES_HEADING = "Implied false-match rate by group (derived)"
RATES_AXIS = "% of each group falsely matched"


def chart_title(r: DisparityResult) -> str:
    return (
        f"{text.upper_first(r.subgroup)} were {text.pct(r.share_among_false_matches, 0)} of "
        f"the false matches but {text.pct(r.population_share, 0)} of the people tested"
    )


def chart_subtitle(r: DisparityResult) -> str:
    return f"Did the false matches in {r.label} fall unevenly on {r.subgroup}?"


def shares_heading(r: DisparityResult) -> str:
    return f"Share who were {r.subgroup}"


def share_label(r: DisparityResult) -> str:
    return f"Among the {r.false_matches} false matches"


def share_detail(r: DisparityResult) -> str:
    """``'11 of 28 · 39% (22–59%)'``."""
    low, high = r.share_ci
    return (
        f"{r.subgroup_false_matches} of {r.false_matches} · "
        f"{text.pct_interval(r.share_among_false_matches, low, high)}"
    )


def population_label(r: DisparityResult) -> str:
    return f"Among all {text.count(r.tested)} people tested"


def population_value(r: DisparityResult) -> str:
    return text.pct(r.population_share, 0)


def population_detail(r: DisparityResult) -> str:
    return f"{population_value(r)}, as published (a rounded share; no count)"


def group_label(group: str) -> str:
    return text.upper_first(group)


def group_detail(g: GroupRate, low: float, high: float) -> str:
    """``'11 of about 107 (derived) · 10.3% (5.8–17.5%)'``."""
    return (
        f"{g.false_matches} of about {text.count(g.size)} (derived) · "
        f"{text.pct_interval(g.rate, low, high)}"
    )


def times_as_often(ratio: float) -> str:
    return f"{text.number(ratio, 1)}× as often"


def chart_notes(r: DisparityResult) -> list[str]:
    """What the two panels show, how the group sizes were derived, and the rate ratio."""
    lv = text.level_pct(r.level)
    pop = population_value(r)
    low_share, high_share = r.share_range or (r.population_share, r.population_share)
    notes = [
        f"Top: the share among false matches with its {lv} exact (Clopper–Pearson) interval; "
        f"exact binomial test against {pop}: one-sided {text.p_is(r.pvalue_greater)}.",
        f"Bottom: derived rates. Group sizes come from the published {pop} share "
        f"of {text.count(r.tested)}, which could have been rounded from "
        f"{text.pct(low_share)} to {text.pct(high_share)}; lines are {lv} Wilson intervals.",
    ]
    rr = r.rate_ratio
    if rr is not None and rr.estimate is not None:
        assert rr.low is not None and rr.high is not None  # defined with the estimate
        notes.append(
            f"{group_label(r.subgroup)} were falsely matched {text.number(rr.estimate, 1)} "
            f"times as often ({lv} interval {text.number(rr.low, 1)} to "
            f"{text.number(rr.high, 1)}; derived)."
        )
    return notes


def chart_alt(r: DisparityResult, shares: str, rates: str) -> str:
    """``shares`` and ``rates``: the rows of each panel read aloud."""
    return (
        f"Two-panel chart for {r.label}. Share of {r.subgroup}: {shares} "
        f"Implied false-match rates (derived): {rates}"
    )
