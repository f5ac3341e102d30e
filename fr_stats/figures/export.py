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

import errno
import functools
import io
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, cast

from ..errors import ForeignFilesError, InputError, OutputError
from ..render import html_escape, printable, to_csv
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


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write several files, each through a temporary file, all or none.

    Every file is first written in full to a temporary name beside its
    target; only when all are written are they moved into place. A failure
    while writing removes the temporary files and leaves every target as it
    was.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(target, data), target))
        for temp, target in staged:
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise OutputError(f"cannot write '{target}': {_reason(exc)}") from None
    finally:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    write_files({target: data})


def _stage(target: Path, data: bytes) -> str:
    """``data`` written to a temporary file beside ``target``; its path."""
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
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write '{target}': {_reason(exc)}") from None
    return temp


def write_bundle(chart: Chart, folder: Path, style: HouseStyle = HOUSE) -> list[Path]:
    """Write the complete embed of ``chart`` into ``folder`` as ``NAME.html``, ``NAME.svg``..."""
    return write_chart(chart, folder / f"{chart.name}.html", style)


MANIFEST = ".fr-stats-report"
"""The file in an output folder that lists every file fr-stats wrote there."""

_MANIFEST_HEADER = (
    "# fr-stats wrote the files below; a new run replaces this folder only while it holds "
    "nothing else"
)
_PARTIAL = ".fr-stats-partial"
_PARTIAL_TEXT = (
    b"fr-stats: an unfinished output folder; the next run into the same place removes it\n"
)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@contextmanager
def atomic_folder(target: str | Path, *, markers: Collection[str] = ()) -> Iterator[Path]:
    """Build a folder in a temporary sibling and swap it in when the block succeeds.

    The block fills the folder it is given. When it succeeds, a manifest
    (:data:`MANIFEST`) listing every file in it is added and the folder
    takes the place of ``target``. When it raises, or SIGINT, SIGTERM or
    SIGHUP arrives, the temporary folder is removed and ``target`` is left
    as it was.

    Parameters
    ----------
    target
        The output folder. A symbolic link is followed: the folder it points
        to is replaced and the link itself is kept.
    markers
        The exact set of files (POSIX paths relative to ``target``) of a
        previous output written before outputs carried a manifest.

    Raises
    ------
    ForeignFilesError
        When ``target`` holds anything a previous output did not write;
        nothing is deleted.
    OutputError
        When ``target`` is a file or cannot be written.

    Notes
    -----
    **What may be replaced.** A missing or empty folder; a folder holding
    only files its manifest lists (and the folders that contain them); a
    folder without a manifest that holds exactly ``markers``. Anything else
    (a file the manifest does not list, another folder, a link, a manifest
    fr-stats did not write) is refused.

    **The swap.** On Linux, ``renameat2(RENAME_EXCHANGE)`` exchanges the new
    folder and ``target`` in one system call, so ``target`` holds the whole
    previous output or the whole new one at every instant. Elsewhere, or on
    a file system without the call, two renames are used: a process killed
    between them leaves ``target`` missing and the previous output in
    ``.NAME.XXXXXXXX.tmp/previous``, and the next run puts it back.

    **Leftovers.** The temporary folder ``.NAME.XXXXXXXX.tmp`` beside
    ``target`` holds a marker file, locked while its run lives. A run first
    removes the temporary folders that killed runs left: only those whose
    name has that form and whose marker has its exact text and is not
    locked. Where file locks are unavailable (Windows), they are left alone.
    SIGTERM and SIGHUP, when they have their default action, are caught
    during the block: the temporary folder is removed, the previous handlers
    are restored and the signal is delivered again, so the process ends as
    it would have.
    """
    shown = Path(target)
    real = _resolve(shown)
    _check_ancestors(shown, real)
    _clear_stale(real)
    _check_replaceable(shown, real, frozenset(markers))
    with _signals_interrupt():
        box, lock = _new_box(shown, real)
        try:
            work = box / "out"
            yield work
            _write_manifest(work)
            _swap(work, real, shown)
        finally:
            _discard(box, real)
            os.close(lock)


def _resolve(shown: Path) -> Path:
    try:
        return shown.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links
        raise OutputError(f"cannot follow '{shown}': {exc}") from None


def _check_ancestors(shown: Path, real: Path) -> None:
    for ancestor in [real, *real.parents]:
        if ancestor.exists() and not ancestor.is_dir():
            if ancestor == real:
                raise OutputError(f"'{shown}' is a file, not a folder; choose another --out")
            raise OutputError(f"cannot write to '{shown}': '{ancestor}' is a file, not a folder")


def _check_replaceable(shown: Path, real: Path, markers: frozenset[str]) -> None:
    """Refuse unless ``real`` is missing, empty or a previous output (see :func:`atomic_folder`)."""
    if not real.is_dir():
        return
    try:
        if not any(real.iterdir()):
            return
        listed = _read_manifest(shown, real)
        foreign = _foreign(real, markers if listed is None else listed | {MANIFEST})
        missing = sorted(m for m in markers if not (real / m).is_file())
    except OSError as exc:
        raise OutputError(f"cannot read '{shown}': {_reason(exc)}") from None
    refusal = f"'{shown}' holds other files; refusing to replace it"
    hint = "Move those files elsewhere, or choose a new or empty folder."
    if foreign:
        shown_names = ", ".join(foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        raise ForeignFilesError(f"{refusal} (not written by fr-stats: {shown_names})", hint=hint)
    if listed is None and missing:
        raise ForeignFilesError(
            f"{refusal} (it has no {MANIFEST} and lacks {missing[0]}, so it is not "
            "a previous output of fr-stats)",
            hint=hint,
        )


def _read_manifest(shown: Path, real: Path) -> frozenset[str] | None:
    """The files listed in ``real``'s manifest, or ``None`` when it has none."""
    path = real / MANIFEST
    if not os.path.lexists(path):
        return None
    lines = path.read_bytes().decode(errors="replace").split("\n") if _plain_file(path) else []
    if not lines or lines[0] != _MANIFEST_HEADER:
        raise ForeignFilesError(
            f"'{shown / MANIFEST}' is not a list of files fr-stats wrote; refusing to replace "
            f"'{shown}'",
            hint="Move it elsewhere, or choose a new or empty folder.",
        )
    return frozenset(line for line in lines[1:] if line)


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _foreign(root: Path, allowed: frozenset[str]) -> list[str]:
    """What ``root`` holds beyond ``allowed`` files and the folders that lead to them, sorted.

    A foreign folder is named once, with a slash, and not opened; links are
    always foreign (fr-stats never writes one).
    """
    folders = {f.rsplit("/", i)[0] for f in allowed for i in range(1, f.count("/") + 1)}
    found: list[str] = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if rel in folders:
                        pending.append((Path(entry.path), rel + "/"))
                    else:
                        found.append(rel + "/")
                elif rel not in allowed or not entry.is_file(follow_symlinks=False):
                    found.append(rel)
    return sorted(found)


def _write_manifest(work: Path) -> None:
    files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if _plain_file(p))
    lines = [_MANIFEST_HEADER, *(f for f in files if f != MANIFEST), ""]
    write_bytes(work / MANIFEST, "\n".join(lines).encode())


def _new_box(shown: Path, real: Path) -> tuple[Path, int]:
    """A marked, locked temporary folder beside ``real`` with an empty ``out`` inside."""
    box: Path | None = None
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        box = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent))
        lock = os.open(box / _PARTIAL, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        _lock(lock, wait=True)  # before the text, so no run takes it for a dead one's
        os.write(lock, _PARTIAL_TEXT)
        (box / "out").mkdir()
        os.chmod(box / "out", 0o777 & ~_umask())
    except OSError as exc:
        if box is not None:
            shutil.rmtree(box, ignore_errors=True)
        raise OutputError(f"cannot write to '{shown}': {_reason(exc)}") from None
    return box, lock


def _clear_stale(real: Path) -> None:
    """Remove the temporary folders that killed runs into ``real`` left behind."""
    pattern = re.compile(rf"\.{re.escape(real.name)}\.[a-z0-9_]+\.tmp")
    try:
        boxes = [p for p in real.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return
    for box in sorted(boxes):
        _clear_box(box, real)


def _clear_box(box: Path, real: Path) -> None:
    try:
        marker = os.open(box / _PARTIAL, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return  # not ours, or not a folder
    try:
        ours = not box.is_symlink() and os.read(marker, 4096) == _PARTIAL_TEXT
        if ours and _lock(marker, wait=False):  # locked: its run is alive
            _discard(box, real)
    except OSError:
        pass  # left for a later run
    finally:
        os.close(marker)


def _discard(box: Path, real: Path) -> None:
    """Remove a temporary folder, first putting back a previous output it holds in its place."""
    previous = box / "previous"
    if not os.path.lexists(real) and previous.is_dir() and not previous.is_symlink():
        try:
            os.rename(previous, real)  # interrupted between the two renames of the fallback
        except OSError:
            return  # kept: the next run puts it back
    shutil.rmtree(box, ignore_errors=True)


def _lock(fd: int, *, wait: bool) -> bool:
    """Lock ``fd`` for this process; ``False`` when another holds it or locks are unavailable."""
    if sys.platform == "win32":  # pragma: no cover - no flock on Windows
        return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _swap(work: Path, real: Path, shown: Path) -> None:
    """Put ``work`` in the place of ``real``; what was there ends up beside ``work``."""
    try:
        if not os.path.lexists(real):
            os.rename(work, real)
        elif not _exchange(work, real):
            os.rename(real, work.parent / "previous")
            os.rename(work, real)  # interrupted before this: _discard puts the previous one back
    except OSError as exc:
        raise OutputError(f"cannot replace '{shown}': {_reason(exc)}") from None


def _exchange(a: Path, b: Path) -> bool:
    """Exchange ``a`` and ``b`` in one step; ``False`` where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system without it
        return False
    raise OSError(err, os.strerror(err), str(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """Linux ``renameat2`` from the C library, or ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # pragma: no cover - a C library without it
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return cast("Callable[..., int]", func)


class _Terminated(KeyboardInterrupt):
    """Raised by the SIGTERM and SIGHUP handlers :func:`atomic_folder` installs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Make SIGTERM and SIGHUP raise, like SIGINT, while the block runs.

    Only signals with their default action are caught (a handler of the
    caller's, or ``nohup``'s ignored SIGHUP, is left alone). When one
    arrives, the block's cleanup runs, the default action is restored and
    the signal is delivered again.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    names = ("SIGTERM", "SIGHUP")
    signums = [getattr(signal, n) for n in names if hasattr(signal, n)]
    caught = [s for s in signums if signal.getsignal(s) == signal.SIG_DFL]

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signum)

    for signum in caught:
        signal.signal(signum, handler)
    try:
        yield
    except _Terminated as exc:
        _restore(caught)
        signal.raise_signal(exc.signum)
        raise  # pragma: no cover - the default action ended the process
    finally:
        _restore(caught)


def _restore(signums: list[int]) -> None:
    for signum in signums:
        signal.signal(signum, signal.SIG_DFL)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
