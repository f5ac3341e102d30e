"""Loading the bundled tables and any ``--data`` files into one cross-checked :class:`Catalog`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataFileError
from ..tasks import FACE_MATCHING, GENDER_CLASSIFICATION, LIVE_FACIAL_RECOGNITION
from .kinds import data_dir, table_kinds
from .lookup import Catalog
from .records import Study, _fmt_threshold, _threshold_key
from .table import _read_text

if TYPE_CHECKING:
    import pandas as pd


def _load_file(path: Path, catalog_parts: dict[str, list[Any]]) -> None:
    """Read one user table, deciding from its header which kind of table it is."""
    text = _read_text(path)
    try:
        first = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:  # _read_table reports it with its place
        first = []
    header = {h.strip() for h in first}
    kinds = table_kinds()
    kind = next((k for k in kinds if k.marker is not None and k.marker in header), kinds[-1])
    catalog_parts.setdefault(kind.kind, []).extend(kind.read(path, text))


def _check_catalog(parts: dict[str, list[Any]]) -> None:
    owner: dict[str, str] = {}
    seen: dict[tuple[str, str, str], Study] = {}
    for study in parts["studies"]:
        first_file = owner.setdefault(study.id, study.origin)
        if first_file != study.origin:
            raise DataFileError(
                study.origin,
                f"id '{study.id}' is already used in {first_file}; choose another id",
                row=study.row,
                column="id",
            )
        key = (study.id, _fmt_threshold(study.threshold.value), study.subgroup)
        if key in seen:
            raise DataFileError(
                study.origin,
                f"duplicate result: id '{study.id}', threshold {study.threshold_label}, "
                f"subgroup '{study.subgroup}' appears twice (first at row {seen[key].row})",
                row=study.row,
                column="id",
            )
        seen[key] = study
    _check_ids_apart(parts)
    known = {s.id for s in parts["studies"]}
    for study in parts["studies"]:
        for part in study.combines:
            if part not in known:
                raise DataFileError(
                    study.origin, f"names unknown study '{part}'", row=study.row, column="combines"
                )


def _check_ids_apart(parts: dict[str, list[Any]]) -> None:
    """An id names one task's result: never two tasks, never two live rows."""
    tasks = {
        FACE_MATCHING: {s.id: s for s in parts["studies"]},
        GENDER_CLASSIFICATION: {g.id: g for g in parts["gender"]},
        LIVE_FACIAL_RECOGNITION: {},
    }
    for result in parts["live"]:
        first = tasks[LIVE_FACIAL_RECOGNITION].setdefault(result.id, result)
        if first is not result:
            raise DataFileError(
                result.origin,
                f"id '{result.id}' appears twice (first in {first.origin}, row {first.row})",
                row=result.row,
                column="id",
            )
    names = list(tasks)
    for i, task in enumerate(names):
        for other in names[i + 1 :]:
            clash = sorted(set(tasks[task]) & set(tasks[other]))
            if clash:
                found = tasks[task][clash[0]]
                raise DataFileError(
                    getattr(found, "origin", ""),
                    f"id '{clash[0]}' is used by both a {task} and a {other} result",
                    row=getattr(found, "row", None) or None,
                    column="id",
                )


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Catalog:
    folder = data_dir()
    parts: dict[str, list[Any]] = {"studies": [], "gender": [], "contradictions": [], "live": []}
    order = {k.kind: k for k in table_kinds()}
    bundled = [
        folder / order[k].bundled
        for k in ("studies", "gender", "contradictions", "live", "claims")
        if (folder / order[k].bundled).is_file()
    ]
    for path in bundled:
        _load_file(path, parts)
    for name in extra:
        _load_file(Path(name), parts)
    _check_catalog(parts)
    lowest: dict[str, float] = {}
    for s in parts["studies"]:
        lowest[s.id] = min(lowest.get(s.id, 101.0), _threshold_key(s))
    parts["studies"] = [
        s if _threshold_key(s) == lowest[s.id] else replace(s, default=False)
        for s in parts["studies"]
    ]
    files = tuple(str(p) for p in bundled) + extra
    core = {"studies", "gender", "contradictions", "live"}
    return Catalog(
        studies=tuple(parts["studies"]),
        gender=tuple(parts["gender"]),
        contradictions=tuple(parts["contradictions"]),
        live=tuple(parts["live"]),
        files=files,
        extra={k: tuple(v) for k, v in parts.items() if k not in core},
    )


def load(data: Iterable[str | Path] = ()) -> Catalog:
    """Load the bundled tables plus any user tables given in ``data``.

    Parameters
    ----------
    data
        Paths of extra CSV tables in the documented format. A clash with a
        bundled id (same id, threshold and subgroup) is an error.

    Returns
    -------
    Catalog
        The validated results; cached per set of files.
    """
    return _load(tuple(str(p) for p in data))


def studies(data: Iterable[str | Path] = (), *, subgroups: bool = True) -> pd.DataFrame:
    """Every face-matching result as a pandas DataFrame.

    Examples
    --------
    >>> import fr_stats
    >>> df = fr_stats.studies()
    >>> df.loc[df["id"] == "aclu2018", ["false_matches", "tested"]].values.tolist()[0]
    [28, 535]
    """
    return load(data).to_frame(subgroups=subgroups)


def study(ref: str, data: Iterable[str | Path] = ()) -> Study:
    """The result a user would type as ``ref``: ``aclu2018``, ``comparitech2020@95`` or ``28/535``."""
    return load(data).resolve(ref)
