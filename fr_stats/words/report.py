"""The report's words: each section's heading, paragraphs and table captions, the
legend of its tables, the claims summary, the methods and the references.

Sections that carry a finding take it from the typed result (a pool's or a
disparity's verdict, a comparison's words from :mod:`fr_stats.words.change`);
numbers are formatted by :mod:`fr_stats.text`. :mod:`fr_stats.report.content`
only arranges what is worded here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import text
from . import change
from .live import DEFINITION
from .rate import CENSUS

if TYPE_CHECKING:
    from ..analysis.compare import CompareResult
    from ..analysis.disparity import DisparityResult
    from ..analysis.pool import PoolResult
    from ..catalog import Study


@dataclass(frozen=True)
class Prose:
    """A section's heading, its paragraphs and the captions of its tables, in order."""

    heading: str
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()


LEGEND = (
    "In the tables, — marks a number that does not apply (a difference or a pooled estimate "
    "has no count of its own); unpublished marks a number no source gave."
)

NOT_APPLICABLE = "—"
"""A cell where a number does not apply (a difference has no count of its own)."""

UNPUBLISHED = "unpublished"
"""A cell where no source gave the number (a threshold)."""


# --------------------------------------------------------------------------- #
# Table cells
# --------------------------------------------------------------------------- #


TITLE = "Face-recognition misidentification: what the published studies show"
"""The report's title."""

LEDE = (
    "Published audits of Amazon Rekognition's face matching, re-analysed: each "
    "false-match rate with its uncertainty, what changed between studies, what the "
    "studies could and could not detect, and whether what was printed about them "
    "holds up. Every number links back to the sentence it was read in. Police live "
    "facial recognition, which counts false alerts among alerts, is kept apart in its "
    "own section.",
)
"""The report's opening paragraph."""


def footer(version: str, data_files: Sequence[str]) -> str:
    """The report's last line: what built it, from which tables, and how to rebuild it."""
    return (
        f"Built by fr-stats {version} from {', '.join(data_files)}. Rebuild with "
        "`make report`; the same data give the same bytes."
    )


def threshold_cell(percent: float | None) -> str:
    """A published threshold (``'80%'``, ``'99.9%'``), or that none was published."""
    return UNPUBLISHED if percent is None else text.figure_pct(percent)


def range_cell(low: float | None, high: float | None) -> str:
    """``'4.3% to 8.4%'``; empty where either end is missing."""
    if low is None or high is None:
        return ""
    return f"{text.pct(low)} to {text.pct(high)}"


def points_cell(estimate: float) -> str:
    """A difference in percentage points: ``'+0.8 points'``."""
    return f"{text.points(estimate)} points"


def points_range_cell(low: float, high: float) -> str:
    """An interval of a difference in points: ``'−1.2 to +2.9'``."""
    return text.points_range(low, high)


def ratio_range_cell(low: float, high: float) -> str:
    """An interval of a rate ratio: ``'1.20 to 3.40'``."""
    return f"{text.number(low, 2)} to {text.number(high, 2)}"


def read_in(source: str) -> str:
    """``'Axios, https://… (secondary source)'`` from ``'secondary: Axios, https://…'``."""
    if not source:
        return "the study's own page"
    for hand in ("secondary", "tertiary"):
        if source.startswith(f"{hand}: "):
            return f"{source[len(hand) + 2 :]} ({hand} source)"
    return source


# --------------------------------------------------------------------------- #
# Sections drawn from charts
# --------------------------------------------------------------------------- #


def studies() -> Prose:
    return Prose(
        "Every face-matching result",
        (
            "Each study searched photos of public figures against a gallery of arrest photos "
            "with Amazon Rekognition; a false match is a person who was matched to someone "
            "else's photo at or above the confidence threshold. The rate is false matches "
            "divided by people tested; the interval shows the range of rates the counts are "
            "consistent with.",
        ),
        ("False-match rates",),
    )


def thresholds() -> Prose:
    return Prose(
        "Stricter thresholds",
        (
            "Amazon answered the ACLU that police should use a threshold of at least 95%, then "
            "99%. A reported zero is not proof of a zero rate: with the number of people "
            "tested, it gives an upper bound; without it, nothing can be computed.",
        ),
        ("Results by threshold",),
    )


def detectability() -> Prose:
    return Prose(
        "What the studies could detect",
        (
            "A study that finds no statistically significant change has not shown that nothing "
            "changed: it may be too small to see the change. This is the smallest rise in the "
            "false-match rate that two groups of each size would detect four times out of five.",
        ),
        ("Smallest detectable rise at each study's size",),
    )


def pool(result: PoolResult) -> Prose:
    prediction = (
        f" The prediction interval, {range_cell(result.pi_low, result.pi_high)}, is where a "
        "new study like these would be expected to land."
        if result.pi_low is not None
        else ""
    )
    return Prose(
        "All audits together",
        (
            result.verdict,
            "The rates are pooled on the log-odds scale with a random-effects model, which "
            "allows each study its own true rate (different galleries, photos and people)."
            + prediction,
            LEGEND,
        ),
        ("Pooled estimate",),
    )


def gender() -> Prose:
    return Prose(
        "A different task: gender classification",
        (
            "These audits asked a different question from the studies above: not whether a "
            "face was matched to the wrong person, but whether its gender was classified "
            "correctly. Their error rates are never compared or pooled with face-matching "
            "rates. The number of faces in each group was not found in any source read, so "
            "no interval is given.",
        ),
        ("Gender-classification error rates, as published",),
    )


def disparity(result: DisparityResult) -> Prose:
    return Prose(
        "Did the errors fall unevenly?",
        (
            result.verdict,
            "The group rates are derived: the number of people of color in Congress was not "
            "published, only a rounded share, so group sizes are computed from it. The "
            "sensitivity range repeats the test for every share that rounds to the published "
            "figure.",
        ),
        ("Shares, derived rates and their ratio",),
    )


def compare(result: CompareResult) -> Prose:
    return Prose(
        "Did anything change between the two Congress tests?",
        (change.comparison(result.comparability), result.verdict, LEGEND),
        ("Rates and the change", "Tests of no change"),
    )


def alerts() -> Prose:
    return Prose(
        "A different task: police live facial recognition",
        (
            "Police cameras scan passers-by against a watchlist and raise an alert when a face "
            "scores at or above the threshold. These results count false alerts among alerts, "
            "not people searched who got a false match, so they are never compared or pooled "
            "with the face-matching rates above. " + DEFINITION,
            "Where the number of faces scanned was published, the two denominators tell "
            "different stories: a share of alerts answers how often a person stopped was the "
            "wrong one; a share of faces scanned is small because almost no one scanned raises "
            "an alert at all.",
        ),
        ("False alerts among alerts, by deployment",),
    )


# --------------------------------------------------------------------------- #
# Claims, methods, references
# --------------------------------------------------------------------------- #


def claims(verdicts: Iterable[str]) -> Prose:
    """The claims ledger's heading and its count of each verdict."""
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict] = counts.get(verdict, 0) + 1
    summary = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
    return Prose(
        "Claims ledger",
        (
            f"What was printed about these studies, re-checked against the published counts: "
            f"{summary}.",
        ),
        ("Claims and verdicts",),
    )


def data_caveats(rows: Sequence[Study]) -> list[str]:
    """Caveats of the loaded results: averaged counts, the same people tested twice."""
    out = []
    averaged = [f"{s.label} ({text.count(s.k)})" for s in rows if s.false_matches.kind == "average"]
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


def methods(level: float, caveats: Sequence[str]) -> Prose:
    """How every number of the report was computed, at ``level``, and its caveats."""
    lv = text.level_pct(level)
    return Prose(
        "Methods",
        (
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
"""The works the methods cite, each with its address."""
