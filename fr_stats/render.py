"""Rendering results to the terminal and to files: table, JSON, CSV, Markdown.

Every command hands its result here as plain records; nothing in this module
computes a statistic. JSON and CSV are stable interfaces for scripts.

Text from a data file is never trusted, and every writer here is safe on its
own, whatever the loader let through:

- terminal (tables, notes, error lines): control characters are shown as
  visible escapes (:func:`printable`), so an escape sequence in a label
  cannot retitle the window, clear the screen or write the clipboard;
- JSON: the data stays exact, with every control character written as a
  ``\\uXXXX`` escape (C1 controls too, which ``json`` itself leaves raw);
- CSV: line breaks and other control characters in a cell become spaces, so
  a row stays one row, then formula-like cells are neutralised
  (:func:`spreadsheet_safe`);
- Markdown: everything Markdown reads as syntax is backslash-escaped
  (:func:`md_escape`), so text from the data never becomes a link, an image
  or HTML.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .text import json_safe as clean

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions


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


# C0 and C1 controls, DEL, line and paragraph separators, bidirectional
# overrides and isolates, lone surrogates and the two non-characters XML forbids.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def printable(text: Any, *, keep: str = "") -> str:
    r"""``text`` with every control character shown as a visible escape.

    C0 and C1 control characters, DEL, U+2028/U+2029, the bidirectional
    overrides and isolates, lone surrogates and U+FFFE/U+FFFF are replaced by
    their Python escape (``\x1b``, ``\u202e``), so what a terminal receives is
    exactly what it shows, and the escape tells the reader which character
    the data held. Characters in ``keep`` (``"\n"`` for multi-line text) are
    left alone.

    Examples
    --------
    >>> printable("a\x1b]0;title\x07b")
    'a\\x1b]0;title\\x07b'
    """
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), str(text))


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# json.dumps escapes C0 controls itself; these it would leave raw.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def to_json(data: Any, *, ascii_only: bool = False) -> str:
    """Stable JSON: two-space indent, never NaN, every control character escaped.

    UTF-8 text unless ``ascii_only`` (for a stream that cannot encode it).
    """
    text = json.dumps(clean(data), indent=2, ensure_ascii=ascii_only, allow_nan=False)
    # Outside strings JSON is ASCII, so every match is inside a string.
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def html_escape(text: Any) -> str:
    """Text for HTML or XML: control characters as escapes (:func:`printable`), then ``& < > " '``."""
    import html

    return html.escape(printable(text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise a text cell a spreadsheet would run as a formula; numbers stay numbers.

    A cell is neutralised (prefixed with ``'``) when it starts with ``= + - @``,
    a tab or a carriage return, also after leading white space (some
    spreadsheets trim it on import).
    """
    if (
        isinstance(value, str)
        and (value.startswith(_FORMULA_START) or value.lstrip().startswith(_FORMULA_START))
        and not _is_number(value)
    ):
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
    if isinstance(value, str):
        # A bare CR or LF would start a new row in a spreadsheet; controls mean nothing there.
        value = _UNSAFE.sub(" ", value)
    return spreadsheet_safe(value)


_MD_INLINE = re.compile(r"([\\`*_\[\]<|~])")
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_LIST_NUMBER = re.compile(r"\d{1,9}(?=[.)](\s|$))")
_MD_BLOCK_MARK = re.compile(r"#|>|[-+](\s|-|$)")


def md_escape(text: Any) -> str:
    r"""Text shown as itself in Markdown: in a paragraph, a heading or a table cell.

    Line breaks and tabs become spaces and control characters visible escapes
    (:func:`printable`); then the backslash and every character that starts
    inline syntax (`` ` * _ [ ] < | ~ ``) are backslash-escaped, an ``&``
    only where it would start an entity (``&lt;``), and a block marker at the
    start (``#``, ``>``, ``- ``, ``+ ``, ``1. ``). No link, image or
    HTML can come from the text, and a renderer shows it unchanged.

    Examples
    --------
    >>> md_escape("a|b [x](y)")
    'a\\|b \\[x\\](y)'
    """
    out = "" if text is None else str(text)
    out = printable(re.sub(r"\r\n|[\r\n\t]", " ", out)).strip()
    out = _MD_INLINE.sub(r"\\\1", out)
    out = _MD_ENTITY.sub(r"\\&", out)
    number = _MD_LIST_NUMBER.match(out)
    if number:
        return out[: number.end()] + "\\" + out[number.end() :]
    return "\\" + out if _MD_BLOCK_MARK.match(out) else out


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


MIN_WIDTH, MAX_WIDTH, DEFAULT_WIDTH = 40, 1000, 80
"""A terminal narrower or wider than this (or ``COLUMNS=0``) is drawn at the default."""


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A rich console for the terminal (plain when the output is not a terminal).

    Everything it prints goes through :func:`printable`, tables never cut a
    number (their cells fold instead of ending in an ellipsis) and a width
    it cannot trust (``COLUMNS=0``, ``COLUMNS=100000``) becomes 80 columns.
    """
    con = _safe_console_class()(stderr=stderr, width=width, highlight=False, soft_wrap=False)
    if not MIN_WIDTH <= con.width <= MAX_WIDTH:
        con.width = DEFAULT_WIDTH
    return con


@functools.cache
def _safe_console_class() -> type[Console]:
    from rich.console import Console, RenderableType
    from rich.segment import Segment
    from rich.table import Table

    class SafeConsole(Console):
        """A console whose every text segment is :func:`printable`."""

        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterator[Segment]:
            if isinstance(renderable, Table):
                options = _fit_table(renderable, self, options or self.options)
            for segment in super().render(renderable, options):
                if segment.control or not _UNSAFE.search(segment.text):
                    yield segment
                else:
                    yield Segment(printable(segment.text, keep="\n"), segment.style)

        def print(self, *objects: Any, **kwargs: Any) -> None:
            # A table wider than the terminal is printed whole; the terminal wraps it.
            kwargs.setdefault("crop", False)
            super().print(*objects, **kwargs)

    return SafeConsole


_TEXT_MIN = 10
"""The narrowest a column of wrapping text is allowed to become, in characters."""


def _fit_table(table: Any, con: Console, options: ConsoleOptions) -> ConsoleOptions:
    """Text too wide wraps rather than lose characters; numbers (right-aligned) never wrap.

    A table whose unwrapped columns (numbers, ids) cannot fit the terminal
    beside at least ten characters of each text column is drawn wider than
    the terminal, which wraps its lines, rather than cut.
    """
    from rich.measure import Measurement

    for column in table.columns:
        column.overflow = "fold"
        column.no_wrap = column.no_wrap or column.justify == "right"
    wide = options.update_width(MAX_WIDTH)
    needed = 1
    for column in table.columns:
        if column.no_wrap:
            cells = [column.header, *column.cells]
            needed += max(Measurement.get(con, wide, c).maximum for c in cells) + 3
        else:
            needed += _TEXT_MIN + 3
    return options.update_width(max(needed, options.max_width))


def rich_table(
    records: Sequence[Mapping[str, Any]], columns: Sequence[Column], *, title: str | None = None
) -> Any:
    """A rich Table of the records (text is never read as markup, controls are escaped)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for column in columns:
        table.add_column(
            column.header,
            justify=column.justify,  # type: ignore[arg-type]
            no_wrap=column.no_wrap or column.justify == "right",
            overflow="fold",
        )
    for record in records:
        table.add_row(
            *(Text(printable(column.show(record.get(column.key)), keep="\n")) for column in columns)
        )
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
        write(to_json(data, ascii_only=out is None and not _stdout_is_utf8()))
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
    sys.stdout.write(text)
    sys.stdout.flush()


def _stdout_is_utf8() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return codecs.lookup(encoding).name == "utf-8"
