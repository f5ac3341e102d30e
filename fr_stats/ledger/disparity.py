"""The disparity check: is a subgroup over-represented among the false matches?"""

from __future__ import annotations

from ..catalog import Catalog
from ..words import claims as words
from .facts import Counts, DisparityFacts, SubgroupMissing
from .result import Outcome
from .table import CANNOT, LEVEL, NOT_SUPPORTED, SUPPORTED, Claim


def check_disparity(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    """:func:`fr_stats.disparity`: supported when the one-sided exact binomial p < 0.05
    for every population share the published figure could have been rounded from."""
    study = catalog.resolve(claim.studies[0])
    rows = [s for s in catalog.subgroups_of(study) if s.subgroup == claim.subgroup]
    if not rows:
        gap = words.disparity_unpublished(study, claim.subgroup, ())
        return Outcome(CANNOT, gap, SubgroupMissing(Counts.of(study), claim.subgroup, gap))
    sub = rows[0]
    needed = (sub.k, sub.population_share.value, study.k)
    missing = [
        what
        for what, value in zip(words.disparity_gaps(claim.subgroup), needed, strict=True)
        if value is None
    ]
    if missing:
        gap = words.disparity_unpublished(study, claim.subgroup, missing)
        return Outcome(CANNOT, gap, SubgroupMissing(Counts.of(study), claim.subgroup, gap))
    from ..analysis.disparity import disparity
    from ..errors import MissingDataError

    try:
        result = disparity(study.ref, subgroup=claim.subgroup, data=data)
    except MissingDataError as exc:
        facts = SubgroupMissing(Counts.of(study), claim.subgroup, str(exc))
        return Outcome(CANNOT, str(exc), facts)
    detected = result.pvalue_greater < 1 - LEVEL
    across = detected and result.holds_across_rounding
    worst = None
    if detected and not across:
        worst = max(s.pvalue_greater for s in result.sensitivity)
    reason = words.disparity(result, across_rounding=across, worst=worst)
    return Outcome(SUPPORTED if across else NOT_SUPPORTED, reason, DisparityFacts(result))
