"""The claims table: its columns, the rules each row must follow, and its reader.

One row per claim (``data/claims.csv``, or a user's file given with
``--data``); the columns and the parameters each check takes are listed in
:mod:`fr_stats.ledger`. :func:`read_claims` reads and validates one file;
:func:`validate_against` checks the rows against the loaded studies.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..catalog import _ID, Catalog, _read_table, _read_text, _Row
from ..errors import DataFileError, FrStatsError
from ..tasks import LIVE_FACIAL_RECOGNITION

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
when it is not within the figure's rounding: 10% of the figure, either way (for a
percentage, of the smaller of the figure and its distance from 100%)."""
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
            "parameters": self.parameters(),
            "notes": self.notes or None,
        }

    def parameters(self) -> dict[str, Any]:
        """The parameters this claim's check was given (those left empty are not listed)."""
        return {
            name: getattr(self, name)
            for name in PARAMETERS
            if getattr(self, name) not in ("", None)
        }


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


def validate_against(catalog: Catalog, claims_: Iterable[Claim]) -> None:
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
