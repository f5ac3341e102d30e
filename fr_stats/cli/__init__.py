# ruff: noqa: I001  (the import order is the order of the commands in --help)
"""The ``fr-stats`` command line: a thin layer over the library.

Each ``*_cmd`` module registers its commands on :data:`app` when imported.
They are imported here, explicitly, in the order a user needs them, which is
the order ``fr-stats --help`` lists them: list and show, ci, compare, power,
disparity, pool, claims, plot, report.
"""

from . import (  # noqa: F401  (imported for their commands)
    studies_cmd,
    ci_cmd,
    compare_cmd,
    power_cmd,
    disparity_cmd,
    pool_cmd,
    claims_cmd,
    plot_cmd,
    report_cmd,
)
from .app import app, main
from .group import FrStatsCommand

for _info in app.registered_commands:  # every command's usage line names its arguments plainly
    _info.cls = FrStatsCommand

__all__ = ["app", "main"]
