"""The change and no-change checks: did the rate go up (or down), or stay within a margin?"""

from __future__ import annotations

from ..catalog import Catalog
from ..words import claims as words
from .facts import ChangeFacts, Counts, NoChangeFacts, PairMissing
from .result import Outcome
from .table import CANNOT, LEVEL, NOT_SUPPORTED, SUPPORTED, Claim


def check_change(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    """Supported when B − A is statistically detectable (two-sided p < 0.05, the
    finding of :func:`fr_stats.compare`) and goes the stated way."""
    a, b = (catalog.resolve(ref) for ref in claim.studies)
    for study in (a, b):
        if study.k is None or study.n is None:
            gap = words.unpublished(study)
            facts = PairMissing(Counts.of(a), Counts.of(b), gap)
            return Outcome(CANNOT, words.change_unpublished(gap), facts)
    from ..analysis.compare import compare

    result = compare(a, b, level=LEVEL, data=data)
    finding = result.finding
    right_way = finding.direction == (1 if claim.direction == "increase" else -1)
    verdict = SUPPORTED if finding.detected and right_way else NOT_SUPPORTED
    reason = words.change(result, claim.direction, right_way, LEVEL)
    return Outcome(verdict, reason, ChangeFacts(result, claim.direction))


def check_no_change(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    """Supported when the 90% Newcombe interval of B − A lies inside ±margin (the two
    one-sided tests give the p-value beside it). A margin of half the smaller rate or
    more is refused."""
    a, b = (catalog.resolve(ref) for ref in claim.studies)
    assert claim.margin is not None  # required by the loader
    margin = claim.margin / 100
    for study in (a, b):
        if study.k is None or study.n is None:
            gap = words.unpublished(study)
            facts = PairMissing(Counts.of(a), Counts.of(b), gap, margin=margin)
            return Outcome(CANNOT, words.no_change_unpublished(gap), facts)
    ka, na = a.require_counts()
    kb, nb = b.require_counts()
    rates = sorted((ka / na, kb / nb))
    smaller = rates[0] if rates[0] > 0 else rates[1]
    if smaller > 0 and margin >= smaller / 2:
        raise claim.error("margin", words.margin_too_wide(margin, smaller))
    from ..comparability import comparability
    from ..stats.equivalence import equivalence

    tost = equivalence(kb, nb, ka, na, margin)
    agrees = None if tost.pvalue is None else (tost.pvalue < 1 - LEVEL) == tost.shown
    reason = words.no_change(a, b, tost, comparability(a, b), p_agrees=agrees)
    verdict = SUPPORTED if tost.shown else NOT_SUPPORTED
    return Outcome(verdict, reason, NoChangeFacts(Counts.of(a), Counts.of(b), tost))
