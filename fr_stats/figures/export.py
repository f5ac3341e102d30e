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
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, OutputError
from ..render import html_escape, printable, to_csv
from .layout import Chart, render
from .style import HOUSE, HouseStyle, house_style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

IMAGE_FORMATS = ("svg", "png", "pdf")
FORMATS = (*IMAGE_FORMATS, "txt", "csv", "html")
"""Every file written for a chart: the images, the alt text, the data and an HTML snippet."""

PRODUCER = "fr-stats"


def chart_files(chart: Chart, style: HouseStyle = HOUSE) -> dict[str, bytes]:
    """Every format of ``chart`` as bytes, keyed by file suffix (see :data:`FORMATS`)."""
    fig = render(chart, style)
    out = {fmt: _image_bytes(fig, chart, fmt, style) for fmt in IMAGE_FORMATS}
    out["txt"] = (printable(chart.alt, keep="\n") + "\n").encode()
    out["csv"] = to_csv(chart.records, chart.columns).encode()
    out["html"] = figure_snippet(chart, fig=fig).encode()
    return out


def chart_bytes(chart: Chart, fmt: str, style: HouseStyle = HOUSE) -> bytes:
    """One format of ``chart`` as bytes."""
    if fmt not in FORMATS:
        raise InputError(f"unknown chart format '{fmt}'; allowed: {', '.join(FORMATS)}")
    if fmt in IMAGE_FORMATS:
        return _image_bytes(render(chart, style), chart, fmt, style)
    return chart_files(chart, style)[fmt]


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


def figure_snippet(chart: Chart, *, fig: Figure | None = None, src: str | None = None) -> str:
    """An HTML ``<figure>`` to paste into an article: the SVG image, alt text, caption.

    The image scales to the width of its column; the caption names the
    sources and links the data behind the chart.
    """
    fig = fig or render(chart)
    width, height = (round(v * 96) for v in fig.get_size_inches())
    stem = src or chart.name
    esc = html_escape
    notes = "".join(f" {esc(n)}" for n in chart.notes)
    return (
        f'<figure class="fr-stats-chart" id="fr-stats-{esc(chart.name)}">\n'
        f'  <img src="{esc(stem)}.svg" alt="{esc(chart.alt)}" width="{width}" height="{height}"'
        ' style="max-width:100%;height:auto" loading="lazy">\n'
        f"  <figcaption><strong>{esc(chart.title)}</strong> {esc(chart.subtitle)}{notes}"
        f' {esc(chart.source_line)}. <a href="{esc(stem)}.csv">Data (CSV)</a></figcaption>\n'
        "</figure>\n"
    )


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


def write_chart(chart: Chart, path: str | Path, style: HouseStyle = HOUSE) -> Path:
    """Write one format of ``chart`` to ``path`` (format from the suffix), atomically."""
    target = Path(path)
    fmt = format_of(target)
    if target.is_dir():
        raise OutputError(f"'{target}' is a folder; give a file name such as {chart.name}.{fmt}")
    data = chart_bytes(chart, fmt, style)
    write_bytes(target, data)
    return target


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    folder = target.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"cannot write '{target}': the folder '{folder}' {what}")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write to the folder '{folder}': {_reason(exc)}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write '{target}': {_reason(exc)}") from None


def write_bundle(chart: Chart, folder: Path, style: HouseStyle = HOUSE) -> list[Path]:
    """Write every format of ``chart`` into ``folder`` as ``NAME.svg``, ``NAME.png``..."""
    paths = []
    for fmt, data in chart_files(chart, style).items():
        path = folder / f"{chart.name}.{fmt}"
        write_bytes(path, data)
        paths.append(path)
    return paths


_MARKERS = ("index.html", "results.json")


@contextmanager
def atomic_folder(target: str | Path, *, markers: tuple[str, ...] = _MARKERS) -> Iterator[Path]:
    """Build a folder in a temporary sibling and swap it in when the block succeeds.

    If the block raises, the temporary folder is removed and ``target`` is
    left exactly as it was. An existing ``target`` is replaced only when it
    is empty or holds ``markers`` (a previous output of the same kind), so a
    mistyped ``--out`` never deletes someone's folder.

    Raises
    ------
    OutputError
        When ``target`` is a file, an unrelated non-empty folder, or cannot be
        written.
    """
    target = Path(target)
    _check_target(target, markers)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write to '{target}': {_reason(exc)}") from None
    try:
        os.chmod(temp, 0o777 & ~_umask())
        yield temp
        _swap(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _check_target(target: Path, markers: tuple[str, ...]) -> None:
    for ancestor in [target, *target.parents]:
        if ancestor.exists() and not ancestor.is_dir():
            if ancestor == target:
                raise OutputError(f"'{target}' is a file, not a folder; choose another --out")
            raise OutputError(f"cannot write to '{target}': '{ancestor}' is a file, not a folder")
    if target.is_dir():
        entries = {p.name for p in target.iterdir()}
        if entries and not all(m in entries for m in markers):
            raise OutputError(
                f"'{target}' is a folder that holds other files; refusing to replace it "
                "(choose a new or empty folder)"
            )


def _swap(temp: Path, target: Path) -> None:
    old: Path | None = None
    try:
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            os.replace(target, old / "previous")
        os.replace(temp, target)
    except OSError as exc:
        if old is not None and (old / "previous").exists() and not target.exists():
            os.replace(old / "previous", target)
        raise OutputError(f"cannot replace '{target}': {_reason(exc)}") from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
