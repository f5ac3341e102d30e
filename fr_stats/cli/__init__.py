"""The ``fr-stats`` command line: a thin layer over the library.

Every module in this package named ``*_cmd`` registers its commands on
:data:`app` when imported; they are imported here in name order.
"""

import importlib
import pkgutil

from .app import app, main

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.endswith("_cmd")):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["app", "main"]
