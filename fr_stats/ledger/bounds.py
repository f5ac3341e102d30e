"""The zero and threshold checks: what an upper bound allows, and which threshold was used."""

from __future__ import annotations

from dataclasses import replace

from ..catalog import Catalog, Study
from ..words import claims as words
from .facts import AdvisedFacts, Counts, ThresholdUsedFacts, ZeroFacts
from .result import Outcome
from .table import CANNOT, INCONSISTENT, LEVEL, SUPPORTED, Claim


def check_zero(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    """The one-sided exact upper bound a zero allows (the studies' zeros added up);
    ``cannot be checked`` when the number tested was never published."""
    studies = [catalog.resolve(ref) for ref in claim.studies]
    records = tuple(Counts.of(s) for s in studies)
    not_zero = [s for s in studies if s.k]
    if not_zero:
        return Outcome(INCONSISTENT, words.zero_not_zero(not_zero[0]), ZeroFacts(records, LEVEL))
    gaps = tuple(words.zero_gap(s) for s in studies if s.k is None or s.n is None)
    if gaps:
        return Outcome(CANNOT, words.zero_unpublished(gaps), ZeroFacts(records, LEVEL, gaps))
    from ..stats.intervals import upper_bound

    tested = [s.n for s in studies if s.n is not None]
    bound = upper_bound(0, sum(tested), level=LEVEL)
    facts = ZeroFacts(
        studies=tuple(
            Counts.of(s, upper_bound=upper_bound(0, n, level=LEVEL))
            for s, n in zip(studies, tested, strict=True)
        ),
        level=LEVEL,
        tested=sum(tested),
        upper_bound=bound,
        derived=(words.tested_sum(tested),) if len(studies) > 1 else (),
    )
    return Outcome(SUPPORTED, words.zero(tested, bound, LEVEL), facts)


def _rows_of(catalog: Catalog, ref: str) -> list[Study]:
    """Every whole-population row of a study id (all thresholds), or the one ``ID@T`` names."""
    if "@" in ref:
        return [catalog.resolve(ref)]
    base = catalog.resolve(ref).id
    return [s for s in catalog.studies if s.id == base and s.subgroup == "all"]


def check_threshold(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    """``used``: did every study use this threshold? ``advised``: always ``cannot be
    checked`` (advice weighs false matches against missed true matches, and only the
    first were measured); the numbers give the false-match evidence at the threshold."""
    figure = float(claim.figure)
    if claim.form == "used":
        return _threshold_used(claim, catalog, figure)
    return _threshold_advised(claim, catalog, figure)


def _threshold_used(claim: Claim, catalog: Catalog, figure: float) -> Outcome:
    studies = [catalog.resolve(ref) for ref in claim.studies]
    rows = tuple(Counts.of(s) for s in studies)
    differ = [s for s in studies if s.threshold.value is not None and s.threshold.value != figure]
    unknown = [s for s in studies if s.threshold.value is None]
    same = [s for s in studies if s.threshold.value == figure]
    if differ:
        reason = words.threshold_differs(differ, figure)
        return Outcome(INCONSISTENT, reason, ThresholdUsedFacts(figure, rows))
    if unknown:
        missing = tuple(words.threshold_unknown(s) for s in unknown)
        reason = words.threshold_unpublished(unknown, len(same), figure)
        return Outcome(CANNOT, reason, ThresholdUsedFacts(figure, rows, missing))
    return Outcome(SUPPORTED, words.threshold_used(same, figure), ThresholdUsedFacts(figure, rows))


def _threshold_advised(claim: Claim, catalog: Catalog, figure: float) -> Outcome:
    rows = [row for ref in claim.studies for row in _rows_of(catalog, ref)]
    default = [s for s in rows if s.threshold.value is not None and s.threshold.value < figure]
    above = [s for s in rows if s.threshold.value is not None and s.threshold.value >= figure]
    direct = [s for s in above if s.n is not None and s.k is not None]
    no_n = [s for s in above if s.n is None or s.k is None]
    direct_ids = {s.id for s in direct}
    # A match at or above T is also at or above any t < T, so a zero at t implies a zero at T.
    implied = [s for s in default if s.k == 0 and s.n is not None and s.id not in direct_ids]
    evidence = direct + implied
    lowest = [s for s in default if s.k is not None and s.n is not None and s.default]
    can = [words.at_lower_threshold(lowest)] if lowest else []
    cannot = [words.no_threshold(s) for s in rows if s.threshold.value is None]
    cannot += [words.no_probes(s) for s in no_n]
    cannot += [words.THRESHOLD_COST, words.THRESHOLD_USE]
    facts = AdvisedFacts(
        advised_threshold=figure,
        level=LEVEL,
        below=tuple(Counts.of(s) for s in default),
        at_or_above=tuple(Counts.of(s) for s in direct),
        implied=tuple(Counts.of(s, implied_false_matches=0) for s in implied),
        derived=tuple(words.implied_zero(s, figure) for s in implied),
        can_be_said=tuple(can),
        cannot_be_said=tuple(cannot),
    )
    if not evidence:
        missing = words.no_probes_missing(no_n, figure)
        facts = replace(facts, missing=missing)
        return Outcome(CANNOT, words.no_advised_rate(missing, figure), facts)
    from ..stats.intervals import upper_bound

    k_total = sum(s.k or 0 for s in evidence)
    n_total = sum(s.n or 0 for s in evidence)
    bound = upper_bound(k_total, n_total, level=LEVEL)
    same_ids = {s.id for s in evidence}
    base_rows = [s for s in lowest if s.id in same_ids]
    kb, nb = sum(s.k or 0 for s in base_rows), sum(s.n or 0 for s in base_rows)
    shown = [(s, s in implied) for s in evidence]
    can.append(words.at_advised(shown, figure, k_total, n_total, bound, LEVEL))
    facts = replace(
        facts,
        can_be_said=tuple(can),
        false_matches=k_total,
        tested=n_total,
        upper_bound=bound,
        same_probes_below=(kb, nb),
    )
    reason = words.advised(
        figure,
        k_total,
        n_total,
        bound,
        kb,
        nb,
        fewer=facts.fewer,
        only_implied=bool(implied and not direct),
        level=LEVEL,
    )
    return Outcome(CANNOT, reason, facts)
