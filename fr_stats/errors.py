"""The one exception tree of fr-stats.

Library code raises these; the command line translates them once into a
one-line ``Error: ...`` message and an exit code. A user never sees a
traceback for a mistake of theirs.

Exit codes: 2 for every problem with what the user gave (an argument, an
option, a data file, or results that cannot be analysed together); 1 only
when the machine fails (an output that cannot be written).
"""

from __future__ import annotations

from pathlib import Path


class FrStatsError(Exception):
    """Base class of every error fr-stats raises on purpose.

    Parameters
    ----------
    message
        One line that names the bad value and what is allowed.
    hint
        An optional second line that suggests what to do.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(FrStatsError, ValueError):
    """A bad argument: an unknown study, a malformed count, an option out of range."""


class UnknownStudyError(InputError):
    """A study id that is neither in the data nor of the form ``K/N``."""


class NotComparableError(FrStatsError):
    """Results that must not be analysed together (different tasks, for example)."""


class MissingDataError(FrStatsError):
    """A number the analysis needs was never published."""


class DataFileError(FrStatsError):
    """A data table that breaks a rule of the documented format.

    The message names the file, the row (as a spreadsheet numbers it: the
    header is row 1), the column and the rule.
    """

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        where = [str(self.path)]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(f"{', '.join(where)}: {message}")


class OutputError(FrStatsError):
    """An output that cannot be written (unwritable folder, a file in the way)."""

    exit_code = 1


class ForeignFilesError(OutputError):
    """An output folder that holds files fr-stats did not write: a bad ``--out``.

    Nothing is deleted; the message names the first such files.
    """

    exit_code = 2
