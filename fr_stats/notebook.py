"""How a result looks in a notebook: its verdict, then a compact table.

The verdict (or, for a claim, the verdict and its reason) comes first, in
the words the command line prints; then the result's table
(``to_frame()`` where the result has one, otherwise its numbers), rounded
for reading. Full precision stays in ``to_dict()`` and ``to_frame()``.
All text is escaped: a label from a data file cannot inject HTML.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from typing import Any

from .render import md_escape


def verdict_of(result: Any) -> str:
    """The sentence a reader should see first, or ``''``."""
    verdict = getattr(result, "verdict", "")
    reason = getattr(result, "reason", "")
    if reason:
        return f"{verdict}: {reason}"
    return str(verdict or "")


def rows_of(result: Any) -> tuple[list[str], list[list[str]]]:
    """A header and rows of display text."""
    if hasattr(result, "to_frame"):
        frame = result.to_frame()
        header = [str(c) for c in frame.columns]
        rows = [[_cell(v) for v in record] for record in frame.itertuples(index=False)]
        return header, rows
    return ["quantity", "value"], [[k, _cell(v)] for k, v in _scalars(result.to_dict())]


def _scalars(data: Any, prefix: str = "") -> Iterable[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _scalars(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list) and not any(isinstance(v, dict | list) for v in data):
        yield prefix, "; ".join(str(v) for v in data)
    elif isinstance(data, list):
        for i, value in enumerate(data, start=1):
            yield from _scalars(value, f"{prefix}[{i}]")
    else:
        yield prefix, data


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        return f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    try:  # pandas' missing value
        import pandas as pd

        if value is pd.NA:
            return "—"
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return str(value)


def to_html(result: Any) -> str:
    """A ``<div>`` with the verdict in a ``<p>`` and the table."""
    header, rows = rows_of(result)
    esc = html.escape
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    verdict = verdict_of(result)
    lead = f"<p><strong>{esc(verdict)}</strong></p>" if verdict else ""
    return (
        f'<div class="fr-stats-result">{lead}<table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def to_markdown(result: Any) -> str:
    """The verdict in bold, then a Markdown table."""
    header, rows = rows_of(result)
    lines = []
    verdict = verdict_of(result)
    if verdict:
        lines += [f"**{md_escape(verdict)}**", ""]
    lines.append("| " + " | ".join(md_escape(h) for h in header) + " |")
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
