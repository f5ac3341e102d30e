"""Deterministic, atomic output of charts: SVG, PNG, PDF, alt text, CSV, HTML.

Two runs on the same data give the same bytes:

- SVG: ids come from ``svg.hashsalt`` (set by the house style) and the
  metadata carries no date; text is drawn as paths from DejaVu Sans (shipped
  with matplotlib), so the chart looks the same on every machine.
- PNG: two device pixels per CSS pixel; the only metadata is fixed text.
- PDF: no ``CreationDate`` or ``ModDate``; ``Producer`` and ``Creator`` are
  fixed; fonts are embedded as TrueType subsets so text stays selectable.

Every file is written to a temporary name in its folder and moved into place
(``os.replace``), and a folder of outputs is built in a temporary sibling
folder and swapped in, so an interrupted run leaves the previous output as
it was. Paths that cannot be written raise :class:`~fr_stats.errors.OutputError`
with one line that says why.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, OutputError
from ..render import html_escape, printable, to_csv
from .folder import write_files
from .layout import Chart, check_variant, render
from .style import HOUSE, HouseStyle, house_style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

IMAGE_FORMATS = ("svg", "png", "pdf")
FORMATS = (*IMAGE_FORMATS, "txt", "csv", "html")
"""Every file written for a chart: the images, the alt text, the data and an HTML snippet."""

PRODUCER = "fr-stats"

_LINK_NAMES = {"svg": "SVG", "png": "PNG", "pdf": "PDF", "txt": "alt text", "csv": "data (CSV)"}


def chart_files(
    chart: Chart,
    style: HouseStyle = HOUSE,
    *,
    stem: str | None = None,
    formats: Sequence[str] = FORMATS,
) -> dict[str, bytes]:
    """A complete embed of ``chart`` as bytes, keyed by file suffix (see :data:`FORMATS`).

    The SVG is the *bare* variant: the HTML snippet shows it under a live-text
    title and over live-text notes and source. The PNG and PDF are
    *standalone* (title, notes and source in the image), for social media
    and slides. The snippet links the other files as ``STEM.svg``,
    ``STEM.csv``... (``stem`` defaults to the chart's name), and only those
    in ``formats``.
    """
    wanted = check_formats(formats)
    figures: dict[str, Figure] = {}

    def figure(variant: str) -> Figure:
        """Each variant is laid out once and saved in every format that shows it."""
        if variant not in figures:
            figures[variant] = render(chart, style, variant=variant)
        return figures[variant]

    out: dict[str, bytes] = {}
    for fmt in wanted:
        variant = "bare" if fmt == "svg" and "html" in wanted else "standalone"
        if fmt == "html":
            size = _css_size(figure("bare"))
            snippet = figure_snippet(chart, stem=stem, formats=wanted, style=style, size=size)
            out[fmt] = snippet.encode()
        elif fmt in IMAGE_FORMATS:
            out[fmt] = _image_bytes(figure(variant), chart, fmt, style)
        else:
            out[fmt] = chart_bytes(chart, fmt, style)
    return out


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """``formats`` in the order of :data:`FORMATS`, each once; :class:`InputError` if unknown
    or if a snippet would have no image to show."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(f"unknown chart format '{unknown[0]}'; allowed: {', '.join(FORMATS)}")
    if not formats:
        raise InputError(f"no chart format given; choose from {', '.join(FORMATS)}")
    chosen = tuple(f for f in FORMATS if f in formats)
    if "html" in chosen and not {"svg", "png"} & set(chosen):
        raise InputError("an HTML snippet needs its image: add svg or png to the formats")
    return chosen


def chart_bytes(
    chart: Chart, fmt: str, style: HouseStyle = HOUSE, *, variant: str = "standalone"
) -> bytes:
    """One format of ``chart`` as bytes.

    Images come in two variants: ``standalone`` (title, subtitle, notes and
    source drawn in the image) and ``bare`` (the panels only, for a page
    that sets the rest as HTML: see :func:`figure_html`).
    """
    check_variant(variant)
    if fmt not in FORMATS:
        raise InputError(f"unknown chart format '{fmt}'; allowed: {', '.join(FORMATS)}")
    if fmt in IMAGE_FORMATS:
        return _image_bytes(render(chart, style, variant=variant), chart, fmt, style)
    if fmt == "txt":
        return (printable(chart.alt, keep="\n") + "\n").encode()
    if fmt == "csv":
        return chart_csv(chart).encode()
    return figure_snippet(chart, style=style).encode()


def chart_csv(chart: Chart) -> str:
    """The chart's data for a spreadsheet or Datawrapper: a header row with units,
    the rows as the chart shows them, then the verdict and caveats as ``# `` lines."""
    from .tables import people_table

    header, rows = people_table(chart)
    table = to_csv(rows, header)
    footer = [chart.title, chart.subtitle, *chart.notes, chart.source_line]
    lines = [" ".join(printable(line, keep="\n").split()) for line in footer if line]
    return table + "".join(f"# {line}\n" for line in lines)


def _image_bytes(fig: Figure, chart: Chart, fmt: str, style: HouseStyle) -> bytes:
    buffer = io.BytesIO()
    title = printable(chart.title)
    with house_style(style):
        if fmt == "svg":
            fig.savefig(
                buffer,
                format="svg",
                dpi=style.svg_dpi,
                metadata={"Date": None, "Creator": PRODUCER, "Title": title},
            )
            return _accessible_svg(buffer.getvalue().decode(), chart).encode()
        if fmt == "png":
            fig.savefig(
                buffer,
                format="png",
                dpi=style.png_dpi,
                metadata={"Software": PRODUCER, "Title": title},
            )
            return buffer.getvalue()
        fig.savefig(
            buffer,
            format="pdf",
            metadata={
                "Title": title,
                "Creator": PRODUCER,
                "Producer": PRODUCER,
                "CreationDate": None,
                "ModDate": None,
            },
        )
        return buffer.getvalue()


def _accessible_svg(svg: str, chart: Chart) -> str:
    """Give a standalone SVG ``role="img"``, a ``<title>`` (the title) and a ``<desc>`` (alt)."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = svg[start:end]
    tag = opening + ' role="img">'
    inner = f"\n <title>{html_escape(chart.title)}</title>\n <desc>{html_escape(chart.alt)}</desc>"
    return svg[:start] + tag + inner + svg[end + 1 :]


# --------------------------------------------------------------------------- #
# The HTML figure: a bare image with live-text title, notes and source
# --------------------------------------------------------------------------- #


def image_size(
    chart: Chart, style: HouseStyle = HOUSE, *, variant: str = "bare"
) -> tuple[int, int]:
    """Width and height in CSS pixels of the chart's image (the SVG's viewBox × 96/72)."""
    return _css_size(render(chart, style, variant=variant))


def _css_size(fig: Figure) -> tuple[int, int]:
    width, height = fig.get_size_inches()
    return round(width * 96), round(height * 96)


def figure_html(chart: Chart, image: str, *, max_width: int, links: str = "") -> str:
    """A ``<figure>`` around ``image`` (an ``<img>`` or an inline ``<svg>`` of the bare
    variant), with the title, subtitle, notes and source as live, escaped HTML.

    The structure, for a page's CSS to style::

        <figure class="fr-stats-chart" id="fr-stats-NAME">
          <figcaption><p class="fr-title">…</p><p class="fr-subtitle">…</p></figcaption>
          IMAGE
          <div class="fr-footer"><ul class="fr-notes"><li>…</li></ul>
            <p class="fr-source">Source: …</p> LINKS</div>
        </figure>

    The ``<figcaption>`` (the figure's accessible name) holds the title and
    subtitle above the image, as a newsroom sets them; notes and source
    follow it. ``max_width`` (CSS pixels, the design width) keeps the chart,
    and its text, from growing past the size it was drawn for.
    """
    esc = html_escape
    notes = "".join(f"<li>{esc(n)}</li>" for n in chart.notes)
    small = "font-size:.875rem;line-height:1.35;color:#595959"
    return (
        f'<figure class="fr-stats-chart" id="fr-stats-{esc(chart.name)}" '
        f'style="margin:1.5rem 0;max-width:{max_width}px">\n'
        "  <figcaption>\n"
        f'    <p class="fr-title" style="margin:0 0 .25rem;font-size:1.2rem;line-height:1.25;'
        f'font-weight:700">{esc(chart.title)}</p>\n'
        f'    <p class="fr-subtitle" style="margin:0 0 .75rem;line-height:1.35">'
        f"{esc(chart.subtitle)}</p>\n"
        "  </figcaption>\n"
        f"  {image}\n"
        f'  <div class="fr-footer" style="{small}">\n'
        + (f'    <ul class="fr-notes" style="margin:.5rem 0;padding-left:1.1rem">{notes}</ul>\n'
           if notes else "")
        + f'    <p class="fr-source" style="margin:.25rem 0">{esc(chart.source_line)}</p>\n'
        + (f"    {links}\n" if links else "")
        + "  </div>\n</figure>\n"
    )  # fmt: skip


def figure_snippet(
    chart: Chart,
    *,
    stem: str | None = None,
    formats: Sequence[str] = FORMATS,
    style: HouseStyle = HOUSE,
    size: tuple[int, int] | None = None,
) -> str:
    """An HTML ``<figure>`` to paste into an article (see :func:`figure_html`).

    The image is ``STEM.svg`` (the bare variant; ``STEM.png`` when no SVG is
    among ``formats``), as wide as its column up to its design width, its
    height following from its proportions. The other files among
    ``formats`` are linked for download. ``size`` is the bare image's
    :func:`image_size` when the caller has it already.
    """
    stem = stem or chart.name
    esc = html_escape
    width, height = size or image_size(chart, style, variant="bare")
    source = f"{stem}.svg" if "svg" in formats else f"{stem}.png"
    image = (
        f'<img src="{esc(source)}" alt="{esc(chart.alt)}" width="{width}" height="{height}" '
        f'style="display:block;width:100%;height:auto;max-width:{width}px" loading="lazy">'
    )
    offered = [
        f for f in formats if f in _LINK_NAMES and not (f == "svg" and source.endswith("svg"))
    ]
    links = " · ".join(f'<a href="{esc(stem)}.{f}">{_LINK_NAMES[f]}</a>' for f in offered)
    shown = (
        f'<p class="fr-downloads" style="margin:.25rem 0">Download: {links}</p>' if links else ""
    )
    return figure_html(chart, image, max_width=width, links=shown)


# --------------------------------------------------------------------------- #
# Writing files atomically
# --------------------------------------------------------------------------- #


def format_of(path: Path) -> str:
    """The chart format a file name asks for, from its suffix."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        shown = path.suffix or "no suffix"
        raise InputError(
            f"cannot tell the format of '{path}' ({shown}); end the file name in "
            + ", ".join(f".{f}" for f in FORMATS)
        )
    return suffix


def write_chart(
    chart: Chart,
    path: str | Path,
    style: HouseStyle = HOUSE,
    *,
    formats: Sequence[str] | None = None,
) -> list[Path]:
    """Write ``chart`` to ``path`` and, for a snippet, every file it needs beside it.

    The format comes from the suffix: ``chart.svg`` writes one standalone
    SVG. ``chart.html`` writes a complete embed, ``chart.html`` with
    ``chart.svg`` (bare), ``chart.png``, ``chart.pdf``, ``chart.txt`` and
    ``chart.csv`` beside it (see :func:`chart_files`); ``formats`` chooses
    which files, named after ``path`` whatever its suffix. Every file is
    written whole or none is (see :func:`write_files`). Returns the paths
    written.
    """
    target = Path(path)
    if formats is None:
        fmt = format_of(target)
        formats = FORMATS if fmt == "html" else (fmt,)
    chosen = check_formats(formats)
    stem = target.with_suffix("") if target.suffix.lower().lstrip(".") in FORMATS else target
    for candidate in (target, *(stem.with_name(f"{stem.name}.{f}") for f in chosen)):
        if candidate.is_dir():
            raise OutputError(
                f"'{candidate}' is a folder; give a file name such as {chart.name}.{chosen[0]}"
            )
    if len(chosen) > 1:
        payloads = chart_files(chart, style, stem=stem.name, formats=chosen)
    else:
        payloads = {chosen[0]: chart_bytes(chart, chosen[0], style)}
    files = {stem.with_name(f"{stem.name}.{f}"): data for f, data in payloads.items()}
    write_files(files)
    return list(files)


def write_bundle(chart: Chart, folder: Path, style: HouseStyle = HOUSE) -> list[Path]:
    """Write the complete embed of ``chart`` into ``folder`` as ``NAME.html``, ``NAME.svg``..."""
    return write_chart(chart, folder / f"{chart.name}.html", style)
