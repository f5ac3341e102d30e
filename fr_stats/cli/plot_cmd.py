"""``fr-stats plot``: one chart, or a complete embed of it, named after ``--out``."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError, NotComparableError
from ..render import printable
from .app import DataOption, app, guarded


class Kind(StrEnum):
    studies = "studies"
    compare = "compare"
    disparity = "disparity"
    thresholds = "thresholds"
    detectability = "detectability"
    pool = "pool"
    gender = "gender"
    alerts = "alerts"


@app.command()
@guarded
def plot(
    kind: Annotated[Kind, typer.Argument(metavar="KIND", help="Which chart to draw.")],
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="IDS...", help="Study ids, ID@THRESHOLD or K/N; the chart's default if none."
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="File to write; its suffix picks the format: .svg, .png, .pdf, "
            ".txt (alt text), .csv (the data) or .html (a <figure> snippet, written with "
            "every file it links: NAME.svg, NAME.png, NAME.pdf, NAME.txt, NAME.csv).",
        ),
    ] = ...,  # type: ignore[assignment]
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="LIST",
            help="Files to write, named after --out, e.g. svg,png,csv,html "
            "(default: the suffix of --out; all for .html).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Your own title.")] = None,
    subtitle: Annotated[str | None, typer.Option("--subtitle", help="Your own subtitle.")] = None,
    note: Annotated[
        list[str] | None, typer.Option("--note", help="A note to add under the chart (repeatable).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Your own source line, replacing the chart's.")
    ] = None,
    label: Annotated[
        list[str] | None,
        typer.Option(
            "--label", metavar="ID=TEXT", help="A new name for a study's row (repeatable)."
        ),
    ] = None,
    width: Annotated[
        float | None,
        typer.Option(
            "--width", help="Design width in CSS pixels, 440 (default, for phones) to 1200."
        ),
    ] = None,
    level: Annotated[
        float,
        typer.Option(
            "--level",
            "-l",
            metavar="LEVEL",
            help="Confidence level of the intervals, from 0.5 to 0.9999.",
        ),
    ] = 0.95,
    data: DataOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing when the files are written.")
    ] = False,
) -> None:
    """Draw one article-ready chart: studies, compare, disparity, thresholds, detectability, pool, gender or alerts.

    Examples:

    \b
      fr-stats plot studies --out studies.svg
      fr-stats plot compare aclu2018 comparitech2020 --out chart.html
    """
    from ..figures import plot as plot_chart
    from ..figures.style import quiet_matplotlib_config
    from ..live import given

    quiet_matplotlib_config(command_line=True)

    if given(ids or [], data or ()) and kind is not Kind.alerts:
        raise NotComparableError(
            f"live-facial-recognition results count false alerts among alerts; chart them with "
            f"fr-stats plot alerts, not {kind.value}"
        )
    chosen = None if formats is None else [f.strip().lower() for f in formats.split(",") if f]
    chart = plot_chart(
        kind.value,
        ids or (),
        out=out,
        data=data or (),
        level=level,
        formats=chosen,
        title=title,
        subtitle=subtitle,
        notes=note or (),
        source=source,
        labels=_labels(label or []),
        width=width,
    )
    if not quiet:
        typer.echo(printable(f"Wrote {out}: {chart.title}"), err=True)


def _labels(pairs: list[str]) -> dict[str, str]:
    labels = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip() or not text.strip():
            raise InputError(f"--label takes ID=TEXT, not '{pair}'")
        labels[key.strip()] = text.strip()
    return labels
