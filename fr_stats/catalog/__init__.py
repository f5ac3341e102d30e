"""Loading, validating and looking up the published results.

The bundled tables live in ``data/`` (see ``data/README.md`` for the format).
This package reads them with the standard library's ``csv`` module, so listing
and showing studies never imports pandas, scipy or matplotlib. Every rule of
the format is checked here, and a broken file is refused with its file, row,
column and the rule it breaks.

- :mod:`.records`: :class:`Fact`, :class:`Study`, :class:`GenderResult`, :class:`Contradiction`.
- :mod:`.table`: reading one CSV table strictly (known columns, whole rows).
- :mod:`.columns`: each table's columns, and each row checked into its record.
- :mod:`.kinds`: :func:`table_kinds`, the one registry of table kinds, and :func:`data_dir`.
- :mod:`.refs`: counts typed as ``K/N`` and the threshold of ``ID@THRESHOLD``.
- :mod:`.lookup`: :class:`Catalog`, which resolves what a user types.
- :mod:`.loading`: :func:`load`, the bundled tables plus ``--data`` files, cross-checked.
"""

from __future__ import annotations

from .columns import (
    _ID,
    CONTRADICTION_COLUMNS,
    GENDER_COLUMNS,
    STUDY_COLUMNS,
    _common,
    _fact,
)
from .kinds import TableKind, data_dir, table_kinds
from .loading import load, studies, study
from .lookup import Catalog
from .records import _NO_FACT, KINDS, Contradiction, Fact, GenderResult, Study
from .refs import parse_count
from .table import _read_table, _read_text, _Row

__all__ = [
    "CONTRADICTION_COLUMNS",
    "GENDER_COLUMNS",
    "KINDS",
    "STUDY_COLUMNS",
    "_ID",
    "_NO_FACT",
    "Catalog",
    "Contradiction",
    "Fact",
    "GenderResult",
    "Study",
    "TableKind",
    "_Row",
    "_common",
    "_fact",
    "_read_table",
    "_read_text",
    "data_dir",
    "load",
    "parse_count",
    "studies",
    "study",
    "table_kinds",
]
