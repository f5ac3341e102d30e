"""Shared fixtures: the CLI runner, a tidy matplotlib, the report of the bundled data."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from fr_stats.cli import app


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``fr-stats ARGS...`` in-process; ``result.stdout`` / ``result.stderr`` are separate."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close("all")


@pytest.fixture(scope="session")
def bundled_report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The report of the bundled data, built once for the whole run and shared by every worker.

    Building it takes seconds, and a dozen tests only read it: the first worker
    to ask builds it under a lock, the others wait and read the same folder.
    Tests must not change it (copy it first). The progress steps of the build
    are kept beside it, in ``bundled-report.steps.json``.
    """
    import fcntl

    from fr_stats.report import build_report

    base = tmp_path_factory.getbasetemp()
    root = base.parent if hasattr(request.config, "workerinput") else base
    out = root / "bundled-report"
    steps_file = root / "bundled-report.steps.json"
    with open(root / "bundled-report.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not steps_file.exists():
            steps: list[tuple[str, int, int]] = []
            build_report(out, progress=lambda s, d, t: steps.append((s, d, t)))
            steps_file.write_text(json.dumps(steps), encoding="utf-8")
    return out
