"""The data behind each chart as a person reads it: the CSV of a chart.

A spreadsheet or Datawrapper gets the numbers as the chart prints them:
percentages rounded as shown (``5.2``, not ``0.0523364485981308``), the raw
counts beside them, the unit in every header (``rate (%)``,
``difference (percentage points)``) and row labels that are unique (the
threshold is part of the label). Full precision stays in ``results.json``
and :attr:`Chart.records <fr_stats.figures.layout.Chart.records>`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .. import text
from .layout import Chart

Record = Mapping[str, Any]
Column = tuple[str, Callable[[Record], Any]]


def shown(value: float | None, digits: int = 1) -> float | int | None:
    """A proportion as the percentage a chart prints, as a number: ``0.05234 -> 5.2``.

    The same rounding as :func:`fr_stats.text.pct`, so a small rate keeps
    its first significant digits (``0.0004 -> 0.04``).
    """
    if value is None:
        return None
    number = float(text.pct(value, digits).rstrip("%").replace(text.MINUS, "-"))
    return plain(number) if digits == 0 else number


def plain(value: float | None) -> float | int | None:
    """A whole number without its ``.0`` (a threshold of ``80``, not ``80.0``)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def shown_points(value: float | None) -> float | None:
    """A difference of proportions in percentage points as printed: ``0.00804 -> 0.8``."""
    if value is None:
        return None
    return float(text.points(value).replace(text.MINUS, "-"))


def row_label(record: Record) -> str:
    """A study's label with its threshold, so the same people at 80% and 95% differ."""
    label = str(record.get("label") or record.get("id") or "")
    threshold = record.get("threshold")
    if threshold is None:
        return label
    return f"{label}, {float(threshold):g}% threshold"


def _bound_digits(record: Record) -> int:
    """A zero's upper bound is printed with two decimals ('below 0.21%')."""
    return 2 if record.get("false_matches") == 0 else 1


def _pct(key: str) -> Callable[[Record], Any]:
    return lambda r: shown(r.get(key), _bound_digits(r))


def _level(r: Record) -> Any:
    level = r.get("level")
    return None if level is None else plain(round(100 * float(level), 4))


_STUDY: Sequence[Column] = (
    ("label", row_label),
    ("false matches", lambda r: r.get("false_matches")),
    ("people tested", lambda r: r.get("tested")),
    ("rate (%)", _pct("rate")),
    ("low (%)", _pct("low")),
    ("high (%)", _pct("high")),
    ("interval", lambda r: r.get("interval")),
    ("threshold (%)", lambda r: plain(r.get("threshold"))),
    ("false matches are", lambda r: r.get("false_matches_kind")),
    ("confidence level (%)", _level),
    ("citation", lambda r: r.get("citation")),
    ("id", lambda r: r.get("id")),
    ("url", lambda r: r.get("url")),
)


def _is_difference(r: Record) -> bool:
    return str(r.get("measure", "")).startswith("difference")


def _compare_value(key: str, difference: bool) -> Callable[[Record], Any]:
    def get(r: Record) -> Any:
        if _is_difference(r) != difference:
            return None
        return shown_points(r.get(key)) if difference else shown(r.get(key))

    return get


_COMPARE: Sequence[Column] = (
    ("measure", lambda r: r.get("measure")),
    ("label", lambda r: r.get("label")),
    ("false matches", lambda r: r.get("false_matches")),
    ("people tested", lambda r: r.get("tested")),
    ("rate (%)", _compare_value("estimate", False)),
    ("low (%)", _compare_value("low", False)),
    ("high (%)", _compare_value("high", False)),
    ("difference (percentage points)", _compare_value("estimate", True)),
    ("difference low (percentage points)", _compare_value("low", True)),
    ("difference high (percentage points)", _compare_value("high", True)),
    ("method", lambda r: r.get("method")),
    ("confidence level (%)", _level),
    ("id", lambda r: r.get("id")),
)


def _is_ratio(r: Record) -> bool:
    return str(r.get("measure", "")).startswith("rate ratio")


def _share(key: str) -> Callable[[Record], Any]:
    return lambda r: None if _is_ratio(r) else shown(r.get(key))


def _ratio(key: str) -> Callable[[Record], Any]:
    return lambda r: round(float(r[key]), 1) if _is_ratio(r) and r.get(key) is not None else None


_DISPARITY: Sequence[Column] = (
    ("measure", lambda r: r.get("measure")),
    ("group", lambda r: r.get("group")),
    ("false matches", lambda r: r.get("false_matches")),
    ("out of", lambda r: r.get("size")),
    ("percent (%)", _share("estimate")),
    ("low (%)", _share("low")),
    ("high (%)", _share("high")),
    ("times as often", _ratio("estimate")),
    ("times as often, low", _ratio("low")),
    ("times as often, high", _ratio("high")),
    ("method", lambda r: r.get("method")),
    ("derived", lambda r: r.get("derived")),
)

_DETECTABILITY: Sequence[Column] = (
    ("series", lambda r: r.get("series")),
    ("label", lambda r: r.get("label")),
    ("people per group", lambda r: r.get("n_per_group")),
    ("baseline rate (%)", lambda r: shown(r.get("p1"))),
    ("smallest detectable change (percentage points)", lambda r: shown_points(r.get("mde"))),
    ("power (%)", lambda r: shown(r.get("power"), 0)),
    ("confidence level (%)", _level),
)

_POOL: Sequence[Column] = (
    ("label", row_label),
    ("false matches", lambda r: r.get("false_matches")),
    ("people tested", lambda r: r.get("tested")),
    ("rate (%)", lambda r: shown(r.get("rate"))),
    ("low (%)", lambda r: shown(r.get("low"))),
    ("high (%)", lambda r: shown(r.get("high"))),
    ("weight (%)", lambda r: shown(r.get("weight"), 0)),
    ("prediction low (%)", lambda r: shown(r.get("pi_low"))),
    ("prediction high (%)", lambda r: shown(r.get("pi_high"))),
    ("method", lambda r: r.get("method")),
    ("confidence level (%)", _level),
    ("id", lambda r: r.get("id")),
)

_GENDER: Sequence[Column] = (
    ("system", lambda r: r.get("system")),
    ("subgroup", lambda r: r.get("subgroup")),
    ("error rate as published (%)", lambda r: r.get("error_rate_percent")),
    ("error rate shown (%)", lambda r: r.get("error_rate_shown")),
    ("faces", lambda r: r.get("subjects")),
    ("benchmark", lambda r: r.get("benchmark")),
    ("read in", lambda r: r.get("read_in")),
    ("citation", lambda r: r.get("citation")),
    ("id", lambda r: r.get("id")),
    ("url", lambda r: r.get("url")),
)

TABLES: dict[str, Sequence[Column]] = {
    "studies": _STUDY,
    "thresholds": _STUDY,
    "compare": _COMPARE,
    "disparity": _DISPARITY,
    "detectability": _DETECTABILITY,
    "pool": _POOL,
    "gender": _GENDER,
}
"""The columns of each chart kind's CSV: a header with its unit, and how to read the cell."""


def people_table(chart: Chart) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The header and rows of ``chart``'s CSV; a kind without a table keeps its records."""
    columns = TABLES.get(chart.kind)
    if columns is None:
        return tuple(chart.columns), [dict(r) for r in chart.records]
    header = tuple(name for name, _ in columns)
    return header, [{name: get(r) for name, get in columns} for r in chart.records]
