"""The ``detectability`` chart: the smallest change detectable against sample size,
with the published studies marked at their size."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import text
from ...errors import InputError
from ...words import charts as words
from ..layout import LINE_SPACING, Chart, Panel
from ..style import CONTRAST, ESTIMATE, HOUSE, INK, MUTED, REFERENCE, points
from .common import LEVEL, default_pair, sources

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ...catalog import Catalog, Study

COLUMNS = ("series", "label", "n_per_group", "p1", "mde", "power", "level")

Marked = tuple["Study", float, float]
"""A study, its size and the smallest rise detectable at that size."""


def _baseline(catalog: Catalog, ref: str) -> tuple[Study, int, float]:
    """The baseline study, its size and its rate; a rate of 0 or 100% has no curve."""
    base = catalog.resolve(ref)
    k, n = base.require_counts()
    if k == 0:
        raise InputError(f"{base.ref}: a baseline rate of 0 has no detectable-change curve")
    if k == n:
        raise InputError(
            f"{base.ref}: a baseline rate of 100% cannot rise, so it has no detectable-rise curve"
        )
    return base, n, k / n


def _marked(catalog: Catalog, chosen: Sequence[Study | None]) -> list[Study]:
    """The headline studies with both counts, and the chosen ones, smallest first."""
    marked = [s for s in catalog.headline() if s.n and s.k is not None and not s.combines]
    for s in chosen:
        if s is not None and s.n and all(m.ref != s.ref for m in marked):
            marked.append(s)
    marked.sort(key=lambda s: (s.n or 0, s.label))
    return marked


def chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
    power: float = 0.8,
) -> Chart:
    """The smallest change detectable with ``power`` against sample size, studies marked.

    The baseline rate is the first ref's (ACLU 2018 by default); with a
    second ref, the observed change from the first to the second is drawn
    as a reference line.
    """
    from ...stats.power import detectable_difference

    refs = tuple(refs) or default_pair(catalog)
    base, n, p1 = _baseline(catalog, refs[0])
    other = catalog.resolve(refs[1]) if len(refs) > 1 else None
    marked = _marked(catalog, (base, other))
    sizes = sorted({*_grid(50, 20000, 48), *(float(s.n or 0) for s in marked)})
    curve = [(m, detectable_difference(p1, m, power=power, level=level)) for m in sizes]
    at = dict(curve)
    points_: list[Marked] = [(s, float(s.n or 0), at[float(s.n or 0)]) for s in marked]
    series: list[tuple[str, str, float | None, float]] = [("curve", "", m, d) for m, d in curve]
    series += [("study", s.label, s.n, d) for s, _, d in points_]
    observed, need = _observed(p1, other, power, level)
    if other is not None and observed is not None:
        series.append(("observed change", words.from_to(base, other, short=False), need, observed))
    records: list[dict[str, Any]] = [
        {"series": kind, "label": label, "n_per_group": size, "p1": p1, "mde": d,
         "power": power, "level": level}
        for kind, label, size, d in series
    ]  # fmt: skip
    short = words.short_names([base, *([other] if other else [])])
    subtitle = words.DETECT_QUESTION
    if observed is not None and need is not None and other is not None:
        subtitle = words.detect_subtitle(observed, words.from_to(base, other), need)

    def draw(ax: Axes) -> Axes:
        return draw_detectability(ax, curve, points_, observed=observed)

    return Chart(
        kind="detectability",
        name="detectability",
        title=words.detect_title(short[base.ref], n, at[float(n)]),
        subtitle=subtitle,
        sources=sources([s for s, _, _ in points_]),
        alt=words.detect_alt(
            curve,
            [(s, d) for s, _, d in points_],
            None if observed is None or other is None else (base, other, observed),
        ),
        panels=(
            Panel(
                draw=draw,
                height=2.6,
                heading=words.DETECT_HEADING,
                xlabel=words.DETECT_AXIS,
                left=0.34,
            ),
        ),
        columns=COLUMNS,
        records=tuple(records),
        notes=(words.detect_note(p1, base, power, level),),
        results={
            "p1": p1,
            "baseline": base.ref,
            "power": power,
            "level": level,
            "curve": [{"n_per_group": m, "mde": d} for m, d in curve],
            "studies": [{"id": s.ref, "n": s.n, "mde": d} for s, _, d in points_],
            "observed_change": observed,
            "n_per_group_for_observed": need,
        },
    )


def _observed(
    p1: float, other: Study | None, power: float, level: float
) -> tuple[float | None, float | None]:
    """The change from ``p1`` to ``other``'s rate, and the size per group that would
    detect it with ``power`` (none for no change); neither without ``other``."""
    from ...stats.power import sample_size

    if other is None:
        return None, None
    k2, n2 = other.require_counts()
    observed = k2 / n2 - p1
    need = None if observed == 0 else sample_size(p1, k2 / n2, power=power, level=level)
    return observed, need


def _grid(low: float, high: float, count: int) -> list[float]:
    step = (math.log(high) - math.log(low)) / (count - 1)
    return [round(math.exp(math.log(low) + i * step)) * 1.0 for i in range(count)]


def draw_detectability(
    ax: Axes,
    curve: Sequence[tuple[float, float]],
    marked: Sequence[Marked],
    *,
    observed: float | None = None,
) -> Axes:
    """The detectable-change curve on a log axis of sample size, with studies as dots."""
    xs = [m for m, _ in curve]
    top = _curve_axes(ax, curve)
    if observed is not None and observed != 0:
        ax.axhline(abs(observed), color=CONTRAST, linewidth=1.2, linestyle=(0, (4, 2)), zorder=2)
        ax.annotate(words.observed_label(observed), (xs[0], abs(observed)),
                    xytext=(0, 3), textcoords="offset points", ha="left", va="bottom",
                    fontsize=HOUSE.detail_size, color=CONTRAST)  # fmt: skip
    for index, (m, d) in enumerate((m, d) for _, m, d in marked):
        ax.plot([m], [d], marker="o", color=REFERENCE, markersize=HOUSE.marker_size,
                markeredgecolor="white", linestyle="none", zorder=4, gid=f"study-{index}")  # fmt: skip
    _label_studies(ax, marked, xs[0], xs[-1], top)
    return ax


def _curve_axes(ax: Axes, curve: Sequence[tuple[float, float]]) -> float:
    """The curve, a log axis of sizes and round point ticks; returns the top of the axis."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    xs = [m for m, _ in curve]
    ys = [d for _, d in curve]
    ax.plot(xs, ys, color=ESTIMATE, linewidth=HOUSE.line_width, gid="curve", zorder=3)
    ax.set_xscale("log")
    ax.set_xlim(xs[0], xs[-1])
    step = _tick_step(max(ys))
    top = step * math.ceil(max(ys) / step - 1e-9)
    ax.set_ylim(0, top)
    ticks = [step * i for i in range(round(top / step) + 1)]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(FuncFormatter(points))
    ax.tick_params(axis="y", length=0, pad=4, labelcolor=INK)
    ax.xaxis.set_major_locator(FixedLocator([100, 300, 1000, 3000, 10000]))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: text.count(round(v))))
    ax.grid(axis="y", zorder=0)
    ax.set_axisbelow(True)
    return top


def _label_studies(
    ax: Axes, marked: Sequence[Marked], left: float, right: float, top: float
) -> None:
    """Each cluster of studies named once, above its dots, no two labels overlapping."""
    names = words.short_names([s for s, _, _ in marked])
    width = ax.bbox.width * 72 / ax.figure.dpi
    height = ax.bbox.height * 72 / ax.figure.dpi
    placed: list[tuple[float, float, float, float]] = []
    for number, cluster in enumerate(reversed(_clusters(marked))):  # right to left: above dots
        lines = [
            line
            for s, _, _ in cluster
            for line in textwrap.wrap(words.study_size_label(names[s.ref], s.n), 22)
        ]
        _, m, d = cluster[len(cluster) // 2]
        x = (math.log(m) - math.log(left)) / (math.log(right) - math.log(left)) * width
        y = d / top * height
        box_w = max(len(line) for line in lines) * HOUSE.detail_size * 0.62
        box_h = len(lines) * HOUSE.detail_size * 1.2 * LINE_SPACING
        x0 = max(0.0, min(x + 8, width - box_w))
        y0 = _free_height(placed, x0, x0 + box_w, y + 10, box_h)
        placed.append((x0, x0 + box_w, y0, y0 + box_h))
        ax.annotate(
            "\n".join(lines),
            (m, d),
            xytext=(x0 - x, y0 - y),
            textcoords="offset points",
            fontsize=HOUSE.detail_size,
            color=INK,
            ha="left",
            va="bottom",
            linespacing=LINE_SPACING,
            gid=f"study-label-{number}",
            arrowprops={"arrowstyle": "-", "color": MUTED, "linewidth": 0.6, "shrinkA": 0,
                        "shrinkB": 4},
        )  # fmt: skip


def _free_height(
    placed: Sequence[tuple[float, float, float, float]],
    x0: float,
    x1: float,
    y0: float,
    height: float,
) -> float:
    """The lowest bottom at or above ``y0`` where a box from ``x0`` to ``x1`` overlaps none
    of the ``placed`` boxes (left, right, bottom, top, in points), with a small gap."""
    moved = True
    while moved:
        moved = False
        for left, right, bottom, top in placed:
            if x0 < right and left < x1 and y0 < top + 2 and bottom < y0 + height + 2:
                y0 = top + 2
                moved = True
    return y0


def _tick_step(high: float) -> float:
    """A round tick step that gives three to five ticks up to ``high``."""
    magnitude = float(10 ** math.floor(math.log10(high)))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        if high / (factor * magnitude) <= 5:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always ends at 10


def _clusters(marked: Sequence[Marked]) -> list[list[Marked]]:
    """Studies of nearly the same size share one label (530 and 535, say)."""
    groups: list[list[Marked]] = []
    for item in sorted(marked, key=lambda t: t[1]):
        if groups and math.log(item[1] / groups[-1][-1][1]) < 0.12:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
