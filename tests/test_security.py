"""User-supplied text is inert: escaped in Markdown, neutralised in CSV, never evaluated."""

from __future__ import annotations

import ast
import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import fr_stats
from fr_stats.catalog import STUDY_COLUMNS
from fr_stats.render import md_escape, spreadsheet_safe, to_csv

Cli = Callable[..., Result]
HOSTILE = '<script>alert(1)</script> | =HYPERLINK("http://x") *bold* [x](y)'


def _table_with_label(path: Path, label: str) -> Path:
    row = dict.fromkeys(STUDY_COLUMNS, "")
    row.update(
        id="hostile2025", threshold="80", subgroup="all", label=label, citation="=1+1", population="@SUM(A1)",
        task="face-matching", system="x", publisher="-2+3", published="2025-01-01",
        tested="10", tested_kind="reported", tested_quote="10 people",
        false_matches="1", false_matches_kind="reported", false_matches_quote="1 match",
        threshold_kind="reported", threshold_quote="80%",
    )  # fmt: skip
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STUDY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1 more", "'+1 more"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("-5", "-5"),
        ("+0.5", "+0.5"),
        ("plain", "plain"),
        (28, 28),
    ],
)
def test_spreadsheet_safe(cell: object, safe: object) -> None:
    assert spreadsheet_safe(cell) == safe


def test_csv_output_neutralises_formulas_but_keeps_numbers(cli: Cli, tmp_path: Path) -> None:
    path = _table_with_label(tmp_path / "hostile.csv", "=cmd|' /C calc'!A0")
    result = cli("list", "--format", "csv", "--data", str(path))
    assert result.exit_code == 0, result.output
    row = next(r for r in csv.DictReader(io.StringIO(result.stdout)) if r["id"] == "hostile2025")
    assert row["label"] == "'=cmd|' /C calc'!A0"
    assert (
        row["citation"] == "'=1+1"
        and row["population"] == "'@SUM(A1)"
        and row["publisher"] == "'-2+3"
    )
    assert (row["false_matches"], row["tested"]) == ("1", "10")
    assert to_csv([{"a": -0.5, "b": "-0.5"}], ["a", "b"]) == "a,b\n-0.5,-0.5\n"


def test_markdown_escapes_user_text(cli: Cli, tmp_path: Path) -> None:
    path = _table_with_label(tmp_path / "hostile.csv", HOSTILE)
    result = cli("list", "--format", "markdown", "--data", str(path))
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.startswith("| hostile2025 "))
    assert "\\<script>" in line  # CommonMark shows \< as a literal <: no tag
    header = next(x for x in result.stdout.splitlines() if x.startswith("| id "))
    # Escaped pipes do not add columns.
    assert line.replace("\\|", "").count("|") == header.count("|")
    assert md_escape("a|b\nc") == "a\\|b c"


def test_terminal_table_does_not_interpret_markup(cli: Cli, tmp_path: Path) -> None:
    path = _table_with_label(tmp_path / "hostile.csv", "[bold red]x[/bold red]")
    result = cli("show", "hostile2025", "--data", str(path))
    assert result.exit_code == 0, result.output
    assert "[bold red]x[/bold red]" in result.stdout


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {
    "pickle",
    "marshal",
    "shelve",
    "socket",
    "urllib",
    "http",
    "requests",
    "ftplib",
    "yaml",
}


def test_the_package_never_evaluates_text_or_opens_the_network() -> None:
    package = Path(fr_stats.__file__).parent
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, (
                    f"{path}:{node.lineno} calls {node.func.id}"
                )
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] not in FORBIDDEN_MODULES, (
                        f"{path} imports {alias.name}"
                    )
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert node.module.split(".")[0] not in FORBIDDEN_MODULES, (
                    f"{path} imports {node.module}"
                )
