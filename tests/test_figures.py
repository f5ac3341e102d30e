"""Charts: content (intervals, bounds, labels, source line, alt text), style, output."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from numpy.testing import assert_allclose
from typer.testing import Result

import fr_stats
from fr_stats.errors import InputError, MissingDataError, OutputError
from fr_stats.figures import KINDS, plot
from fr_stats.figures.export import chart_bytes, chart_files, write_chart
from fr_stats.figures.folder import atomic_folder
from fr_stats.figures.layout import render
from fr_stats.figures.style import HOUSE, house_style, percent, points

ALL_KINDS = KINDS


def _lines(fig: Figure, prefix: str) -> list[Line2D]:
    axes = [a for ax in fig.axes for a in (ax, *ax.child_axes)]  # insets too
    return [
        line for ax in axes for line in ax.get_lines() if (line.get_gid() or "").startswith(prefix)
    ]


def _texts(fig: Figure) -> list[str]:
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_xticklabels()]
    return found


# --------------------------------------------------------------------------- #
# Style
# --------------------------------------------------------------------------- #


def test_importing_and_plotting_leave_global_style_alone() -> None:
    before = dict(matplotlib.rcParams)
    chart = plot("studies", ["aclu2018", "comparitech2020"])
    chart.figure()
    chart_bytes(chart, "svg")
    assert dict(matplotlib.rcParams) == before


def test_house_style_is_scoped() -> None:
    with house_style():
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
        assert matplotlib.rcParams["svg.fonttype"] == "none"
        assert matplotlib.rcParams["svg.hashsalt"] == "fr-stats"
    assert matplotlib.rcParams["svg.hashsalt"] != "fr-stats" or os.environ.get("MPLRC")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.05, "5%"), (0.005, "0.5%"), (0.0, "0%"), (-0.02, "\u22122%"), (0.125, "12.5%")],
)
def test_percent_ticks(value: float, expected: str) -> None:
    assert percent(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(0.05, "+5"), (0.0, "0"), (-0.02, "\u22122")])
def test_points_ticks(value: float, expected: str) -> None:
    assert points(value) == expected


# --------------------------------------------------------------------------- #
# Chart content
# --------------------------------------------------------------------------- #


def test_studies_chart_draws_one_interval_per_study() -> None:
    chart = plot("studies")
    fig = chart.figure()
    with_rate = [r for r in chart.records if r["rate"]]
    zeros = [r for r in chart.records if r["false_matches"] == 0]
    assert len(_lines(fig, "interval")) == len(with_rate) == 5
    assert len(_lines(fig, "bound")) == len(zeros) == 2
    # No row for the combined arm or for results whose number tested is unpublished.
    ids = [r["id"] for r in chart.records]
    assert "comparitech2020-all" not in ids and "amazon2018" not in ids
    assert any("Amazon 2018" in n and "never published" in n for n in chart.notes)
    # Sorted, highest rate first.
    rates = [r["rate"] for r in chart.records]
    assert rates == sorted(rates, reverse=True)


def test_studies_chart_intervals_match_r() -> None:
    chart = plot("studies", ["aclu2018", "aclu2019-ca", "comparitech2020@95"])
    by_id = {r["id"]: r for r in chart.records}
    # R 4.x: prop.test(28, 535, correct = FALSE)$conf.int
    assert_allclose([by_id["aclu2018"]["low"], by_id["aclu2018"]["high"]],
                    [0.0364551318407416, 0.0746006487438905], rtol=1e-9)  # fmt: skip
    # R 4.x: prop.test(26, 120, correct = FALSE)$conf.int
    assert_allclose([by_id["aclu2019-ca"]["low"], by_id["aclu2019-ca"]["high"]],
                    [0.152367235641515, 0.298543625329084], rtol=1e-9)  # fmt: skip
    # R 4.x: binom.test(0, 530, alternative = "less")$conf.int[2]
    assert_allclose(by_id["comparitech2020@95"]["high"], 0.00563638071023539, rtol=1e-9)
    fig = chart.figure()
    whisker = next(line for line in _lines(fig, "interval") if line.get_xdata()[0] < 0.05)
    assert_allclose(whisker.get_xdata(), [0.0364551318407416, 0.0746006487438905], rtol=1e-9)


def test_studies_chart_labels_source_and_alt_text() -> None:
    chart = plot("studies", ["aclu2018", "comparitech2020"])
    assert chart.source_line == "Source: ACLU (2018); Comparitech (2020). Chart: fr-stats"
    fig = chart.figure()
    texts = _texts(fig)
    assert chart.source_line in " ".join(t.replace("\n", " ") for t in texts)
    assert "ACLU 2018: US Congress" in texts
    assert any(t.startswith("28 of 535 · 80% threshold · 5.2%") for t in texts)
    assert any("32 of 530 (an average of runs)" in t for t in texts)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[0] == "0%" and all(t.endswith("%") for t in ticks)
    for label in ("ACLU 2018: US Congress", "Comparitech 2020: US Congress"):
        assert label in chart.alt
    assert "5.2%" in chart.alt and "6.0%" in chart.alt
    assert chart.title.startswith("Amazon Rekognition falsely matched 5% to 6%")
    assert chart.subtitle.endswith("by study") and "?" in chart.subtitle


def test_thresholds_chart_joins_the_same_people_across_thresholds() -> None:
    chart = plot("thresholds")
    fig = chart.figure()
    assert len(_lines(fig, "bound")) == 2  # Comparitech's zeros at 95%, with upper bounds
    assert len(_lines(fig, "interval")) == 4  # the four results at 80%
    links = [t for ax in fig.axes for t in ax.texts if (t.get_gid() or "").startswith("link")]
    assert len(links) == 2  # an arrow from 80% to 95% for each set of people tested twice
    for ax in fig.axes:  # never a bar, so never a bar of height zero
        assert not [p for p in ax.patches if isinstance(p, Rectangle)]
    texts = " ".join(t.replace("\n", " ") for t in _texts(fig))
    assert "80%: 32 of 530 (an average of runs) · 6.0% (4.3–8.4%)" in texts
    assert "95%: 0 of 530 · below 0.56%" in texts
    assert chart.title == (
        "For the same groups of people, 5% to 6% were falsely matched at an 80% threshold "
        "and none at 95%"
    )
    assert "Not shown: ACLU 2019: New England athletes" in chart.notes[1]


def test_no_mark_where_no_rate_exists() -> None:
    # Amazon's 99% tests: 0 false matches, number tested never published.
    fig = plot("thresholds").figure()
    assert not _lines(fig, "missing")
    at_zero = [
        line
        for ax in fig.axes
        for line in ax.get_lines()
        if list(line.get_xdata()) == [0] and line.get_marker() == "x"
    ]
    assert not at_zero
    texts = " ".join(t.replace("\n", " ") for t in _texts(fig))
    assert texts.count("number tested not published, so no rate") == 2


@pytest.mark.parametrize(
    ("value", "expected"), [(80, "an 80%"), (95, "a 95%"), (99, "a 99%"), (11, "an 11%"),
                            (18, "an 18%"), (8.5, "an 8.5%"), (1, "a 1%")]
)  # fmt: skip
def test_threshold_article(value: float, expected: str) -> None:
    from fr_stats.words.charts import with_article

    assert with_article(value) == expected


def test_studies_chart_sets_stricter_zeros_apart() -> None:
    chart = plot("studies")
    rows = chart.panels[0].rows
    heading = next(i for i, r in enumerate(rows) if r.shape == "heading")
    assert rows[heading].label == "At the stricter 95% threshold"
    after = rows[heading + 1 :]
    assert {r.key for r in after} == {"comparitech2020@95", "comparitech2020-uk@95"}
    assert {r.color for r in after} != {r.color for r in rows[:heading]}
    assert chart.title.endswith("and none at the stricter 95% threshold")


def test_typed_counts_get_a_proper_title_and_single_labels() -> None:
    chart = plot("studies", ["120/1000", "0/500"])
    assert chart.title == (
        "Face matching falsely matched 12.0% of the people tested (120 of 1,000); "
        "one test found none"
    )
    rows = chart.panels[0].rows
    assert [r.detail for r in rows] == ["12.0% (10.1–14.2%)", "below 0.60%"]
    assert "threshold" not in chart.alt and "120 of 1,000: 120 of 1,000" not in chart.alt
    compare = plot("compare", ["12/400", "120/1000"])
    assert "A: 12 of 400: 3.0% (1.7–5.2%)." in compare.alt
    assert "12 of 400: 12 of 400" not in compare.alt


def test_gender_chart_uses_one_precision_and_does_not_pair_vendors() -> None:
    chart = plot("gender")
    values = [r.value for r in chart.panels[0].rows if r.shape == "point"]
    assert values == ["31%", "19%", "9%", "7%", "0%", "23%", "7%", "35%", "0.8%"]
    headings = [r.label for r in chart.panels[0].rows if r.shape == "heading"]
    assert "IBM, Microsoft and Face++: Buolamwini & Gebru (2018)" in headings
    worst = [r for r in chart.panels[0].rows if r.key.startswith("buolamwini2018")]
    assert all(r.detail.startswith("the worst of the three systems for this group") for r in worst)
    assert any("may be another system's" in n for n in chart.notes)
    assert chart.records[0]["error_rate_percent"] == 31.37  # as published, in the data


def test_disparity_colours_keep_one_meaning_and_the_ratio_is_labelled() -> None:
    from fr_stats.figures.style import CONTRAST

    chart = plot("disparity", ["aclu2018"])
    shares, rates = (p.rows for p in chart.panels)
    assert {r.color for r in shares} == {CONTRAST}  # both rows are the subgroup's share
    group = next(r for r in rates if r.key == "people of color")
    assert group.color == CONTRAST
    assert all(r.color != CONTRAST for r in rates if r is not group)
    assert group.value == "2.6× as often"
    texts = _texts(chart.figure(variant="bare"))
    assert "2.6× as often" in texts


def test_detectability_labels_do_not_collide() -> None:
    fig = render(plot("detectability"))
    with house_style():
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # places the annotations
        renderer = canvas.get_renderer()
        labels = [
            t for ax in fig.axes for t in ax.texts if (t.get_gid() or "").startswith("study-label")
        ]
        assert len(labels) == 4  # ACLU 2018 and Comparitech 2020 (535, 530) share one
        # The text's own box (an Annotation's extent would include its leader line).
        boxes = [Text.get_window_extent(t, renderer) for t in labels]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)


def test_thresholds_chart_for_chosen_studies() -> None:
    chart = plot("thresholds", ["comparitech2020"])
    assert [r["id"] for r in chart.records] == ["comparitech2020", "comparitech2020@95"]


def test_gender_chart_is_separate_and_has_no_intervals() -> None:
    chart = plot("gender")
    fig = chart.figure()
    assert not _lines(fig, "interval") and not _lines(fig, "bound")
    assert len(_lines(fig, "point")) == len(chart.records) == 9
    texts = [t.replace("\n", " ") for t in _texts(fig)]
    assert "Gender classification (not face matching)" in texts
    assert "31%" in texts
    assert "A different task from face matching" in chart.subtitle
    assert "different task" in chart.alt and "Darker-skinned women: 31%" in chart.alt
    assert chart.source_line == (
        "Source: Buolamwini & Gebru (2018); Raji & Buolamwini (2019). Chart: fr-stats"
    )
    one = plot("gender", ["buolamwini2018"])
    assert {r["id"] for r in one.records} == {"buolamwini2018"}


def test_gender_chart_refuses_face_matching_ids() -> None:
    with pytest.raises(InputError, match="'aclu2018' is not a gender-classification result"):
        plot("gender", ["aclu2018"])


def test_pool_chart_is_a_forest_plot() -> None:
    chart = plot("pool")
    fig = chart.figure()
    k = chart.results["k"]
    assert len(_lines(fig, "interval")) == k == 4
    assert len(_lines(fig, "prediction")) == 1
    diamonds = [
        p for ax in fig.axes for p in ax.patches if (p.get_gid() or "").startswith("diamond")
    ]
    assert len(diamonds) == 1
    pooled = chart.records[-1]
    assert pooled["id"] == "pooled" and pooled["pi_low"] < pooled["low"] < pooled["rate"]
    assert "prediction interval" in " ".join(chart.notes)


def test_disparity_chart() -> None:
    chart = plot("disparity", ["aclu2018"])
    fig = chart.figure()
    assert len(fig.axes) == 2
    assert len(_lines(fig, "interval")) == 3  # the share, and two derived group rates
    assert (
        chart.title == "People of color were 39% of the false matches but 20% of the people tested"
    )
    share = chart.records[0]
    # R 4.x: binom.test(11, 28)$conf.int
    assert_allclose(
        [share["low"], share["high"]], [0.215042829160961, 0.594231793512437], rtol=1e-9
    )
    assert all(r["derived"] for r in chart.records[2:])
    assert "(derived)" in " ".join(p.heading for p in chart.panels)
    with pytest.raises(InputError, match="one study id"):
        plot("disparity", ["aclu2018", "comparitech2020"])


def test_compare_chart() -> None:
    chart = plot("compare", ["aclu2018", "comparitech2020"])
    fig = chart.figure()
    assert len(fig.axes) == 2
    assert len(_lines(fig, "interval")) == 3  # A, B and the difference
    assert chart.title == (
        "No statistically detectable change from ACLU 2018 to Comparitech 2020, not like for like"
    )
    assert chart.subtitle == chart.results["verdict"]
    diff = chart.records[-1]
    assert diff["low"] < 0 < diff["high"]
    ticks = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert "0" in ticks and "+2" in ticks
    assert "A: ACLU 2018: US Congress" in chart.alt
    rose = plot("compare", ["28/535", "80/530"])
    assert rose.title.startswith("The false-match rate rose")
    with pytest.raises(InputError, match="two study ids"):
        plot("compare", ["aclu2018"])


def test_detectability_chart() -> None:
    chart = plot("detectability")
    fig = chart.figure()
    assert len(_lines(fig, "curve")) == 1
    studies = chart.results["studies"]
    assert len(_lines(fig, "study")) == len(studies) == 5
    mde = {s["id"]: s["mde"] for s in studies}
    # R 4.x: power.prop.test(n = 535, p1 = 28/535, power = 0.8)$p2 - 28/535
    from fr_stats.stats.power import detectable_difference

    assert_allclose(mde["aclu2018"], detectable_difference(28 / 535, 535), rtol=1e-12)
    assert "4.5 points" in chart.title
    assert "observed change" in " ".join(_texts(fig))


def test_detectability_needs_a_nonzero_baseline() -> None:
    with pytest.raises(InputError, match="baseline rate of 0"):
        plot("detectability", ["0/530"])


def test_studies_chart_without_any_rate() -> None:
    with pytest.raises(MissingDataError, match="no rate to plot"):
        plot("studies", ["amazon2018"])


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_text_is_legible_and_inside_the_figure(kind: str) -> None:
    chart = plot(kind)
    fig = render(chart)
    assert fig.get_figwidth() == HOUSE.width
    with house_style():
        renderer = FigureCanvasAgg(fig).get_renderer()
        frame = fig.bbox
        artists = list(fig.texts)
        for ax in fig.axes:
            low, high = sorted(ax.get_xlim())
            ticks = [t for t in ax.get_xticklabels() if low <= t.get_position()[0] <= high]
            artists += [*ax.texts, *ticks]
        for artist in artists:
            if not artist.get_text() or not artist.get_visible():
                continue
            assert artist.get_fontsize() >= 8.5, artist.get_text()
            box = artist.get_window_extent(renderer)
            assert box.x0 >= frame.x0 - 0.5 and box.x1 <= frame.x1 + 0.5, artist.get_text()
            assert box.y0 >= frame.y0 - 0.5 and box.y1 <= frame.y1 + 0.5, artist.get_text()


@pytest.mark.parametrize("kind", ["studies", "thresholds", "gender", "pool", "disparity"])
def test_row_labels_do_not_overlap(kind: str) -> None:
    fig = render(plot(kind))
    with house_style():
        renderer = FigureCanvasAgg(fig).get_renderer()
        for ax in fig.axes:
            boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert not a.overlaps(b)


def test_draw_into_given_axes() -> None:
    chart = plot("studies", ["aclu2018"])
    fig = Figure()
    ax = fig.add_subplot()
    assert chart.draw(ax) is ax
    assert len(_lines(fig, "interval")) == 1
    own = chart.draw()
    assert isinstance(own, Axes) and own.figure is not fig


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #


def test_outputs_are_deterministic() -> None:
    chart = plot("studies", ["aclu2018", "comparitech2020@95"])
    first = chart_files(chart)
    second = chart_files(plot("studies", ["aclu2018", "comparitech2020@95"]))
    assert first == second
    assert set(first) == {"svg", "png", "pdf", "txt", "csv", "html"}
    svg = first["svg"].decode()
    assert "<dc:date>" not in svg and "Matplotlib" not in svg
    assert f"<title>{chart.title}</title>" in svg
    assert b"CreationDate" not in first["pdf"] and b"ModDate" not in first["pdf"]
    assert b"/Producer (fr-stats)" in first["pdf"]
    assert first["png"].startswith(b"\x89PNG") and b"Matplotlib" not in first["png"]


def test_png_is_twice_the_css_size() -> None:
    import io

    from PIL import Image

    chart = plot("studies", ["aclu2018"])
    image = Image.open(io.BytesIO(chart_bytes(chart, "png")))
    assert image.size[0] == round(HOUSE.width * 96 * 2) == 880


def test_csv_alt_and_snippet() -> None:
    files = chart_files(plot("studies", ["aclu2018", "comparitech2020"]))
    csv = files["csv"].decode().splitlines()
    assert csv[0].startswith("label,false matches,people tested,rate (%),low (%),high (%)")
    assert len([line for line in csv if not line.startswith("#")]) == 3
    assert files["txt"].decode().endswith(".\n")
    snippet = files["html"].decode()
    assert snippet.startswith('<figure class="fr-stats-chart" id="fr-stats-studies"')
    assert 'src="studies.svg"' in snippet and 'alt="Dot-and-whisker' in snippet
    assert "<figcaption>" in snippet and "Source: ACLU (2018)" in snippet


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    table = _user_table(tmp_path, label="=HYPERLINK(1)")
    chart = plot("studies", ["userstudy"], data=[table])
    assert "'=HYPERLINK(1)" in chart_bytes(chart, "csv").decode()


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf", "txt", "csv"])
def test_write_chart_picks_format_from_suffix(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chart.{suffix}"
    chart = plot("studies", ["aclu2018"], out=out)
    data = out.read_bytes()
    assert data == chart_bytes(chart, suffix)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_write_chart_errors(tmp_path: Path) -> None:
    chart = plot("studies", ["aclu2018"])
    with pytest.raises(InputError, match=r"cannot tell the format of .*\(\.doc\)"):
        write_chart(chart, tmp_path / "chart.doc")
    with pytest.raises(OutputError, match=r"the folder .* does not exist"):
        write_chart(chart, tmp_path / "missing" / "chart.svg")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_chart(chart, tmp_path / "file" / "chart.svg")
    (tmp_path / "dir.svg").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        write_chart(chart, tmp_path / "dir.svg")
    with pytest.raises(InputError, match="unknown chart format"):
        chart_bytes(chart, "gif")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_write_chart_unwritable_folder(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            write_chart(plot("studies", ["aclu2018"]), locked / "chart.svg")
    finally:
        locked.chmod(0o700)


def test_atomic_folder_keeps_the_old_folder_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_folder(target, markers=("a",)) as temp:
        (temp / "a").write_text("old")
    with pytest.raises(RuntimeError), atomic_folder(target, markers=("a",)) as temp:
        (temp / "a").write_text("new")
        raise RuntimeError("injected")
    assert (target / "a").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_atomic_folder_refuses_what_it_must_not_replace(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with (
        pytest.raises(OutputError, match="is a file, not a folder"),
        atomic_folder(tmp_path / "file"),
    ):
        pass  # pragma: no cover
    with (
        pytest.raises(OutputError, match=r"'.*file' is a file"),
        atomic_folder(tmp_path / "file" / "x"),
    ):
        pass  # pragma: no cover
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("precious")
    with (
        pytest.raises(OutputError, match="holds other files; refusing to replace it"),
        atomic_folder(tmp_path / "mine"),
    ):
        pass  # pragma: no cover
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "precious"


def test_plot_rejects_unknown_kind_and_level() -> None:
    with pytest.raises(InputError, match="unknown chart kind 'pie'"):
        plot("pie")
    with pytest.raises(InputError, match="confidence level"):
        plot("studies", level=1.5)


def test_plot_is_public() -> None:
    assert fr_stats.plot is plot


# --------------------------------------------------------------------------- #
# Command line
# --------------------------------------------------------------------------- #


def test_cli_plot_writes_the_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "chart.svg"
    r = cli("plot", "studies", "aclu2018", "comparitech2020", "--out", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == chart_bytes(plot("studies", ["aclu2018", "comparitech2020"]), "svg")
    assert r.stderr.startswith(f"Wrote {out}: Amazon Rekognition falsely matched")


def test_cli_plot_level_and_data(cli: Callable[..., Result], tmp_path: Path) -> None:
    table = _user_table(tmp_path)
    out = tmp_path / "chart.csv"
    r = cli(
        "plot", "studies", "userstudy", "--level", "0.9", "--data", str(table), "--out", str(out)
    )
    assert r.exit_code == 0, r.output
    assert ",90," in out.read_text()  # confidence level (%)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["plot", "studies", "--out", "chart.doc"], 2,
         "Error: cannot tell the format of 'chart.doc' (.doc); end the file name in .svg, "
         ".png, .pdf, .txt, .csv, .html"),
        (["plot", "studies", "--out", "nowhere/chart.svg"], 1,
         "Error: cannot write 'nowhere/chart.svg': the folder 'nowhere' does not exist"),
        (["plot", "studies", "aclu2081", "--out", "c.svg"], 2,
         "Error: unknown study 'aclu2081'. Did you mean 'aclu2018'?"),
        (["plot", "studies", "--level", "2", "--out", "c.svg"], 2,
         "Error: confidence level must be from 0.5 to 0.9999 (e.g. 0.95), not 2.0"),
    ],
)  # fmt: skip
def test_cli_plot_errors(
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    r = cli(*args)
    assert r.exit_code == code, r.output
    assert r.stderr.splitlines()[0] == message
    assert "Traceback" not in r.output


def test_cli_plot_needs_kind_and_out(cli: Callable[..., Result]) -> None:
    r = cli("plot", "pie", "--out", "x.svg")
    assert r.exit_code == 2
    assert "Invalid value for 'KIND'" in r.stderr
    r = cli("plot", "studies")
    assert r.exit_code == 2
    assert "Missing option '--out'" in r.stderr


def test_cli_plot_help(cli: Callable[..., Result]) -> None:
    r = cli("plot", "--help")
    assert r.exit_code == 0
    assert "fr-stats plot compare aclu2018 comparitech2020 --out chart.html" in r.output


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def _user_table(folder: Path, *, label: str = "A user's study") -> Path:
    """A one-row studies table in the bundled format (threshold left unpublished)."""
    import csv

    from fr_stats.catalog import STUDY_COLUMNS

    row = dict.fromkeys(STUDY_COLUMNS, "")
    row.update(
        id="userstudy",
        subgroup="all",
        label=label,
        citation="A. User (2024)",
        population="volunteers",
        task="face-matching",
        system="Amazon Rekognition",
        publisher="A. User",
        published="2024-01",
        tested="100",
        tested_kind="reported",
        tested_quote="We tested 100 volunteers and 5 were falsely matched.",
        false_matches="5",
        false_matches_kind="reported",
        false_matches_quote="We tested 100 volunteers and 5 were falsely matched.",
    )
    path = folder / "user.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(STUDY_COLUMNS))
        writer.writeheader()
        writer.writerow(row)
    return path


def test_user_table_helper_is_valid(tmp_path: Path) -> None:
    study = fr_stats.study("userstudy", data=[_user_table(tmp_path)])
    assert (study.k, study.n) == (5, 100)
    assert re.match(r"A user", study.label)


def test_default_ids_of_charts_are_read_from_the_data() -> None:
    from fr_stats.catalog import load
    from fr_stats.figures.kinds.common import default_disparity, default_pair

    catalog = load()
    a, b = (catalog.resolve(r) for r in default_pair(catalog))
    assert (a.population, a.threshold.value) == (b.population, b.threshold.value)
    assert a.id != b.id
    study = catalog.resolve(default_disparity(catalog))
    assert any(g.population_share.value is not None for g in catalog.subgroups_of(study))
    assert plot("compare").results["a"]["id"] == a.ref


def test_draw_puts_every_panel_of_the_chart_into_the_users_axes() -> None:
    chart = plot("compare", ["aclu2018", "comparitech2020"])
    fig = Figure(figsize=(6, 6))
    ax = fig.add_subplot()
    assert chart.draw(ax) is ax
    # Both panels: the two rates and the change, three intervals in all.
    assert len(_lines(fig, "interval")) == 3
    assert ax.get_title(loc="left") == chart.title
    one = Figure()
    only = one.add_subplot()
    chart.draw(only, panel=1)
    assert len(_lines(one, "interval")) == 1
