"""Does a quote contain the number it is cited for?

Every count in ``data/`` carries a verbatim quote. A quote "contains" a number
when the number appears in it as digits (``25,000``, ``1,429``, ``8.66%``), as
digits with a scale word (``1M``, ``13 million``) or as an English number word
(``six``, ``zero``). The words that are not always counts are read as one
only in phrases that state a count: ``no`` before a counted noun, with up
to two words between (``no incorrect matches``, ``no false positives``;
the nouns are listed in ``_COUNTED``), or ``none of``, for 0; ``one of``,
``one in``, ``one out of`` or ``only one`` for 1. So "no evidence", "no
one" and "one day" state no number. A derived count carries
its formula in the quote column, and the formula must state the result.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_WORDS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "m": 1_000_000, "billion": 1_000_000_000}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(thousand|million|billion)\b|(M)\b)?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
_COUNTED = (
    "matches|positives|negatives|misidentifications|misclassifications|errors|mistakes|"
    "alerts|hits|arrests|people|persons|members|lawmakers|legislators|politicians|athletes|"
    "faces|photos|images|results"
)
_ZERO_PHRASE = re.compile(
    rf"\bno\s+(?:[a-z-]+\s+){{0,2}}?(?:{_COUNTED})\b|\bnone\s+of\b", re.IGNORECASE
)
_ONE_PHRASE = re.compile(r"(?<!\bno )\bone\s+(?:of|in|out\s+of)\b|\bonly\s+one\b", re.IGNORECASE)


def numbers_in(text: str) -> set[Decimal]:
    """Every number a reader would see in ``text``.

    Examples
    --------
    >>> sorted(numbers_in("28 of 535 members, 25,000 photos, six of them"))
    [Decimal('6'), Decimal('28'), Decimal('535'), Decimal('25000')]
    """
    found: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        whole, fraction, scale_word, scale_m = match.groups()
        try:
            value = Decimal(whole.replace(",", "") + (fraction or ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            continue
        found.add(value)
        scale = (scale_word or scale_m or "").lower()
        if scale:
            found.add(value * _SCALES[scale])
    for word in _WORD.findall(text):
        if word.lower() in _WORDS:
            found.add(Decimal(_WORDS[word.lower()]))
    if _ZERO_PHRASE.search(text):
        found.add(Decimal(0))
    if _ONE_PHRASE.search(text):
        found.add(Decimal(1))
    return found


def quote_contains(quote: str, value: int | float) -> bool:
    """True when ``quote`` states ``value`` (see the module docstring)."""
    return Decimal(str(value)).normalize() in {n.normalize() for n in numbers_in(quote)}
