"""Shared fixtures: the CLI runner, a tidy matplotlib, fixed seeds."""

from __future__ import annotations

from collections.abc import Callable, Iterator

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
