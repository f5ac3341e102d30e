"""What the report says: its sections, tables and methods, built from the library.

Each :class:`Section` holds prose, at most one chart and any number of
tables; the HTML and Markdown writers render the same sections, so the two
files never disagree. Every number comes from a library result, read from
the typed result a chart was drawn from (:attr:`Chart.analysis`) or from
the chart's rows; every heading, paragraph and caption comes from
:mod:`fr_stats.words.report`. This module only arranges them. User text
(labels, quotes) is kept raw here and escaped by each writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .. import text
from ..analysis.compare import CompareResult
from ..analysis.disparity import DisparityResult
from ..analysis.pool import PoolResult
from ..catalog import Catalog
from ..figures.layout import Chart
from ..render import Column
from ..words import report as words
from . import cells
from .footnotes import footnoted

if TYPE_CHECKING:
    from ..ledger import ClaimsResult


@dataclass(frozen=True)
class Table:
    """A result table: records and how to show each column."""

    caption: str
    columns: tuple[Column, ...]
    records: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...] = ()
    """Lines printed under the table (the footnotes its cells point to)."""
    row_header: bool = True
    """The first column names the row (a study, a measure)."""


@dataclass(frozen=True)
class Quoted:
    """One verbatim quote (or, for derived numbers, formula) and the numbers read in it."""

    facts: tuple[str, ...]
    """``'false matches (Patriots): 14'``: what was read, in words."""
    quote: str
    read_in: str
    """Where the quote was read: a description that may hold web addresses."""
    formula: bool = False


@dataclass(frozen=True)
class Disagreement:
    """Two sources that give different values for one number, and which is used."""

    number: str
    used: str
    other: str
    other_source: str
    other_quote: str
    why: str


@dataclass(frozen=True)
class Sources:
    """Where every number of one study came from: each quote once."""

    name: str
    citation: str
    url: str
    quoted: tuple[Quoted, ...]
    unpublished: tuple[str, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True)
class Section:
    """One section of the report."""

    id: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    chart: Chart | None = None
    tables: tuple[Table, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    """``(text, url)`` pairs listed under the prose (references, sources)."""
    sources: tuple[Sources, ...] = ()
    """Per-study provenance, shown folded (one ``<details>`` per study)."""
    results: Mapping[str, Any] = field(default_factory=dict)


def interval_table(
    caption: str, columns: tuple[Column, ...], records: Iterable[Mapping[str, Any]], key: str
) -> Table:
    """A table whose interval cells point to a footnote naming the method."""
    rows, notes = footnoted(records, key)
    return Table(caption, columns, rows, notes)


# --------------------------------------------------------------------------- #
# Sections from charts: one shape, the words of words/report.py
# --------------------------------------------------------------------------- #


class Rows(NamedTuple):
    """The rows of one table of a section, how to show them, and the record key naming
    the method each interval cell points to in a footnote (none when empty)."""

    columns: tuple[Column, ...]
    records: Iterable[Mapping[str, Any]]
    footnote: str = ""


def chart_section(chart: Chart, level: float, prose: words.Prose, *tables: Rows) -> Section:
    """A section around ``chart``: its words, the chart, one table per caption, and the
    chart's results for ``results.json``."""
    built = []
    for caption, rows in zip(prose.captions, tables, strict=True):
        columns = cells.at_level(rows.columns, level)
        if rows.footnote:
            built.append(interval_table(caption, columns, rows.records, rows.footnote))
        else:
            built.append(Table(caption, columns, tuple(rows.records)))
    return Section(
        id=chart.kind,
        heading=prose.heading,
        paragraphs=prose.paragraphs,
        chart=chart,
        tables=tuple(built),
        results=chart.results,
    )


Analysis = TypeVar("Analysis", CompareResult, DisparityResult, PoolResult)


def analysis_of(chart: Chart, kind: type[Analysis]) -> Analysis:
    """The typed result ``chart`` was drawn from."""
    if not isinstance(chart.analysis, kind):
        raise TypeError(f"the {chart.kind} chart was not drawn from a {kind.__name__}")
    return chart.analysis


STUDY_TABLE = (
    Column("label", "study"),
    Column("threshold", "threshold", words.threshold_cell, "right", True),
    Column("false_matches", "false matches", cells.count, "right", True),
    Column("tested", "people tested", cells.count, "right", True),
    Column("rate", "rate", cells.pct, "right", True),
    Column("interval_text", "{level} interval or bound", cells.plain, "right"),
)


def studies_section(chart: Chart, level: float) -> Section:
    rows = Rows(STUDY_TABLE, cells.with_interval(chart.records), "interval")
    return chart_section(chart, level, words.studies(), rows)


def thresholds_section(chart: Chart, level: float) -> Section:
    rows = Rows(STUDY_TABLE, cells.with_interval(chart.records), "interval")
    return chart_section(chart, level, words.thresholds(), rows)


DETECT_TABLE = (
    Column("label", "study"),
    Column("n_per_group", "people per group", cells.count, "right", True),
    Column("mde", "smallest detectable rise (points)", cells.points, "right"),
)


def detectability_section(chart: Chart, level: float) -> Section:
    studies = tuple(r for r in chart.records if r["series"] == "study")
    return chart_section(chart, level, words.detectability(), Rows(DETECT_TABLE, studies))


POOL_TABLE = (
    Column("label", "study"),
    Column("false_matches", "false matches", cells.count, "right", True),
    Column("tested", "people tested", cells.count, "right", True),
    Column("rate", "rate", cells.pct, "right", True),
    Column("interval_text", "{level} interval", cells.plain, "right"),
    Column("weight", "weight", cells.whole_pct, "right"),
)


def pool_section(chart: Chart, level: float) -> Section:
    rows = tuple(cells.not_applicable_counts(r) for r in cells.with_interval(chart.records))
    prose = words.pool(analysis_of(chart, PoolResult))
    return chart_section(chart, level, prose, Rows(POOL_TABLE, rows))


GENDER_TABLE = (
    Column("citation", "study"),
    Column("system", "system"),
    Column("subgroup", "group"),
    Column("error_rate_percent", "error rate", text.figure_pct, "right", True),
    Column("subjects", "faces", cells.count, "right", True),
    Column("read_in", "read in", cells.read_in),
)


def gender_section(chart: Chart, level: float) -> Section:
    return chart_section(chart, level, words.gender(), Rows(GENDER_TABLE, chart.records))


DISPARITY_TABLE = (
    Column("measure", "measure"),
    Column("group", "group"),
    Column("estimate", "estimate", cells.estimate, "right", True),
    Column("interval_text", "{level} interval", cells.plain, "right"),
)


def disparity_section(chart: Chart, level: float) -> Section:
    prose = words.disparity(analysis_of(chart, DisparityResult))
    rows = Rows(DISPARITY_TABLE, cells.ratio_interval(chart.records), "method")
    return chart_section(chart, level, prose, rows)


COMPARE_TABLE = (
    Column("measure", "measure"),
    Column("label", "study"),
    Column("false_matches", "false matches", cells.count, "right", True),
    Column("tested", "people tested", cells.count, "right", True),
    Column("estimate_text", "estimate", cells.plain, "right", True),
    Column("interval_text", "{level} interval", cells.plain, "right"),
)

TEST_TABLE = (
    Column("name", "test"),
    Column("statistic", "statistic", cells.statistic, "right"),
    Column("pvalue", "p-value", cells.pvalue, "right"),
)


def compare_section(chart: Chart, level: float) -> Section:
    result = analysis_of(chart, CompareResult)
    tests = tuple(
        {"name": t.name, "statistic": t.statistic, "pvalue": t.pvalue} for t in result.tests
    )
    return chart_section(
        chart,
        level,
        words.compare(result),
        Rows(COMPARE_TABLE, cells.compare_records(chart.records), "method"),
        Rows(TEST_TABLE, tests),
    )


ALERTS_TABLE = (
    Column("label", "deployment"),
    Column("false_alerts", "false alerts", cells.count, "right", True),
    Column("alerts", "alerts", cells.count, "right", True),
    Column("rate", "share false", cells.share, "right", True),
    Column("interval_text", "{level} interval or bound", cells.plain, "right"),
    Column("faces_scanned", "faces scanned", cells.count, "right", True),
    Column("false_per_face", "false per million faces", cells.per_million, "right", True),
)


def alerts_section(chart: Chart, level: float) -> Section:
    return chart_section(
        chart, level, words.alerts(), Rows(ALERTS_TABLE, cells.with_interval(chart.records))
    )


SECTION_OF: dict[str, Callable[[Chart, float], Section]] = {
    "compare": compare_section,
    "disparity": disparity_section,
    "studies": studies_section,
    "thresholds": thresholds_section,
    "detectability": detectability_section,
    "pool": pool_section,
    "gender": gender_section,
    "alerts": alerts_section,
}


# --------------------------------------------------------------------------- #
# Claims, methods
# --------------------------------------------------------------------------- #

CLAIM_TABLE = (
    Column("quote", "claim (verbatim)"),
    Column("said_by", "said by"),
    Column("verdict", "verdict", no_wrap=True),
    Column("reason", "why"),
)


def claims_section(ledger: ClaimsResult) -> Section:
    records = tuple(
        {
            "quote": check.claim.quote,
            "said_by": check.claim.said_by,
            "verdict": check.verdict,
            "reason": check.reason,
        }
        for check in ledger.checks
    )
    prose = words.claims(check.verdict for check in ledger.checks)
    return Section(
        id="claims",
        heading=prose.heading,
        paragraphs=prose.paragraphs,
        tables=(Table(prose.captions[0], CLAIM_TABLE, records, row_header=False),),
        results=ledger.to_dict(),
    )


def methods_section(level: float, catalog: Catalog | None = None) -> Section:
    """How every number was computed, with the caveats of the loaded data (averaged
    counts, the same people tested twice) when ``catalog`` is given."""
    studies = [] if catalog is None else catalog.studies
    rows = [s for s in studies if s.subgroup == "all" and s.default and not s.adhoc]
    prose = words.methods(level, words.data_caveats(rows))
    return Section(
        id="methods",
        heading=prose.heading,
        paragraphs=prose.paragraphs,
        links=words.REFERENCES,
    )


def data_files(files: Sequence[str | Path]) -> list[str]:
    """The names of the loaded tables (never absolute paths, which differ by machine)."""
    return [Path(f).name for f in files]
