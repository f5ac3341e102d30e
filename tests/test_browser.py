"""The report and a chart snippet, opened in headless Chromium at a phone's and a laptop's width.

Chromium runs without extra Python packages: each page is loaded in an
``<iframe>`` of the width under test inside a small harness page, whose
script measures the page and writes the measurements as JSON into a
``<pre id="probe">`` that ``--dump-dom`` returns. (Headless Chromium does not
lay out a window narrower than 500 px; the iframe can be any width.)
Console messages come from ``--enable-logging=stderr``.

Chart text checks (at least 12 px at 375 px, no two labels overlapping, no
chart text larger than the section headings) skip while the charts draw
their text as paths: they start checking as soon as an SVG has ``<text>``.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found (Debian: apt-get install chromium); .ci/run installs it",
)

WIDTHS = (375, 1280)
MIN_CHART_TEXT_PX = 12.0
WCAG_AA = 4.5

_PROBE_JS = r"""
const frame = document.getElementById('page');
function describe(e) {
  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && e.className.baseVal === undefined ? '.' + e.className : '');
}
function svgText(svg, name) {
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
  const boxes = texts.map(t => {
    const m = t.getScreenCTM(), r = t.getBoundingClientRect();
    const px = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
    return {text: t.textContent.trim(), px: px, l: r.left, r: r.right, t: r.top, b: r.bottom};
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
    if (w > 1 && h > 1) overlaps.push([a.text, b.text]);
  }
  return {name: name, texts: boxes.length, overlaps: overlaps,
          small: boxes.filter(b => b.px < MIN_PX).map(b => [b.text, +b.px.toFixed(2)]),
          largest: Math.max(0, ...boxes.map(b => b.px))};
}
function loadSvg(img, doc) {
  // An <img> hides its SVG's text from the page: load the file and lay it out at the
  // same width in an invisible box, to measure what the reader sees.
  const xhr = new XMLHttpRequest();
  xhr.open('GET', img.src, false);
  try { xhr.send(); } catch (e) { return null; }
  const svg = new DOMParser().parseFromString(xhr.responseText, 'image/svg+xml').documentElement;
  if (!svg || svg.tagName !== 'svg') return null;
  const box = doc.createElement('div');
  box.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;width:' +
    img.getBoundingClientRect().width + 'px';
  svg.removeAttribute('width'); svg.removeAttribute('height');
  svg.style.cssText = 'display:block;width:100%;height:auto';
  box.appendChild(doc.importNode(svg, true));
  doc.body.appendChild(box);
  return box;
}
function contrastPairs(doc, win) {
  const pairs = {};
  const sel = 'h1,h2,h3,p,li,td,th,caption,summary,blockquote,a,figcaption,footer';
  for (const e of doc.querySelectorAll(sel)) {
    if (e.closest('.vh') || !e.textContent.trim() || !e.getClientRects().length) continue;
    let bg = null;
    for (let p = e; p; p = p.parentElement) {
      const c = win.getComputedStyle(p).backgroundColor;
      if (c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c)) { bg = c; break; }
    }
    const key = win.getComputedStyle(e).color + '|' + (bg || 'canvas');
    (pairs[key] = pairs[key] || []).push(describe(e));
  }
  return Object.entries(pairs).map(([k, v]) => [...k.split('|'), v[0]]);
}
frame.addEventListener('load', () => setTimeout(() => {
  const doc = frame.contentDocument, win = frame.contentWindow;
  // Phones draw scrollbars over the page: take the desktop scrollbar out of the width.
  doc.documentElement.style.scrollbarWidth = 'none';
  const out = {width: win.innerWidth, clientWidth: doc.documentElement.clientWidth,
               scrollWidth: doc.documentElement.scrollWidth,
               dark: win.matchMedia('(prefers-color-scheme: dark)').matches};
  out.wide = [...doc.body.querySelectorAll('*')]
    .filter(e => !e.closest('.vh') && e.getBoundingClientRect().right > win.innerWidth + 0.5)
    .slice(0, 8).map(describe);
  out.scrollers = [...doc.querySelectorAll('.table-wrap, pre')]
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.getAttribute('aria-label') || describe(e)) + ': ' + e.scrollWidth + ' > ' + e.clientWidth);
  out.brokenImages = [...doc.images].filter(i => !(i.complete && i.naturalWidth > 0))
    .map(i => i.getAttribute('src'));
  out.charts = [...doc.querySelectorAll('svg')].filter(s => !s.parentElement.closest('svg'))
    .map(s => svgText(s, s.getAttribute('aria-labelledby') || describe(s)));
  for (const img of doc.images) {
    if (!/\.svg$/i.test(img.getAttribute('src') || '')) continue;
    const box = loadSvg(img, doc);
    if (box) { out.charts.push(svgText(box.firstChild, img.getAttribute('src'))); box.remove(); }
  }
  const px = s => parseFloat(win.getComputedStyle(s).fontSize);
  out.h2 = Math.min(...[...doc.querySelectorAll('h2')].map(px));
  out.chartTitles = Math.max(0, ...[...doc.querySelectorAll('.chart-title, figcaption strong')]
    .map(px));
  out.headings = [...doc.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
  out.contrast = contrastPairs(doc, win);
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 100));
"""


@dataclass(frozen=True)
class Probe:
    """What the browser measured on one page at one width."""

    data: dict[str, Any]
    console: tuple[str, ...]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def open_in_chromium(page: Path, width: int, *, dark: bool = False) -> Probe:
    """Load ``page`` at ``width`` CSS px in headless Chromium and measure it."""
    script = _PROBE_JS.replace("MIN_PX", str(MIN_CHART_TEXT_PX))
    with tempfile.TemporaryDirectory(prefix="fr-stats-probe-") as folder:
        harness = Path(folder) / "probe.html"
        harness.write_text(
            '<!DOCTYPE html><html><body style="margin:0">'
            f'<iframe id="page" src="{html.escape(page.resolve().as_uri())}" width="{width}" '
            'height="800" style="border:0;display:block"></iframe>'
            f"<script>{script}</script></body></html>",
            encoding="utf-8",
        )
        flags = ["--blink-settings=preferredColorScheme=0"] if dark else []
        done = _chromium(harness, max(width, 500), "--dump-dom", *flags)
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, f"the probe did not run in {harness}:\n{done.stderr[-2000:]}"
    console = tuple(
        line
        for line in done.stderr.splitlines()
        if ":CONSOLE" in line or "Uncaught" in line or "ERR_FILE_NOT_FOUND" in line
    )
    return Probe(json.loads(html.unescape(found.group(1))), console)


def screenshot(
    page: Path, width: int, png: Path, *, height: int = 3000, dark: bool = False
) -> None:
    """Save a screenshot of the top ``height`` px of ``page`` at ``width`` (at least 500)."""
    flags = ["--blink-settings=preferredColorScheme=0"] if dark else []
    _chromium(page, width, f"--screenshot={png}", f"--window-size={width},{height}", *flags)


def _chromium(page: Path, width: int, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="fr-stats-chromium-") as profile:
        command = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--allow-file-access-from-files", f"--user-data-dir={profile}",
            f"--window-size={width},800", "--virtual-time-budget=5000",
            "--enable-logging=stderr", "--v=0", *args, page.resolve().as_uri(),
        ]  # fmt: skip
        return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


# --------------------------------------------------------------------------- #
# The pages under test: built once per session
# --------------------------------------------------------------------------- #

ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A test article</title>
<style>body{{margin:0 auto;max-width:40rem;padding:1rem;font:17px/1.5 Georgia,serif}}</style>
</head><body>
<h1>Face recognition, re-checked</h1>
<p>A paragraph of an article, before the chart, as a newsroom's page would have it.</p>
{snippet}
<p>The article goes on after the chart.</p>
</body></html>
"""


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory, bundled_report: Path) -> dict[str, Path]:
    """The built report's ``index.html`` and an article with ``fr-stats plot``'s snippet pasted in."""
    from typer.testing import CliRunner

    from fr_stats.cli import app

    root = tmp_path_factory.mktemp("browser")
    embed = root / "embed"
    embed.mkdir()
    r = CliRunner().invoke(app, ["plot", "studies", "--out", str(embed / "studies.html"), "-q"])
    assert r.exit_code == 0, r.output
    article = embed / "article.html"
    snippet = (embed / "studies.html").read_text(encoding="utf-8")
    article.write_text(ARTICLE.format(snippet=snippet), encoding="utf-8")
    return {"report": bundled_report / "index.html", "snippet": article}


@pytest.fixture(scope="session")
def probe(pages: dict[str, Path]) -> Callable[..., Probe]:
    """``probe(page, width, dark=False)``: the browser's measurements, each taken once."""
    taken: dict[tuple[str, int, bool], Probe] = {}

    def get(name: str, width: int, dark: bool = False) -> Probe:
        key = (name, width, dark)
        if key not in taken:
            taken[key] = open_in_chromium(pages[name], width, dark=dark)
        return taken[key]

    return get


PAGES = ("report", "snippet")


def _each(widths: tuple[int, ...] = WIDTHS) -> list[Any]:
    return [pytest.param(page, w) for page in PAGES for w in widths]


# --------------------------------------------------------------------------- #
# Layout
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(("page", "width"), _each())
def test_no_horizontal_scrolling(probe: Any, page: str, width: int) -> None:
    p = probe(page, width)
    assert p["width"] == p["clientWidth"] == width
    assert p["scrollWidth"] <= width, f"wider than the screen: {p['wide']}"
    assert p["scrollers"] == [], "a table scrolls sideways"


@pytest.mark.parametrize(("page", "width"), _each())
def test_no_console_errors(probe: Any, page: str, width: int) -> None:
    assert probe(page, width).console == ()


@pytest.mark.parametrize(("page", "width"), _each())
def test_every_image_loads(probe: Any, page: str, width: int) -> None:
    assert probe(page, width)["brokenImages"] == []


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                self.refs.append(value)


@pytest.mark.parametrize("page", ["report", "snippet"])
def test_every_link_target_exists(pages: dict[str, Path], page: str) -> None:
    path = pages[page]
    found = _Targets()
    found.feed(path.read_text(encoding="utf-8"))
    missing = []
    for ref in found.refs:
        if re.match(r"[a-z][a-z0-9+.-]*:", ref, re.I):  # https:, mailto: a reader may follow
            continue
        local, _, fragment = ref.partition("#")
        exists = (path.parent / local).is_file() if local else fragment in found.ids
        if not exists:
            missing.append(ref)
    assert found.refs and missing == []


def test_headings_step_down_one_level_at_a_time(probe: Any) -> None:
    levels = probe("report", 1280)["headings"]
    assert levels[0] == 1 and levels.count(1) == 1
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert jumps == []


def test_chart_titles_are_smaller_than_section_headings(probe: Any) -> None:
    p = probe("report", 1280)
    assert 0 < p["chartTitles"] < p["h2"]


def test_chart_text_is_not_larger_than_section_headings(probe: Any) -> None:
    p = probe("report", 1280)
    largest = max(c["largest"] for c in _with_text(p))
    assert largest <= p["h2"], "a chart's text is larger than the section headings"


# --------------------------------------------------------------------------- #
# Chart text: skipped while the SVGs have no <text>
# --------------------------------------------------------------------------- #


def _with_text(p: Probe) -> list[dict[str, Any]]:
    charts = [c for c in p["charts"] if c["texts"]]
    if not charts:
        pytest.skip("the charts draw their text as paths (no <text> element) yet")
    return charts


@pytest.mark.parametrize("page", PAGES)
def test_chart_text_is_at_least_12px_on_a_phone(probe: Any, page: str) -> None:
    small = {c["name"]: c["small"] for c in _with_text(probe(page, 375)) if c["small"]}
    assert small == {}


@pytest.mark.parametrize(("page", "width"), _each())
def test_chart_labels_do_not_overlap(probe: Any, page: str, width: int) -> None:
    overlaps = {c["name"]: c["overlaps"] for c in _with_text(probe(page, width)) if c["overlaps"]}
    assert overlaps == {}


# --------------------------------------------------------------------------- #
# Dark mode
# --------------------------------------------------------------------------- #


def luminance(rgb: tuple[float, float, float]) -> float:
    """Relative luminance (WCAG 2.1, section 'relative luminance')."""

    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio, from 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_wcag_examples() -> None:
    # WCAG 2.1 understanding document 1.4.3: black on white is 21:1; #767676 on white is
    # the lightest grey that passes AA, 4.54:1.
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def _rgb(css: str, canvas: tuple[float, float, float]) -> tuple[float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    if css == "canvas" or len(values) < 3:
        return canvas
    alpha = values[3] if len(values) > 3 else 1.0
    r, g, b = (alpha * v + (1 - alpha) * c for v, c in zip(values[:3], canvas, strict=True))
    return (r, g, b)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_rendered_text_meets_wcag_aa(probe: Any, dark: bool) -> None:
    p = probe("report", 375, dark)
    assert p["dark"] is dark
    canvas = (18.0, 18.0, 18.0) if dark else (255.0, 255.0, 255.0)
    low = []
    for color, background, element in p["contrast"]:
        bg = _rgb(background, canvas)
        ratio = contrast(_rgb(color, bg), bg)
        if ratio < WCAG_AA:
            low.append(f"{element}: {color} on {background} is {ratio:.2f}:1")
    assert len(p["contrast"]) >= 3 and low == []  # ink, muted and links at least


# --------------------------------------------------------------------------- #
# The probe itself: it sees small and overlapping text, inline and in an <img>
# --------------------------------------------------------------------------- #

_TEXT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 900 300" width="900" height="300">'
    '<text x="10" y="100" style="font-size:20px">Tiny label</text>'
    '<text x="10" y="104" style="font-size:20px">Overlapping label</text>'
    '<text x="10" y="250" style="font-size:60px">Large</text></svg>'
)


def test_probe_finds_small_and_overlapping_chart_text(tmp_path: Path) -> None:
    (tmp_path / "chart.svg").write_text(_TEXT_SVG, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">'
        "<style>body{margin:0}svg,img{display:block;width:100%;height:auto}</style></head>"
        f'<body>{_TEXT_SVG}<img src="chart.svg" alt="chart"></body></html>',
        encoding="utf-8",
    )
    p = open_in_chromium(page, 375)
    inline, image = p["charts"]
    assert image["name"] == "chart.svg" and p["brokenImages"] == []
    for chart in (inline, image):
        assert chart["texts"] == 3
        # 20 user units in a 900-unit viewBox drawn 375 px wide: 20 × 375 / 900 = 8.33 px.
        assert [t for t, _ in chart["small"]] == ["Tiny label", "Overlapping label"]
        assert chart["small"][0][1] == pytest.approx(8.33, abs=0.01)
        assert chart["overlaps"] == [["Tiny label", "Overlapping label"]]
        assert chart["largest"] == pytest.approx(25, abs=0.01)  # 60 × 375 / 900
