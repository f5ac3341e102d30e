"""Drawing the report's charts in a second process while this one goes on.

Drawing (layout, PNG, PDF with its font subsets) is most of a report's time,
and the files of a chart depend on that chart alone: the same chart gives the
same bytes whichever process draws it. So on Linux, when a processor is
free, a forked copy of this process draws a chart and writes its files
while this one builds the next chart and draws another; the pages are
written once every chart is in. Elsewhere, or on a busy machine, every
chart is drawn here, one after the other, with the same result.

A helper process ignores SIGINT (the build it belongs to handles it), dies
with its parent (``PR_SET_PDEATHSIG``), writes only the files of its chart
into the build's temporary folder, and never returns into the caller's code:
it reports what it wrote, or the error it met, through a pipe as JSON and exits with
``os._exit``. An error in a helper is raised here, as if the chart had been
drawn here.
"""

from __future__ import annotations

import gc
import json
import os
import select
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FrStatsError

if TYPE_CHECKING:
    from ..figures.layout import Chart

_PR_SET_PDEATHSIG = 1


def helpers_available() -> int:
    """How many helper processes may draw at once: one on Linux, from a process with one
    thread, when a processor is free (two or more, and the one-minute load average leaves one idle); else none.

    On a busy machine a helper gains nothing and costs the memory pages that the two
    processes then copy (about a tenth more processor time).
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 0
    if threading.current_thread() is not threading.main_thread() or threading.active_count() > 1:
        return 0  # a lock another thread holds at the fork would stay held in the helper
    processors = len(os.sched_getaffinity(0))
    return 1 if processors >= 2 and os.getloadavg()[0] < processors - 0.5 else 0


def draw_here(chart: Chart, folder: Path) -> tuple[str, ...]:
    """Write every file of ``chart`` into ``folder``; the formats written, in order."""
    from ..figures import export
    from ..figures.folder import write_bytes

    payloads = export.chart_files(chart)  # looked up now, so a stub replaces it everywhere
    for fmt, data in payloads.items():
        write_bytes(folder / f"{chart.name}.{fmt}", data)
    return tuple(payloads)


class Drawer:
    """Draws charts into ``folder``, in a helper process when one is free, else here.

    Use it as a context manager: leaving the block stops any helper still
    drawing. :meth:`finish` waits for the helpers and returns, for each chart
    name, the formats written.
    """

    def __init__(self, folder: Path, helpers: int | None = None) -> None:
        self.folder = folder
        self.helpers = helpers_available() if helpers is None else helpers
        self._running: dict[int, tuple[Chart, int]] = {}
        self._done: dict[str, tuple[str, ...]] = {}

    def __enter__(self) -> Drawer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def draw(self, chart: Chart) -> None:
        """Draw ``chart`` now, or hand it to a free helper and return at once."""
        self._collect(wait=False)
        if len(self._running) < self.helpers:
            self._fork(chart)
        else:
            self._done[chart.name] = draw_here(chart, self.folder)

    def finish(self) -> dict[str, tuple[str, ...]]:
        """Wait for every helper; the formats written for each chart."""
        self._collect(wait=True)
        return dict(self._done)

    def stop(self) -> None:
        """Stop the helpers still drawing (after an error or a signal here)."""
        while self._running:
            pid, (_, fd) = self._running.popitem()
            _end(pid, fd, kill=True)

    def _fork(self, chart: Chart) -> None:
        read, write = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        gc.freeze()  # the helper's collections then leave the parent's objects (and pages) alone
        try:
            with _fork_allowed():
                pid = os.fork()
        except BaseException:
            gc.unfreeze()
            os.close(read)
            os.close(write)
            raise
        if pid == 0:  # pragma: no cover - the helper; its outcome is checked through the pipe
            os.close(read)
            _helper(chart, self.folder, write, os.getppid())
        gc.unfreeze()
        os.close(write)
        self._running[pid] = (chart, read)

    def _collect(self, *, wait: bool) -> None:
        """Take what finished helpers said (with ``wait``, every helper, stuck ones redrawn here)."""
        for pid in list(self._running):
            chart, fd = self._running[pid]
            ready, _, _ = select.select([fd], [], [], HELPER_TIMEOUT if wait else 0)
            if not ready and not wait:
                continue
            del self._running[pid]  # from here on, this call ends the helper whatever happens
            if not ready:  # silent for minutes: stuck, so end it and draw the chart here
                _end(pid, fd, kill=True)
                self._done[chart.name] = draw_here(chart, self.folder)
                continue
            try:
                message = _read_all(fd)
            except BaseException:  # an interrupt while reading: the helper goes too
                _end(pid, fd, kill=True)
                raise
            status = _end(pid, fd)
            self._done[chart.name] = _outcome(chart.name, message, status)


HELPER_TIMEOUT = 600.0
"""Seconds a helper may take to draw one chart before it is taken for stuck (a chart takes
about a second; ten minutes leaves room for the slowest machine under load)."""


def _read_all(fd: int) -> bytes:
    """Everything the helper writes before it closes its end of the pipe."""
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _end(pid: int, fd: int, *, kill: bool = False) -> int | None:
    """Close the pipe, end the helper if asked, and reap it; its wait status, if known."""
    if kill:
        with suppress(ProcessLookupError):  # it may have ended meanwhile
            os.kill(pid, signal.SIGKILL)
    with suppress(OSError):
        os.close(fd)
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # reaped already (SIGCHLD ignored by the host program)
        return None


def _outcome(name: str, message: bytes, status: int | None = None) -> tuple[str, ...]:
    """The formats a helper wrote, or the error it met raised here."""
    try:
        said = json.loads(message)
    except ValueError:
        said = None
    if not isinstance(said, dict):
        how = ""
        if status is not None and os.WIFSIGNALED(status):
            how = f" (it was ended by signal {os.WTERMSIG(status)})"
        elif status is not None and os.WIFEXITED(status):
            how = f" (it exited with status {os.WEXITSTATUS(status)})"
        raise RuntimeError(f"drawing the chart '{name}' stopped without a word{how}")
    if "error" in said:
        raise _error(str(said["error"]), str(said["message"]), said.get("hint"))
    return tuple(str(f) for f in said["formats"])


def _error(kind: str, message: str, hint: str | None) -> Exception:
    """The helper's error, as its own class when it is one of fr-stats' errors of one line."""
    from .. import errors

    known = {
        c.__name__: c
        for c in (
            errors.FrStatsError,
            errors.InputError,
            errors.UnknownStudyError,
            errors.NotComparableError,
            errors.MissingDataError,
            errors.OutputError,
            errors.ForeignFilesError,
        )
    }
    if kind in known:
        return known[kind](message, hint=hint)
    return RuntimeError(f"{kind}: {message}")


def _helper(chart: Chart, folder: Path, write: int, parent: int) -> None:  # pragma: no cover
    """The helper's whole life: draw, say how it went, exit without unwinding the caller."""
    code = 1
    try:
        _detach(parent)
        try:
            said: dict[str, object] = {"formats": list(draw_here(chart, folder))}
        except BaseException as exc:
            hint = exc.hint if isinstance(exc, FrStatsError) else None
            said = {"error": type(exc).__name__, "message": str(exc), "hint": hint}
        with os.fdopen(write, "wb") as pipe:
            pipe.write(json.dumps(said).encode())
        code = 0
    finally:
        os._exit(code)


def _detach(parent: int) -> None:  # pragma: no cover - runs in the helper
    """Leave signals to the parent, die with it, and write through fresh streams."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
    # A thread of the parent may have held a stream's lock at the fork: never touch those.
    with suppress(OSError):  # no such stream: nothing to replace
        sys.stdout = open(os.dup(1), "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    with suppress(OSError):
        sys.stderr = open(os.dup(2), "w", encoding="utf-8", errors="replace")  # noqa: SIM115


@contextmanager
def _fork_allowed() -> Iterator[None]:
    """Python 3.12+ warns about fork in a process with threads (numerical libraries start
    some); the helper touches none of their state."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
        yield
