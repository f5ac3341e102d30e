"""The ``alerts`` chart: the share of police live-facial-recognition alerts that were false.

One row per deployment in time order, each with its Wilson interval (a zero
with its one-sided exact upper bound), and faces scanned as a note where
published, so the per-face denominator stands beside the per-alert one. The
words come from :mod:`fr_stats.words.live`, the numbers from
:mod:`fr_stats.stats.intervals` and :mod:`fr_stats.live`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import text
from ..errors import NotComparableError
from ..live import LiveResult, in_time_order, live_results, per_face_intervals
from ..words import live as words
from .layout import Chart, Panel, Row, draw_rows, rows_height

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..catalog import Catalog

COLUMNS = ("id", "label", "citation", "deployed_from", "deployed_to", "false_alerts", "alerts",
           "rate", "low", "high", "interval", "faces_scanned", "false_per_face",
           "per_face_low", "per_face_high", "per_face_interval", "level", "url")  # fmt: skip


def _chosen(catalog: Catalog, refs: Sequence[str]) -> list[LiveResult]:
    if not refs:
        return live_results(catalog)
    chosen = []
    for ref in refs:
        result = catalog.resolve(ref)
        if not isinstance(result, LiveResult):
            raise NotComparableError(
                f"'{result.ref}' is not a live-facial-recognition result; the alerts chart "
                "shows only false alerts among alerts (fr-stats list --task "
                "live-facial-recognition)"
            )
        chosen.append(result)
    return in_time_order(dict.fromkeys(chosen))


def _row(result: LiveResult, level: float) -> tuple[Row, dict[str, Any]]:
    from ..stats.intervals import proportion_interval, upper_bound

    k, n = result.require_counts()
    per_face = per_face_intervals(result, level=level)
    exact = per_face[0] if per_face else None
    record: dict[str, Any] = {
        "id": result.ref,
        "label": result.label,
        "citation": result.citation,
        "deployed_from": result.deployed_from,
        "deployed_to": result.deployed_to or None,
        "false_alerts": k,
        "alerts": n,
        "rate": k / n,
        "faces_scanned": result.faces,
        "false_per_face": result.per_face,
        "per_face_low": None if exact is None else exact.low,
        "per_face_high": None if exact is None else exact.high,
        "per_face_interval": None if exact is None else f"exact ({text.level_pct(level)})",
        "level": level,
        "url": result.url or None,
    }
    if k == 0:
        bound = float(upper_bound(0, n, level=level))
        level_text = text.level_pct(level)
        record.update(low=0.0, high=bound, interval=f"one-sided exact upper bound ({level_text})")
        detail = words.chart_zero_detail(result, bound)
        below = f"below {text.pct(bound, 2)}"
        return Row(result.label, detail, 0.0, 0.0, bound, shape="bound", value=below,
                   key=result.ref), record  # fmt: skip
    interval = proportion_interval(k, n, method="wilson", level=level)
    low, high = float(interval.low), float(interval.high)
    record.update(low=low, high=high, interval=f"wilson ({text.level_pct(level)})")
    detail = words.chart_row_detail(result, low, high)
    return Row(result.label, detail, k / n, low, high, key=result.ref), record


def alerts_chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = 0.95,
    data: Iterable[str | Path] = (),
) -> Chart:
    """The share of alerts that were false, one row per deployment in time order."""
    results = _chosen(catalog, refs)
    if not results:
        raise NotComparableError("no live-facial-recognition results are loaded")
    built = [_row(r, level) for r in results]
    rows = tuple(row for row, _ in built)
    records = tuple(record for _, record in built)

    def draw(ax: Axes) -> Axes:
        return draw_rows(ax, rows, xlim=(0.0, 1.0))

    return Chart(
        kind="alerts",
        name="alerts",
        title=words.chart_title(results),
        subtitle=words.CHART_SUBTITLE,
        sources=tuple(dict.fromkeys(r.citation for r in results)),
        alt=words.chart_alt(level, [(row.label, row.detail) for row in rows]),
        panels=(Panel(draw=draw, height=rows_height(rows), xlabel=words.CHART_AXIS),),
        columns=COLUMNS,
        records=records,
        notes=tuple(words.chart_notes(results, level)),
        results={"level": level, "deployments": list(records)},
    )
