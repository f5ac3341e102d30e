"""Every writer is safe on its own: hostile text in, inert text out.

The loader may clean data files as they are read; these tests hand hostile
strings straight to the writers (and, where the loader lets them through,
through a data file), so each writer is checked without relying on it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner, Result

from fr_stats.cli import app
from fr_stats.figures.export import chart_bytes, chart_files
from fr_stats.figures.layout import Chart, Panel, Row, draw_rows, rows_height
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
from fr_stats.report.content import Section
from fr_stats.report.writers import markdown as report_markdown
from fr_stats.report.writers import page as report_page

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent

OSC52 = "\x1b]52;c;aGVsbG8=\x07"  # write the clipboard
CSI_CLEAR = "\x1b[2J"  # clear the screen
OSC8 = "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"  # a hidden hyperlink
OSC0 = "\x1b]0;pwn\x07"  # retitle the window
C1_CSI = "\x9b31m"  # the one-byte CSI
TERMINAL = f"A{OSC52}B{CSI_CLEAR}C{OSC8}D{OSC0}E{C1_CSI}F\x08\x7f"
"""A label that attacks a terminal every way we know (and a backspace and a DEL)."""

# Raw control characters a writer must never emit (a newline is allowed where
# the format is multi-line).
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

MARKDOWN_HOSTILE = [
    "\\[Read the study\\](javascript:alert(1))",
    "[Read the study](javascript:alert(1))",
    "![x](http://evil/pixel.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<http://evil.example>",
    "a\\<b>c",
    "&lt;script&gt; and &#60;b&#62; and &amp;",
    "AT&T & Verizon",
    "x | y | z",
    "`code` and ``more``",
    "*em* _em_ **strong** ~~gone~~",
    "# not a heading",
    "1. not a list",
    "2) nor this",
    "- nor this",
    "+ nor this",
    "> nor a quote",
    "---",
    "    four spaces",
    "trailing backslash \\",
    "\\\\[x](y)",
    "[x]: http://evil",
    "[x][y]",
    "line\rbreak\nand\r\nmore",
    f"escape {OSC0} here",
]


def _table_with_label(path: Path, label: str) -> Path:
    from fr_stats.catalog import STUDY_COLUMNS

    row = dict.fromkeys(STUDY_COLUMNS, "")
    row.update(
        id="hostile2025", threshold="80", subgroup="all", label=label, citation=label,
        population="people", task="face-matching", system="x", publisher="x",
        published="2025-01-01", tested="10", tested_kind="reported",
        tested_quote="10 people", false_matches="1", false_matches_kind="reported",
        false_matches_quote="1 match", threshold_kind="reported", threshold_quote="80%",
    )  # fmt: skip
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STUDY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _shown(text: str) -> str:
    """What a reader should see for ``text`` in a one-line Markdown context."""
    return printable(re.sub(r"\r\n|[\r\n\t]", " ", text)).strip()


# --------------------------------------------------------------------------- #
# printable and JSON
# --------------------------------------------------------------------------- #


def test_printable_shows_every_control_as_an_escape() -> None:
    assert printable(OSC0) == "\\x1b]0;pwn\\x07"
    assert printable("\x9b\x7f\x00") == "\\x9b\\x7f\\x00"
    assert printable("bidi \u202e and \u2028") == "bidi \\u202e and \\u2028"
    assert printable("a\nb\tc", keep="\n") == "a\nb\\x09c"
    assert printable("lone \udcff surrogate") == "lone \\udcff surrogate"
    assert printable("plain − text é 😀") == "plain − text é 😀"


def test_json_escapes_c1_controls_and_stays_exact() -> None:
    data = {"label": TERMINAL + "\u2028\u202e\udcff"}
    text = to_json(data)
    assert not RAW_CONTROL.search(text.replace("\n", ""))
    assert "\\u009b" in text and "\\u001b" in text and "\\u202e" in text
    import json

    assert json.loads(text) == data
    text.encode("utf-8")  # a lone surrogate would not encode
    assert to_json({"x": "−"}, ascii_only=True) == '{\n  "x": "\\u2212"\n}\n'


# --------------------------------------------------------------------------- #
# CSV: a bare CR or LF cannot start a new row; formulas are neutralised
# --------------------------------------------------------------------------- #

CSV_HOSTILE = [
    "ok\r=2+5+cmd|' /C calc'!A0",
    "ok\n@SUM(A1)",
    "ok\r\n-2+3",
    "\r=1+1",
    "\t=1+1",
    "  =1+1",
    "\x1b=1+1",
    " \x00+1",
    "\u2028=1+1",
    "-5",
    "+0.5",
    " 12",
]


def _assert_csv_safe(text: str, rows: int) -> list[list[str]]:
    read = list(csv.reader(io.StringIO(text)))
    assert len(read) == rows, read
    assert not RAW_CONTROL.search(text.replace("\n", "")), text
    for row in read:
        for cell in row:
            if cell.startswith(FORMULA_START) or cell.lstrip().startswith(FORMULA_START):
                float(cell)  # only a number may start with a sign
    return read


def test_csv_cells_cannot_break_rows_or_run_formulas() -> None:
    records = [{"a": cell, "b": 1} for cell in CSV_HOSTILE]
    read = _assert_csv_safe(to_csv(records, ["a", "b"]), len(records) + 1)
    cells = [row[0] for row in read[1:]]
    assert cells[0] == "ok =2+5+cmd|' /C calc'!A0"  # one inert cell, not a second row
    assert cells[3] == "' =1+1" and cells[5] == "'  =1+1"
    assert cells[-3:] == ["-5", "+0.5", " 12"]  # numbers stay numbers


def _chart(text: str) -> Chart:
    """A small one-row chart with ``text`` in every place a chart shows text."""
    rows = (Row(label=text, detail=text, estimate=0.05, low=0.03, high=0.08, value=text),)

    def draw(ax: Any) -> Any:
        return draw_rows(ax, rows, xlim=(0.0, 0.1))

    panel = Panel(draw=draw, height=rows_height(rows), heading=text, xlabel=text)
    return Chart(
        kind="studies", name="hostile", title=text, subtitle=text, sources=(text,), alt=text,
        panels=(panel,), columns=("label", "rate"), records=({"label": text, "rate": 0.05},),
        notes=(text,),
    )  # fmt: skip


def test_chart_csv_cannot_break_rows() -> None:
    data = chart_bytes(_chart("x\r=2+5+cmd|' /C calc'!A0"), "csv").decode()
    table, _, footer = data.partition("\n#")
    read = _assert_csv_safe(table + "\n", 2)
    read = [row[:4:3] for row in read]  # label and rate (%)
    assert all(line.startswith("# ") for line in ("#" + footer).splitlines())
    assert not RAW_CONTROL.search(footer.replace("\n", ""))
    assert read[1] == ["x =2+5+cmd|' /C calc'!A0", "5.0"]


def test_cli_csv_neutralises_a_formula_after_leading_spaces(cli: Cli, tmp_path: Path) -> None:
    path = _table_with_label(tmp_path / "h.csv", '  =HYPERLINK("http://x")')
    result = cli("list", "--format", "csv", "--data", str(path))
    assert result.exit_code == 0, result.output
    row = next(r for r in csv.DictReader(io.StringIO(result.stdout)) if r["id"] == "hostile2025")
    assert row["label"].startswith("'")


# --------------------------------------------------------------------------- #
# Markdown: checked with a real CommonMark renderer
# --------------------------------------------------------------------------- #

MD = MarkdownIt("commonmark").enable("table")
LIVE = {"link_open", "image", "html_inline", "html_block", "code_inline", "code_block", "fence",
        "em_open", "strong_open", "s_open", "heading_open", "blockquote_open", "hr",
        "bullet_list_open", "ordered_list_open"}  # fmt: skip


def _tokens(tokens: Iterable[Token]) -> Iterable[Token]:
    for token in tokens:
        yield token
        yield from _tokens(token.children or ())


ACTIVE = {"link_open", "image", "html_inline", "html_block"}


def _rendered_text(markdown: str, container: str, *, syntax: set[str] = LIVE) -> list[str]:
    """The text of every ``container`` (``paragraph`` or ``td``) as a reader sees it.

    Fails if the Markdown holds any of ``syntax`` (by default, any at all).
    """
    tokens = MD.parse(markdown)
    live = {t.type for t in _tokens(tokens)} & syntax
    assert not live, (markdown, live)
    out = []
    for i, token in enumerate(tokens):
        if token.type == f"{container}_open":
            inline = tokens[i + 1]
            out.append("".join(c.content for c in inline.children or () if c.type == "text"))
    return out


@pytest.mark.parametrize("text", MARKDOWN_HOSTILE)
def test_markdown_paragraph_shows_the_text_and_nothing_else(text: str) -> None:
    assert _rendered_text(md_escape(text) + "\n", "paragraph") == [_shown(text)]


@pytest.mark.parametrize("text", MARKDOWN_HOSTILE)
def test_markdown_table_cell_shows_the_text_and_nothing_else(text: str) -> None:
    table = to_markdown([{"a": text, "b": "1"}], [Column("a", text), Column("b", "b")])
    assert _rendered_text(table, "td") == [_shown(text), "1"]
    header = MD.parse(table)
    assert sum(t.type == "th_open" for t in header) == 2


def test_markdown_leaves_ampersands_and_decimals_alone() -> None:
    assert md_escape("AT&T 5.2% − 3.1") == "AT&T 5.2% − 3.1"
    assert md_escape("&lt;") == "\\&lt;"


def test_cli_markdown_has_no_live_link(cli: Cli, tmp_path: Path) -> None:
    label = "\\[Read the study\\](javascript:alert(1))"
    path = _table_with_label(tmp_path / "h.csv", label)
    for args in (["list"], ["show", "hostile2025"], ["ci", "hostile2025"]):
        result = cli(*args, "--format", "markdown", "--data", str(path))
        assert result.exit_code == 0, result.output
        cells = _rendered_text(result.stdout, "td", syntax=ACTIVE)
        texts = cells + _rendered_text(result.stdout, "paragraph", syntax=ACTIVE)
        assert any(label in t for t in texts), result.stdout


def test_report_markdown_and_html_show_hostile_text_as_text() -> None:
    hostile = "\\[Read\\](javascript:alert(1)) <b>x</b> " + OSC0
    section = Section(
        id="s", heading="Sources", paragraphs=(hostile,),
        links=((hostile, "javascript:alert(1)"), ("ok", "https://example.org/a b")),
    )  # fmt: skip
    text = report_markdown(hostile, [hostile], [section], hostile)
    assert not RAW_CONTROL.search(text.replace("\n", ""))
    tokens = list(_tokens(MD.parse(text)))
    links = [t.attrGet("href") for t in tokens if t.type == "link_open"]
    assert links == ["#sources", "https://example.org/a%20b"]
    assert not {"html_inline", "html_block", "image"} & {t.type for t in tokens}
    html = report_page(hostile, [hostile], [section], {}, hostile)
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html)[-1]
    assert 'href="javascript' not in html and "<b>" not in html
    assert not RAW_CONTROL.search(html.replace("\n", ""))


# --------------------------------------------------------------------------- #
# Terminal: every command and format, error messages, the Wrote line
# --------------------------------------------------------------------------- #


def _assert_inert(text: str) -> None:
    assert not RAW_CONTROL.search(text.replace("\n", "")), repr(text)


def test_rich_table_and_console_escape_controls() -> None:
    con = console(width=100)
    con.file = io.StringIO()
    con.print(rich_table([{"a": TERMINAL}], [Column("a", "a")], title=TERMINAL))
    con.print(TERMINAL, markup=False)
    out = con.file.getvalue()
    _assert_inert(out)
    assert "\\x1b]0;pwn\\x07" in out


COMMANDS = [
    ["list"],
    ["show", "hostile2025"],
    ["ci", "hostile2025"],
    ["compare", "hostile2025", "aclu2018"],
    ["pool", "hostile2025", "aclu2018", "comparitech2020"],
    ["power", "hostile2025", "aclu2018"],
    ["claims", "hostile-claim"],
]


def _claims_with_quote(path: Path, quote: str) -> Path:
    """A claims table of one row (copied from data/claims.csv) with a hostile quote."""
    from fr_stats.catalog import data_dir

    rows = list(csv.DictReader(io.StringIO((data_dir() / "claims.csv").read_text("utf-8"))))
    row = next(r for r in rows if r["id"] == "techrepublic-no-change")
    row.update(id="hostile-claim", quote=quote, said_by=quote)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_no_command_sends_a_control_character_to_the_terminal(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    label = f"A{OSC52}B{CSI_CLEAR}C{OSC8}D{OSC0}E{C1_CSI}F"
    path = _table_with_label(tmp_path / "h.csv", label)
    claims = _claims_with_quote(tmp_path / "claims.csv", label)
    for args in COMMANDS:
        data = claims if args[0] == "claims" else path
        result = cli(*args, "--format", fmt, "--data", str(data))
        # The loader refuses a cell with a control character (a verbatim quote is never
        # silently altered); the refusal itself shows the character as an escape.
        assert result.exit_code == 2, (args, result.output)
        assert "contains a control character U+001B" in result.stderr
        _assert_inert(result.stdout)
        _assert_inert(result.stderr)


def test_plot_wrote_line_is_inert(cli: Cli, tmp_path: Path) -> None:
    path = _table_with_label(tmp_path / "h.csv", "x")
    out = tmp_path / f"chart{OSC0}.txt"
    result = cli("plot", "studies", "hostile2025", "--data", str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Wrote ") and "\\x1b]0;pwn\\x07" in result.stderr
    _assert_inert(result.stderr)
    _assert_inert(out.read_text(encoding="utf-8"))


def test_error_message_escapes_the_argument(cli: Cli) -> None:
    result = cli("show", OSC0)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown study '\\x1b]0;pwn\\x07'")
    _assert_inert(result.stderr)


def _run(
    *args: str, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "fr_stats", *args], env=full, text=True, check=False, **kwargs
    )


def test_usage_errors_of_the_parser_are_escaped_too() -> None:
    for args in (["show", OSC0], ["plot", OSC0, "--out", "x.svg"], ["list", "--data", f"/x{OSC0}"]):
        result = _run(*args)
        assert result.returncode == 2, result.stderr
        assert "\\x1b]0;pwn\\x07" in result.stderr
        _assert_inert(result.stderr)
        assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- #
# SVG, alt text, HTML snippet
# --------------------------------------------------------------------------- #


def test_svg_parses_with_control_characters_everywhere() -> None:
    files = chart_files(_chart(f"a\x00b\x1bc\x07d\x08e{C1_CSI}\ufffe\udcff"))
    root = ET.fromstring(files["svg"])
    title = root.find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text is not None and "\\x00b\\x1bc" in title.text
    for suffix in ("txt", "html", "csv"):
        _assert_inert(files[suffix].decode().replace("\n", ""))


def test_chart_with_control_characters_is_valid_svg() -> None:
    # Data files with controls are refused by the loader; a chart built in Python
    # with such a title must still draw as valid XML and inert alt text.
    chart = _chart(f"x{OSC0}\x08{C1_CSI}")
    ET.fromstring(chart_bytes(chart, "svg"))
    _assert_inert(chart_bytes(chart, "txt").decode())


def test_dollar_signs_are_not_read_as_tex() -> None:
    # Unbalanced TeX between two dollars made matplotlib fail to draw at all.
    ET.fromstring(chart_bytes(_chart("cost $\\frac{1$ and $2"), "svg"))


# --------------------------------------------------------------------------- #
# The process: odd encodings, closed or full stdout, broken pipes, widths
# --------------------------------------------------------------------------- #

_LOOP = """
import sys
from fr_stats.cli import main
codes = []
for args in ({runs!r}):
    sys.argv = ["fr-stats", *args]
    try:
        main()
    except SystemExit as exc:
        codes.append(exc.code)
print("codes", codes, file=sys.stderr)
"""


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "cp1252"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
    ],
)
def test_any_output_encoding_works(env: dict[str, str]) -> None:
    commands = [["list"], ["ci", "aclu2018"], ["compare", "aclu2018", "comparitech2020"]]
    runs = [[*c, "--format", f] for c in commands for f in ("table", "json", "csv", "markdown")]
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    code = _LOOP.format(runs=runs)
    result = subprocess.run(
        [sys.executable, "-c", code], env=full, capture_output=True, check=False
    )
    stderr = result.stderr.decode("ascii", "replace")
    assert "Traceback" not in stderr and result.returncode == 0, stderr
    assert stderr.strip().endswith(f"codes {[0] * len(runs)}"), stderr
    if env.get("PYTHONIOENCODING") == "ascii":
        out = result.stdout.decode("ascii")  # nothing but ASCII
        assert "-2.0 to +3.6" in out and "\\u2212" in out  # tables fall back; JSON escapes


def test_closed_stdout_is_one_error_line() -> None:
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m fr_stats list --format json >&-', sys.executable],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "Error: cannot write to standard output: it is closed\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_full_disk_is_one_error_line(fmt: str) -> None:
    with open("/dev/full", "w") as full:
        result = _run("list", "--format", fmt, stdout=full)
    assert result.returncode == 1
    assert result.stderr == "Error: cannot write to standard output: no space left on device\n"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_broken_pipe_is_quiet_and_the_same_for_every_format(fmt: str) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader has gone: every write fails with EPIPE
    try:
        result = _run("list", "--format", fmt, stdout=write)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (1, "")


@pytest.mark.parametrize("columns", ["0", "20", "100000"])
def test_any_terminal_width_shows_every_number_in_full(columns: str) -> None:
    runner = CliRunner()
    listing = runner.invoke(app, ["list"], env={"COLUMNS": columns})
    assert listing.exit_code == 0, listing.output
    assert "28 / 535" in listing.stdout and "5.2%" in listing.stdout
    ci = runner.invoke(app, ["ci", "aclu2018"], env={"COLUMNS": columns})
    assert "3.65% to 7.46%" in ci.stdout
    widths = {len(line) for line in listing.stdout.splitlines()}
    assert max(widths) <= 80, widths


def test_plot_quiet_prints_nothing_even_with_unwritable_config(tmp_path: Path) -> None:
    # A label with a character DejaVu Sans lacks: no "Glyph missing" warning;
    # an unwritable MPLCONFIGDIR: no warning about a temporary cache folder.
    path = _table_with_label(tmp_path / "h.csv", "x 😀")
    out = tmp_path / "x.svg"
    result = _run("plot", "studies", "hostile2025", "--data", str(path), "--out", str(out),
                  "--quiet", env={"MPLCONFIGDIR": "/proc/x"})  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    ET.parse(out)


def test_private_matplotlib_folder_is_kept_only_when_safe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The font cache is kept between runs in a folder only this user can write."""
    import os
    import tempfile

    from fr_stats.figures import style

    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    kept = tmp_path / f"fr-stats-matplotlib-{os.getuid()}"
    assert style._private_folder() == str(kept)
    assert kept.stat().st_mode & 0o777 == 0o700
    assert style._private_folder() == str(kept)  # the same folder next time

    kept.chmod(0o777)  # open to others: not trusted, a fresh folder instead
    fresh = style._private_folder()
    assert fresh != str(kept) and Path(fresh).parent == tmp_path

    kept.chmod(0o700)
    kept.rename(tmp_path / "elsewhere")
    kept.symlink_to(tmp_path / "elsewhere")  # a link: not followed
    assert style._private_folder() != str(kept)


def test_private_matplotlib_folder_is_not_kept_where_others_can_rename_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import tempfile

    from fr_stats.figures import style

    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(shared))
    shared.chmod(0o777)  # anyone may write, no sticky bit: a kept folder could be swapped
    assert not style._private_folder().endswith(f"fr-stats-matplotlib-{os.getuid()}")
    shared.chmod(0o1777)  # sticky, as /tmp is
    assert style._private_folder() == str(shared / f"fr-stats-matplotlib-{os.getuid()}")
