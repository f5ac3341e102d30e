"""``fr-stats list``, ``show``, ``--version`` and the error paths they share."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from fr_stats import __version__
from fr_stats.cli import app

Cli = Callable[..., Result]


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"fr-stats {__version__}\n"


def test_every_command_has_help(cli: Cli) -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert group.commands, "no commands registered"  # type: ignore[attr-defined]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and command.help.strip(), f"'{name}' has no help text"
        assert "Example" in command.help, f"'{name}' help has no example"
        result = cli(name, "--help")
        assert result.exit_code == 0, result.output


def test_list_table_shows_every_study(cli: Cli) -> None:
    result = cli("list")
    assert result.exit_code == 0, result.output
    for ref in (
        "aclu2018",
        "aclu2019-ca",
        "aclu2019-ma",
        "comparitech2020",
        "comparitech2020@95",
        "comparitech2020-uk",
        "amazon2018",
    ):
        assert ref in result.stdout
    assert "28 / 535" in result.stdout
    assert "0 / unpublished" in result.stdout


def test_list_json_rows(cli: Cli) -> None:
    result = cli("list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)["studies"]}
    assert rows["aclu2018"]["false_matches"] == 28
    assert rows["aclu2018"]["tested"] == 535
    assert rows["aclu2018"]["threshold"] == 80
    assert rows["amazon2018"]["tested"] is None
    assert rows["comparitech2020@95"]["false_matches"] == 0
    assert rows["aclu2019-ma"]["threshold"] is None


def test_list_csv_and_subgroups(cli: Cli) -> None:
    result = cli("list", "--format", "csv", "--subgroups")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    poc = next(r for r in rows if r["subgroup"] == "people of color")
    assert (poc["false_matches"], poc["tested"], poc["population_share"]) == ("11", "", "20.0")
    assert next(r for r in rows if r["id"] == "comparitech2020")["false_matches_kind"] == "average"


def test_list_markdown(cli: Cli) -> None:
    result = cli("list", "-f", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("| id"))
    assert (
        header
        == "| id | study | publisher | date | population | threshold | false matches / tested | rate |"
    )
    assert any(
        line.startswith("| aclu2018 | ACLU 2018: US Congress |") and "28 / 535 | 5.2% |" in line
        for line in lines
    )


def test_list_gender(cli: Cli) -> None:
    result = cli("list", "--task", "gender-classification", "-f", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["gender_classification"]
    assert {r["task"] for r in rows} == {"gender-classification"}
    assert any(r["subgroup"] == "darker female" and r["error_rate_percent"] == 31.37 for r in rows)


def test_show_table_has_quotes_and_contradictions(cli: Cli) -> None:
    result = cli("show", "aclu2019-ca")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "26 of 120 probes (21.7%)" in flat
    assert "Contradiction (tested): 120 used; 125 elsewhere" in flat
    assert "read in: secondary: Boston Globe" in flat or "Boston Globe" in flat


def test_show_json_fields(cli: Cli) -> None:
    result = cli("show", "aclu2018", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["url"].startswith("https://www.aclu.org/")
    assert "28 incorrect matches" in data["quote"]
    assert data["facts"]["tested"]["value"] == 535
    # 535 as Axios reports it ("compared all 535 members of Congress against 25,000 public
    # mugshots"); the ACLU page itself gives no count.
    assert data["facts"]["tested"]["source"].startswith("secondary: Axios, https://www.axios.com/")
    assert {s["subgroup"] for s in data["subgroups"]} == {
        "people of color",
        "Congressional Black Caucus",
    }


def test_show_other_formats(cli: Cli) -> None:
    md = cli("show", "comparitech2020@95", "-f", "markdown")
    assert md.exit_code == 0, md.output
    assert "| all | false matches | 0 | derived |" in md.stdout
    rows = list(csv.DictReader(io.StringIO(cli("show", "aclu2018", "-f", "csv").stdout)))
    assert {r["quantity"] for r in rows} >= {"false matches", "probes tested", "gallery size"}


def test_show_adhoc_count(cli: Cli) -> None:
    result = cli("show", "32/530", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["false_matches"], data["tested"], data["adhoc"]) == (32, 530, True)


def test_show_gender(cli: Cli) -> None:
    result = cli("show", "raji2019")
    assert result.exit_code == 0, result.output
    assert "gender classification, a different task" in " ".join(result.stdout.split())
    data = json.loads(cli("show", "raji2019", "-f", "json").stdout)
    assert data["task"] == "gender-classification"


def test_unknown_study(cli: Cli) -> None:
    result = cli("show", "aclu2081")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert (
        result.stderr.splitlines()[0] == "Error: unknown study 'aclu2081'. Did you mean 'aclu2018'?"
    )


@pytest.mark.parametrize(
    ("count", "line"),
    [
        ("30/20", "Error: '30/20': 30 false matches cannot exceed the 20 tested"),
        ("-1/5", "Error: counts cannot be negative: -1/5"),
        ("1.5/10", "Error: '1.5/10': the number of false matches must be a whole number, not 1.5"),
        ("5/0", "Error: '5/0': the number tested must be at least 1"),
        (
            "abc/def",
            "Error: 'abc/def': 'abc' is not a number of false matches; write K/N, e.g. 32/530",
        ),
    ],
)
def test_malformed_count(cli: Cli, count: str, line: str) -> None:
    result = cli("show", "--", count)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]


@pytest.mark.parametrize(
    "args",
    [("show", "-1/5"), ("ci", "-1/535"), ("compare", "28/535", "-12/530"), ("pool", "-1/5", "2/5")],
)
def test_negative_count_without_separator(cli: Cli, args: tuple[str, ...]) -> None:
    # A leading '-' would read as an option; the error names the count instead.
    result = cli(*args)
    assert result.exit_code == 2
    negative = next(a for a in args if a.startswith("-"))
    assert result.stderr.splitlines() == [f"Error: counts cannot be negative: {negative}"]


def test_an_unknown_option_is_still_named(cli: Cli) -> None:
    result = cli("ci", "28/535", "-x")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: No such option: -x"


def test_broken_data_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,foo\nx,1\n")
    result = cli("list", "--data", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}, row 1, column 'foo': unknown column 'foo'\n"


def test_missing_data_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("list", "--data", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fr_stats", "show", "aclu2081"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: unknown study 'aclu2081'.")


def test_help_lists_commands_in_the_order_a_user_needs_them(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("--help")
    assert r.exit_code == 0, r.output
    order = ["list", "show", "ci", "compare", "power", "disparity", "pool", "claims", "plot",
             "report"]  # fmt: skip
    listed = [
        line.split()[0] for line in r.stdout.split("Commands:")[1].splitlines() if line.strip()
    ]
    listed = [name for name in listed if name in order]
    assert listed == order


COMMANDS = ["list", "show", "ci", "compare", "power", "disparity", "pool", "claims", "plot",
            "report"]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_reads_plainly_and_ends_with_two_examples(cli, command: str) -> None:  # type: ignore[no-untyped-def]
    r = cli(command, "--help")
    assert r.exit_code == 0, r.output
    usage = r.stdout.splitlines()[0]
    assert "{" not in usage and "[[" not in usage, usage
    assert "<list[" not in r.stdout
    examples = r.stdout.split("Examples:")[1].split("Arguments:")[0].split("Options:")[0]
    lines = [line.strip() for line in examples.splitlines() if line.strip()]
    assert len(lines) == 2 and all(line.startswith(f"fr-stats {command}") for line in lines)
    if "--level" in r.stdout:
        assert "-l, --level" in r.stdout


@pytest.mark.parametrize("ref", ["aclu2018", "raji2019", "aclu2019-ma"])
def test_show_reads_at_80_columns_with_addresses_unbroken(cli, ref: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "80")
    r = cli("show", ref)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    # Only an address may run past 80 columns, and it is never cut or wrapped.
    assert all(len(line) <= 80 for line in lines if "http" not in line), r.stdout
    addresses = [line.strip() for line in lines if line.strip().startswith("http")]
    assert addresses and all(" " not in a and "…" not in a for a in addresses)
    assert "…" not in r.stdout
