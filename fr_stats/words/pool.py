"""How a pool of rates is worded: method names, verdict, warnings and notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import text

if TYPE_CHECKING:
    from ..analysis.pool import PooledStudy, PoolResult
    from ..catalog import Study

METHOD_LABELS: dict[str, str] = {
    "reml": "random effects, REML",
    "dl": "random effects, DerSimonian–Laird",
    "pm": "random effects, Paule–Mandel",
    "fixed": "fixed effect (inverse variance)",
}
"""The name of each of :data:`fr_stats.stats.pool.METHODS`, for tables and JSON."""

HETEROGENEITY_RULE = (
    "The studies disagree substantially when I² is 50% or more or Cochran's Q test gives "
    "p below 0.10 (Higgins & Thompson 2002; Cochrane Handbook 10.10.2)."
)
"""The one rule that decides whether a pool leads with the disagreement
(:func:`fr_stats.stats.pool.heterogeneous`)."""

ZERO_RULE = (
    "A study with 0 false matches (or all false matches) has 1/2 added to both of its cells "
    "before taking logits, as metafor's default (add = 1/2, to = 'only0')."
)


def _heterogeneous(r: PoolResult) -> bool:
    from ..stats.pool import heterogeneous

    return heterogeneous(r.i2, r.q_pvalue)


def _disagree(r: PoolResult) -> bool:
    """The studies disagree and a prediction interval says how much."""
    return _heterogeneous(r) and r.pi_low is not None and r.pi_high is not None


def headline(r: PoolResult, *, studies: str = "audits", subject: str = "people tested") -> str:
    """A chart title: the disagreement first when the studies disagree substantially."""
    if _disagree(r):
        low, high = r.pi_low or 0.0, r.pi_high or 0.0
        places = _title_places(low)
        return (
            f"The {studies} disagree: a new one like these could find anywhere from "
            f"{text.pct(low, places)} to {text.pct(high, places)}"
        )
    return f"Pooled, {text.pct(r.estimate, _title_places(r.estimate))} of {subject} were falsely matched"


def _title_places(smallest: float) -> int:
    """Whole percents in a title, unless that would round a rate below 1% up or to 0%."""
    if smallest <= 0 or smallest >= 0.01:
        return 0
    return text.decimals(smallest, significant=1, smallest=True)


def verdict(r: PoolResult) -> str:
    """Plain-language summary of what the pool says; the disagreement first when it is
    substantial (:data:`HETEROGENEITY_RULE`)."""
    lv = text.level_pct(r.level)
    what = "fixed-effect" if r.method == "fixed" else "random-effects"
    interval = "Hartung–Knapp " if r.hartung_knapp else ""
    mean = (
        f"Pooling {r.k} results ({what}), the false-match rate is "
        f"{text.pct(r.estimate)} ({lv} {interval}CI {text.pct(r.low)} to {text.pct(r.high)})."
    )
    p_text = text.p_is(r.q_pvalue)
    spread = f"Q = {text.number(r.q, 1)} on {r.q_df} df, {p_text}; I² = {text.pct(r.i2, 0)}"
    if _disagree(r):
        return (
            f"The studies disagree ({spread}): a new study like these would be expected to "
            f"find anywhere from {text.pct(r.pi_low)} to {text.pct(r.pi_high)}. The average "
            f"comes second: {mean[0].lower()}{mean[1:]}"
        )
    if _heterogeneous(r):  # a fixed effect: no prediction interval to show the spread
        return (
            f"The studies disagree ({spread}), and a fixed-effect average assumes they do "
            f"not: {mean[0].lower()}{mean[1:]}"
        )
    line = mean
    if r.method != "fixed" and r.pi_low is not None and r.pi_high is not None:
        line += (
            f" A new study like these would be expected to find between "
            f"{text.pct(r.pi_low)} and {text.pct(r.pi_high)}."
        )
    line += (
        f" The test does not detect disagreement beyond chance ({spread}), though with "
        f"{r.k} studies it has little power."
    )
    return line


def left_out(excluded: Sequence[tuple[Study, str]]) -> list[str]:
    """Why each whole-population result is not in the default pool."""
    if not excluded:
        return []
    by_reason: dict[str, list[str]] = {}
    for study, reason in excluded:
        by_reason.setdefault(reason, []).append(
            study.label + ("" if study.default else f" at {study.threshold_label}")
        )
    parts = [f"{', '.join(labels)} ({reason})" for reason, labels in by_reason.items()]
    return ["Left out of the default pool: " + "; ".join(parts) + "."]


def notes(
    method: str, tau2: float, k: int, hartung_knapp: bool, corrected: Sequence[str]
) -> list[str]:
    """How the pool was made and what its numbers cannot say."""
    out = [
        "Rates are pooled as log odds (logits) and turned back into rates; each study's "
        "interval is its own Wald interval on that scale.",
    ]
    if corrected:
        out.append(f"{ZERO_RULE} Corrected: {', '.join(corrected)}.")
    if method != "fixed" and tau2 == 0:
        out.append(
            "τ² is estimated at 0 (its lower bound): the random-effects result equals the "
            "fixed-effect one, but that is an estimate, not a proof that the studies agree."
        )
    if hartung_knapp:
        out.append(
            f"Intervals use the Hartung–Knapp adjustment (t on {k - 1} df), the default for "
            "fewer than 10 studies: the normal interval is too narrow with few studies "
            "(--no-hartung-knapp gives it)."
        )
    if method != "fixed" and k < 5:
        out.append(
            f"With only {k} studies, τ² and the prediction interval are very imprecise"
            + ("; the Hartung–Knapp adjustment is safer." if not hartung_knapp else ".")
        )
    if method == "fixed":
        out.append(
            "A fixed-effect estimate assumes every study measured the same rate; it has no "
            "prediction interval."
        )
    return out


def warnings(studies: Sequence[Study]) -> list[str]:
    """Where the pooled results differ in ways the model does not allow for."""
    out = []
    thresholds = {s.threshold.value for s in studies}
    if len(thresholds) > 1:
        shown = ", ".join(f"{s.ref} {s.threshold_label}" for s in studies)
        out.append(
            f"The studies used different (or unpublished) thresholds ({shown}); a rate "
            "depends on its threshold, so the pool mixes different quantities."
        )
    galleries = {s.gallery.value for s in studies}
    if len(galleries) > 1:
        shown = ", ".join(
            f"{s.ref} {text.count(None if s.gallery.value is None else int(s.gallery.value))}"
            for s in studies
        )
        out.append(
            f"The studies searched galleries of different (or unpublished) sizes ({shown}); "
            "a larger gallery gives more chances of a false match."
        )
    systems = {s.system for s in studies if not s.adhoc}
    if len(systems) > 1:
        out.append(f"The studies tested different systems ({', '.join(sorted(systems))}).")
    by_population: dict[str, list[str]] = {}
    for s in studies:
        if not s.adhoc:
            by_population.setdefault(s.population, []).append(s.label)
    for population, refs in by_population.items():
        if len(refs) > 1:
            out.append(
                f"{' and '.join(refs)} tested largely the same people, "
                f"{text.lower_first(population)}, but the model treats them as independent, "
                "so the interval is too narrow."
            )
    return out


# --------------------------------------------------------------------------- #
# The forest plot
# --------------------------------------------------------------------------- #


def chart_subtitle(method: str) -> str:
    if method == "fixed":
        return "What do the audits say together? A fixed-effect pooled false-match rate"
    return "What do the audits say together? A random-effects meta-analysis of the false-match rate"


def study_detail(s: PooledStudy) -> str:
    """``'28 of 535 · weight 40% · 5.2% (3.6–7.5%)'``."""
    return (
        f"{text.count(s.false_matches)} of {text.count(s.tested)} · weight "
        f"{text.pct(s.weight, 0)} · {text.pct_interval(s.rate, s.low, s.high)}"
    )


def pooled_label(r: PoolResult) -> str:
    return f"All {r.k} pooled ({METHOD_LABELS[r.method]})"


def pooled_detail(r: PoolResult) -> str:
    """The pooled rate and interval, and where a new study would land."""
    out = text.pct_interval(r.estimate, r.low, r.high)
    if r.pi_low is not None and r.pi_high is not None:
        out += f"; a new study: {text.pct_range(r.pi_low, r.pi_high)}"
    return out


def chart_key(r: PoolResult) -> str:
    """What the squares, lines, diamond and dashed line are."""
    lv = text.level_pct(r.level)
    out = (
        f"Squares: each study, sized by its weight in the pool; lines: {lv} confidence "
        f"intervals. Diamond: the pooled rate and its {lv} confidence interval"
    )
    if r.pi_low is None:
        return out + "."
    return (
        f"{out}; dashed line: the {lv} prediction interval, where a new study like these "
        "would be expected to land."
    )


def chart_alt(r: PoolResult, rows: str) -> str:
    """``rows``: each row read aloud (:func:`fr_stats.words.charts.row_sentences`)."""
    return f"Forest plot of {r.k} false-match rates and their pooled estimate. {rows}"
