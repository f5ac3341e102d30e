"""``fr-stats ci`` and ``fr-stats compare``: every option and error path."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from typer.testing import Result

CLI = Callable[..., Result]


def test_ci_table(cli: CLI) -> None:
    r = cli("ci", "aclu2018")
    assert r.exit_code == 0, r.output
    assert "aclu2018 (ACLU 2018: US Congress): 28 false matches of 535 tested, 5.23%" in r.stdout
    assert "3.65% to 7.46%" in r.stdout  # R: prop.test(28, 535, correct=FALSE)$conf.int
    assert "wilson" in r.stdout and "exact" not in r.stdout


def test_ci_all_methods_zero_count(cli: CLI) -> None:
    r = cli("ci", "comparitech2020@95", "--method", "all")
    assert r.exit_code == 0, r.output
    for method in ("wilson", "wilson-cc", "exact", "mid-p", "jeffreys", "agresti-coull", "wald"):
        assert f"│ {method} " in r.stdout
    # R: binom.test(0, 530, alternative="less")$conf.int[2] = 0.00563638...
    assert "0 of 530: below 0.564% with 95% confidence (exact one-sided bound)." in r.stdout
    # Which number to quote for a zero is said, and only for a zero.
    assert "this bound is the figure to quote" in " ".join(r.stdout.split())
    assert "figure to quote" not in cli("ci", "aclu2018").stdout


def test_ci_json(cli: CLI) -> None:
    r = cli("ci", "0/530", "--format", "json", "--level", "0.9", "-m", "exact")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert {k: d[k] for k in ("false_matches", "tested", "rate", "level")} == {
        "false_matches": 0, "tested": 530, "rate": 0.0, "level": 0.9,
    }  # fmt: skip
    assert d["intervals"][0]["method"] == "exact" and d["intervals"][0]["low"] == 0.0
    assert d["upper_bound"]["high"] == pytest.approx(1 - 0.1 ** (1 / 530), rel=1e-12)


def test_ci_csv_and_markdown(cli: CLI) -> None:
    r = cli("ci", "28/535", "--format", "csv", "--method", "all")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["method"] for row in rows][:2] == ["wilson", "wilson-cc"]
    assert float(rows[2]["low"]) == pytest.approx(0.0350553056787792, rel=1e-12)  # binom.test
    m = cli("ci", "comparitech2020", "--format", "markdown")
    assert m.exit_code == 0, m.output
    assert m.stdout.startswith("**comparitech2020")
    assert "average of several runs" in m.stdout


def test_ci_with_extra_data(cli: CLI, tmp_path: object) -> None:
    from pathlib import Path

    from fr_stats.catalog import STUDY_COLUMNS, data_dir

    source = Path(data_dir()) / "studies.csv"
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    row = next(r for r in rows if r["id"] == "aclu2018" and r["subgroup"] == "all")
    row = {**row, "id": "mytest2024"}
    out = Path(str(tmp_path)) / "extra.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(STUDY_COLUMNS))
        writer.writeheader()
        writer.writerow({c: row.get(c, "") for c in STUDY_COLUMNS})
    r = cli("ci", "mytest2024", "--data", str(out), "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["id"] == "mytest2024"
    c = cli("compare", "aclu2018", "mytest2024", "--data", str(out), "--format", "json")
    assert c.exit_code == 0, c.output


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("ci", "30/20"), "Error: '30/20': 30 false matches cannot exceed the 20 tested"),
        (("ci", "aclu2018", "--level", "1.5"),
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 1.5"),
        (("ci", "aclu2018", "--method", "bogus"),
         "Error: unknown interval method 'bogus'; choose one of 'wilson', 'wilson-cc', 'exact', "
         "'mid-p', 'jeffreys', 'agresti-coull', 'wald', or 'all' for every one"),
        (("ci", "amazon2018"),
         "Error: amazon2018: the number of probes tested was never published, so no rate can be computed"),
        (("compare", "aclu2018"),
         "Error: compare needs two results, A and B; e.g. fr-stats compare aclu2018 comparitech2020"),
        (("compare", "aclu2018", "comparitech2020", "--level", "0"),
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 0.0"),
        (("compare", "aclu2018", "comparitech2020", "--method", "bogus"),
         "Error: unknown difference method 'bogus'; choose one of 'newcombe', 'newcombe-cc', 'wald', 'agresti-caffo'"),
        (("compare", "aclu2018", "comparitech2020", "--ratio-method", "bogus"),
         "Error: unknown ratio method 'bogus'; choose one of 'katz', 'adjusted-log', 'score'"),
    ],
)  # fmt: skip
def test_bad_input_one_line(cli: CLI, args: tuple[str, ...], line: str) -> None:
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[0] == line
    assert "Traceback" not in r.output


def test_gender_refused(cli: CLI) -> None:
    r = cli("compare", "aclu2018", "buolamwini2018")
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("Error: 'buolamwini2018' is a gender-classification result")


def test_compare_table_reads_in_80_columns(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    r = cli("compare", "aclu2018", "comparitech2020")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("6.0% (Comparitech 2020: US Congress) vs 5.2% (ACLU 2018: US")
    assert max(len(line) for line in lines) <= 80
    text = " ".join(r.stdout.split())
    assert "Not statistically significant (Fisher p = 0.60)" in text
    assert "−2.0 to +3.6" in text and "Newcombe score" in text and "p = 0.57" in text
    assert text.index("Fisher's exact test") < text.index("Caveat: Comparitech 2020: US Congress")


def test_compare_zero_cells(cli: CLI) -> None:
    r = cli("compare", "0/530", "0/1429")
    assert r.exit_code == 0, r.output
    assert "undefined" in r.stdout and "NaN" not in r.stdout and "nan" not in r.stdout
    assert "Note (ratio): no false matches in either sample" in " ".join(r.stdout.split())
    j = cli("compare", "0/530", "0/1429", "-f", "json")
    d = json.loads(j.stdout)
    assert d["odds_ratio"]["high"] == "Infinity" and d["ratio"]["estimate"] is None


def test_compare_nist_scale(cli: CLI) -> None:
    r = cli("compare", "100000/1000000000", "130000/1000000000", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["odds_ratio"]["method"] == "conditional"
    assert d["odds_ratio"]["estimate"] == pytest.approx(1.300039004901069, rel=1e-9)
    assert d["verdict"].startswith(
        "0.013% (130,000 of 1,000,000,000) vs 0.01% (100,000 of 1,000,000,000)"
    )


def test_compare_json_csv_markdown(cli: CLI) -> None:
    j = cli("compare", "28/535", "32/530", "--format", "json", "--level", "0.9", "--method", "wald",
            "--ratio-method", "score")  # fmt: skip
    assert j.exit_code == 0, j.output
    d = json.loads(j.stdout)
    assert list(d) == ["a", "b", "level", "difference", "ratio", "odds_ratio", "tests", "power",
                       "verdict", "caveats", "finding", "comparability"]  # fmt: skip
    assert (d["level"], d["difference"]["method"], d["ratio"]["method"]) == (0.9, "wald", "score")
    c = cli("compare", "28/535", "32/530", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(c.stdout)))
    assert rows[0]["quantity"] == "A: 28/535"
    assert float(rows[0]["estimate"]) == pytest.approx(28 / 535)
    fisher = next(row for row in rows if row["method"] == "fisher")
    assert float(fisher["pvalue"]) == pytest.approx(0.596988085381164, rel=1e-12)  # fisher.test
    m = cli("compare", "28/535", "32/530", "--format", "markdown")
    assert m.exit_code == 0 and m.stdout.startswith("**6.0% (32 of 530) vs 5.2% (28 of 535)")


def test_compare_exact_unconditional(cli: CLI) -> None:
    r = cli("compare", "3/12", "7/11", "--exact-unconditional")
    assert r.exit_code == 0, r.output
    assert "Boschloo's exact test" in r.stdout
    big = cli("compare", "100000/1000000000", "130000/1000000000", "--exact-unconditional")
    assert big.exit_code == 0, big.output
    assert "not run" in big.stdout
    assert "Note (boschloo): not run: Boschloo's test enumerates all" in " ".join(
        big.stdout.split()
    )


def test_help_texts(cli: CLI) -> None:
    for command, first in (
        ("ci", "Confidence interval for one false-match rate"),
        ("compare", "Compare two false-match rates"),
    ):
        r = cli(command, "--help")
        assert r.exit_code == 0
        assert first in r.stdout
        assert "Examples:" in r.stdout
