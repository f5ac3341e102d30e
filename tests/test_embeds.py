"""Charts as a newsroom publishes them: live SVG text sized for a phone, a bare and a
standalone variant, and ``plot --out NAME.html`` writing a complete, responsive embed."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import Result

from fr_stats.errors import InputError, OutputError
from fr_stats.figures import KINDS, folder, plot
from fr_stats.figures.export import chart_bytes, chart_files, figure_html, write_chart

PHONE = 375
"""CSS pixels of a small phone's screen."""
SECTION_HEADING = 21
"""CSS pixels of the report's section headings (1.3rem), the most a chart title may be."""


def _svg_texts(svg: str) -> tuple[float, list[tuple[float, str]]]:
    """The viewBox width and the (font size, text) of every ``<text>`` element."""
    box = re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg)
    assert box is not None
    sizes = [
        (float(size), body)
        for size, body in re.findall(
            r'<text [^>]*style="[^"]*font-size: ([\d.]+)px[^"]*"[^>]*>(.*?)</text>', svg, re.S
        )
    ]
    return float(box.group(1)), sizes


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variant", ["standalone", "bare"])
def test_svg_text_is_live_text(kind: str, variant: str) -> None:
    svg = chart_bytes(plot(kind), "svg", variant=variant).decode()
    assert "<text" in svg
    assert not re.search(r'<path id="DejaVuSans', svg)  # no glyph outlines
    assert "font-family: 'DejaVu Sans', 'Bitstream Vera Sans'" in svg
    assert svg.count("font-family") == svg.count("<text ")
    assert "sans-serif" in svg


@pytest.mark.parametrize("kind", KINDS)
def test_text_is_at_least_12px_on_a_phone_and_titles_not_above_headings(kind: str) -> None:
    svg = chart_bytes(plot(kind), "svg").decode()
    width, texts = _svg_texts(svg)
    assert len(texts) == svg.count("<text ") >= 10
    for size, body in texts:
        assert size * PHONE / width >= 12, (size, body)
    # Shown at its design width (the embed's max-width), the title is no bigger
    # than a section heading: its CSS size is its size in SVG units × 96/72.
    natural = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', svg).group(1)) * 96 / 72
    assert natural == 440
    assert max(size for size, _ in texts) * natural / width <= SECTION_HEADING


def test_pdf_embeds_fonts_and_png_stays() -> None:
    chart = plot("studies", ["aclu2018"])
    pdf = chart_bytes(chart, "pdf")
    assert b"/FontFile2" in pdf  # TrueType subset embedded (pdf.fonttype 42)
    assert chart_bytes(chart, "png").startswith(b"\x89PNG")


def test_bare_variant_is_the_plot_only() -> None:
    chart = plot("compare", ["aclu2018", "comparitech2020"])
    whole = chart_bytes(chart, "svg").decode()
    bare = chart_bytes(chart, "svg", variant="bare").decode()
    texts = [t for _, t in _svg_texts(bare)[1]]
    assert any("False-match rate" in t for t in texts)  # panel headings stay
    for chrome in ('id="title"', 'id="subtitle"', 'id="source"'):
        assert chrome in whole and chrome not in bare
    assert not any(t.startswith(("Source:", "Lines:")) for t in texts)
    assert len(bare) < len(whole)
    with pytest.raises(InputError, match="unknown chart variant 'tiny'"):
        chart_bytes(chart, "svg", variant="tiny")


def test_outputs_are_deterministic_in_both_variants() -> None:
    for variant in ("bare", "standalone"):
        first = chart_bytes(plot("thresholds"), "svg", variant=variant)
        assert first == chart_bytes(plot("thresholds"), "svg", variant=variant)
    assert chart_files(plot("gender")) == chart_files(plot("gender"))


class _Figure(HTMLParser):
    """The classes, links and images of a snippet, and its text by class."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(dict(attrs).get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for cls in self._open:
            if cls:
                self.text[cls] = self.text.get(cls, "") + data


def _parse(html: str) -> _Figure:
    parser = _Figure()
    parser.feed(html)
    return parser


def test_snippet_sets_title_notes_and_source_as_html_once() -> None:
    chart = plot("studies", ["aclu2018", "comparitech2020"])
    snippet = chart_files(chart)["html"].decode()
    found = _parse(snippet)
    assert found.text["fr-title"] == chart.title
    assert found.text["fr-subtitle"] == chart.subtitle
    assert found.text["fr-source"] == chart.source_line
    items = [a for t, a in found.tags if t == "li"]
    assert len(items) == len(chart.notes)
    assert snippet.count(chart.source_line) == 1
    # The image is the bare variant, so nothing is printed twice.
    svg = chart_files(chart)["svg"].decode()
    assert chart.source_line not in svg and 'id="title"' not in svg


def test_snippet_is_responsive() -> None:
    snippet = chart_files(plot("studies"))["html"].decode()
    img = next(a for t, a in _parse(snippet).tags if t == "img")
    style = img["style"] or ""
    assert "width:100%" in style and "height:auto" in style and "max-width:440px" in style
    svg = chart_files(plot("studies"))["svg"].decode()
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert box is not None
    ratio = float(box.group(2)) / float(box.group(1))
    assert abs(int(img["height"] or 0) / int(img["width"] or 0) - ratio) < 0.01


def test_figure_html_escapes_everything() -> None:
    chart = plot("studies", ["aclu2018"]).edited(
        title="<script>alert(1)</script>", notes=["a & b <i>"], source="S\x1b"
    )
    html = figure_html(chart, "<img>", max_width=440)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a &amp; b &lt;i&gt;" in html and "\\x1b" in html


def test_plot_html_writes_every_file_it_links(tmp_path: Path) -> None:
    out = tmp_path / "congress.html"
    plot("studies", ["aclu2018", "comparitech2020"], out=out)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"congress.{f}" for f in ("csv", "html", "pdf", "png", "svg", "txt")]
    found = _parse(out.read_text())
    targets = [a.get("src") or a.get("href") for t, a in found.tags if t in ("img", "a")]
    assert "congress.svg" in targets and "congress.csv" in targets
    for target in targets:
        assert (tmp_path / str(target)).is_file(), target


def test_plot_formats_choose_the_files(tmp_path: Path) -> None:
    out = tmp_path / "c.html"
    plot("studies", ["aclu2018"], out=out, formats=["png", "html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.html", "c.png"]
    html = out.read_text()
    assert 'src="c.png"' in html and ".csv" not in html and ".svg" not in html
    with pytest.raises(InputError, match="needs its image"):
        plot("studies", ["aclu2018"], out=tmp_path / "d.html", formats=["html", "csv"])
    with pytest.raises(InputError, match="unknown chart format 'gif'"):
        plot("studies", ["aclu2018"], out=tmp_path / "d.html", formats=["gif"])


def test_embed_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "c.html"
    plot("studies", ["aclu2018"], out=out)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = folder._stage
    calls = []

    def failing(target: Path, data: bytes) -> str:
        calls.append(target)
        if len(calls) == 4:
            raise OutputError(f"cannot write '{target}': disk full")
        return real(target, data)

    monkeypatch.setattr(folder, "_stage", failing)
    with pytest.raises(OutputError, match="disk full"):
        write_chart(plot("studies", ["aclu2018", "comparitech2020"]), out)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_cli_embed_with_a_newsroom_words(cli: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "fig.html"
    r = cli(
        "plot", "studies", "aclu2018", "comparitech2020", "--out", str(out),
        "--format", "svg,csv,html", "--title", "Our title", "--subtitle", "Our question?",
        "--note", "First note.", "--note", "Second note.", "--source", "Source: ACLU; Comparitech",
        "--label", "aclu2018=ACLU's test", "--width", "600",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.csv", "fig.html", "fig.svg"]
    found = _parse(out.read_text())
    assert found.text["fr-title"] == "Our title"
    assert found.text["fr-subtitle"] == "Our question?"
    assert found.text["fr-source"] == "Source: ACLU; Comparitech"
    assert "First note." in found.text["fr-notes"] and "Second note." in found.text["fr-notes"]
    assert "max-width:600px" in out.read_text()
    svg = (tmp_path / "fig.svg").read_text()
    assert "ACLU&#x27;s test" in svg or "ACLU's test" in svg
    assert 'width="450pt"' in svg  # 600 CSS px
    assert "ACLU's test" in (tmp_path / "fig.csv").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--label", "nobody=X"], "Error: no row 'nobody' to relabel in the studies chart"),
        (["--label", "aclu2018"], "Error: --label takes ID=TEXT, not 'aclu2018'"),
        (["--width", "100"], "Error: chart width must be from 440 to 1200 pixels, not 100"),
        (["--format", "svg,gif"], "Error: unknown chart format 'gif'"),
    ],
)
def test_cli_embed_errors(
    cli: Callable[..., Result], tmp_path: Path, args: list[str], message: str
) -> None:
    r = cli("plot", "studies", "aclu2018", "--out", str(tmp_path / "x.html"), *args)
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines()[0].startswith(message)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- #
# CSV for people
# --------------------------------------------------------------------------- #


def _csv(kind: str, refs: list[str] | None = None) -> tuple[list[dict[str, str]], list[str]]:
    import csv
    import io

    text = chart_bytes(plot(kind, refs or []), "csv").decode()
    table = [line for line in text.splitlines() if not line.startswith("#")]
    footer = [line for line in text.splitlines() if line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(table)))), footer


def test_csv_rounds_as_shown_with_counts_and_units() -> None:
    rows, footer = _csv("studies", ["aclu2018", "comparitech2020@95"])
    aclu = next(r for r in rows if r["id"] == "aclu2018")
    # 28/535 = 0.05233...; R 4.x prop.test(28, 535, correct = FALSE)$conf.int: 0.03646, 0.07460
    assert (aclu["rate (%)"], aclu["low (%)"], aclu["high (%)"]) == ("5.2", "3.6", "7.5")
    assert (aclu["false matches"], aclu["people tested"]) == ("28", "535")
    zero = next(r for r in rows if r["id"] == "comparitech2020@95")
    # R 4.x binom.test(0, 530, alternative = "less")$conf.int[2] = 0.005636: "below 0.56%"
    assert (zero["rate (%)"], zero["high (%)"]) == ("0.0", "0.56")
    assert footer[0] == "# " + plot("studies", ["aclu2018", "comparitech2020@95"]).title


def test_csv_labels_are_unique() -> None:
    rows, _ = _csv("studies")
    labels = [r["label"] for r in rows]
    assert len(labels) == len(set(labels))
    assert "Comparitech 2020: US Congress, 95% threshold" in labels
    assert "Comparitech 2020: US Congress, 80% threshold" in labels


def test_compare_csv_has_points_and_the_verdict() -> None:
    rows, footer = _csv("compare", ["aclu2018", "comparitech2020"])
    diff = rows[-1]
    # 32/530 - 28/535 = 0.00804: +0.8 percentage points, as the chart prints it
    assert diff["difference (percentage points)"] == "0.8"
    assert diff["rate (%)"] == ""
    chart = plot("compare", ["aclu2018", "comparitech2020"])
    assert f"# {chart.subtitle}" in footer  # the verdict
    assert any("average of several runs" in line for line in footer)  # a caveat


def test_csv_stays_formula_safe_with_a_hostile_title() -> None:
    chart = plot("studies", ["aclu2018"]).edited(title="=HYPERLINK(1)", notes=["+2\n=3"])
    text = chart_bytes(chart, "csv").decode()
    footer = [line for line in text.splitlines() if line.startswith("#")]
    assert footer[:2] == ["# =HYPERLINK(1)", footer[1]]
    assert all(line.startswith("# ") for line in footer)
    assert "# +2 =3" in footer


@pytest.mark.parametrize("kind", KINDS)
def test_svg_ids_are_unique(kind: str) -> None:
    for variant in ("standalone", "bare"):
        svg = chart_bytes(plot(kind), "svg", variant=variant).decode()
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert len(ids) == len(set(ids)), kind
