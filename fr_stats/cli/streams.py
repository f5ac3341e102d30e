"""How the command line treats its standard streams, whatever they are.

- A stream that cannot encode a character (``PYTHONIOENCODING=ascii``,
  ``cp1252``, ``latin-1``) gets its ASCII equivalent: ``-`` for the minus
  sign, ``--`` for a dash, ``x`` for ×, ``...`` for …; any other character
  becomes ``?``. JSON is written with ``\\uXXXX`` escapes instead, so it
  stays exact (see :func:`fr_stats.render.emit`).
- A closed standard output (``>&-``) or a full disk (``> /dev/full``) is a
  failure of the machine: one ``Error: ...`` line on stderr and exit 1.
- A closed pipe (``fr-stats list | head -3``) is normal: nothing on stderr,
  exit 1 (the exit status of any command whose reader stopped early, the
  same for every format).
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
import unicodedata
from typing import Any, NoReturn

ASCII_FALLBACK = "fr-stats-ascii"
"""The name of the codec error handler that writes ASCII equivalents."""

_ASCII = {
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u2013": "-",
    "\u2014": "--",
    "\u2015": "--",
    "\u00d7": "x",
    "\u2026": "...",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u2248": "~",
    "\u00b1": "+/-",
    "\u221e": "inf",
    "\u2192": "->",
    "\u2190": "<-",
    "\u00b7": ".",
    "\u2022": "*",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2713": "v",
    "\u2717": "x",
    "\ufffd": "?",
}


def ascii_equivalent(char: str) -> str:
    """An ASCII stand-in for one character: ``'−' -> '-'``, ``'é' -> 'e'``, else ``'?'``."""
    if char in _ASCII:
        return _ASCII[char]
    if char.isascii():
        return char
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return base or "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(ascii_equivalent(c) for c in bad), error.end


class ClosedStream:
    """Stands in for a standard output that was closed: writing to it fails."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


class PrintableStderr:
    """Standard error with every control character escaped (for click's own messages)."""

    def write(self, text: str) -> int:
        from ..render import printable

        if sys.stderr is not None:
            # The parser's own wording carries a "Value error, " prefix readers need not see.
            sys.stderr.write(printable(text.replace("Value error, ", ""), keep="\n"))
        return len(text)

    def flush(self) -> None:
        if sys.stderr is not None:
            sys.stderr.flush()

    def isatty(self) -> bool:
        return False


def show(exc: Exception) -> None:
    """Print a usage error the way the parser would, with control characters escaped."""
    show = getattr(exc, "show", None)
    if show is not None:
        show(file=PrintableStderr())
    else:
        _say(f"Error: {exc}")


def prepare() -> None:
    """Make the standard streams safe to print to, whatever the terminal."""
    codecs.register_error(ASCII_FALLBACK, _fallback)
    if sys.stdout is None:
        sys.stdout = ClosedStream()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if reconfigure is not None and codecs.lookup(encoding).name != "utf-8":
            reconfigure(errors=ASCII_FALLBACK)


def output_failed(exc: OSError) -> NoReturn:
    """Leave after a write to standard output failed; quietly for a closed pipe."""
    _discard_stdout()
    if exc.errno != errno.EPIPE:
        reason = (exc.strerror or str(exc)).lower()
        where = f"'{exc.filename}'" if exc.filename else "to standard output"
        _say(f"Error: cannot write {where}: {reason}")
    sys.exit(1)


def _discard_stdout() -> None:
    """Send what is still buffered for stdout nowhere, so leaving does not fail again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        sys.stdout = ClosedStream()
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _say(line: str) -> None:
    from ..render import printable

    stream: Any = sys.stderr
    if stream is not None:
        try:
            stream.write(printable(line) + "\n")
            stream.flush()
        except OSError:
            pass
