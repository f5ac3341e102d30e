"""Robustness: random command lines and corrupted data files never produce a traceback,
and hostile text comes out of every writer inert."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from fr_stats.catalog import data_dir, load
from fr_stats.cli import app
from fr_stats.errors import DataFileError
from fr_stats.render import (
    Column,
    console,
    md_escape,
    printable,
    rich_table,
    to_csv,
    to_json,
    to_markdown,
)

COMMANDS = ["list", "show", "ci", "compare", "disparity", "pool", "power", "claims", "plot"]
IDS = [
    "aclu2018",
    "aclu2019-ca",
    "aclu2019-ma",
    "comparitech2020",
    "comparitech2020@95",
    "comparitech2020-uk",
    "amazon2018",
    "raji2019",
    "aclu2081",
    "comparitech2020@99",
]
OPTIONS = [
    "--format",
    "-f",
    "--level",
    "--method",
    "--data",
    "--p1",
    "--p2",
    "--n",
    "--power",
    "--out",
    "--subgroups",
    "--hartung-knapp",
    "--exact-unconditional",
    "--task",
    "--help",
]
VALUES = [
    "json",
    "csv",
    "markdown",
    "table",
    "all",
    "exact",
    "wilson",
    "reml",
    "bogus",
    "0.95",
    "1.5",
    "0",
    "-1",
    "nan",
    "inf",
    "1e309",
    "0.5",
]
JUNK = [
    "",
    " ",
    "/",
    "//",
    "@",
    "aclu2018@",
    "@95",
    "\u00e9\u00e8",
    "\U0001f600",
    "\x00",
    "../../etc/passwd",
    "/nonexistent/dir/x.svg",
    "9" * 40,
    "-",
    "--",
    "1/0",
    "0/0",
    "3/2",
    "1e3/1e4",
]


@st.composite
def counts(draw: st.DrawFn) -> str:
    k = draw(st.one_of(st.integers(-5, 10**13), st.sampled_from(["x", "1.5", ""])))
    n = draw(st.one_of(st.integers(-5, 10**13), st.sampled_from(["0", "y", ""])))
    return f"{k}/{n}"


token = st.one_of(
    st.sampled_from(IDS),
    st.sampled_from(OPTIONS),
    st.sampled_from(VALUES),
    st.sampled_from(JUNK),
    counts(),
    st.text(max_size=12),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), args=st.lists(token, max_size=6))
def test_random_command_lines_never_crash(command: str, args: list[str]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)
        try:
            result = runner.invoke(app, [command, *args], catch_exceptions=True)
        finally:
            os.chdir(here)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"fr-stats {command} {args!r} raised {result.exception!r}\n{result.output}"
        ) from result.exception
    assert result.exit_code in (0, 1, 2), (command, args, result.exit_code, result.output)
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- #
# Corrupted copies of the bundled tables
# --------------------------------------------------------------------------- #

BUNDLED = ["studies.csv", "gender_classification.csv", "contradictions.csv"]


def _records(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((data_dir() / name).read_text(encoding="utf-8"))))


def _write(path: Path, records: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _as_user_table(records: list[list[str]]) -> list[list[str]]:
    """Rename ids so the copy does not clash with the bundled data."""
    header = records[0]
    if "id" in header and "value_other" not in header:
        i = header.index("id")
        return [header] + [
            [*r[:i], "copy" + r[i].replace("-", ""), *r[i + 1 :]] for r in records[1:]
        ]
    return records


def _assert_names_file_row(error: DataFileError, path: Path, row: int | None = None) -> None:
    message = str(error)
    assert message.startswith(str(path)), message
    assert error.row is not None, message
    if row is not None:
        assert error.row == row, message


@pytest.mark.parametrize("name", BUNDLED)
def test_clean_copy_loads(tmp_path: Path, name: str) -> None:
    load([_write(tmp_path / name, _as_user_table(_records(name)))])


BLANKABLE = [
    *((name, column) for name in BUNDLED[:2] for column in ("id", "label", "published")),
    ("studies.csv", "tested"),
    ("studies.csv", "false_matches"),
    ("gender_classification.csv", "error_rate"),
    ("contradictions.csv", "id"),
    ("contradictions.csv", "other_quote"),
]


@pytest.mark.parametrize(("name", "column"), BLANKABLE)
def test_blanked_required_or_counted_cell(tmp_path: Path, name: str, column: str) -> None:
    records = _as_user_table(_records(name))
    header = records[0]
    i = header.index(column)
    row = next(n for n, r in enumerate(records[1:], start=1) if r[i].strip())
    records[row][i] = ""
    path = _write(tmp_path / name, records)
    if column in ("tested", "false_matches"):
        # A blanked count becomes 'unpublished': allowed only if its kind is blanked too.
        with pytest.raises(DataFileError) as info:
            load([path])
        assert f"column '{column}_kind'" in str(info.value)
    else:
        with pytest.raises(DataFileError) as info:
            load([path])
        assert f"column '{column}'" in str(info.value)
    _assert_names_file_row(info.value, path, row + 1)


@pytest.mark.parametrize("name", BUNDLED)
def test_truncated_row(tmp_path: Path, name: str) -> None:
    records = _as_user_table(_records(name))
    records[2] = records[2][: len(records[2]) // 2]
    path = _write(tmp_path / name, records)
    with pytest.raises(DataFileError, match="the row looks truncated") as info:
        load([path])
    _assert_names_file_row(info.value, path, 3)


@pytest.mark.parametrize("column", ["tested", "false_matches", "gallery"])
def test_doubled_number_no_longer_matches_its_quote(tmp_path: Path, column: str) -> None:
    records = _as_user_table(_records("studies.csv"))
    i = records[0].index(column)
    row = next(n for n, r in enumerate(records[1:], start=1) if r[i] not in ("", "0"))
    records[row][i] = str(2 * int(records[row][i]))
    path = _write(tmp_path / "studies.csv", records)
    with pytest.raises(DataFileError) as info:
        load([path])
    assert info.value.column in (f"{column}_quote", "false_matches")
    _assert_names_file_row(info.value, path, row + 1)


@pytest.mark.parametrize("name", BUNDLED)
def test_bytes_that_are_not_utf8(tmp_path: Path, name: str) -> None:
    records = _as_user_table(_records(name))
    path = _write(tmp_path / name, records)
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    lines[3] = lines[3][:5] + b"\xff\xfe" + lines[3][5:]
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(DataFileError, match="is not UTF-8") as info:
        load([path])
    _assert_names_file_row(info.value, path, 4)
    assert info.value.column == records[0][0]


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), name=st.sampled_from(BUNDLED))
def test_random_corruption_is_loaded_or_refused_with_its_place(seed: int, name: str) -> None:
    rng = random.Random(seed)
    records = _as_user_table(_records(name))
    row = rng.randrange(1, len(records))
    col = rng.randrange(len(records[0]))
    action = rng.choice(["blank", "junk", "double", "negative", "drop"])
    cell = records[row][col]
    if action == "blank":
        records[row][col] = ""
    elif action == "junk":
        records[row][col] = rng.choice(["abc", "1/2", "=1+1", "\u00e9", "-", "1e999", "  "])
    elif action == "double":
        records[row][col] = cell + cell
    elif action == "negative":
        records[row][col] = "-" + cell
    else:
        del records[row][col]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / name, records)
        try:
            load([path])
        except DataFileError as error:
            assert str(error).startswith(str(path))
            assert error.row is not None or "column" in str(error)


# --------------------------------------------------------------------------- #
# Hostile text through every writer
# --------------------------------------------------------------------------- #

SPECIALS = [
    "\x00", "\x07", "\x08", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\u2028",
    "\u202e", "\\", "[", "]", "(", ")", "!", "<", ">", "&", ";", "#", "*", "_", "`", "~",
    "|", "=", "+", "-", "@", " ", "1.", "lt", "http://x", "javascript:", "\u2212", "é",
]  # fmt: skip
hostile_text = st.lists(
    st.one_of(st.sampled_from(SPECIALS), st.characters(codec="utf-8")), max_size=14
).map("".join)
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
ACTIVE_MARKDOWN = {"link_open", "image", "html_inline", "html_block"}


@settings(max_examples=40, deadline=None)
@given(texts=st.lists(hostile_text, min_size=1, max_size=4))
def test_csv_of_hostile_text_reads_back_row_for_row(texts: list[str]) -> None:
    records = [{"label": t, "quote": t[::-1], "n": 3} for t in texts]
    out = to_csv(records, ["label", "quote", "n"])
    assert not RAW_CONTROL.search(out.replace("\n", ""))
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == len(records) + 1
    for row in rows[1:]:
        assert row[2] == "3"
        for cell in row[:2]:
            if cell.lstrip().startswith(("=", "+", "-", "@")):
                float(cell)  # only a number may start like a formula


@settings(max_examples=60, deadline=None)
@given(text=hostile_text)
def test_markdown_of_hostile_text_is_only_that_text(text: str) -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    shown = printable(re.sub(r"\r\n|[\r\n\t]", " ", text)).strip()
    for doc, container in (
        (md_escape(text) + "\n", "paragraph"),
        (to_markdown([{"a": text}], [Column("a", "a")]), "td"),
    ):
        tokens = md.parse(doc)
        flat = [c for t in tokens for c in [t, *(t.children or ())]]
        assert not {t.type for t in flat} & ACTIVE_MARKDOWN, doc
        assert not RAW_CONTROL.search(doc.replace("\n", ""))
        texts = [
            "".join(c.content for c in (tokens[i + 1].children or ()) if c.type == "text")
            for i, t in enumerate(tokens)
            if t.type == f"{container}_open"
        ]
        assert texts == ([shown] if shown or container == "td" else []), (doc, texts)


@settings(max_examples=60, deadline=None)
@given(text=hostile_text)
def test_json_terminal_and_alt_text_carry_no_raw_control(text: str) -> None:
    out = to_json({"label": text})
    assert not RAW_CONTROL.search(out.replace("\n", ""))
    assert json.loads(out) == {"label": text}
    assert not RAW_CONTROL.search(printable(text))
    con = console(width=80)
    con.file = io.StringIO()
    con.print(rich_table([{"a": text}], [Column("a", "a")], title=text))
    assert not RAW_CONTROL.search(con.file.getvalue().replace("\n", ""))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_svg_of_hostile_text_is_valid_xml(text: str) -> None:
    import xml.etree.ElementTree as ET

    from fr_stats.figures.export import chart_bytes
    from fr_stats.figures.layout import Chart, Panel, Row, draw_rows, rows_height

    rows = (Row(label=text, detail=text, estimate=0.05, low=0.03, high=0.08),)
    panel = Panel(draw=lambda ax: draw_rows(ax, rows, xlim=(0.0, 0.1)), height=rows_height(rows))
    chart = Chart(kind="studies", name="fuzz", title=text, subtitle=text, sources=(text,),
                  alt=text, panels=(panel,), columns=("a",), records=({"a": text},),
                  notes=(text,))  # fmt: skip
    ET.fromstring(chart_bytes(chart, "svg"))
