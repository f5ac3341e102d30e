"""The chart kinds, one module each, and :data:`BUILDERS`, the one registry.

Each module's ``chart(catalog, refs, *, level, data)`` calls
:mod:`fr_stats.analysis` (or :mod:`fr_stats.stats`) for every number, takes
every sentence a reader sees from :mod:`fr_stats.words`, and returns a
:class:`~fr_stats.figures.layout.Chart`. What they share is in
:mod:`fr_stats.figures.kinds.common`.
"""

from __future__ import annotations

from ..alerts import alerts_chart
from . import compare, detectability, disparity, gender, pool, studies, thresholds
from .common import Builder

BUILDERS: dict[str, Builder] = {
    "studies": studies.chart,
    "compare": compare.chart,
    "disparity": disparity.chart,
    "thresholds": thresholds.chart,
    "detectability": detectability.chart,
    "pool": pool.chart,
    "gender": gender.chart,
    "alerts": alerts_chart,
}
"""Every chart kind and its builder, in the order the report shows them
(:data:`fr_stats.figures.KINDS` is this order)."""

__all__ = ["BUILDERS", "Builder"]
