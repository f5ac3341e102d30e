"""The kinds of table fr-stats reads, registered in one place, and where the bundled ones are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .columns import (
    CONTRADICTION_COLUMNS,
    GENDER_COLUMNS,
    STUDY_COLUMNS,
    _parse_contradiction,
    _parse_gender,
    _parse_study,
)
from .table import _read_table

_BUNDLED_FILES = {
    "studies": "studies.csv",
    "gender": "gender_classification.csv",
    "contradictions": "contradictions.csv",
    "live": "live_facial_recognition.csv",
}


def data_dir() -> Path:
    """The folder of bundled tables: ``fr_stats/_data`` in a wheel, ``data/`` in a checkout."""
    packaged = resources.files("fr_stats") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class TableKind:
    """One kind of table fr-stats reads.

    Attributes
    ----------
    kind
        Where its records go: ``Catalog.studies``, ``.gender``,
        ``.contradictions``, or ``Catalog.extra[kind]``.
    marker
        A header column only this kind of table has; ``None`` for the
        default kind (face-matching studies).
    bundled
        The file name of the bundled table in ``data/``.
    read
        ``read(path, text)``: the validated records of one file.
    """

    kind: str
    marker: str | None
    bundled: str
    read: Callable[[Path, str], list[Any]]


def table_kinds() -> tuple[TableKind, ...]:
    """Every kind of table, registered here and only here; the default kind last.

    Every command loads every kind, so a ``--data`` file of any kind is
    accepted wherever ``--data`` is, and each command uses what it needs.
    """
    from ..ledger import read_claims  # the claims format lives beside its checks
    from ..live import read_live  # live facial recognition: false alerts among alerts

    return (
        TableKind("live", "alerts", _BUNDLED_FILES["live"], read_live),
        TableKind(
            "gender",
            "error_rate",
            _BUNDLED_FILES["gender"],
            lambda path, text: [_parse_gender(r) for r in _read_table(path, GENDER_COLUMNS, text)],
        ),
        TableKind(
            "contradictions",
            "value_other",
            _BUNDLED_FILES["contradictions"],
            lambda path, text: [
                _parse_contradiction(r) for r in _read_table(path, CONTRADICTION_COLUMNS, text)
            ],
        ),
        TableKind("claims", "said_by", "claims.csv", read_claims),
        TableKind(
            "studies",
            None,
            _BUNDLED_FILES["studies"],
            lambda path, text: [_parse_study(r) for r in _read_table(path, STUDY_COLUMNS, text)],
        ),
    )
