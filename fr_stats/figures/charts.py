"""The charts: each builder turns results into a described :class:`Chart`.

A builder takes the loaded catalog and the refs a user typed, calls the
statistics modules for every number (intervals, comparison, power, pooling,
disparity), and returns a :class:`~fr_stats.figures.layout.Chart` whose
panels draw themselves with the small ``draw_*`` helpers of
:mod:`fr_stats.figures.layout`. Titles and alt text are written from the
numbers, so they stay true when the data change.

Only the public results of the statistics modules are used: their
``to_dict()`` and documented attributes.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import text
from ..catalog import Catalog, GenderResult, Study
from ..errors import InputError, MissingDataError
from .alerts import alerts_chart
from .layout import (
    LINE_SPACING,
    Chart,
    Panel,
    Row,
    draw_rows,
    nice_limit,
    rows_height,
    value_room,
)
from .style import CONTRAST, ESTIMATE, HOUSE, INK, MUTED, OTHER_TASK, REFERENCE, points

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LEVEL = 0.95


# --------------------------------------------------------------------------- #
# Numbers from the statistics modules
# --------------------------------------------------------------------------- #


def proportion_ci(k: int, n: int, level: float) -> tuple[float, float, str]:
    """The Wilson score interval of ``k`` of ``n`` (:mod:`fr_stats.stats.intervals`)."""
    from ..stats.intervals import proportion_interval

    interval = proportion_interval(k, n, method="wilson", level=level)
    return float(interval.low), float(interval.high), str(interval.method)


def zero_bound(n: int, level: float) -> float:
    """The one-sided exact upper bound of a rate when 0 of ``n`` were falsely matched.

    As R's ``binom.test(0, n, alternative = "less")$conf.int[2]``.
    """
    from ..stats.intervals import upper_bound

    return float(upper_bound(0, n, level=level))


# --------------------------------------------------------------------------- #
# Words
# --------------------------------------------------------------------------- #


def default_pair(catalog: Catalog) -> tuple[str, str]:
    """The comparison a chart draws when given no ids, read from the data.

    The first two whole-population results, in the order of the data, that
    searched the same people at the same published threshold with both counts
    published: a repeat of the same test (in the bundled data, ACLU 2018 and
    Comparitech 2020, both of the US Congress at 80%).
    """
    rows = [
        s for s in catalog.results()
        if s.default and not s.adhoc and s.k is not None and s.n is not None
        and s.threshold.value is not None and not s.combines
    ]  # fmt: skip
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if (a.population, a.threshold.value) == (b.population, b.threshold.value):
                return a.ref, b.ref
    raise InputError("no two results in the data repeat the same test; give two ids")


def default_disparity(catalog: Catalog) -> str:
    """The first result, in the order of the data, with a subgroup whose share of the
    people tested was published (in the bundled data, ACLU 2018)."""
    for s in catalog.results():
        if any(g.population_share.value is not None for g in catalog.subgroups_of(s)):
            return s.ref
    raise InputError("no result in the data has a subgroup with a published share; give an id")


def sources(items: Sequence[Study | GenderResult]) -> tuple[str, ...]:
    """Citations in order of publication, each once."""
    ordered = sorted(items, key=lambda s: (s.published or "9999", s.citation))
    return tuple(dict.fromkeys(s.citation for s in ordered))


def _count(study: Study) -> str:
    k = text.count(study.k)
    if study.false_matches.kind == "average":
        return f"{k} of {text.count(study.n)} (an average of runs)"
    return f"{k} of {text.count(study.n)}"


def _threshold(study: Study) -> str:
    if study.threshold.value is None:
        return "threshold unpublished"
    return f"{study.threshold_label} threshold"


def _range(low: float, high: float) -> str:
    """``'4.3–8.4%'``: an interval as printed in a newsroom."""
    return f"{text.pct(low).rstrip('%')}\u2013{text.pct(high)}"


def _system(items: Sequence[Study]) -> str:
    systems = {s.system for s in items if s.system and s.system != "unspecified"}
    return systems.pop() if len(systems) == 1 else "face matching"


def _level(level: float) -> str:
    return text.level_pct(level)


# --------------------------------------------------------------------------- #
# Rows of studies
# --------------------------------------------------------------------------- #


def study_row(
    study: Study, level: float, *, label: str | None = None, threshold: bool = True
) -> tuple[Row, dict[str, Any]]:
    """The row and CSV record of one face-matching result."""
    record: dict[str, Any] = {
        "id": study.ref,
        "label": study.label,
        "citation": study.citation,
        "threshold": study.threshold.value,
        "false_matches": study.k,
        "false_matches_kind": study.false_matches.kind or None,
        "tested": study.n,
        "rate": study.rate,
        "low": None,
        "high": None,
        "interval": None,
        "level": level,
        "url": study.url or None,
    }
    name = label or study.label
    if study.k is None or study.n is None:
        missing = "number tested" if study.n is None else "number of false matches"
        record["interval"] = f"none: the {missing} was never published"
        detail = f"{text.count(study.k)} false matches; {missing} not published, so no rate"
        return Row(name, detail, shape="missing", color=MUTED, key=study.ref), record
    if study.k == 0:
        bound = zero_bound(study.n, level)
        record.update(
            high=bound, low=0.0, interval=f"one-sided exact upper bound ({_level(level)})"
        )
        below = f"below {text.pct(bound, 2)}"
        detail = _detail_line(study, name, threshold, below)
        row = Row(name, detail, 0.0, 0.0, bound, shape="bound", value=below, key=study.ref)
        return row, record
    low, high, method = proportion_ci(study.k, study.n, level)
    record.update(low=low, high=high, interval=f"{method} ({_level(level)})")
    rate = study.rate or 0.0
    detail = _detail_line(study, name, threshold, f"{text.pct(rate)} ({_range(low, high)})")
    return Row(name, detail, rate, low, high, key=study.ref), record


def _detail_line(study: Study, name: str, threshold: bool, rate: str) -> str:
    """Counts, threshold and rate, without repeating a label that is the count itself
    (a typed ``K/N``) and without a threshold for counts that never had one."""
    parts = [] if name == _count(study) else [_count(study)]
    if threshold and not study.adhoc:
        parts.append(_threshold(study))
    return " · ".join([*parts, rate])


def _stricter_zeros(items: Sequence[Study]) -> list[Study]:
    """Zeros at a threshold stricter than every threshold with false matches."""
    found = [float(s.threshold.value) for s in items if s.k and s.threshold.value is not None]
    if not found:
        return []
    return [s for s in items if s.k == 0 and (s.threshold.value or 0) > max(found)]


def _thresholds_text(items: Sequence[Study]) -> str:
    values = sorted({float(s.threshold.value or 0) for s in items})
    return " and ".join(f"{v:g}%" for v in values)


def _studies_title(items: Sequence[Study], system: str, stricter: Sequence[Study]) -> str:
    """The range of rates, the threshold they share, and the zeros (a stricter
    threshold's, or other tests')."""
    positive = [s.rate for s in items if s.rate]
    if len(positive) > 1:
        title = (
            f"{system} falsely matched {text.pct(min(positive), 0)} to "
            f"{text.pct(max(positive), 0)} of the people tested"
        )
    elif positive:
        only = next(s for s in items if s.rate)
        title = (
            f"{system} falsely matched {text.pct(only.rate)} of the people tested ({_count(only)})"
        )
    else:
        title = f"{system} made no false matches in these tests"
    thresholds = {s.threshold.value for s in items if s.k}
    if len(thresholds) == 1 and None not in thresholds:
        title += f" at the {next(iter(thresholds)):g}% threshold"
    others = [s for s in items if s.k == 0 and s not in stricter]
    if stricter and positive:
        title += f", and none at the stricter {_thresholds_text(stricter)} threshold"
    if others and positive:
        count = "one test" if len(others) == 1 else f"{len(others)} tests"
        title += f"; {count} found none"
    return title[:1].upper() + title[1:]


def _alt_row(row: Row, record: Mapping[str, Any]) -> str:
    return f"{row.label}: {row.detail}."


STUDY_COLUMNS = ("id", "label", "citation", "threshold", "false_matches", "false_matches_kind",
                 "tested", "rate", "low", "high", "interval", "level", "url")  # fmt: skip


def _rows_panel(
    rows: Sequence[Row],
    *,
    heading: str = "",
    xlabel: str = "",
    xlim: tuple[float, float] | None = None,
    formatter: Callable[[float, object], str] | None = None,
    zero_line: bool = False,
) -> Panel:
    frozen = tuple(rows)
    if xlim is None:
        top = max(
            (v for r in frozen for v in (r.high, r.estimate, r.pi_high) if v is not None),
            default=0.01,
        )
        xlim = (0.0, nice_limit(value_room(frozen, top)))
    limits = xlim

    def draw(ax: Axes) -> Axes:
        if formatter is None:
            return draw_rows(ax, frozen, xlim=limits, zero_line=zero_line)
        return draw_rows(ax, frozen, xlim=limits, formatter=formatter, zero_line=zero_line)

    def redraw(rows: tuple[Row, ...]) -> Panel:
        return _rows_panel(rows, heading=heading, xlabel=xlabel, xlim=limits,
                           formatter=formatter, zero_line=zero_line)  # fmt: skip

    return Panel(draw=draw, height=rows_height(frozen), heading=heading, xlabel=xlabel,
                 rows=frozen, redraw=redraw)  # fmt: skip


# --------------------------------------------------------------------------- #
# 1. All face-matching results
# --------------------------------------------------------------------------- #


def studies_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """Every face-matching result's rate with its interval, highest first."""
    notes: list[str] = []
    if refs:
        chosen = [catalog.resolve(r) for r in refs]
    else:
        results = catalog.results()
        chosen = [s for s in results if not s.combines]
        labels = {s.id: s.label for s in results}
        for combined in (s for s in results if s.combines):
            parts = " and ".join(labels.get(p, p) for p in combined.combines)
            notes.append(
                f"{combined.label} ({_count(combined)}) is the sum of {parts}, shown separately."
            )
    drawable = [s for s in chosen if s.k is not None and s.n is not None]
    hidden = [s for s in chosen if s not in drawable]
    if not drawable:
        raise MissingDataError(
            "none of these results has both its false matches and its number tested published, "
            "so there is no rate to plot"
        )
    if hidden:
        names = " and ".join(s.label for s in hidden)
        notes.append(
            f"Not shown: {names}: the number of people tested was never published, "
            "so there is no rate."
        )
    ordered = sorted(drawable, key=lambda s: (-(s.rate or 0.0), s.label, s.ref))
    stricter = _stricter_zeros(drawable)
    built = [study_row(s, level) for s in ordered if s not in stricter]
    rows = [r for r, _ in built]
    if stricter:
        rows.append(Row(f"At the stricter {_thresholds_text(stricter)} threshold", shape="heading"))
        extra = [study_row(s, level) for s in ordered if s in stricter]
        rows += [replace(r, color=CONTRAST) for r, _ in extra]
        built += extra
    records = tuple(rec for _, rec in built)
    notes.insert(
        0,
        f"Dots: false matches ÷ people tested. Lines: {_level(level)} confidence intervals "
        f"(Wilson score). A zero is shown with its one-sided {_level(level)} upper bound.",
    )
    system = _system(drawable)
    title = _studies_title(drawable, system, stricter)
    subtitle = (
        f"How often did {system} wrongly match a person to someone else's photo? "
        "Share of people tested who were falsely matched, by study"
    )
    alt = (
        f"Dot-and-whisker chart of false-match rates with {_level(level)} confidence intervals, "
        f"highest first. " + " ".join(_alt_row(r, rec) for r, rec in built)
    )
    return Chart(
        kind="studies",
        name="studies",
        title=title,
        subtitle=subtitle,
        sources=sources(chosen),
        alt=alt,
        panels=(_rows_panel(rows, xlabel="false-match rate (% of people tested)"),),
        columns=STUDY_COLUMNS,
        records=records,
        notes=tuple(notes),
        results={"level": level, "studies": list(records)},
    )


# --------------------------------------------------------------------------- #
# 4. Thresholds
# --------------------------------------------------------------------------- #


def with_article(value: float) -> str:
    """``'an 80%'``, ``'a 95%'``: the article a number takes when read aloud."""
    spoken = f"{value:g}"
    vowel = spoken.startswith("8") or spoken.split(".")[0] in ("11", "18")
    return f"{'an' if vowel else 'a'} {spoken}%"


_AMAZON_THRESHOLDS = {80.0: "Rekognition's default", 99.0: "Amazon's advice for police"}


def thresholds_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """False matches at each published threshold; zeros as upper bounds, unknown n as text."""
    if refs:
        chosen: list[Study] = []
        for ref in refs:
            study = catalog.resolve(ref)
            chosen.extend(s for s in catalog.results() if s.id == study.id and not s.combines)
        chosen = list(dict.fromkeys(chosen))
    else:
        chosen = [s for s in catalog.results() if not s.combines]
    notes = []
    for s in (s for s in chosen if s.threshold.value is None):
        notes.append(f"Not shown: {s.label} ({_count(s)}): its threshold was never published.")
    chosen = [s for s in chosen if s.threshold.value is not None]
    if not chosen:
        raise MissingDataError("none of these results has a published threshold")
    cohorts: dict[str, list[Study]] = {}
    for s in sorted(chosen, key=lambda s: float(s.threshold.value or 0)):
        cohorts.setdefault(s.id, []).append(s)
    ordered = sorted(cohorts.values(), key=_cohort_order)
    rows: list[Row] = []
    records: list[dict[str, Any]] = []
    for group in ordered:
        row, recs = _cohort_row(group, level)
        rows.append(row)
        records.extend(recs)
    lv = _level(level)
    notes.insert(
        0,
        f"Each line is one set of people; an arrow joins the same people at a stricter "
        f"threshold. Dots and lines: rates with {lv} confidence intervals (Wilson score). An "
        f"open dot with a bar: no false matches, and the rate's one-sided {lv} upper bound.",
    )
    if all(s.system == "Amazon Rekognition" for s in chosen):
        names = "; ".join(
            f"{v:g}% is {name}" for v, name in _AMAZON_THRESHOLDS.items()
            if any(s.threshold.value == v for s in chosen)
        )  # fmt: skip
        if names:
            notes.append(f"Thresholds: {names}.")
    title = _thresholds_title(ordered)
    subtitle = (
        "Does a stricter confidence threshold remove false matches, "
        "and how sure can we be when none are reported?"
    )
    alt = "Chart of false-match rates, the same people joined across thresholds. " + " ".join(
        f"{r.label}: {r.detail.replace(chr(10), '; ')}." for r in rows
    )
    return Chart(
        kind="thresholds",
        name="thresholds",
        title=title,
        subtitle=subtitle,
        sources=sources(chosen),
        alt=alt,
        panels=(_rows_panel(rows, xlabel="false-match rate (% of people tested)"),),
        columns=STUDY_COLUMNS,
        records=tuple(records),
        notes=tuple(notes),
        results={"level": level, "results": records},
    )


def _cohort_order(group: Sequence[Study]) -> tuple[int, int, float, str]:
    """Groups tested at several thresholds first, then by rate, highest first;
    groups without any rate last."""
    rated = [s for s in group if s.rate is not None]
    top = max((s.rate or 0.0 for s in rated), default=0.0)
    return (-min(len(group), 2), 0 if rated else 1, -top, group[0].label)


def _cohort_row(group: Sequence[Study], level: float) -> tuple[Row, list[dict[str, Any]]]:
    """One line for one set of people: a mark per threshold, joined in order."""
    built = [study_row(s, level, threshold=False) for s in group]
    details = [
        f"{_threshold_label(s)}: {row.detail}" for s, (row, _) in zip(group, built, strict=True)
    ]
    marks = [
        replace(row, tag=_threshold_label(s) if len(group) > 1 else "", value="",
                color=ESTIMATE if i == 0 else CONTRAST)
        for i, (s, (row, _)) in enumerate(zip(group, built, strict=True))
        if row.shape != "missing"
    ]  # fmt: skip
    label = group[0].label
    detail = "\n".join(details)
    if not marks:
        return Row(label, detail, shape="missing", color=MUTED, key=group[0].ref), [
            rec for _, rec in built
        ]
    chained: Row | None = None
    for mark in reversed(marks[1:]):
        chained = replace(mark, then=chained)
    first = replace(marks[0], label=label, detail=detail, then=chained, key=group[0].ref)
    if len(marks) == 1 and marks[0].shape == "bound":
        first = replace(first, value=built[0][0].value)
    return first, [rec for _, rec in built]


def _threshold_label(study: Study) -> str:
    return f"{study.threshold_label}"


def _thresholds_title(groups: Sequence[Sequence[Study]]) -> str:
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
            f"For {who}, {_span(rates)} were falsely matched at {with_article(low)} "
            f"threshold and none at {high:g}%"
        )
    parts = []
    for value in sorted({float(s.threshold.value or 0) for g in groups for s in g}):
        at = [s for g in groups for s in g if s.threshold.value == value]
        rates = [s.rate for s in at if s.rate is not None]
        if rates and max(rates) > 0:
            parts.append(f"{_span(rates)} of people tested at {with_article(value)} threshold")
        elif all(s.k == 0 for s in at):
            parts.append(f"none reported at {value:g}%")
    return "False matches: " + ", ".join(parts)


def _span(rates: Sequence[float]) -> str:
    low, high = min(rates), max(rates)
    if text.pct(low, 0) == text.pct(high, 0):
        return text.pct(low, 0)
    return f"{text.pct(low, 0)} to {text.pct(high, 0)}"


# --------------------------------------------------------------------------- #
# 7. Gender classification
# --------------------------------------------------------------------------- #

GENDER_COLUMNS = ("id", "citation", "system", "benchmark", "subgroup", "error_rate_percent",
                  "subjects", "read_in", "url")  # fmt: skip


def gender_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """Published gender-classification error rates by subgroup; no intervals (sizes unpublished)."""
    items = list(catalog.gender)
    if refs:
        wanted = {r.strip().lower() for r in refs}
        unknown = sorted(wanted - {g.id for g in items})
        if unknown:
            raise InputError(
                f"'{unknown[0]}' is not a gender-classification result; "
                f"known: {', '.join(sorted({g.id for g in items}))}"
            )
        items = [g for g in items if g.id in wanted]
    if not items:
        raise MissingDataError("no gender-classification results are loaded")
    groups: dict[tuple[str, str], list[GenderResult]] = {}
    for g in items:
        groups.setdefault((g.system, g.citation), []).append(g)
    rows: list[Row] = []
    records = []
    for (system, citation), group in groups.items():
        pooled = "(highest of the three)" in system
        name = system.replace(" (highest of the three)", "") if pooled else system
        rows.append(Row(f"{name}: {citation}", shape="heading"))
        for g in sorted(group, key=lambda g: -float(g.error_rate.value or 0)):
            rate = float(g.error_rate.value or 0) / 100
            read = g.error_rate.source
            where = (
                "reported by the press"
                if read.startswith(("secondary", "tertiary"))
                else "published in the study"
            )
            if g.subjects.value is not None:
                where += f"; {text.count(int(g.subjects.value))} faces"
            if pooled:
                where = f"the worst of the three systems for this group; {where}"
            rows.append(
                Row(
                    _subgroup_label(g.subgroup),
                    where,
                    rate,
                    shape="point",
                    color=OTHER_TASK,
                    value=gender_pct(float(g.error_rate.value or 0)),
                    key=f"{g.id}:{g.system}:{g.subgroup}",
                )
            )
            records.append(
                {
                    "id": g.id,
                    "citation": g.citation,
                    "system": g.system,
                    "benchmark": g.benchmark,
                    "subgroup": g.subgroup,
                    "error_rate_percent": g.error_rate.value,
                    "error_rate_shown": gender_pct(float(g.error_rate.value or 0)).rstrip("%"),
                    "subjects": g.subjects.value,
                    "read_in": read or "the study",
                    "url": g.url or None,
                }
            )
    first = next(iter(groups.values()))
    worst = max(first, key=lambda g: float(g.error_rate.value or 0))
    best = min(first, key=lambda g: float(g.error_rate.value or 0))
    title = (
        f"{worst.system} got the gender of {_subgroup_label(worst.subgroup).lower()} "
        f"wrong {_whole_pct(worst)} of the time"
    )
    if worst is not best:
        title += f", {_subgroup_label(best.subgroup).lower()} {_whole_pct(best)}"
    subtitle = (
        "A different task from face matching: how often did each system "
        "get a face's gender wrong, by group?"
    )
    notes = (
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
            if any("(highest of the three)" in g.system for g in items)
            else []
        ),
    )
    alt = (
        "Dot chart of gender-classification error rates by subgroup, a different task from "
        "face matching; no intervals because subgroup sizes were not published. "
        + " ".join(
            f"{r.label}." if r.shape == "heading" else f"{r.label}: {r.value}." for r in rows
        )
    )
    limit = nice_limit(value_room(rows, max(r.estimate or 0 for r in rows)))
    return Chart(
        kind="gender",
        name="gender",
        title=title,
        subtitle=subtitle,
        sources=sources(items),
        alt=alt,
        panels=(
            _rows_panel(
                rows,
                heading="Gender classification (not face matching)",
                xlabel="faces whose gender was misclassified (%)",
                xlim=(0.0, limit),
            ),
        ),
        columns=GENDER_COLUMNS,
        records=tuple(records),
        notes=notes,
        results={"gender_classification": records},
    )


def gender_pct(percent: float) -> str:
    """A published error rate at one precision for the chart: whole percent, one
    decimal below 1% (``31.37 -> '31%'``, ``0.8 -> '0.8%'``), halves rounded up."""
    from decimal import ROUND_HALF_UP, Decimal

    step = Decimal("0.1") if 0 < percent < 1 else Decimal("1")
    return f"{Decimal(str(percent)).quantize(step, rounding=ROUND_HALF_UP)}%"


def _whole_pct(g: GenderResult) -> str:
    return text.pct(float(g.error_rate.value or 0) / 100, 0)


def _subgroup_label(subgroup: str) -> str:
    names = {
        "all": "All faces",
        "darker female": "Darker-skinned women",
        "lighter female": "Lighter-skinned women",
        "darker male": "Darker-skinned men",
        "lighter male": "Lighter-skinned men",
        "female": "All women",
        "male": "All men",
    }
    return names.get(subgroup, subgroup[:1].upper() + subgroup[1:])


# --------------------------------------------------------------------------- #
# 5. Detectability
# --------------------------------------------------------------------------- #

DETECT_COLUMNS = ("series", "label", "n_per_group", "p1", "mde", "power", "level")


def detectability_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
    power: float = 0.8,
) -> Chart:
    """The smallest change detectable with ``power`` against sample size, studies marked.

    The baseline rate is the first ref's (ACLU 2018 by default); with a
    second ref, the observed change from the first to the second is drawn
    as a reference line.
    """
    from ..stats.power import detectable_difference, sample_size

    refs = tuple(refs) or default_pair(catalog)
    base = catalog.resolve(refs[0])
    k, n = base.require_counts()
    if k == 0:
        raise InputError(f"{base.ref}: a baseline rate of 0 has no detectable-change curve")
    if k == n:
        raise InputError(
            f"{base.ref}: a baseline rate of 100% cannot rise, so it has no detectable-rise curve"
        )
    p1 = k / n
    other = catalog.resolve(refs[1]) if len(refs) > 1 else None
    marked = [s for s in catalog.headline() if s.n and s.k is not None and not s.combines]
    for s in (base, other):
        if s is not None and s.n and all(m.ref != s.ref for m in marked):
            marked.append(s)
    marked.sort(key=lambda s: (s.n or 0, s.label))
    sizes = sorted({*_grid(50, 20000, 48), *(float(s.n or 0) for s in marked)})
    curve = [(m, detectable_difference(p1, m, power=power, level=level)) for m in sizes]
    records: list[dict[str, Any]] = [
        {"series": "curve", "label": "", "n_per_group": m, "p1": p1, "mde": d,
         "power": power, "level": level}
        for m, d in curve
    ]  # fmt: skip
    points_ = []
    for s in marked:
        d = dict(curve)[float(s.n or 0)]
        points_.append((s, float(s.n or 0), d))
        records.append({"series": "study", "label": s.label, "n_per_group": s.n, "p1": p1,
                        "mde": d, "power": power, "level": level})  # fmt: skip
    observed = None
    need = None
    if other is not None:
        k2, n2 = other.require_counts()
        observed = k2 / n2 - p1
        if observed != 0:
            need = sample_size(p1, k2 / n2, power=power, level=level)
        records.append({"series": "observed change", "label": f"{base.label} to {other.label}",
                        "n_per_group": need, "p1": p1, "mde": observed, "power": power,
                        "level": level})  # fmt: skip
    at_base = dict(curve)[float(n)]
    short = _short_names([base, *([other] if other else [])])
    title = (
        f"Samples the size of {short[base.ref]} ({text.count(n)} people) can reliably detect "
        f"only a rise of {text.points(at_base, sign=False)} points or more"
    )
    if observed is not None and need is not None and other is not None:
        subtitle = (
            f"Could these studies have detected a change as small as the "
            f"{text.points(observed)} points from {short[base.ref]} to {short[other.ref]}? "
            f"That needs about {math.ceil(need):,} people per group."
        )
    else:
        subtitle = "How large a change in the false-match rate could studies of each size detect?"
    notes = (
        f"Smallest rise above {text.pct(p1)} ({base.label}) detectable with "
        f"{text.pct(power, 0)} power by a two-sided test at the {_level(level)} confidence "
        "level, two groups of equal size (as R's power.prop.test). Dots: published studies "
        "at their size.",
    )
    alt = (
        f"Line chart: the smallest detectable rise in the false-match rate, in percentage "
        f"points, falls as the number of people per group grows, from "
        f"{text.points(curve[0][1], sign=False)} points at {curve[0][0]:,.0f} to "
        f"{text.points(curve[-1][1], sign=False)} points at {curve[-1][0]:,.0f}. "
        + " ".join(
            f"{s.label} ({text.count(s.n)} people): {text.points(d, sign=False)} points."
            for s, _, d in points_
        )
        + (
            f" The observed change from {base.label} to {other.label} was "
            f"{text.points(observed)} points."
            if observed is not None and other is not None
            else ""
        )
    )

    def draw(ax: Axes) -> Axes:
        return draw_detectability(ax, curve, points_, observed=observed)

    return Chart(
        kind="detectability",
        name="detectability",
        title=title,
        subtitle=subtitle,
        sources=sources([s for s, _, _ in points_]),
        alt=alt,
        panels=(
            Panel(
                draw=draw,
                height=2.6,
                heading="Smallest detectable rise, in percentage points",
                xlabel="people tested in each group (log scale)",
                left=0.34,
            ),
        ),
        columns=DETECT_COLUMNS,
        records=tuple(records),
        notes=notes,
        results={
            "p1": p1,
            "baseline": base.ref,
            "power": power,
            "level": level,
            "curve": [{"n_per_group": m, "mde": d} for m, d in curve],
            "studies": [{"id": s.ref, "n": s.n, "mde": d} for s, _, d in points_],
            "observed_change": observed,
            "n_per_group_for_observed": need,
        },
    )


def _grid(low: float, high: float, count: int) -> list[float]:
    step = (math.log(high) - math.log(low)) / (count - 1)
    return [round(math.exp(math.log(low) + i * step)) * 1.0 for i in range(count)]


def draw_detectability(
    ax: Axes,
    curve: Sequence[tuple[float, float]],
    marked: Sequence[tuple[Study, float, float]],
    *,
    observed: float | None = None,
) -> Axes:
    """The detectable-change curve on a log axis of sample size, with studies as dots."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    xs = [m for m, _ in curve]
    ys = [d for _, d in curve]
    ax.plot(xs, ys, color=ESTIMATE, linewidth=HOUSE.line_width, gid="curve", zorder=3)
    ax.set_xscale("log")
    ax.set_xlim(xs[0], xs[-1])
    step = _tick_step(max(ys))
    top = step * math.ceil(max(ys) / step - 1e-9)
    ax.set_ylim(0, top)
    ticks = [step * i for i in range(round(top / step) + 1)]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(FuncFormatter(points))
    ax.tick_params(axis="y", length=0, pad=4, labelcolor=INK)
    ax.xaxis.set_major_locator(FixedLocator([100, 300, 1000, 3000, 10000]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
    ax.grid(axis="y", zorder=0)
    ax.set_axisbelow(True)
    if observed is not None and observed != 0:
        ax.axhline(abs(observed), color=CONTRAST, linewidth=1.2, linestyle=(0, (4, 2)), zorder=2)
        ax.annotate(f"observed change: {text.points(observed)} points", (xs[0], abs(observed)),
                    xytext=(0, 3), textcoords="offset points", ha="left", va="bottom",
                    fontsize=HOUSE.detail_size, color=CONTRAST)  # fmt: skip
    for index, (m, d) in enumerate((m, d) for _, m, d in marked):
        ax.plot([m], [d], marker="o", color=REFERENCE, markersize=HOUSE.marker_size,
                markeredgecolor="white", linestyle="none", zorder=4, gid=f"study-{index}")  # fmt: skip
    names = _short_names([s for s, _, _ in marked])
    width = ax.bbox.width * 72 / ax.figure.dpi
    height = ax.bbox.height * 72 / ax.figure.dpi
    placed: list[tuple[float, float, float, float]] = []
    for number, cluster in enumerate(reversed(_clusters(marked))):  # right to left: above dots
        lines = [
            line
            for s, _, _ in cluster
            for line in textwrap.wrap(f"{names[s.ref]} ({text.count(s.n)})", 22)
        ]
        _, m, d = cluster[len(cluster) // 2]
        x = (math.log(m) - math.log(xs[0])) / (math.log(xs[-1]) - math.log(xs[0])) * width
        y = d / top * height
        box_w = max(len(line) for line in lines) * HOUSE.detail_size * 0.62
        box_h = len(lines) * HOUSE.detail_size * 1.2 * LINE_SPACING
        x0 = max(0.0, min(x + 8, width - box_w))
        y0 = _free_height(placed, x0, x0 + box_w, y + 10, box_h)
        placed.append((x0, x0 + box_w, y0, y0 + box_h))
        ax.annotate(
            "\n".join(lines),
            (m, d),
            xytext=(x0 - x, y0 - y),
            textcoords="offset points",
            fontsize=HOUSE.detail_size,
            color=INK,
            ha="left",
            va="bottom",
            linespacing=LINE_SPACING,
            gid=f"study-label-{number}",
            arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 0.6, "shrinkA": 0,
                        "shrinkB": 4},
        )  # fmt: skip
    return ax


def _free_height(
    placed: Sequence[tuple[float, float, float, float]],
    x0: float,
    x1: float,
    y0: float,
    height: float,
) -> float:
    """The lowest bottom at or above ``y0`` where a box from ``x0`` to ``x1`` overlaps none
    of the ``placed`` boxes (left, right, bottom, top, in points), with a small gap."""
    moved = True
    while moved:
        moved = False
        for left, right, bottom, top in placed:
            if x0 < right and left < x1 and y0 < top + 2 and bottom < y0 + height + 2:
                y0 = top + 2
                moved = True
    return y0


def _tick_step(high: float) -> float:
    """A round tick step that gives three to five ticks up to ``high``."""
    magnitude = float(10 ** math.floor(math.log10(high)))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        if high / (factor * magnitude) <= 5:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always ends at 10


def _clusters(
    marked: Sequence[tuple[Study, float, float]],
) -> list[list[tuple[Study, float, float]]]:
    """Studies of nearly the same size share one label (530 and 535, say)."""
    groups: list[list[tuple[Study, float, float]]] = []
    for item in sorted(marked, key=lambda t: t[1]):
        if groups and math.log(item[1] / groups[-1][-1][1]) < 0.12:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _short_names(items: Sequence[Study]) -> dict[str, str]:
    """``ACLU 2018`` for ``ACLU 2018: US Congress``, unless two studies would share it."""
    heads = [s.label.partition(":")[0] for s in items]
    return {
        s.ref: head if heads.count(head) == 1 else s.label
        for s, head in zip(items, heads, strict=True)
    }


# --------------------------------------------------------------------------- #
# 6. Pooled estimate
# --------------------------------------------------------------------------- #

POOL_COLUMNS = ("id", "label", "false_matches", "tested", "threshold", "rate", "low", "high",
                "weight", "pi_low", "pi_high", "method", "level")  # fmt: skip


def pool_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """A forest plot: each study by weight, the pooled diamond and its prediction interval."""
    from ..analysis.pool import pool
    from ..words import pool as pool_words

    result = pool(list(refs) or None, level=level, data=data)
    d = result.to_dict()
    rows: list[Row] = []
    records: list[dict[str, Any]] = []
    biggest = max(s["weight"] for s in d["studies"])
    for s in sorted(d["studies"], key=lambda s: -s["rate"]):
        count = f"{text.count(s['false_matches'])} of {text.count(s['tested'])}"
        detail = (
            f"{count} · weight {text.pct(s['weight'], 0)} · {text.pct(s['rate'])} "
            f"({_range(s['low'], s['high'])})"
        )
        rows.append(Row(s["label"], detail, s["rate"], s["low"], s["high"],
                        size=1.0001 * s["weight"] / biggest * 1.6, key=s["id"]))  # fmt: skip
        records.append({**{k: s.get(k) for k in POOL_COLUMNS}, "method": "study (logit Wald)",
                        "level": level})  # fmt: skip
    label = f"All {d['k']} pooled ({d['method_label']})"
    detail = f"{text.pct(d['estimate'])} ({_range(d['low'], d['high'])})"
    if d["pi_low"] is not None and d["pi_high"] is not None:
        detail += f"; a new study: {_range(d['pi_low'], d['pi_high'])}"
    rows.append(Row(label, detail, d["estimate"], d["low"], d["high"], shape="diamond",
                    color=CONTRAST, pi_low=d["pi_low"], pi_high=d["pi_high"], key="pooled"))  # fmt: skip
    records.append({"id": "pooled", "label": label, "rate": d["estimate"], "low": d["low"],
                    "high": d["high"], "pi_low": d["pi_low"], "pi_high": d["pi_high"],
                    "method": d["method_label"], "level": level})  # fmt: skip
    title = pool_words.headline(result)
    subtitle = (
        "What do the audits say together? A random-effects meta-analysis of the false-match rate"
    )
    if d["method"] == "fixed":
        subtitle = "What do the audits say together? A fixed-effect pooled false-match rate"
    lv = _level(level)
    notes = [
        f"Squares: each study, sized by its weight in the pool; lines: {lv} confidence "
        f"intervals. Diamond: the pooled rate and its {lv} confidence interval"
        + (
            f"; dashed line: the {lv} prediction interval, where a new study like these "
            "would be expected to land."
            if d["pi_low"] is not None
            else "."
        ),
        result.verdict,
        *d["warnings"],
    ]
    alt = f"Forest plot of {d['k']} false-match rates and their pooled estimate. " + " ".join(
        f"{r.label}: {r.detail}." for r in rows
    )
    xmax = max(v for r in rows for v in (r.high, r.pi_high) if v is not None)
    studies = [catalog.resolve(s["id"]) for s in d["studies"]]
    return Chart(
        kind="pool",
        name="pool",
        title=title,
        subtitle=subtitle,
        sources=sources(studies),
        alt=alt,
        panels=(
            _rows_panel(
                rows,
                xlabel="false-match rate (% of people tested)",
                xlim=(0.0, nice_limit(xmax)),
            ),
        ),
        columns=POOL_COLUMNS,
        records=tuple(records),
        notes=tuple(notes),
        results=d,
    )


# --------------------------------------------------------------------------- #
# 2. Compare A and B
# --------------------------------------------------------------------------- #

COMPARE_COLUMNS = ("measure", "id", "label", "false_matches", "tested", "estimate", "low",
                   "high", "method", "level")  # fmt: skip


def compare_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """Both rates with their intervals, and the change B − A with its interval."""
    from ..analysis.compare import compare
    from ..words import change as change_words

    if refs and len(refs) != 2:
        raise InputError(f"a comparison chart takes two study ids, A then B, not {len(refs)}")
    a_ref, b_ref = refs or default_pair(catalog)
    result = compare(a_ref, b_ref, level=level, data=data)
    d = result.to_dict()
    d["comparison"] = change_words.comparison(result.comparability)
    a_study, b_study = catalog.resolve(a_ref), catalog.resolve(b_ref)
    lv = _level(level)
    rows = []
    records: list[dict[str, Any]] = []
    for side, study in (("a", a_study), ("b", b_study)):
        r = d[side]
        ci = r["ci"]
        rows.append(
            Row(
                f"{side.upper()}: {r['label']}",
                _detail_line(
                    study,
                    r["label"],
                    True,
                    f"{text.pct(r['rate'])} ({_range(ci['low'], ci['high'])})",
                ),
                r["rate"],
                ci["low"],
                ci["high"],
                color=ESTIMATE if side == "a" else CONTRAST,
                key=study.ref,
            )
        )
        records.append({"measure": f"rate {side.upper()}", "id": r["id"], "label": r["label"],
                        "false_matches": r["false_matches"], "tested": r["tested"],
                        "estimate": r["rate"], "low": ci["low"], "high": ci["high"],
                        "method": ci["method"], "level": level})  # fmt: skip
    diff = d["difference"]
    change = Row(
        "Change, B − A",
        f"{text.points(diff['estimate'])} points ({lv} interval "
        f"{text.points(diff['low'])} to {text.points(diff['high'])})",
        diff["estimate"],
        diff["low"],
        diff["high"],
        color=INK,
        key="difference",
    )
    records.append({"measure": "difference B - A", "id": None, "label": "B - A",
                    "false_matches": None, "tested": None, "estimate": diff["estimate"],
                    "low": diff["low"], "high": diff["high"], "method": diff["method"],
                    "level": level})  # fmt: skip
    short = _short_names([a_study, b_study])
    names = f"{short[a_study.ref]} to {short[b_study.ref]}"
    title = change_words.headline(result.finding, result.comparability, names)
    reach = max(abs(diff["low"]), abs(diff["high"]))
    span = nice_limit(reach)
    notes = [
        f"Lines: {lv} confidence intervals (Wilson score for each rate; Newcombe's hybrid "
        "score interval for the change). The change crosses zero when the data are "
        "consistent with no change.",
        *d.get("caveats", []),
    ]
    alt = (
        f"Comparison chart. {rows[0].label}: {rows[0].detail}. {rows[1].label}: "
        f"{rows[1].detail}. {change.label}: {change.detail}. {d['verdict']}"
    )
    top = nice_limit(max(r.high or 0 for r in rows))
    return Chart(
        kind="compare",
        name="compare",
        title=title,
        subtitle=str(d["verdict"]),
        sources=sources([a_study, b_study]),
        alt=alt,
        panels=(
            _rows_panel(rows, heading="False-match rate", xlim=(0.0, top)),
            _rows_panel(
                [change],
                heading="Change from A to B, in percentage points",
                xlim=(-span, span),
                formatter=points,
                zero_line=True,
            ),
        ),
        columns=COMPARE_COLUMNS,
        records=tuple(records),
        notes=tuple(notes),
        results=d,
    )


# --------------------------------------------------------------------------- #
# 3. Disparity
# --------------------------------------------------------------------------- #

DISPARITY_COLUMNS = ("measure", "group", "false_matches", "size", "estimate", "low", "high",
                     "method", "derived")  # fmt: skip


def disparity_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """A subgroup's share of the false matches against its share of the people tested,
    and the group rates those shares imply (derived)."""
    from ..analysis.disparity import disparity

    if len(refs) > 1:
        raise InputError(f"a disparity chart takes one study id, not {len(refs)}")
    ref = refs[0] if refs else default_disparity(catalog)
    d = disparity(ref, level=level, data=data).to_dict()
    study = catalog.resolve(ref)
    group = str(d["subgroup"])
    Group = group[:1].upper() + group[1:]
    lv = _level(level)
    share, pop = float(d["share_among_false_matches"]), float(d["population_share"])
    ci = d["share_ci"]
    shares = [
        Row(
            f"Among the {d['false_matches']} false matches",
            f"{d['subgroup_false_matches']} of {d['false_matches']} · {text.pct(share)} "
            f"({_range(ci['low'], ci['high'])})",
            share,
            ci["low"],
            ci["high"],
            color=CONTRAST,
            key="share",
        ),
        Row(
            f"Among all {text.count(d['tested'])} people tested",
            f"{text.pct(pop, 0)}, as published (a rounded share; no count)",
            pop,
            shape="point",
            color=CONTRAST,
            value=text.pct(pop, 0),
            key="population",
        ),
    ]
    records: list[dict[str, Any]] = [
        {"measure": "share of false matches", "group": group,
         "false_matches": d["subgroup_false_matches"], "size": d["false_matches"],
         "estimate": share, "low": ci["low"], "high": ci["high"], "method": ci["method"],
         "derived": False},
        {"measure": "share of people tested", "group": group, "false_matches": None,
         "size": d["tested"], "estimate": pop, "low": None, "high": None,
         "method": "as published", "derived": False},
    ]  # fmt: skip
    rates = []
    for g in d["group_rates"]:
        low, high, method = proportion_ci(int(g["false_matches"]), int(g["size"]), level)
        name = str(g["group"])
        rates.append(
            Row(
                name[:1].upper() + name[1:],
                f"{g['false_matches']} of about {text.count(g['size'])} (derived) · "
                f"{text.pct(g['rate'])} ({_range(low, high)})",
                g["rate"],
                low,
                high,
                color=CONTRAST if name == group else ESTIMATE,
                key=name,
            )
        )
        records.append({"measure": "false-match rate (derived)", "group": name,
                        "false_matches": g["false_matches"], "size": g["size"],
                        "estimate": g["rate"], "low": low, "high": high,
                        "method": f"{method} ({lv}), derived group size", "derived": True})  # fmt: skip
    ratio = d["rate_ratio"]
    if ratio.get("estimate") is not None:
        times = f"{text.number(ratio['estimate'], 1)}× as often"
        rates = [replace(r, value=times) if r.key == group else r for r in rates]
        records.append({"measure": "rate ratio (derived)", "group": group, "false_matches": None,
                        "size": None, "estimate": ratio["estimate"], "low": ratio["low"],
                        "high": ratio["high"], "method": ratio["method"], "derived": True})  # fmt: skip
    title = (
        f"{Group} were {text.pct(share, 0)} of the false matches but "
        f"{text.pct(pop, 0)} of the people tested"
    )
    subtitle = f"Did the false matches in {study.label} fall unevenly on {group}?"
    p = text.pvalue(float(d["pvalue_greater"]))
    p_text = f"p {p}" if p.startswith("<") else f"p = {p}"
    low_share, high_share = d.get("population_share_range") or (pop, pop)
    notes = [
        f"Top: the share among false matches with its {lv} exact (Clopper–Pearson) interval; "
        f"exact binomial test against {text.pct(pop, 0)}: one-sided {p_text}.",
        f"Bottom: derived rates. Group sizes come from the published {text.pct(pop, 0)} share "
        f"of {text.count(d['tested'])}, which could have been rounded from "
        f"{text.pct(low_share)} to {text.pct(high_share)}; lines are {lv} Wilson intervals.",
    ]
    if ratio.get("estimate") is not None:
        notes.append(
            f"{Group} were falsely matched {text.number(ratio['estimate'], 1)} times as often "
            f"({lv} interval {text.number(ratio['low'], 1)} to {text.number(ratio['high'], 1)}; "
            "derived)."
        )
    alt = (
        f"Two-panel chart for {study.label}. Share of {group}: "
        + " ".join(f"{r.label}: {r.detail}." for r in shares)
        + " Implied false-match rates (derived): "
        + " ".join(f"{r.label}: {r.detail}." for r in rates)
    )
    top = nice_limit(value_room(shares, max(ci["high"], pop)))
    bottom = nice_limit(value_room(rates, max(r.high or 0 for r in rates), chars=14))
    return Chart(
        kind="disparity",
        name="disparity",
        title=title,
        subtitle=subtitle,
        sources=sources([study]),
        alt=alt,
        panels=(
            _rows_panel(shares, heading=f"Share who were {group}", xlim=(0.0, top)),
            _rows_panel(
                rates,
                heading="Implied false-match rate by group (derived)",
                xlabel="% of each group falsely matched",
                xlim=(0.0, bottom),
            ),
        ),
        columns=DISPARITY_COLUMNS,
        records=tuple(records),
        notes=tuple(notes),
        results=d,
    )


# --------------------------------------------------------------------------- #
# The registry
# --------------------------------------------------------------------------- #

Builder = Callable[..., Chart]

BUILDERS: dict[str, Builder] = {
    "studies": studies_chart,
    "thresholds": thresholds_chart,
    "detectability": detectability_chart,
    "gender": gender_chart,
    "pool": pool_chart,
    "disparity": disparity_chart,
    "compare": compare_chart,
    "alerts": alerts_chart,
}
