"""Footnotes for table cells: a column that repeats the same words becomes a note.

A method column (``wilson (95%)`` on every row) is the first thing to
overflow a narrow page. Written once under the table and pointed to by a
superscript letter in the cell it explains, it costs no width.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

MARKS = "ᵃᵇᶜᵈᵉᶠᵍʰ"
"""Footnote marks, in order; a table with more methods than this numbers the rest."""

_METHOD_WORDS = {
    "wilson": "Wilson score interval",
    "newcombe": "Newcombe's hybrid score interval",
}


def footnoted(
    records: Iterable[Mapping[str, Any]], key: str, into: str = "interval_text"
) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...]]:
    """Records whose ``into`` cell ends in a mark for its ``key`` (the method), and the notes.

    A method column repeats the same words on every row and is the first
    thing to overflow a narrow page; as a footnote it is written once.
    """
    notes: dict[str, str] = {}
    out = []
    for record in records:
        row = dict(record)
        method = str(row.get(key) or "")
        if method:
            first, _, rest = method.partition(" ")
            method = " ".join(filter(None, (_METHOD_WORDS.get(first, first), rest)))
            if method not in notes:
                n = len(notes)
                notes[method] = MARKS[n] if n < len(MARKS) else f"[{n + 1}]"
            row[into] = f"{row.get(into) or ''}{notes[method]}"
        out.append(row)
    return tuple(out), tuple(
        f"{mark} {method[:1].upper()}{method[1:]}." for method, mark in notes.items()
    )
