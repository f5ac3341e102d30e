"""``fr-stats disparity``: did the false matches fall unevenly on a subgroup?"""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import text
from ..render import Column, Format, emit
from .app import DataOption, FormatOption, LevelOption, app, guarded

if TYPE_CHECKING:
    from ..analysis.disparity import DisparityResult
    from ..stats.common import Estimate


def _ratio(rr: "Estimate | None") -> str:
    if rr is None:
        return "—"
    return "undefined" if rr.estimate is None else f"{rr.estimate:.2f}"


def _ratio_ci(rr: "Estimate | None") -> str:
    if rr is None or rr.low is None or rr.high is None:
        return "—"
    return f"{rr.low:.2f} to {rr.high:.2f}"


COLUMNS = [
    Column("share", "share", justify="right", no_wrap=True),
    Column("size", "size", lambda v: "—" if v is None else f"{v:,}", "right", True),
    Column("p_greater", "p\n1-sided", justify="right", no_wrap=True),
    Column("p_two", "p\n2-sided", justify="right", no_wrap=True),
    Column("rates", "rates\ngroup / rest", justify="right", no_wrap=True),
    Column("ratio", "rate\nratio", justify="right", no_wrap=True),
    Column("ratio_ci", "its\ninterval", justify="right", no_wrap=True),
]
CSV_COLUMNS = ["population_share", "size", "pvalue_greater", "pvalue_two_sided",
               "subgroup_rate", "other_rate", "ratio", "ratio_low", "ratio_high",
               "as_published"]  # fmt: skip


def _records(r: "DisparityResult") -> list[dict[str, Any]]:
    records = []
    for s in r.sensitivity:
        rr = s.rate_ratio
        rates = (
            "—"
            if s.subgroup_rate is None or s.other_rate is None
            else f"{text.pct(s.subgroup_rate)} / {text.pct(s.other_rate)}"
        )
        record = s.to_dict()
        record.update(
            share=f"{100 * s.population_share:.2f}%" + (" *" if s.published else ""),
            p_greater=text.pvalue(s.pvalue_greater),
            p_two=text.pvalue(s.pvalue_two_sided),
            rates=rates,
            ratio=_ratio(rr),
            ratio_ci=_ratio_ci(rr),
            ratio_value=None if rr is None else rr.estimate,
            ratio_low=None if rr is None else rr.low,
            ratio_high=None if rr is None else rr.high,
            rate_ratio=None,
        )
        records.append(record)
    return records


def _lines(r: "DisparityResult") -> list[tuple[str, str]]:
    lv = text.level_pct(r.level)
    lines = [
        (
            "false matches",
            f"{r.false_matches:,}" + (f" of {r.tested:,} tested" if r.tested else ""),
        ),
        (
            f"of them {r.subgroup}",
            f"{r.subgroup_false_matches:,} ({text.pct(r.share_among_false_matches)}; {lv} CI "
            f"{text.pct(r.share_ci[0])} to {text.pct(r.share_ci[1])})",
        ),
        (
            f"{r.subgroup} among those tested",
            f"{100 * r.population_share:.10g}% (published, rounded)",
        ),
        (
            "exact binomial test",
            f"{text.p_is(r.pvalue_greater)} one-sided, {text.pvalue(r.pvalue_two_sided)} two-sided",
        ),
    ]
    if r.group_rates:
        for g in r.group_rates:
            lines.append(
                (
                    f"rate of {g.group} (derived)",
                    f"{g.false_matches:,} / {g.size:,} = {text.pct(g.rate)}",
                )
            )
        rr = r.rate_ratio
        ci = _ratio_ci(rr)
        lines.append(
            (
                "rate ratio (derived)",
                _ratio(rr) + ("" if ci == "—" else f" ({lv} CI {ci}, Katz)"),
            )
        )
    return lines


def _table(con: Any, r: "DisparityResult", records: list[dict[str, Any]]) -> None:
    from rich.table import Table
    from rich.text import Text

    con.print(Text(f"{r.id}: {r.subgroup} among the false matches ({r.label})", style="bold"))
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for name, value in _lines(r):
        head.add_row(Text(name), Text(value))
    con.print(head)
    lo, hi = r.share_range
    con.print(
        Text(
            f"Every share the published {100 * r.population_share:.10g}% could be rounded "
            f"from ({100 * lo:.10g}% to {100 * hi:.10g}%); * = as published:",
            style="bold",
        )
    )
    table = Table(header_style="bold")
    for c in COLUMNS:
        if c.key == "rates" and not r.group_rates:
            continue
        table.add_column(c.header, justify=c.justify, no_wrap=c.no_wrap)  # type: ignore[arg-type]
    for record in records:
        table.add_row(
            *(
                Text(c.show(record.get(c.key)))
                for c in COLUMNS
                if not (c.key == "rates" and not r.group_rates)
            )
        )
    con.print(table)
    con.print(Text(r.verdict))
    for line in r.derived:
        con.print(Text(f"Derived: {line}"))
    for caveat in r.caveats:
        con.print(Text(f"Caveat: {caveat}"))


@app.command()
@guarded
def disparity(
    study_id: Annotated[
        str, typer.Argument(metavar="ID", help="A study id with published subgroup results.")
    ],
    subgroup: Annotated[
        str | None,
        typer.Option("--subgroup", "-s", help="Which subgroup, when several have the numbers."),
    ] = None,
    level: LevelOption = 0.95,
    fmt: FormatOption = Format.table,
    data: DataOption = None,
) -> None:
    """Test whether false matches fell unevenly on a subgroup (exact binomial test).

    Examples:

    \b
      fr-stats disparity aclu2018
      fr-stats disparity aclu2019-ca --format markdown
    """
    from ..analysis.disparity import disparity as compute

    result = compute(study_id, subgroup=subgroup, level=level, data=data or ())
    records = _records(result)
    for record in records:
        record["ratio"] = record["ratio_value"] if fmt is Format.csv else record["ratio"]
    emit(
        fmt,
        data=result.to_dict(),
        records=records,
        columns=[c for c in COLUMNS if c.key != "rates" or result.group_rates],
        csv_columns=CSV_COLUMNS,
        title=f"{result.id}: {result.subgroup} among the false matches; every share the "
        f"published {100 * result.population_share:.10g}% could be rounded from",
        notes=[
            *(f"{name}: {value}" for name, value in _lines(result)),
            result.verdict,
            *(f"Derived: {d}" for d in result.derived),
            *(f"Caveat: {c}" for c in result.caveats),
        ],
        table=lambda con: _table(con, result, records),
    )
