"""The ``pool`` chart: a forest plot of the random-effects meta-analysis, each study
by its weight, the pooled diamond and its prediction interval."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...words import charts as words
from ...words import pool as pool_words
from ..layout import Chart, Row, nice_limit
from ..style import CONTRAST
from .common import LEVEL, read_aloud, rows_panel, sources

if TYPE_CHECKING:
    from ...analysis.pool import PooledStudy, PoolResult
    from ...catalog import Catalog

COLUMNS = ("id", "label", "false_matches", "tested", "threshold", "rate", "low", "high",
           "weight", "pi_low", "pi_high", "method", "level")  # fmt: skip


def _study(s: PooledStudy, biggest: float, level: float) -> tuple[Row, dict[str, Any]]:
    """A study's square, sized by its weight, and its CSV record."""
    row = Row(s.label, pool_words.study_detail(s), s.rate, s.low, s.high,
              size=1.0001 * s.weight / biggest * 1.6, key=s.id)  # fmt: skip
    record = {"id": s.id, "label": s.label, "false_matches": s.false_matches,
              "tested": s.tested, "threshold": s.threshold, "rate": s.rate, "low": s.low,
              "high": s.high, "weight": s.weight, "pi_low": None, "pi_high": None,
              "method": "study (logit Wald)", "level": level}  # fmt: skip
    return row, record


def _pooled(r: PoolResult, level: float) -> tuple[Row, dict[str, Any]]:
    """The pooled diamond with its prediction interval, and its CSV record."""
    label = pool_words.pooled_label(r)
    row = Row(label, pool_words.pooled_detail(r), r.estimate, r.low, r.high, shape="diamond",
              color=CONTRAST, pi_low=r.pi_low, pi_high=r.pi_high, key="pooled")  # fmt: skip
    record = {"id": "pooled", "label": label, "rate": r.estimate, "low": r.low, "high": r.high,
              "pi_low": r.pi_low, "pi_high": r.pi_high,
              "method": pool_words.METHOD_LABELS[r.method], "level": level}  # fmt: skip
    return row, record


def chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """A forest plot: each study by weight, the pooled diamond and its prediction interval."""
    from ...analysis.pool import pool

    result = pool(list(refs) or None, level=level, data=data)
    biggest = max(s.weight for s in result.studies)
    built = [_study(s, biggest, level) for s in sorted(result.studies, key=lambda s: -s.rate)]
    built.append(_pooled(result, level))
    rows = [row for row, _ in built]
    xmax = max(v for r in rows for v in (r.high, r.pi_high) if v is not None)
    return Chart(
        kind="pool",
        name="pool",
        title=pool_words.headline(result),
        subtitle=pool_words.chart_subtitle(result.method),
        sources=sources([catalog.resolve(s.id) for s in result.studies]),
        alt=pool_words.chart_alt(result, read_aloud(rows)),
        panels=(rows_panel(rows, xlabel=words.RATE_AXIS, xlim=(0.0, nice_limit(xmax))),),
        columns=COLUMNS,
        records=tuple(record for _, record in built),
        notes=(pool_words.chart_key(result), result.verdict, *result.warnings),
        results=result.to_dict(),
        analysis=result,
    )
