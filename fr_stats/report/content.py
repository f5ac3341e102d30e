"""What the report says: its sections, tables and methods, built from the library.

Each :class:`Section` holds prose, at most one chart and any number of
tables; the HTML and Markdown writers render the same sections, so the two
files never disagree. Every number comes from a library result; user text
(labels, quotes) is kept raw here and escaped by each writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import text
from ..catalog import Catalog
from ..figures.layout import Chart
from ..render import Column
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


def _pct(value: Any) -> str:
    return "" if value is None else text.pct(float(value))


def _pct2(value: Any) -> str:
    return "" if value is None else text.pct(float(value), 2)


class _NotApplicable:
    """A cell where a number does not apply (a difference has no count of its own)."""

    def __repr__(self) -> str:
        return "—"


NOT_APPLICABLE = _NotApplicable()

LEGEND = (
    "In the tables, — marks a number that does not apply (a difference or a pooled estimate "
    "has no count of its own); unpublished marks a number no source gave."
)


def _count(value: Any) -> str:
    if value is NOT_APPLICABLE:
        return "—"
    return text.count(None if value is None else int(value))


def _not_applicable_counts(row: dict[str, Any]) -> dict[str, Any]:
    """A row of a derived estimate (no study id): its counts do not apply."""
    if row.get("id") in (None, "pooled") and row.get("false_matches") is None:
        row["false_matches"] = row["tested"] = NOT_APPLICABLE
    return row


def _threshold(value: Any) -> str:
    return "unpublished" if value is None else f"{float(value):g}%"


def _range(low: Any, high: Any) -> str:
    if low is None or high is None:
        return ""
    return f"{text.pct(float(low))} to {text.pct(float(high))}"


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def at_level(columns: Sequence[Column], level: float) -> tuple[Column, ...]:
    """The columns with ``{level}`` in their headers filled in (``95%``)."""
    from dataclasses import replace

    lv = text.level_pct(level)
    return tuple(replace(c, header=c.header.replace("{level}", lv)) for c in columns)


def interval_column(low: str = "low", high: str = "high") -> Column:
    return Column(f"{low}:{high}", "interval", justify="right", no_wrap=True)


def with_interval(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Records with an ``interval`` text column built from ``low`` and ``high``."""
    out = []
    for record in records:
        row = dict(record)
        row["interval_text"] = _range(row.get("low"), row.get("high"))
        if str(row.get("interval") or "").startswith("one-sided") and row.get("high") is not None:
            row["interval_text"] = f"below {text.pct(float(row['high']), 2)}"
        out.append(row)
    return tuple(out)


def interval_table(
    caption: str, columns: tuple[Column, ...], records: Iterable[Mapping[str, Any]], key: str
) -> Table:
    """A table whose interval cells point to a footnote naming the method."""
    rows, notes = footnoted(records, key)
    return Table(caption, columns, rows, notes)


# --------------------------------------------------------------------------- #
# Sections from charts
# --------------------------------------------------------------------------- #

STUDY_TABLE = (
    Column("label", "study"),
    Column("threshold", "threshold", _threshold, "right", True),
    Column("false_matches", "false matches", _count, "right", True),
    Column("tested", "people tested", _count, "right", True),
    Column("rate", "rate", _pct, "right", True),
    Column("interval_text", "{level} interval or bound", _plain, "right"),
)


def studies_section(chart: Chart, level: float) -> Section:
    return Section(
        id="studies",
        heading="Every face-matching result",
        paragraphs=(
            "Each study searched photos of public figures against a gallery of arrest photos "
            "with Amazon Rekognition; a false match is a person who was matched to someone "
            "else's photo at or above the confidence threshold. The rate is false matches "
            "divided by people tested; the interval shows the range of rates the counts are "
            "consistent with.",
        ),
        chart=chart,
        tables=(
            interval_table(
                "False-match rates",
                at_level(STUDY_TABLE, level),
                with_interval(chart.records),
                "interval",
            ),
        ),
        results=chart.results,
    )


def thresholds_section(chart: Chart, level: float) -> Section:
    return Section(
        id="thresholds",
        heading="Stricter thresholds",
        paragraphs=(
            "Amazon answered the ACLU that police should use a threshold of at least 95%, then "
            "99%. A reported zero is not proof of a zero rate: with the number of people "
            "tested, it gives an upper bound; without it, nothing can be computed.",
        ),
        chart=chart,
        tables=(
            interval_table(
                "Results by threshold",
                at_level(STUDY_TABLE, level),
                with_interval(chart.records),
                "interval",
            ),
        ),
        results=chart.results,
    )


DETECT_TABLE = (
    Column("label", "study"),
    Column("n_per_group", "people per group", _count, "right", True),
    Column(
        "mde",
        "smallest detectable rise (points)",
        lambda v: text.points(float(v), sign=False),
        "right",
    ),
)


def detectability_section(chart: Chart, level: float) -> Section:
    studies = tuple(r for r in chart.records if r["series"] == "study")
    return Section(
        id="detectability",
        heading="What the studies could detect",
        paragraphs=(
            "A study that finds no statistically significant change has not shown that nothing "
            "changed: it may be too small to see the change. This is the smallest rise in the "
            "false-match rate that two groups of each size would detect four times out of five.",
        ),
        chart=chart,
        tables=(Table("Smallest detectable rise at each study's size", DETECT_TABLE, studies),),
        results=chart.results,
    )


POOL_TABLE = (
    Column("label", "study"),
    Column("false_matches", "false matches", _count, "right", True),
    Column("tested", "people tested", _count, "right", True),
    Column("rate", "rate", _pct, "right", True),
    Column("interval_text", "{level} interval", _plain, "right"),
    Column("weight", "weight", lambda v: "" if v is None else text.pct(float(v), 0), "right"),
)


def pool_section(chart: Chart, level: float) -> Section:
    d = chart.results
    prediction = (
        f" The prediction interval, {_range(d.get('pi_low'), d.get('pi_high'))}, is where a "
        "new study like these would be expected to land."
        if d.get("pi_low") is not None
        else ""
    )
    return Section(
        id="pool",
        heading="All audits together",
        paragraphs=(
            str(d.get("verdict", "")),
            "The rates are pooled on the log-odds scale with a random-effects model, which "
            "allows each study its own true rate (different galleries, photos and people)."
            + prediction,
            LEGEND,
        ),
        chart=chart,
        tables=(
            Table(
                "Pooled estimate",
                at_level(POOL_TABLE, level),
                tuple(_not_applicable_counts(r) for r in with_interval(chart.records)),
            ),
        ),
        results=chart.results,
    )


def read_in(source: str) -> str:
    """``'Axios, https://… (secondary source)'`` from ``'secondary: Axios, https://…'``."""
    if not source:
        return "the study's own page"
    for hand in ("secondary", "tertiary"):
        if source.startswith(f"{hand}: "):
            return f"{source[len(hand) + 2 :]} ({hand} source)"
    return source


GENDER_TABLE = (
    Column("citation", "study"),
    Column("system", "system"),
    Column("subgroup", "group"),
    Column("error_rate_percent", "error rate", lambda v: f"{float(v):g}%", "right", True),
    Column("subjects", "faces", _count, "right", True),
    Column("read_in", "read in", lambda v: read_in(str(v or ""))),
)


def gender_section(chart: Chart, level: float) -> Section:
    return Section(
        id="gender",
        heading="A different task: gender classification",
        paragraphs=(
            "These audits asked a different question from the studies above: not whether a "
            "face was matched to the wrong person, but whether its gender was classified "
            "correctly. Their error rates are never compared or pooled with face-matching "
            "rates. The number of faces in each group was not found in any source read, so "
            "no interval is given.",
        ),
        chart=chart,
        tables=(
            Table("Gender-classification error rates, as published", GENDER_TABLE, chart.records),
        ),
        results=chart.results,
    )


DISPARITY_TABLE = (
    Column("measure", "measure"),
    Column("group", "group"),
    Column(
        "estimate",
        "estimate",
        lambda v: (
            "" if v is None else (text.number(float(v), 2) if float(v) > 1 else text.pct(float(v)))
        ),
        "right",
        True,
    ),
    Column("interval_text", "{level} interval", _plain, "right"),
)


def _ratio_interval(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    out = []
    for row in with_interval(records):
        if row["measure"].startswith("rate ratio") and row.get("low") is not None:
            row["interval_text"] = f"{text.number(row['low'], 2)} to {text.number(row['high'], 2)}"
        out.append(row)
    return tuple(out)


def disparity_section(chart: Chart, level: float) -> Section:
    d = chart.results
    return Section(
        id="disparity",
        heading="Did the errors fall unevenly?",
        paragraphs=(
            str(d.get("verdict", "")),
            "The group rates are derived: the number of people of color in Congress was not "
            "published, only a rounded share, so group sizes are computed from it. The "
            "sensitivity range repeats the test for every share that rounds to the published "
            "figure.",
        ),
        chart=chart,
        tables=(
            interval_table(
                "Shares, derived rates and their ratio",
                at_level(DISPARITY_TABLE, level),
                _ratio_interval(chart.records),
                "method",
            ),
        ),
        results=chart.results,
    )


COMPARE_TABLE = (
    Column("measure", "measure"),
    Column("label", "study"),
    Column("false_matches", "false matches", _count, "right", True),
    Column("tested", "people tested", _count, "right", True),
    Column("estimate_text", "estimate", _plain, "right", True),
    Column("interval_text", "{level} interval", _plain, "right"),
)

TEST_TABLE = (
    Column("name", "test"),
    Column(
        "statistic", "statistic", lambda v: "" if v is None else text.number(float(v), 3), "right"
    ),
    Column("pvalue", "p-value", lambda v: "" if v is None else text.pvalue(float(v)), "right"),
)


def _compare_records(records: Iterable[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    out = []
    for row in with_interval(records):
        if row["measure"].startswith("difference"):
            _not_applicable_counts(row)
            row["estimate_text"] = f"{text.points(row['estimate'])} points"
            row["interval_text"] = f"{text.points(row['low'])} to {text.points(row['high'])}"
        else:
            row["estimate_text"] = _pct(row["estimate"])
        out.append(row)
    return tuple(out)


def compare_section(chart: Chart, level: float) -> Section:
    d = chart.results
    return Section(
        id="compare",
        heading="Did anything change between the two Congress tests?",
        paragraphs=(
            str(d.get("comparison", "")),
            str(d.get("verdict", "")),
            LEGEND,
        ),
        chart=chart,
        tables=(
            interval_table(
                "Rates and the change",
                at_level(COMPARE_TABLE, level),
                _compare_records(chart.records),
                "method",
            ),
            Table("Tests of no change", TEST_TABLE, tuple(d.get("tests", ()))),
        ),
        results=chart.results,
    )


def _per_million(value: Any) -> str:
    from ..words.live import per_million_number

    return "" if value is None else per_million_number(float(value))


def _share(value: Any) -> str:
    from ..words.live import digits

    return "" if value is None else text.pct(float(value), digits(float(value)))


ALERTS_TABLE = (
    Column("label", "deployment"),
    Column("false_alerts", "false alerts", _count, "right", True),
    Column("alerts", "alerts", _count, "right", True),
    Column("rate", "share false", _share, "right", True),
    Column("interval_text", "{level} interval or bound", _plain, "right"),
    Column("faces_scanned", "faces scanned", _count, "right", True),
    Column("false_per_face", "false per million faces", _per_million, "right", True),
)


def alerts_section(chart: Chart, level: float) -> Section:
    from ..words.live import DEFINITION

    return Section(
        id="alerts",
        heading="A different task: police live facial recognition",
        paragraphs=(
            "Police cameras scan passers-by against a watchlist and raise an alert when a face "
            "scores at or above the threshold. These results count false alerts among alerts, "
            "not people searched who got a false match, so they are never compared or pooled "
            "with the face-matching rates above. " + DEFINITION,
            "Where the number of faces scanned was published, the two denominators tell "
            "different stories: a share of alerts answers how often a person stopped was the "
            "wrong one; a share of faces scanned is small because almost no one scanned raises "
            "an alert at all.",
        ),
        chart=chart,
        tables=(
            Table(
                "False alerts among alerts, by deployment",
                at_level(ALERTS_TABLE, level),
                with_interval(chart.records),
            ),
        ),
        results=chart.results,
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
# Claims, provenance, methods
# --------------------------------------------------------------------------- #

CLAIM_TABLE = (
    Column("quote", "claim (verbatim)"),
    Column("said_by", "said by"),
    Column("verdict", "verdict", no_wrap=True),
    Column("reason", "why"),
)


def claims_section(ledger: ClaimsResult) -> Section:
    counts: dict[str, int] = {}
    for check in ledger.checks:
        counts[check.verdict] = counts.get(check.verdict, 0) + 1
    records = tuple(
        {
            "quote": check.claim.quote,
            "said_by": check.claim.said_by,
            "verdict": check.verdict,
            "reason": check.reason,
        }
        for check in ledger.checks
    )
    summary = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
    return Section(
        id="claims",
        heading="Claims ledger",
        paragraphs=(
            f"What was printed about these studies, re-checked against the published counts: "
            f"{summary}.",
        ),
        tables=(Table("Claims and verdicts", CLAIM_TABLE, records, row_header=False),),
        results=ledger.to_dict(),
    )


REFERENCES: tuple[tuple[str, str], ...] = (
    ("Wilson, E. B. (1927). Probable inference, the law of succession, and statistical "
     "inference. Journal of the American Statistical Association 22, 209–212.",
     "https://doi.org/10.1080/01621459.1927.10502953"),
    ("Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial limits "
     "illustrated in the case of the binomial. Biometrika 26, 404–413.",
     "https://doi.org/10.1093/biomet/26.4.404"),
    ("Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial "
     "proportion. Statistical Science 16, 101–133.",
     "https://doi.org/10.1214/ss/1009213286"),
    ("Newcombe, R. G. (1998). Interval estimation for the difference between independent "
     "proportions: comparison of eleven methods. Statistics in Medicine 17, 873–890.",
     "https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<873::AID-SIM779>3.0.CO;2-I"),
    ("DerSimonian, R. & Laird, N. (1986). Meta-analysis in clinical trials. Controlled "
     "Clinical Trials 7, 177–188.", "https://doi.org/10.1016/0197-2456(86)90046-2"),
    ("Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance estimators in the "
     "random-effects model. Journal of Educational and Behavioral Statistics 30, 261–293.",
     "https://doi.org/10.3102/10769986030003261"),
    ("Higgins, J. P. T., Thompson, S. G. & Spiegelhalter, D. J. (2009). A re-evaluation of "
     "random-effects meta-analysis. Journal of the Royal Statistical Society A 172, 137–159.",
     "https://doi.org/10.1111/j.1467-985X.2008.00552.x"),
    ("Hoenig, J. M. & Heisey, D. M. (2001). The abuse of power. The American Statistician "
     "55, 19–24.", "https://doi.org/10.1198/000313001300339897"),
    ("Okabe, M. & Ito, K. (2008). Color Universal Design: how to make figures and "
     "presentations that are friendly to colorblind people.", "https://jfly.uni-koeln.de/color/"),
)  # fmt: skip


def _data_caveats(catalog: Catalog) -> list[str]:
    """Caveats read from the loaded data: averaged counts, the same people tested twice."""
    rows = [s for s in catalog.studies if s.subgroup == "all" and s.default and not s.adhoc]
    out = []
    averaged = [f"{s.label} ({s.k:,})" for s in rows if s.false_matches.kind == "average"]
    if averaged:
        out.append(
            "The false matches of "
            + text.listing(averaged)
            + " are averages over repeated runs; each is analysed as one count."
        )
    by_people: dict[str, list[str]] = {}
    for s in rows:
        by_people.setdefault(s.population, [])
        if s.label not in by_people[s.population]:
            by_people[s.population].append(s.label)
    for population, labels in by_people.items():
        if len(labels) > 1:
            out.append(
                f"{text.listing(labels)} tested largely the same people "
                f"({text.lower_first(population)}), so tests and pooled intervals "
                "that treat them as independent samples are approximate and too narrow."
            )
    return out


def methods_section(level: float, catalog: Catalog | None = None) -> Section:
    from ..words.rate import CENSUS

    lv = text.level_pct(level)
    caveats = _data_caveats(catalog) if catalog is not None else []
    return Section(
        id="methods",
        heading="Methods",
        paragraphs=(
            f"Rates and intervals. A false-match rate is the number of people falsely matched "
            f"divided by the number tested. Its {lv} confidence interval is Wilson's score "
            "interval, which keeps good coverage for small counts and rates near zero (Brown, "
            "Cai & DasGupta 2001). A count of zero gets its one-sided exact (Clopper–Pearson) "
            f"upper bound at {lv}. Where the number tested was never published, no rate, "
            "interval or bound is given. " + CENSUS,
            "Comparisons. The change from study A to study B is B − A with Newcombe's hybrid "
            "score interval (his method 10); the tests are Pearson's chi-square and Fisher's "
            "exact test, as R computes them.",
            "Detectability. The smallest detectable change uses the normal approximation of "
            "R's power.prop.test: two groups of equal size, a two-sided test at the "
            f"{lv} confidence level and 80% power. Observed power is not reported "
            "(Hoenig & Heisey 2001).",
            "Pooling. Rates are pooled as log odds with a random-effects model (τ², the "
            "between-study variance, estimated by restricted maximum likelihood; Viechtbauer "
            "2005), checked against R's metafor. The prediction interval follows Higgins, "
            "Thompson & Spiegelhalter (2009).",
            " ".join(
                [
                    "Caveats.",
                    *caveats,
                    "Results at different thresholds, with different galleries or of different "
                    "people are not like for like, and every comparison of them says so. Gender "
                    "classification is a different task and is never compared with face matching.",
                ]
            ),
            "Charts use the Okabe–Ito colour-blind-safe palette and DejaVu Sans, and are "
            "written byte-for-byte the same on every run.",
        ),
        links=REFERENCES,
    )


def data_files(files: Sequence[str | Path]) -> list[str]:
    """The names of the loaded tables (never absolute paths, which differ by machine)."""
    return [Path(f).name for f in files]
