"""Hostile input: data files and arguments that once crashed, misread or leaked into output.

Each case is refused with one ``Error:`` line naming what is wrong (and, for a
data file, where), exit code 2, and no traceback.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from fr_stats import errors
from fr_stats.catalog import STUDY_COLUMNS, load, parse_count
from fr_stats.errors import DataFileError, FrStatsError, InputError
from fr_stats.reading import MAX_FILE_BYTES, MAX_ROWS

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent


def _row(**cells: str) -> dict[str, str]:
    row = dict.fromkeys(STUDY_COLUMNS, "")
    row.update(
        id="mine2025", threshold="80", subgroup="all", label="My study", citation="Me (2025)",
        population="Volunteers", task="face-matching", system="Some system", publisher="Me",
        published="2025-01-02", retrieved="2025-02-03",
        tested="200", tested_kind="reported", tested_quote="We searched 200 volunteers.",
        false_matches="7", false_matches_kind="reported", false_matches_quote="7 matched.",
        threshold_kind="reported", threshold_quote="at the default 80% threshold",
    )  # fmt: skip
    row.update(cells)
    return row


def _csv_text(*rows: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STUDY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path: Path, *rows: dict[str, str]) -> Path:
    path.write_text(_csv_text(*rows), encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(DataFileError) as info:
        load([path])
    return str(info.value)


def _fr_stats(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m fr_stats ARGS`` as a user would, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "fr_stats", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# --------------------------------------------------------------------------- #
# Control characters in a data file
# --------------------------------------------------------------------------- #

ESCAPES = [
    ("OSC 52 clipboard", "A\x1b]52;c;ZWNobyBoaQ==\x07B", "U+001B", 2),
    ("CSI clear screen", "ACLU\x1b[2J", "U+001B", 5),
    ("OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\", "U+001B", 1),
    ("OSC 0 window title", "ok\x1b]0;pwned\x07", "U+001B", 3),
    ("C1 CSI", "red \x9b31m text", "U+009B", 5),
    ("C1 OSC", "x\x9d0;t\x9c", "U+009D", 2),
    ("DEL", "a\x7fb", "U+007F", 2),
    ("backspace", "28\x08\x08", "U+0008", 3),
    ("tab", "a\tb", "U+0009", 2),
]


@pytest.mark.parametrize(("name", "cell", "code", "position"), ESCAPES, ids=[e[0] for e in ESCAPES])
@pytest.mark.parametrize("column", ["label", "false_matches_quote", "notes", "subgroup"])
def test_control_characters_in_a_cell_are_refused(
    tmp_path: Path, name: str, cell: str, code: str, position: int, column: str
) -> None:
    value = cell if column != "false_matches_quote" else f"7 {cell}"
    if column == "false_matches_quote":
        position += 2
    path = _write(tmp_path / "t.csv", _row(**{column: value}))
    assert _refusal(path) == (
        f"{path}, row 2, column '{column}': contains a control character {code} at position "
        f"{position}; remove it (control characters are not allowed in a cell)"
    )


def test_control_character_in_the_header_names_no_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(_csv_text(_row()).replace("notes", "no\x1b[2Jtes", 1), encoding="utf-8")
    assert _refusal(path) == (
        f"{path}, row 1: contains a control character U+001B at position 3; remove it "
        "(control characters are not allowed in a cell)"
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_line_break_in_a_quoted_cell_is_still_allowed(tmp_path: Path, newline: str) -> None:
    # Any line break inside a quoted cell is read as LF, so no CR reaches a terminal.
    path = tmp_path / "t.csv"
    text = _csv_text(_row(notes="first line|second, line"))  # the comma makes it quoted
    assert '"first line|second, line"' in text
    path.write_bytes(text.replace("|", newline).encode())
    assert load([path]).resolve("mine2025").notes == "first line\nsecond, line"


def test_escape_sequences_never_reach_the_terminal(cli: Cli, tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", _row(label="x\x1b]52;c;ZWNobyBoaQ==\x07\x9b2J"))
    for command in (["list"], ["show", "mine2025"], ["ci", "mine2025"]):
        r = cli(*command, "--data", str(path))
        assert r.exit_code == 2, r.output
        assert "\x1b" not in r.output and "\x9b" not in r.output and "\x07" not in r.output


# --------------------------------------------------------------------------- #
# Encodings, line endings and binary junk
# --------------------------------------------------------------------------- #


def test_cr_only_line_endings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(_csv_text(_row()).replace("\n", "\r").encode())
    assert load([path]).resolve("mine2025").n == 200


def test_crlf_and_utf8_bom_are_read(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _csv_text(_row()).replace("\n", "\r\n").encode())
    assert load([path]).resolve("mine2025").k == 7


@pytest.mark.parametrize(
    ("encode", "message"),
    [
        (
            lambda t: t.encode("utf-16"),
            "is UTF-16 text, not UTF-8; save it as UTF-8 CSV",
        ),
        (
            lambda t: t.encode("utf-16-be"),
            "row 1: contains a NUL byte (offset 0): it is UTF-16 or not text; save it as UTF-8 CSV",
        ),
        (
            lambda t: t.encode("utf-16-le"),
            "row 1: contains a NUL byte (offset 1): it is UTF-16 or not text; save it as UTF-8 CSV",
        ),
        (
            lambda t: t.encode().replace(b"Volunteers", b"Volun\x00teers"),
            "row 2: contains a NUL byte (offset 453): it is UTF-16 or not text; "
            "save it as UTF-8 CSV",
        ),
        (
            lambda t: b"\xff\xd8\xff\xe0\x10JFIF\n\r\x1b]52;c;x\x07\x80\x9b",
            "row 1: byte 0xff is not UTF-8; save the file as UTF-8",
        ),
        (
            lambda t: b'a\rb,\x1b]0;x\x07\n"\n\x9b\xc3',
            "row 4, column 'a': byte 0x9b is not UTF-8; save the file as UTF-8",
        ),
    ],
    ids=["utf-16 with BOM", "utf-16-be", "utf-16-le", "NUL byte", "JPEG", "junk"],
)
def test_undecodable_files_are_refused_in_one_line(
    tmp_path: Path, encode: Callable[[str], bytes], message: str
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(encode(_csv_text(_row())))
    text = _refusal(path)
    assert text == f"{path}{',' if message.startswith('row') else ':'} {message}"


def test_binary_junk_never_crashes(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    for seed in range(40):
        path.write_bytes(bytes((seed * 7919 + i * 104729) % 256 for i in range(3000)))
        with pytest.raises(DataFileError) as info:
            load([path])
        assert not any(0x80 <= ord(c) <= 0x9F or ord(c) < 0x20 for c in str(info.value))


# --------------------------------------------------------------------------- #
# Size: special files, huge files, too many rows
# --------------------------------------------------------------------------- #


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_unread(device: str) -> None:
    with pytest.raises(DataFileError) as info:
        load([device])
    assert str(info.value) == (
        f"{device}: is not a regular file (a device, pipe or socket); give a CSV file"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert _refusal(fifo) == (
        f"{fifo}: is not a regular file (a device, pipe or socket); give a CSV file"
    )


def test_a_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    text = _csv_text(_row())
    path.write_text(text + "\n" * (MAX_FILE_BYTES + 1 - len(text)), encoding="utf-8")
    assert _refusal(path) == f"{path}: is larger than 10 MB, the most fr-stats reads"


def test_a_file_at_the_size_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    text = _csv_text(_row())
    padding = MAX_FILE_BYTES - len(text)
    line = " " * 199 + "\n"
    path.write_text(text + line * (padding // 200) + " " * (padding % 200), encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load([path]).resolve("mine2025").n == 200


def test_too_many_rows_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(_csv_text(_row()) + "\n" * MAX_ROWS, encoding="utf-8")
    assert _refusal(path) == f"{path}: has more than 100,000 rows, the most fr-stats reads"


# --------------------------------------------------------------------------- #
# Numbers: digit limit, commas, negatives
# --------------------------------------------------------------------------- #


def test_a_4301_digit_count_in_a_data_file(tmp_path: Path) -> None:
    digits = "9" * 4301
    path = _write(tmp_path / "t.csv", _row(tested=digits, tested_quote=digits))
    assert _refusal(path) == (
        f"{path}, row 2, column 'tested': 999999999999999999999999999999999999999… "
        "(4,301 characters) is larger than 1e+15"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"28/{'9' * 4301}", "the number of tested is larger than 1e+15"),
        (f"{'9' * 4301}/1", "the number of false matches is larger than 1e+15"),
        ("28/5,35", "'5,35' has a misplaced comma; commas may only separate thousands (1,000)"),
        ("28/1,00", "'1,00' has a misplaced comma; commas may only separate thousands (1,000)"),
        ("2,8/535", "'2,8' has a misplaced comma; commas may only separate thousands (1,000)"),
        ("28/,535", "',535' has a misplaced comma; commas may only separate thousands (1,000)"),
        ("28/1,0000", "'1,0000' has a misplaced comma; commas may only separate thousands (1,000)"),
        ("28/5_35", "'5_35' is not a number of tested; write K/N, e.g. 32/530"),
        ("28/\u0665\u0663\u0665", "'\u0665\u0663\u0665' is not a number of tested; write K/N, e.g. 32/530"),
    ],
)  # fmt: skip
def test_count_arguments_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_count(text)
    assert str(info.value).endswith(message)


@pytest.mark.parametrize(
    ("text", "k", "n"),
    [("28/1,000", 28, 1000), ("1,000/1,000,000", 1000, 10**6), ("0/0535", 0, 535)],
)
def test_thousands_separators_still_read(text: str, k: int, n: int) -> None:
    assert (parse_count(text).k, parse_count(text).n) == (k, n)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("5,35", "'5,35' has a misplaced comma; commas may only separate thousands (25,000)"),
        ("1,00", "'1,00' has a misplaced comma; commas may only separate thousands (25,000)"),
        ("2e2", "'2e2' is not a whole number"),
        ("\u0662\u0660\u0660", "'\u0662\u0660\u0660' is not a whole number"),
    ],
)
def test_count_cells_refused(tmp_path: Path, cell: str, message: str) -> None:
    path = _write(tmp_path / "t.csv", _row(tested=cell))
    assert _refusal(path) == f"{path}, row 2, column 'tested': {message}"


def test_comma_grouped_count_cell_still_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", _row(tested="1,200", tested_quote="1,200 people"))
    assert load([path]).resolve("mine2025").n == 1200


# --------------------------------------------------------------------------- #
# Dates and subgroups
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("published", "2025-13-45"),
        ("published", "2025-02-31"),
        ("published", "2025-00"),
        ("retrieved", "2023-02-29"),
        ("retrieved", "2025-04-31"),
    ],
)
def test_impossible_dates_are_refused(tmp_path: Path, column: str, value: str) -> None:
    path = _write(tmp_path / "t.csv", _row(**{column: value}))
    assert _refusal(path) == (
        f"{path}, row 2, column '{column}': '{value}' is not a real date (no such month or day)"
    )


def test_real_dates_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", _row(published="2024-02", retrieved="2024-02-29"))
    assert load([path]).resolve("mine2025").retrieved == "2024-02-29"


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_subgroup_is_refused(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path / "t.csv", _row(subgroup=value))
    assert _refusal(path) == (
        f"{path}, row 2, column 'subgroup': is empty; this column is required"
    )


# --------------------------------------------------------------------------- #
# Exit codes
# --------------------------------------------------------------------------- #


def _subclasses(cls: type) -> list[type]:
    return [cls] + [s for sub in cls.__subclasses__() for s in _subclasses(sub)]


def test_exit_code_2_for_every_mistake_of_the_user_1_for_the_machine() -> None:
    codes = {cls.__name__: cls.exit_code for cls in _subclasses(FrStatsError)}
    assert codes.pop("OutputError") == 1
    assert set(codes.values()) == {2}, codes
    assert {"DataFileError", "NotComparableError", "MissingDataError"} <= set(codes)
    assert errors.FrStatsError.exit_code == 2


# --------------------------------------------------------------------------- #
# The command line, in a fresh process as a user runs it
# --------------------------------------------------------------------------- #


def _cli_cases(tmp_path: Path) -> list[tuple[list[str], str]]:
    def data(name: str, raw: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(raw)
        return str(path)

    text = _csv_text(_row())
    escape = data("escape.csv", _csv_text(_row(label="a\x1b]52;c;eA==\x07\x9b")).encode())
    return [
        (["ci", "-1/535"], "Error: counts cannot be negative: -1/535"),
        (["ci", "28/5,35"], "Error: '28/5,35': '5,35' has a misplaced comma; commas may only "
                            "separate thousands (1,000)"),
        (["ci", f"28/{'9' * 4301}"], "the number of tested is larger than 1e+15"),
        (["ci", "28/535", "--level", "1e-320"],
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 1e-320"),
        (["compare", "aclu2018", "buolamwini2018"], "Error: 'buolamwini2018' is a gender-"),
        (["list", "--data", escape], "contains a control character U+001B at position 2"),
        (["list", "--data", data("cr.csv", text.replace("\n", "\r").encode()
                                 .replace(b"Volunteers", b"Vol\x1bunteers"))],
         "column 'population': contains a control character U+001B"),
        (["list", "--data", data("u16.csv", text.encode("utf-16"))], "is UTF-16 text"),
        (["list", "--data", data("u16le.csv", text.encode("utf-16-le"))], "contains a NUL byte"),
        (["list", "--data", data("junk.csv", bytes(range(256)) * 4)], "contains a NUL byte"),
        (["list", "--data", "/dev/zero"], "Error: /dev/zero: is not a regular file"),
        (["list", "--data", data("d.csv", _csv_text(_row(published="2025-02-31")).encode())],
         "'2025-02-31' is not a real date"),
        (["list", "--data", data("s.csv", _csv_text(_row(subgroup="")).encode())],
         "column 'subgroup': is empty"),
        (["list", "--data", data("big.csv", _csv_text(_row(tested="9" * 4301)).encode())],
         "is larger than 1e+15"),
    ]  # fmt: skip


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    for args, expected in _cli_cases(tmp_path):
        run = _fr_stats(*args)
        lines = run.stderr.splitlines()
        errors_ = [line for line in lines if line.startswith("Error:")]
        assert run.returncode == 2, (args, run.stderr)
        assert "Traceback" not in run.stderr, (args, run.stderr)
        assert len(errors_) == 1 and expected in errors_[0], (args, run.stderr)
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in run.stderr if c != "\n")


# --------------------------------------------------------------------------- #
# Extreme arguments: the sentences stay true
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("args", "verdict"),
    [
        (["--p1", "1", "--n", "535"],
         "With 535 people in each of two groups, a test at the 95% level would detect, with "
         "80% power, a fall to 98.5% (−1.5 points); a rate of 100% cannot rise, and smaller "
         "falls would often be missed."),
        (["--p1", "0", "--n", "535"],
         "With 535 people in each of two groups, a test at the 95% level would detect, with "
         "80% power, a rise from 0% to 1.5% (+1.5 points); a rate of 0% cannot fall, and "
         "smaller rises would often be missed."),
        (["--p1", "0.5", "--n", "1"],
         "With 1 person in each of two groups, no change from 50.0% is detectable with 80% "
         "power at the 95% level: the sample is too small to detect any change."),
        (["--p1", "0.9", "--n", "10"],
         "With 10 people in each of two groups, a test at the 95% level would detect, with "
         "80% power, a fall to 32.5% (−57.5 points); no rise is detectable, and smaller "
         "falls would often be missed."),
        (["--p1", "0.5", "--p2", "0.6", "--n", "1"],
         "With 1 person in each group, a test at the 95% level detects a change from 50.0% "
         "to 60.0% with probability 3%."),
    ],
)  # fmt: skip
def test_power_sentences_at_the_edges(cli: Cli, args: list[str], verdict: str) -> None:
    # The numbers: R power.prop.test(n=535, p2=1, power=0.8)$p1 = 0.98548...;
    # power.prop.test(n=535, p1=0, power=0.8)$p2 = 0.01452...;
    # power.prop.test(n=10, p2=0.9, power=0.8)$p1 = 0.3249...
    r = cli("power", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert result["verdict"] == verdict
    assert "upwards at all" not in r.stdout


def test_power_notes_at_the_edges(cli: Cli) -> None:
    top = json.loads(cli("power", "--p1", "1", "--n", "535", "-f", "json").stdout)
    assert "A rate of 100% cannot rise." in top["notes"]
    bottom = json.loads(cli("power", "--p1", "0", "--n", "535", "-f", "json").stdout)
    assert "A rate of 0% cannot fall." in bottom["notes"]
    assert not any("even a rate of 0" in note for note in bottom["notes"])
    table = cli("power", "--p1", "1", "--n", "535").stdout
    assert "none (100% cannot rise)" in table


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["power", "--p1", "0.05", "--n", "1e300"],
         "Error: n (people per group) must be a number from 1 to 1e+15, not 1e+300"),
        (["power", "--p1", "0.05", "--n", "0.5"],
         "Error: n (people per group) must be a number from 1 to 1e+15, not 0.5"),
        (["ci", "28/535", "--level", "1e-320"],
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 1e-320"),
        (["ci", "28/535", "--level", "0.3"],
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 0.3"),
        (["ci", "28/535", "--level", "0.99999"],
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 0.99999"),
        (["plot", "detectability", "1000000000000000/1000000000000000", "--out", "d.svg"],
         "Error: 1000000000000000/1000000000000000: a baseline rate of 100% cannot rise, so "
         "it has no detectable-rise curve"),
    ],
)  # fmt: skip
def test_extreme_arguments_refused(cli: Cli, args: list[str], line: str) -> None:
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[0] == line


@pytest.mark.parametrize("level", ["0.5", "0.9999"])
def test_level_range_is_inclusive(cli: Cli, level: str) -> None:
    assert cli("ci", "28/535", "--level", level).exit_code == 0


@pytest.mark.parametrize(
    ("table", "columns", "column"),
    [
        ("claims", "fr_stats.ledger:CLAIM_COLUMNS", "quote"),
        ("contradictions", "fr_stats.catalog:CONTRADICTION_COLUMNS", "other_quote"),
        ("gender", "fr_stats.catalog:GENDER_COLUMNS", "benchmark"),
    ],
)
def test_control_characters_are_refused_in_every_table(
    tmp_path: Path, table: str, columns: str, column: str
) -> None:
    module, _, name = columns.partition(":")
    header = list(getattr(importlib.import_module(module), name))
    row = dict.fromkeys(header, "x")
    row[column] = "said \x1b]52;c;ZWNobyBoaQ==\x07 this"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    path = tmp_path / f"{table}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert _refusal(path) == (
        f"{path}, row 2, column '{column}': contains a control character U+001B at "
        "position 6; remove it (control characters are not allowed in a cell)"
    )
