"""The disparity, pool and power commands: options, formats and error lines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from numpy.testing import assert_allclose
from test_disparity import write_study
from typer.testing import Result

Cli = Callable[..., Result]


# --------------------------------------------------------------------------- #
# disparity
# --------------------------------------------------------------------------- #


def test_disparity_table(cli: Cli) -> None:
    r = cli("disparity", "aclu2018")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "aclu2018: people of color among the false matches" in out
    assert "p = 0.015 one-sided, 0.017 two-sided" in out
    assert "11 / 107 = 10.3%" in out
    assert "2.59 (95% CI 1.25 to 5.36, Katz)" in out
    assert "20.00% *" in out
    assert "statistically significant" in out
    assert "Caveat: The number of people of color tested was never published" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_disparity_json(cli: Cli) -> None:
    r = cli("disparity", "aclu2018", "--format", "json", "--level", "0.9")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    # R: binom.test(11, 28, p=0.2, alternative="greater")$p.value
    assert_allclose(d["pvalue_greater"], 0.0148628668106823, rtol=1e-10)
    assert d["level"] == 0.9
    assert [s["size"] for s in d["sensitivity"]] == [105, 106, 107, 108, 109]


def test_disparity_csv_and_markdown(cli: Cli) -> None:
    r = cli("disparity", "aclu2018", "-f", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("population_share,size,pvalue_greater")
    assert len(lines) == 6
    share, size, greater = lines[3].split(",")[:3]
    assert (share, size) == ("0.2", "107")
    # R: binom.test(11, 28, p=0.2, alternative="greater")$p.value, printed to 15 digits
    assert_allclose(float(greater), 0.0148628668106823, rtol=1e-13)
    r = cli("disparity", "aclu2018", "-f", "markdown")
    assert r.exit_code == 0, r.output
    assert "| 20.00% \\* | 107 | 0.015 | 0.017 |" in r.stdout


def test_disparity_subgroup_and_data(cli: Cli, tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", subgroups=(("women", 12, "40"), ("men", 8, "60")))
    r = cli("disparity", "lab2020", "--data", str(path), "--subgroup", "men")
    assert r.exit_code == 0, r.output
    assert "lab2020: men among the false matches" in r.stdout
    r = cli("disparity", "lab2020", "--data", str(path))
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0] == (
        "Error: lab2020 has several subgroups with the numbers needed ('women', 'men'); choose one"
    )


def test_disparity_without_tested_has_no_rates_column(cli: Cli, tmp_path: Path) -> None:
    path = write_study(tmp_path / "t.csv", tested=None)
    r = cli("disparity", "lab2020", "--data", str(path))
    assert r.exit_code == 0, r.output
    assert "rates" not in r.stdout.split("Every share")[1].split("\n")[2]
    assert "no group rates can be derived" in " ".join(r.stdout.split())


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (
            ["aclu2019-ca"],
            2,
            "Error: aclu2019-ca: the false matches among lawmakers of color and the share of "
            "lawmakers of color among the people tested were never published, so the disparity "
            "cannot be tested",
        ),
        (
            ["comparitech2020"],
            2,
            "Error: comparitech2020: no subgroup results were published, so there is no "
            "disparity to test",
        ),
        (["nosuch"], 2, "Error: unknown study 'nosuch'."),
        (
            ["aclu2018", "--level", "95"],
            2,
            "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 95.0",
        ),
    ],
)
def test_disparity_errors(cli: Cli, args: list[str], code: int, line: str) -> None:
    r = cli("disparity", *args)
    assert r.exit_code == code, r.output
    assert r.stderr.splitlines()[0] == line
    assert "Traceback" not in r.output


# --------------------------------------------------------------------------- #
# pool
# --------------------------------------------------------------------------- #


def test_pool_default_table(cli: Cli) -> None:
    r = cli("pool")
    assert r.exit_code == 0, r.output
    out = r.stdout
    flat = " ".join(out.split())
    assert "Pooled false-match rate of 4 studies (95% intervals)" in out
    assert "pooled (reml)" in out and "prediction" in out
    # Hartung–Knapp by default for 4 studies. R: predict(rma(measure="PLO",
    # xi=c(28,26,32,73), ni=c(535,120,530,1429), method="REML", test="knha"),
    # transf=transf.ilogit): 0.0778 (0.02373 to 0.2265), PI 0.005622 to 0.5574.
    assert "7.8%" in out and "2.4% to 22.7%" in out and "0.6% to 55.7%" in out
    assert flat.startswith("Pooled false-match rate") and "The studies disagree" in flat
    z = cli("pool", "--no-hartung-knapp").stdout
    assert "3.8% to 15.3%" in z  # the normal (z) interval, as metafor's test="z"
    assert "Method: random effects, REML." in out
    assert (
        "Warning: ACLU 2018: US Congress and Comparitech 2020: US Congress tested largely the same people, members of the US Congress"
        in flat
    )
    assert "Q = 44.93 on 3 df, p < 0.001" in flat
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("method", ["reml", "dl", "pm", "fixed"])
def test_pool_methods_json(cli: Cli, method: str) -> None:
    r = cli("pool", "aclu2018", "comparitech2020", "comparitech2020-uk", "aclu2019-ca",
            "--method", method, "--hartung-knapp", "-f", "json")  # fmt: skip
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["method"] == method and d["hartung_knapp"] is True and d["test"] == "t"
    assert_allclose(sum(s["weight"] for s in d["studies"]), 1.0)
    if method == "fixed":
        assert d["pi_low"] is None


def test_pool_dl_matches_metafor_through_the_cli(cli: Cli) -> None:
    r = cli("pool", "-m", "dl", "--level", "0.9", "-f", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    # R: predict(rma(measure="PLO", xi=c(28,26,32,73), ni=c(535,120,530,1429), method="DL",
    #    level=90), transf=transf.ilogit, level=90)  (tests/reference/pool_reference.R)
    assert_allclose(d["tau2"], 0.421051858117416, rtol=1e-9)
    assert_allclose(d["estimate"], 0.0775661242294312, rtol=1e-9)


def test_pool_zero_count_markdown_and_csv(cli: Cli) -> None:
    r = cli("pool", "0/50", "5/100", "12/150", "3/80", "-f", "markdown")
    assert r.exit_code == 0, r.output
    assert "| 0/50 | 0 / 50 \\* |" in r.stdout
    assert "1/2 added to both of its cells" in r.stdout
    r = cli("pool", "0/50", "5/100", "-f", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("id,label,false_matches,tested,rate,low,high,weight")
    assert lines[1].startswith("0/50,") and ",true," in lines[1]
    assert lines[-1].startswith("prediction,")


def test_pool_warns_about_thresholds(cli: Cli) -> None:
    r = cli("pool", "aclu2018", "comparitech2020@95")
    assert r.exit_code == 0, r.output
    assert "Warning: The studies used different (or unpublished) thresholds" in r.stdout


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["aclu2018"], 2, "Error: pooling needs at least two studies; you gave 1"),
        (["aclu2018", "aclu2018"], 2,
         "Error: 'aclu2018' is given twice; each study may be pooled only once"),
        (["aclu2018", "buolamwini2018"], 2,
         "Error: 'buolamwini2018' is a gender-classification result, a different task from "
         "face matching; the two are never analysed together"),
        (["aclu2018", "amazon2018"], 2,
         "Error: amazon2018: the number of probes tested was never published, so no rate "
         "can be computed"),
        (["--level", "0"], 2,
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 0.0"),
    ],
)  # fmt: skip
def test_pool_errors(cli: Cli, args: list[str], code: int, line: str) -> None:
    r = cli("pool", *args)
    assert r.exit_code == code, r.output
    assert r.stderr.splitlines()[0] == line


def test_pool_bad_method_is_rejected_by_typer(cli: Cli) -> None:
    r = cli("pool", "--method", "ml")
    assert r.exit_code == 2
    assert "Invalid value for '--method'" in r.output


# --------------------------------------------------------------------------- #
# power
# --------------------------------------------------------------------------- #


def test_power_detectable_table(cli: Cli) -> None:
    r = cli("power", "--p1", "0.05", "--n", "535")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Smallest detectable change (two groups, two-sided test)" in out
    # R: power.prop.test(n=535, p1=0.05, power=0.8, tol=1e-12)$p2 = 0.0942663
    assert "9.43% (+4.43 points)" in out
    # R: power.prop.test(n=535, p2=0.05, power=0.8, tol=1e-12)$p1 = 0.0188126
    assert "1.88% (−3.12 points)" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_power_sample_size_json(cli: Cli) -> None:
    r = cli("power", "--p1", "0.05", "--p2", "0.06", "--power", "0.9", "--level", "0.99",
            "-f", "json")  # fmt: skip
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert set(d) >= {"p1", "p2", "mde", "n_per_group", "power", "level"}
    assert d["power"] == 0.9 and d["level"] == 0.99
    assert d["solved_for"] == "n"


def test_power_two_studies_and_formats(cli: Cli) -> None:
    r = cli("power", "aclu2018", "comparitech2020")
    assert r.exit_code == 0, r.output
    assert "12,911 (12,910.5 unrounded)" in r.stdout
    assert "detectable with 532.5 per group" in r.stdout
    r = cli("power", "aclu2018", "comparitech2020", "-f", "csv")
    assert r.exit_code == 0, r.output
    header, row = r.stdout.splitlines()
    assert header.startswith("solved_for,p1,p2,mde,n_per_group")
    assert row.startswith("n,0.052336448598130844,0.06037735849056604")
    r = cli("power", "--p1", "0.1", "--p2", "0.13", "--n", "1000", "-f", "markdown")
    assert r.exit_code == 0, r.output
    assert "| power | 55.7% |" in r.stdout


def test_power_nothing_detectable(cli: Cli) -> None:
    r = cli("power", "--p1", "0.9", "--n", "10")
    assert r.exit_code == 0, r.output
    assert "none up to 100%" in r.stdout


@pytest.mark.parametrize(
    ("args", "line"),
    [
        ([], "Error: give --p1 with --n (detectable change), --p1 with --p2 (sample size), or "
             "two study ids"),
        (["--p1", "0.1"], "Error: --p1 alone asks no question: add --n (detectable change) or "
                          "--p2 (sample size)"),
        (["--p1", "5", "--n", "100"], "Error: p1 must be a proportion between 0 and 1, not 5.0"),
        (["--p1", "0.1", "--p2", "0.1"],
         "Error: p1 and p2 are both 0.1: no sample size can detect a difference of zero"),
        (["--p1", "0.1", "--n", "0"],
         "Error: n (people per group) must be a number from 1 to 1e+15, not 0.0"),
        (["--p1", "0.1", "--n", "100", "--power", "80"],
         "Error: power must be strictly between 0 and 1 (e.g. 0.8), not 80.0"),
        (["aclu2018"], "Error: give two study refs to compare, not 1"),
        (["aclu2018", "comparitech2020", "--p1", "0.1"],
         "Error: give either two study refs or --p1 with --n or --p2, not both"),
    ],
)  # fmt: skip
def test_power_errors(cli: Cli, args: list[str], line: str) -> None:
    r = cli("power", *args)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[0] == line


def test_power_non_number_is_rejected_by_typer(cli: Cli) -> None:
    r = cli("power", "--p1", "half", "--n", "10")
    assert r.exit_code == 2
    assert "Invalid value for '--p1'" in r.output


@pytest.mark.parametrize("command", ["disparity", "pool", "power"])
def test_help(cli: Cli, command: str) -> None:
    r = cli(command, "--help")
    assert r.exit_code == 0, r.output
    assert "Examples:" in r.stdout and f"fr-stats {command} " in r.stdout
