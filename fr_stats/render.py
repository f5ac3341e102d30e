"""Rendering results to the terminal and to files: table, JSON, CSV, Markdown.

Every command hands its result here as plain records; nothing in this module
computes a statistic. JSON and CSV are stable interfaces for scripts.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class Format(StrEnum):
    """Output formats every command that prints results accepts."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@dataclass(frozen=True)
class Column:
    """One column of a tabular output: the record key, its header, how to show it."""

    key: str
    header: str
    show: Callable[[Any], str] = str
    justify: str = "left"
    no_wrap: bool = False


def clean(value: Any) -> Any:
    """JSON-safe values: NaN becomes null, infinities stay strings (JSON has none)."""
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def to_json(data: Any) -> str:
    """Stable JSON: two-space indent, UTF-8 text, never NaN."""
    return json.dumps(clean(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise a text cell a spreadsheet would run as a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header row, ``\\n`` line ends and formula-safe text cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(record.get(c)) for c in columns])
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    return spreadsheet_safe(value)


def md_escape(text: Any) -> str:
    """Text safe inside a Markdown table cell: no pipes, tags or line breaks leak."""
    out = "" if text is None else str(text)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    for ch in "*_`[]":
        out = out.replace(ch, "\\" + ch)
    return out


def to_markdown(records: Sequence[Mapping[str, Any]], columns: Sequence[Column]) -> str:
    """A GitHub-flavoured Markdown table."""
    align = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = [
        "| " + " | ".join(md_escape(c.header) for c in columns) + " |",
        "| " + " | ".join(align.get(c.justify, "---") for c in columns) + " |",
    ]
    for record in records:
        lines.append(
            "| " + " | ".join(md_escape(c.show(record.get(c.key))) for c in columns) + " |"
        )
    return "\n".join(lines) + "\n"


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A rich console for the terminal (plain when the output is not a terminal)."""
    from rich.console import Console

    return Console(stderr=stderr, width=width, highlight=False, soft_wrap=False)


def rich_table(
    records: Sequence[Mapping[str, Any]], columns: Sequence[Column], *, title: str | None = None
) -> Any:
    """A rich Table of the records (text is never read as markup)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for column in columns:
        table.add_column(column.header, justify=column.justify, no_wrap=column.no_wrap)  # type: ignore[arg-type]
    for record in records:
        table.add_row(*(Text(column.show(record.get(column.key))) for column in columns))
    return table


def emit(
    fmt: Format,
    *,
    data: Any,
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    csv_columns: Sequence[str] | None = None,
    table: Callable[[Console], None] | None = None,
    title: str | None = None,
    notes: Sequence[str] = (),
    out: Callable[[str], None] | None = None,
) -> None:
    """Print one result in the chosen format.

    ``data`` is what JSON prints; ``records`` and ``columns`` make the CSV and
    Markdown tables; ``table`` (optional) draws a richer terminal view than the
    default table of the records; ``notes`` are lines printed under tables.
    """
    write = out or _stdout
    if fmt is Format.json:
        write(to_json(data))
    elif fmt is Format.csv:
        write(to_csv(records, csv_columns or [c.key for c in columns]))
    elif fmt is Format.markdown:
        text = (f"**{md_escape(title)}**\n\n" if title else "") + to_markdown(records, columns)
        if notes:
            text += "\n" + "\n".join(f"- {md_escape(n)}" for n in notes) + "\n"
        write(text)
    else:
        con = console()
        if table is not None:
            table(con)
        else:
            con.print(rich_table(records, columns, title=title))
            for note in notes:
                con.print(_text(note))


def _text(line: str) -> Any:
    from rich.text import Text

    return Text(line)


def _stdout(text: str) -> None:
    import sys

    sys.stdout.write(text)
    sys.stdout.flush()
