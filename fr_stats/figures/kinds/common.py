"""What the chart kinds share: the default ids, a row per study, a panel of rows.

Numbers come from :mod:`fr_stats.stats` and :mod:`fr_stats.analysis`; every
sentence from :mod:`fr_stats.words`. A builder places them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ... import text
from ...errors import InputError
from ...words import charts as words
from ..layout import Chart, Panel, Row, draw_rows, nice_limit, rows_height, value_room
from ..style import MUTED

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ...catalog import Catalog, GenderResult, Study

LEVEL = 0.95


class Builder(Protocol):
    """What every chart kind's ``chart`` function is: the catalog and the refs a user
    typed (the kind's default set when empty) in, a described chart out."""

    def __call__(
        self,
        catalog: Catalog,
        refs: Sequence[str] = (),
        *,
        level: float = LEVEL,
        data: Iterable[str | Path] = (),
    ) -> Chart: ...


STUDY_COLUMNS = ("id", "label", "citation", "threshold", "false_matches", "false_matches_kind",
                 "tested", "rate", "low", "high", "interval", "level", "url")  # fmt: skip


@functools.lru_cache(maxsize=4096)  # the studies and thresholds charts show the same results
def proportion_ci(k: int, n: int, level: float) -> tuple[float, float, str]:
    """The Wilson score interval of ``k`` of ``n`` (:mod:`fr_stats.stats.intervals`)."""
    from ...stats.intervals import proportion_interval

    interval = proportion_interval(k, n, method="wilson", level=level)
    return float(interval.low), float(interval.high), str(interval.method)


def zero_bound(n: int, level: float) -> float:
    """The one-sided exact upper bound of a rate when 0 of ``n`` were falsely matched.

    As R's ``binom.test(0, n, alternative = "less")$conf.int[2]``.
    """
    from ...stats.intervals import upper_bound

    return float(upper_bound(0, n, level=level))


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


def read_aloud(rows: Sequence[Row]) -> str:
    """The rows' labels and details as sentences, for alt text."""
    return words.row_sentences((r.label, r.detail) for r in rows)


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
        record["interval"] = words.missing_interval(study)
        row = Row(name, words.missing_detail(study), shape="missing", color=MUTED, key=study.ref)
        return row, record
    if study.k == 0:
        bound = zero_bound(study.n, level)
        record.update(high=bound, low=0.0, interval=words.zero_interval_name(level))
        below = words.below(bound)
        detail = words.study_detail(study, name, threshold, below)
        row = Row(name, detail, 0.0, 0.0, bound, shape="bound", value=below, key=study.ref)
        return row, record
    low, high, method = proportion_ci(study.k, study.n, level)
    record.update(low=low, high=high, interval=words.interval_name(method, level))
    rate = study.rate or 0.0
    detail = words.study_detail(study, name, threshold, text.pct_interval(rate, low, high))
    return Row(name, detail, rate, low, high, key=study.ref), record


def rows_panel(
    rows: Sequence[Row],
    *,
    heading: str = "",
    xlabel: str = "",
    xlim: tuple[float, float] | None = None,
    formatter: Callable[[float, object], str] | None = None,
    zero_line: bool = False,
) -> Panel:
    """A panel of rows; without ``xlim``, from 0 to a round limit past every mark."""
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
        return rows_panel(rows, heading=heading, xlabel=xlabel, xlim=limits,
                          formatter=formatter, zero_line=zero_line)  # fmt: skip

    return Panel(draw=draw, height=rows_height(frozen), heading=heading, xlabel=xlabel,
                 rows=frozen, redraw=redraw)  # fmt: skip
