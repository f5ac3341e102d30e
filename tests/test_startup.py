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


# The default statistics import no scipy either: the normal distribution, Brent's
# root finder, Wilson, Katz, chi-square, Fisher and the binomial test are computed
# without it (importing scipy.stats took 1.3-1.8 s, where the rest takes about 0.4 s).
DEFAULT_PATHS = [
    ["ci", "aclu2018"],
    ["ci", "comparitech2020@95"],
    ["ci", "0/530"],
    ["ci", "530/530", "--level", "0.9999"],
    ["ci", "28/535", "--method", "wilson-cc"],
    ["compare", "aclu2018", "comparitech2020"],
    ["compare", "28/535", "32/530", "--format", "json"],
    ["compare", "0/530", "5/530", "--format", "csv"],
    ["compare", "0/530", "0/535"],
    ["compare", "28/535", "32/530", "--method", "newcombe-cc"],
    ["power", "aclu2018", "comparitech2020"],
    ["power", "--p1", "0.052", "--n", "535"],
    ["power", "--p1", "0.05", "--p2", "0.06", "--n", "1000"],
    ["disparity", "aclu2018"],
    ["disparity", "aclu2018", "--format", "json"],
]


@pytest.mark.parametrize("args", DEFAULT_PATHS, ids=" ".join)
def test_default_statistics_import_nothing_heavy(args: list[str]) -> None:
    loaded, out = _run(args)
    assert "Error" not in out and out.strip(), out
    assert loaded == []


# Methods chosen by name may import scipy, never statsmodels, pandas or matplotlib.
SCIPY_PATHS = [
    ["ci", "28/535", "--method", "exact"],
    ["ci", "28/535", "--method", "mid-p"],
]


@pytest.mark.parametrize("args", SCIPY_PATHS, ids=" ".join)
def test_scipy_methods_import_no_statsmodels_pandas_matplotlib(args: list[str]) -> None:
    loaded, out = _run(args)
    assert "Error" not in out and out.strip(), out
    assert set(loaded) <= {"scipy"}


LIBRARY_PROBE = """
import json, sys
import fr_stats
fr_stats.ci("aclu2018")
fr_stats.ci("0/530")
fr_stats.ci("530/530", level=0.9999)
fr_stats.compare("aclu2018", "comparitech2020")
fr_stats.compare("28/535", "32/530", level=0.9)
fr_stats.compare("0/530", "0/535")
fr_stats.power(("aclu2018", "comparitech2020"))
fr_stats.power(p1=0.052, n=535)
fr_stats.disparity("aclu2018")
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"scipy", "statsmodels", "pandas", "matplotlib"})
print("LOADED=" + json.dumps(loaded))
"""


def test_library_defaults_import_nothing_heavy() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LIBRARY_PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.rsplit("LOADED=", 1)[1].strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["ci", "28/535", "--method", "jeffreys"],
        ["compare", "28/535", "32/530", "--method", "wald"],
        ["compare", "28/535", "32/530", "--ratio-method", "score"],
    ],
    ids=" ".join,
)
def test_statsmodels_methods_still_load_it(args: list[str]) -> None:
    loaded, out = _run(args)
    assert "Error" not in out and out.strip(), out
    assert "statsmodels" in loaded
