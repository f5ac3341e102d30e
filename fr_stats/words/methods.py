"""Plain names of the statistical methods, for tables readers see.

Scripts get the short codes (``newcombe``, ``chi2-yates``) in JSON and CSV;
tables and Markdown show these names instead.
"""

from __future__ import annotations

PLAIN: dict[str, str] = {
    "wilson": "Wilson score",
    "wilson-cc": "Wilson, corrected",
    "exact": "Clopper–Pearson exact",
    "mid-p": "Clopper–Pearson mid-p",
    "jeffreys": "Jeffreys",
    "agresti-coull": "Agresti–Coull",
    "wald": "Wald",
    "newcombe": "Newcombe score",
    "newcombe-cc": "Newcombe, corrected",
    "agresti-caffo": "Agresti–Caffo",
    "katz": "Katz log",
    "adjusted-log": "adjusted log",
    "score": "score",
    "conditional": "conditional (exact)",
    "woolf": "Woolf log",
    "chi2": "chi-square",
    "chi2-yates": "chi-square, Yates",
    "fisher": "Fisher exact",
    "boschloo": "Boschloo exact",
}


def plain(method: str) -> str:
    """``'Newcombe hybrid score'`` for ``'newcombe'``; an unknown code as it is."""
    return PLAIN.get(method, method)
