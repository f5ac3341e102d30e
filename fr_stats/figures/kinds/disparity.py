"""The ``disparity`` chart: a subgroup's share of the false matches against its share
of the people tested, and the group rates those shares imply (derived)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import InputError
from ...words import charts as chart_words
from ...words import disparity as words
from ..layout import Chart, Row, nice_limit, value_room
from ..style import CONTRAST, ESTIMATE
from .common import LEVEL, default_disparity, proportion_ci, read_aloud, rows_panel, sources

if TYPE_CHECKING:
    from ...analysis.disparity import DisparityResult, GroupRate
    from ...catalog import Catalog

COLUMNS = ("measure", "group", "false_matches", "size", "estimate", "low", "high",
           "method", "derived")  # fmt: skip


def _shares(r: DisparityResult) -> tuple[list[Row], list[dict[str, Any]]]:
    """The share among false matches (with its interval) and among everyone tested."""
    from ...analysis.disparity import SHARE_CI_METHOD

    low, high = r.share_ci
    share, pop = r.share_among_false_matches, r.population_share
    rows = [
        Row(words.share_label(r), words.share_detail(r), share, low, high, color=CONTRAST,
            key="share"),
        Row(words.population_label(r), words.population_detail(r), pop, shape="point",
            color=CONTRAST, value=words.population_value(r), key="population"),
    ]  # fmt: skip
    records: list[dict[str, Any]] = [
        {"measure": "share of false matches", "group": r.subgroup,
         "false_matches": r.subgroup_false_matches, "size": r.false_matches,
         "estimate": share, "low": low, "high": high, "method": SHARE_CI_METHOD,
         "derived": False},
        {"measure": "share of people tested", "group": r.subgroup, "false_matches": None,
         "size": r.tested, "estimate": pop, "low": None, "high": None,
         "method": "as published", "derived": False},
    ]  # fmt: skip
    return rows, records


def _rate(g: GroupRate, r: DisparityResult, level: float) -> tuple[Row, dict[str, Any]]:
    """A group's derived rate with its Wilson interval, and its CSV record."""
    low, high, method = proportion_ci(g.false_matches, g.size, level)
    row = Row(words.group_label(g.group), words.group_detail(g, low, high), g.rate, low, high,
              color=CONTRAST if g.group == r.subgroup else ESTIMATE, key=g.group)  # fmt: skip
    record = {"measure": "false-match rate (derived)", "group": g.group,
              "false_matches": g.false_matches, "size": g.size, "estimate": g.rate,
              "low": low, "high": high,
              "method": chart_words.derived_interval_name(method, level),
              "derived": True}  # fmt: skip
    return row, record


def chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """A subgroup's share of the false matches against its share of the people tested,
    and the group rates those shares imply (derived)."""
    from ...analysis.disparity import disparity

    if len(refs) > 1:
        raise InputError(f"a disparity chart takes one study id, not {len(refs)}")
    ref = refs[0] if refs else default_disparity(catalog)
    result = disparity(ref, level=level, data=data)
    shares, records = _shares(result)
    built = [_rate(g, result, level) for g in result.group_rates]
    rates = [row for row, _ in built]
    records += [record for _, record in built]
    ratio = result.rate_ratio
    if ratio is not None and ratio.estimate is not None:
        times = words.times_as_often(ratio.estimate)
        rates = [replace(row, value=times) if row.key == result.subgroup else row for row in rates]
        records.append({"measure": "rate ratio (derived)", "group": result.subgroup,
                        "false_matches": None, "size": None, "estimate": ratio.estimate,
                        "low": ratio.low, "high": ratio.high, "method": ratio.method,
                        "derived": True})  # fmt: skip
    top = nice_limit(value_room(shares, max(result.share_ci[1], result.population_share)))
    bottom = nice_limit(value_room(rates, max(r.high or 0 for r in rates), chars=14))
    return Chart(
        kind="disparity",
        name="disparity",
        title=words.chart_title(result),
        subtitle=words.chart_subtitle(result),
        sources=sources([catalog.resolve(ref)]),
        alt=words.chart_alt(result, read_aloud(shares), read_aloud(rates)),
        panels=(
            rows_panel(shares, heading=words.shares_heading(result), xlim=(0.0, top)),
            rows_panel(
                rates, heading=words.RATES_HEADING, xlabel=words.RATES_AXIS, xlim=(0.0, bottom)
            ),
        ),
        columns=COLUMNS,
        records=tuple(records),
        notes=tuple(words.chart_notes(result)),
        results=result.to_dict(),
        analysis=result,
    )
