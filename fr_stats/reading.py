"""The input boundary: a data file's bytes, and numbers and dates as people write them.

Everything a user hands fr-stats passes through here before it is parsed:
a ``--data`` file is read only if it is a regular file under
:data:`MAX_FILE_BYTES`, must be UTF-8 text without control characters, and
its numbers and dates follow the rules of ``data/README.md``. The same number
rules apply to counts typed as ``K/N`` on the command line.
"""

from __future__ import annotations

import datetime
import os
import re
import stat
from pathlib import Path

from .errors import DataFileError

MAX_COUNT = 10**15
"""The largest count fr-stats accepts (no study has tested a quadrillion people)."""

MAX_FILE_BYTES = 10_000_000
"""A data file larger than this (10 MB) is refused unread."""

MAX_ROWS = 100_000
"""A data file with more rows than this (header included) is refused."""

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<fraction>\.[0-9]+)?"
)
_LOOSE_NUMBER = re.compile(r"[+-]?[0-9,]*[0-9][0-9,]*(?:\.[0-9]+)?")
_EXPONENT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")
_MAX_DIGITS = len(str(MAX_COUNT))


# --------------------------------------------------------------------------- #
# A data file's bytes
# --------------------------------------------------------------------------- #


def read_data_file(path: Path) -> str:
    """A table file's text: a regular UTF-8 file of at most :data:`MAX_FILE_BYTES`.

    A byte-order mark is dropped and line endings (CRLF, or CR alone as old
    spreadsheets write them) become LF. Devices, pipes and folders are refused
    without reading from them, so ``--data /dev/zero`` cannot exhaust memory.

    Raises
    ------
    DataFileError
        Naming the file and what is wrong with it; never echoing its bytes.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DataFileError(path, "no such file") from None
    except IsADirectoryError:
        raise DataFileError(path, "is a folder, not a CSV file") from None
    except OSError as exc:
        raise DataFileError(path, f"cannot be read ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise DataFileError(path, "is a folder, not a CSV file")
        raise DataFileError(
            path, "is not a regular file (a device, pipe or socket); give a CSV file"
        )
    with os.fdopen(fd, "rb") as f:
        try:
            raw = f.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise DataFileError(path, f"cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataFileError(
            path, f"is larger than {MAX_FILE_BYTES // 1_000_000} MB, the most fr-stats reads"
        )
    return decode(path, raw)


def decode(path: Path, raw: bytes) -> str:
    """Strict UTF-8 (a byte-order mark allowed), line endings made LF."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataFileError(path, "is UTF-16 text, not UTF-8; save it as UTF-8 CSV")
    raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise DataFileError(
            path,
            f"contains a NUL byte (offset {nul}): it is UTF-16 or not text; save it as UTF-8 CSV",
            row=raw[:nul].count(b"\n") + 1,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        raise DataFileError(
            path,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            row=before.count(b"\n") + 1,
            column=_column_at(raw, before),
        ) from None


def _column_at(raw: bytes, before: bytes) -> str | None:
    """The header name above a byte offset, when it can be told safely."""
    import csv

    line_start = before.rfind(b"\n") + 1
    if line_start == 0:
        return None
    header = raw.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    prefix = before[line_start:].decode("utf-8", errors="replace")
    try:
        names = next(csv.reader([header]), [])
        index = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
    except csv.Error:
        return None
    if not 0 <= index < len(names) or control_character(names[index]):
        return None
    return names[index].strip() or None


def control_character(cell: str) -> str | None:
    """Why a cell is refused for a control character, or ``None`` when it has none.

    Every C0 control (tab and carriage return included; a line feed is a
    line break, which quoted cells may hold), DEL and every C1 control
    (U+0080 to U+009F) is refused: they can move the cursor, rewrite the
    clipboard or hide text in a terminal, and no published sentence needs one.
    A cell is refused rather than cleaned, because a quote must stay verbatim.
    """
    match = _CONTROL.search(cell)
    if match is None:
        return None
    return (
        f"contains a control character U+{ord(match.group()):04X} at position "
        f"{match.start() + 1}; remove it (control characters are not allowed in a cell)"
    )


# --------------------------------------------------------------------------- #
# Numbers and dates as written
# --------------------------------------------------------------------------- #


class NumberError(ValueError):
    """Why a text is not an acceptable number: ``reason`` is one of
    ``"not a number"``, ``"not whole"``, ``"commas"`` or ``"too large"``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_number(text: str, *, integer: bool) -> int | float:
    """A number as written in a cell or a ``K/N`` count.

    Digits, an optional sign, optional commas that separate thousands in
    groups of three (``25,000``; not ``5,35``), and, unless ``integer``, a
    decimal part. A number with more digits than :data:`MAX_COUNT` is refused
    before it is converted.

    Raises
    ------
    NumberError
        With the reason (see :class:`NumberError`).
    """
    match = _NUMBER.fullmatch(text)
    if match is None:
        if _LOOSE_NUMBER.fullmatch(text) and "," in text:
            raise NumberError("commas")
        if _EXPONENT.fullmatch(text):
            raise NumberError("not whole" if integer else "not a number")
        raise NumberError("not a number")
    whole = match["whole"].replace(",", "").lstrip("0")
    if len(whole) > _MAX_DIGITS:
        raise NumberError("too large")
    if not integer:
        return float(match["sign"] + (whole or "0") + (match["fraction"] or ""))
    if match["fraction"]:
        raise NumberError("not whole")
    value = int(whole or "0")
    return -value if match["sign"] == "-" else value


def shown(text: str, width: int = 40) -> str:
    """A user's text for an error message, cut short when it is long."""
    return text if len(text) <= width else f"{text[: width - 1]}… ({len(text):,} characters)"


def date_problem(text: str, *, month_only: bool) -> str | None:
    """Why ``text`` is not a date ``YYYY-MM-DD`` (or ``YYYY-MM`` if ``month_only``), or ``None``."""
    form = "YYYY-MM-DD or YYYY-MM" if month_only else "YYYY-MM-DD"
    full = f"{text}-01" if month_only and re.fullmatch(r"[0-9]{4}-[0-9]{2}", text) else text
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", full):
        return f"'{shown(text)}' is not a date of the form {form}"
    try:
        datetime.date.fromisoformat(full)
    except ValueError:
        return f"'{text}' is not a real date (no such month or day)"
    return None
