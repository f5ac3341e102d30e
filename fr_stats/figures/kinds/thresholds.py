"""The ``thresholds`` chart: false matches at each published threshold, the same
people joined across thresholds; zeros as upper bounds, unknown counts as text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import MissingDataError
from ...words import charts as words
from ..layout import Chart, Row
from ..style import CONTRAST, ESTIMATE, MUTED
from .common import LEVEL, STUDY_COLUMNS, rows_panel, sources, study_row

if TYPE_CHECKING:
    from ...catalog import Catalog, Study


def _chosen(catalog: Catalog, refs: Sequence[str]) -> list[Study]:
    """Every threshold of each study asked for (of all studies by default)."""
    if not refs:
        return [s for s in catalog.results() if not s.combines]
    chosen: list[Study] = []
    for ref in refs:
        study = catalog.resolve(ref)
        chosen.extend(s for s in catalog.results() if s.id == study.id and not s.combines)
    return list(dict.fromkeys(chosen))


def chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """False matches at each published threshold; zeros as upper bounds, unknown n as text."""
    chosen = _chosen(catalog, refs)
    notes = [words.unpublished_threshold_note(s) for s in chosen if s.threshold.value is None]
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
    amazon = words.amazon_note(chosen)
    return Chart(
        kind="thresholds",
        name="thresholds",
        title=words.thresholds_title(ordered),
        subtitle=words.THRESHOLDS_SUBTITLE,
        sources=sources(chosen),
        alt=words.thresholds_alt((r.label, r.detail) for r in rows),
        panels=(rows_panel(rows, xlabel=words.RATE_AXIS),),
        columns=STUDY_COLUMNS,
        records=tuple(records),
        notes=(words.thresholds_key(level), *notes, *([amazon] if amazon else [])),
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
    records = [rec for _, rec in built]
    detail = "\n".join(
        words.threshold_detail(s, row.detail) for s, (row, _) in zip(group, built, strict=True)
    )
    marks = [
        replace(row, tag=s.threshold_label if len(group) > 1 else "", value="",
                color=ESTIMATE if i == 0 else CONTRAST)
        for i, (s, (row, _)) in enumerate(zip(group, built, strict=True))
        if row.shape != "missing"
    ]  # fmt: skip
    label = group[0].label
    if not marks:
        return Row(label, detail, shape="missing", color=MUTED, key=group[0].ref), records
    chained: Row | None = None
    for mark in reversed(marks[1:]):
        chained = replace(mark, then=chained)
    first = replace(marks[0], label=label, detail=detail, then=chained, key=group[0].ref)
    if len(marks) == 1 and marks[0].shape == "bound":
        first = replace(first, value=built[0][0].value)
    return first, records
