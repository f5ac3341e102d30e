"""Results that display themselves in Jupyter.

Every result class of fr-stats mixes in :class:`Displayable`: a notebook
shows it as a compact table with its verdict on top (``_repr_html_``), and
``_repr_markdown_`` gives the same for Markdown front ends. The rendering
itself lives in :mod:`fr_stats.notebook` and is imported only when a
notebook asks for it.
"""

from __future__ import annotations


class Displayable:
    """Mixin: ``_repr_html_`` and ``_repr_markdown_`` from the result's own fields."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        from .notebook import to_html

        return to_html(self)

    def _repr_markdown_(self) -> str:
        from .notebook import to_markdown

        return to_markdown(self)
