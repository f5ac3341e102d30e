"""Start-up stays light: the help, version, completion, list and show paths import no heavy library."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("scipy", "statsmodels", "pandas", "matplotlib")

PROBE = """
import json, sys
from fr_stats.cli import main
sys.argv = ["fr-stats", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "statsmodels", "pandas", "matplotlib"})
print("\\nLOADED=" + json.dumps(loaded))
"""


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[list[str], str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    marker = result.stdout.rsplit("LOADED=", 1)
    assert len(marker) == 2, result.stdout + result.stderr
    return list(json.loads(marker[1])), marker[0]


def _loaded(args: list[str]) -> list[str]:
    return _run(args)[0]


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["compare", "--help"], ["report", "--help"]]
)
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    assert _loaded(args) == []


def test_shell_completion_imports_nothing_heavy() -> None:
    env = {"_FR_STATS_COMPLETE": "complete_bash", "COMP_WORDS": "fr-stats sh", "COMP_CWORD": "1"}
    loaded, out = _run([], env)
    assert out.split() == ["show"]
    assert loaded == []


@pytest.mark.parametrize("args", [["list"], ["show", "aclu2018"], ["list", "--format", "json"]])
def test_list_and_show_import_no_scipy_statsmodels_matplotlib(args: list[str]) -> None:
    assert set(_loaded(args)) <= {"pandas"}
