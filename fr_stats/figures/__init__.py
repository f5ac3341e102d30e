"""Article-ready charts of the studies: ``fr_stats.plot(kind, refs)``.

Each chart states its finding in the title, asks its question in the
subtitle, puts rates on percent axes, names its sources, and is written as
SVG, PNG (2×), PDF, alt text, CSV and an HTML ``<figure>`` snippet, byte for
byte the same on every run. The house style lives in
:mod:`fr_stats.figures.style` and is applied only inside
``matplotlib.rc_context``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import InputError
from .kinds import BUILDERS
from .layout import Chart, Panel, Row

KINDS = tuple(BUILDERS)
"""Every chart kind, in the order the report shows them (the keys of
:data:`fr_stats.figures.kinds.BUILDERS`, the one registry)."""

__all__ = ["KINDS", "Chart", "Panel", "Row", "plot"]


def plot(
    kind: str,
    refs: Sequence[str] = (),
    *,
    out: str | Path | None = None,
    data: Iterable[str | Path] = (),
    level: float = 0.95,
    formats: Sequence[str] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    notes: Sequence[str] = (),
    source: str | None = None,
    labels: Mapping[str, str] | None = None,
    width: float | None = None,
) -> Chart:
    """Build one chart and, with ``out``, write it (format from the suffix).

    Parameters
    ----------
    kind
        One of :data:`KINDS`: ``studies`` (every face-matching rate with its
        interval), ``compare`` (two studies and their difference),
        ``disparity`` (a subgroup's share of the false matches), ``thresholds``
        (false matches at each threshold), ``detectability`` (the smallest
        detectable change against sample size), ``pool`` (a forest plot of
        the random-effects meta-analysis), ``gender`` (gender
        classification, a different task) or ``alerts`` (police live facial
        recognition: the share of alerts that were false, a different task).
    refs
        Study refs (``aclu2018``, ``comparitech2020@95``, ``28/535``); the
        chart's default set when empty.
    out
        A file ending in ``.svg``, ``.png``, ``.pdf``, ``.txt`` (alt text),
        ``.csv`` (the data) or ``.html``: a ``<figure>`` snippet with every
        file it links written beside it, named after ``out``.
    data
        Extra CSV tables to load with the bundled data.
    level
        Confidence level of the intervals.
    formats
        Which files to write, named after ``out`` (``("svg", "csv")``);
        by default the format of ``out``'s suffix, or all for ``.html``.
    title, subtitle, notes, source
        A newsroom's own title, subtitle, extra notes and source line.
    labels
        New names for rows, by key (``{"aclu2018": "ACLU, 2018"}``; see
        :attr:`Chart.keys`).
    width
        Design width in CSS pixels (default 440, drawn for a phone; text
        stays at least 12 px on a 375 px screen up to about 450; from 440
        to 1200).

    Returns
    -------
    Chart
        The described chart: ``.title``, ``.alt``, ``.records``,
        ``.figure()`` for a matplotlib figure, ``.draw(ax)`` for one panel.

    Raises
    ------
    InputError
        For an unknown kind, a bad ref or a file name without a known suffix.
    OutputError
        When ``out`` cannot be written.

    Notes
    -----
    Every number comes from :mod:`fr_stats.stats`; the chart only draws it.
    Output is deterministic: see :mod:`fr_stats.figures.export`.

    Examples
    --------
    >>> import fr_stats
    >>> chart = fr_stats.plot("studies", ["aclu2018", "comparitech2020"])
    >>> chart.source_line
    'Source: ACLU (2018); Comparitech (2020). Chart: fr-stats'
    """
    from ..catalog import load
    from ..stats.common import check_level
    from .style import quiet_matplotlib_config

    quiet_matplotlib_config()
    from .export import write_chart
    from .style import style_for

    builder = BUILDERS.get(kind)
    if builder is None:
        raise InputError(f"unknown chart kind '{kind}'; choose one of {', '.join(KINDS)}")
    level = check_level(level)
    files = tuple(data)
    chart = builder(load(files), tuple(refs), level=level, data=files)
    chart = chart.edited(title=title, subtitle=subtitle, notes=notes, source=source, labels=labels)
    if out is not None:
        write_chart(chart, out, style_for(width), formats=formats)
    return chart
