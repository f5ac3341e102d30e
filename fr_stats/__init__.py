"""fr-stats: re-analyse published studies of face-recognition misidentification.

The public API is imported lazily, so that ``import fr_stats`` (and the
command line's ``--help``) stay fast:

>>> import fr_stats
>>> fr_stats.study("aclu2018").rate  # doctest: +ELLIPSIS
0.0523...
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__

_LAZY = {
    "load": "fr_stats.studies",
    "studies": "fr_stats.studies",
    "study": "fr_stats.studies",
    "parse_count": "fr_stats.studies",
    "Study": "fr_stats.studies",
    "Fact": "fr_stats.studies",
    "Catalog": "fr_stats.studies",
    "GenderResult": "fr_stats.studies",
    "FrStatsError": "fr_stats.errors",
    "InputError": "fr_stats.errors",
    "DataFileError": "fr_stats.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'fr_stats' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
