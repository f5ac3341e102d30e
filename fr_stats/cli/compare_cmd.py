"""``fr-stats compare``: did the false-match rate change from A to B?"""

import contextlib
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import text
from ..errors import InputError
from ..render import Column, Format, emit
from ..words.methods import plain as plain_method
from .app import DataOption, FormatOption, LevelOption, app, guarded

if TYPE_CHECKING:
    from rich.console import Console

    from ..analysis.compare import CompareResult
    from ..stats.common import Estimate

COLUMNS = [
    Column("quantity", "quantity"),
    Column("estimate", "estimate", justify="right"),
    Column("interval", "interval / p", justify="right"),
    Column("method", "method", plain_method),
]
CSV_COLUMNS = ["quantity", "estimate", "low", "high", "pvalue", "method", "note"]

TEST_LABELS = {
    "chi2": "chi-square test",
    "chi2-yates": "chi-square, Yates",
    "fisher": "Fisher's exact test",
    "boschloo": "Boschloo's exact test",
}


def _ratio_text(v: float | None) -> str:
    if v is None:
        return "undefined"
    if math.isinf(v):
        return "∞"
    if v == 0:
        return "0"
    return text.number(v, 3 if v < 10 else 2)


def _name(rate: Any) -> str:
    counts = f"{rate.false_matches:,}/{rate.tested:,}"
    return counts if "/" in rate.id else f"{rate.id} ({counts})"


def _effect_rows(r: "CompareResult") -> list[dict[str, Any]]:
    d = r.difference
    assert d.estimate is not None and d.low is not None and d.high is not None
    digits = max(1, text.rate_decimals(abs(d.low), abs(d.high)) - 1)
    rows: list[dict[str, Any]] = []
    rate_d = text.rate_decimals(
        r.a.rate, r.b.rate, r.a.ci.low, r.b.ci.low, r.a.ci.high, r.b.ci.high
    )
    for side, rate in (("A", r.a), ("B", r.b)):
        rows.append(
            {
                "quantity": f"{side}: {_name(rate)}",
                "estimate": text.pct(rate.rate, rate_d),
                "interval": f"{text.pct(rate.ci.low, rate_d)} to {text.pct(rate.ci.high, rate_d)}",
                "method": rate.ci.method,
                "raw": (rate.rate, rate.ci.low, rate.ci.high, None, None),
            }
        )
    rows.append(
        {
            "quantity": "difference B − A (points)",
            "estimate": text.points(d.estimate, digits),
            "interval": f"{text.points(d.low, digits)} to {text.points(d.high, digits)}",
            "method": d.method,
            "raw": (d.estimate, d.low, d.high, None, _note(d)),
        }
    )
    for name, est in (("ratio B / A", r.ratio), ("odds ratio B / A", r.odds_ratio)):
        rows.append(_estimate_row(name, est))
    for t in r.tests:
        rows.append(
            {
                "quantity": TEST_LABELS[t.name],
                "estimate": "" if t.statistic is None else text.number(t.statistic, 2),
                "interval": (
                    ("not run" if t.name == "boschloo" else "undefined")
                    if t.pvalue is None
                    else text.p_is(t.pvalue)
                ),
                "method": t.name,
                "raw": (t.statistic, None, None, t.pvalue, _note(t)),
            }
        )
    return rows


def _note(result: Any) -> str | None:
    """A result's note in words (:mod:`fr_stats.words.notes`, imported when a comparison is shown)."""
    from ..words.notes import note

    return note(result)


def _estimate_row(name: str, est: "Estimate") -> dict[str, Any]:
    interval = (
        "undefined"
        if est.low is None or est.high is None
        else f"{_ratio_text(est.low)} to {_ratio_text(est.high)}"
    )
    return {
        "quantity": name,
        "estimate": _ratio_text(est.estimate),
        "interval": interval,
        "method": est.method,
        "raw": (est.estimate, est.low, est.high, None, _note(est)),
    }


def _power_rows(r: "CompareResult") -> list[dict[str, Any]]:
    p = r.power
    n_txt = f"{p.n_used:,.0f}" if abs(p.n_used - round(p.n_used)) < 1e-9 else f"{p.n_used:,.1f}"
    det = p.detectable

    def size(x: float | None) -> str:
        return "—" if x is None else text.points(x, text.rate_decimals(x) - 1, sign=False)

    return [
        {
            "quantity": "detectable rise (points)",
            "estimate": size(det.rise),
            "interval": f"n = {n_txt} per group",
            "method": "",
            "raw": (det.rise, None, None, None, _note(p)),
        },
        {
            "quantity": "detectable fall (points)",
            "estimate": size(det.fall),
            "interval": "80% power",
            "method": "",
            "raw": (det.fall, None, None, None, None),
        },
        {
            "quantity": "n/group for observed change",
            "estimate": "—" if p.n_per_group is None else f"{math.ceil(p.n_per_group):,}",
            "interval": "(80% power)",
            "method": "",
            "raw": (p.n_per_group, None, None, None, None),
        },
    ]


def _notes(r: "CompareResult") -> list[str]:
    notes = []
    for name, est in (
        ("difference", r.difference),
        ("ratio", r.ratio),
        ("odds ratio", r.odds_ratio),
    ):
        if said := _note(est):
            notes.append(f"Note ({name}): {said}.")
    notes.extend(f"Note ({t.name}): {said}." for t in r.tests if (said := _note(t)))
    if said := _note(r.power):
        notes.append(f"Note (power): {said}.")
    notes.append(
        "Power: R's power.prop.test (normal approximation), taking the harmonic mean of "
        "the two sample sizes as the size of each group."
    )
    notes.extend(f"Caveat: {c}" for c in r.caveats)
    return notes


def _table(
    con: "Console", r: "CompareResult", rows: list[dict[str, Any]], extra: list[str]
) -> None:
    from rich.table import Table
    from rich.text import Text

    con.print(Text(r.verdict))
    con.print()
    table = Table(header_style="bold", show_edge=False, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("estimate", justify="right", no_wrap=True)
    table.add_column(f"{text.level_pct(r.level)} CI / p", justify="right", no_wrap=True)
    table.add_column("method", overflow="fold")
    for i, row in enumerate(rows):
        table.add_row(
            Text(row["quantity"]),
            row["estimate"],
            row["interval"],
            plain_method(row["method"]),
            end_section=i in (1, 4, 4 + len(r.tests)),
        )
    con.print(table)
    for note in [*extra, *_notes(r)]:
        con.print(Text(note))


@contextlib.contextmanager
def _progress_bar(description: str) -> Iterator[None]:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from ..render import console

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        bar.add_task(description, total=None)
        yield


@app.command()
@guarded
def compare(
    a: Annotated[str, typer.Argument(metavar="A", help="The reference: id, ID@THRESHOLD or K/N.")],
    b: Annotated[
        str | None,
        typer.Argument(metavar="B", help="Compared with A: id, ID@THRESHOLD or K/N."),
    ] = None,
    level: LevelOption = 0.95,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            help="Interval for the difference: newcombe (default), newcombe-cc, wald, agresti-caffo.",
        ),
    ] = "newcombe",
    ratio_method: Annotated[
        str,
        typer.Option(
            "--ratio-method", help="Interval for the ratio: katz (default), adjusted-log, score."
        ),
    ] = "katz",
    exact_unconditional: Annotated[
        bool,
        typer.Option(
            "--exact-unconditional", help="Also run Boschloo's exact test (slow; small samples)."
        ),
    ] = False,
    fmt: FormatOption = Format.table,
    data: DataOption = None,
) -> None:
    """Compare two false-match rates: did the rate change from A to B?

    Examples:

    \b
      fr-stats compare aclu2018 comparitech2020
      fr-stats compare 28/535 0/530 --format json
    """
    from ..analysis.compare import compare as compute
    from ..live import denominator_notes, given

    if b is None:
        raise InputError(
            "compare needs two results, A and B; e.g. fr-stats compare aclu2018 comparitech2020"
        )
    live = given([a, b], data or ())
    r = compute(
        a,
        b,
        level=level,
        difference_method=method,
        ratio_method=ratio_method,
        exact_unconditional=exact_unconditional,
        progress=_progress_bar if fmt is Format.table else None,
        data=data or (),
    )
    rows = _effect_rows(r) + _power_rows(r)
    extra = denominator_notes(live, level)
    records = [
        {
            "quantity": row["quantity"],
            "estimate": row["raw"][0],
            "low": row["raw"][1],
            "high": row["raw"][2],
            "pvalue": row["raw"][3],
            "method": row["method"],
            "note": row["raw"][4],
        }
        for row in rows
    ]
    emit(
        fmt,
        data=r.to_dict(),
        records=records if fmt is Format.csv else rows,
        columns=COLUMNS,
        csv_columns=CSV_COLUMNS,
        title=r.verdict,
        notes=[*extra, *_notes(r)],
        table=lambda con: _table(con, r, rows, extra),
    )
