"""The house style of every fr-stats chart, in one place.

Nothing here touches matplotlib's global state at import time: the style is
a frozen set of named settings, applied with :func:`house_style` inside
``matplotlib.rc_context`` (scoped like seaborn's ``_RCAesthetics``), so a
notebook that imports fr-stats keeps its own look.

The charts are designed for a phone first: drawn 440 CSS pixels wide
(330 SVG user units, 880 pixels in the 2× PNG), with text sized for that
width. Shown 375 pixels wide, the smallest text (11 units: notes, tick
labels, detail lines) is 11 × 375 / 330 = 12.5 CSS pixels; shown at its
design width, never wider (the embed caps it with ``max-width``), the title
(15 units) is 20 CSS pixels, no larger than a page's section headings.

SVG text stays text (``svg.fonttype = "none"``): it can be selected,
searched, translated and read aloud, and the browser draws it with the
first font of :data:`FONT_STACK` it has. DejaVu Sans is the widest of the
stack and the one the layout is measured in, so a fallback never overflows.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import stat
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from ..render import printable

#: The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe for
#: the common forms of colour blindness.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Roles of colour in the charts. Text and lines that carry meaning are dark
#: enough on white for WCAG AA contrast; the yellow is never used for text.
#: The fonts of SVG text, in the order a browser tries them. Matplotlib draws
#: with the first (shipped with it); the rest are narrower system sans fonts.
FONT_STACK = ("DejaVu Sans", "Bitstream Vera Sans", "Liberation Sans", "Arial", "Helvetica")

INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"
ESTIMATE = OKABE_ITO["blue"]
CONTRAST = OKABE_ITO["vermillion"]
REFERENCE = OKABE_ITO["bluish_green"]
OTHER_TASK = OKABE_ITO["reddish_purple"]
SERIES = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["orange"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["black"],
)


@dataclass(frozen=True)
class HouseStyle:
    """Every setting of the house style, by name.

    Sizes are in points, lengths in inches. ``width`` is the figure width;
    heights follow from the content (one row per study).
    """

    width: float = 440 / 96
    """440 CSS pixels (880 device pixels in the 2× PNG)."""
    margin_left: float = 0.16
    margin_right: float = 0.3
    margin_top: float = 0.12
    margin_bottom: float = 0.1
    font: str = FONT_STACK[0]
    title_size: float = 15.0
    subtitle_size: float = 12.0
    label_size: float = 12.0
    detail_size: float = 12.0
    tick_size: float = 12.0
    source_size: float = 12.0
    line_width: float = 1.8
    marker_size: float = 6.5
    svg_dpi: float = 72.0
    png_dpi: float = 192.0
    """Two device pixels per CSS pixel (CSS pixels are 1/96 inch)."""
    hashsalt: str = "fr-stats"

    @property
    def css_width(self) -> int:
        """The design width in CSS pixels (96 per inch)."""
        return round(self.width * 96)

    def at_width(self, css_px: float) -> HouseStyle:
        """The same style drawn ``css_px`` CSS pixels wide."""
        from dataclasses import replace

        return replace(self, width=css_px / 96)

    def rc(self) -> dict[str, Any]:
        """The matplotlib settings of the style, for ``matplotlib.rc_context``."""
        return {
            "font.family": "sans-serif",
            "font.sans-serif": [self.font, *(f for f in FONT_STACK if f != self.font)],
            "font.size": self.label_size,
            "text.color": INK,
            "axes.edgecolor": MUTED,
            "axes.labelcolor": INK,
            "axes.labelsize": self.tick_size,
            "axes.linewidth": 0.8,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.spines.left": False,
            "axes.grid": False,
            "axes.prop_cycle": _cycler(SERIES),
            "axes.unicode_minus": True,
            "xtick.color": MUTED,
            "xtick.labelcolor": INK,
            "xtick.labelsize": self.tick_size,
            "ytick.labelsize": self.tick_size,
            "xtick.major.size": 3.0,
            "ytick.major.size": 0.0,
            "grid.color": GRID,
            "grid.linewidth": 0.7,
            "lines.linewidth": self.line_width,
            "lines.markersize": self.marker_size,
            "lines.solid_capstyle": "butt",
            "figure.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.dpi": self.png_dpi,
            "svg.hashsalt": self.hashsalt,
            "svg.fonttype": "none",
            "pdf.fonttype": 42,
            "pdf.compression": 6,
            "path.simplify": True,
            "text.hinting": "default",
            "text.antialiased": True,
        }

    def wrap(
        self, text: str, size: float, *, bold: bool = False, width: float | None = None
    ) -> str:
        """Wrap ``text`` to the figure width at font ``size`` (a conservative estimate).

        DejaVu Sans averages about 0.55 em per character (0.61 em in bold);
        wrapping a little early keeps every line inside the figure.
        """
        usable = (width or (self.width - self.margin_left - self.margin_right)) * 72
        per_char = size * (0.62 if bold else 0.56)
        columns = max(12, int(usable / per_char))
        return "\n".join(
            textwrap.wrap(text, columns, break_long_words=True, break_on_hyphens=False)
        )


HOUSE = HouseStyle()

WIDTHS = (440, 1200)
"""The design widths allowed, in CSS pixels: row labels are wrapped for the
narrowest (the default), so a chart is never drawn narrower; the browser
scales it down."""


def style_for(width: float | None) -> HouseStyle:
    """The house style drawn ``width`` CSS pixels wide (the default width for ``None``)."""
    if width is None:
        return HOUSE
    low, high = WIDTHS
    if not low <= width <= high:
        from ..errors import InputError

        raise InputError(f"chart width must be from {low} to {high} pixels, not {width:g}")
    return HOUSE.at_width(width)


def _cycler(colors: tuple[str, ...]) -> Any:
    from cycler import cycler

    return cycler(color=list(colors))


@contextmanager
def house_style(style: HouseStyle = HOUSE) -> Iterator[HouseStyle]:
    """Apply the house style for the duration of a ``with`` block.

    Examples
    --------
    >>> from fr_stats.figures.style import house_style
    >>> with house_style() as style:
    ...     style.width
    4.6875
    """
    import matplotlib

    with matplotlib.rc_context(cast(Any, style.rc())):
        yield style


def percent(x: float, _pos: object = None) -> str:
    """A proportion as a tick label: ``0.05 -> '5%'``, ``0.005 -> '0.5%'``."""
    value = round(100 * x, 6)
    text = f"{value:g}"
    if text in ("-0", "0"):
        return "0%"
    return text.replace("-", "\u2212") + "%"


def points(x: float, _pos: object = None) -> str:
    """A difference of proportions as a tick label in percentage points: ``'+2'``."""
    value = round(100 * x, 6)
    if value == 0:
        return "0"
    return f"{value:+g}".replace("-", "\u2212")


def drawable(text: str, font: str = HOUSE.font) -> str:
    r"""``text`` as a chart can draw it, in regular and bold ``font``.

    Control characters become visible escapes (:func:`fr_stats.render.printable`,
    which also removes every character XML 1.0 forbids, so the SVG stays
    valid), and any character the font has no glyph for becomes U+FFFD (�):
    the reader sees that something is there, and matplotlib has nothing to
    warn about.

    Examples
    --------
    >>> drawable("a\x1bb")
    'a\\x1bb'
    """
    glyphs = _glyphs(font)
    clean = printable(text, keep="\n")
    return "".join(c if c == "\n" or ord(c) in glyphs else "\ufffd" for c in clean)


@functools.cache
def _glyphs(font: str) -> frozenset[int]:
    """The code points both the regular and the bold face of ``font`` can draw."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    faces = [
        font_manager.findfont(font_manager.FontProperties(family=font, weight=weight))
        for weight in ("normal", "bold")
    ]
    regular, bold = (set(FT2Font(face).get_charmap()) for face in faces)
    return frozenset(regular & bold)


def quiet_matplotlib_config(*, command_line: bool = False) -> None:
    """Give matplotlib a private config folder when its own is not writable.

    Without one, matplotlib makes a temporary folder anyway, warns on stderr
    (``HOME=/nonexistent``, a read-only ``MPLCONFIGDIR``) and rebuilds its font
    cache on every run, which takes seconds. The private folder is kept
    (``fr-stats-matplotlib-UID`` in the system's temporary folder, owned by this
    user and closed to others), so the cache is built once. With
    ``command_line``, matplotlib's notice that it is building that cache is
    silenced too (the commands print only their own lines; a notebook keeps
    matplotlib's logging as it is). Call this before matplotlib is imported;
    afterwards it does nothing.
    """
    if command_line:
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    if "matplotlib" in sys.modules:
        return
    configured = os.environ.get("MPLCONFIGDIR")
    if configured:
        folders = [Path(configured)]
    else:
        home = Path(os.path.expanduser("~"))
        config = os.environ.get("XDG_CONFIG_HOME") or home / ".config"
        cache = os.environ.get("XDG_CACHE_HOME") or home / ".cache"
        folders = [Path(config) / "matplotlib", Path(cache) / "matplotlib"]
    if all(_writable(folder) for folder in folders):
        return
    os.environ["MPLCONFIGDIR"] = _private_folder()


def _writable(folder: Path) -> bool:
    """matplotlib's own test: the folder can be made, is a folder and is writable."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return folder.is_dir() and os.access(folder, os.W_OK)


def _sticky_or_private(folder: Path) -> bool:
    """True if no other user can rename what this user keeps in ``folder``.

    That holds when others cannot write to it, or when its sticky bit is set
    (as on ``/tmp``), which keeps them from renaming or removing our entries.
    """
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return not mode & stat.S_IWOTH or bool(mode & stat.S_ISVTX)


def _private_folder() -> str:
    """This user's kept folder in the temporary folder, or a fresh one removed at exit.

    The kept folder is used only if it is a real folder (not a link) owned by
    this user and closed to everyone else, in a temporary folder where no other
    user can rename it (sticky, as ``/tmp`` is, or closed to others), so no
    other user can plant a configuration or a font cache in it.
    """
    import atexit
    import shutil

    getuid = getattr(os, "getuid", None)
    if getuid is not None and _sticky_or_private(Path(tempfile.gettempdir())):
        kept = Path(tempfile.gettempdir()) / f"fr-stats-matplotlib-{getuid()}"
        with contextlib.suppress(FileExistsError, OSError):
            kept.mkdir(mode=0o700)
        try:
            info = kept.lstat()
        except OSError:
            info = None
        if (
            info is not None
            and stat.S_ISDIR(info.st_mode)
            and info.st_uid == getuid()
            and info.st_mode & 0o077 == 0
            and os.access(kept, os.W_OK)
        ):
            return str(kept)
    folder = tempfile.mkdtemp(prefix="fr-stats-matplotlib-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
