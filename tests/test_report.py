"""The report: contents, self-contained HTML, determinism, atomicity, escaping."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import Result

import fr_stats
from fr_stats.errors import OutputError
from fr_stats.figures.export import FORMATS
from fr_stats.figures.folder import MANIFEST
from fr_stats.report import REPORT_CHARTS, build_report

ROOT = Path(__file__).resolve().parent.parent

RESOURCE_ATTRS = {"src", "href", "srcset", "poster", "data"}


class _Page(HTMLParser):
    """Collects what the tests check: images, SVG titles, resource addresses, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []
        self.svgs = 0
        self.svg_titles = 0
        self.resources: list[str] = []
        self.scripts = 0
        self.text: list[str] = []
        self._stack: list[str] = []
        self._svg_first_child = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._svg_first_child:
            self._svg_first_child = False
            if tag == "title":
                self.svg_titles += 1
        if tag == "svg":
            self.svgs += 1
            self._svg_first_child = True
        if tag == "img":
            self.images.append(found)
        if tag == "script":
            self.scripts += 1
        if tag != "a":  # links a reader may follow are fine; nothing may be loaded
            for name, value in attrs:
                if name in RESOURCE_ATTRS or name.endswith(":href"):
                    self.resources.append(value or "")
        self._stack.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def report(bundled_report: Path) -> Path:
    steps = [
        tuple(s)
        for s in json.loads((bundled_report.parent / "bundled-report.steps.json").read_text())
    ]
    assert steps[-1] == ("done", len(steps) - 1, len(steps) - 1)
    return bundled_report


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_report_has_every_file(report: Path) -> None:
    names = {p.relative_to(report).as_posix() for p in report.rglob("*") if p.is_file()}
    assert {"index.html", "README.md", "results.json"} <= names
    charts = [k for k in REPORT_CHARTS if (report / "figures" / f"{k}.svg").exists()]
    assert len(charts) >= 6
    for kind in charts:
        for fmt in FORMATS:
            assert f"figures/{kind}.{fmt}" in names
    # The manifest lists every other file, so a later build can tell the report from the user's.
    listed = (report / MANIFEST).read_text().splitlines()
    assert listed[0].startswith("# fr-stats wrote the files below")
    assert listed[1:] == sorted(names - {MANIFEST})


def test_html_is_self_contained_and_accessible(report: Path) -> None:
    page = _parse(report / "index.html")
    assert page.svgs >= 6
    assert page.svg_titles == page.svgs  # every inline SVG starts with a <title>
    assert all(img.get("alt") for img in page.images)
    assert page.scripts == 0
    assert not [r for r in page.resources if r.startswith(("http:", "https:", "//"))]
    html = (report / "index.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html and "<metadata>" not in html
    for heading in ("Every face-matching result", "Methods", "Where each number came from"):
        assert f">{heading}</h2>" in html
    assert "Newcombe, R. G. (1998)" in html
    # Inline SVG ids are unique across the page.
    import re

    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_html_shows_every_chart_and_table(report: Path) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    results = json.loads((report / "results.json").read_text())
    for kind in REPORT_CHARTS:
        if (report / "figures" / f"{kind}.svg").exists():
            assert f'id="fig-{kind}-label"' in html
            assert f'href="figures/{kind}.csv"' in html
    assert "28" in html and "ACLU 2018: US Congress" in html
    assert results["generator"].startswith("fr-stats ")
    assert results["data_files"] == [
        "studies.csv",
        "gender_classification.csv",
        "contradictions.csv",
        "live_facial_recognition.csv",
        "claims.csv",
    ]
    studies = results["sections"]["studies"]["studies"]
    assert {s["id"] for s in studies} >= {"aclu2018", "comparitech2020", "comparitech2020-uk"}
    facts = results["sections"]["provenance"]["facts"]
    assert any(f["result"] == "aclu2018" and f["quantity"] == "false matches" for f in facts)


def test_readme_renders_the_same_content(report: Path) -> None:
    readme = (report / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Face-recognition misidentification")
    for kind in REPORT_CHARTS:
        if (report / "figures" / f"{kind}.svg").exists():
            assert f"](figures/{kind}.svg)" in readme
            assert f"[CSV](figures/{kind}.csv)" in readme
    assert "## Methods" in readme and "## Where each number came from" in readme


def test_build_is_byte_for_byte_the_committed_reports(report: Path) -> None:
    """This build is byte for byte the committed ``reports/``, which another process built.

    The same inputs give the same bytes: a difference is either output that
    varies between runs or a ``reports/`` left behind by a change (rebuild it
    with ``make report`` and commit it).
    """
    committed = ROOT / "reports"
    first = sorted(p.relative_to(report).as_posix() for p in report.rglob("*"))
    second = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*"))
    assert first == second, "reports/ is out of date: run 'make report' and commit the result"
    for rel in first:
        if (report / rel).is_file():
            assert (report / rel).read_bytes() == (committed / rel).read_bytes(), (
                f"reports/{rel} is out of date: run 'make report' and commit the result"
            )


@pytest.mark.slow
def test_failure_mid_build_keeps_the_old_report(report: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    shutil.copytree(report, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def fail(step: str, done: int, total: int) -> None:
        if done == 2:
            raise RuntimeError("injected failure")

    with pytest.raises(RuntimeError, match="injected failure"):
        build_report(out, progress=fail)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no temporary folder left


@pytest.mark.slow
def test_user_text_is_escaped(cli: Callable[..., Result], tmp_path: Path) -> None:
    from tests.test_figures import _user_table

    label = "<script>alert(1)</script> | *x* [y](z)"
    table = _user_table(tmp_path, label=label)
    out = tmp_path / "report"
    r = cli("report", "--out", str(out), "--quiet", "--data", str(table))
    assert r.exit_code == 0, r.output
    assert r.output == ""
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = _parse(out / "index.html")
    assert page.scripts == 0
    assert any("<script>alert(1)</script>" in t for t in page.text)  # shown as text
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert re.search(r"(?<!\\)<script>", readme) is None  # only \<script>: a literal <
    assert "\\<script>" in readme
    rows = [line for line in readme.splitlines() if "alert(1)" in line and line.startswith("|")]
    assert rows
    header_cells = None
    for block in readme.split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].startswith("|") and any("alert(1)" in x for x in lines):
            header_cells = lines[0].count(" | ")
            for line in lines:
                assert line.replace("\\|", "").count(" | ") == header_cells, line
    assert header_cells is not None
    csv = (out / "figures" / "studies.csv").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in csv  # the data file keeps the label as typed
    assert json.loads((out / "results.json").read_text())["data_files"][-1] == "user.csv"


def test_report_refuses_bad_paths(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        build_report(tmp_path / "file")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    with pytest.raises(OutputError, match="refusing to replace it"):
        build_report(tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("file", "is a file, not a folder; choose another --out"),
        ("file/sub", "is a file, not a folder"),
    ],
)
def test_cli_report_errors(
    cli: Callable[..., Result], tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "file").write_text("x")
    r = cli("report", "--out", str(tmp_path / name))
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]


def test_cli_report_help(cli: Callable[..., Result]) -> None:
    r = cli("report", "--help")
    assert r.exit_code == 0
    assert "fr-stats report --out reports" in r.output


def test_build_report_is_public() -> None:
    assert fr_stats.build_report is build_report


# -- prose and tables made from the data they describe ------------------------ #


def test_section_headers_follow_the_level() -> None:
    from fr_stats.figures import plot
    from fr_stats.report import content

    chart = plot("compare", ["aclu2018", "comparitech2020"], level=0.9)
    section = content.compare_section(chart, 0.9)
    headers = [c.header for t in section.tables for c in t.columns]
    assert "90% interval" in headers and not any("95%" in h for h in headers)


def test_compare_section_says_what_is_compared_from_the_data() -> None:
    from fr_stats.figures import plot
    from fr_stats.report import content

    unlike = content.compare_section(plot("compare", ["aclu2018", "comparitech2020@95"]), 0.95)
    assert unlike.paragraphs[0] == (
        "B (Comparitech 2020: US Congress) is compared with A (ACLU 2018: US Congress), but "
        "not like for like: the thresholds differ (80% and 95%)."
    )
    like = content.compare_section(plot("compare", ["comparitech2020", "comparitech2020-uk"]), 0.95)
    assert like.paragraphs[0].startswith("B (Comparitech 2020: UK Parliament) is compared with")
    assert "not like for like: different people were tested" in like.paragraphs[0]


def test_a_difference_row_has_no_count_and_says_so() -> None:
    from fr_stats.figures import plot
    from fr_stats.render import to_markdown
    from fr_stats.report import content
    from fr_stats.words import report as report_words

    section = content.compare_section(plot("compare", ["aclu2018", "comparitech2020"]), 0.95)
    rates = section.tables[0]
    md = to_markdown(rates.records, rates.columns)
    diff_row = next(line for line in md.splitlines() if line.startswith("| difference"))
    assert "| — | — |" in diff_row and "unpublished" not in diff_row
    assert report_words.LEGEND in section.paragraphs


def test_sections_read_the_typed_result_not_the_json() -> None:
    """A section takes its finding from the result the chart was drawn from: with the
    chart's JSON emptied, the pool, disparity and comparison still say their verdicts."""
    from dataclasses import replace

    import fr_stats
    from fr_stats.figures import plot
    from fr_stats.report import content

    pooled = replace(plot("pool"), results={})
    assert content.pool_section(pooled, 0.95).paragraphs[0] == fr_stats.pool().verdict
    uneven = replace(plot("disparity", ["aclu2018"]), results={})
    verdict = fr_stats.disparity("aclu2018").verdict
    assert content.disparity_section(uneven, 0.95).paragraphs[0] == verdict
    changed = replace(plot("compare", ["aclu2018", "comparitech2020"]), results={})
    section = content.compare_section(changed, 0.95)
    result = fr_stats.compare("aclu2018", "comparitech2020")
    assert section.paragraphs[1] == result.verdict
    shown = [(t["name"], t["pvalue"]) for t in section.tables[1].records]
    assert shown == [(t.name, t.pvalue) for t in result.tests]


def test_a_section_refuses_a_chart_without_its_result() -> None:
    from fr_stats.figures import plot
    from fr_stats.report import content

    with pytest.raises(TypeError, match="not drawn from a PoolResult"):
        content.pool_section(plot("studies"), 0.95)


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [(0.043, 0.084, "4.3% to 8.4%"), (0.0, 0.005, "0% to 0.5%"), (None, 0.1, ""), (0.1, None, "")],
)
def test_an_interval_cell_names_both_ends(
    low: float | None, high: float | None, shown: str
) -> None:
    from fr_stats.words import report as report_words

    assert report_words.range_cell(low, high) == shown


def test_an_unpublished_threshold_says_so() -> None:
    from fr_stats.words import report as report_words

    assert report_words.threshold_cell(None) == "unpublished"
    assert report_words.threshold_cell(80.0) == "80%"


def test_claims_summary_counts_each_verdict_in_order() -> None:
    from fr_stats.words import report as report_words

    prose = report_words.claims(["supported", "false", "supported", "misleading"])
    assert prose.paragraphs == (
        "What was printed about these studies, re-checked against the published counts: "
        "1 false, 1 misleading, 2 supported.",
    )


def test_methods_caveats_come_from_the_loaded_data() -> None:
    from fr_stats.catalog import load
    from fr_stats.report import content

    text = " ".join(content.methods_section(0.95, load()).paragraphs)
    assert (
        "The false matches of Comparitech 2020: US Congress (32), Comparitech 2020: UK "
        "Parliament (73) and Comparitech 2020: US and UK combined (105) are averages over "
        "repeated runs" in text
    )
    assert (
        "ACLU 2018: US Congress and Comparitech 2020: US Congress tested largely the same" in text
    )
    assert "propensity to make a false match" in text


def test_a_chart_kind_missing_from_the_builders_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fr_stats.figures import kinds

    monkeypatch.delitem(kinds.BUILDERS, "pool")
    with pytest.raises(RuntimeError, match=r"chart kinds that are not built: \['pool'\]"):
        build_report(tmp_path / "r")
    assert not (tmp_path / "r").exists()


# -- the page: tables, provenance, figures, colours, print ---------------------- #


def test_method_is_a_footnote_not_a_column(report: Path) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    assert '<th scope="col" role="columnheader">method</th>' not in html
    assert ">15.2% to 29.9%ᵃ</span>" in html  # ACLU 2019 California, Wilson interval
    assert "<li>ᵃ Wilson score interval (95%).</li>" in html
    assert "<li>ᵇ One-sided exact upper bound (95%).</li>" in html
    readme = (report / "README.md").read_text(encoding="utf-8")
    assert "| method |" not in readme
    assert "ᵃ Wilson score interval (95%). ᵇ One-sided exact upper bound (95%)." in readme


def test_every_cell_carries_its_header_for_narrow_screens() -> None:
    from fr_stats.render import Column
    from fr_stats.report.content import Table
    from fr_stats.report.writers import html_table

    columns = (Column("a", "study"), Column("b", "rate", justify="right"))
    wide = Table("T", columns * 2, ({"a": "ACLU", "b": "5%"},))
    out = html_table(wide)
    assert 'class="table-wrap stack"' in out
    assert '<th scope="row" role="rowheader"><span>ACLU</span></th>' in out
    assert '<td role="cell" data-label="rate" class="num"><span>5%</span></td>' in out
    narrow = html_table(Table("T", columns, ({"a": "ACLU", "b": ""},), row_header=False))
    assert 'class="table-wrap"' in narrow and "stack" not in narrow
    assert '<td role="cell" data-label="rate" class="num"></td>' in narrow  # empty: hidden


def test_provenance_is_folded_per_study_with_each_quote_once(report: Path) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="provenance"') : html.index('<section id="methods"')]
    assert "<table" not in section
    # 8 face-matching studies, 2 gender audits, 6 live facial recognition deployments
    assert section.count('<details class="sources">') == 16
    assert "<summary>Essex Police: first month of LFR" in section
    assert "<summary>ACLU 2019: New England athletes" in section
    # The Boston Globe sentence gives four team counts: shown once, under all four.
    globe = "Two Boston Celtics made the list"
    assert section.count(globe) == 1
    for team, n in (("Patriots", 14), ("Red Sox", 6), ("Bruins", 5), ("Celtics", 2)):
        assert f"<li>false matches ({team}): {n}</li>" in section
    assert "aclu2019-ma" not in section and "comparitech2020@95" not in section
    # Links show their site; the full address is in href.
    assert '<a href="https://techmonitor.ai/?p=343956">techmonitor.ai</a>' in section
    assert ">https://" not in section
    # Contradictions sit under their study.
    assert "people tested: 120 is used; 125 in Boston Globe (2019-10-21), <a " in section
    assert "1e+06" not in section and "gallery size: 1,000,000" in section


def test_links_in_text_show_their_site_and_stay_escaped() -> None:
    from fr_stats.report.writers import linked, md_linked

    assert linked("Axios, https://www.axios.com/a-b.html.") == (
        'Axios, <a href="https://www.axios.com/a-b.html">axios.com</a>.'
    )
    hostile = 'x <b> https://e.org/"><script>alert(1)</script> javascript:alert(1)'
    out = linked(hostile)
    assert "<script>" not in out and "<b>" not in out
    assert '<a href="https://e.org/">e.org</a>' in out and "javascript:alert(1)" in out
    assert '<a href="javascript' not in out
    assert (
        md_linked("see https://www.aclu.org/x_(y)")
        == "see [aclu.org](<https://www.aclu.org/x_(y)>)"
    )


def test_figure_has_a_structured_caption() -> None:
    from fr_stats.figures import plot
    from fr_stats.report.writers import figure_html

    chart = plot("studies")
    svg = '<?xml version="1.0"?>\n<svg viewBox="0 0 10 10" width="10pt"><title>t</title></svg>'
    bare = figure_html(chart, svg, bare=True)
    assert bare.startswith(
        '<figure class="chart" id="fig-studies">\n<figcaption class="chart-head">'
    )
    assert f'<h3 class="chart-title">{chart.title}</h3>' in bare
    assert '<p class="chart-subtitle">How often did Amazon Rekognition' in bare
    assert bare.count("<li>") == len(chart.notes) >= 2
    assert '<p class="chart-source">Source: ACLU (2018);' in bare
    assert bare.index("chart-head") < bare.index("<svg") < bare.index("chart-foot")
    # The standalone SVG draws its own title and notes: the page keeps them, hidden.
    standalone = figure_html(chart, svg)
    assert 'class="chart-head vh"' in standalone and 'class="chart-foot vh"' in standalone


def _css_colours(css: str) -> dict[str, dict[str, str]]:
    light = dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{3,6})", css.split("@media")[0]))
    dark_block = css[css.index("prefers-color-scheme:dark") :].split("}}")[0]
    dark = light | dict(re.findall(r"--([\w-]+):(#[0-9a-fA-F]{3,6})", dark_block))
    return {"light": light, "dark": dark}


def _hex(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return (r, g, b)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_colours_meet_wcag_aa(mode: str) -> None:
    from fr_stats.report.writers import _CSS
    from tests.test_browser import contrast

    colours = _css_colours(_CSS)[mode]
    pairs = [("ink", "bg"), ("muted", "bg"), ("accent", "bg"), ("ink", "panel"),
             ("muted", "panel"), ("accent", "panel"), ("chart-ink", "chart-bg")]  # fmt: skip
    ratios = {f"{fg} on {bg}": contrast(_hex(colours[fg]), _hex(colours[bg])) for fg, bg in pairs}
    assert {k: round(v, 2) for k, v in ratios.items() if v < 4.5} == {}
    assert colours["bg"] != _css_colours(_CSS)["light"]["bg"] or mode == "light"


def test_print_styles() -> None:
    from fr_stats.report.writers import _CSS

    printing = _CSS[_CSS.index("@media print") :]
    assert "nav,.downloads{display:none}" in printing
    assert re.search(r"\.chart,tr,[^{]*\{break-inside:avoid\}", printing)
    assert "details::details-content{content-visibility:visible" in printing


def test_page_weighs_little_besides_its_charts(report: Path) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    without_svg = re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S)
    assert len(without_svg.encode()) < 120_000


def test_footnotes_letter_each_method_once() -> None:
    from fr_stats.report.footnotes import footnoted

    rows = [{"i": "1 to 2", "m": "wilson (95%)"}, {"i": "", "m": "newcombe"},
            {"i": "x", "m": "wilson (95%)"}, {"i": "y", "m": None}]  # fmt: skip
    out, notes = footnoted(rows, "m", "i")
    assert [r["i"] for r in out] == ["1 to 2ᵃ", "ᵇ", "xᵃ", "y"]
    assert notes == ("ᵃ Wilson score interval (95%).", "ᵇ Newcombe's hybrid score interval.")
    assert rows[0]["i"] == "1 to 2"  # the records themselves are left alone
    many = footnoted([{"m": f"method {n}"} for n in range(10)], "m", "i")[1]
    assert many[7] == "ʰ Method 7." and many[9] == "[10] Method 9."
