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
from .content import Section, Sources, Table

_CSS = """
:root{color-scheme:light dark;--bg:#fff;--ink:#1a1a1a;--muted:#595959;--rule:#d0d0d0;
--accent:#005a8c;--panel:#f3f3f3;--chart-bg:#fff;--chart-ink:#1a1a1a;
--font:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"DejaVu Sans",Helvetica,Arial,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#141414;--ink:#e6e6e6;--muted:#b3b3b3;
--rule:#474747;--accent:#7ec8f2;--panel:#222}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:16px/1.55 var(--font);color:var(--ink);background:var(--bg)}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.2;margin:1rem 0 .5rem}
h2{font-size:1.35rem;line-height:1.25;margin:2.5rem 0 .5rem;padding-top:1rem;
border-top:1px solid var(--rule)}
h3{font-size:1.05rem;line-height:1.3;margin:1.5rem 0 .25rem}
a{color:var(--accent)}
p,li,td,blockquote,summary{overflow-wrap:break-word}
nav ol{padding-left:1.2rem}
.chart{margin:1.5rem 0 .5rem}
.chart-head{margin-bottom:.5rem}
.chart-title{margin:0}
.chart-subtitle{margin:.25rem 0 0;color:var(--muted)}
.chart svg{display:block;width:100%;max-width:440px;height:auto;background:var(--chart-bg);color:var(--chart-ink);
border-radius:.25rem}
.chart-foot{font-size:.875rem;color:var(--muted)}
.chart-notes{margin:.5rem 0;padding-left:1.1rem}
.chart-source{margin:.25rem 0}
.vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
clip:rect(0 0 0 0);white-space:nowrap;border:0}
.downloads{font-size:.875rem;margin-top:.25rem}
.table-wrap{margin:.75rem 0 0;overflow-x:auto}
table{border-collapse:collapse;font-size:.875rem;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid var(--rule);padding:.35rem .5rem;vertical-align:top;text-align:left}
th{font-weight:600}
tbody th{font-weight:400}
.num{text-align:right}
td.num{white-space:nowrap}
.table-notes{font-size:.8125rem;color:var(--muted);margin:.25rem 0 1.25rem;padding:0;
list-style:none}
.refs li{margin-bottom:.4rem;overflow-wrap:anywhere}
details.sources{border-top:1px solid var(--rule);padding:.5rem 0}
details.sources:last-of-type{border-bottom:1px solid var(--rule)}
details.sources summary{cursor:pointer;font-weight:600}
.cite{font-weight:400;color:var(--muted)}
.quoted{margin:.75rem 0}
.facts{margin:0;padding-left:1.1rem;font-weight:600}
blockquote{margin:.25rem 0;padding:.1rem 0 .1rem .75rem;border-left:3px solid var(--rule)}
.read-in,.unpublished,.main-page{font-size:.875rem;color:var(--muted);margin:.25rem 0}
.disagree{padding-left:1.1rem}
footer{font-size:.875rem;color:var(--muted);margin:3rem 0 1rem}
@media screen and (min-width:62rem){.table-wrap.stack{margin-left:-5rem;margin-right:-5rem}}
@media screen and (max-width:40rem){
.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.stack table,.stack tbody,.stack tr,.stack td,.stack th,.stack caption{display:block;width:100%}
.stack tbody th{font-weight:600;border:0;padding:.1rem 0;text-align:left;white-space:normal}
.stack tr{border-bottom:1px solid var(--rule);padding:.5rem 0}
.stack td{display:grid;grid-template-columns:minmax(6.5rem,38%) minmax(0,1fr);gap:.75rem;border:0;
padding:.1rem 0;text-align:left;white-space:normal;overflow-wrap:anywhere}
.stack td::before{content:attr(data-label);color:var(--muted);font-weight:600}
.stack td:empty{display:none}
}
@media print{
:root{--bg:#fff;--ink:#000;--muted:#333;--rule:#999;--accent:#000;--panel:#fff}
body{font-size:10.5pt}
main{max-width:none;padding:0}
nav,.downloads{display:none}
h2{border-top:0;margin-top:1.5rem}
h2,h3,caption,summary,.chart-head{break-after:avoid}
.chart,tr,blockquote,.quoted,.chart-notes li,.refs li{break-inside:avoid}
.chart svg{max-height:22cm}
.table-wrap{overflow:visible}
details::details-content{content-visibility:visible;display:contents}
}
"""
"""The page's styles. Colours are variables, set again for dark mode and for print; a chart
keeps a light panel in dark mode (``--chart-bg``) because its colours are drawn for white."""


def inline_svg(svg: str, prefix: str, chart: Chart) -> str:
    """An SVG file made fit for inlining: no XML prolog or metadata, unique ids, a ``<title>``,
    fluid size."""
    body = svg[svg.index("<svg") :]
    body = re.sub(r"<metadata>.*?</metadata>\s*", "", body, flags=re.S)
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


STACK_OVER = 3
"""Tables with more columns than this become stacked rows on a narrow screen."""


def html_table(table: Table) -> str:
    """A table that fits any width.

    On a narrow screen a table of more than :data:`STACK_OVER` columns
    becomes a list of blocks, one per row: the row's first cell as its
    heading, then one ``header value`` line per cell (each cell carries its
    header in ``data-label``; ARIA roles keep it a table for screen readers).
    """
    esc = html_escape
    cls = {c.key: ' class="num"' if c.justify == "right" else "" for c in table.columns}
    head = "".join(
        f'<th scope="col" role="columnheader"{cls[c.key]}>{esc(c.header)}</th>'
        for c in table.columns
    )
    rows = []
    for record in table.records:
        cells = []
        for number, c in enumerate(table.columns):
            shown = _cell(c, record)
            inner = f"<span>{linked(shown)}</span>" if shown else ""
            if number == 0 and table.row_header:
                cells.append(f'<th scope="row" role="rowheader"{cls[c.key]}>{inner}</th>')
            else:
                label = esc(c.header)
                cells.append(f'<td role="cell" data-label="{label}"{cls[c.key]}>{inner}</td>')
        rows.append(f'<tr role="row">{"".join(cells)}</tr>')
    label = esc(table.caption)
    stack = " stack" if len(table.columns) > STACK_OVER else ""
    notes = "".join(f"<li>{esc(n)}</li>" for n in table.notes)
    return (
        f'<div class="table-wrap{stack}" role="region" aria-label="{label}" tabindex="0">'
        f'<table role="table"><caption>{label}</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>'
        f'<tbody role="rowgroup">{"".join(rows)}</tbody></table></div>'
        + (f'<ul class="table-notes">{notes}</ul>' if notes else "")
    )


def figure_html(chart: Chart, svg: str, *, bare: bool = False) -> str:
    """One chart as a ``<figure>``: title and subtitle above, the SVG, notes and source below.

    ``svg`` is the chart's SVG file. A *bare* SVG (the plot only) is shown
    with its title, subtitle, notes and source as live HTML. The standalone
    SVG draws them itself, so with ``bare=False`` they stay in the page for
    screen readers, search and copying, but are not shown a second time.
    """
    esc = html_escape
    prefix = f"fig-{chart.name}"
    shown = "" if bare else " vh"
    notes = "".join(f"<li>{esc(n)}</li>" for n in chart.notes)
    return "\n".join(
        [
            f'<figure class="chart" id="{esc(prefix)}">',
            f'<figcaption class="chart-head{shown}">',
            f'<h3 class="chart-title">{esc(chart.title)}</h3>',
            f'<p class="chart-subtitle">{esc(chart.subtitle)}</p>' if chart.subtitle else "",
            "</figcaption>",
            inline_svg(svg, prefix, chart),
            f'<div class="chart-foot{shown}">',
            f'<ul class="chart-notes">{notes}</ul>' if notes else "",
            f'<p class="chart-source">{esc(chart.source_line)}.</p>',
            "</div>",
            "</figure>",
        ]
    ).replace("\n\n", "\n")


def _downloads_html(chart: Chart) -> str:
    names = {"svg": "SVG", "png": "PNG (2×)", "pdf": "PDF", "txt": "alt text",
             "csv": "data (CSV)", "html": "HTML snippet"}  # fmt: skip
    links = " · ".join(
        f'<a href="figures/{html_escape(chart.name)}.{fmt}">{names[fmt]}</a>' for fmt in FORMATS
    )
    return f'<p class="downloads">Download: {links}</p>'


def sources_html(sources: Sources) -> str:
    """One study's provenance, folded: each quote once, under the numbers read in it."""
    esc = html_escape
    out = [
        '<details class="sources">',
        f'<summary>{esc(sources.name)} <span class="cite">{esc(sources.citation)}</span></summary>',
    ]
    if sources.url:
        out.append(f'<p class="main-page">Main page: {linked(sources.url)}</p>')
    for q in sources.quoted:
        facts = "".join(f"<li>{esc(f)}</li>" for f in q.facts)
        quote = (
            f'<p class="formula">Formula: {esc(q.quote)}</p>'
            if q.formula
            else f"<blockquote>{esc(q.quote)}</blockquote>"
        )
        out.append(
            f'<div class="quoted"><ul class="facts">{facts}</ul>{quote}'
            f'<p class="read-in">Read in: {linked(q.read_in)}</p></div>'
        )
    if sources.unpublished:
        out.append(
            f'<p class="unpublished">No source gives: {esc(", ".join(sources.unpublished))}.</p>'
        )
    if sources.disagreements:
        out.append('<p><strong>Where sources disagree</strong></p><ul class="disagree">')
        for d in sources.disagreements:
            out.append(
                f"<li>{esc(d.number)}: {esc(d.used)} is used; {esc(d.other)} in "
                f"{linked(d.other_source)}:<blockquote>{esc(d.other_quote)}</blockquote>"
                f"{esc(d.why)}</li>"
            )
        out.append("</ul>")
    out.append("</details>")
    return "\n".join(out)


def page(
    title: str,
    lede: Sequence[str],
    sections: Sequence[Section],
    svgs: Mapping[str, str],
    footer: str,
    *,
    bare: bool = False,
) -> str:
    """The whole HTML report; ``bare`` says the SVGs in ``svgs`` are the bare variants."""
    esc = html_escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
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
            out.append(figure_html(chart, svgs[chart.name], bare=bare))
            out.append(_downloads_html(chart))
        out.extend(html_table(table) for table in section.tables)
        out.extend(sources_html(s) for s in section.sources)
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
            if table.notes:
                out += [" ".join(md_escape(n) for n in table.notes), ""]
        for sources in section.sources:
            out += _sources_markdown(sources)
        if section.links:
            for number, (label, url) in enumerate(section.links, start=1):
                out.append(f"{number}. {md_escape(label)} {_md_link(url)}")
            out.append("")
    out += ["---", "", md_escape(footer), ""]
    return "\n".join(out)


def _sources_markdown(sources: Sources) -> list[str]:
    esc = md_escape
    head = f"**{esc(sources.name)}** · {esc(sources.citation)}"
    if sources.url:
        head += f" · main page: {md_linked(sources.url)}"
    out = [head, ""]
    for q in sources.quoted:
        said = f"formula: {esc(q.quote)}" if q.formula else f"“{esc(q.quote)}”"
        out.append(f"- {esc('; '.join(q.facts))}: {said} Read in: {md_linked(q.read_in)}.")
    if sources.unpublished:
        out.append(f"- No source gives: {esc(', '.join(sources.unpublished))}.")
    for d in sources.disagreements:
        out.append(
            f"- Sources disagree on {esc(d.number)}: {esc(d.used)} is used; {esc(d.other)} in "
            f"{md_linked(d.other_source)}: “{esc(d.other_quote)}” {esc(d.why)}"
        )
    return [*out, ""]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    slug = re.sub(r"[^\w\- ]", "", heading.lower())
    return slug.replace(" ", "-")


_LINKABLE = re.compile(r"(https?|mailto):", re.IGNORECASE)


_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)


def _urls(text: str) -> list[tuple[str, str]]:
    """``text`` cut into ``(plain, url)`` pieces; a trailing full stop or comma is not the URL's."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for match in _URL_IN_TEXT.finditer(text):
        url = match.group(0).rstrip(".,;:'")
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        pieces.append((text[pos : match.start()], url))
        pos = match.start() + len(url)
    pieces.append((text[pos:], ""))
    return pieces


_HOST = re.compile(r"[a-z][a-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:\[\]]+)", re.IGNORECASE)


def site(url: str) -> str:
    """The site a web address is on, as a reader knows it: ``aclu.org``."""
    found = _HOST.match(url)
    host = found.group(1).lower() if found else ""
    return host[4:] if host.startswith("www.") else host


def linked(text: str) -> str:
    """``text`` escaped for HTML, each web address in it a link that shows its site."""
    out = []
    for plain, url in _urls(text):
        out.append(_LONG_WORD.sub(_breakable, html_escape(plain)))
        if url:
            shown = site(url) or url
            out.append(f'<a href="{html_escape(_url(url))}">{html_escape(shown)}</a>')
    return "".join(out)


_LONG_WORD = re.compile(r"[^\s&;<>]{24,}")


def _breakable(word: re.Match[str]) -> str:
    """A long word (a path, a file name) that may wrap after each ``/``, ``.`` or ``-``."""
    return re.sub(r"([/.\-])(?=.)", r"\1<wbr>", word.group(0))


def md_linked(text: str) -> str:
    """``text`` escaped for Markdown, each web address a link that shows its site."""
    out: list[str] = []
    for plain, url in _urls(text):
        lead = " " if plain[:1].isspace() and out else ""
        trail = " " if plain[-1:].isspace() and url else ""
        out.append(lead + md_escape(plain) + trail if plain.strip() else lead or trail)
        if url:
            out.append(f"[{md_escape(site(url) or url)}](<{_url(url)}>)")
    return "".join(out)


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
