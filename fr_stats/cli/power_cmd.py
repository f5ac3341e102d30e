"""``fr-stats power``: power, sample size or the smallest detectable change."""

import math
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import text
from ..render import Column, Format, emit
from .app import DataOption, FormatOption, app, guarded

if TYPE_CHECKING:
    from ..analysis.power import PowerResult

COLUMNS = [Column("quantity", "quantity"), Column("value", "value", justify="right")]
CSV_COLUMNS = ["solved_for", "p1", "p2", "mde", "n_per_group", "power", "level", "p2_below",
               "mde_below", "n_studies", "mde_at_study_size"]  # fmt: skip


def _n(n: float | None) -> str:
    if n is None:
        return "—"
    whole = round(n)
    return f"{whole:,}" if abs(n - whole) < 1e-9 else f"{n:,.1f}"


def _rows(r: "PowerResult") -> list[dict[str, str]]:
    rows = [{"quantity": f"{s['id']} ({s['false_matches']:,} / {s['tested']:,})",
             "value": text.pct(s["rate"])} for s in r.studies]  # fmt: skip
    rows.append({"quantity": "p1 (reference rate)", "value": text.pct(r.p1, 2)})
    if r.solved_for == "p2":
        rows.append({"quantity": "people per group", "value": _n(r.n_per_group)})
        rows.append({"quantity": "power wanted", "value": text.pct(r.power, 0)})
        rise = (
            ("none (100% cannot rise)" if r.p1 == 1 else "none up to 100%")
            if r.p2 is None or r.mde is None
            else f"{text.pct(r.p2, 2)} ({text.points(r.mde, 2)} points)"
        )
        fall = (
            ("none (0% cannot fall)" if r.p1 == 0 else "none down to 0%")
            if r.p2_below is None or r.mde_below is None
            else f"{text.pct(r.p2_below, 2)} ({text.points(r.mde_below, 2)} points)"
        )
        rows.append({"quantity": "smallest detectable rise", "value": rise})
        rows.append({"quantity": "smallest detectable fall", "value": fall})
    else:
        rows.append({"quantity": "p2", "value": text.pct(r.p2, 2)})
        rows.append({"quantity": "difference", "value": f"{text.points(r.mde or 0, 2)} points"})
        if r.solved_for == "n":
            rows.append({"quantity": "power wanted", "value": text.pct(r.power, 0)})
            need = r.n_per_group or 0.0
            value = f"{math.ceil(need - 1e-9):,} ({need:,.1f} unrounded)"
            rows.append({"quantity": "people needed per group", "value": value})
            if r.n_studies is not None:
                detect = (
                    "none"
                    if r.mde_at_study_size is None
                    else f"{text.points(r.mde_at_study_size, 2)} points"
                )
                rows.append(
                    {"quantity": f"detectable with {_n(r.n_studies)} per group", "value": detect}
                )
        else:
            rows.append({"quantity": "people per group", "value": _n(r.n_per_group)})
            rows.append({"quantity": "power", "value": text.pct(r.power, 1)})
    rows.append({"quantity": "confidence level", "value": text.level_pct(r.level)})
    return rows


def _table(
    con: Any, r: "PowerResult", rows: list[dict[str, str]], title: str, notes: list[str]
) -> None:
    from rich.table import Table
    from rich.text import Text

    con.print(Text(title, style="bold"))
    table = Table(header_style="bold")
    table.add_column("quantity")
    table.add_column("value", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(Text(row["quantity"]), Text(row["value"]))
    con.print(table)
    con.print(Text(notes[0]))
    for note in notes[1:]:
        con.print(Text(f"Note: {note}"))
    con.print(Text(f"Method: {r.method}."))


@app.command()
@guarded
def power(
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID ID]", help="Two study ids (ID@THRESHOLD or K/N too): use their rates."
        ),
    ] = None,
    p1: Annotated[
        float | None, typer.Option("--p1", help="Reference rate as a proportion (0.052).")
    ] = None,
    p2: Annotated[
        float | None, typer.Option("--p2", help="Second rate: gives the sample size needed.")
    ] = None,
    n: Annotated[
        float | None, typer.Option("--n", help="People per group: gives the detectable change.")
    ] = None,
    power_wanted: Annotated[
        float, typer.Option("--power", help="Power wanted, as a proportion.")
    ] = 0.8,
    level: Annotated[
        float,
        typer.Option(
            "--level", "-l", metavar="LEVEL", help="Confidence level; the test is at 1 - level."
        ),
    ] = 0.95,
    fmt: FormatOption = Format.table,
    data: DataOption = None,
) -> None:
    """Power and sample size for telling two false-match rates apart.

    Examples:

    \b
      fr-stats power aclu2018 comparitech2020
      fr-stats power --p1 0.052 --n 535
    """
    from ..analysis.power import power as compute
    from ..live import denominator_notes, given
    from ..words.live import reword

    live = given(refs or [], data or ())
    result = compute(
        refs or (), p1=p1, p2=p2, n=n, power=power_wanted, level=level, data=data or ()
    )
    rows = _rows(result)
    verdict, notes = result.verdict, list(result.notes)
    if live:
        notes = [reword(n) for n in notes] + denominator_notes(live, level)
        rows = [{**row, "quantity": reword(row["quantity"])} for row in rows]
        verdict = reword(verdict)
    title = {
        "p2": "Smallest detectable change (two groups, two-sided test)",
        "n": "Sample size needed (two groups, two-sided test)",
        "power": "Power (two groups, two-sided test)",
    }[result.solved_for]
    record = {k: v for k, v in result.to_dict().items() if k in CSV_COLUMNS}
    emit(
        fmt,
        data={**result.to_dict(), "verdict": verdict, "notes": notes},
        records=[record] if fmt is Format.csv else rows,
        columns=COLUMNS,
        csv_columns=CSV_COLUMNS,
        title=title,
        notes=[verdict, *notes],
        table=lambda con: _table(con, result, rows, title, [verdict, *notes]),
    )
