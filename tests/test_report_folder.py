"""The report folder: what ``report --out`` may replace, the swap, signals, kills, links.

The folder logic is what is tested here, so most tests stub the charts
(``chart_files``) with a few bytes each; the real report is built in
``test_report.py``.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from fr_stats.errors import ForeignFilesError
from fr_stats.figures import export, folder
from fr_stats.figures.export import FORMATS
from fr_stats.figures.folder import MANIFEST, atomic_folder
from fr_stats.report import LEGACY_FILES, build_report

ROOT = Path(__file__).resolve().parent.parent
FOREIGN = {
    "notes.txt": b"my notes\n",
    "blog/2024/post.md": b"# A post\n",
    ".git/HEAD": b"ref: refs/heads/main\n",
    "CNAME": b"example.org\n",
}

# A report build in a child process, with the charts stubbed. argv: OUT TAG KILL_AT SIGNAL.
# It prints each progress step; at step KILL_AT it sends itself SIGNAL.
DRIVER = """
import os, signal, sys
from fr_stats.figures import export

out, tag, kill_at, signame = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def tiny(chart, style=None):
    return {f: f"<svg>{tag} {chart.name}</svg>".encode() for f in export.FORMATS}

def progress(step, done, total):
    print(done, flush=True)
    if done == kill_at:
        os.kill(os.getpid(), getattr(signal, signame))

export.chart_files = tiny
from fr_stats.report import build_report
build_report(out, progress=progress)
"""

Tree = dict[str, bytes]


def _tree(folder: Path) -> Tree:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _tiny_chart_files(tag: str) -> Callable[..., dict[str, bytes]]:
    def tiny(chart: object, style: object = None) -> dict[str, bytes]:
        name = getattr(chart, "name")  # noqa: B009 - any Chart
        return {f: f"<svg>{tag} {name}</svg>".encode() for f in FORMATS}

    return tiny


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Tree:
    """A previous report (stubbed charts), as files and bytes."""
    out = tmp_path_factory.mktemp("previous") / "report"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(export, "chart_files", _tiny_chart_files("old"))
        build_report(out)
    return _tree(out)


def _plant(folder: Path, files: Tree) -> None:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)


def _leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def _is_complete(folder: Path) -> bool:
    """A whole report: every file its manifest lists is there, and the page is whole."""
    listed = (folder / MANIFEST).read_text().splitlines()[1:]
    return (
        bool(listed)
        and all((folder / f).is_file() for f in listed)
        and ((folder / "index.html").read_text().endswith("</html>\n"))
    )


def _run_driver(
    out: Path, tag: str, kill_at: int = -1, signame: str = "SIGKILL"
) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(out), tag, str(kill_at), signame],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


# --------------------------------------------------------------------------- #
# What may be replaced
# --------------------------------------------------------------------------- #


def test_foreign_files_are_refused_and_kept(
    previous: Tree, cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    _plant(out, previous)
    _plant(out, FOREIGN)
    before = _tree(out)
    r = cli("report", "--out", str(out))
    assert r.exit_code == 2, r.output
    assert r.stderr.splitlines() == [
        f"Error: '{out}' holds other files; refusing to replace it "
        "(not written by fr-stats: .git/, CNAME, blog/ and 1 more)",
        "Hint: Move those files elsewhere, or choose a new or empty folder.",
    ]
    assert _tree(out) == before  # every file, the user's and the report's, byte for byte
    assert _leftovers(tmp_path, "site") == []


@pytest.mark.parametrize(
    "extra",
    [
        {"figures/mine.svg": b"<svg/>"},  # a file in a folder the report writes
        {"figures/drafts/a.txt": b"a"},  # a folder inside one
        {"index.html.bak": b"old page"},
    ],
    ids=["file-in-figures", "folder-in-figures", "backup"],
)
def test_any_unlisted_file_is_refused(previous: Tree, tmp_path: Path, extra: Tree) -> None:
    out = tmp_path / "report"
    _plant(out, previous | extra)
    (name,) = extra
    shown = name if name.count("/") < 2 else name.rsplit("/", 1)[0] + "/"
    with pytest.raises(ForeignFilesError, match=f"not written by fr-stats: {shown}\\)"):
        build_report(out)
    assert _tree(out) == previous | extra


def test_a_link_inside_is_refused(previous: Tree, tmp_path: Path) -> None:
    out = tmp_path / "report"
    _plant(out, previous)
    (tmp_path / "elsewhere").mkdir()
    (out / "figures" / "linked").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ForeignFilesError, match=r"fr-stats: figures/linked\)"):
        build_report(out)


def test_a_manifest_fr_stats_did_not_write_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "report"
    _plant(out, {MANIFEST: b"notes.txt\n", "notes.txt": b"mine"})
    with pytest.raises(ForeignFilesError, match="is not a list of files fr-stats wrote"):
        build_report(out)
    assert (out / "notes.txt").read_bytes() == b"mine"


def _replace_with(out: Path, payload: Tree, **kwargs: object) -> None:
    with atomic_folder(out, **kwargs) as temp:  # type: ignore[arg-type]
        _plant(temp, payload)


def test_a_previous_report_is_replaced_and_listed(previous: Tree, tmp_path: Path) -> None:
    out = tmp_path / "report"
    _plant(out, previous)
    _replace_with(out, {"index.html": b"new</html>\n", "figures/a.svg": b"<svg/>"})
    assert _tree(out) == {
        MANIFEST: previous[MANIFEST].split(b"\n")[0] + b"\nfigures/a.svg\nindex.html\n",
        "figures/a.svg": b"<svg/>",
        "index.html": b"new</html>\n",
    }
    assert _leftovers(tmp_path, "report") == []
    # A report may lose files it listed (a user deleted one): still replaceable.
    (out / "figures" / "a.svg").unlink()
    _replace_with(out, {"index.html": b"newer</html>\n"})
    assert (out / "index.html").read_bytes() == b"newer</html>\n"


def test_the_manifest_lists_every_file(previous: Tree) -> None:
    lines = previous[MANIFEST].decode().split("\n")
    assert lines[0].startswith("# fr-stats wrote the files below")
    assert lines[-1] == ""
    assert lines[1:-1] == sorted(set(previous) - {MANIFEST})


def test_a_report_without_manifest_is_recognised_by_its_exact_files(tmp_path: Path) -> None:
    old = {f: b"x</html>\n" for f in LEGACY_FILES}
    out = tmp_path / "report"
    _plant(out, old)
    _replace_with(out, {"index.html": b"new</html>\n"}, markers=LEGACY_FILES)
    assert sorted(_tree(out)) == [MANIFEST, "index.html"]
    # One file missing, or one more: not provably a report, so refused.
    for changed in ({f: b for f, b in old.items() if f != "README.md"}, old | {"CNAME": b"x"}):
        shutil.rmtree(out)
        _plant(out, changed)
        with pytest.raises(ForeignFilesError, match="refusing to replace it"):
            _replace_with(out, {}, markers=LEGACY_FILES)
        assert _tree(out) == changed


def test_the_committed_reports_folder_can_be_rebuilt_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", out, symlinks=True)  # with or without its manifest
    monkeypatch.setattr(export, "chart_files", _tiny_chart_files("new"))
    result = build_report(out)
    assert sorted(_tree(out)) == list(result.files)
    assert _is_complete(out)


def test_missing_and_empty_folders_are_fine(tmp_path: Path) -> None:
    for out in (tmp_path / "new" / "report", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        _replace_with(out, {"index.html": b"x"})
        assert sorted(_tree(out)) == [MANIFEST, "index.html"]


# --------------------------------------------------------------------------- #
# Links
# --------------------------------------------------------------------------- #


def test_a_link_is_followed_and_kept(
    previous: Tree,
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    target = site / "report"
    _plant(target, previous)
    link = tmp_path / "latest"
    link.symlink_to(target)
    monkeypatch.setattr(export, "chart_files", _tiny_chart_files("new"))
    r = cli("report", "--out", str(link), "--quiet")
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert (target / "figures" / "studies.svg").read_bytes() == b"<svg>new studies</svg>"
    assert _is_complete(target)
    assert _leftovers(site, "report") == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "latest",
        "site",
    ]
    # The folder the link points to is checked like any other.
    _plant(target, {"notes.txt": b"mine"})
    r = cli("report", "--out", str(link), "--quiet")
    assert r.exit_code == 2, r.output
    assert "(not written by fr-stats: notes.txt)" in r.stderr
    assert (target / "notes.txt").read_bytes() == b"mine"


# --------------------------------------------------------------------------- #
# The swap, signals and killed runs
# --------------------------------------------------------------------------- #


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux only")
def test_the_swap_is_one_exchange_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report"
    _replace_with(out, {"index.html": b"old"})
    renames: list[tuple[str, str]] = []
    real_rename = os.rename
    monkeypatch.setattr(os, "rename", lambda a, b: (renames.append((a, b)), real_rename(a, b)))
    _replace_with(out, {"index.html": b"new"})
    assert (out / "index.html").read_bytes() == b"new"
    assert renames == []  # no moment without a report at `out`


def test_the_fallback_swap_replaces_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folder, "_exchange", lambda a, b: False)
    out = tmp_path / "report"
    _replace_with(out, {"index.html": b"old"})
    _replace_with(out, {"index.html": b"new"})
    assert _tree(out)["index.html"] == b"new"
    assert _leftovers(tmp_path, "report") == []


def test_a_run_killed_inside_the_fallback_swap_is_repaired(tmp_path: Path) -> None:
    out = tmp_path / "report"
    _replace_with(out, {"index.html": b"old</html>\n"})
    old = _tree(out)
    # Without renameat2 the swap takes two renames; kill the process between them.
    script = f"""
import os, signal
from pathlib import Path
from fr_stats.figures import folder
folder._exchange = lambda a, b: False
rename = os.rename
def killing_rename(a, b):
    rename(a, b)
    if Path(b).name == "previous":
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = killing_rename
with folder.atomic_folder({str(out)!r}) as temp:
    (temp / "index.html").write_bytes(b"new</html>\\n")
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert not out.exists()  # the documented window of the fallback
    (box,) = _leftovers(tmp_path, "report")
    assert _tree(tmp_path / box / "previous") == old
    # The next run puts the previous report back before anything else.
    with pytest.raises(RuntimeError, match="injected"), atomic_folder(out):
        raise RuntimeError("injected")
    assert _tree(out) == old
    assert _leftovers(tmp_path, "report") == []


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_clean_up(previous: Tree, tmp_path: Path, signame: str) -> None:
    out = tmp_path / "report"
    _plant(out, previous)
    proc = _run_driver(out, "new", kill_at=3, signame=signame)
    stdout, stderr = proc.communicate()
    assert proc.returncode == -getattr(signal, signame), stderr
    assert stdout.split() == ["0", "1", "2", "3"]  # it was mid-build
    assert _tree(out) == previous
    assert _leftovers(tmp_path, "report") == []


def test_signal_handlers_are_set_only_during_the_build(tmp_path: Path) -> None:
    def mine(signum: int, frame: object) -> None:  # pragma: no cover - never called
        pass

    old_term = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    old_hup = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    old_int = signal.signal(signal.SIGINT, mine)
    try:
        with atomic_folder(tmp_path / "out"):
            during = [signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)]
        after = [signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)]
    finally:
        signal.signal(signal.SIGTERM, old_term)
        signal.signal(signal.SIGHUP, old_hup)
        signal.signal(signal.SIGINT, old_int)
    assert callable(during[0])  # SIGTERM now cleans up
    assert during[1:] == [signal.SIG_IGN, mine]  # an ignored SIGHUP and the caller's own are kept
    assert after == [signal.SIG_DFL, signal.SIG_IGN, mine]


@pytest.fixture
def stale_box(previous: Tree, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A report folder beside the temporary folder a SIGKILLed build left."""
    out = tmp_path / "report"
    _plant(out, previous)
    proc = _run_driver(out, "new", kill_at=3)
    _, stderr = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, stderr
    (box,) = _leftovers(tmp_path, "report")
    yield out, box


def test_the_next_run_removes_what_killed_runs_left(
    stale_box: tuple[Path, str], previous: Tree, tmp_path: Path
) -> None:
    import fcntl

    out, box = stale_box
    assert _tree(out) == previous
    # A look-alike without the marker is not ours; a copy whose marker is locked is alive.
    _plant(tmp_path / ".report.lookalike.tmp", {"keep.txt": b"keep"})
    shutil.copytree(tmp_path / box, tmp_path / ".report.alive123.tmp")
    (marker,) = [p for p in (tmp_path / ".report.alive123.tmp").iterdir() if p.is_file()]
    with marker.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(RuntimeError), atomic_folder(out):
            raise RuntimeError("injected")
        assert _leftovers(tmp_path, "report") == [".report.alive123.tmp", ".report.lookalike.tmp"]
    _replace_with(out, {"index.html": b"x"})
    assert _leftovers(tmp_path, "report") == [".report.lookalike.tmp"]
    assert (tmp_path / ".report.lookalike.tmp" / "keep.txt").read_bytes() == b"keep"


@pytest.mark.slow
def test_sigkill_at_random_moments_always_leaves_a_whole_report(
    previous: Tree, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    rng = random.Random(20240611)
    states: list[Tree] = []
    leftovers = 0
    for _ in range(4):
        shutil.rmtree(out, ignore_errors=True)
        _plant(out, previous)
        # Kill at a random step, most often the last one (the swap), plus a random delay.
        kill_after = rng.choice([0, 4, 9, 9, 9])
        delay = rng.uniform(0.0, 0.05)
        proc = _run_driver(out, "new")
        assert proc.stdout is not None
        for line in proc.stdout:
            if int(line) >= kill_after:
                break
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
        proc.communicate()
        assert _is_complete(out)
        states.append(_tree(out))
        leftovers += len(_leftovers(tmp_path, "report"))
    assert leftovers > 0  # some runs died with their temporary folder in place
    finished = _run_driver(out, "new")
    _, stderr = finished.communicate()
    assert finished.returncode == 0, stderr
    new = _tree(out)
    assert new != previous
    assert all(state in (previous, new) for state in states)
    assert _leftovers(tmp_path, "report") == []
