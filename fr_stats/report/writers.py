"""The report as one self-contained HTML page and as GitHub Markdown.

The HTML page loads nothing: styles are inline, charts are inline SVG (each
with a ``<title>`` and ``role="img"``), and the only addresses are links a
reader may follow. All text from the data is escaped with
:func:`fr_stats.render.html_escape` (control characters shown as escapes,
then :func:`html.escape`); in Markdown, table cells and link texts go through
:func:`fr_stats.render.md_escape`, so a label such as
``<script>alert(1)</script>`` is shown as text and cannot break a table.
Only ``http``, ``https`` and ``mailto`` addresses become links; any other
(``javascript:``) is printed as text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..figures.export import FORMATS
from ..figures.layout import Chart
from ..render import Column, html_escape, md_escape, to_markdown
from .content import Section, Table

_CSS = """
:root{color-scheme:light;--ink:#1a1a1a;--muted:#595959;--rule:#d9d9d9;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"DejaVu Sans",
Helvetica,Arial,sans-serif;color:var(--ink);background:#fff}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.2;margin:1rem 0 .5rem}
h2{font-size:1.3rem;line-height:1.25;margin:2.5rem 0 .5rem;padding-top:1rem;border-top:1px solid var(--rule)}
h3{font-size:1rem;margin:1.5rem 0 .5rem}
a{color:var(--accent)}
nav ol{padding-left:1.2rem}
figure{margin:1rem 0}
figure svg{display:block;width:100%;height:auto}
figcaption{font-size:.9rem;color:var(--muted)}
.downloads{font-size:.9rem}
.table-wrap{overflow-x:auto;margin:.5rem 0 1rem}
table{border-collapse:collapse;font-size:.85rem;min-width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid var(--rule);padding:.35rem .5rem;vertical-align:top;text-align:left}
th{font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
.refs li{margin-bottom:.4rem;overflow-wrap:anywhere}
footer{font-size:.85rem;color:var(--muted);margin:3rem 0 1rem}
"""


def inline_svg(svg: str, prefix: str, chart: Chart) -> str:
    """An SVG file made fit for inlining: no XML prolog, unique ids, a ``<title>``, fluid size."""
    body = svg[svg.index("<svg") :]
    ids = set(re.findall(r'\bid="([^"]+)"', body))

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return match.group(1) + (f"{prefix}-{name}" if name in ids else name)

    body = re.sub(r'(\bid="|href="#|url\(#)([^")]+)', rename, body)
    opening_end = body.index(">")
    opening = body[:opening_end]
    opening = re.sub(r'\s(width|height)="[^"]*"', "", opening, count=2)
    title_id = f"{prefix}-label"
    desc_id = f"{prefix}-desc"
    opening += f' aria-labelledby="{title_id}" aria-describedby="{desc_id}" focusable="false"'
    body = opening + body[opening_end:]
    body = body.replace("<title>", f'<title id="{title_id}">', 1)
    body = body.replace("<desc>", f'<desc id="{desc_id}">', 1)
    return body.strip()


def _cell(column: Column, record: Mapping[str, Any]) -> str:
    return column.show(record.get(column.key))


def html_table(table: Table) -> str:
    cls = {c.key: ' class="num"' if c.justify == "right" else "" for c in table.columns}
    head = "".join(
        f'<th scope="col"{cls[c.key]}>{html_escape(c.header)}</th>' for c in table.columns
    )
    rows = []
    for record in table.records:
        cells = "".join(
            f"<td{cls[c.key]}>{html_escape(_cell(c, record))}</td>" for c in table.columns
        )
        rows.append(f"<tr>{cells}</tr>")
    label = html_escape(table.caption)
    return (
        f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0">'
        f"<table><caption>{label}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _downloads_html(chart: Chart) -> str:
    names = {"svg": "SVG", "png": "PNG (2×)", "pdf": "PDF", "txt": "alt text",
             "csv": "data (CSV)", "html": "HTML snippet"}  # fmt: skip
    links = " · ".join(
        f'<a href="figures/{html_escape(chart.name)}.{fmt}">{names[fmt]}</a>' for fmt in FORMATS
    )
    return f'<p class="downloads">Download: {links}</p>'


def page(
    title: str,
    lede: Sequence[str],
    sections: Sequence[Section],
    svgs: Mapping[str, str],
    footer: str,
) -> str:
    """The whole HTML report."""
    esc = html_escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{_CSS.strip()}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{esc(title)}</h1>",
        *(f"<p>{esc(p)}</p>" for p in lede),
        '<nav aria-label="Contents"><ol>',
        *(f'<li><a href="#{esc(s.id)}">{esc(s.heading)}</a></li>' for s in sections),
        "</ol></nav>",
    ]
    for section in sections:
        out.append(f'<section id="{esc(section.id)}" aria-labelledby="{esc(section.id)}-h">')
        out.append(f'<h2 id="{esc(section.id)}-h">{esc(section.heading)}</h2>')
        out.extend(f"<p>{esc(p)}</p>" for p in section.paragraphs)
        if section.chart is not None:
            chart = section.chart
            out.append("<figure>")
            out.append(inline_svg(svgs[chart.name], f"fig-{chart.name}", chart))
            notes = " ".join(esc(n) for n in chart.notes)
            out.append(f"<figcaption>{notes} {esc(chart.source_line)}.</figcaption>")
            out.append("</figure>")
            out.append(_downloads_html(chart))
        for table in section.tables:
            out.append(html_table(table))
        if section.links:
            out.append('<ol class="refs">')
            for label, url in section.links:
                out.append(f"<li>{esc(label)} {_html_link(url)}</li>")
            out.append("</ol>")
        out.append("</section>")
    out += [f"<footer><p>{esc(footer)}</p></footer>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def markdown(title: str, lede: Sequence[str], sections: Sequence[Section], footer: str) -> str:
    """The same report in GitHub-flavoured Markdown, with images from ``figures/``."""
    out = [f"# {md_escape(title)}", ""]
    for p in lede:
        out += [md_escape(p), ""]
    out.append("Contents:")
    out.append("")
    for number, s in enumerate(sections, start=1):
        out.append(f"{number}. [{md_escape(s.heading)}](#{_anchor(s.heading)})")
    out.append("")
    for section in sections:
        out += [f"## {md_escape(section.heading)}", ""]
        for p in section.paragraphs:
            out += [md_escape(p), ""]
        if section.chart is not None:
            chart = section.chart
            alt = md_escape(chart.alt)
            out += [f"![{alt}](figures/{chart.name}.svg)", ""]
            notes = " ".join(md_escape(n) for n in chart.notes)
            out += [f"{notes} {md_escape(chart.source_line)}.", ""]
            links = " · ".join(f"[{fmt.upper()}](figures/{chart.name}.{fmt})" for fmt in FORMATS)
            out += [f"Download: {links}", ""]
        for table in section.tables:
            out += [f"**{md_escape(table.caption)}**", ""]
            out.append(to_markdown(table.records, table.columns).rstrip("\n"))
            out.append("")
        if section.links:
            for number, (label, url) in enumerate(section.links, start=1):
                out.append(f"{number}. {md_escape(label)} {_md_link(url)}")
            out.append("")
    out += ["---", "", md_escape(footer), ""]
    return "\n".join(out)


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", heading.lower())
    return slug.replace(" ", "-")


_LINKABLE = re.compile(r"(https?|mailto):", re.IGNORECASE)


def _html_link(url: str) -> str:
    if not _LINKABLE.match(url):
        return html_escape(url)
    return f'<a href="{html_escape(_url(url))}">{html_escape(url)}</a>'


def _md_link(url: str) -> str:
    return f"<{_url(url)}>" if _LINKABLE.match(url) else md_escape(url)


def _url(url: str) -> str:
    """``url`` with white space, ``< > "`` and unprintable characters percent-encoded."""
    return "".join(_percent(c) if c in ' <>"' or not c.isprintable() else c for c in url)


def _percent(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogatepass"))
