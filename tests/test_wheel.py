"""Installed from a wheel and run from any folder, fr-stats still finds its bundled data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from this checkout and install it (without dependencies) into a folder."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (work / "dist").glob("fr_stats-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "fr_stats/_data/studies.csv" in names
    assert "fr_stats/_data/README.md" in names
    site = work / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    return site


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_wheel_uses_its_own_data_from_any_folder(installed: Path, tmp_path: Path) -> None:
    probe = _run(
        installed,
        tmp_path,
        "-c",
        "import fr_stats, fr_stats.catalog as s; print(fr_stats.__file__); print(s.data_dir())",
    )
    assert probe.returncode == 0, probe.stderr
    module_file, folder = probe.stdout.splitlines()
    assert module_file.startswith(str(installed)), "the test must exercise the installed wheel"
    assert folder == str(installed / "fr_stats" / "_data")

    listing = _run(installed, tmp_path, "-m", "fr_stats", "list", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    rows = {r["id"]: r for r in json.loads(listing.stdout)["studies"]}
    assert (rows["aclu2018"]["false_matches"], rows["aclu2018"]["tested"]) == (28, 535)
