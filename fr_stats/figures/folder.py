"""A folder of outputs written whole or not at all, and never over what fr-stats did not write.

:func:`atomic_folder` builds the new folder beside the old one and swaps them
in one step (``renameat2(RENAME_EXCHANGE)`` on Linux, two renames elsewhere,
repaired by the next run); a manifest (:data:`MANIFEST`) lists what fr-stats
wrote, so a folder holding anything else is refused rather than replaced.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import cast

from ..errors import ForeignFilesError, OutputError


def write_files(files: Mapping[Path, bytes]) -> None:
    """Write several files, each through a temporary file, all or none.

    Every file is first written in full to a temporary name beside its
    target; only when all are written are they moved into place. A failure
    while writing removes the temporary files and leaves every target as it
    was.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(target, data), target))
        for temp, target in staged:
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise OutputError(f"cannot write '{target}': {_reason(exc)}") from None
    finally:
        for temp, _ in staged:
            Path(temp).unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    write_files({target: data})


def _stage(target: Path, data: bytes) -> str:
    """``data`` written to a temporary file beside ``target``; its path."""
    folder = target.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"cannot write '{target}': the folder '{folder}' {what}")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write to the folder '{folder}': {_reason(exc)}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o666 & ~_umask())
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write '{target}': {_reason(exc)}") from None
    return temp


MANIFEST = ".fr-stats-report"
"""The file in an output folder that lists every file fr-stats wrote there."""

_MANIFEST_HEADER = (
    "# fr-stats wrote the files below; a new run replaces this folder only while it holds "
    "nothing else"
)
_PARTIAL = ".fr-stats-partial"
_PARTIAL_TEXT = (
    b"fr-stats: an unfinished output folder; the next run into the same place removes it\n"
)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@contextmanager
def atomic_folder(target: str | Path, *, markers: Collection[str] = ()) -> Iterator[Path]:
    """Build a folder in a temporary sibling and swap it in when the block succeeds.

    The block fills the folder it is given. When it succeeds, a manifest
    (:data:`MANIFEST`) listing every file in it is added and the folder
    takes the place of ``target``. When it raises, or SIGINT, SIGTERM or
    SIGHUP arrives, the temporary folder is removed and ``target`` is left
    as it was.

    Parameters
    ----------
    target
        The output folder. A symbolic link is followed: the folder it points
        to is replaced and the link itself is kept.
    markers
        The exact set of files (POSIX paths relative to ``target``) of a
        previous output written before outputs carried a manifest.

    Raises
    ------
    ForeignFilesError
        When ``target`` holds anything a previous output did not write;
        nothing is deleted.
    OutputError
        When ``target`` is a file or cannot be written.

    Notes
    -----
    **What may be replaced.** A missing or empty folder; a folder holding
    only files its manifest lists (and the folders that contain them); a
    folder without a manifest that holds exactly ``markers``. Anything else
    (a file the manifest does not list, another folder, a link, a manifest
    fr-stats did not write) is refused.

    **The swap.** On Linux, ``renameat2(RENAME_EXCHANGE)`` exchanges the new
    folder and ``target`` in one system call, so ``target`` holds the whole
    previous output or the whole new one at every instant. Elsewhere, or on
    a file system without the call, two renames are used: a process killed
    between them leaves ``target`` missing and the previous output in
    ``.NAME.XXXXXXXX.tmp/previous``, and the next run puts it back.

    **Leftovers.** The temporary folder ``.NAME.XXXXXXXX.tmp`` beside
    ``target`` holds a marker file, locked while its run lives. A run first
    removes the temporary folders that killed runs left: only those whose
    name has that form and whose marker has its exact text and is not
    locked. Where file locks are unavailable (Windows), they are left alone.
    SIGTERM and SIGHUP, when they have their default action, are caught
    during the block: the temporary folder is removed, the previous handlers
    are restored and the signal is delivered again, so the process ends as
    it would have.
    """
    shown = Path(target)
    real = _resolve(shown)
    _check_ancestors(shown, real)
    _clear_stale(real)
    _check_replaceable(shown, real, frozenset(markers))
    with _signals_interrupt():
        box, lock = _new_box(shown, real)
        try:
            work = box / "out"
            yield work
            _write_manifest(work)
            _swap(work, real, shown)
        finally:
            _discard(box, real)
            os.close(lock)


def _resolve(shown: Path) -> Path:
    try:
        return shown.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links
        raise OutputError(f"cannot follow '{shown}': {exc}") from None


def _check_ancestors(shown: Path, real: Path) -> None:
    for ancestor in [real, *real.parents]:
        if ancestor.exists() and not ancestor.is_dir():
            if ancestor == real:
                raise OutputError(f"'{shown}' is a file, not a folder; choose another --out")
            raise OutputError(f"cannot write to '{shown}': '{ancestor}' is a file, not a folder")


def _check_replaceable(shown: Path, real: Path, markers: frozenset[str]) -> None:
    """Refuse unless ``real`` is missing, empty or a previous output (see :func:`atomic_folder`)."""
    if not real.is_dir():
        return
    try:
        if not any(real.iterdir()):
            return
        listed = _read_manifest(shown, real)
        foreign = _foreign(real, markers if listed is None else listed | {MANIFEST})
        missing = sorted(m for m in markers if not (real / m).is_file())
    except OSError as exc:
        raise OutputError(f"cannot read '{shown}': {_reason(exc)}") from None
    refusal = f"'{shown}' holds other files; refusing to replace it"
    hint = "Move those files elsewhere, or choose a new or empty folder."
    if foreign:
        shown_names = ", ".join(foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        raise ForeignFilesError(f"{refusal} (not written by fr-stats: {shown_names})", hint=hint)
    if listed is None and missing:
        raise ForeignFilesError(
            f"{refusal} (it has no {MANIFEST} and lacks {missing[0]}, so it is not "
            "a previous output of fr-stats)",
            hint=hint,
        )


def _read_manifest(shown: Path, real: Path) -> frozenset[str] | None:
    """The files listed in ``real``'s manifest, or ``None`` when it has none."""
    path = real / MANIFEST
    if not os.path.lexists(path):
        return None
    lines = path.read_bytes().decode(errors="replace").split("\n") if _plain_file(path) else []
    if not lines or lines[0] != _MANIFEST_HEADER:
        raise ForeignFilesError(
            f"'{shown / MANIFEST}' is not a list of files fr-stats wrote; refusing to replace "
            f"'{shown}'",
            hint="Move it elsewhere, or choose a new or empty folder.",
        )
    return frozenset(line for line in lines[1:] if line)


def _plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _foreign(root: Path, allowed: frozenset[str]) -> list[str]:
    """What ``root`` holds beyond ``allowed`` files and the folders that lead to them, sorted.

    A foreign folder is named once, with a slash, and not opened; links are
    always foreign (fr-stats never writes one).
    """
    folders = {f.rsplit("/", i)[0] for f in allowed for i in range(1, f.count("/") + 1)}
    found: list[str] = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if rel in folders:
                        pending.append((Path(entry.path), rel + "/"))
                    else:
                        found.append(rel + "/")
                elif rel not in allowed or not entry.is_file(follow_symlinks=False):
                    found.append(rel)
    return sorted(found)


def _write_manifest(work: Path) -> None:
    files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if _plain_file(p))
    lines = [_MANIFEST_HEADER, *(f for f in files if f != MANIFEST), ""]
    write_bytes(work / MANIFEST, "\n".join(lines).encode())


def _new_box(shown: Path, real: Path) -> tuple[Path, int]:
    """A marked, locked temporary folder beside ``real`` with an empty ``out`` inside."""
    box: Path | None = None
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        box = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent))
        lock = os.open(box / _PARTIAL, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        _lock(lock, wait=True)  # before the text, so no run takes it for a dead one's
        os.write(lock, _PARTIAL_TEXT)
        (box / "out").mkdir()
        os.chmod(box / "out", 0o777 & ~_umask())
    except OSError as exc:
        if box is not None:
            shutil.rmtree(box, ignore_errors=True)
        raise OutputError(f"cannot write to '{shown}': {_reason(exc)}") from None
    return box, lock


def _clear_stale(real: Path) -> None:
    """Remove the temporary folders that killed runs into ``real`` left behind."""
    pattern = re.compile(rf"\.{re.escape(real.name)}\.[a-z0-9_]+\.tmp")
    try:
        boxes = [p for p in real.parent.iterdir() if pattern.fullmatch(p.name)]
    except OSError:
        return
    for box in sorted(boxes):
        _clear_box(box, real)


def _clear_box(box: Path, real: Path) -> None:
    try:
        marker = os.open(box / _PARTIAL, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return  # not ours, or not a folder
    try:
        ours = not box.is_symlink() and os.read(marker, 4096) == _PARTIAL_TEXT
        if ours and _lock(marker, wait=False):  # locked: its run is alive
            _discard(box, real)
    except OSError:
        pass  # left for a later run
    finally:
        os.close(marker)


def _discard(box: Path, real: Path) -> None:
    """Remove a temporary folder, first putting back a previous output it holds in its place."""
    previous = box / "previous"
    if not os.path.lexists(real) and previous.is_dir() and not previous.is_symlink():
        try:
            os.rename(previous, real)  # interrupted between the two renames of the fallback
        except OSError:
            return  # kept: the next run puts it back
    shutil.rmtree(box, ignore_errors=True)


def _lock(fd: int, *, wait: bool) -> bool:
    """Lock ``fd`` for this process; ``False`` when another holds it or locks are unavailable."""
    if sys.platform == "win32":  # pragma: no cover - no flock on Windows
        return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def _swap(work: Path, real: Path, shown: Path) -> None:
    """Put ``work`` in the place of ``real``; what was there ends up beside ``work``."""
    try:
        if not os.path.lexists(real):
            os.rename(work, real)
        elif not _exchange(work, real):
            os.rename(real, work.parent / "previous")
            os.rename(work, real)  # interrupted before this: _discard puts the previous one back
    except OSError as exc:
        raise OutputError(f"cannot replace '{shown}': {_reason(exc)}") from None


def _exchange(a: Path, b: Path) -> bool:
    """Exchange ``a`` and ``b`` in one step; ``False`` where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system without it
        return False
    raise OSError(err, os.strerror(err), str(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """Linux ``renameat2`` from the C library, or ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # pragma: no cover - a C library without it
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return cast("Callable[..., int]", func)


class _Terminated(KeyboardInterrupt):
    """Raised by the SIGTERM and SIGHUP handlers :func:`atomic_folder` installs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """Make SIGTERM and SIGHUP raise, like SIGINT, while the block runs.

    Only signals with their default action are caught (a handler of the
    caller's, or ``nohup``'s ignored SIGHUP, is left alone). When one
    arrives, the block's cleanup runs, the default action is restored and
    the signal is delivered again.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    names = ("SIGTERM", "SIGHUP")
    signums = [getattr(signal, n) for n in names if hasattr(signal, n)]
    caught = [s for s in signums if signal.getsignal(s) == signal.SIG_DFL]

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signum)

    for signum in caught:
        signal.signal(signum, handler)
    try:
        yield
    except _Terminated as exc:
        _restore(caught)
        signal.raise_signal(exc.signum)
        raise  # pragma: no cover - the default action ended the process
    finally:
        _restore(caught)


def _restore(signums: list[int]) -> None:
    for signum in signums:
        signal.signal(signum, signal.SIG_DFL)


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
