"""``fr-stats claims``: the claims ledger."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import text
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

    Examples:

    \b
      fr-stats claims
      fr-stats claims aclu2019-ma-one-in-six
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
    params = "; ".join(f"{k} = {v}" for k, v in c.parameters().items())
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
    numbers = Table(
        title="The numbers behind the verdict (rounded; --format json has them in full)",
        title_justify="left",
        expand=False,
    )
    numbers.add_column("quantity", overflow="fold")
    numbers.add_column("value", overflow="fold")
    for name, value in _numbers(check.numbers):
        numbers.add_row(Text(name), Text(value))
    con.print(numbers)


_SKIP = {"method", "rule", "caveats", "compare_verdict", "units", "note", "missing", "name"}
"""Keys left out of the terminal view: long prose that the reason or notes already give."""

_PERCENT = {
    "rate", "value", "per_probe_rate", "upper_bound", "upper_bound_at_advised", "low", "high",
    "estimate", "observed",
}  # fmt: skip
"""Keys that hold a proportion: shown as a percentage."""

_POINTS = {"difference", "margin", "smallest_margin_shown", "decrease_larger_than",
           "increase_larger_than", "mde"}  # fmt: skip
"""Keys (and parents) that hold a difference of proportions: shown in percentage points."""

_RATIOS = {"ratio", "odds_ratio"}
"""Parents whose estimate and interval are ratios, not proportions."""

_LABELS = {
    "a": "A", "b": "B", "study": "study", "ci": "interval", "pvalue": "p-value",
    "pvalue_lower": "p-value (decrease)", "pvalue_upper": "p-value (increase)",
    "fisher_pvalue": "Fisher p-value", "one_in": "one in", "nearest_whole": "nearest whole N",
    "right_side": "on the stated side", "within_rounding": "within its rounding",
    "within_rounding_finest": "within the finest rounding", "within_tolerance": "within 10%",
    "rounds_to": "rounds to", "rounds_to_finest": "rounds to (finest)",
    "truncates_to_finest": "truncates to", "computed": "computed",
    "direction_claimed": "direction claimed", "direction_observed": "direction observed",
    "n_per_group": "people per group needed", "n_used": "people per group used",
}  # fmt: skip


def _numbers(
    value: Any, prefix: str = "", key: str = "", parent: str = ""
) -> list[tuple[str, str]]:
    """The numbers behind a verdict as labelled rows, rounded for reading.

    Full precision stays in ``--format json``.
    """
    if isinstance(value, dict):
        if {"label", "false_matches", "tested"} <= value.keys():
            return [(prefix, _study_line(value))]
        rows: list[tuple[str, str]] = []
        for inner_key, inner in value.items():
            if inner_key in _SKIP or inner is None:
                continue
            label = _LABELS.get(inner_key, inner_key.replace("_", " "))
            rows.extend(_numbers(inner, f"{prefix} {label}".strip(), inner_key, key))
        return rows
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        rows = []
        for i, inner in enumerate(value, start=1):
            name = inner.get("name") if isinstance(inner, dict) else None
            rows.extend(_numbers(inner, f"{prefix} {name or i}".strip(), key, parent))
        return rows
    if isinstance(value, list):
        return [(prefix, "; ".join(_scalar(v, key, parent) for v in value))]
    return [(prefix, _scalar(value, key, parent))]


def _study_line(record: dict[str, Any]) -> str:
    k, n = record.get("false_matches"), record.get("tested")
    counts = "counts unpublished" if k is None or n is None else f"{k:,} of {n:,}"
    rate = record.get("rate")
    shown = "" if rate is None else f" ({text.pct(float(rate))})"
    return f"{record['label']}: {counts}{shown}"


def _scalar(value: Any, key: str = "", parent: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value in ("Infinity", "-Infinity"):
        return "∞" if value == "Infinity" else "−∞"
    if not isinstance(value, float):
        return f"{value:,}" if isinstance(value, int) else str(value)
    if "pvalue" in key:
        return text.pvalue(value)
    if key in ("level", "alpha", "tolerance"):
        return text.level_pct(value)
    if parent in _RATIOS:
        return text.number(value, 3)
    if key in _POINTS or parent in _POINTS or parent in ("ci", "ruled_out"):
        signed = key not in ("margin", "mde", "smallest_margin_shown") and parent != "ruled_out"
        return f"{text.points(value, 2, sign=signed)} percentage points"
    if key in _PERCENT:
        return text.pct(value, 2)
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.4g}"
