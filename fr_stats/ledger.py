"""The claims ledger: what was printed about the studies, checked against their numbers.

Each claim is a verbatim quote with who said it, where and when, the studies
it concerns and the check that applies. :func:`claims` runs every check and
gives each claim one of four verdicts, a one-line reason and the numbers
behind it:

``supported``
    the published numbers show what the claim says;
``not supported``
    the numbers do not show it (for example a change too small to detect);
``inconsistent``
    the stated figure does not match the published counts;
``cannot be checked``
    a number the check needs was never published (the reason names it).

The claims table (``data/claims.csv``)
--------------------------------------
One row per claim. Users add their own with ``--data FILE``: a CSV file with
the same header (a ``said_by`` column tells fr-stats it is a claims table).

==============  ==============================================================
column          meaning
==============  ==============================================================
``id``          lowercase letters, digits and single hyphens; unique
``quote``       the claim, verbatim (required)
``said_by``     who said it (required)
``url``         where it was said; **empty** when no copy was found (the
                ``notes`` then say so); never a guess
``date``        when it was said: ``YYYY-MM-DD`` or ``YYYY-MM``; may be empty
``retrieved``   when the quote was checked against a copy (``YYYY-MM-DD``);
                empty when it was not
``studies``     the study ids it concerns, ``;``-separated; ``ID@THRESHOLD``
                picks another threshold (``comparitech2020@95``)
``check``       ``change``, ``no-change``, ``disparity``, ``zero``,
                ``arithmetic`` or ``threshold``
``figure``      the stated number as written: ``40``, ``5`` (one in five),
                ``99.9997``, ``13000000``, ``95`` (a threshold)
``form``        ``percent``, ``one-in-n`` or ``count`` (arithmetic);
                ``advised`` or ``used`` (threshold)
``qualifier``   one of :data:`QUALIFIERS` (arithmetic); empty for a plain figure
``quantity``    what the figure describes (arithmetic): ``rate`` (false
                matches / tested), ``share`` (a subgroup's false matches /
                all false matches), ``accuracy-per-comparison``
                (1 − false matches / (tested × gallery)), ``comparisons``
                (tested × gallery); for a live-facial-recognition result
                ``alerts`` (false alerts / alerts) or ``faces-scanned``
                (false alerts / faces scanned)
``subgroup``    the subgroup (``people of color``) for ``share`` and ``disparity``
``margin``      the equivalence margin in percentage points (``no-change``)
``direction``   ``increase`` or ``decrease`` of the false-match rate (``change``)
``notes``       provenance and caveats, in words
==============  ==============================================================

Which parameters each check takes (any other parameter must be empty):

* ``change``: exactly two studies, A then B (B is compared with A); ``direction``.
* ``no-change``: exactly two studies; ``margin``.
* ``disparity``: one study; ``subgroup``.
* ``zero``: one or more studies (their zeros are added up).
* ``arithmetic``: one study; ``figure``, ``form``, optional ``qualifier``,
  ``quantity`` (``rate`` when empty), ``subgroup`` for ``share``.
* ``threshold``: one or more studies; ``figure`` (a threshold in percent) and
  ``form``: ``advised`` (what the studies show at or above the advised
  threshold, against the default they used) or ``used`` (did every study use
  this threshold?).

The checks
----------
* **change**: :func:`fr_stats.compare` (B − A with Newcombe's interval, Fisher's
  exact test). Supported when the change is statistically detectable
  (two-sided p < 0.05) and goes the stated way.
* **no-change**: an equivalence test (:mod:`fr_stats.stats.equivalence`):
  supported when the 90% Newcombe interval of B − A, the interval family
  ``compare`` uses, lies inside ±margin; Schuirmann's two one-sided score
  tests (TOST) give the p-value beside it. The interval's ends are the
  largest decrease and increase the data cannot rule out. A margin of half
  the smaller rate or more is refused.
* **disparity**: :func:`fr_stats.disparity` (exact binomial test of the
  subgroup's share of the false matches against its share of the people
  tested). Supported when the one-sided p < 0.05 for every population share
  the published figure could have been rounded from.
* **zero**: the one-sided exact upper bound a zero allows; ``cannot be
  checked`` when the number tested was never published.
* **arithmetic** (GRIM-style): "X percent" holds when the rate rounds to X at
  the precision X is written with; "one in N" holds when N is the whole number
  nearest to tested ÷ false matches; a figure that is the value truncated
  (not rounded) at its precision is consistent too, and the reason says so.
  A qualifier (:data:`QUALIFIERS`) needs the value on its side of the figure
  and within the figure's rounding or within :data:`TOLERANCE` of it.
  A whole number ending in zero (``40``) is read as rounded to its last
  non-zero digit (the nearest 10 for percentages, at most), the most lenient
  reading the text allows; the result at the finer reading is reported too.
* **threshold**: ``used``: did every study use this threshold? ``advised``:
  always ``cannot be checked``, since advice weighs false matches against
  missed true matches and only the first were measured; the reason and
  numbers give the false-match evidence at and below the threshold.

Every check uses a 95% confidence level (5% tests).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import text as fmt
from .catalog import (
    _ID,
    Catalog,
    Study,
    _read_table,
    _read_text,
    _Row,
    load,
)
from .display import Displayable
from .errors import DataFileError, FrStatsError, InputError
from .tasks import LIVE_FACIAL_RECOGNITION

if TYPE_CHECKING:
    import pandas as pd

SUPPORTED = "supported"
NOT_SUPPORTED = "not supported"
INCONSISTENT = "inconsistent"
CANNOT = "cannot be checked"
VERDICTS = (SUPPORTED, NOT_SUPPORTED, INCONSISTENT, CANNOT)
"""The four verdicts, in the order the ledger explains them."""

CHECKS = ("change", "no-change", "disparity", "zero", "arithmetic", "threshold")
FORMS = {"arithmetic": ("percent", "one-in-n", "count"), "threshold": ("advised", "used")}
QUALIFIERS: dict[str, str] = {
    "about": "either side",
    "around": "either side",
    "roughly": "either side",
    "approximately": "either side",
    "nearly": "below",
    "almost": "below",
    "more than": "above",
    "over": "above",
    "at least": "at or above",
    "less than": "below",
    "under": "below",
    "up to": "at or below",
}
"""Each qualifier a claim may put before its figure, and the side of the figure the
true value must be on. Every qualifier also needs the value near the figure: within
the figure's rounding or within :data:`TOLERANCE` of it."""

TOLERANCE = Fraction(1, 10)
"""How near "about 20" (or "nearly 40", "more than one in five") the true value must be
when it is not within the figure's rounding: 10% of the figure, either way."""
QUANTITIES = ("rate", "share", "accuracy-per-comparison", "comparisons", "alerts", "faces-scanned")
LIVE_QUANTITIES = ("alerts", "faces-scanned")
"""The quantities of a live-facial-recognition result: false alerts / alerts, and false
alerts / faces scanned. The others are of face matching."""
DIRECTIONS = ("increase", "decrease")
LEVEL = 0.95
"""Confidence level of every check; tests are at 1 − LEVEL."""

CLAIM_COLUMNS: tuple[str, ...] = (
    "id",
    "quote",
    "said_by",
    "url",
    "date",
    "retrieved",
    "studies",
    "check",
    "figure",
    "form",
    "qualifier",
    "quantity",
    "subgroup",
    "margin",
    "direction",
    "notes",
)
PARAMETERS = ("figure", "form", "qualifier", "quantity", "subgroup", "margin", "direction")

# Which parameters each check requires and which it accepts; the others must be empty.
_REQUIRED: dict[str, tuple[str, ...]] = {
    "change": ("direction",),
    "no-change": ("margin",),
    "disparity": ("subgroup",),
    "zero": (),
    "arithmetic": ("figure", "form"),
    "threshold": ("figure", "form"),
}
_ACCEPTED: dict[str, tuple[str, ...]] = {
    "change": ("direction",),
    "no-change": ("margin",),
    "disparity": ("subgroup",),
    "zero": (),
    "arithmetic": ("figure", "form", "qualifier", "quantity", "subgroup"),
    "threshold": ("figure", "form"),
}
_STUDY_COUNT: dict[str, tuple[int, int | None]] = {
    "change": (2, 2),
    "no-change": (2, 2),
    "disparity": (1, 1),
    "zero": (1, None),
    "arithmetic": (1, 1),
    "threshold": (1, None),
}
_FIGURE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


# --------------------------------------------------------------------------- #
# Records
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Claim:
    """One row of a claims table, validated.

    ``figure`` keeps the text as written (``"99.9997"``), since its number of
    decimals is the precision the arithmetic check uses.
    """

    id: str
    quote: str
    said_by: str
    check: str
    studies: tuple[str, ...]
    url: str = ""
    date: str = ""
    retrieved: str = ""
    figure: str = ""
    form: str = ""
    qualifier: str = ""
    quantity: str = ""
    subgroup: str = ""
    margin: float | None = None
    direction: str = ""
    notes: str = ""
    origin: str = ""
    row: int = 0

    def error(self, column: str | None, message: str) -> DataFileError:
        """A data-file error pointing at this claim's row."""
        return DataFileError(self.origin or "claims", message, row=self.row or None, column=column)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quote": self.quote,
            "said_by": self.said_by,
            "url": self.url or None,
            "date": self.date or None,
            "retrieved": self.retrieved or None,
            "studies": list(self.studies),
            "check": self.check,
            "parameters": {
                name: getattr(self, name)
                for name in PARAMETERS
                if getattr(self, name) not in ("", None)
            },
            "notes": self.notes or None,
        }


@dataclass(frozen=True)
class ClaimCheck(Displayable):
    """A claim with its verdict, the one-line reason and the numbers behind it.

    ``numbers`` is JSON-ready: plain numbers (never rounded, never NaN),
    strings and lists; derived numbers are listed under ``"derived"`` with how
    they were obtained.
    """

    claim: Claim
    verdict: str
    reason: str
    numbers: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        c = self.claim
        return {
            "id": c.id,
            "quote": c.quote,
            "said_by": c.said_by,
            "url": c.url or None,
            "date": c.date or None,
            "studies": list(c.studies),
            "check": c.check,
            "verdict": self.verdict,
            "reason": self.reason,
            "numbers": self.numbers,
            "retrieved": c.retrieved or None,
            "parameters": c.to_dict()["parameters"],
            "notes": c.notes or None,
        }


@dataclass(frozen=True)
class ClaimsResult(Displayable):
    """The ledger: every claim checked, in table order."""

    checks: tuple[ClaimCheck, ...]
    level: float = LEVEL

    def to_dict(self) -> dict[str, Any]:
        """``{"claims": [{"id", "quote", "said_by", "url", "date", "studies", "check",
        "verdict", "reason", "numbers", ...}]}``."""
        return {"claims": [c.to_dict() for c in self.checks]}

    def counts(self) -> dict[str, int]:
        """How many claims got each verdict (every verdict listed, zeros included)."""
        return {v: sum(c.verdict == v for c in self.checks) for v in VERDICTS}

    def to_frame(self) -> pd.DataFrame:
        """One row per claim: id, said_by, date, url, quote, studies, check, verdict, reason,
        and the numbers as a JSON string."""
        import json

        import pandas as pd

        from .render import clean

        records = []
        for c in self.checks:
            record = c.to_dict()
            record["studies"] = ";".join(c.claim.studies)
            record["numbers"] = json.dumps(clean(c.numbers), ensure_ascii=False, sort_keys=True)
            record.pop("parameters")
            records.append(record)
        columns = ["id", "said_by", "date", "url", "quote", "studies", "check", "verdict",
                   "reason", "numbers", "retrieved", "notes"]  # fmt: skip
        return pd.DataFrame.from_records(records, columns=columns)


# --------------------------------------------------------------------------- #
# Reading and validating a claims table
# --------------------------------------------------------------------------- #


def read_claims(path: str | Path, text: str | None = None) -> list[Claim]:
    """Read and validate one claims table (``data/claims.csv`` or a user's file).

    Parameters
    ----------
    path
        The CSV file; named in every error.
    text
        The file's text, when already read (the loader passes it).

    Returns
    -------
    list of Claim

    Raises
    ------
    DataFileError
        Naming the file, the row, the column and the rule broken: an empty
        quote, an unknown check, a parameter a check needs or does not take,
        a malformed figure or margin, a repeated id. Study ids are checked
        against the loaded studies by :func:`claims`.
    """
    path = Path(path)
    rows = _read_table(path, CLAIM_COLUMNS, _read_text(path) if text is None else text)
    out: list[Claim] = []
    seen: dict[str, int] = {}
    for row in rows:
        claim = _parse_claim(row)
        if claim.id in seen:
            raise row.error(
                "id", f"claim id '{claim.id}' appears twice (first at row {seen[claim.id]})"
            )
        seen[claim.id] = row.number
        out.append(claim)
    return out


def _parse_claim(row: _Row) -> Claim:
    ident = row.text("id", required=True)
    if not _ID.match(ident):
        raise row.error(
            "id",
            f"'{ident}' is not a valid id: use lowercase letters, digits and single hyphens "
            "(for example aclu2018-nearly-40)",
        )
    quote = row.text("quote")
    if not quote:
        raise row.error("quote", "is empty; every claim needs its verbatim quote")
    said_by = row.text("said_by", required=True)
    url = row.text("url")
    if url and not url.startswith(("https://", "http://")):
        raise row.error("url", f"'{url}' is not a web address (http:// or https://)")
    date = row.date("date", month_only=True)
    retrieved = row.date("retrieved", month_only=False)
    check = row.text("check")
    if not check:
        raise row.error("check", f"is empty; say which check applies: {', '.join(CHECKS)}")
    if check not in CHECKS:
        close = difflib.get_close_matches(check, CHECKS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise row.error("check", f"unknown check '{check}'{hint}; allowed: {', '.join(CHECKS)}")
    studies = _parse_studies(row, check)
    params = {name: row.text(name) for name in PARAMETERS}
    for name in PARAMETERS:
        if params[name] and name not in _ACCEPTED[check]:
            raise row.error(name, f"is not used by the '{check}' check; leave it empty")
    for name in _REQUIRED[check]:
        if not params[name]:
            raise row.error(name, f"is empty; the '{check}' check needs it")
    _check_parameters(row, check, params)
    margin = float(params["margin"]) if params["margin"] else None
    quantity = params["quantity"] or ("rate" if check == "arithmetic" else "")
    return Claim(
        id=ident,
        quote=quote,
        said_by=said_by,
        check=check,
        studies=studies,
        url=url,
        date=date,
        retrieved=retrieved,
        figure=params["figure"].replace(",", ""),
        form=params["form"],
        qualifier=params["qualifier"],
        quantity=quantity,
        subgroup=params["subgroup"],
        margin=margin,
        direction=params["direction"],
        notes=row.text("notes"),
        origin=str(row.path),
        row=row.number,
    )


def _parse_studies(row: _Row, check: str) -> tuple[str, ...]:
    raw = row.text("studies")
    if not raw and check == "arithmetic":
        return ()  # a figure with no published counts behind it: cannot be checked
    if not raw:
        raise row.error("studies", "is empty; name the study ids the claim concerns")
    refs = tuple(part.strip() for part in raw.split(";"))
    for ref in refs:
        if not ref:
            raise row.error("studies", f"'{raw}' has an empty study id; separate ids with ';'")
        if "/" in ref:
            raise row.error(
                "studies",
                f"'{ref}' is a count, not a study id; add the study to a studies table first",
            )
    low, high = _STUDY_COUNT[check]
    if len(refs) < low or (high is not None and len(refs) > high):
        wanted = f"exactly {low}" if low == high else f"at least {low}"
        raise row.error(
            "studies",
            f"the '{check}' check takes {wanted} {'study' if low == 1 == high else 'studies'}, "
            f"not {len(refs)}",
        )
    return refs


def _check_parameters(row: _Row, check: str, params: dict[str, str]) -> None:
    figure, form = params["figure"], params["form"]
    if figure and not _FIGURE.match(figure):
        raise row.error(
            "figure",
            f"'{figure}' is not a figure as written: digits, optionally with thousands "
            "separators and decimals (40, 99.9997, 13,000,000)",
        )
    if check in FORMS and form not in FORMS[check]:
        raise row.error(
            "form",
            f"'{form}' is not a form of the '{check}' check; allowed: {', '.join(FORMS[check])}",
        )
    if params["qualifier"]:
        params["qualifier"] = params["qualifier"].lower()
    if params["qualifier"] and params["qualifier"] not in QUALIFIERS:
        raise row.error(
            "qualifier",
            f"unknown qualifier '{params['qualifier']}'; allowed: {', '.join(QUALIFIERS)} (or empty)",
        )
    quantity = params["quantity"]
    if quantity and quantity not in QUANTITIES:
        raise row.error(
            "quantity", f"unknown quantity '{quantity}'; allowed: {', '.join(QUANTITIES)}"
        )
    if check == "arithmetic":
        quantity = quantity or "rate"
        if (form == "count") != (quantity == "comparisons"):
            raise row.error(
                "quantity",
                f"quantity '{quantity}' does not fit form '{form}': a count is 'comparisons', "
                "a percent or one-in-n is 'rate', 'share', 'accuracy-per-comparison', 'alerts' "
                "or 'faces-scanned'",
            )
        if form == "one-in-n" and quantity == "accuracy-per-comparison":
            raise row.error("quantity", "'accuracy-per-comparison' is a percentage, not one in N")
        if form == "one-in-n" and float(figure.replace(",", "")) < 1:
            raise row.error("figure", f"one in {figure}: N must be at least 1")
        if form == "percent" and float(figure.replace(",", "")) > 100:
            raise row.error("figure", f"{figure} percent is more than 100")
        if (quantity == "share") != bool(params["subgroup"]):
            raise row.error(
                "subgroup",
                "is needed for quantity 'share' (whose share of the false matches?)"
                if quantity == "share"
                else f"is not used with quantity '{quantity}'; leave it empty",
            )
    if check == "threshold" and float(figure.replace(",", "")) > 100:
        raise row.error("figure", f"a threshold is a percentage from 0 to 100, not {figure}")
    if params["margin"]:
        try:
            margin = float(params["margin"])
        except ValueError:
            raise row.error(
                "margin", f"'{params['margin']}' is not a number of percentage points"
            ) from None
        if not 0 < margin <= 50:
            raise row.error(
                "margin",
                f"{params['margin']} is outside the allowed range: more than 0 and at most 50 "
                "percentage points",
            )
    if params["direction"] and params["direction"] not in DIRECTIONS:
        raise row.error(
            "direction",
            f"unknown direction '{params['direction']}'; allowed: {', '.join(DIRECTIONS)} "
            "(of the false-match rate from the first study to the second)",
        )


def _validate_against(catalog: Catalog, claims_: Iterable[Claim]) -> None:
    """Every study id a claim names must be loaded; claim ids unique across files."""
    seen: dict[str, Claim] = {}
    for claim in claims_:
        first = seen.get(claim.id)
        if first is not None:
            raise claim.error(
                "id", f"claim id '{claim.id}' is already used in {first.origin} (row {first.row})"
            )
        seen[claim.id] = claim
        for ref in claim.studies:
            try:
                catalog.resolve(ref)
            except FrStatsError as exc:
                message = str(exc)
                if message.startswith("unknown study"):
                    message = "unknown study id" + message[len("unknown study") :]
                raise claim.error("studies", message) from None
        _check_task(claim, catalog)
        if claim.subgroup and claim.check in ("arithmetic", "disparity"):
            study = catalog.resolve(claim.studies[0])
            names = [s.subgroup for s in catalog.subgroups_of(study)]
            if claim.subgroup not in names and (names or claim.check == "arithmetic"):
                known = ", ".join(f"'{n}'" for n in names) or "none"
                raise claim.error(
                    "subgroup",
                    f"study '{study.ref}' has no subgroup '{claim.subgroup}'; its subgroups: {known}",
                )


def _check_task(claim: Claim, catalog: Catalog) -> None:
    """A live-facial-recognition result takes its own quantities, and only the checks
    that work on counts (arithmetic, change, no-change, zero)."""
    live = [ref for ref in claim.studies if catalog.resolve(ref).task == LIVE_FACIAL_RECOGNITION]
    if not live:
        if claim.quantity in LIVE_QUANTITIES:
            raise claim.error(
                "quantity",
                f"quantity '{claim.quantity}' is for live-facial-recognition results; "
                f"'{claim.studies[0] if claim.studies else ''}' is not one",
            )
        return
    if claim.check in ("disparity", "threshold"):
        raise claim.error(
            "check", f"the '{claim.check}' check does not apply to live facial recognition"
        )
    if claim.check == "arithmetic" and claim.quantity not in LIVE_QUANTITIES:
        raise claim.error(
            "quantity",
            f"'{live[0]}' is a live-facial-recognition result: its quantity is "
            f"{' or '.join(LIVE_QUANTITIES)}, not '{claim.quantity}'",
        )


# --------------------------------------------------------------------------- #
# The public call
# --------------------------------------------------------------------------- #


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
    _validate_against(catalog, records)
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
    verdict, reason, numbers = _CHECKERS[claim.check](claim, catalog, files)
    assert verdict in VERDICTS  # an internal invariant, not user input
    return ClaimCheck(claim=claim, verdict=verdict, reason=reason, numbers=numbers)


Outcome = tuple[str, str, dict[str, Any]]


# --------------------------------------------------------------------------- #
# Shared helpers
# --------------------------------------------------------------------------- #


def _counts_record(study: Study) -> dict[str, Any]:
    return {
        "id": study.ref,
        "label": study.label,
        "threshold": study.threshold.value,
        "false_matches": study.k,
        "tested": study.n,
        "rate": study.rate,
    }


def _unpublished(study: Study) -> str | None:
    """Names what is missing for a rate, or None when both counts are published."""
    missing = [
        what
        for what, value in (("false matches", study.k), ("probes tested", study.n))
        if value is None
    ]
    if not missing:
        return None
    return f"the number of {' and '.join(missing)} in {_name(study)} was never published"


def _name(study: Study) -> str:
    where = f" at {study.threshold_label}" if not study.default else ""
    return f"{study.label}{where}"


def _of(k: int, n: int) -> str:
    return f"{k:,} of {n:,}"


# --------------------------------------------------------------------------- #
# change
# --------------------------------------------------------------------------- #


def _check_change(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    a, b = (catalog.resolve(ref) for ref in claim.studies)
    for study in (a, b):
        gap = _unpublished(study)
        if gap:
            return (
                CANNOT,
                f"{gap}, so no change can be computed",
                {
                    "a": _counts_record(a),
                    "b": _counts_record(b),
                    "missing": gap,
                },
            )
    from .analysis.compare import compare
    from .words import change

    result = compare(a, b, level=LEVEL, data=data)
    out = result.to_dict()
    diff = out["difference"]
    finding = result.finding
    d = result.b.rate - result.a.rate
    right_way = finding.direction == (1 if claim.direction == "increase" else -1)
    numbers: dict[str, Any] = {
        "a": out["a"],
        "b": out["b"],
        "level": out["level"],
        "difference": diff,
        "ratio": out["ratio"],
        "fisher_pvalue": result.test("fisher").pvalue,
        "tests": out["tests"],
        "power": out["power"],
        "finding": out["finding"],
        "comparability": out["comparability"],
        "direction_claimed": claim.direction,
        "direction_observed": out["finding"]["direction"],
        "caveats": out["caveats"],
        "compare_verdict": out["verdict"],
    }
    shown = (
        f"{fmt.pct(b.rate)} vs {fmt.pct(a.rate)}: {fmt.points(d)} percentage points "
        f"({fmt.level_pct(LEVEL)} CI {fmt.points(diff['low'])} to {fmt.points(diff['high'])}), "
        f"{change.p_text(finding.test, finding.pvalue)}"
    )
    unlike = change.unlike(result.comparability, finding)
    tail = "" if unlike is None else " " + unlike
    if finding.borderline:
        tail += " The evidence is borderline: the interval and the test disagree."
    dependence = change.dependence(result.comparability)
    if dependence is not None:
        tail += " " + dependence
    if finding.detected and right_way:
        return (
            SUPPORTED,
            f"{shown}: a statistically detectable {claim.direction}.{tail}",
            numbers,
        )
    if finding.detected:
        opposite = "decrease" if claim.direction == "increase" else "increase"
        return (
            NOT_SUPPORTED,
            f"{shown}: the data show {_article(opposite)} {opposite}, not "
            f"{_article(claim.direction)} {claim.direction}.{tail}",
            numbers,
        )
    lean = "the counts lean that way, but " if right_way else ""
    return (
        NOT_SUPPORTED,
        f"{shown}: {lean}the change is not statistically detectable.{tail}",
        numbers,
    )


# --------------------------------------------------------------------------- #
# no-change: equivalence by two one-sided tests
# --------------------------------------------------------------------------- #


def _check_no_change(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    a, b = (catalog.resolve(ref) for ref in claim.studies)
    assert claim.margin is not None  # required by the loader
    margin = claim.margin / 100
    for study in (a, b):
        gap = _unpublished(study)
        if gap:
            return (
                CANNOT,
                f"{gap}, so no equivalence test can be run",
                {
                    "a": _counts_record(a),
                    "b": _counts_record(b),
                    "margin": margin,
                    "missing": gap,
                },
            )
    ka, na = a.require_counts()
    kb, nb = b.require_counts()
    rates = sorted((ka / na, kb / nb))
    smaller = rates[0] if rates[0] > 0 else rates[1]
    if smaller > 0 and margin >= smaller / 2:
        raise claim.error(
            "margin",
            f"a margin of ±{fmt.number(100 * margin, 1)} points is half the smaller rate "
            f"({fmt.pct(smaller)}) or more, so it would call a doubling 'no change'; "
            f"use a margin below {fmt.number(50 * smaller, 2)} points",
        )
    from .stats.equivalence import equivalence
    from .words import notes

    tost = equivalence(kb, nb, ka, na, margin)
    numbers: dict[str, Any] = {
        "a": _counts_record(a),
        "b": _counts_record(b),
        **notes.equivalence_dict(tost),
    }
    margin_text = f"±{fmt.number(100 * margin, 1)} points"
    span = (
        f"{fmt.pct(b.rate)} vs {fmt.pct(a.rate)}: the 90% interval for the change is "
        f"{fmt.points(tost.low)} to {fmt.points(tost.high)} points"
    )
    p_text = ""
    if tost.pvalue is not None:
        agrees = (tost.pvalue < 1 - LEVEL) == tost.shown
        p_text = (
            f" (TOST p = {fmt.pvalue(tost.pvalue)})"
            if agrees
            else f" (borderline: the score TOST gives p = {fmt.pvalue(tost.pvalue)})"
        )
    from .comparability import comparability
    from .words import change

    like = comparability(a, b)
    tail = ""
    if not like.like_for_like:
        tail += f" This is not a like-for-like comparison: {change.joined(like)}."
    dependence = change.dependence(like)
    if dependence is not None:
        tail += " " + dependence
    if tost.shown:
        return (
            SUPPORTED,
            f"{span}, inside the {margin_text} margin: the data rule out a change larger "
            f"than {margin_text}{p_text}.{tail}",
            numbers,
        )
    return (
        NOT_SUPPORTED,
        f"{span}, not inside the {margin_text} margin, so a change that large cannot be "
        f"ruled out{p_text}.{tail}",
        numbers,
    )


# --------------------------------------------------------------------------- #
# disparity
# --------------------------------------------------------------------------- #


def _check_disparity(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    study = catalog.resolve(claim.studies[0])
    rows = [s for s in catalog.subgroups_of(study) if s.subgroup == claim.subgroup]
    if not rows:
        gap = (
            f"the number of false matches among {claim.subgroup} and their share of the people "
            f"tested in {_name(study)} were never published"
        )
        return (
            CANNOT,
            gap,
            {"study": _counts_record(study), "subgroup": claim.subgroup, "missing": gap},
        )
    sub = rows[0]
    missing = [
        what
        for what, value in (
            (f"false matches among {claim.subgroup}", sub.k),
            (f"share of {claim.subgroup} among the people tested", sub.population_share.value),
            ("false matches in all", study.k),
        )
        if value is None
    ]
    if missing:
        gap = f"the {' and the '.join(missing)} in {_name(study)} {'was' if len(missing) == 1 else 'were'} never published"
        return (
            CANNOT,
            gap,
            {"study": _counts_record(study), "subgroup": claim.subgroup, "missing": gap},
        )
    from .analysis.disparity import disparity
    from .errors import MissingDataError

    try:
        result = disparity(study.ref, subgroup=claim.subgroup, data=data)
    except MissingDataError as exc:
        return (
            CANNOT,
            str(exc),
            {"study": _counts_record(study), "subgroup": claim.subgroup, "missing": str(exc)},
        )
    out = result.to_dict()
    p = result.pvalue_greater
    numbers: dict[str, Any] = dict(out)
    numbers["disparity_text"] = numbers.pop("verdict")
    low, high = result.share_range
    head = (
        f"{result.subgroup_false_matches} of {result.false_matches} false matches "
        f"({fmt.pct(result.share_among_false_matches)}) against "
        f"{100 * result.population_share:g}% of the people tested: exact binomial "
        f"p = {fmt.pvalue(p)} (one-sided)"
    )
    alpha = 1 - LEVEL
    rounding = f"every share from {100 * low:g}% to {100 * high:g}% the published figure allows"
    if result.holds_across_rounding and p < alpha:
        return SUPPORTED, f"{head}, and below 0.05 for {rounding}", numbers
    if p < alpha:
        worst = max(s.pvalue_greater for s in result.sensitivity)
        return (
            NOT_SUPPORTED,
            f"{head}, but p reaches {fmt.pvalue(worst)} for a share the published figure "
            "could have been rounded from",
            numbers,
        )
    return NOT_SUPPORTED, f"{head}: no statistically detectable over-representation", numbers


# --------------------------------------------------------------------------- #
# zero
# --------------------------------------------------------------------------- #


def _check_zero(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    studies = [catalog.resolve(ref) for ref in claim.studies]
    records = [_counts_record(s) for s in studies]
    numbers: dict[str, Any] = {"studies": records, "level": LEVEL}
    not_zero = [s for s in studies if s.k]
    if not_zero:
        s = not_zero[0]
        where = f" of {s.n:,}" if s.n is not None else ""
        return INCONSISTENT, f"{_name(s)} published {s.k:,} false matches{where}, not zero", numbers
    gaps = [
        f"the number of {'false matches' if s.k is None else 'probes'} in {_name(s)} was"
        for s in studies
        if s.k is None or s.n is None
    ]
    if gaps:
        numbers["missing"] = gaps
        return (
            CANNOT,
            f"{'; '.join(gaps)} never published, so no bound on the rate can be computed",
            numbers,
        )
    from .stats.intervals import upper_bound

    total = sum(s.n for s in studies if s.n is not None)
    bound = upper_bound(0, total, level=LEVEL)
    numbers.update({"false_matches": 0, "tested": total, "upper_bound": bound})
    numbers["upper_bound_method"] = "exact (Clopper-Pearson) one-sided"
    for record, s in zip(records, studies, strict=True):
        assert s.n is not None
        record["upper_bound"] = upper_bound(0, s.n, level=LEVEL)
    if len(studies) > 1:
        numbers["derived"] = [
            f"tested = {' + '.join(f'{s.n:,}' for s in studies)} = {total:,} (arms added up)"
        ]
    parts = " + ".join(f"0 of {s.n:,}" for s in studies)
    summary = f"0 of {total:,}" if len(studies) == 1 else f"{parts} = 0 of {total:,}"
    return (
        SUPPORTED,
        f"{summary} observed; the true rate could still be as high as {fmt.pct(bound, 2)} "
        f"(one-sided {fmt.level_pct(LEVEL)} exact upper bound)",
        numbers,
    )


# --------------------------------------------------------------------------- #
# arithmetic (GRIM-style)
# --------------------------------------------------------------------------- #


def _round_half_up(x: Fraction, step: Fraction) -> Fraction:
    return math.floor(x / step + Fraction(1, 2)) * step


def _truncate(x: Fraction, step: Fraction) -> Fraction:
    return math.floor(x / step) * step


def _steps(figure: str, *, cap: int | None) -> tuple[Fraction, Fraction]:
    """The finest and the coarsest rounding unit a written figure allows.

    ``"99.9997"`` → (0.0001, 0.0001); ``"5"`` → (1, 1); ``"40"`` → (1, 10);
    ``"13000000"`` → (1, 1,000,000). ``cap`` limits the coarse unit.
    """
    if "." in figure:
        step = Fraction(1, 10 ** len(figure.split(".")[1]))
        return step, step
    digits = figure.lstrip("0")
    zeros = len(digits) - len(digits.rstrip("0")) if digits else 0
    coarse = 10**zeros if cap is None else min(10**zeros, cap)
    return Fraction(1), Fraction(coarse)


def _decimals(step: Fraction) -> int:
    places = 0
    while step.denominator != 1 and places < 30:
        step *= 10
        places += 1
    return places


def _show(x: Fraction, step: Fraction) -> str:
    """``x`` rounded (half up) to ``step``, with thousands separators: text for reasons."""
    places = _decimals(step)
    return f"{float(_round_half_up(x, step)):,.{places}f}"


@dataclass(frozen=True)
class _Value:
    """The exact value a stated figure describes, and how it was computed."""

    value: Fraction
    formula: str
    numerator: int
    denominator: int


def _arith_value(claim: Claim, catalog: Catalog) -> tuple[_Value | None, dict[str, Any], str]:
    """The exact value the figure describes, the numbers behind it, and a gap if any."""
    if not claim.studies:
        return None, {"quantity": claim.quantity}, NO_COUNTS
    study = catalog.resolve(claim.studies[0])
    if claim.quantity in LIVE_QUANTITIES:
        return _live_value(claim, study, {"study": _counts_record(study)})
    base: dict[str, Any] = {"study": _counts_record(study), "quantity": claim.quantity}
    if claim.quantity == "share":
        sub = next(s for s in catalog.subgroups_of(study) if s.subgroup == claim.subgroup)
        if sub.k is None or not study.k:
            gap = (
                f"the number of false matches among {claim.subgroup} or in all in "
                f"{_name(study)} was never published"
            )
            return None, base, gap
        formula = f"{sub.k:,} / {study.k:,}"
        base.update(subgroup=claim.subgroup, numerator=sub.k, denominator=study.k, formula=formula)
        return _Value(Fraction(sub.k, study.k), formula, sub.k, study.k), base, ""
    missing = _unpublished(study)
    if missing:
        return None, base, missing
    k, n = study.require_counts()
    if claim.quantity == "rate":
        formula = f"{k:,} / {n:,}"
        base.update(numerator=k, denominator=n, formula=formula)
        return _Value(Fraction(k, n), formula, k, n), base, ""
    if study.gallery.value is None:
        return None, base, f"the gallery size of {_name(study)} was never published"
    gallery = int(study.gallery.value)
    comparisons = n * gallery
    base.update(
        probes=n,
        gallery=gallery,
        comparisons=comparisons,
        derived=[f"comparisons = {n:,} probes × {gallery:,} gallery photos = {comparisons:,}"],
    )
    if claim.quantity == "comparisons":
        formula = f"{n:,} × {gallery:,}"
        base["formula"] = formula
        return _Value(Fraction(comparisons), formula, comparisons, 1), base, ""
    formula = f"1 − {k:,} / {comparisons:,}"
    base.update(
        numerator=comparisons - k,
        denominator=comparisons,
        formula=formula,
        per_probe_rate=k / n,
        per_probe_formula=f"{k:,} / {n:,}",
        units=(
            f"the {k:,} counts probes (people) with at least one false match, not wrong pairwise "
            "comparisons; how many gallery photos each matched was not published, so there were "
            f"at least {k:,} wrong comparisons and the per-comparison accuracy is at most this value"
        ),
    )
    return _Value(1 - Fraction(k, comparisons), formula, comparisons - k, comparisons), base, ""


NO_COUNTS = "no counts behind this figure were published, so it cannot be checked"


def _live_value(
    claim: Claim, study: Study, base: dict[str, Any]
) -> tuple[_Value | None, dict[str, Any], str]:
    """False alerts per alert or per face scanned, as an exact fraction."""
    from .live import LiveResult

    assert isinstance(study, LiveResult)  # _check_task keeps these quantities to such results
    k, n = study.require_counts()
    if claim.quantity == "alerts":
        formula = f"{k:,} / {n:,}"
        base.update(numerator=k, denominator=n, formula=formula)
        return _Value(Fraction(k, n), formula, k, n), base, ""
    if study.faces is None:
        return None, base, f"the number of faces scanned in {_name(study)} was never published"
    formula = f"{k:,} / {study.faces:,}"
    base.update(
        numerator=k, denominator=study.faces, formula=formula, faces_scanned=study.faces,
        per_alert_rate=k / n, per_alert_formula=f"{k:,} / {n:,}",
    )  # fmt: skip
    return _Value(Fraction(k, study.faces), formula, k, study.faces), base, ""


def _live_reason(claim: Claim, study: Study, reason: str, numbers: dict[str, Any]) -> str:
    """The per-alert figure before a per-face one; the other reading of the denominator after."""
    from .live import LiveResult
    from .words import live as words

    if not isinstance(study, LiveResult):
        return reason
    k, n = study.require_counts()
    if claim.quantity == "faces-scanned":
        reason = f"per alert, {words.share(k, n)}; per face scanned, {reason}"
    resolved = study.resolved
    if claim.quantity == "alerts" and resolved is not None:
        wrong, total = resolved
        verdict, _, _ = _grim(claim, _Value(Fraction(wrong, total), "", wrong, total))
        holds = verdict == SUPPORTED
        numbers["resolved"] = {"false_alerts": wrong, "alerts": total, "value": wrong / total,
                               "holds": holds}  # fmt: skip
        reason += "; " + words.resolved_clause(wrong, total, k - wrong, holds)
    return reason


def _check_arithmetic(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    value, numbers, gap = _arith_value(claim, catalog)
    numbers.update(figure=float(claim.figure), form=claim.form, qualifier=claim.qualifier or None)
    if value is None:
        numbers["missing"] = gap
        return CANNOT, gap, numbers
    verdict, reason, extra = _grim(claim, value)
    numbers.update(extra)
    study = catalog.resolve(claim.studies[0])
    reason = _live_reason(claim, study, reason, numbers)
    if claim.quantity == "rate":
        alternatives = _alternatives(claim, study, catalog)
        if alternatives:
            numbers["alternatives"] = alternatives
            reason += "; " + "; ".join(_alternative_text(a, verdict) for a in alternatives)
    if claim.quantity == "accuracy-per-comparison":
        k, n = study.require_counts()
        reason += (
            f"; and it divides by pairwise comparisons, while the {k:,} are people: "
            f"{_of(k, n)} members ({fmt.pct(k / n)}) were falsely matched"
        )
    return verdict, reason, numbers


def _alternative_text(alt: dict[str, Any], verdict: str) -> str:
    outcome = "holds" if alt["holds"] else "fails"
    same = alt["holds"] == (verdict == SUPPORTED)
    what = alt["field"].replace("_", " ")
    return (
        f"with {alt['value_other']:,} {what} per {alt['source_short']}, it {outcome}"
        f"{' too' if same else ''}"
    )


def _figure_text(claim: Claim) -> str:
    if claim.form == "percent":
        return f"{claim.figure}%"
    if claim.form == "one-in-n":
        return f"one in {claim.figure}"
    return f"{int(claim.figure):,}"


def _on_side(qualifier: str, x: Fraction, figure: Fraction) -> bool:
    """Is ``x`` on the side of ``figure`` the qualifier asks for?"""
    side = QUALIFIERS.get(qualifier, "either side")
    return {
        "either side": True,
        "below": x < figure,
        "above": x > figure,
        "at or above": x >= figure,
        "at or below": x <= figure,
    }[side]


def _near(x: Fraction, figure: Fraction, *, percent: bool = False) -> bool:
    """Within :data:`TOLERANCE` of the figure; for a percentage, of the smaller of the
    figure and its distance from 100%, so "about 99.9997%" is not near 90%."""
    scale = min(abs(figure), 100 - figure) if percent and figure <= 100 else abs(figure)
    return abs(x - figure) <= TOLERANCE * scale


def _side_text(qualifier: str, stated: str, ok: bool) -> str:
    """``'below 40%'``, ``'not above 1/5'``; empty for a qualifier that takes either side."""
    side = QUALIFIERS[qualifier]
    if side == "either side":
        return ""
    return f"{side} {stated}" if ok else f"not {side} {stated}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _and(first: str, second: str) -> str:
    return f"{first} and {second}" if first else second


def _grim(claim: Claim, value: _Value) -> Outcome:
    """The verdict on a stated figure against the exact value the counts give."""
    if claim.form == "one-in-n":
        return _grim_one_in_n(claim, value)
    figure = Fraction(claim.figure)
    q = claim.qualifier
    if claim.form == "percent":
        x = value.value * 100
        fine, coarse = _steps(claim.figure, cap=10)
        unit = "%"
        shown = _show(x, fine / 10) + unit  # one decimal more than stated
    else:
        x = value.value
        fine, coarse = _steps(claim.figure, cap=None)
        unit = ""
        shown = _show(x, fine)
    side_ok = _on_side(q, x, figure)
    within = _round_half_up(x, coarse) == figure
    within_fine = _round_half_up(x, fine) == figure
    truncated = not within and _truncate(x, fine) == figure
    near = bool(q) and _near(x, figure, percent=claim.form == "percent")
    numbers: dict[str, Any] = {
        "value": float(value.value),
        "computed": float(x),
        "rounding_unit": float(coarse),
        "rounding_unit_finest": float(fine),
        "rounds_to": float(_round_half_up(x, coarse)),
        "rounds_to_finest": float(_round_half_up(x, fine)),
        "truncates_to_finest": float(_truncate(x, fine)),
        "right_side": side_ok,
        "within_rounding": within,
        "within_rounding_finest": within_fine,
        "truncated": truncated,
        "within_tolerance": near,
        "tolerance": float(TOLERANCE) if q else None,
    }
    if truncated and _round_half_up(x, fine / 10) >= figure + fine:
        shown = _show(x, fine / 1000) + unit  # 92.996%, not 93.0%, beside a truncated 92%
    head = f"{value.formula} = {shown}"
    stated = _figure_text(claim)
    wording = f"{q} {stated}" if q else stated
    if not side_ok:
        return INCONSISTENT, f"{head}, {_side_text(q, stated, False)}, so not '{wording}'", numbers
    if within or truncated or near:
        if within and q:
            text = (
                f"{head}: {_and(_side_text(q, stated, True), f'within the rounding of {stated}')}"
            )
        elif within:
            text = f"{head}, which rounds to {stated}"
        elif truncated:
            text = (
                f"{head}, which rounds to {_show(x, fine)}{unit}; {stated} is the value "
                "truncated at the precision stated, not rounded, which is consistent"
            )
        else:
            near_text = f"within {int(TOLERANCE * 100)}% of {stated}"
            text = f"{head}: {_and(_side_text(q, stated, True), near_text)}"
        if within and not within_fine and claim.form == "percent":
            text += (
                f" (reading {claim.figure} as rounded to the nearest {int(coarse)}; "
                f"to the nearest whole percent it is {_show(x, fine)}%)"
            )
        return SUPPORTED, text, numbers
    text = f"{head}, which rounds to {_show(x, fine)}{unit}, not {stated}, at the precision stated"
    if q:
        text += f", and is not within {int(TOLERANCE * 100)}% of it"
    return INCONSISTENT, text, numbers


def _grim_one_in_n(claim: Claim, value: _Value) -> Outcome:
    figure = Fraction(claim.figure)
    q = claim.qualifier
    stated = _figure_text(claim)
    wording = f"{q} {stated}" if q else stated
    k, n = value.numerator, value.denominator
    if k == 0:
        return (
            INCONSISTENT,
            f"{value.formula}: no false matches at all, so not '{wording}'",
            {"value": 0.0, "one_in": None, "note": "no false matches: one in N is undefined"},
        )
    ratio = Fraction(n, k)
    nearest = _round_half_up(ratio, Fraction(1))
    # "More than one in five" is a rate above 1/5: the side is judged on the rate.
    side_ok = _on_side(q, Fraction(k, n), 1 / figure)
    near = bool(q) and _near(ratio, figure)
    numbers: dict[str, Any] = {
        "value": float(value.value),
        "one_in": float(ratio),
        "nearest_whole": int(nearest),
        "right_side": side_ok,
        "within_rounding": nearest == figure,
        "within_tolerance": near,
        "tolerance": float(TOLERANCE) if q else None,
        "derived": [f"one in {float(ratio):.6g} = {n:,} ÷ {k:,}"],
    }
    head = (
        f"{value.formula} = {fmt.pct(float(value.value))}, one in {_show(ratio, Fraction(1, 100))}"
    )
    if not side_ok:
        return (
            INCONSISTENT,
            f"{head}, {_side_text(q, f'1/{claim.figure}', False)}, so not '{wording}'",
            numbers,
        )
    side = _side_text(q, f"1/{claim.figure}", True) if q else ""
    if nearest == figure:
        whole = f"one in {int(nearest)} to the nearest whole number"
        return SUPPORTED, f"{head}: {_and(side, whole)}", numbers
    if near:
        near_text = f"within {int(TOLERANCE * 100)}% of one in {claim.figure}"
        return SUPPORTED, f"{head}: {_and(side, near_text)}", numbers
    return (
        INCONSISTENT,
        f"{head}, which is one in {int(nearest)} to the nearest whole number, not '{wording}'",
        numbers,
    )


def _alternatives(claim: Claim, study: Study, catalog: Catalog) -> list[dict[str, Any]]:
    """The same check with a count another source gives (``contradictions.csv``)."""
    out = []
    for c in catalog.contradictions_for(study.id):
        if c.field not in ("tested", "false_matches"):
            continue
        try:
            other = int(c.value_other.replace(",", ""))
        except ValueError:
            continue
        k, n = study.require_counts()
        if c.field == "tested":
            n = other
        else:
            k = other
        if n <= 0 or k > n:
            continue
        verdict, _, numbers = _grim(claim, _Value(Fraction(k, n), f"{k:,} / {n:,}", k, n))
        record: dict[str, Any] = {
            "field": c.field,
            "value_other": other,
            "source": c.other_source,
            "source_short": c.other_source.split(",")[0].removeprefix("secondary: "),
            "false_matches": k,
            "tested": n,
            "value": k / n,
            "holds": verdict == SUPPORTED,
        }
        for key in ("one_in", "nearest_whole"):
            if key in numbers:
                record[key] = numbers[key]
        out.append(record)
    return out


# --------------------------------------------------------------------------- #
# threshold
# --------------------------------------------------------------------------- #


def _rows_of(catalog: Catalog, ref: str) -> list[Study]:
    """Every whole-population row of a study id (all thresholds), or the one ``ID@T`` names."""
    if "@" in ref:
        return [catalog.resolve(ref)]
    base = catalog.resolve(ref).id
    return [s for s in catalog.studies if s.id == base and s.subgroup == "all"]


def _check_threshold(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    figure = float(claim.figure)
    if claim.form == "used":
        return _threshold_used(claim, catalog, figure)
    return _threshold_advised(claim, catalog, figure)


def _threshold_used(claim: Claim, catalog: Catalog, figure: float) -> Outcome:
    studies = [catalog.resolve(ref) for ref in claim.studies]
    rows = [{"id": s.ref, "label": s.label, "threshold": s.threshold.value} for s in studies]
    numbers: dict[str, Any] = {"stated_threshold": figure, "studies": rows}
    differ = [s for s in studies if s.threshold.value is not None and s.threshold.value != figure]
    unknown = [s for s in studies if s.threshold.value is None]
    same = [s for s in studies if s.threshold.value == figure]
    if differ:
        names = "; ".join(f"{s.label} used {s.threshold_label}" for s in differ)
        return INCONSISTENT, f"{names}, not {figure:g}%", numbers
    if unknown:
        names = ", ".join(s.label for s in unknown)
        numbers["missing"] = [f"the threshold used in {s.label}" for s in unknown]
        return (
            CANNOT,
            f"the threshold used in {names} was never published; the other {len(same)} "
            f"used {figure:g}%",
            numbers,
        )
    return (
        SUPPORTED,
        f"all {len(same)} studies used {figure:g}% ({', '.join(s.label for s in same)})",
        numbers,
    )


def _threshold_advised(claim: Claim, catalog: Catalog, figure: float) -> Outcome:
    rows = [row for ref in claim.studies for row in _rows_of(catalog, ref)]
    default = [s for s in rows if s.threshold.value is not None and s.threshold.value < figure]
    above = [s for s in rows if s.threshold.value is not None and s.threshold.value >= figure]
    no_threshold = [s for s in rows if s.threshold.value is None]
    direct = [s for s in above if s.n is not None and s.k is not None]
    no_n = [s for s in above if s.n is None or s.k is None]
    direct_ids = {s.id for s in direct}
    # A match at or above T is also at or above any t < T, so a zero at t implies a zero at T.
    implied = [s for s in default if s.k == 0 and s.n is not None and s.id not in direct_ids]
    evidence = direct + implied
    can: list[str] = []
    cannot: list[str] = []
    lowest = [s for s in default if s.k is not None and s.n is not None and s.default]
    if lowest:
        can.append(
            "At the lower threshold the studies used: "
            + "; ".join(
                f"{s.label} {_of(s.k or 0, s.n or 0)} ({fmt.pct(s.rate)}) at {s.threshold_label}"
                for s in lowest
            )
            + "."
        )
    numbers: dict[str, Any] = {
        "advised_threshold": figure,
        "level": LEVEL,
        "below_advised": [_counts_record(s) for s in default],
        "at_or_above_advised": [_counts_record(s) for s in direct],
        "implied_at_advised": [{**_counts_record(s), "implied_false_matches": 0} for s in implied],
    }
    for s in no_threshold:
        cannot.append(f"{s.label}: its threshold was never published, so it cannot be placed.")
    for s in no_n:
        cannot.append(
            f"{_name(s)}: {s.k if s.k is not None else 'unpublished'} false matches at "
            f"{s.threshold_label}, but the number of probes was never published, so no rate."
        )
    cannot.append(
        "What a higher threshold costs in missed true matches: none of these tests could "
        "measure it, since the people searched were not meant to be in the galleries."
    )
    cannot.append("Which threshold police actually use: that is not in these data.")
    if implied:
        numbers["derived"] = [
            f"{_name(s)}: 0 false matches at {s.threshold_label} implies 0 at {figure:g}% "
            "(a match at or above the higher threshold is also at or above the lower one)"
            for s in implied
        ]
    if not evidence:
        numbers["can_be_said"] = can
        numbers["cannot_be_said"] = cannot
        missing = "; ".join(f"the number of probes in {_name(s)}" for s in no_n) or (
            f"any result at or above {figure:g}%"
        )
        numbers["missing"] = missing
        return (
            CANNOT,
            f"no study published a rate at or above {figure:g}%: {missing} was never published",
            numbers,
        )
    from .stats.intervals import upper_bound

    k_total = sum(s.k or 0 for s in evidence)
    n_total = sum(s.n or 0 for s in evidence)
    bound = upper_bound(k_total, n_total, level=LEVEL)
    same_ids = {s.id for s in evidence}
    base_rows = [s for s in lowest if s.id in same_ids]
    kb, nb = sum(s.k or 0 for s in base_rows), sum(s.n or 0 for s in base_rows)
    numbers.update(
        false_matches_at_advised=k_total,
        tested_at_advised=n_total,
        upper_bound_at_advised=bound,
        upper_bound_method="exact (Clopper-Pearson) one-sided",
        same_probes_below={"false_matches": kb, "tested": nb, "rate": kb / nb if nb else None},
    )
    who = "; ".join(
        f"{_name(s)}: {_of(s.k or 0, s.n or 0)}"
        + (f", so 0 at {figure:g}% (implied)" if s in implied else "")
        for s in evidence
    )
    can.append(
        f"At {figure:g}%: {who}. With {_of(k_total, n_total)}, the rate is at most "
        f"{fmt.pct(bound, 2)} (one-sided {fmt.level_pct(LEVEL)} exact bound)."
    )
    numbers["can_be_said"] = can
    numbers["cannot_be_said"] = cannot
    fewer = "below" if nb and bound < kb / nb else "not clearly below"
    reason = (
        "advice on a threshold weighs two kinds of error, and only one was measured: "
        f"at {figure:g}%, {_of(k_total, n_total)} false matches"
        f"{' (implied by the zero at a lower threshold)' if implied and not direct else ''}, "
        f"at most {fmt.pct(bound, 2)} (one-sided 95%), {fewer} {_of(kb, nb)} "
        f"({fmt.pct(kb / nb if nb else None)}) of the same people at the default; "
        "missed true matches were never measured"
    )
    numbers["false_matches_fewer_at_advised"] = bool(nb and bound < kb / nb)
    return CANNOT, reason, numbers


_CHECKERS: dict[str, Callable[[Claim, Catalog, tuple[str, ...]], Outcome]] = {
    "change": _check_change,
    "no-change": _check_no_change,
    "disparity": _check_disparity,
    "zero": _check_zero,
    "arithmetic": _check_arithmetic,
    "threshold": _check_threshold,
}
