"""How ``list``, ``show`` and ``ci`` print live-facial-recognition results.

The numbers come from :mod:`fr_stats.live`, the sentences from
:mod:`fr_stats.words.live`; this module only lays them out, with both
denominators (alerts, faces scanned) side by side.
"""

from typing import TYPE_CHECKING, Any

from .. import text
from ..render import Column, Format, emit
from ..words import live as words

if TYPE_CHECKING:
    from ..live import LiveCI, LiveResult


def _per_million(v: Any) -> str:
    return "—" if v is None else words.per_million_number(v / 1_000_000)


LIST_COLUMNS = [
    Column("id", "id", no_wrap=True),
    Column("years", "years", no_wrap=True),
    Column("counts", "false /\nalerts", justify="right", no_wrap=True),
    Column("false_share", "false", lambda v: text.pct(v, words.digits(v)), "right", True),
    Column("false_per_million_faces", "false per\nmillion\nfaces", _per_million, "right", True),
]
FACES = Column("faces_scanned", "faces scanned", lambda v: "—" if v is None else f"{v:,}", "right")
LIST_CSV = [
    "id", "label", "citation", "operator", "system", "deployed_from", "deployed_to",
    "false_alerts", "alerts", "false_share", "verified_correct", "unresolved",
    "resolved_false_alerts", "resolved_alerts", "resolved_false_share", "faces_scanned",
    "false_per_face", "false_per_million_faces", "watchlist", "threshold", "publisher",
    "published", "url", "retrieved",
]  # fmt: skip

FACT_NAMES = {
    "false_alerts": "false alerts",
    "alerts": "alerts",
    "verified_correct": "verified correct",
    "unresolved": "never resolved",
    "faces_scanned": "faces scanned",
    "watchlist": "watchlist size",
    "threshold": "threshold",
}


def record(result: "LiveResult") -> dict[str, Any]:
    out = result.to_dict()
    out["period"] = words.period(result)
    out["years"] = words.short_years(result)
    out["counts"] = f"{text.count(result.k)} / {text.count(result.n)}"
    return out


def list_live(results: "list[LiveResult]", fmt: Format) -> None:
    records = [record(r) for r in results]
    columns = list(LIST_COLUMNS)
    if fmt is Format.markdown:
        columns[1:1] = [Column("label", "deployment"), Column("period", "when")]
        columns.insert(-1, FACES)
    notes = [
        words.DEFINITION,
        "A different task from face matching: these rates are never compared or pooled with "
        "false-match rates. —: not published.",
    ]
    notes += [n for r in results if (n := words.resolved_reading(r))]
    emit(
        fmt,
        data={"live_facial_recognition": records},
        records=records,
        columns=columns,
        csv_columns=LIST_CSV,
        title="Police live facial recognition: how many alerts were false",
        notes=notes,
    )


def fact_records(result: "LiveResult") -> list[dict[str, Any]]:
    return [
        {
            "quantity": FACT_NAMES[key],
            "value": "unpublished" if fact.value is None else f"{fact.value:,g}",
            "kind": fact.kind,
            "quote": fact.quote,
            "source": fact.source or result.url,
        }
        for key, fact in result.facts().items()
        if fact.value is not None or fact.quote
    ]


def show_live(result: "LiveResult", contradictions: list[Any], fmt: Format) -> None:
    from ..live import ci

    summary = ci(result)
    data = result.to_dict()
    data["contradictions"] = [c.to_dict() for c in contradictions]
    emit(
        fmt,
        data=data,
        records=fact_records(result),
        columns=[
            Column("quantity", "quantity"),
            Column("value", "value", justify="right"),
            Column("kind", "kind"),
            Column("quote", "quote (verbatim) or formula"),
            Column("source", "read in"),
        ],
        title=f"{result.ref}: {result.label}",
        notes=_lines(summary),
        table=lambda con: _show_table(con, result, summary),
    )


def _lines(summary: "LiveCI") -> list[str]:
    r = summary.result
    lines = [words.denominators(r, summary.alerts.interval, summary.per_face, summary.level)]
    other = words.resolved_reading(r)
    if other:
        lines.append(other)
    if summary.alerts.upper_bound is not None:
        lines.append(words.zero_note(r, summary.alerts.upper_bound, summary.level))
    return lines


def _show_table(con: Any, r: "LiveResult", summary: "LiveCI") -> None:
    from rich.table import Table
    from rich.text import Text

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    fields = [
        ("id", r.ref),
        ("deployment", r.label),
        ("task", f"{r.task} (false alerts among alerts)"),
        ("police force", r.operator),
        ("system", r.system),
        ("where", r.place),
        ("when", words.period(r)),
        ("watchlist", text.count(None if r.watchlist.value is None else int(r.watchlist.value))),
        ("threshold", "unpublished" if r.threshold.value is None else f"{r.threshold.value:g}"),
        ("publisher", r.publisher),
        ("published", r.published),
        ("url", r.url or "—"),
        ("source read", r.retrieved or "—"),
    ]
    if r.notes:
        fields.append(("notes", r.notes))
    for name, value in fields:
        head.add_row(name, Text(value))
    con.print(head)
    for line in _lines(summary):
        con.print(Text(line))
    table = Table(title="Sources", title_justify="left", show_lines=True)
    for header in ("quantity", "value", "kind", "quote (verbatim) or formula", "read in"):
        table.add_column(header, overflow="fold")
    for rec in fact_records(r):
        table.add_row(
            *(Text(str(rec[k])) for k in ("quantity", "value", "kind", "quote", "source"))
        )
    con.print(table)


CI_CSV = ["id", "label", "denominator", "count", "of", "rate", "level", "method", "low", "high"]


def ci_records(summary: "LiveCI") -> list[dict[str, Any]]:
    r = summary.result
    base = {"id": r.ref, "label": r.label, "level": summary.level}
    out = [
        {**base, "denominator": "alerts", "count": summary.alerts.false_matches,
         "of": summary.alerts.tested, "rate": summary.alerts.rate, "method": i.method,
         "low": i.low, "high": i.high}
        for i in summary.alerts.intervals
    ]  # fmt: skip
    if r.faces is not None and r.per_face is not None:
        out += [
            {**base, "denominator": "faces scanned", "count": r.k, "of": r.faces,
             "rate": r.per_face, "method": i.method, "low": i.low, "high": i.high}
            for i in summary.per_face
        ]  # fmt: skip
    if summary.resolved is not None:
        res = summary.resolved
        out += [
            {**base, "denominator": "resolved alerts (derived)", "count": res.false_matches,
             "of": res.tested, "rate": res.rate, "method": i.method, "low": i.low,
             "high": i.high}
            for i in res.intervals
        ]  # fmt: skip
    return out


def print_ci(summary: "LiveCI", fmt: Format) -> None:
    r = summary.result
    records = ci_records(summary)
    title = f"{r.ref} ({r.label}): {words.share(*r.require_counts())}"

    def table(con: Any) -> None:
        from rich.table import Table
        from rich.text import Text

        con.print(Text(title))
        grid = Table(header_style="bold")
        for header in (
            "denominator",
            "false",
            "rate",
            f"{text.level_pct(summary.level)} interval",
            "method",
        ):
            grid.add_column(
                header, justify="left" if header in ("denominator", "method") else "right"
            )
        for rec in records:
            digits = words.digits(rec["rate"], rec["low"], rec["high"])
            grid.add_row(
                Text(rec["denominator"]),
                f"{rec['count']:,} of {rec['of']:,}",
                text.pct(rec["rate"], digits),
                f"{text.pct(rec['low'], digits)} to {text.pct(rec['high'], digits)}",
                rec["method"],
            )
        con.print(grid)
        for line in _lines(summary):
            con.print(Text(line))

    emit(
        fmt,
        data=summary.to_dict(),
        records=records,
        columns=[
            Column("denominator", "denominator"),
            Column("count", "false", lambda v: f"{v:,}", "right"),
            Column("of", "of", lambda v: f"{v:,}", "right"),
            Column("method", "method"),
            Column("low", "low", lambda v: text.pct(v, words.digits(v)), "right"),
            Column("high", "high", lambda v: text.pct(v, words.digits(v)), "right"),
        ],
        csv_columns=CI_CSV,
        title=title,
        notes=_lines(summary),
        table=table,
    )
