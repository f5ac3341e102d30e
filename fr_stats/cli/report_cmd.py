"""``fr-stats report``: the whole reproducible report in one folder."""

from pathlib import Path
from typing import Annotated, Any

import typer

from .app import DataOption, app, guarded


@app.command()
@guarded
def report(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Report folder: created, or replaced if it holds a previous report.",
        ),
    ] = ...,  # type: ignore[assignment]
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")
    ] = False,
    data: DataOption = None,
) -> None:
    """Build the report: index.html, README.md, figures/ and results.json.

    Examples:

    \b
      fr-stats report --out reports
      fr-stats report --out my-report --data my_studies.csv
    """
    from ..figures.style import quiet_matplotlib_config
    from ..render import console, printable
    from ..report import build_report

    quiet_matplotlib_config(command_line=True)
    if quiet:
        build_report(out, data=data or ())
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    err = console(stderr=True)
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        auto_refresh=False,  # redrawn at each step: no thread, so the report may fork helpers
    )
    task = bar.add_task("report", total=None)

    def progress(step: str, done: int, total: int) -> Any:
        # Started on the first step, so a bad --out fails before any bar is drawn.
        if not bar.live.is_started:
            bar.start()
        bar.update(task, description=step, completed=done, total=total, refresh=True)

    try:
        result = build_report(out, data=data or (), progress=progress)
    finally:
        if bar.live.is_started:
            bar.stop()
    wrote = f"Wrote {len(result.files)} files to {out}/ (open {out}/index.html)"
    typer.echo(printable(wrote), err=True)
