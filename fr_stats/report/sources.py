"""Where each number came from: the report's provenance section.

The facts of each study are grouped by the quote they were read in, so a
sentence that gives three numbers is shown once with the three numbers
above it. Results are named in words (the study's label, then the
subgroup or threshold in brackets), never by the ids a user types. The
flat list of every fact, with ids, stays in ``results.json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..catalog import Catalog, Contradiction, Fact, GenderResult, Study
from ..words.report import read_in
from .content import Disagreement, Quoted, Section, Sources

QUANTITIES = {
    "false_matches": "false matches",
    "tested": "people tested",
    "gallery": "gallery size",
    "threshold": "threshold",
    "population_share": "share of population",
    "error_rate": "error rate",
    "false_matches_kind": "how the false matches were counted",
    "false_alerts": "false alerts",
    "alerts": "alerts",
    "verified_correct": "alerts verified correct",
    "unresolved": "alerts never resolved",
    "faces_scanned": "faces scanned",
    "watchlist": "watchlist size",
}
"""The words for each number a study row holds."""

_PERCENT = ("threshold", "population_share", "error_rate")


def provenance_section(catalog: Catalog) -> Section:
    """The provenance section: one folded entry per study, each quote once."""
    # results.json: the flat fact records and each contradiction as JSON
    records = _fact_records(catalog)
    contradictions = [c.to_dict() for c in catalog.contradictions]
    return Section(
        id="provenance",
        heading="Where each number came from",
        paragraphs=(
            "Every count carries the sentence it was read in, given below study by study. Each "
            "number is as the source stated it unless marked: average (an average of several "
            "runs, analysed as one count), derived (computed from other numbers: the formula "
            "is given instead of a quote) or share (a percentage, not a count). 'Read in' names "
            "press coverage where the study's own page did not give the number.",
            "Where sources disagree, the value used and the reason are given under the study.",
        ),
        sources=study_sources(catalog),
        results={"facts": records, "contradictions": contradictions},
    )


def study_sources(catalog: Catalog) -> tuple[Sources, ...]:
    """One :class:`Sources` per study id, in the order of the data."""
    rows: dict[str, list[Study | GenderResult]] = {}
    every: list[Study | GenderResult] = [*catalog.studies, *catalog.gender, *catalog.live]
    for row in every:
        rows.setdefault(row.id, []).append(row)
    disagreements: dict[str, list[Disagreement]] = {}
    for c in catalog.contradictions:
        disagreements.setdefault(c.id, []).append(_disagreement(c))
    return tuple(
        _study(group, tuple(disagreements.get(study_id, ()))) for study_id, group in rows.items()
    )


def _study(rows: list[Study | GenderResult], disagree: tuple[Disagreement, ...]) -> Sources:
    first = rows[0]
    quoted: dict[tuple[str, str], list[str]] = {}
    formulas: set[tuple[str, str]] = set()
    unpublished: list[str] = []
    seen: set[tuple[str, str, Fact]] = set()
    for row in rows:
        for key, fact in _facts(row):
            same = (key, row.subgroup, fact)  # another threshold's row repeats the fact
            if same in seen and not isinstance(row, GenderResult):
                continue
            seen.add(same)
            name = _name(key, row, rows)
            if fact.value is None and not fact.quote:
                if key in ("false_matches", "tested"):
                    unpublished.append(name)
                continue
            where = (fact.quote, read_in(fact.source))
            line = f"{name}: {_value(key, fact)}"
            if line not in quoted.setdefault(where, []):
                quoted[where].append(line)
            if fact.kind == "derived":
                formulas.add(where)
    return Sources(
        name=first.label,
        citation=first.citation,
        url=first.url,
        quoted=tuple(
            Quoted(tuple(lines), quote, read_in, (quote, read_in) in formulas)
            for (quote, read_in), lines in quoted.items()
        ),
        unpublished=tuple(dict.fromkeys(unpublished)),
        disagreements=disagree,
    )


def _facts(row: Study | GenderResult) -> Iterable[tuple[str, Fact]]:
    if isinstance(row, GenderResult):
        return [("error_rate", row.error_rate)]
    return row.facts().items()


def _name(key: str, row: Study | GenderResult, rows: list[Study | GenderResult]) -> str:
    """``'false matches (Patriots)'``: the quantity, then what tells the rows apart.

    A threshold or gallery belongs to the test, not to a subgroup, so it is
    named alone and shown once.
    """
    qualifiers = []
    if isinstance(row, GenderResult):
        qualifiers += [row.system, row.subgroup]
    elif key not in ("threshold", "gallery"):
        if row.subgroup != "all":
            qualifiers.append(row.subgroup)
        elif any(r.subgroup != "all" for r in rows):
            qualifiers.append("all")
        if not row.default:
            qualifiers.append(f"at {row.threshold_label}")
    words = QUANTITIES.get(key, key.replace("_", " "))
    return f"{words} ({', '.join(qualifiers)})" if qualifiers else words


def _number(value: float) -> str:
    """``25,000``, ``1,000,000``, ``31.37``: never an exponent."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _value(key: str, fact: Fact) -> str:
    if fact.value is None:
        shown = "not published"
    else:
        shown = _number(fact.value) + ("%" if key in _PERCENT else "")
    if fact.kind and fact.kind != "reported":
        shown += f" ({fact.kind})"
    return shown


def _disagreement(c: Contradiction) -> Disagreement:
    return Disagreement(
        number=QUANTITIES.get(c.field, c.field.replace("_", " ")),
        used=c.value_used,
        other=c.value_other,
        other_source=read_in(c.other_source),
        other_quote=c.other_quote,
        why=c.why,
    )


def _fact_records(catalog: Catalog) -> list[dict[str, Any]]:
    """Every fact as a flat record with ids, for ``results.json``."""
    records: list[dict[str, Any]] = []
    for study in [*catalog.studies, *catalog.live]:
        name = study.ref if study.subgroup == "all" else f"{study.ref} ({study.subgroup})"
        for key, fact in study.facts().items():
            if fact.value is None and not fact.quote:
                if key in ("false_matches", "tested"):
                    records.append(_record(name, key, "unpublished", "", "", ""))
                    records[-1]["quote"] = "no source gives this number"
                continue
            value = "unpublished" if fact.value is None else _number(fact.value)
            records.append(
                _record(name, key, value, fact.kind, fact.quote, fact.source or study.url)
            )
    for g in catalog.gender:
        e = g.error_rate
        records.append(
            _record(
                f"{g.id} ({g.system}, {g.subgroup})",
                "error_rate",
                "unpublished" if e.value is None else _number(e.value),
                e.kind,
                e.quote,
                e.source or g.url,
            )
        )
    return records


_RECORD_QUANTITIES: Mapping[str, str] = {
    "false_matches": "false matches",
    "tested": "people tested",
    "gallery": "gallery size",
    "threshold": "threshold (%)",
    "population_share": "share of population (%)",
    "error_rate": "error rate (%)",
    "false_alerts": "false alerts",
    "alerts": "alerts",
    "verified_correct": "alerts verified correct",
    "unresolved": "alerts never resolved",
    "faces_scanned": "faces scanned",
    "watchlist": "watchlist size",
}


def _record(name: str, key: str, value: str, kind: str, quote: str, read_in: str) -> dict[str, Any]:
    return {
        "result": name,
        "quantity": _RECORD_QUANTITIES[key],
        "value": value,
        "kind": kind,
        "quote": quote,
        "read_in": read_in,
    }
