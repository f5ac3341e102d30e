"""How the claims ledger words its verdicts: one reason per check, from typed values.

The checks in :mod:`fr_stats.ledger` decide (a verdict and the numbers it rests
on); every sentence of a reason is made here. A change or no-change reason takes
its finding, like-for-like and independence sentences from :mod:`.change`, so the
ledger and ``fr-stats compare`` say the same thing about the same pair. Numbers
are formatted by :mod:`fr_stats.text` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from .. import text
from . import change as change_words
from . import live as live_words

if TYPE_CHECKING:
    from ..analysis.compare import CompareResult
    from ..analysis.disparity import DisparityResult
    from ..catalog import Study
    from ..comparability import Comparability
    from ..ledger.rounding import OneInN, Rounding, Shown
    from ..stats.equivalence import Equivalence

NO_COUNTS = "no counts behind this figure were published, so it cannot be checked"
ONE_IN_UNDEFINED = "no false matches: one in N is undefined"
THRESHOLD_COST = (
    "What a higher threshold costs in missed true matches: none of these tests could "
    "measure it, since the people searched were not meant to be in the galleries."
)
THRESHOLD_USE = "Which threshold police actually use: that is not in these data."


# --------------------------------------------------------------------------- #
# Shared phrases
# --------------------------------------------------------------------------- #


def name(study: Study) -> str:
    """The study's label, with its threshold when it is not the study's default."""
    where = f" at {study.threshold_label}" if not study.default else ""
    return f"{study.label}{where}"


def of(k: int, n: int) -> str:
    """``'11 of 28'``."""
    return f"{text.count(k)} of {text.count(n)}"


def unpublished(study: Study) -> str:
    """Which of the two counts of a rate was never published (one of them was not)."""
    missing = [
        what
        for what, value in (("false matches", study.k), ("probes tested", study.n))
        if value is None
    ]
    return f"the number of {' and '.join(missing)} in {name(study)} was never published"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _and(first: str, second: str) -> str:
    return f"{first} and {second}" if first else second


def _fixed(value: Shown) -> str:
    return text.grouped(float(value.value), value.places)


def _tail(like: Comparability, unlike: str | None, borderline: bool) -> str:
    """The like-for-like, borderline and independence sentences after a reason."""
    tail = "" if unlike is None else " " + unlike
    if borderline:
        tail += " The evidence is borderline: the interval and the test disagree."
    dependence = change_words.dependence(like)
    if dependence is not None:
        tail += " " + dependence
    return tail


# --------------------------------------------------------------------------- #
# change and no-change
# --------------------------------------------------------------------------- #


def change_unpublished(gap: str) -> str:
    """A change claim whose counts were never published (``gap`` says which)."""
    return f"{gap}, so no change can be computed"


def no_change_unpublished(gap: str) -> str:
    """A no-change claim whose counts were never published (``gap`` says which)."""
    return f"{gap}, so no equivalence test can be run"


def change(result: CompareResult, claimed: str, right_way: bool, level: float) -> str:
    """The reason for a change claim: the rates, the change with its interval and test,
    whether it is detectable and which way, then the like-for-like sentences."""
    finding = result.finding
    low, high = result.difference.low, result.difference.high
    assert low is not None and high is not None  # Newcombe's interval always has both ends
    shown = (
        f"{text.pct(result.b.rate)} vs {text.pct(result.a.rate)}: "
        f"{text.points(result.b.rate - result.a.rate)} percentage points "
        f"({text.level_pct(level)} CI {text.points_range(low, high)}), "
        f"{change_words.p_text(finding.test, finding.pvalue)}"
    )
    unlike = change_words.unlike(result.comparability, finding)
    tail = _tail(result.comparability, unlike, finding.borderline)
    if finding.detected and right_way:
        return f"{shown}: a statistically detectable {claimed}.{tail}"
    if finding.detected:
        opposite = "decrease" if claimed == "increase" else "increase"
        return (
            f"{shown}: the data show {_article(opposite)} {opposite}, not "
            f"{_article(claimed)} {claimed}.{tail}"
        )
    lean = "the counts lean that way, but " if right_way else ""
    return f"{shown}: {lean}the change is not statistically detectable.{tail}"


def margin_too_wide(margin: float, smaller: float) -> str:
    """The refusal of a margin of half the smaller rate or more."""
    return (
        f"a margin of ±{text.number(100 * margin, 1)} points is half the smaller rate "
        f"({text.pct(smaller)}) or more, so it would call a doubling 'no change'; "
        f"use a margin below {text.number(50 * smaller, 2)} points"
    )


def no_change(
    a: Study, b: Study, tost: Equivalence, like: Comparability, *, p_agrees: bool | None
) -> str:
    """The reason for a no-change claim: the 90% interval against the margin, the TOST p
    (flagged when it disagrees with the interval), then the like-for-like sentences."""
    margin_text = f"±{text.number(100 * tost.margin, 1)} points"
    span = (
        f"{text.pct(b.rate)} vs {text.pct(a.rate)}: the 90% interval for the change is "
        f"{text.points_range(tost.low, tost.high)} points"
    )
    p_text = ""
    if tost.pvalue is not None:
        p_text = (
            f" (TOST p = {text.pvalue(tost.pvalue)})"
            if p_agrees
            else f" (borderline: the score TOST gives p = {text.pvalue(tost.pvalue)})"
        )
    unlike = None
    if not like.like_for_like:
        unlike = f"This is not a like-for-like comparison: {change_words.joined(like)}."
    tail = _tail(like, unlike, borderline=False)
    if tost.shown:
        return (
            f"{span}, inside the {margin_text} margin: the data rule out a change larger "
            f"than {margin_text}{p_text}.{tail}"
        )
    return (
        f"{span}, not inside the {margin_text} margin, so a change that large cannot be "
        f"ruled out{p_text}.{tail}"
    )


# --------------------------------------------------------------------------- #
# disparity
# --------------------------------------------------------------------------- #


def disparity_unpublished(study: Study, subgroup: str, missing: Sequence[str]) -> str:
    """What a disparity check needs and was never published (``missing`` empty: all of it)."""
    if not missing:
        return (
            f"the number of false matches among {subgroup} and their share of the people "
            f"tested in {name(study)} were never published"
        )
    were = "was" if len(missing) == 1 else "were"
    return f"the {' and the '.join(missing)} in {name(study)} {were} never published"


def disparity_gaps(subgroup: str) -> tuple[str, str, str]:
    """The three numbers a disparity check needs, named."""
    return (
        f"false matches among {subgroup}",
        f"share of {subgroup} among the people tested",
        "false matches in all",
    )


def disparity(result: DisparityResult, *, across_rounding: bool, worst: float | None) -> str:
    """The reason for a disparity claim: the share of the false matches against the share
    of the people tested, the one-sided p, and whether it holds for every share the
    published figure could have been rounded from (``worst``: the largest p when not)."""
    p = result.pvalue_greater
    head = (
        f"{result.subgroup_false_matches} of {result.false_matches} false matches "
        f"({text.pct(result.share_among_false_matches)}) against "
        f"{text.shortest(100 * result.population_share)}% of the people tested: exact binomial "
        f"p = {text.pvalue(p)} (one-sided)"
    )
    low, high = result.share_range
    if across_rounding:
        rounding = (
            f"every share from {text.shortest(100 * low)}% to {text.shortest(100 * high)}% "
            "the published figure allows"
        )
        return f"{head}, and below 0.05 for {rounding}"
    if worst is not None:
        return (
            f"{head}, but p reaches {text.pvalue(worst)} for a share the published figure "
            "could have been rounded from"
        )
    return f"{head}: no statistically detectable over-representation"


# --------------------------------------------------------------------------- #
# zero
# --------------------------------------------------------------------------- #


def zero_not_zero(study: Study) -> str:
    """A study said to have no false matches that published some."""
    where = f" of {text.count(study.n)}" if study.n is not None else ""
    return f"{name(study)} published {text.count(study.k)} false matches{where}, not zero"


def zero_gap(study: Study) -> str:
    """``'the number of probes in X was'``: one part of the zero check's missing list."""
    what = "false matches" if study.k is None else "probes"
    return f"the number of {what} in {name(study)} was"


def zero_unpublished(gaps: Sequence[str]) -> str:
    return f"{'; '.join(gaps)} never published, so no bound on the rate can be computed"


def tested_sum(tested: Sequence[int]) -> str:
    """``'tested = 530 + 1,429 = 1,959 (arms added up)'``."""
    total = sum(tested)
    added = " + ".join(text.count(n) for n in tested)
    return f"tested = {added} = {text.count(total)} (arms added up)"


def zero(tested: Sequence[int], bound: float, level: float) -> str:
    """The reason for a zero claim: the zeros observed and the upper bound they allow."""
    total = sum(tested)
    parts = " + ".join(f"0 of {text.count(n)}" for n in tested)
    summary = (
        f"0 of {text.count(total)}" if len(tested) == 1 else f"{parts} = 0 of {text.count(total)}"
    )
    return (
        f"{summary} observed; the true rate could still be as high as {text.pct(bound, 2)} "
        f"(one-sided {text.level_pct(level)} exact upper bound)"
    )


# --------------------------------------------------------------------------- #
# arithmetic
# --------------------------------------------------------------------------- #


def figure_text(form: str, figure: str) -> str:
    """The figure as the claim states it: ``'40%'``, ``'one in 5'``, ``'13,000,000'``."""
    if form == "percent":
        return f"{figure}%"
    if form == "one-in-n":
        return f"one in {figure}"
    return text.count(int(figure))


def _side_text(side: str, stated: str, ok: bool) -> str:
    """``'below 40%'``, ``'not above 1/5'``; empty for a qualifier that takes either side."""
    if side == "either side":
        return ""
    return f"{side} {stated}" if ok else f"not {side} {stated}"


def share_unpublished(subgroup: str, study: Study) -> str:
    return (
        f"the number of false matches among {subgroup} or in all in "
        f"{name(study)} was never published"
    )


def gallery_unpublished(study: Study) -> str:
    return f"the gallery size of {name(study)} was never published"


def faces_unpublished(study: Study) -> str:
    return f"the number of faces scanned in {name(study)} was never published"


def ratio(k: int, n: int) -> str:
    """``'11 / 28'``: the formula of a value."""
    return f"{text.count(k)} / {text.count(n)}"


def product(n: int, gallery: int) -> str:
    return f"{text.count(n)} × {text.count(gallery)}"


def accuracy_formula(k: int, comparisons: int) -> str:
    return f"1 − {text.count(k)} / {text.count(comparisons)}"


def comparisons_derived(n: int, gallery: int) -> str:
    return (
        f"comparisons = {text.count(n)} probes × {text.count(gallery)} gallery photos = "
        f"{text.count(n * gallery)}"
    )


def accuracy_units(k: int) -> str:
    """Why a per-comparison accuracy is at most the value computed."""
    return (
        f"the {text.count(k)} counts probes (people) with at least one false match, not wrong "
        "pairwise comparisons; how many gallery photos each matched was not published, so "
        f"there were at least {text.count(k)} wrong comparisons and the per-comparison "
        "accuracy is at most this value"
    )


def _tolerance(r: Rounding, stated: str) -> str:
    """``'10% of 40%'``; above 50% the tolerance is a share of the distance from 100%:
    ``'1.1 points of 89% (10% of its distance from 100%)'``."""
    share = f"{int(r.tolerance * 100)}%"
    points = r.from_100
    if points is None:
        return f"{share} of {stated}"
    return f"{_fixed(points)} points of {stated} ({share} of its distance from 100%)"


def rounding(r: Rounding, formula: str, form: str, figure: str, qualifier: str) -> str:
    """The reason for a percent or count figure: the exact value, and whether the figure is
    its rounding, its truncation, or (with a qualifier) on the right side and near it."""
    unit = "%" if form == "percent" else ""
    head = f"{formula} = {_fixed(r.head)}{unit}"
    stated = figure_text(form, figure)
    wording = f"{qualifier} {stated}" if qualifier else stated
    if not r.right_side:
        return f"{head}, {_side_text(r.side, stated, False)}, so not '{wording}'"
    if not r.holds:
        out = f"{head}, which rounds to {_fixed(r.finest)}{unit}, not {stated}, at the precision stated"
        if qualifier:
            out += f", and is not within {_tolerance(r, 'it')}"
        return out
    if r.within and qualifier:
        out = (
            f"{head}: {_and(_side_text(r.side, stated, True), f'within the rounding of {stated}')}"
        )
    elif r.within:
        out = f"{head}, which rounds to {stated}"
    elif r.truncated:
        out = (
            f"{head}, which rounds to {_fixed(r.finest)}{unit}; {stated} is the value "
            "truncated at the precision stated, not rounded, which is consistent"
        )
    else:
        out = f"{head}: {_and(_side_text(r.side, stated, True), f'within {_tolerance(r, stated)}')}"
    if r.within and not r.within_finest and form == "percent":
        out += (
            f" (reading {figure} as rounded to the nearest {int(r.coarse)}; "
            f"to the nearest whole percent it is {_fixed(r.finest)}%)"
        )
    return out


def one_in_n(r: OneInN, formula: str, figure: str, qualifier: str) -> str:
    """The reason for a "one in N" figure: the rate, one in how many it is, and whether N
    is the nearest whole number or (with a qualifier) near it on the right side."""
    stated = figure_text("one-in-n", figure)
    wording = f"{qualifier} {stated}" if qualifier else stated
    if r.shown is None:
        return f"{formula}: no false matches at all, so not '{wording}'"
    head = f"{formula} = {text.pct(float(r.value))}, one in {_fixed(r.shown)}"
    if not r.right_side:
        return f"{head}, {_side_text(r.side, f'1/{figure}', False)}, so not '{wording}'"
    side = _side_text(r.side, f"1/{figure}", True) if qualifier else ""
    if r.within:
        return f"{head}: {_and(side, f'one in {r.nearest} to the nearest whole number')}"
    if r.near:
        tolerance = f"{int(r.tolerance * 100)}%"
        return f"{head}: {_and(side, f'within {tolerance} of one in {figure}')}"
    return f"{head}, which is one in {r.nearest} to the nearest whole number, not '{wording}'"


def one_in_derived(one_in: Fraction, k: int, n: int) -> str:
    """``'one in 4.61538 = 120 ÷ 26'``."""
    return f"one in {text.shortest(float(one_in))} = {text.count(n)} ÷ {text.count(k)}"


def per_alert_first(k: int, n: int, reason: str) -> str:
    """A per-face reason after the per-alert figure."""
    return f"per alert, {live_words.share(k, n)}; per face scanned, {reason}"


def resolved(wrong: int, total: int, never: int, holds: bool, *, too: bool) -> str:
    """The reading on resolved alerts only, as a clause after the reason (``too``: the
    figure holds on all alerts as well)."""
    return "; " + live_words.resolved_clause(wrong, total, never, holds, too=too)


def alternative(count: int, column: str, source: str, holds: bool, same: bool) -> str:
    """``'with 29 tested per the Guardian, it fails'``: the check with another source's
    count of ``column`` (``tested`` or ``false_matches``); ``same``: the verdict agrees."""
    outcome = "holds" if holds else "fails"
    what = column.replace("_", " ")
    return f"with {text.count(count)} {what} per {source}, it {outcome}{' too' if same else ''}"


def alternatives(clauses: Sequence[str]) -> str:
    return "; " + "; ".join(clauses)


def per_comparison(k: int, n: int) -> str:
    """The accuracy-per-comparison caveat: the count is of people, not comparisons."""
    return (
        f"; and it divides by pairwise comparisons, while the {text.count(k)} are people: "
        f"{of(k, n)} members ({text.pct(k / n)}) were falsely matched"
    )


# --------------------------------------------------------------------------- #
# threshold
# --------------------------------------------------------------------------- #


def threshold_differs(studies: Sequence[Study], figure: float) -> str:
    names = "; ".join(f"{s.label} used {s.threshold_label}" for s in studies)
    return f"{names}, not {text.shortest(figure)}%"


def threshold_unknown(study: Study) -> str:
    return f"the threshold used in {study.label}"


def threshold_unpublished(unknown: Sequence[Study], same: int, figure: float) -> str:
    names = ", ".join(s.label for s in unknown)
    return (
        f"the threshold used in {names} was never published; the other {same} "
        f"used {text.shortest(figure)}%"
    )


def threshold_used(same: Sequence[Study], figure: float) -> str:
    return (
        f"all {len(same)} studies used {text.shortest(figure)}% "
        f"({', '.join(s.label for s in same)})"
    )


def at_lower_threshold(lowest: Sequence[Study]) -> str:
    """What can be said at the lower threshold the studies used."""
    return (
        "At the lower threshold the studies used: "
        + "; ".join(
            f"{s.label} {of(s.k or 0, s.n or 0)} ({text.pct(s.rate)}) at {s.threshold_label}"
            for s in lowest
        )
        + "."
    )


def no_threshold(study: Study) -> str:
    return f"{study.label}: its threshold was never published, so it cannot be placed."


def no_probes(study: Study) -> str:
    k = study.k if study.k is not None else "unpublished"
    return (
        f"{name(study)}: {k} false matches at {study.threshold_label}, but the number of "
        "probes was never published, so no rate."
    )


def implied_zero(study: Study, figure: float) -> str:
    return (
        f"{name(study)}: 0 false matches at {study.threshold_label} implies 0 at "
        f"{text.shortest(figure)}% (a match at or above the higher threshold is also at or "
        "above the lower one)"
    )


def no_probes_missing(no_n: Sequence[Study], figure: float) -> str:
    return "; ".join(f"the number of probes in {name(s)}" for s in no_n) or (
        f"any result at or above {text.shortest(figure)}%"
    )


def no_advised_rate(missing: str, figure: float) -> str:
    return (
        f"no study published a rate at or above {text.shortest(figure)}%: {missing} was "
        "never published"
    )


def at_advised(
    evidence: Sequence[tuple[Study, bool]],
    figure: float,
    k: int,
    n: int,
    bound: float,
    level: float,
) -> str:
    """What can be said at the advised threshold (``evidence``: each study, and whether its
    zero is implied by the zero at a lower threshold)."""
    who = "; ".join(
        f"{name(s)}: {of(s.k or 0, s.n or 0)}"
        + (f", so 0 at {text.shortest(figure)}% (implied)" if implied else "")
        for s, implied in evidence
    )
    return (
        f"At {text.shortest(figure)}%: {who}. With {of(k, n)}, the rate is at most "
        f"{text.pct(bound, 2)} (one-sided {text.level_pct(level)} exact bound)."
    )


def advised(
    figure: float,
    k: int,
    n: int,
    bound: float,
    kb: int,
    nb: int,
    *,
    fewer: bool,
    only_implied: bool,
    level: float,
) -> str:
    """The reason for an advised-threshold claim: only false matches were measured
    (``fewer``: the bound at the advised threshold is below the rate at the default)."""
    implied = " (implied by the zero at a lower threshold)" if only_implied else ""
    return (
        "advice on a threshold weighs two kinds of error, and only one was measured: "
        f"at {text.shortest(figure)}%, {of(k, n)} false matches{implied}, "
        f"at most {text.pct(bound, 2)} (one-sided {text.level_pct(level)}), "
        f"{'below' if fewer else 'not clearly below'} {of(kb, nb)} "
        f"({text.pct(kb / nb if nb else None)}) of the same people at the default; "
        "missed true matches were never measured"
    )
