"""The reproducible report: ``fr_stats.build_report(out_dir)``.

One call writes a folder with:

- ``index.html``: one self-contained page (inline SVG, no external requests)
  with every chart, every result table, the claims ledger, the methods with
  references and where each number came from;
- ``README.md``: the same content for GitHub, with images from ``figures/``;
- ``figures/``: every chart as SVG, PNG (2×), PDF, alt text, CSV and an
  HTML ``<figure>`` snippet;
- ``results.json``: every number in the report.

- ``.fr-stats-report``: the list of the files above, so that a later build
  replaces the folder only while it holds nothing else.

The folder is built in a temporary sibling and swapped in only when every
file is written, so a failure leaves the previous report as it was. Two
builds from the same data are byte-for-byte identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..figures import KINDS
from ..words.report import TITLE

if TYPE_CHECKING:
    from ..ledger import ClaimsResult

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called before each step and once at the end."""


@dataclass(frozen=True)
class ReportResult:
    """What :func:`build_report` wrote.

    Attributes
    ----------
    out_dir
        The report folder.
    files
        Every file written, relative to ``out_dir``, sorted.
    charts
        The chart kinds in the report, in order.
    sections
        The section ids of the report, in order.
    """

    out_dir: Path
    files: tuple[str, ...]
    charts: tuple[str, ...]
    sections: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir),
            "files": list(self.files),
            "charts": list(self.charts),
            "sections": list(self.sections),
        }


REPORT_CHARTS = KINDS
"""The report draws every chart kind, in the order of :data:`fr_stats.figures.KINDS`."""

_FIRST_CHARTS = ("studies", "compare", "disparity", "thresholds", "detectability", "pool", "gender")
LEGACY_FILES = frozenset(
    ["index.html", "README.md", "results.json"]
    + [
        f"figures/{k}.{f}"
        for k in _FIRST_CHARTS
        for f in ("svg", "png", "pdf", "txt", "csv", "html")
    ]
)
"""The exact files of a report written before reports listed their files (fr-stats 0.1.0).

A folder without ``.fr-stats-report`` is replaced only when it holds exactly
these, so the reports of that version can still be rebuilt in place.
"""


def build_report(
    out_dir: str | Path,
    *,
    data: Iterable[str | Path] = (),
    progress: Progress | None = None,
    level: float = 0.95,
) -> ReportResult:
    """Write the whole report into ``out_dir``, atomically and deterministically.

    Parameters
    ----------
    out_dir
        The report folder. It is created if missing, and replaced if it is
        empty or holds a previous report and nothing else (see Notes). A
        symbolic link is followed: the folder it points to is replaced and
        the link is kept.
    data
        Extra CSV tables (studies, gender results, claims) added to the
        bundled data.
    progress
        Optional ``progress(step, done, total)`` callback.
    level
        Confidence level of every interval.

    Returns
    -------
    ReportResult

    Raises
    ------
    ForeignFilesError
        When ``out_dir`` holds anything a previous report did not write
        (the message names the first such files); nothing is deleted.
    OutputError
        When ``out_dir`` is a file or cannot be written.

    Notes
    -----
    What is replaced: a previous report is recognised by its
    ``.fr-stats-report``, which lists every file it wrote; the folder is
    replaced only when it holds those files (or some of them) and nothing
    else. A report from before that list existed is recognised by holding
    exactly :data:`LEGACY_FILES`. Anything else there (``notes.txt``,
    ``.git/``, ``CNAME``, another folder, a link) makes the build refuse
    before it starts.

    How: the report is built in ``.NAME.XXXXXXXX.tmp`` beside ``out_dir``
    and, on Linux, exchanged with the previous one in one system call
    (``renameat2(RENAME_EXCHANGE)``), so ``out_dir`` holds a whole report at
    every instant; elsewhere two renames are used, and a run killed between
    them is repaired by the next one. SIGINT, SIGTERM and SIGHUP remove the
    temporary folder; a run killed outright (SIGKILL) leaves it, and the
    next build removes it. See :func:`fr_stats.figures.folder.atomic_folder`.

    Every number comes from the library (:mod:`fr_stats.stats`,
    :mod:`fr_stats.ledger`); the report only arranges and formats them. Tests
    build it twice and compare bytes, and inject a failure mid-build to
    check that the previous report survives.

    Examples
    --------
    >>> import fr_stats, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> result = fr_stats.build_report(out)  # doctest: +SKIP
    >>> (out / "index.html").exists()  # doctest: +SKIP
    True
    """
    from .._version import __version__
    from ..catalog import load
    from ..figures.folder import MANIFEST, atomic_folder, write_bytes
    from ..figures.kinds import BUILDERS
    from ..render import to_json
    from ..stats.common import check_level
    from ..words import report as report_words
    from . import content, sources, writers
    from .drawing import Drawer

    level = check_level(level)
    files_in = tuple(data)
    catalog = load(files_in)
    missing = [k for k in REPORT_CHARTS if k not in BUILDERS or k not in content.SECTION_OF]
    if missing:  # a programming error, never skipped in silence
        raise RuntimeError(f"the report needs chart kinds that are not built: {missing}")
    kinds = list(REPORT_CHARTS)
    total = len(kinds) + 3
    done = 0

    def step(name: str) -> None:
        nonlocal done
        if progress is not None:
            progress(name, done, total)
        done += 1

    target = Path(out_dir)
    written: list[str] = []
    with atomic_folder(target, markers=LEGACY_FILES) as temp, Drawer(temp / "figures") as drawer:
        drawer.folder.mkdir()
        sections: list[content.Section] = []
        names: list[str] = []
        for kind in kinds:
            step(f"chart: {kind}")
            chart = BUILDERS[kind](catalog, (), level=level, data=files_in)
            drawer.draw(chart)  # here, or in a helper process while the next chart is built
            names.append(chart.name)
            sections.append(content.SECTION_OF[kind](chart, level))
        step("claims ledger")
        sections.insert(1, content.claims_section(_claims(files_in)))
        drawn = drawer.finish()
        svgs: dict[str, str] = {}
        for name in names:
            written.extend(f"figures/{name}.{fmt}" for fmt in drawn[name])
            if "svg" in drawn[name]:
                svgs[name] = (drawer.folder / f"{name}.svg").read_bytes().decode()
        sections.append(sources.provenance_section(catalog))
        sections.append(content.methods_section(level, catalog))
        lede = report_words.LEDE
        footer = report_words.footer(__version__, content.data_files(catalog.files))
        step("index.html and README.md")
        pages = {
            "index.html": writers.page(TITLE, lede, sections, svgs, footer, bare=True),
            "README.md": writers.markdown(TITLE, lede, sections, footer),
        }
        for name, body in pages.items():
            write_bytes(temp / name, body.encode())
            written.append(name)
        step("results.json")
        results = {
            "generator": f"fr-stats {__version__}",
            "level": level,
            "data_files": content.data_files(catalog.files),
            "sections": {s.id: s.results for s in sections if s.results},
        }
        write_bytes(temp / "results.json", to_json(results).encode())
        written.extend(["results.json", MANIFEST])  # atomic_folder writes the list
    if progress is not None:
        progress("done", total, total)
    return ReportResult(
        out_dir=target,
        files=tuple(sorted(written)),
        charts=tuple(kinds),
        sections=tuple(s.id for s in sections),
    )


def _claims(data: tuple[str | Path, ...]) -> ClaimsResult:
    """The claims ledger: every claim checked against the loaded data."""
    from ..ledger import claims

    return claims(data=data)
