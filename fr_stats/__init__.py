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
    "load": "fr_stats.catalog",
    "studies": "fr_stats.catalog",
    "study": "fr_stats.catalog",
    "parse_count": "fr_stats.catalog",
    "Study": "fr_stats.catalog",
    "Fact": "fr_stats.catalog",
    "Catalog": "fr_stats.catalog",
    "GenderResult": "fr_stats.catalog",
    # statistics (one call per command)
    "ci": "fr_stats.analysis.intervals",
    "compare": "fr_stats.analysis.compare",
    "disparity": "fr_stats.analysis.disparity",
    "pool": "fr_stats.analysis.pool",
    "power": "fr_stats.analysis.power",
    # claims, figures, report
    "claims": "fr_stats.ledger",
    "plot": "fr_stats.figures",
    "build_report": "fr_stats.report",
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
