"""Results display themselves in a notebook: verdict first, then a compact table."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

import fr_stats


def test_compare_shows_its_verdict_then_a_table() -> None:
    r = fr_stats.compare("aclu2018", "comparitech2020")
    page = r._repr_html_()
    assert page.startswith('<div class="fr-stats-result"><p><strong>6.0% (Comparitech 2020')
    assert "<th>quantity</th>" in page and "<td>rate A</td>" in page
    md = r._repr_markdown_()
    assert md.startswith("**6.0% (Comparitech 2020: US Congress) vs 5.2%")
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<table>" in rendered and "<td>rate A</td>" in rendered


def test_a_claim_shows_verdict_and_reason() -> None:
    check = fr_stats.claims("aclu2019-ma-one-in-six").checks[0]
    assert "<strong>inconsistent: 27 / 188 = 14.4%" in check._repr_html_()


def test_labels_from_data_files_are_escaped(tmp_path: Path) -> None:
    table = tmp_path / "mine.csv"
    header = (data := fr_stats.catalog.data_dir() / "studies.csv").read_text(encoding="utf-8")
    columns = header.splitlines()[0]
    cells = dict.fromkeys(columns.split(","), "")
    cells.update(id="mine", subgroup="all", label="<script>alert(1)</script>",
                 citation="Me (2024)", population="People", task="face-matching",
                 system="A system", publisher="Me", published="2024-01", tested="100",
                 tested_kind="reported", tested_quote="We tested 100 people.",
                 false_matches="5", false_matches_kind="reported",
                 false_matches_quote="There were 5 false matches.")  # fmt: skip
    table.write_text(columns + "\n" + ",".join(cells.values()) + "\n", encoding="utf-8")
    assert data.is_file()
    r = fr_stats.compare("aclu2018", "mine", data=[table])
    assert "<script>" not in r._repr_html_() and "&lt;script&gt;" in r._repr_html_()


def test_every_result_and_chart_displays_itself() -> None:
    import xml.etree.ElementTree as ET

    results = [
        fr_stats.ci("aclu2018"),
        fr_stats.compare("aclu2018", "comparitech2020"),
        fr_stats.disparity("aclu2018"),
        fr_stats.pool(),
        fr_stats.power("aclu2018", "comparitech2020"),
        fr_stats.claims(),
    ]
    for r in results:
        assert r._repr_html_().startswith('<div class="fr-stats-result">'), type(r)
        assert "|" in r._repr_markdown_(), type(r)
    assert "<strong>The studies disagree" in fr_stats.pool()._repr_html_()
    svg = fr_stats.plot("studies")._repr_svg_()
    root = ET.fromstring(svg.encode())
    assert root.tag.endswith("svg") and "<text" in svg
