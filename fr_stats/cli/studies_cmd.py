"""``fr-stats list`` and ``fr-stats show``."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import text
from ..render import Column, Format, emit
from ..tasks import FACE_MATCHING, GENDER_CLASSIFICATION, LIVE_FACIAL_RECOGNITION
from .app import DataOption, FormatOption, app, guarded

if TYPE_CHECKING:
    from ..catalog import GenderResult, Study


class Task(StrEnum):
    face_matching = FACE_MATCHING
    gender_classification = GENDER_CLASSIFICATION
    live_facial_recognition = LIVE_FACIAL_RECOGNITION


STUDY_COLUMNS = [
    Column("id", "id", no_wrap=True),
    Column("label", "study"),
    Column("subgroup", "subgroup"),
    Column("threshold", "threshold", lambda t: "—" if t is None else f"{t:g}%", "right", True),
    Column("counts", "false matches\n/ tested", justify="right", no_wrap=True),
    Column("rate", "rate", text.pct, "right", True),
]
STUDY_CSV = [
    "id", "study", "subgroup", "label", "citation", "publisher", "published", "population",
    "threshold", "false_matches", "false_matches_kind", "tested", "tested_kind", "rate",
    "gallery", "population_share", "url", "retrieved",
]  # fmt: skip
GENDER_COLUMNS = [
    Column("id", "id"),
    Column("citation", "source"),
    Column("system", "system"),
    Column("subgroup", "subgroup"),
    Column("error_rate_percent", "error rate", lambda v: f"{v:g}%", "right"),
    Column("subjects", "faces", text.count, "right"),
]
GENDER_CSV = ["id", "subgroup", "label", "citation", "system", "benchmark", "error_rate_percent",
              "subjects", "publisher", "published", "url", "retrieved"]  # fmt: skip


def _columns(fmt: Format, subgroups: bool) -> list[Column]:
    """The terminal table stays narrow; Markdown also gets publisher, date and population."""
    columns = [c for c in STUDY_COLUMNS if subgroups or c.key != "subgroup"]
    if fmt is Format.markdown:
        columns[2:2] = [
            Column("publisher", "publisher"),
            Column("published", "date"),
            Column("population", "population"),
        ]
    return columns


def study_record(study: "Study") -> dict[str, Any]:
    record = study.to_dict()
    record["counts"] = f"{text.count(study.k)} / {text.count(study.n)}"
    record["false_matches_kind"] = study.false_matches.kind or None
    record["tested_kind"] = study.tested.kind or None
    return record


@app.command("list")
@guarded
def list_(
    fmt: FormatOption = Format.table,
    data: DataOption = None,
    subgroups: Annotated[bool, typer.Option("--subgroups", help="Include subgroup rows.")] = False,
    task: Annotated[
        Task, typer.Option("--task", help="Which task's results to list.")
    ] = Task.face_matching,
) -> None:
    """List every published result with its counts.

    Examples:

    \b
      fr-stats list
      fr-stats list --task live-facial-recognition
    """
    from ..catalog import load
    from ..live import live_results

    catalog = load(data or ())
    if task is Task.live_facial_recognition:
        from .live_view import list_live

        list_live(live_results(catalog), fmt)
        return
    if task is Task.gender_classification:
        records = [g.to_dict() for g in catalog.gender]
        emit(
            fmt,
            data={"gender_classification": records},
            records=records,
            columns=GENDER_COLUMNS,
            csv_columns=GENDER_CSV,
            title="Gender classification: error rates (a different task from face matching)",
            notes=[
                "Error rates are as published; subgroup sizes were not found in any source read."
            ],
        )
        return
    records = [study_record(s) for s in catalog.results(subgroups=subgroups)]
    notes = [
        "Rates are false matches / probes tested. 'unpublished': no source gives the number.",
        f"{len(catalog.gender)} gender-classification results are kept apart: "
        "fr-stats list --task gender-classification",
        f"{len(catalog.live)} live-facial-recognition results (false alerts among alerts) are "
        "kept apart: fr-stats list --task live-facial-recognition",
    ]
    emit(
        fmt,
        data={"studies": records},
        records=records,
        columns=_columns(fmt, subgroups),
        csv_columns=STUDY_CSV,
        title="Face matching: published false-match results",
        notes=notes,
    )


@app.command()
@guarded
def show(
    study_id: Annotated[
        str, typer.Argument(metavar="ID", help="A study id, ID@THRESHOLD, or K/N.")
    ],
    fmt: FormatOption = Format.table,
    data: DataOption = None,
) -> None:
    """Show every field of one result, its sources with quotes, and contradictions.

    Examples:

    \b
      fr-stats show aclu2018
      fr-stats show comparitech2020@95 --format json
    """
    from ..catalog import load
    from ..live import LiveResult

    catalog = load(data or ())
    found = catalog.lookup(study_id)
    if isinstance(found, list):
        _show_gender(found, fmt)
        return
    if isinstance(found, LiveResult):
        from .live_view import show_live

        show_live(found, catalog.contradictions_for(found.id), fmt)
        return
    study = found
    subgroups = catalog.subgroups_of(study)
    contradictions = catalog.contradictions_for(study.id)
    data_out = study.to_dict()
    data_out["subgroups"] = [s.to_dict() for s in subgroups]
    data_out["contradictions"] = [c.to_dict() for c in contradictions]
    records = _fact_records(study) + [r for s in subgroups for r in _fact_records(s)]
    columns = [
        Column("subgroup", "subgroup"),
        Column("quantity", "quantity"),
        Column("value", "value", justify="right"),
        Column("kind", "kind"),
        Column("quote", "quote (verbatim) or formula"),
        Column("source", "read in"),
    ]
    emit(
        fmt,
        data=data_out,
        records=records,
        columns=columns,
        title=f"{study.ref}: {study.label}",
        table=lambda con: _show_table(con, study, subgroups, contradictions),
    )


def _fact_records(study: "Study") -> list[dict[str, Any]]:
    names = {
        "false_matches": "false matches",
        "tested": "probes tested",
        "gallery": "gallery size",
        "threshold": "threshold (%)",
        "population_share": "share of population (%)",
    }
    records = []
    for key, fact in study.facts().items():
        if fact.value is None and not fact.quote:
            if key in ("false_matches", "tested"):
                records.append({"subgroup": study.subgroup, "quantity": names[key], "value": "unpublished",
                                "kind": "", "quote": "no source gives this number", "source": ""})  # fmt: skip
            continue
        records.append(
            {
                "subgroup": study.subgroup,
                "quantity": names[key],
                "value": "unpublished" if fact.value is None else f"{fact.value:,g}",
                "kind": fact.kind,
                "quote": fact.quote,
                "source": fact.source or (study.url if not study.adhoc else "command line"),
            }
        )
    return records


def _show_table(
    con: Any, study: "Study", subgroups: "list[Study]", contradictions: list[Any]
) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    fields = [
        ("id", study.ref),
        ("label", study.label),
        ("task", study.task),
        ("system", study.system),
        ("population", study.population),
        ("threshold", study.threshold_label),
        ("false matches", f"{text.count(study.k)} of {text.count(study.n)} probes"
         + (f" ({text.pct(study.rate)})" if study.rate is not None else "")),
        ("gallery", text.count(None if study.gallery.value is None else int(study.gallery.value))),
        ("publisher", study.publisher),
        ("published", study.published or "—"),
        ("source read", study.retrieved or "—"),
    ]  # fmt: skip
    if study.notes:
        fields.append(("notes", study.notes))
    for name, value in fields:
        head.add_row(name, Text(value))
    con.print(head)
    con.print(Text("url", style="bold"))
    con.print(Text(f"  {study.url or '—'}"), overflow="ignore", crop=False, soft_wrap=True)
    for s in [study, *subgroups]:
        con.print(Text(f"Sources: {s.subgroup}", style="bold"))
        for r in _fact_records(s):
            _print_fact(con, r)
        if s is not study and s.notes:
            con.print(Text(f"Note ({s.subgroup}): {s.notes}"))
    for c in contradictions:
        con.print(
            Text(f"Contradiction ({c.field}): {c.value_used} used; {c.value_other} elsewhere")
        )
        _print_fact(con, {"quantity": "  other value", "value": c.value_other, "kind": "",
                          "quote": c.other_quote, "source": c.other_source})  # fmt: skip
        con.print(Padding(Text(f"why: {c.why}"), (0, 0, 0, 2)))


def _print_fact(con: Any, r: dict[str, Any]) -> None:
    """One fact as a block that reads at 80 columns: what, the quote, where it was read.

    The quote wraps to the terminal's width; an address stays on its own line,
    unbroken, so it can be copied.
    """
    from rich.padding import Padding
    from rich.text import Text

    kind = f" ({r['kind']})" if r["kind"] and r["kind"] != "reported" else ""
    con.print(Text(f"{r['quantity']}: {r['value']}{kind}"))
    if r["value"] == "unpublished" and not r["kind"]:
        con.print(Text("  no source gives this number"))
    elif r["quote"]:
        con.print(Padding(Text(f"\u201c{r['quote']}\u201d"), (0, 0, 0, 2)))
    source = str(r["source"])
    if source:
        head, sep, address = source.rpartition(", http")
        if sep:
            con.print(Text(f"  read in: {head}"))
            con.print(Text(f"  http{address}"), overflow="ignore", crop=False, soft_wrap=True)
        elif source.startswith("http"):
            con.print(Text("  read in: the study's own page"))
            con.print(Text(f"  {source}"), overflow="ignore", crop=False, soft_wrap=True)
        else:
            con.print(Text(f"  read in: {source}"))


def _show_gender(rows: "list[GenderResult]", fmt: Format) -> None:
    records = [g.to_dict() for g in rows]
    columns = [
        *GENDER_COLUMNS,
        Column("quote", "quote (verbatim)"),
        Column("notes", "notes", lambda v: v or ""),
    ]
    emit(
        fmt,
        data={"id": rows[0].id, "task": GENDER_CLASSIFICATION, "results": records},
        records=records,
        columns=columns,
        csv_columns=[*GENDER_CSV, "quote", "notes"],
        title=f"{rows[0].id}: {rows[0].label} (gender classification, a different task from face matching)",
        notes=[f"Source: {rows[0].url}"],
        table=lambda con: _gender_blocks(con, rows),
    )


def _gender_blocks(con: Any, rows: "list[GenderResult]") -> None:
    """One block per published rate: it reads at 80 columns, the quote wrapped, the
    address unbroken."""
    from rich.text import Text

    first = rows[0]
    con.print(Text(f"{first.id}: {first.label} (gender classification, a different task "
                   "from face matching)", style="bold"))  # fmt: skip
    con.print(Text("url", style="bold"))
    con.print(Text(f"  {first.url}"), overflow="ignore", crop=False, soft_wrap=True)
    for g in rows:
        faces = "unpublished" if g.subjects.value is None else f"{g.subjects.value:,g}"
        con.print(Text(f"{g.system}, {g.subgroup}: error rate {g.error_rate.value:g}%, "
                       f"faces {faces}"))  # fmt: skip
        _print_fact(con, {"quantity": "error rate (%)", "value": f"{g.error_rate.value:g}",
                          "kind": g.error_rate.kind, "quote": g.error_rate.quote,
                          "source": g.error_rate.source or g.url})  # fmt: skip
        if g.notes:
            con.print(Text(f"  note: {g.notes}"))
