"""``fr-stats plot``: one chart, written in the format its file name asks for."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import NotComparableError
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
            ".txt (alt text), .csv (the data) or .html (a <figure> snippet).",
        ),
    ] = ...,  # type: ignore[assignment]
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
        bool, typer.Option("--quiet", "-q", help="Print nothing when the file is written.")
    ] = False,
) -> None:
    """Draw one article-ready chart: studies, compare, disparity, thresholds, detectability, pool, gender or alerts.

    Examples:

    \b
      fr-stats plot studies --out studies.svg
      fr-stats plot compare aclu2018 comparitech2020 --out chart.svg
    """
    from ..figures import plot as plot_chart
    from ..figures.style import quiet_matplotlib_config
    from ..live import given

    quiet_matplotlib_config()

    if given(ids or [], data or ()) and kind is not Kind.alerts:
        raise NotComparableError(
            f"live-facial-recognition results count false alerts among alerts; chart them with "
            f"fr-stats plot alerts, not {kind.value}"
        )
    chart = plot_chart(kind.value, ids or (), out=out, data=data or (), level=level)
    if not quiet:
        typer.echo(printable(f"Wrote {out}: {chart.title}"), err=True)
