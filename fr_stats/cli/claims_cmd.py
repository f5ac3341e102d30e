"""``fr-stats claims``: the claims ledger."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..render import Column, Format, emit
from .app import DataOption, FormatOption, app, guarded

if TYPE_CHECKING:
    from ..ledger import ClaimCheck, ClaimsResult

LEDGER_COLUMNS = [
    Column("id", "id", no_wrap=True),
    Column("quote", "quote"),
    Column("source", "source"),
    Column("verdict", "verdict"),
    Column("reason", "reason"),
]
LEDGER_CSV = ["id", "quote", "said_by", "url", "date", "retrieved", "studies", "check",
              "verdict", "reason", "notes"]  # fmt: skip


@app.command("claims")
@guarded
def claims_(
    claim_id: Annotated[
        str | None,
        typer.Argument(metavar="[CLAIM_ID]", help="One claim's id; all claims when omitted."),
    ] = None,
    fmt: FormatOption = Format.table,
    data: DataOption = None,
) -> None:
    """Check what was printed about the studies against their numbers.

    Example: fr-stats claims aclu2019-ma-one-in-six
    """
    from ..ledger import claims

    result = claims(claim_id, data=data or ())
    records = [_record(c) for c in result.checks]
    single = claim_id is not None
    emit(
        fmt,
        data=result.to_dict(),
        records=records,
        columns=LEDGER_COLUMNS,
        csv_columns=LEDGER_CSV,
        title="Claims ledger: what was said, checked against the published numbers",
        notes=[] if single else [_summary(result)],
        table=(lambda con: _detail(con, result.checks[0]))
        if single
        else (lambda con: _ledger(con, result)),
    )


def _record(check: "ClaimCheck") -> dict[str, Any]:
    record = check.to_dict()
    record["source"] = _source(check)
    record["studies"] = ";".join(check.claim.studies)
    return record


def _source(check: "ClaimCheck") -> str:
    claim = check.claim
    when = f", {claim.date}" if claim.date else ""
    where = "" if claim.url else " (URL not found)"
    return f"{claim.said_by}{when}{where}"


def _summary(result: "ClaimsResult") -> str:
    counts = result.counts()
    from ..ledger import VERDICTS

    parts = ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
    n = len(result.checks)
    return f"{n} claim{'s' if n != 1 else ''}: {parts}. 'fr-stats claims ID' shows one claim with its numbers."


def _ledger(con: Any, result: "ClaimsResult") -> None:
    """One row per claim: the quote with its source, the verdict, the reason."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title="Claims ledger: what was said, checked against the published numbers",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("claim (quote, source)", ratio=5, overflow="fold")
    table.add_column("verdict", width=12, overflow="fold")
    table.add_column("reason", ratio=5, overflow="fold")
    for check in result.checks:
        claim = Text()
        claim.append(check.claim.id, style="bold")
        claim.append(f"\n\u201c{check.claim.quote}\u201d\n\u2014 {_source(check)}")
        table.add_row(claim, Text(check.verdict, style="bold"), Text(check.reason))
    con.print(table)
    con.print(Text(_summary(result)))


def _detail(con: Any, check: "ClaimCheck") -> None:
    """Every field of one claim, then the numbers behind its verdict."""
    from rich.table import Table
    from rich.text import Text

    c = check.claim
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column(overflow="fold")
    params = "; ".join(f"{k} = {v}" for k, v in c.to_dict()["parameters"].items())
    fields = [
        ("claim", c.id),
        ("quote", f"\u201c{c.quote}\u201d"),
        ("said by", c.said_by),
        ("date", c.date or "not recorded"),
        ("url", c.url or "not found"),
        ("quote checked", c.retrieved or "not verified against a copy"),
        ("studies", ", ".join(c.studies)),
        ("check", c.check + (f" ({params})" if params else "")),
        ("verdict", check.verdict),
        ("reason", check.reason),
    ]
    if c.notes:
        fields.append(("notes", c.notes))
    for name, value in fields:
        head.add_row(name, Text(value))
    con.print(head)
    numbers = Table(title="The numbers behind the verdict", title_justify="left", expand=False)
    numbers.add_column("name", no_wrap=True)
    numbers.add_column("value", overflow="fold")
    for name, value in _flatten(check.numbers):
        numbers.add_row(Text(name), Text(value))
    con.print(numbers)


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Nested numbers as ``("difference.low", "-0.0199...")`` rows, unrounded."""
    if isinstance(value, dict):
        rows: list[tuple[str, str]] = []
        for key, inner in value.items():
            rows.extend(_flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return rows
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        rows = []
        for i, inner in enumerate(value, start=1):
            rows.extend(_flatten(inner, f"{prefix}[{i}]"))
        return rows
    if isinstance(value, list):
        return [(prefix, "; ".join(_scalar(v) for v in value))]
    return [(prefix, _scalar(value))]


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
