"""How live-facial-recognition results are worded: false alerts among alerts.

A live-facial-recognition rate is the share of *alerts* that were false
(when the camera flagged someone, how often it was the wrong person), and
sometimes false alerts per *face scanned*. Every sentence a reader sees about
such a result is made here, so it always names its denominator ("of alerts
were false", never "of people tested were falsely matched"), and the two
denominators are shown side by side wherever both are known.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import text
from ..tasks import FACE_MATCHING, GENDER_CLASSIFICATION, LIVE_FACIAL_RECOGNITION

if TYPE_CHECKING:
    from ..catalog import Study
    from ..live import LiveResult
    from ..stats.common import Interval

WHAT_IS_COUNTED = {
    FACE_MATCHING: "people searched who got a false match (face matching)",
    GENDER_CLASSIFICATION: "faces whose gender was labelled wrongly (gender classification)",
    LIVE_FACIAL_RECOGNITION: "false alerts among a police camera's alerts "
    "(live facial recognition)",
}

RATE_NAME = "share of alerts that were false"
AXIS = "alerts that were false (%)"
DEFINITION = (
    "Share of alerts that were false: false alerts ÷ alerts (when the camera flagged someone, "
    "how often it was the wrong person). Per face scanned: false alerts ÷ faces scanned, "
    "where the number of faces was published."
)


def different_things(a: Study, b: Study) -> str:
    """The one-line refusal for results of two tasks given together."""
    return (
        f"{a.ref} and {b.ref} count different things: {a.ref} counts "
        f"{WHAT_IS_COUNTED.get(a.task, a.task)}, {b.ref} counts "
        f"{WHAT_IS_COUNTED.get(b.task, b.task)}; they are never compared or pooled"
    )


def share(k: int, n: int) -> str:
    """``'7 of 8 alerts were false (87.5%)'``."""
    were = "was" if k == 1 else "were"
    return f"{k:,} of {n:,} alerts {were} false ({text.pct(k / n, digits(k / n))})"


def per_million_number(rate: float) -> str:
    """A per-face rate per million faces: ``'3.2'``, ``'814'``."""
    value = rate * 1_000_000
    return f"{value:,.0f}" if value >= 100 else f"{value:.2g}" if value >= 0.01 else "< 0.01"


def per_million(k: int, faces: int) -> str:
    """``'3.2 per million faces scanned'``."""
    return f"{per_million_number(k / faces)} per million faces scanned"


def per_face(k: int, faces: int) -> str:
    """``'10 of 3,147,436 faces scanned (0.00032%; 3.2 per million faces scanned)'``."""
    return (
        f"{k:,} of {faces:,} faces scanned ({text.pct(k / faces, digits(k / faces))}; "
        f"{per_million(k, faces)})"
    )


def digits(*values: float) -> int:
    """Decimals of a percentage that show two significant digits of the smallest positive value."""
    positive = [v for v in values if v > 0]
    if not positive:
        return 1
    shown = 100 * min(positive)
    places = 1
    while shown < 10 and places < 10:
        shown *= 10
        places += 1
    return max(1, places - 1)


def interval(i: Interval, level: float) -> str:
    """``'95% CI 0.26% to 0.88%, Wilson'``."""
    places = digits(i.low, i.high)
    return (
        f"{text.level_pct(level)} CI {text.pct(i.low, places)} to {text.pct(i.high, places)}, "
        f"{_METHOD.get(i.method, i.method)}"
    )


_METHOD = {"wilson": "Wilson", "exact": "exact"}


def denominators(
    result: LiveResult,
    per_alert: Interval | None,
    per_face_ci: Sequence[Interval],
    level: float,
) -> str:
    """Both denominators side by side: per alert, then per face scanned (or why not)."""
    k, n = result.require_counts()
    head = f"Per alert: {share(k, n)}"
    if per_alert is not None:
        head += f", {interval(per_alert, level)}"
    if result.faces is None:
        return head + ". Per face scanned: the number of faces scanned was not published."
    faces = f"Per face scanned: {per_face(k, result.faces)}"
    if per_face_ci:
        faces += ", " + "; ".join(interval(i, level) for i in per_face_ci)
    return f"{head}. {faces}."


def resolved_reading(result: LiveResult) -> str | None:
    """The other reading of the denominator, when some alerts were never resolved."""
    resolved = result.resolved
    if resolved is None:
        return None
    k, n = result.require_counts()
    wrong, total = resolved
    never = k - wrong
    return (
        f"Two readings: {k:,} of {n:,} alerts were not verified as correct "
        f"({text.pct(k / n)}, the reading used here, as published); on resolved alerts only "
        f"(derived), {wrong:,} of {total:,} were wrong ({text.pct(wrong / total)}), leaving "
        f"out the {never:,} never resolved."
    )


def zero_note(result: LiveResult, bound: float, level: float) -> str:
    """What a deployment with no false alerts allows."""
    return (
        f"0 of {result.n:,} alerts were false: below {text.pct(bound, 2)} with "
        f"{text.level_pct(level)} confidence (exact one-sided bound), the figure to quote."
    )


def short_years(result: LiveResult) -> str:
    """``'2017'`` or ``'2016–18'``: the years, narrow enough for a table column."""
    first, last = result.deployed_from[:4], (result.deployed_to or result.deployed_from)[:4]
    return first if first == last else f"{first}\u2013{last[2:]}"


def period(result: LiveResult) -> str:
    """``'2017-06-03'`` or ``'2018-06 to 2019-02'``: when the deployments ran."""
    first, last = result.deployed_from, result.deployed_to
    return first if not last or last == first else f"{first} to {last}"


# --------------------------------------------------------------------------- #
# Sentences of the statistics modules, in this task's words
# --------------------------------------------------------------------------- #

_REWORDS = (
    (r"\bthe false-match rate\b", "the share of alerts that were false"),
    (r"\b([Aa]) new study like these\b", r"\1 new deployment like these"),
    (r"\bfalse matches\b", "false alerts"),
    (r"\bfalse match\b", "false alert"),
    (r"\bpeople\b", "alerts"),
    (r"\bperson\b", "alert"),
)


def reword(sentence: str) -> str:
    """A sentence of the statistics modules (pool, power) in alert words.

    The statistics word their results for face matching ("the false-match
    rate", "people per group"); for live facial recognition the unit is an
    alert. The replacements are listed in ``_REWORDS`` and tested.
    """
    for pattern, replacement in _REWORDS:
        sentence = re.sub(pattern, replacement, sentence)
    return sentence


# --------------------------------------------------------------------------- #
# The alerts chart
# --------------------------------------------------------------------------- #

CHART_SUBTITLE = (
    "When the camera flagged someone, how often was it the wrong person? Share of alerts "
    "that were false, by deployment, in time order"
)
CHART_AXIS = "alerts that were false (%)"


def _span(results: Sequence[LiveResult]) -> str:
    first = min(r.deployed_from[:4] for r in results)
    last = max((r.deployed_to or r.deployed_from)[:4] for r in results)
    return first if first == last else f"{first}\u2013{last}"


def _rates(results: Sequence[LiveResult]) -> str:
    rates = [r.rate or 0.0 for r in results]
    low, high = min(rates), max(rates)
    places = 0 if low >= 0.1 else digits(low, high)
    if low == high:
        return text.pct(low, places)
    return text.pct_range(low, high, places)


def chart_title(results: Sequence[LiveResult]) -> str:
    """The finding as a reader can repeat it: the shares of alerts that were false, by period.

    Deployments where most alerts were false are told apart from those where
    most were not; the title gives the range of each group and its years, and
    says nothing about why they differ (the note says they are not like for like).
    Where a result counts alerts never resolved among the false ones, the title
    says "false or not verified as correct".
    """
    most = [r for r in results if (r.rate or 0.0) > 0.5]
    few = [r for r in results if (r.rate or 0.0) <= 0.5]
    # Where some alerts were never resolved, the count is of alerts not verified as
    # correct, which is not the same as wrong: the title says so.
    unverified = any(r.resolved is not None for r in results)
    were = "were false or not verified as correct" if unverified else "were false"
    if most and few:
        return (
            f"{_rates(most)} of alerts {were} in the deployments of {_span(most)}; "
            f"{_rates(few)} in those of {_span(few)}"
        )
    return f"{_rates(results)} of alerts {were} in these deployments ({_span(results)})"


def chart_row_detail(result: LiveResult, low: float, high: float) -> str:
    """``'2017-06-03 · 2,297 of 2,470 · 93.0% (91.9–93.9%)'``."""
    k, n = result.require_counts()
    rate = k / n
    places = digits(rate, low, high) if rate else digits(high)
    out = f"{period(result)} · {k:,} of {n:,} alerts · {text.pct_interval(rate, low, high, places)}"
    return out + _faces(result)


def _faces(result: LiveResult) -> str:
    return "" if result.faces is None else f" · {result.faces:,} faces scanned"


def chart_zero_detail(result: LiveResult, bound: float) -> str:
    return f"{period(result)} · 0 of {result.n:,} alerts · below {text.pct(bound, 2)}" + _faces(
        result
    )


def faces_note(result: LiveResult) -> str | None:
    """Faces scanned, where known: the other denominator, beside the chart's."""
    if result.faces is None or result.k is None:
        return None
    return f"{result.label}: {per_face(result.k, result.faces)}."


def chart_notes(results: Sequence[LiveResult], level: float) -> list[str]:
    lv = text.level_pct(level)
    notes = [
        f"Dots: false alerts ÷ alerts. Lines: {lv} confidence intervals (Wilson score). A zero "
        f"is shown with its one-sided {lv} upper bound.",
        "Not like for like: the deployments differ in years, places, watchlists, thresholds and "
        "systems, most of which were not published, so a difference cannot be put down to the "
        "system alone. Never compare these with face-matching false-match rates: they count "
        "different things.",
    ]
    faces = [n for r in results if (n := faces_note(r))]
    if faces:
        notes.append("Per face scanned, where published: " + " ".join(faces))
    notes += [n for r in results if (n := resolved_reading(r))]
    return notes


def chart_alt(level: float, details: Sequence[tuple[str, str]]) -> str:
    return (
        "Dot-and-whisker chart of the share of police live-facial-recognition alerts that "
        f"were false, with {text.level_pct(level)} confidence intervals, one row per "
        "deployment in time order. " + " ".join(f"{label}: {detail}." for label, detail in details)
    )


def resolved_clause(wrong: int, total: int, never: int, holds: bool, *, too: bool = True) -> str:
    """The other reading of the denominator, in a claim's reason (``too``: the figure
    matches the first reading as well)."""
    match = "which the figure does not match"
    if holds:
        match = "which the figure matches too" if too else "which the figure matches"
    return (
        f"on resolved alerts only (derived: the {never:,} never resolved left out), "
        f"{wrong:,} / {total:,} = {text.pct(wrong / total)}, {match}"
    )
