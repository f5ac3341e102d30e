"""``fr-stats pool``: a pooled false-match rate across studies."""

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import text
from ..render import Column, Format, emit
from ..stats.pool import METHODS
from .app import DataOption, FormatOption, LevelOption, app, guarded

if TYPE_CHECKING:
    from ..analysis.pool import PoolResult


Method = StrEnum("Method", [(m, m) for m in METHODS])  # type: ignore[misc]
"""The choices of ``--method``: :data:`fr_stats.stats.pool.METHODS`."""


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return f"{text.pct(low)} to {text.pct(high)}"


COLUMNS = [
    Column("id", "study", no_wrap=True),
    Column("counts", "false matches", justify="right", no_wrap=True),
    Column("rate", "rate", lambda v: "" if v is None else text.pct(v), "right", True),
    Column("interval", "interval", justify="right", no_wrap=True),
    Column("weight", "weight", lambda w: "" if w is None else text.pct(w), "right", True),
]
CSV_COLUMNS = ["id", "label", "false_matches", "tested", "rate", "low", "high", "weight",
               "continuity_corrected", "threshold", "gallery"]  # fmt: skip


def _records(r: "PoolResult") -> list[dict[str, Any]]:
    records = []
    for s in r.studies:
        record = s.to_dict()
        record["counts"] = f"{s.false_matches:,} / {s.tested:,}" + (" *" if s.corrected else "")
        record["interval"] = _interval(s.low, s.high)
        records.append(record)
    records.append({"id": f"pooled ({r.method})", "label": "pooled estimate", "counts": "",
                    "rate": r.estimate, "low": r.low, "high": r.high,
                    "interval": _interval(r.low, r.high), "weight": 1.0})  # fmt: skip
    if r.pi_low is not None:
        records.append({"id": "prediction", "label": "prediction interval", "counts": "",
                        "rate": None, "low": r.pi_low, "high": r.pi_high,
                        "interval": _interval(r.pi_low, r.pi_high), "weight": None})  # fmt: skip
    return records


def _summary(r: "PoolResult") -> list[str]:
    test = f"t on {r.df} df (Hartung–Knapp)" if r.hartung_knapp else "normal (z)"
    tau = (
        "τ² not estimated (fixed effect)"
        if r.method == "fixed"
        else f"τ² = {r.tau2:.4g} (τ = {r.tau:.3g} on the logit scale)"
    )
    star = (
        "; * = 1/2 added to each cell (a zero count)" if any(s.corrected for s in r.studies) else ""
    )
    return [
        f"{tau}; I² = {text.pct(r.i2, 0)}; Q = {text.number(r.q, 2)} on {r.q_df} df, "
        f"{text.p_is(r.q_pvalue)}",
        f"Intervals: {text.level_pct(r.level)}, {test}; each study's is Wald on the logit "
        f"scale{star}.",
    ]


def _table(
    con: Any,
    r: "PoolResult",
    records: list[dict[str, Any]],
    title: str,
    words: tuple[str, list[str], list[str]],
    live: Sequence[object],
) -> None:
    verdict, warnings, notes = words
    from rich.table import Table
    from rich.text import Text

    from ..words.pool import METHOD_LABELS

    con.print(Text(title, style="bold"))
    table = Table(header_style="bold")
    for c in COLUMNS:
        header = "false alerts" if live and c.key == "counts" else c.header
        table.add_column(header, justify=c.justify, no_wrap=c.no_wrap)  # type: ignore[arg-type]
    for i, record in enumerate(records):
        if i == len(r.studies):
            table.add_section()
        table.add_row(*(Text(c.show(record.get(c.key))) for c in COLUMNS))
    con.print(table)
    con.print(Text(f"Method: {METHOD_LABELS[r.method]}."))
    for line in _summary(r):
        con.print(Text(line))
    for warning in warnings:
        con.print(Text(f"Warning: {warning}"))
    con.print(Text(verdict))
    for note in notes:
        con.print(Text(f"Note: {note}"))


@app.command()
@guarded
def pool(
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID ...]",
            help="Study ids, ID@THRESHOLD or K/N; default: every result at 80% with counts.",
        ),
    ] = None,
    method: Annotated[
        Method, typer.Option("--method", "-m", help="τ² estimator, or a fixed effect.")
    ] = Method(METHODS[0]),
    hartung_knapp: Annotated[
        bool | None,
        typer.Option(
            "--hartung-knapp/--no-hartung-knapp",
            help="Hartung–Knapp standard error with a t interval (default for fewer than "
            "10 studies), or the normal (z) interval.",
        ),
    ] = None,
    level: LevelOption = 0.95,
    fmt: FormatOption = Format.table,
    data: DataOption = None,
) -> None:
    """Pool false-match rates across studies (random effects on the logit scale).

    Examples:

    \b
      fr-stats pool
      fr-stats pool aclu2018 comparitech2020 comparitech2020-uk --method dl
    """
    from ..analysis.pool import pool as compute
    from ..live import denominator_notes, given
    from ..words.live import reword

    live = given(ids or [], data or ())
    result = compute(
        ids or None,
        method=method.value,
        hartung_knapp=hartung_knapp,
        level=level,
        data=data or (),
    )
    records = _records(result)
    title = (
        f"Pooled false-match rate of {result.k} studies ({text.level_pct(result.level)} intervals)"
    )
    verdict, warnings, notes = result.verdict, list(result.warnings), list(result.notes)
    if live:
        warnings = [reword(w) for w in warnings]
        notes = [reword(n) for n in notes] + denominator_notes(live, level)
        title = (
            f"Pooled share of alerts that were false, {result.k} deployments "
            f"({text.level_pct(result.level)} intervals)"
        )
        verdict = reword(verdict)
    emit(
        fmt,
        data={**result.to_dict(), "verdict": verdict, "warnings": warnings, "notes": notes},
        records=records,
        columns=COLUMNS,
        csv_columns=CSV_COLUMNS,
        title=title,
        notes=[
            *_summary(result),
            *(f"Warning: {w}" for w in warnings),
            verdict,
            *notes,
        ],
        table=lambda con: _table(con, result, records, title, (verdict, warnings, notes), live),
    )
