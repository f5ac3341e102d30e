"""The typer application, shared options and the one place errors are translated.

Each command module parses its options, calls one library function and hands
the result to :mod:`fr_stats.render`. Heavy libraries are imported inside
commands, never here, so ``fr-stats --help`` starts fast.
"""

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .._version import __version__
from ..errors import FrStatsError
from ..render import Format, printable
from .group import FrStatsGroup

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="fr-stats",
    cls=FrStatsGroup,
    help=(
        "Re-analyse published studies of face-recognition misidentification: "
        "intervals, tests, claims and charts, with the source of every number."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: table (default), json, csv or markdown."),
]
LevelOption = Annotated[
    float,
    typer.Option("--level", "-l", metavar="LEVEL", help="Confidence level, from 0.5 to 0.9999."),
]
DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        metavar="FILE",
        help="An extra CSV table in the format of data/README.md (repeatable); added to the bundled data.",
        exists=True,
        dir_okay=False,
        readable=True,
    ),
]


def guarded(fn: F) -> F:
    """Turn fr-stats errors into one ``Error: ...`` line on stderr and an exit code.

    The message may quote the user's argument or a data file, so control
    characters in it are shown as escapes (:func:`fr_stats.render.printable`).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FrStatsError as exc:
            typer.echo(f"Error: {printable(exc)}", err=True)
            if exc.hint:
                typer.echo(f"Hint: {printable(exc.hint)}", err=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fr-stats {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Re-analyse published studies of face-recognition misidentification.

    Every number comes with its source. Type a study id (fr-stats list shows
    them), ID@THRESHOLD for another threshold (comparitech2020@95), or your
    own counts as K/N (32/530).
    """


def main() -> None:
    """Console-script entry point.

    Usage errors are printed with control characters escaped; a standard
    output that cannot be written ends the run as
    :func:`fr_stats.cli.streams.output_failed` describes.
    """
    from . import streams

    streams.prepare()
    try:
        code = app(standalone_mode=False)
        sys.stdout.flush()
    except typer.TyperException as exc:  # a usage error, found by the parser
        streams.show(exc)
        code = exc.exit_code
    except typer.Abort:
        typer.echo("Aborted!", err=True)
        code = 1
    except OSError as exc:  # stdout closed, full or a closed pipe
        streams.output_failed(exc)
    sys.exit(code if isinstance(code, int) else 0)
