"""The frame every chart shares, and the row-based drawing helpers.

A :class:`Chart` is a finished, described figure: a title that states the
finding, a subtitle that asks the question, one or more panels, notes, a
source line, alt text and the data behind it. :func:`render` lays it out on
a :class:`matplotlib.figure.Figure` (Agg, no pyplot) at a fixed width, with a
height that follows from the content, so nothing is clipped or squeezed.

Most panels are lists of :class:`Row`: a label, a grey detail line (counts,
threshold, the interval in words), then the mark: a dot and whisker, an
upper bound for a zero, a point, a diamond, or only text where a number was
never published. Labels sit above their marks, left-aligned with the title,
so long study names never steal width from the data at phone size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .style import ESTIMATE, GRID, HOUSE, INK, MUTED, HouseStyle, drawable, house_style, percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analysis.compare import CompareResult
    from ..analysis.disparity import DisparityResult
    from ..analysis.pool import PoolResult

SHAPES = ("interval", "bound", "point", "diamond", "missing", "heading")

LINE = 1.45
"""Height of a line of text, in multiples of its size (room for LINE_SPACING)."""
LINE_SPACING = 1.35
"""Matplotlib line spacing of multi-line labels: lines of one label never overlap."""


@dataclass(frozen=True)
class Row:
    """One line of a dot-and-whisker panel.

    ``shape`` is one of :data:`SHAPES`: ``interval`` (dot and whisker),
    ``bound`` (an observed zero: an open dot at 0 and a bar up to its upper
    bound ``high``), ``point`` (a published value without an interval),
    ``diamond`` (a pooled estimate; ``pi_low``/``pi_high`` draw its
    prediction interval), ``missing`` (text only: a number was never
    published) or ``heading`` (a group title).
    """

    label: str
    detail: str = ""
    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    shape: str = "interval"
    color: str = ESTIMATE
    size: float = 1.0
    value: str = ""
    key: str = ""
    pi_low: float | None = None
    pi_high: float | None = None
    tag: str = ""
    """A short name drawn above the mark (``80%``), for rows that connect marks."""
    then: Row | None = None
    """A second mark on the same line (the same people at a stricter threshold), joined
    to this one by a thin arrow; its ``tag`` names it."""


@dataclass(frozen=True)
class Panel:
    """One plotting area of a chart.

    ``draw(ax)`` draws into the axes and returns them; ``height`` is the
    height of the plotting area in inches; ``heading`` is an optional bold
    line above it; ``xlabel`` names the x axis under the tick labels.
    """

    draw: Callable[[Axes], Axes]
    height: float
    heading: str = ""
    xlabel: str = ""
    left: float = 0.0
    """Inches kept free left of the plotting area (for y tick labels)."""
    rows: tuple[Row, ...] = ()
    """The rows a row panel draws (empty for other panels)."""
    redraw: Callable[[tuple[Row, ...]], Panel] | None = None
    """Builds the same panel with other rows (to relabel them); ``None`` for other panels."""

    def relabel(self, labels: Mapping[str, str]) -> Panel:
        """The panel with the label of each row whose key is in ``labels`` replaced."""
        if self.redraw is None or not any(r.key in labels for r in self.rows):
            return self
        from dataclasses import replace

        rows = tuple(replace(r, label=labels[r.key]) if r.key in labels else r for r in self.rows)
        return replace(self.redraw(rows), heading=self.heading, xlabel=self.xlabel)


@dataclass(frozen=True)
class Chart:
    """A finished chart with everything needed to publish it.

    Attributes
    ----------
    kind, name
        The chart kind (``studies``, ``compare``...) and a file stem.
    title
        States the finding, in words a reader can repeat.
    subtitle
        Asks the question the chart answers (the verdict, for ``compare``).
    sources
        Citations of the studies shown, for the source line.
    alt
        Alt text: what the chart shows, with every number a reader needs.
    panels
        The plotting areas, top to bottom.
    columns, records
        The data behind the chart, as written to its CSV.
    notes
        Lines printed under the chart (what is not shown, and why).
    results
        The numbers of the chart for ``results.json``.
    """

    kind: str
    name: str
    title: str
    subtitle: str
    sources: tuple[str, ...]
    alt: str
    panels: tuple[Panel, ...]
    columns: tuple[str, ...]
    records: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...] = ()
    results: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    """A source line that replaces the one made from ``sources`` (a newsroom's own)."""
    analysis: CompareResult | DisparityResult | PoolResult | None = field(
        default=None, compare=False
    )
    """The typed result the chart was drawn from, for readers of its numbers (the report)."""

    def _repr_svg_(self) -> str:
        """The chart in a notebook: the standalone SVG, text as text."""
        from .export import chart_bytes

        return chart_bytes(self, "svg", variant="standalone").decode()

    @property
    def source_line(self) -> str:
        """``'Source: ACLU (2018); Comparitech (2020). Chart: fr-stats'``."""
        if self.source:
            return self.source
        cited = "; ".join(dict.fromkeys(self.sources)) or "user-supplied counts"
        return f"Source: {cited}. Chart: fr-stats"

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of the rows a ``--label KEY=TEXT`` can rename, top to bottom."""
        return tuple(r.key for p in self.panels for r in p.rows if r.key and r.shape != "heading")

    def edited(
        self,
        *,
        title: str | None = None,
        subtitle: str | None = None,
        notes: Sequence[str] = (),
        source: str | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> Chart:
        """The chart with a newsroom's own words: a new title, subtitle or source line,
        extra notes, and rows renamed by key (see :attr:`keys`).

        A renamed row keeps its numbers; its old name is replaced in the alt
        text and the ``label`` column of the data too. Raises
        :class:`~fr_stats.errors.InputError` for a key the chart has not.
        """
        from dataclasses import replace

        labels = dict(labels or {})
        unknown = [k for k in labels if k not in self.keys]
        if unknown:
            from ..errors import InputError

            known = ", ".join(dict.fromkeys(self.keys)) or "none"
            raise InputError(
                f"no row '{unknown[0]}' to relabel in the {self.kind} chart; its rows: {known}"
            )
        alt = self.alt
        for row in (r for p in self.panels for r in p.rows if r.key in labels):
            alt = alt.replace(f"{row.label}:", f"{labels[row.key]}:")
        return replace(
            self,
            title=self.title if title is None else title,
            subtitle=self.subtitle if subtitle is None else subtitle,
            notes=(*self.notes, *notes),
            source=self.source if source is None else source,
            alt=alt,
            panels=tuple(p.relabel(labels) for p in self.panels),
            records=tuple(_relabel_record(r, labels) for r in self.records),
        )

    def figure(self, style: HouseStyle = HOUSE, *, variant: str = "standalone") -> Figure:
        """The chart on a new figure: whole (``standalone``) or its panels only (``bare``)."""
        return render(self, style, variant=variant)

    def draw(self, ax: Axes | None = None, *, panel: int | None = None) -> Axes:
        """Draw the chart into ``ax`` (a new figure's axes if none) and return ``ax``.

        With ``panel=None`` (the default) every panel is drawn, stacked top to
        bottom in ``ax``'s area (each in an inset axes sized by its height),
        with the chart's title on ``ax``; with ``panel=i`` only panel ``i``
        is drawn into ``ax`` itself.
        """
        if ax is None:
            from matplotlib.figure import Figure

            shown = self.panels if panel is None else [self.panels[panel]]
            height = sum(p.height + 0.6 for p in shown)
            fig = Figure(figsize=(HOUSE.width, height))
            ax = fig.add_axes((0.04, 0.06, 0.92, 0.86))
        with house_style():
            if panel is not None:
                return self.panels[panel].draw(ax)
            ax.set_axis_off()
            ax.set_title(self.title, loc="left", fontsize=HOUSE.label_size, wrap=True)
            total = sum(p.height + 0.6 for p in self.panels)
            top = 1.0
            for each in self.panels:
                share = (each.height + 0.6) / total
                inset = ax.inset_axes((0.0, top - share + 0.45 * share / (each.height + 0.6),
                                       1.0, share * each.height / (each.height + 0.6)))  # fmt: skip
                each.draw(inset)
                top -= share
            return ax


def _relabel_record(record: Mapping[str, Any], labels: Mapping[str, str]) -> Mapping[str, Any]:
    key = record.get("key", record.get("id"))
    if key in labels and "label" in record:
        return {**record, "label": labels[key]}
    return record


def text_height(lines: int, size: float) -> float:
    """Inches taken by ``lines`` lines of text at ``size`` points."""
    return lines * size * LINE / 72


VARIANTS = ("standalone", "bare")
"""``standalone``: title, subtitle, notes and source drawn in the image (for social
media and slides); ``bare``: the panels only, for a page that sets those as HTML."""


def check_variant(variant: str) -> str:
    """``variant`` if it is one of :data:`VARIANTS`; :class:`InputError` otherwise."""
    if variant not in VARIANTS:
        from ..errors import InputError

        raise InputError(f"unknown chart variant '{variant}'; allowed: {', '.join(VARIANTS)}")
    return variant


def render(chart: Chart, style: HouseStyle = HOUSE, *, variant: str = "standalone") -> Figure:
    """Lay out ``chart`` on a new figure, in the house style.

    ``variant="bare"`` draws the panels only (with their headings and axis
    labels); ``"standalone"`` adds the title, subtitle, notes and source.
    The figure must be saved inside :func:`~fr_stats.figures.style.house_style`
    too; :mod:`fr_stats.figures.export` does that.
    """
    from matplotlib.figure import Figure

    chrome = check_variant(variant) == "standalone"
    with house_style(style):
        head, foot = _chrome(chart, style) if chrome else ([], [])
        height = style.margin_top + style.margin_bottom
        height += sum(_block_height(b) for b in [*head, *foot])
        height += sum(_panel_height(p, style) for p in chart.panels)
        if foot:
            height += 0.04
        fig = Figure(figsize=(style.width, height), dpi=100)
        left = style.margin_left / style.width
        width = (style.width - style.margin_left - style.margin_right) / style.width

        def at(y: float) -> float:
            return 1 - y / height

        y = style.margin_top
        for block in head:
            y = _draw_block(fig, block, left, at(y), y)
        for number, panel in enumerate(chart.panels):
            if panel.heading:
                heading = _heading(panel, style)
                fig.text(left, at(y), heading, va="top", ha="left", fontsize=style.label_size,
                         fontweight="bold", color=INK, linespacing=LINE_SPACING)  # fmt: skip
                y += text_height(_lines(heading), style.label_size) + 0.06
            inset = panel.left / style.width
            ax = fig.add_axes(
                (left + inset, at(y + panel.height), width - inset, panel.height / height)
            )
            panel.draw(ax)
            _suffix_gids(ax, f"p{number}")
            if panel.xlabel:
                ax.set_xlabel(panel.xlabel, loc="left", labelpad=4, color=MUTED)
            y += panel.height + _below_panel(panel, style)
        if foot:
            y += 0.04
        for block in foot:
            y = _draw_block(fig, block, left, at(y), y)
        _only_drawable_text(fig, style.font)
    return fig


@dataclass(frozen=True)
class _Block:
    """A paragraph of the chart's chrome: wrapped text, its size and how it is drawn."""

    text: str
    size: float
    gap: float
    bold: bool = False
    color: str = INK
    spacing: float = 1.2
    gid: str | None = None


def _chrome(chart: Chart, style: HouseStyle) -> tuple[list[_Block], list[_Block]]:
    """The title and subtitle above the panels; the notes and source below."""

    def wrapped(text: str, size: float, *, bold: bool = False) -> str:
        return style.wrap(drawable(text, style.font), size, bold=bold)

    head = [
        _Block(wrapped(chart.title, style.title_size, bold=True), style.title_size, 0.05,
               bold=True, spacing=1.15, gid="title"),
        _Block(wrapped(chart.subtitle, style.subtitle_size), style.subtitle_size, 0.14,
               gid="subtitle"),
    ]  # fmt: skip
    foot = [
        _Block(wrapped(n, style.detail_size), style.detail_size, 0.03, color=MUTED)
        for n in chart.notes
    ]
    foot.append(
        _Block(
            wrapped(chart.source_line, style.source_size),
            style.source_size,
            0.0,
            color=MUTED,
            gid="source",
        )
    )
    return head, foot


def _block_height(block: _Block) -> float:
    return text_height(_lines(block.text), block.size) + block.gap


def _draw_block(fig: Figure, block: _Block, left: float, top: float, y: float) -> float:
    fig.text(left, top, block.text, va="top", ha="left", fontsize=block.size,
             fontweight="bold" if block.bold else "normal", color=block.color,
             linespacing=block.spacing, gid=block.gid)  # fmt: skip
    return y + _block_height(block)


def _heading(panel: Panel, style: HouseStyle) -> str:
    return style.wrap(drawable(panel.heading, style.font), style.label_size, bold=True)


def _panel_height(panel: Panel, style: HouseStyle) -> float:
    lines = _lines(_heading(panel, style))
    heading = text_height(lines, style.label_size) + 0.06 if panel.heading else 0.0
    return heading + panel.height + _below_panel(panel, style)


def _below_panel(panel: Panel, style: HouseStyle) -> float:
    """Room under a panel for its tick labels and axis label."""
    ticks = text_height(1, style.tick_size) + 0.12
    label = text_height(1, style.tick_size) + 0.04 if panel.xlabel else 0.0
    return ticks + label + 0.08


def _only_drawable_text(fig: Figure, font: str) -> None:
    """Every text of the figure as the font can draw it, and never read as mathtext.

    Labels from the data may hold control characters, characters the font
    lacks, or ``$`` signs that matplotlib would parse as TeX.
    """
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        artist.set_text(drawable(artist.get_text(), font))
        artist.set_parse_math(False)


def _suffix_gids(ax: Axes, suffix: str) -> None:
    """Make the gids of a panel's artists unique in the figure (and so in its SVG)."""
    for artist in [*ax.lines, *ax.patches, *ax.texts, *ax.collections]:
        gid = artist.get_gid()
        if gid:
            artist.set_gid(f"{gid}-{suffix}")


def _lines(text: str) -> int:
    return text.count("\n") + 1


# --------------------------------------------------------------------------- #
# Rows: dot and whisker panels
# --------------------------------------------------------------------------- #

_MARK = 0.2
"""Inches of a row taken by its mark (dot, whisker, diamond)."""


def row_height(row: Row, style: HouseStyle = HOUSE) -> float:
    """Inches a row takes: its label, its detail line and its mark."""
    if row.shape == "heading":
        return text_height(_lines(_label(row, style)), style.label_size) + 0.1
    height = text_height(_lines(_label(row, style)), style.label_size)
    if row.detail:
        height += text_height(_lines(_detail(row, style)), style.detail_size)
    if row.tag:
        height += text_height(1, style.detail_size)
    mark = _MARK if row.shape != "missing" else 0.0
    return height + mark + 0.1


def rows_height(rows: Sequence[Row], style: HouseStyle = HOUSE) -> float:
    """Inches a panel of ``rows`` takes."""
    return sum(row_height(r, style) for r in rows) + 0.02


def _label(row: Row, style: HouseStyle) -> str:
    return style.wrap(row.label, style.label_size, bold=row.shape == "heading")


def _detail(row: Row, style: HouseStyle) -> str:
    return "\n".join(style.wrap(line, style.detail_size) for line in row.detail.split("\n"))


_KNOCKOUT = {"facecolor": "white", "edgecolor": "none", "pad": 0.6, "boxstyle": "square,pad=0.1"}
"""A white box behind row text, so grid and zero lines never run through it."""


def draw_rows(
    ax: Axes,
    rows: Sequence[Row],
    *,
    xlim: tuple[float, float],
    formatter: Callable[[float, object], str] = percent,
    zero_line: bool = False,
    style: HouseStyle = HOUSE,
) -> Axes:
    """Draw ``rows`` top to bottom; one data unit on the y axis is one inch.

    Every whisker is a ``Line2D`` whose gid starts with ``interval``, every
    upper bound one whose gid starts with ``bound``, so tests and readers of
    the SVG can count them.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    from matplotlib.transforms import blended_transform_factory

    total = rows_height(rows, style)
    ax.set_ylim(0, total)
    ax.set_xlim(*xlim)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(formatter))
    ax.grid(axis="x", color=GRID, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    if zero_line:
        ax.axvline(0, color=MUTED, linewidth=1.0, zorder=1)
    text_at = blended_transform_factory(ax.transAxes, ax.transData)
    top = total
    for index, row in enumerate(rows):
        label = _label(row, style)
        ax.text(0, top, label, transform=text_at, va="top", ha="left",
                fontsize=style.label_size, color=INK, linespacing=LINE_SPACING,
                fontweight="bold" if row.shape == "heading" else "normal",
                gid=f"label-{index}", bbox=_KNOCKOUT)  # fmt: skip
        if row.shape == "heading":
            top -= row_height(row, style)
            continue
        y = top - text_height(_lines(label), style.label_size)
        if row.detail:
            detail = _detail(row, style)
            ax.text(0, y, detail, transform=text_at, va="top", ha="left",
                    fontsize=style.detail_size, color=MUTED, linespacing=LINE_SPACING,
                    bbox=_KNOCKOUT)  # fmt: skip
            y -= text_height(_lines(detail), style.detail_size)
        if row.tag:
            y -= text_height(1, style.detail_size)
        _draw_mark(ax, row, y - _MARK / 2 - 0.02, index, style)
        if row.then is not None:
            _draw_then(ax, row, row.then, y - _MARK / 2 - 0.02, index, style)
        top -= row_height(row, style)
    return ax


def _draw_mark(ax: Axes, row: Row, y: float, index: int, style: HouseStyle) -> None:
    size = style.marker_size * math.sqrt(max(row.size, 0.05))
    if row.shape == "interval" and row.low is not None and row.high is not None:
        ax.plot([row.low, row.high], [y, y], color=row.color, linewidth=style.line_width,
                solid_capstyle="butt", gid=f"interval-{index}", zorder=3)  # fmt: skip
        if row.estimate is not None:
            ax.plot([row.estimate], [y], marker="s" if row.size != 1.0 else "o", color=row.color,
                    markersize=size, markeredgecolor="white", markeredgewidth=0.8,
                    linestyle="none", zorder=4)  # fmt: skip
    elif row.shape == "bound" and row.high is not None:
        ax.plot([0, row.high], [y, y], color=row.color, linewidth=style.line_width,
                gid=f"bound-{index}", zorder=3)  # fmt: skip
        ax.plot([row.high], [y], marker="|", color=row.color, markersize=style.marker_size * 1.5,
                markeredgewidth=style.line_width, linestyle="none", zorder=4)  # fmt: skip
        ax.plot([0], [y], marker="o", color="white", markeredgecolor=row.color,
                markeredgewidth=style.line_width, markersize=style.marker_size,
                linestyle="none", zorder=5, clip_on=False)  # fmt: skip
    elif row.shape == "point" and row.estimate is not None:
        ax.plot([0, row.estimate], [y, y], color=row.color, linewidth=0.9, alpha=0.6, zorder=2)
        ax.plot([row.estimate], [y], marker="o", color=row.color, markersize=style.marker_size,
                linestyle="none", gid=f"point-{index}", zorder=4, clip_on=False)  # fmt: skip
    elif row.shape == "diamond" and None not in (row.estimate, row.low, row.high):
        assert row.estimate is not None and row.low is not None and row.high is not None
        if row.pi_low is not None and row.pi_high is not None:
            ax.plot([row.pi_low, row.pi_high], [y, y], color=row.color, linewidth=1.0,
                    linestyle=(0, (3, 2)), gid=f"prediction-{index}", zorder=2)  # fmt: skip
            for end in (row.pi_low, row.pi_high):
                ax.plot([end], [y], marker="|", color=row.color, markersize=style.marker_size,
                        linestyle="none", zorder=2)  # fmt: skip
        half = _MARK * 0.55
        ax.fill(
            [row.low, row.estimate, row.high, row.estimate],
            [y, y + half, y, y - half],
            color=row.color,
            zorder=4,
            gid=f"diamond-{index}",
        )
    # A "missing" row draws no mark: with no rate there is nothing to place on the axis.
    if row.tag:
        at = row.estimate if row.estimate is not None else 0.0
        ax.annotate(row.tag, (at, y), xytext=(0, 7), textcoords="offset points", ha="center"
                    if at > 0 else "left", va="bottom", fontsize=style.detail_size,
                    color=row.color, annotation_clip=False)  # fmt: skip
    if row.value:
        anchor = _value_anchor(row)
        ax.annotate(row.value, (anchor, y), xytext=(6, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=style.detail_size, color=INK,
                    annotation_clip=False)  # fmt: skip


def _draw_then(ax: Axes, row: Row, then: Row, y: float, index: int, style: HouseStyle) -> None:
    """The same people's second mark on the row's line, an arrow from the first to it."""
    start, end = row.estimate, then.estimate
    if start is not None and end is not None:
        ax.annotate("", (end, y), xytext=(start, y), textcoords="data", annotation_clip=False,
                    arrowprops={"arrowstyle": "-|>", "color": MUTED, "linewidth": 0.9,
                                "shrinkA": 5, "shrinkB": 6, "mutation_scale": 9},
                    gid=f"link-{index}")  # fmt: skip
    _draw_mark(ax, then, y, index, style)


def _value_anchor(row: Row) -> float:
    for value in (row.high, row.pi_high, row.estimate):
        if value is not None:
            return max(value, row.pi_high or value)
    return 0.0


def nice_limit(high: float, *, floor: float = 0.01) -> float:
    """A round upper limit for a percent axis a little above ``high``."""
    high = max(high, floor)
    step = float(10 ** math.floor(math.log10(high)))
    for factor in (1, 1.2, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 10):
        if factor * step >= high * 1.02:
            return factor * step
    return 10 * step  # pragma: no cover - the loop always ends at 10 * step


def value_room(rows: Sequence[Row], xmax: float, *, chars: int = 6) -> float:
    """Widen ``xmax`` so a value label of ``chars`` characters fits right of each mark."""
    usable = HOUSE.width - HOUSE.margin_left - HOUSE.margin_right
    text_in = (chars * HOUSE.detail_size * 0.58 + 8) / 72
    fraction = min(0.6, text_in / usable)
    needed = max((_value_anchor(r) for r in rows if r.value), default=0.0)
    return max(xmax, needed / (1 - fraction)) if needed else xmax
