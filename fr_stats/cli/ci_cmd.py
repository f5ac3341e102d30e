"""``fr-stats ci``: confidence intervals for one false-match rate."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import text
from ..render import Column, Format, emit
from ..words import rate as rate_words
from .app import DataOption, FormatOption, LevelOption, app, guarded

if TYPE_CHECKING:
    from rich.console import Console

    from ..analysis.intervals import CIResult

CSV_COLUMNS = ["id", "label", "false_matches", "tested", "rate", "level", "method", "low", "high"]


def _records(r: "CIResult") -> list[dict[str, Any]]:
    from ..stats.intervals import METHOD_NAMES

    return [
        {
            "id": r.id,
            "label": r.label,
            "false_matches": r.false_matches,
            "tested": r.tested,
            "rate": r.rate,
            "level": r.level,
            "method": i.method,
            "description": METHOD_NAMES[i.method],
            "low": i.low,
            "high": i.high,
        }
        for i in r.intervals
    ]


def _headline(r: "CIResult", digits: int) -> str:
    return (
        f"{r.id} ({r.label}): {r.false_matches:,} false matches of {r.tested:,} tested, "
        f"{text.pct(r.rate, digits)}"
    )


def _notes(r: "CIResult", digits: int) -> list[str]:
    notes = []
    if r.upper_bound is not None:
        notes.append(rate_words.zero_bound(r.tested, r.upper_bound, r.level, digits))
    notes.extend(f"Caveat: {c}" for c in r.caveats)
    return notes


def _table(con: "Console", r: "CIResult", digits: int) -> None:
    from rich.table import Table
    from rich.text import Text

    con.print(Text(_headline(r, digits)))
    table = Table(header_style="bold")
    table.add_column("method", no_wrap=True)
    table.add_column(f"{text.level_pct(r.level)} interval", justify="right", no_wrap=True)
    table.add_column("about the method")
    for rec in _records(r):
        span = f"{text.pct(rec['low'], digits)} to {text.pct(rec['high'], digits)}"
        table.add_row(rec["method"], span, Text(rec["description"]))
    con.print(table)
    for note in _notes(r, digits):
        con.print(Text(note))


@app.command()
@guarded
def ci(
    study_id: Annotated[
        str, typer.Argument(metavar="ID|K/N", help="A study id, ID@THRESHOLD, or counts K/N.")
    ],
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            help="wilson (default), wilson-cc, exact, mid-p, jeffreys, agresti-coull, wald, or all.",
        ),
    ] = "wilson",
    level: LevelOption = 0.95,
    fmt: FormatOption = Format.table,
    data: DataOption = None,
) -> None:
    """Confidence interval for one false-match rate (Wilson by default; --method all).

    Examples:

    \b
      fr-stats ci aclu2018
      fr-stats ci comparitech2020@95 --method all
    """
    from ..analysis.intervals import ci as compute
    from ..catalog import load
    from ..live import LiveResult
    from ..live import ci as live_ci

    if "/" not in study_id:
        found = load(data or ()).resolve(study_id)
        if isinstance(found, LiveResult):
            from .live_view import print_ci

            print_ci(live_ci(found, method=method, level=level), fmt)
            return
    r = compute(study_id, method=method, level=level, data=data or ())
    values = [r.rate] + [v for i in r.intervals for v in (i.low, i.high)]
    if r.upper_bound is not None:
        values.append(r.upper_bound)
    digits = text.rate_decimals(*values)
    emit(
        fmt,
        data=r.to_dict(),
        records=_records(r),
        columns=[
            Column("method", "method"),
            Column("low", "low", lambda v: text.pct(v, digits), "right"),
            Column("high", "high", lambda v: text.pct(v, digits), "right"),
            Column("description", "about the method"),
        ],
        csv_columns=CSV_COLUMNS,
        title=_headline(r, digits),
        notes=_notes(r, digits),
        table=lambda con: _table(con, r, digits),
    )
