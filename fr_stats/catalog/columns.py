"""The columns of each bundled table, and each row checked and turned into its record.

Every rule of the format (see ``data/README.md``) that concerns one row is
checked here: ids, dates, web addresses, counts in range, and each number's
kind and verbatim quote.
"""

from __future__ import annotations

import re
from typing import TypedDict

from ..provenance import quote_contains
from ..tasks import FACE_MATCHING, GENDER_CLASSIFICATION
from .records import KINDS, Contradiction, Fact, GenderResult, Study, _fmt
from .table import _Row

_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


_FACT_SUFFIXES = ("kind", "quote", "source")


def _fact_columns(name: str) -> list[str]:
    return [name] + [f"{name}_{s}" for s in _FACT_SUFFIXES]


STUDY_COLUMNS: tuple[str, ...] = (
    "id",
    "threshold",
    "subgroup",
    "label",
    "citation",
    "population",
    "task",
    "system",
    "publisher",
    "published",
    "url",
    "retrieved",
    *_fact_columns("tested"),
    *_fact_columns("false_matches"),
    *_fact_columns("gallery"),
    *[f"threshold_{s}" for s in _FACT_SUFFIXES],
    *_fact_columns("population_share"),
    "combines",
    "notes",
)
GENDER_COLUMNS: tuple[str, ...] = (
    "id",
    "subgroup",
    "label",
    "citation",
    "task",
    "system",
    "benchmark",
    "publisher",
    "published",
    "url",
    "retrieved",
    *_fact_columns("error_rate"),
    *_fact_columns("subjects"),
    "notes",
)
CONTRADICTION_COLUMNS: tuple[str, ...] = (
    "id",
    "field",
    "value_used",
    "value_other",
    "other_source",
    "other_quote",
    "why",
)


def _fact(row: _Row, name: str, *, value: int | float | None) -> Fact:
    kind = row.text(f"{name}_kind")
    quote = row.text(f"{name}_quote")
    source = row.text(f"{name}_source") if f"{name}_source" in row.cells else ""
    if value is None:
        if kind:
            raise row.error(f"{name}_kind", f"gives a kind ('{kind}') but '{name}' is empty")
        return Fact(None, "", quote, source)
    if not kind:
        raise row.error(
            f"{name}_kind", f"is empty; say how '{name}' was obtained: {', '.join(KINDS)}"
        )
    if kind not in KINDS:
        raise row.error(f"{name}_kind", f"unknown kind '{kind}'; allowed: {', '.join(KINDS)}")
    if not quote:
        what = (
            "the formula that gives it"
            if kind == "derived"
            else "a verbatim quote that contains it"
        )
        raise row.error(f"{name}_quote", f"is empty; '{name}' = {_fmt(value)} needs {what}")
    if not quote_contains(quote, value):
        raise row.error(
            f"{name}_quote",
            f"does not contain the number {_fmt(value)} given in '{name}'",
        )
    return Fact(value, kind, quote, source)


class _Common(TypedDict):
    """The cells every result table shares, checked: the first arguments of each record."""

    id: str
    subgroup: str
    label: str
    citation: str
    system: str
    publisher: str
    published: str
    url: str
    retrieved: str
    notes: str


def _common(row: _Row) -> _Common:
    ident = row.text("id", required=True)
    if not _ID.match(ident):
        raise row.error(
            "id",
            f"'{ident}' is not a valid id: use lowercase letters, digits and single hyphens "
            "(for example aclu2019-ca)",
        )
    published = row.date("published", month_only=True, required=True)
    retrieved = row.date("retrieved", month_only=False)
    url = row.text("url")
    if url and not url.startswith(("https://", "http://")):
        raise row.error("url", f"'{url}' is not a web address (http:// or https://)")
    return _Common(
        id=ident,
        subgroup=row.text("subgroup", required=True),
        label=row.text("label", required=True),
        citation=row.text("citation", required=True),
        system=row.text("system", required=True),
        publisher=row.text("publisher", required=True),
        published=published,
        url=url,
        retrieved=retrieved,
        notes=row.text("notes"),
    )


def _parse_study(row: _Row) -> Study:
    common = _common(row)
    task = row.text("task", required=True)
    if task != FACE_MATCHING:
        raise row.error(
            "task",
            f"'{task}' is not allowed in a studies table, which holds only '{FACE_MATCHING}' "
            f"results; '{GENDER_CLASSIFICATION}' results have their own table",
        )
    tested = row.number_cell("tested", integer=True, low=1)
    false_matches = row.number_cell("false_matches", integer=True)
    if tested is not None and false_matches is not None and false_matches > tested:
        raise row.error(
            "false_matches",
            f"{false_matches} false matches is more than the {tested} probes tested",
        )
    threshold = row.number_cell("threshold", integer=False, low=0, high=100)
    share = row.number_cell("population_share", integer=False, low=0, high=100)
    combines = tuple(s.strip() for s in row.text("combines").split(";") if s.strip())
    return Study(
        **common,
        population=row.text("population", required=True),
        tested=_fact(row, "tested", value=tested),
        false_matches=_fact(row, "false_matches", value=false_matches),
        gallery=_fact(row, "gallery", value=row.number_cell("gallery", integer=True, low=1)),
        threshold=_fact(row, "threshold", value=threshold),
        population_share=_fact(row, "population_share", value=share),
        combines=combines,
        task=task,
        origin=str(row.path),
        row=row.number,
    )


def _parse_gender(row: _Row) -> GenderResult:
    common = _common(row)
    task = row.text("task", required=True)
    if task != GENDER_CLASSIFICATION:
        raise row.error(
            "task",
            f"'{task}' is not allowed here; this table holds '{GENDER_CLASSIFICATION}' results",
        )
    rate = row.number_cell("error_rate", integer=False, low=0, high=100)
    if rate is None:
        raise row.error("error_rate", "is empty; this column is required")
    return GenderResult(
        **common,
        benchmark=row.text("benchmark", required=True),
        error_rate=_fact(row, "error_rate", value=rate),
        subjects=_fact(row, "subjects", value=row.number_cell("subjects", integer=True, low=1)),
        origin=str(row.path),
    )


def _parse_contradiction(row: _Row) -> Contradiction:
    other = row.text("value_other", required=True)
    quote = row.text("other_quote", required=True)
    if _is_number(other) and not quote_contains(quote, float(other.replace(",", ""))):
        raise row.error("other_quote", f"does not contain the other value {other}")
    return Contradiction(
        id=row.text("id", required=True),
        field=row.text("field", required=True),
        value_used=row.text("value_used", required=True),
        value_other=other,
        other_source=row.text("other_source", required=True),
        other_quote=quote,
        why=row.text("why", required=True),
    )


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True
