"""The ``fr-stats`` command line: a thin layer over the library."""

from . import studies_cmd  # noqa: F401  (registers list, show)
from .app import app, main

__all__ = ["app", "main"]
