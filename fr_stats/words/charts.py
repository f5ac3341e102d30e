"""The sentences of the charts of face-matching rates: titles, subtitles, notes, alt
text and the detail line of each row.

The charts (:mod:`fr_stats.figures.kinds`) choose the results and compute the
numbers; this module words them. The pool, compare and disparity charts take
their words from :mod:`fr_stats.words.pool`, :mod:`fr_stats.words.change` and
:mod:`fr_stats.words.disparity`, beside the verdicts they show.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .. import text

if TYPE_CHECKING:
    from ..catalog import GenderResult, Study

RATE_AXIS = "false-match rate (% of people tested)"
"""The x axis of every chart of false-match rates."""


# --------------------------------------------------------------------------- #
# Shared: one result's count, threshold and rate, and the alt text of rows
# --------------------------------------------------------------------------- #


def count(study: Study) -> str:
    """``'28 of 535'``; a count that is an average of runs says so."""
    k = text.count(study.k)
    if study.false_matches.kind == "average":
        return f"{k} of {text.count(study.n)} (an average of runs)"
    return f"{k} of {text.count(study.n)}"


def threshold(study: Study) -> str:
    """``'80% threshold'``, or that it was never published."""
    if study.threshold.value is None:
        return "threshold unpublished"
    return f"{study.threshold_label} threshold"


def below(bound: float) -> str:
    """The mark of a zero: ``'below 0.56%'``."""
    return f"below {text.pct(bound, 2)}"


def interval_name(method: str, level: float) -> str:
    """``'wilson (95%)'``: which interval a table row has."""
    return f"{method} ({text.level_pct(level)})"


def derived_interval_name(method: str, level: float) -> str:
    """The interval of a rate whose group size was derived from a rounded share."""
    return f"{interval_name(method, level)}, derived group size"


def zero_interval_name(level: float) -> str:
    return f"one-sided exact upper bound ({text.level_pct(level)})"


def missing_count(study: Study) -> str:
    """What was never published of a result without a rate."""
    return "number tested" if study.n is None else "number of false matches"


def missing_interval(study: Study) -> str:
    return f"none: the {missing_count(study)} was never published"


def missing_detail(study: Study) -> str:
    return f"{text.count(study.k)} false matches; {missing_count(study)} not published, so no rate"


def study_detail(study: Study, name: str, with_threshold: bool, rate: str) -> str:
    """Counts, threshold and rate, without repeating a label that is the count itself
    (a typed ``K/N``) and without a threshold for counts that never had one."""
    parts = [] if name == count(study) else [count(study)]
    if with_threshold and not study.adhoc:
        parts.append(threshold(study))
    return " · ".join([*parts, rate])


def row_sentences(rows: Iterable[tuple[str, str]]) -> str:
    """``'Label: detail. Label: detail.'``: rows read aloud, in order."""
    return " ".join(f"{label}: {detail}." for label, detail in rows)


def system(items: Sequence[Study]) -> str:
    """The one system all ``items`` tested, or 'face matching'."""
    systems = {s.system for s in items if s.system and s.system != "unspecified"}
    return systems.pop() if len(systems) == 1 else "face matching"


def short_names(items: Sequence[Study]) -> dict[str, str]:
    """``ACLU 2018`` for ``ACLU 2018: US Congress``, unless two studies would share it."""
    heads = [s.label.partition(":")[0] for s in items]
    return {
        s.ref: head if heads.count(head) == 1 else s.label
        for s, head in zip(items, heads, strict=True)
    }


def from_to(a: Study, b: Study, *, short: bool = True) -> str:
    """``'ACLU 2018 to Comparitech 2020'``: a change from ``a`` to ``b``, by short names
    (or by full labels)."""
    if not short:
        return f"{a.label} to {b.label}"
    names = short_names([a, b])
    return f"{names[a.ref]} to {names[b.ref]}"


# --------------------------------------------------------------------------- #
# The studies chart
# --------------------------------------------------------------------------- #


def thresholds_listed(items: Sequence[Study]) -> str:
    """``'95% and 99%'``: the thresholds of ``items``, each once."""
    values = sorted({float(s.threshold.value or 0) for s in items})
    return " and ".join(f"{v:g}%" for v in values)


def stricter_heading(stricter: Sequence[Study]) -> str:
    return f"At the stricter {thresholds_listed(stricter)} threshold"


def studies_title(items: Sequence[Study], name: str, stricter: Sequence[Study]) -> str:
    """The range of rates, the threshold they share, and the zeros (a stricter
    threshold's, or other tests')."""
    positive = [s.rate for s in items if s.rate]
    if len(positive) > 1:
        title = (
            f"{name} falsely matched {text.pct(min(positive), 0)} to "
            f"{text.pct(max(positive), 0)} of the people tested"
        )
    elif positive:
        only = next(s for s in items if s.rate)
        title = f"{name} falsely matched {text.pct(only.rate)} of the people tested ({count(only)})"
    else:
        title = f"{name} made no false matches in these tests"
    thresholds = {s.threshold.value for s in items if s.k}
    if len(thresholds) == 1 and None not in thresholds:
        title += f" at the {next(iter(thresholds)):g}% threshold"
    others = [s for s in items if s.k == 0 and s not in stricter]
    if stricter and positive:
        title += f", and none at the stricter {thresholds_listed(stricter)} threshold"
    if others and positive:
        tests = "one test" if len(others) == 1 else f"{len(others)} tests"
        title += f"; {tests} found none"
    return text.upper_first(title)


def studies_subtitle(name: str) -> str:
    return (
        f"How often did {name} wrongly match a person to someone else's photo? "
        "Share of people tested who were falsely matched, by study"
    )


def combined_note(combined: Study, parts: Sequence[str]) -> str:
    """A row that adds up others, which the chart shows separately."""
    return f"{combined.label} ({count(combined)}) is the sum of {' and '.join(parts)}, shown separately."


def unrated_note(names: Sequence[str]) -> str:
    return (
        f"Not shown: {' and '.join(names)}: the number of people tested was never published, "
        "so there is no rate."
    )


def studies_key(level: float) -> str:
    lv = text.level_pct(level)
    return (
        f"Dots: false matches ÷ people tested. Lines: {lv} confidence intervals "
        f"(Wilson score). A zero is shown with its one-sided {lv} upper bound."
    )


def studies_alt(level: float, rows: str) -> str:
    """``rows``: each result read aloud (:func:`row_sentences`)."""
    return (
        f"Dot-and-whisker chart of false-match rates with {text.level_pct(level)} confidence "
        f"intervals, highest first. {rows}"
    )


# --------------------------------------------------------------------------- #
# The thresholds chart
# --------------------------------------------------------------------------- #

THRESHOLDS_SUBTITLE = (
    "Does a stricter confidence threshold remove false matches, "
    "and how sure can we be when none are reported?"
)

AMAZON_THRESHOLDS = {80.0: "Rekognition's default", 99.0: "Amazon's advice for police"}
"""What two of Amazon Rekognition's thresholds are, for a note when only it was tested."""


def with_article(value: float) -> str:
    """``'an 80%'``, ``'a 95%'``: the article a number takes when read aloud."""
    spoken = f"{value:g}"
    vowel = spoken.startswith("8") or spoken.split(".")[0] in ("11", "18")
    return f"{'an' if vowel else 'a'} {spoken}%"


def span(rates: Sequence[float]) -> str:
    """``'3% to 5%'``, or one figure when both ends round alike."""
    low, high = min(rates), max(rates)
    if text.pct(low, 0) == text.pct(high, 0):
        return text.pct(low, 0)
    return f"{text.pct(low, 0)} to {text.pct(high, 0)}"


def thresholds_title(groups: Sequence[Sequence[Study]]) -> str:
    """The finding: what the same people's rates did at a stricter threshold, if any
    were tested twice; otherwise the rates at each threshold."""
    paired = [
        g for g in groups
        if len(g) > 1 and (g[0].rate or 0) > 0 and g[-1].k == 0 and g[-1].n
    ]  # fmt: skip
    if paired and len({(g[0].threshold.value, g[-1].threshold.value) for g in paired}) == 1:
        low, high = (
            float(v or 0) for v in (paired[0][0].threshold.value, paired[0][-1].threshold.value)
        )
        rates = [float(g[0].rate or 0) for g in paired]
        who = "the same people" if len(paired) == 1 else "the same groups of people"
        return (
            f"For {who}, {span(rates)} were falsely matched at {with_article(low)} "
            f"threshold and none at {high:g}%"
        )
    parts = []
    for value in sorted({float(s.threshold.value or 0) for g in groups for s in g}):
        at = [s for g in groups for s in g if s.threshold.value == value]
        rates = [s.rate for s in at if s.rate is not None]
        if rates and max(rates) > 0:
            parts.append(f"{span(rates)} of people tested at {with_article(value)} threshold")
        elif all(s.k == 0 for s in at):
            parts.append(f"none reported at {value:g}%")
    return "False matches: " + ", ".join(parts)


def threshold_detail(study: Study, detail: str) -> str:
    """One threshold's line in a row of the same people at several thresholds."""
    return f"{study.threshold_label}: {detail}"


def unpublished_threshold_note(study: Study) -> str:
    return f"Not shown: {study.label} ({count(study)}): its threshold was never published."


def thresholds_key(level: float) -> str:
    lv = text.level_pct(level)
    return (
        f"Each line is one set of people; an arrow joins the same people at a stricter "
        f"threshold. Dots and lines: rates with {lv} confidence intervals (Wilson score). An "
        f"open dot with a bar: no false matches, and the rate's one-sided {lv} upper bound."
    )


def amazon_note(items: Sequence[Study]) -> str | None:
    """What Rekognition's default and advised thresholds are, when only it was tested."""
    if not all(s.system == "Amazon Rekognition" for s in items):
        return None
    names = "; ".join(
        f"{v:g}% is {name}" for v, name in AMAZON_THRESHOLDS.items()
        if any(s.threshold.value == v for s in items)
    )  # fmt: skip
    return f"Thresholds: {names}." if names else None


def thresholds_alt(rows: Iterable[tuple[str, str]]) -> str:
    return "Chart of false-match rates, the same people joined across thresholds. " + (
        row_sentences((label, detail.replace("\n", "; ")) for label, detail in rows)
    )


# --------------------------------------------------------------------------- #
# The gender chart
# --------------------------------------------------------------------------- #

GENDER_SUBTITLE = (
    "A different task from face matching: how often did each system "
    "get a face's gender wrong, by group?"
)
GENDER_HEADING = "Gender classification (not face matching)"
GENDER_AXIS = "faces whose gender was misclassified (%)"
HIGHEST_OF_THREE = "(highest of the three)"
"""How the data mark a rate that is the highest of Gender Shades' three systems."""

_SUBGROUPS = {
    "all": "All faces",
    "darker female": "Darker-skinned women",
    "lighter female": "Lighter-skinned women",
    "darker male": "Darker-skinned men",
    "lighter male": "Lighter-skinned men",
    "female": "All women",
    "male": "All men",
}


def subgroup_label(subgroup: str) -> str:
    """``'darker female'`` -> ``'Darker-skinned women'``."""
    return _SUBGROUPS.get(subgroup, text.upper_first(subgroup))


def gender_heading(system_name: str, citation: str) -> str:
    name = system_name.replace(f" {HIGHEST_OF_THREE}", "")
    return f"{name}: {citation}"


def gender_detail(g: GenderResult) -> str:
    """Where the rate was read, the faces in the group, and the worst-of-three rule."""
    read = g.error_rate.source
    where = (
        "reported by the press"
        if read.startswith(("secondary", "tertiary"))
        else "published in the study"
    )
    if g.subjects.value is not None:
        where += f"; {text.count(int(g.subjects.value))} faces"
    if HIGHEST_OF_THREE in g.system:
        where = f"the worst of the three systems for this group; {where}"
    return where


def _whole_pct(g: GenderResult) -> str:
    return text.pct(float(g.error_rate.value or 0) / 100, 0)


def gender_title(worst: GenderResult, best: GenderResult) -> str:
    title = (
        f"{worst.system} got the gender of {subgroup_label(worst.subgroup).lower()} "
        f"wrong {_whole_pct(worst)} of the time"
    )
    if worst is not best:
        title += f", {subgroup_label(best.subgroup).lower()} {_whole_pct(best)}"
    return title


def gender_notes(highest_of_three: bool) -> tuple[str, ...]:
    return (
        "Gender classification: error rates as published. No intervals: the number of faces "
        "in each group was not published in any source read. Never compare these with the "
        "face-matching rates: the tasks differ.",
        "Skin type as coded in the Pilot Parliaments Benchmark: darker or lighter. Rates "
        "rounded to whole percent as shown; the data file has them as published.",
        *(
            [
                "Gender Shades gives only the highest of three systems' error rates for each "
                "group; the highest for one group may be another system's than for the next."
            ]
            if highest_of_three
            else []
        ),
    )


def gender_alt(rows: Iterable[tuple[str, str | None]]) -> str:
    """Headings (no value) read as they are; each group with its rate."""
    return (
        "Dot chart of gender-classification error rates by subgroup, a different task from "
        "face matching; no intervals because subgroup sizes were not published. "
        + " ".join(f"{label}." if value is None else f"{label}: {value}." for label, value in rows)
    )


# --------------------------------------------------------------------------- #
# The detectability chart
# --------------------------------------------------------------------------- #

DETECT_HEADING = "Smallest detectable rise, in percentage points"
DETECT_AXIS = "people tested in each group (log scale)"
DETECT_QUESTION = "How large a change in the false-match rate could studies of each size detect?"


def detect_title(base_name: str, n: int, at_base: float) -> str:
    return (
        f"Samples the size of {base_name} ({text.count(n)} people) can reliably detect "
        f"only a rise of {text.points(at_base, sign=False)} points or more"
    )


def detect_subtitle(observed: float, names: str, need: float) -> str:
    """The question for an observed change ``names`` (``'ACLU 2018 to Comparitech 2020'``)."""
    return (
        f"Could these studies have detected a change as small as the "
        f"{text.points(observed)} points from {names}? "
        f"That needs about {math.ceil(need):,} people per group."
    )


def detect_note(p1: float, base: Study, power: float, level: float) -> str:
    return (
        f"Smallest rise above {text.pct(p1)} ({base.label}) detectable with "
        f"{text.pct(power, 0)} power by a two-sided test at the {text.level_pct(level)} "
        "confidence level, two groups of equal size (as R's power.prop.test). Dots: published "
        "studies at their size."
    )


def observed_label(observed: float) -> str:
    return f"observed change: {text.points(observed)} points"


def study_size_label(name: str, n: int | None) -> str:
    return f"{name} ({text.count(n)})"


def detect_alt(
    curve: Sequence[tuple[float, float]],
    marked: Sequence[tuple[Study, float]],
    observed: tuple[Study, Study, float] | None,
) -> str:
    """The curve's ends, each study's detectable rise, and the observed change."""
    (first_n, first_d), (last_n, last_d) = curve[0], curve[-1]
    out = (
        f"Line chart: the smallest detectable rise in the false-match rate, in percentage "
        f"points, falls as the number of people per group grows, from "
        f"{text.points(first_d, sign=False)} points at {text.count(round(first_n))} to "
        f"{text.points(last_d, sign=False)} points at {text.count(round(last_n))}. "
    )
    out += " ".join(
        f"{s.label} ({text.count(s.n)} people): {text.points(d, sign=False)} points."
        for s, d in marked
    )
    if observed is not None:
        base, other, change = observed
        out += (
            f" The observed change from {from_to(base, other, short=False)} was "
            f"{text.points(change)} points."
        )
    return out
