"""Whole-process timings of the command line, written to benchmarks/RESULTS.md.

Each benchmark runs a command several times after a warm-up and reports the
median with min and max. Where a target is a ratio, both sides are measured in
the same run, alternating, so that machine load affects them alike. These are
benchmarks, not tests: nothing fails on timing; the table says whether each
target holds.

Usage: python benchmarks/run.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
BIN = Path(sys.executable).parent
FR_STATS = str(BIN / "fr-stats")
PY = sys.executable
R_RUNS = 7
"""Timed runs of each side of the comparison with R (the R script is the slower to vary)."""


@dataclass(frozen=True)
class Timing:
    label: str
    times: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def summary(self) -> str:
        return f"{self.median:.3f} s (min {min(self.times):.3f}, max {max(self.times):.3f})"


def _run_once(argv: Sequence[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=WORK, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-300:]}"
        )
    return elapsed


def time_pair(a: Sequence[str], b: Sequence[str], runs: int) -> tuple[Timing, Timing]:
    """Time two commands alternately after one warm-up run of each."""
    _run_once(a)
    _run_once(b)
    ta: list[float] = []
    tb: list[float] = []
    for _ in range(runs):
        ta.append(_run_once(a))
        tb.append(_run_once(b))
    return Timing(" ".join(a), tuple(ta)), Timing(" ".join(b), tuple(tb))


def time_one(argv: Sequence[str], runs: int, *, warm_up: bool = True) -> Timing:
    if warm_up:
        _run_once(argv)
    return Timing(" ".join(argv), tuple(_run_once(argv) for _ in range(runs)))


def growth(grown: Timing, base: Timing, added: int) -> str:
    """How a build grew with ``added`` studies: the ratio, and the time each added study took."""
    per_study = 1000 * (grown.median - base.median) / added
    return (
        f"{grown.median / base.median:.2f}× the bundled build, {per_study:.0f} ms per added study"
    )


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def machine(load: float) -> str:
    """The machine a row was measured on, with its load at that moment (other work skews times)."""
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}, "
        f"Python {platform.python_version()}, load {load:.1f}"
    )


def r_version(rscript: str) -> str:
    done = subprocess.run([rscript, "--version"], capture_output=True, text=True, check=False)
    words = (done.stdout or done.stderr).split()
    return f"R {words[words.index('version') + 1]}" if "version" in words else "R"


def synthetic_studies(path: Path, count: int, seed: int = 20181) -> Path:
    """A valid studies table of ``count`` made-up results (clearly labelled synthetic)."""
    sys.path.insert(0, str(ROOT))
    from fr_stats.catalog import STUDY_COLUMNS

    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=STUDY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for i in range(count):
            n = rng.randint(100, 5000)
            k = rng.randint(0, n // 8)
            row = dict.fromkeys(STUDY_COLUMNS, "")
            row.update(
                id=f"synthetic{i:04d}",
                threshold="80",
                subgroup="all",
                label=f"Synthetic study {i}",
                citation="Synthetic (benchmark)",
                population="synthetic probes",
                task="face-matching",
                system="synthetic",
                publisher="benchmark generator",
                published="2025-01-01",
                tested=str(n),
                tested_kind="reported",
                tested_quote=f"synthetic: {n} probes",
                false_matches=str(k),
                false_matches_kind="reported",
                false_matches_quote=f"synthetic: {k} false matches",
                threshold_kind="reported",
                threshold_quote="synthetic: 80% threshold",
            )
            writer.writerow(row)
    return path


def compile_bytecode() -> None:
    """Write fr-stats' bytecode first, as an installed package (and any first run) has it.

    pip compiles the libraries when it installs them; an editable install of
    fr-stats writes its bytecode on first use unless PYTHONDONTWRITEBYTECODE
    is set, and then every timed run would compile fr-stats from source while
    its baselines (typer, R) start from compiled code.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    package = ROOT / "fr_stats"
    subprocess.run([PY, "-m", "compileall", "-q", str(package)], env=env, check=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (default 10)")
    parser.add_argument("--quick", action="store_true", help="3 runs each, for a smoke test")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    WORK.mkdir(exist_ok=True)
    compile_bytecode()
    synthetic_200 = synthetic_studies(WORK / "synthetic200.csv", 200)
    synthetic_1000 = synthetic_studies(WORK / "synthetic1000.csv", 1000)
    ids_1000 = [f"synthetic{i:04d}" for i in range(1000)]

    rows: list[tuple[str, str, str, str, str, str]] = []
    loads: list[float] = []

    def here() -> str:
        loads.append(load_average())
        return machine(loads[-1])

    def ratio_row(
        name: str,
        a: Sequence[str],
        b: Sequence[str],
        target: float,
        n_runs: int = runs,
        also: str = "",
    ) -> None:
        ta, tb = time_pair(a, b, n_runs)
        ratio = ta.median / tb.median
        verdict = "holds" if ratio <= target else f"misses by {100 * (ratio / target - 1):.0f}%"
        rows.append(
            (
                name,
                here() + also,
                ta.summary(),
                tb.summary(),
                f"{ratio:.2f}× (target ≤ {target}×; median of {n_runs})",
                verdict,
            )
        )
        print(f"{name}: {ratio:.2f}× — {verdict}", flush=True)

    def absolute_row(
        name: str,
        argv: Sequence[str],
        target: float | None,
        note: str = "",
        *,
        warm_up: bool = True,
    ) -> Timing:
        t = time_one(argv, max(3, runs // 3), warm_up=warm_up)
        verdict = (
            note
            if target is None
            else ("holds" if t.median <= target else f"misses: {t.median:.1f} s")
        )
        rows.append(
            (
                name,
                here(),
                t.summary(),
                "",
                "" if target is None else f"target ≤ {target} s",
                verdict,
            )
        )
        print(f"{name}: {t.summary()} — {verdict}", flush=True)
        return t

    ratio_row(
        "`fr-stats --help` vs `import typer`", [FR_STATS, "--help"], [PY, "-c", "import typer"], 1.5
    )
    rscript = shutil.which("Rscript")
    compare_r = "`compare aclu2018 comparitech2020` vs `Rscript benchmarks/compare.R`"
    if rscript is None:
        rows.append((compare_r, here(), "", "", "target ≤ 3×", "not run: Rscript not found"))
        print(f"{compare_r}: not run, Rscript not found", flush=True)
    else:
        ratio_row(
            compare_r,
            [FR_STATS, "compare", "aclu2018", "comparitech2020"],
            [rscript, str(HERE / "compare.R")],
            3.0,
            n_runs=3 if args.quick else R_RUNS,
            also=f", {r_version(rscript)}",
        )
    ratio_row(
        "`compare` at n = 10^9 vs n = 535",
        [FR_STATS, "compare", "100000/1000000000", "130000/1000000000"],
        [FR_STATS, "compare", "28/535", "32/530"],
        1.1,
    )
    out = WORK / "report"
    base = absolute_row(
        "`report` on the bundled data", [FR_STATS, "report", "--out", str(out), "--quiet"], 6.0
    )
    for added, table in ((200, synthetic_200), (1000, synthetic_1000)):
        # The bundled build warmed the caches; a build this size needs no warm-up run.
        grown = absolute_row(
            f"`report` with {added:,} synthetic studies added",
            [FR_STATS, "report", "--out", str(out), "--quiet", "--data", str(table)],
            None,
            "growth measured",
            warm_up=False,
        )
        rows[-1] = (*rows[-1][:5], growth(grown, base, added))
    absolute_row(
        "`pool` over 1,000 synthetic studies",
        [FR_STATS, "pool", *ids_1000, "--data", str(synthetic_1000), "--format", "json"],
        None,
        "measured",
    )
    shutil.rmtree(out, ignore_errors=True)
    busy = max(loads) > (os.cpu_count() or 1)

    lines = [
        "# Benchmarks",
        "",
        "Whole-process wall-clock times from `make bench` (`benchmarks/run.py`): "
        f"{runs} timed runs after a warm-up ({R_RUNS if not args.quick else 3} for the "
        "comparison with R), median (min, max). Ratios compare two commands timed "
        "alternately in the same run, so that load on the machine affects both alike; the "
        "machine column gives the one-minute load average when the row was measured. "
        "The report is also built with 200 and 1,000 synthetic studies added: the time each "
        "added study takes should be the same at both sizes (growth in a straight line).",
        "",
        "The R baseline, `benchmarks/compare.R`, reads the same two counts from "
        "`data/studies.csv` and runs `prop.test` (with and without continuity correction) "
        "and `fisher.test`; fr-stats computes those and more (intervals, three effect "
        "sizes, power, a verdict and caveats)."
        + " fr-stats' bytecode is written before the runs, as an installed package has it."
        + (
            " The load average exceeded the number of cores during this run (other work on "
            "the machine): the absolute times are inflated and noisy."
            if busy
            else ""
        ),
        "",
        "| benchmark | machine | fr-stats | baseline | ratio / target | result |",
        "|---|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
