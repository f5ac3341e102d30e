"""How the report's tables show each cell: typed formatters of numbers (all from
:mod:`fr_stats.text`), intervals as text, and counts that do not apply.

A chart's rows (its CSV records) become a table's rows here; the words of a
cell (``unpublished``, ``below 0.56%``, ``+0.8 points``) come from
:mod:`fr_stats.words.report` and :mod:`fr_stats.words.charts`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .. import text
from ..render import Column
from ..words import live as live_words
from ..words import report as words
from ..words.charts import below


class NotApplicableCell:
    """A cell where a number does not apply (a difference has no count of its own)."""

    def __repr__(self) -> str:
        return words.NOT_APPLICABLE


NOT_APPLICABLE = NotApplicableCell()

Count = int | float | NotApplicableCell | None
"""A count cell: published, not applicable (a difference), or unpublished (``None``)."""


def blank_or(show: Callable[[float], str]) -> Callable[[float | None], str]:
    """A cell of numbers: ``show`` of the number, empty where there is none."""
    return lambda value: "" if value is None else show(value)


pct = blank_or(text.pct)
whole_pct = blank_or(lambda v: text.pct(v, 0))
statistic = blank_or(lambda v: text.number(v, 3))
pvalue = blank_or(text.pvalue)
per_million = blank_or(live_words.per_million_number)
share = blank_or(lambda v: text.pct(v, live_words.digits(v)))
estimate = blank_or(lambda v: text.number(v, 2) if v > 1 else text.pct(v))
"""A share or a rate as a percentage; a rate ratio (above 1) as a number."""


def count(value: Count) -> str:
    """``'1,234'``; ``—`` where a count does not apply; ``unpublished`` where none was given."""
    if isinstance(value, NotApplicableCell):
        return words.NOT_APPLICABLE
    return text.count(None if value is None else int(value))


def points(value: float) -> str:
    """A size of change in percentage points, unsigned: ``'4.5'``."""
    return text.points(value, sign=False)


def plain(value: str | None) -> str:
    """Text already worded (an interval), empty where there is none."""
    return "" if value is None else str(value)


def read_in(value: str | None) -> str:
    """Where a published number was read (:func:`fr_stats.words.report.read_in`)."""
    return words.read_in(value or "")


def not_applicable_counts(row: dict[str, Any]) -> dict[str, Any]:
    """A row of a derived estimate (no study id): its counts do not apply."""
    if row.get("id") in (None, "pooled") and row.get("false_matches") is None:
        row["false_matches"] = row["tested"] = NOT_APPLICABLE
    return row


def at_level(columns: Sequence[Column], level: float) -> tuple[Column, ...]:
    """The columns with ``{level}`` in their headers filled in (``95%``)."""
    lv = text.level_pct(level)
    return tuple(replace(c, header=c.header.replace("{level}", lv)) for c in columns)


def with_interval(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Records with an ``interval`` text column built from ``low`` and ``high``."""
    out = []
    for record in records:
        row = dict(record)
        row["interval_text"] = words.range_cell(row.get("low"), row.get("high"))
        if str(row.get("interval") or "").startswith("one-sided") and row.get("high") is not None:
            row["interval_text"] = below(float(row["high"]))
        out.append(row)
    return tuple(out)


def ratio_interval(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Disparity records with their intervals as text, a rate ratio's as plain numbers."""
    out = []
    for row in with_interval(records):
        if row["measure"].startswith("rate ratio") and row.get("low") is not None:
            row["interval_text"] = words.ratio_range_cell(row["low"], row["high"])
        out.append(row)
    return tuple(out)


def compare_records(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Comparison records with estimates and intervals as text: rates in percent, the
    change in points, and no counts for the change."""
    out = []
    for row in with_interval(records):
        if row["measure"].startswith("difference"):
            not_applicable_counts(row)
            row["estimate_text"] = words.points_cell(row["estimate"])
            row["interval_text"] = words.points_range_cell(row["low"], row["high"])
        else:
            row["estimate_text"] = pct(row["estimate"])
        out.append(row)
    return tuple(out)
