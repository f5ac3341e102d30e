"""Run the claims ledger: every claim's check, by id or all of them."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path

from ..catalog import Catalog, load
from ..errors import InputError
from .arithmetic import check_arithmetic
from .bounds import check_threshold, check_zero
from .change import check_change, check_no_change
from .disparity import check_disparity
from .result import ClaimCheck, ClaimsResult, Outcome
from .table import VERDICTS, Claim, validate_against


def claims(claim_id: str | None = None, *, data: Iterable[str | Path] = ()) -> ClaimsResult:
    """Check the claims ledger: every claim's verdict, reason and numbers.

    Parameters
    ----------
    claim_id
        One claim's id; ``None`` (the default) checks every claim.
    data
        Extra tables (studies and/or claims) in the format of ``data/README.md``;
        a claims table is recognised by its ``said_by`` column.

    Returns
    -------
    ClaimsResult
        ``to_dict()`` gives ``{"claims": [{"id", "quote", "said_by", "url",
        "date", "studies", "check", "verdict", "reason", "numbers", ...}]}``;
        ``to_frame()`` a pandas DataFrame with one row per claim.

    Raises
    ------
    InputError
        For an unknown ``claim_id`` (with a suggestion).
    DataFileError
        For a broken claims table, or a claim that names an unknown study.

    Notes
    -----
    The statistics come from :func:`fr_stats.compare`,
    :func:`fr_stats.disparity`, :func:`fr_stats.stats.intervals.upper_bound`
    and :func:`fr_stats.stats.equivalence.equivalence` (Newcombe's interval,
    checked by hand from R's ``prop.test(correct = FALSE, conf.level = 0.90)``
    Wilson intervals, and statsmodels' score TOST). The
    arithmetic checks use exact fractions, so no float rounding decides a
    verdict.

    References
    ----------
    Brown, N. J. L. and Heathers, J. A. J. (2017). The GRIM test. *Social
    Psychological and Personality Science* 8(4), 363-369.
    Schuirmann, D. J. (1987). A comparison of the two one-sided tests
    procedure and the power approach for assessing the equivalence of average
    bioavailability. *J. Pharmacokinetics and Biopharmaceutics* 15, 657-680.

    Examples
    --------
    >>> import fr_stats
    >>> ledger = fr_stats.claims()
    >>> ledger.to_dict()["claims"][0]["verdict"]
    'not supported'
    >>> fr_stats.claims("aclu2019-ma-one-in-six").checks[0].verdict
    'inconsistent'
    """
    files = tuple(str(p) for p in data)
    catalog = load(files)
    records: tuple[Claim, ...] = tuple(catalog.extra.get("claims", ()))
    validate_against(catalog, records)
    if claim_id is not None:
        wanted = claim_id.strip().lower()
        records = tuple(c for c in records if c.id == wanted)
        if not records:
            known = [c.id for c in catalog.extra.get("claims", ())]
            close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
            suggestion = f" Did you mean '{close[0]}'?" if close else ""
            raise InputError(
                f"unknown claim '{claim_id}'.{suggestion}",
                hint="'fr-stats claims' lists every claim with its id",
            )
    return ClaimsResult(checks=tuple(check_claim(c, catalog, files) for c in records))


def check_claim(
    claim: Claim, catalog: Catalog | None = None, data: Iterable[str | Path] = ()
) -> ClaimCheck:
    """Run one claim's check.

    ``catalog`` is the loaded data (``load(data)`` when omitted); ``data``
    names the extra tables it was loaded with, for the statistics that load
    studies themselves.
    """
    files = tuple(str(p) for p in data)
    catalog = catalog or load(files)
    outcome = CHECKERS[claim.check](claim, catalog, files)
    assert outcome.verdict in VERDICTS  # an internal invariant, not user input
    return ClaimCheck(
        claim=claim, verdict=outcome.verdict, reason=outcome.reason, facts=outcome.facts
    )


CHECKERS: dict[str, Callable[[Claim, Catalog, tuple[str, ...]], Outcome]] = {
    "change": check_change,
    "no-change": check_no_change,
    "disparity": check_disparity,
    "zero": check_zero,
    "arithmetic": check_arithmetic,
    "threshold": check_threshold,
}
"""The checker of each check named in the claims table."""
