"""Charts drawn in a helper process: the same files as drawn here, and errors come back."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import fr_stats
from fr_stats.errors import OutputError
from fr_stats.figures import export
from fr_stats.figures.layout import Chart
from fr_stats.report.drawing import Drawer, draw_here, helpers_available

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers fork on Linux")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@linux
def test_a_helper_writes_the_same_bytes_as_this_process(tmp_path: Path) -> None:
    charts = [fr_stats.plot("gender"), fr_stats.plot("compare")]
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    for chart in charts:
        draw_here(chart, here)
    with Drawer(there, helpers=1) as drawer:
        for chart in charts:  # the first goes to the helper, the second is drawn here
            drawer.draw(chart)
        drawn = drawer.finish()
    assert drawn == {c.name: export.FORMATS for c in charts}
    assert _files(there) == _files(here)
    assert sorted(_files(here)) == sorted(f"{c.name}.{f}" for c in charts for f in export.FORMATS)


@linux
def test_an_error_in_a_helper_is_raised_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(chart: Chart, style: object = None) -> dict[str, bytes]:
        raise OutputError(f"cannot write '{chart.name}.svg': disk full")

    monkeypatch.setattr(export, "chart_files", broken)
    with Drawer(tmp_path, helpers=1) as drawer:
        drawer.draw(fr_stats.plot("gender"))
        with pytest.raises(OutputError, match=r"cannot write 'gender\.svg': disk full"):
            drawer.finish()
    assert list(tmp_path.iterdir()) == []


def test_without_helpers_every_chart_is_drawn_here(tmp_path: Path) -> None:
    with Drawer(tmp_path, helpers=0) as drawer:
        drawer.draw(fr_stats.plot("gender"))
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            f"gender.{f}" for f in export.FORMATS
        )
        assert drawer.finish() == {"gender": export.FORMATS}


@linux
def test_a_helper_only_when_a_processor_is_free(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.4, 0.4))
    assert helpers_available() == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (1.6, 1.6, 1.6))  # both processors busy
    assert helpers_available() == 0
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})  # one processor
    assert helpers_available() == 0


def test_no_helper_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert helpers_available() == 0


def _in_helper_only(parent: int, action: Callable[[], None]) -> Callable[..., dict[str, bytes]]:
    """A chart_files that runs ``action`` first when called in a helper, then draws."""
    real = export.chart_files

    def files(chart: Chart, style: object = None) -> dict[str, bytes]:
        import os

        if os.getpid() != parent:
            action()
        return real(chart)

    return files


@linux
def test_an_interrupt_while_waiting_ends_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during finish() is a KeyboardInterrupt here, and the helper is ended and reaped."""
    import os
    import signal
    import time

    monkeypatch.setattr(export, "chart_files", _in_helper_only(os.getpid(), lambda: time.sleep(30)))

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with pytest.raises(KeyboardInterrupt), Drawer(tmp_path, helpers=1) as drawer:
            drawer.draw(fr_stats.plot("gender"))
            (pid,) = drawer._running
            signal.setitimer(signal.ITIMER_REAL, 0.5)
            drawer.finish()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert drawer._running == {}
    with pytest.raises(ChildProcessError):  # reaped: no such child any more
        os.waitpid(pid, os.WNOHANG)


@linux
def test_a_stuck_helper_is_ended_and_its_chart_drawn_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    from fr_stats.report import drawing

    monkeypatch.setattr(drawing, "HELPER_TIMEOUT", 0.5)
    monkeypatch.setattr(export, "chart_files", _in_helper_only(os.getpid(), lambda: time.sleep(30)))
    chart = fr_stats.plot("gender")
    with Drawer(tmp_path, helpers=1) as drawer:
        drawer.draw(chart)
        assert drawer.finish() == {chart.name: export.FORMATS}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{chart.name}.{f}" for f in export.FORMATS
    )


@linux
def test_a_helper_killed_by_a_signal_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(export, "chart_files", _in_helper_only(os.getpid(), die))
    with Drawer(tmp_path, helpers=1) as drawer:
        drawer.draw(fr_stats.plot("gender"))
        with pytest.raises(
            RuntimeError, match=r"'gender' stopped without a word \(it was ended by signal 9\)"
        ):
            drawer.finish()


@linux
def test_an_unexpected_error_in_a_helper_says_what_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(chart: Chart, style: object = None) -> dict[str, bytes]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(export, "chart_files", broken)
    with Drawer(tmp_path, helpers=1) as drawer:
        drawer.draw(fr_stats.plot("gender"))
        with pytest.raises(RuntimeError, match="ZeroDivisionError: division by zero"):
            drawer.finish()


def test_no_helper_while_another_thread_runs() -> None:
    """A lock another thread holds at the moment of a fork would stay held in the helper."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert helpers_available() == 0
    finally:
        stop.set()
        other.join()
