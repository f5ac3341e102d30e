"""Charts drawn in a helper process: the same files as drawn here, and errors come back."""

from __future__ import annotations

import sys
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


def test_helpers_only_where_fork_is_safe_and_useful() -> None:
    assert helpers_available() in (0, 1)
    if not sys.platform.startswith("linux"):
        assert helpers_available() == 0


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
