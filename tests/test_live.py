"""Police live facial recognition: a third task, false alerts among alerts.

Expected intervals are from R 4.x (values pasted with the call beside them):
``binom.test`` for the exact (Clopper–Pearson) interval and
``prop.test(..., correct = FALSE)`` for Wilson's score interval.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from numpy.testing import assert_allclose
from typer.testing import Result

from fr_stats import live
from fr_stats.catalog import data_dir, load
from fr_stats.errors import DataFileError, NotComparableError
from fr_stats.figures import KINDS, plot
from fr_stats.live import LiveResult
from fr_stats.report import REPORT_CHARTS
from fr_stats.tasks import LIVE_FACIAL_RECOGNITION
from fr_stats.words import live as words

CLI = Callable[..., Result]

IDS = ["swp2017-cardiff", "met2016-2018", "met-essex2019", "met2020-oxford-circus",
       "met2024-2025", "essex-police2024"]  # fmt: skip
COUNTS = {
    "swp2017-cardiff": (2297, 2470, None),
    "met2016-2018": (102, 104, None),
    "met-essex2019": (34, 42, None),
    "met2020-oxford-circus": (7, 8, 8600),
    "met2024-2025": (10, 2077, 3_147_436),
    "essex-police2024": (0, 30, None),
}
FACE_WORDS = ("people tested", "falsely matched", "false-match rate", "probes")


# --------------------------------------------------------------------------- #
# The table and the loader
# --------------------------------------------------------------------------- #


def test_bundled_results_with_their_counts() -> None:
    results = {r.id: r for r in load().live}
    assert sorted(results) == sorted(IDS)
    for ident, (k, n, faces) in COUNTS.items():
        r = results[ident]
        assert isinstance(r, LiveResult) and r.task == LIVE_FACIAL_RECOGNITION
        assert (r.k, r.n, r.faces) == (k, n, faces)
        assert r.false_matches.quote and r.tested.quote


def test_essex_review_has_both_readings() -> None:
    r = load().resolve("met-essex2019")
    assert isinstance(r, LiveResult)
    assert (r.k, r.n) == (34, 42)
    assert r.false_matches.kind == "derived" and r.verified_correct.value == 8
    assert r.resolved == (30, 38)


def test_face_matching_list_is_unchanged_by_the_new_task() -> None:
    catalog = load()
    assert all(s.task == "face-matching" for s in catalog.studies)
    assert not {s.id for s in catalog.results()} & set(IDS)


def _table(tmp_path: Path, **changes: str) -> Path:
    with open(data_dir() / "live_facial_recognition.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    row = dict(rows[3])  # met2020-oxford-circus
    row.update({"id": "mine2025", **changes})
    path = tmp_path / "lfr.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
    return path


def test_a_user_table_is_read_as_live_facial_recognition(tmp_path: Path) -> None:
    r = load([_table(tmp_path)]).resolve("mine2025")
    assert isinstance(r, LiveResult) and (r.k, r.n) == (7, 8)


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"false_alerts": "9", "false_alerts_quote": "9 false"}, "false_alerts",
         "9 false alerts is more than the 8 alerts"),
        ({"verified_correct": "2", "verified_correct_kind": "reported",
          "verified_correct_quote": "2 correct"}, "verified_correct",
         "2 verified correct + 7 false alerts is not the 8 alerts"),
        ({"task": "face-matching"}, "task", "this table holds 'live-facial-recognition' results"),
        ({"alerts_quote": "eight matches"}, "alerts_quote", None),
        ({"alerts_quote": "nine matches"}, "alerts_quote", "does not contain the number 8"),
        ({"faces_scanned": "5", "faces_scanned_quote": "5 faces"}, "faces_scanned",
         "5 faces scanned is fewer than the 8 alerts"),
        ({"deployed_to": "2019-01"}, "deployed_to", "2019-01 is before deployed_from 2020-02-27"),
        ({"id": "aclu2018"}, "id", "used by both a face-matching and a live-facial-recognition"),
    ],
)  # fmt: skip
def test_broken_live_table(
    tmp_path: Path, changes: dict[str, str], column: str, message: str | None
) -> None:
    path = _table(tmp_path, **changes)
    if message is None:  # a valid variant, for contrast: "eight" contains 8
        load([path]).resolve("mine2025")
        return
    with pytest.raises(DataFileError) as info:
        load([path])
    assert info.value.column == column, str(info.value)
    assert message in str(info.value)


# --------------------------------------------------------------------------- #
# Intervals, both denominators
# --------------------------------------------------------------------------- #


def test_per_face_intervals_match_r() -> None:
    r = live.ci("met2024-2025")
    exact, wilson = r.per_face
    # binom.test(10, 3147436)$conf.int
    assert_allclose([exact.low, exact.high], [1.523586786e-06, 5.842956467e-06], rtol=1e-8)
    # prop.test(10, 3147436, correct = FALSE)$conf.int
    assert_allclose([wilson.low, wilson.high], [1.725845698e-06, 5.849027857e-06], rtol=1e-8)
    # prop.test(10, 2077, correct = FALSE)$conf.int
    per_alert = r.alerts.interval
    assert_allclose([per_alert.low, per_alert.high], [0.002617332305, 0.008840272368], rtol=1e-8)


def test_oxford_circus_per_face_interval_matches_r() -> None:
    exact, wilson = live.ci("met2020-oxford-circus").per_face
    # binom.test(7, 8600)$conf.int
    assert_allclose([exact.low, exact.high], [0.0003273121486, 0.001676331614], rtol=1e-8)
    # prop.test(7, 8600, correct = FALSE)$conf.int
    assert_allclose([wilson.low, wilson.high], [0.0003943405079, 0.001679321461], rtol=1e-8)


def test_resolved_reading_interval_matches_r() -> None:
    r = live.ci("met-essex2019")
    assert r.resolved is not None and (r.resolved.false_matches, r.resolved.tested) == (30, 38)
    # prop.test(30, 38, correct = FALSE)$conf.int
    assert_allclose(
        [r.resolved.interval.low, r.resolved.interval.high], [0.6365422052, 0.8892520816], rtol=1e-8
    )
    # prop.test(34, 42, correct = FALSE)$conf.int
    assert_allclose([r.alerts.interval.low, r.alerts.interval.high], [0.6669922599, 0.9001799172],
                    rtol=1e-8)  # fmt: skip


def test_no_faces_no_per_face_interval() -> None:
    assert live.ci("swp2017-cardiff").per_face == ()


def test_ci_json_has_both_denominators(cli: CLI) -> None:
    r = cli("ci", "met2024-2025", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (d["false_alerts"], d["alerts"], d["faces_scanned"]) == (10, 2077, 3_147_436)
    assert [i["method"] for i in d["per_face_intervals"]] == ["exact", "wilson"]
    assert d["false_per_face"] == pytest.approx(10 / 3_147_436, rel=1e-12)


def test_ci_table_words_the_alerts(cli: CLI) -> None:
    r = cli("ci", "met2024-2025")
    assert r.exit_code == 0, r.output
    assert "met2024-2025" in r.stdout and "10 of 2,077 alerts were false (0.48%)" in r.stdout
    flat = " ".join(r.stdout.split())
    assert "Per face scanned: 10 of 3,147,436 faces scanned (0.00032%; 3.2 per million" in flat
    assert not any(w in r.stdout for w in FACE_WORDS)


def test_ci_csv_rows(cli: CLI) -> None:
    r = cli("ci", "met-essex2019", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(row["denominator"], row["count"], row["of"]) for row in rows] == [
        ("alerts", "34", "42"),
        ("resolved alerts (derived)", "30", "38"),
    ]


def test_zero_false_alerts_gets_its_bound(cli: CLI) -> None:
    r = cli("ci", "essex-police2024")
    assert r.exit_code == 0, r.output
    # binom.test(0, 30, alternative = "less")$conf.int[2] = 0.09503385286
    assert "0 of 30 alerts were false: below 9.50% with 95% confidence" in " ".join(
        r.stdout.split()
    )


# --------------------------------------------------------------------------- #
# list and show
# --------------------------------------------------------------------------- #


def test_list_default_keeps_them_apart(cli: CLI) -> None:
    r = cli("list")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.split())
    assert "6 live-facial-recognition results (false alerts among alerts) are kept apart" in flat
    assert "swp2017-cardiff" not in r.stdout


def test_list_live(cli: CLI) -> None:
    r = cli("list", "--task", "live-facial-recognition")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    order = [i for i in IDS if i in r.stdout]
    assert order == IDS
    met = next(line for line in lines if line.startswith("│ met2024-2025"))
    assert "10 / 2,077" in met and "0.48%" in met and "3.2" in met  # 10/3,147,436 × 10^6 = 3.18


def test_list_live_csv_in_time_order(cli: CLI) -> None:
    r = cli("list", "--task", "live-facial-recognition", "--format", "csv")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["id"] for row in rows] == ["met2016-2018", "swp2017-cardiff", "met-essex2019",
                                           "met2020-oxford-circus", "essex-police2024",
                                           "met2024-2025"]  # fmt: skip
    essex = next(row for row in rows if row["id"] == "met-essex2019")
    assert (essex["resolved_false_alerts"], essex["resolved_alerts"]) == ("30", "38")


def test_show_live(cli: CLI) -> None:
    r = cli("show", "met2024-2025")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.split())
    assert "Per alert: 10 of 2,077 alerts were false (0.48%)" in flat
    assert "Per face scanned: 10 of 3,147,436 faces scanned" in flat
    assert not any(w in r.stdout for w in FACE_WORDS)
    d = json.loads(cli("show", "met2024-2025", "--format", "json").stdout)
    assert (
        "LFR cameras triggered 2,077 alerts with 10 false positives"
        in d["facts"]["alerts"]["quote"]
    )


def test_show_essex_two_readings(cli: CLI) -> None:
    r = cli("show", "met-essex2019", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (d["false_alerts"], d["alerts"], d["resolved_false_alerts"], d["resolved_alerts"]) == (
        34, 42, 30, 38,
    )  # fmt: skip
    assert d["facts"]["false_alerts"]["kind"] == "derived"


def test_show_at_threshold_refused(cli: CLI) -> None:
    r = cli("show", "met2024-2025@80")
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("Error: 'met2024-2025@80': 'met2024-2025' is a live-facial")


# --------------------------------------------------------------------------- #
# compare, pool, power: within the task, and refused across tasks
# --------------------------------------------------------------------------- #


def test_compare_two_met_results_says_what_differs(cli: CLI) -> None:
    r = cli("compare", "met2016-2018", "met2024-2025")
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.split())
    # fisher.test(matrix(c(10, 2067, 102, 2), 2))$p.value = 9.1e-161
    assert "Statistically significant (Fisher p < 0.001): the rate fell." in flat
    assert "not a like-for-like comparison" in flat
    for phrase in ("different years (2016–2018 and 2024–2025)", "neither published its threshold",
                   "neither published its watchlist size", "neither published its system"):  # fmt: skip
        assert phrase in flat
    assert "met2024-2025: Per alert: 10 of 2,077 alerts were false" in flat


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "aclu2018", "swp2017-cardiff"),
        ("pool", "aclu2018", "swp2017-cardiff"),
        ("power", "swp2017-cardiff", "aclu2018"),
        ("plot", "alerts", "swp2017-cardiff", "aclu2018", "--out", "x.svg"),
    ],
)
def test_mixed_tasks_refused_in_one_line(cli: CLI, args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert r.exit_code == 2, r.output
    lines = r.stderr.splitlines()
    assert len(lines) == 1, r.stderr
    assert " count different things: " in lines[0]
    assert lines[0].startswith("Error: ")


def test_library_compare_refuses_mixed_tasks() -> None:
    from fr_stats import compare

    with pytest.raises(NotComparableError, match="count different things"):
        compare("swp2017-cardiff", "comparitech2020")


def test_pool_live_words(cli: CLI) -> None:
    r = cli("pool", *IDS)
    assert r.exit_code == 0, r.output
    flat = " ".join(r.stdout.split())
    assert "Pooled share of alerts that were false, 6 deployments" in flat
    assert "the share of alerts that were false is" in flat
    assert "false-match rate" not in flat and "false matches" not in flat
    d = json.loads(cli("pool", *IDS, "--format", "json").stdout)
    assert d["verdict"].startswith("The studies disagree")
    assert "a new deployment like these" in d["verdict"]
    assert "pooling 6 results (random-effects), the share of alerts" in d["verdict"]


def test_power_live_words(cli: CLI) -> None:
    r = cli("power", "met2016-2018", "met2024-2025")
    assert r.exit_code == 0, r.output
    assert "alerts needed per group" in r.stdout
    assert " people" not in r.stdout


def test_reword_covers_the_statistics_sentences() -> None:
    assert words.reword("Pooling 2 results, the false-match rate is 5%.") == (
        "Pooling 2 results, the share of alerts that were false is 5%."
    )
    assert (
        words.reword("each group needs 3 people; 1 person") == "each group needs 3 alerts; 1 alert"
    )


# --------------------------------------------------------------------------- #
# The alerts chart and the report section
# --------------------------------------------------------------------------- #


def test_alerts_chart_content() -> None:
    from tests.test_figures import _lines

    chart = plot("alerts")
    assert "alerts" in KINDS and "alerts" in REPORT_CHARTS
    assert [r["id"] for r in chart.records] == ["met2016-2018", "swp2017-cardiff",
                                                 "met-essex2019", "met2020-oxford-circus",
                                                 "essex-police2024", "met2024-2025"]  # fmt: skip
    fig = chart.figure()
    assert len(_lines(fig, "interval")) == 5 and len(_lines(fig, "bound")) == 1
    assert chart.title == (
        "81–98% of alerts were false or not verified as correct in the deployments of 2016–2020; "
        "0–0.48% in those of 2024–2025"
    )
    assert "3,147,436 faces scanned" in chart.alt and "8,600 faces scanned" in chart.alt
    met = chart.records[-1]
    # prop.test(10, 2077, correct = FALSE)$conf.int; binom.test(10, 3147436)$conf.int
    assert_allclose([met["low"], met["high"]], [0.002617332305, 0.008840272368], rtol=1e-8)
    assert_allclose([met["per_face_low"], met["per_face_high"]],
                    [1.523586786e-06, 5.842956467e-06], rtol=1e-8)  # fmt: skip
    assert any("Not like for like" in n for n in chart.notes)


def test_alerts_chart_files(tmp_path: Path, cli: CLI) -> None:
    out = tmp_path / "alerts.csv"
    r = cli("plot", "alerts", "met2024-2025", "met2016-2018", "--out", str(out))
    assert r.exit_code == 0, r.output
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert [row["id"] for row in rows] == ["met2016-2018", "met2024-2025"]
    # The footer carries the title, as comment lines after the data.
    assert any(line.startswith("# ") and "alerts were false" in line for line in lines)
    assert rows[1]["faces_scanned"] == "3147436"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "alerts"])
def test_other_charts_refuse_live_ids(cli: CLI, kind: str, tmp_path: Path) -> None:
    r = cli("plot", kind, "met2024-2025", "--out", str(tmp_path / "x.svg"))
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("Error: live-facial-recognition results count false alerts")


def test_report_section() -> None:
    from fr_stats.report.content import SECTION_OF

    chart = plot("alerts")
    section = SECTION_OF["alerts"](chart, 0.95)
    assert section.heading == "A different task: police live facial recognition"
    (table,) = section.tables
    assert [c.header for c in table.columns][-2:] == ["faces scanned", "false per million faces"]
    met = next(r for r in table.records if r["id"] == "met2024-2025")
    assert met["interval_text"] == "0.3% to 0.9%"


def test_alerts_title_says_false_only_where_every_alert_was_resolved() -> None:
    # South Wales 2017: 2,297 of 2,470 alerts reported as false positives, none unresolved.
    assert plot("alerts", ["swp2017-cardiff"]).title.startswith("93% of alerts were false in ")
