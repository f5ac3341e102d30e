"""The ``gender`` chart: published gender-classification error rates by subgroup, a
different task from face matching; no intervals (the group sizes were not published)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import text
from ...errors import InputError, MissingDataError
from ...words import charts as words
from ..layout import Chart, Row, nice_limit, value_room
from ..style import OTHER_TASK
from .common import LEVEL, rows_panel, sources

if TYPE_CHECKING:
    from ...catalog import Catalog, GenderResult

COLUMNS = ("id", "citation", "system", "benchmark", "subgroup", "error_rate_percent",
           "subjects", "read_in", "url")  # fmt: skip


def _chosen(catalog: Catalog, refs: Sequence[str]) -> list[GenderResult]:
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
    return items


def _percent(g: GenderResult) -> float:
    return float(g.error_rate.value or 0)


def _row(g: GenderResult) -> tuple[Row, dict[str, Any]]:
    """A subgroup's rate as a dot, and its CSV record."""
    shown = text.published_pct(_percent(g))
    row = Row(words.subgroup_label(g.subgroup), words.gender_detail(g), _percent(g) / 100,
              shape="point", color=OTHER_TASK, value=shown, key=f"{g.id}:{g.system}:{g.subgroup}")  # fmt: skip
    record = {
        "id": g.id,
        "citation": g.citation,
        "system": g.system,
        "benchmark": g.benchmark,
        "subgroup": g.subgroup,
        "error_rate_percent": g.error_rate.value,
        "error_rate_shown": shown.rstrip("%"),
        "subjects": g.subjects.value,
        "read_in": g.error_rate.source or "the study",
        "url": g.url or None,
    }
    return row, record


def chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """Published gender-classification error rates by subgroup; no intervals (sizes unpublished)."""
    items = _chosen(catalog, refs)
    groups: dict[tuple[str, str], list[GenderResult]] = {}
    for g in items:
        groups.setdefault((g.system, g.citation), []).append(g)
    rows: list[Row] = []
    records = []
    for (system, citation), group in groups.items():
        rows.append(Row(words.gender_heading(system, citation), shape="heading"))
        for row, record in (_row(g) for g in sorted(group, key=lambda g: -_percent(g))):
            rows.append(row)
            records.append(record)
    first = next(iter(groups.values()))
    limit = nice_limit(value_room(rows, max(r.estimate or 0 for r in rows)))
    return Chart(
        kind="gender",
        name="gender",
        title=words.gender_title(max(first, key=_percent), min(first, key=_percent)),
        subtitle=words.GENDER_SUBTITLE,
        sources=sources(items),
        alt=words.gender_alt((r.label, None if r.shape == "heading" else r.value) for r in rows),
        panels=(
            rows_panel(
                rows, heading=words.GENDER_HEADING, xlabel=words.GENDER_AXIS, xlim=(0.0, limit)
            ),
        ),
        columns=COLUMNS,
        records=tuple(records),
        notes=words.gender_notes(any(words.HIGHEST_OF_THREE in g.system for g in items)),
        results={"gender_classification": records},
    )
