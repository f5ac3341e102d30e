"""Reading one CSV table strictly: known columns, whole rows, no control characters.

The tables are read with the standard library's ``csv`` module, so listing and
showing studies never imports pandas. A broken file is refused with its file,
row, column and the rule it breaks.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Sequence
from pathlib import Path

from ..errors import DataFileError
from ..reading import (
    MAX_COUNT,
    MAX_ROWS,
    NumberError,
    control_character,
    date_problem,
    parse_number,
    read_data_file,
    shown,
)


class _Row:
    """One data row with its file and spreadsheet row number, for error messages."""

    def __init__(self, path: Path, number: int, cells: dict[str, str]) -> None:
        self.path = path
        self.number = number
        self.cells = cells

    def error(self, column: str | None, message: str) -> DataFileError:
        return DataFileError(self.path, message, row=self.number, column=column)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            raise self.error(column, "is empty; this column is required")
        return value

    def date(self, column: str, *, month_only: bool, required: bool = False) -> str:
        """A date cell: empty (unless ``required``) or a real ``YYYY-MM-DD`` date
        (``YYYY-MM`` too when ``month_only``)."""
        value = self.text(column, required=required)
        problem = date_problem(value, month_only=month_only) if value else None
        if problem:
            raise self.error(column, problem)
        return value

    def number_cell(
        self, column: str, *, integer: bool, low: float = 0, high: float = MAX_COUNT
    ) -> int | float | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            value = parse_number(raw, integer=integer)
        except NumberError as exc:
            raise self.error(column, _number_message(raw, exc.reason, integer, high)) from None
        if value < low or value > high:
            raise self.error(column, f"{raw} is outside the allowed range {low:g} to {high:g}")
        return value


def _read_text(path: Path) -> str:
    """A table file's text: see :func:`fr_stats.reading.read_data_file`."""
    return read_data_file(path)


def _number_message(raw: str, reason: str, integer: bool, high: float) -> str:
    if reason == "too large":
        return f"{shown(raw)} is larger than {high:g}"
    if reason == "commas":
        return f"'{raw}' has a misplaced comma; commas may only separate thousands (25,000)"
    return f"'{shown(raw)}' is not {'a whole number' if integer else 'a number'}"


def _records(path: Path, text: str) -> list[list[str]]:
    """The CSV records of a file, at most :data:`MAX_ROWS`, none with a control character."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS:
                raise DataFileError(
                    path, f"has more than {MAX_ROWS:,} rows, the most fr-stats reads"
                )
    except csv.Error as exc:
        raise DataFileError(path, f"is not valid CSV ({exc})", row=reader.line_num) from None
    header = [h.strip() for h in records[0]]
    for number, record in enumerate(records, start=1):
        for index, cell in enumerate(record):
            problem = control_character(cell)
            if problem:
                name = header[index] if index < len(header) and number > 1 else None
                if name is not None and control_character(name):
                    name = None
                raise DataFileError(path, problem, row=number, column=name)
    return records


def _read_table(path: Path, columns: Sequence[str], text: str) -> list[_Row]:
    """Read a CSV table strictly: known columns, whole rows."""
    if not text.strip():
        raise DataFileError(
            path, "the file is empty; a header row and at least one data row are expected"
        )
    records = _records(path, text)
    header = [h.strip() for h in records[0]]
    for name in header:
        if name not in columns:
            close = difflib.get_close_matches(name, columns, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise DataFileError(path, f"unknown column '{name}'{hint}", row=1, column=name)
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataFileError(path, f"missing column '{missing[0]}'", row=1, column=missing[0])
    duplicated = {c for c in header if header.count(c) > 1}
    if duplicated:
        name = sorted(duplicated)[0]
        raise DataFileError(path, f"column '{name}' appears twice", row=1, column=name)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            column = header[len(record)] if len(record) < len(header) else None
            raise DataFileError(
                path,
                f"has {len(record)} cells but the header has {len(header)}"
                + ("; the row looks truncated" if len(record) < len(header) else ""),
                row=number,
                column=column,
            )
        rows.append(_Row(path, number, dict(zip(header, record, strict=True))))
    if not rows:
        raise DataFileError(path, "has a header but no data rows")
    return rows
