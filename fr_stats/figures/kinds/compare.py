"""The ``compare`` chart: two rates with their intervals, and the change B − A with
its interval. The title is the finding of the verdict (:mod:`fr_stats.words.change`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import text
from ...errors import InputError
from ...words import change as change_words
from ...words import charts as words
from ..layout import Chart, Row, nice_limit
from ..style import CONTRAST, ESTIMATE, INK, points
from .common import LEVEL, default_pair, read_aloud, rows_panel, sources

if TYPE_CHECKING:
    from ...analysis.compare import CompareResult, Rate
    from ...catalog import Catalog, Study

COLUMNS = ("measure", "id", "label", "false_matches", "tested", "estimate", "low",
           "high", "method", "level")  # fmt: skip


def _side(side: str, rate: Rate, study: Study, level: float) -> tuple[Row, dict[str, Any]]:
    """One rate's row (A or B) and its CSV record."""
    ci = rate.ci
    detail = words.study_detail(
        study, rate.label, True, text.pct_interval(rate.rate, ci.low, ci.high)
    )
    row = Row(change_words.side_label(side, rate.label), detail, rate.rate, ci.low, ci.high,
              color=ESTIMATE if side == "A" else CONTRAST, key=study.ref)  # fmt: skip
    record = {"measure": f"rate {side}", "id": rate.id, "label": rate.label,
              "false_matches": rate.false_matches, "tested": rate.tested,
              "estimate": rate.rate, "low": ci.low, "high": ci.high, "method": ci.method,
              "level": level}  # fmt: skip
    return row, record


def _change(result: CompareResult, level: float) -> tuple[Row, dict[str, Any]]:
    """The change B − A and its CSV record."""
    diff = result.difference
    estimate, low, high = diff.estimate, diff.low, diff.high
    assert estimate is not None and low is not None and high is not None  # always defined
    detail = change_words.change_detail(estimate, low, high, level)
    row = Row(change_words.CHANGE_LABEL, detail, estimate, low, high, color=INK, key="difference")
    record = {"measure": "difference B - A", "id": None, "label": "B - A",
              "false_matches": None, "tested": None, "estimate": estimate, "low": low,
              "high": high, "method": diff.method, "level": level}  # fmt: skip
    return row, record


def chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """Both rates with their intervals, and the change B − A with its interval."""
    from ...analysis.compare import compare

    if refs and len(refs) != 2:
        raise InputError(f"a comparison chart takes two study ids, A then B, not {len(refs)}")
    a_ref, b_ref = refs or default_pair(catalog)
    result = compare(a_ref, b_ref, level=level, data=data)
    a_study, b_study = catalog.resolve(a_ref), catalog.resolve(b_ref)
    built = [_side("A", result.a, a_study, level), _side("B", result.b, b_study, level)]
    rows = [row for row, _ in built]
    change, change_record = _change(result, level)
    names = words.from_to(a_study, b_study)
    span = nice_limit(max(abs(change.low or 0), abs(change.high or 0)))
    comparison = change_words.comparison(result.comparability)
    return Chart(
        kind="compare",
        name="compare",
        title=change_words.headline(result.finding, result.comparability, names),
        subtitle=result.verdict,
        sources=sources([a_study, b_study]),
        alt=change_words.chart_alt(read_aloud([*rows, change]), result.verdict),
        panels=(
            rows_panel(
                rows,
                heading=change_words.RATE_HEADING,
                xlim=(0.0, nice_limit(max(r.high or 0 for r in rows))),
            ),
            rows_panel(
                [change],
                heading=change_words.CHANGE_HEADING,
                xlim=(-span, span),
                formatter=points,
                zero_line=True,
            ),
        ),
        columns=COLUMNS,
        records=(*(record for _, record in built), change_record),
        notes=(change_words.chart_key(level), *result.caveats),
        results={**result.to_dict(), "comparison": comparison},
        analysis=result,
    )
