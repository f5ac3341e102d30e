"""What a user types instead of an id: counts ``K/N`` and the threshold of ``ID@THRESHOLD``."""

from __future__ import annotations

import re

from ..errors import InputError
from ..reading import MAX_COUNT, NumberError, parse_number, shown
from .records import Fact, Study

_COUNT_REF = re.compile(r"^\s*(?P<k>[^/]*)/(?P<n>[^/]*)\s*$")


def _parse_threshold(ref: str, text: str) -> float:
    cleaned = text.strip().rstrip("%")
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(
            f"'{ref}': '{text}' is not a threshold; write it in percent, e.g. comparitech2020@95"
        ) from None
    if not 0 <= value <= 100:
        raise InputError(f"'{ref}': a threshold is a percentage from 0 to 100, not {text}")
    return value


def parse_count(text: str) -> Study:
    """An ad-hoc result typed as ``K/N`` (``32/530``: 32 false matches among 530 probes).

    Raises
    ------
    InputError
        With a message that says what is wrong with the count.
    """
    match = _COUNT_REF.match(text)
    if not match:
        raise InputError(
            f"'{shown(text)}' is not a count; write false matches / tested, e.g. 32/530"
        )
    k = _whole(text, match["k"], "false matches")
    n = _whole(text, match["n"], "tested")
    if n == 0:
        raise InputError(f"'{text}': the number tested must be at least 1")
    if k > n:
        raise InputError(f"'{text}': {k} false matches cannot exceed the {n} tested")
    ref = f"{k}/{n}"
    return Study(
        id=ref,
        subgroup="all",
        label=f"{k:,} of {n:,}",
        citation="counts typed by the user",
        population="ad-hoc counts",
        system="unspecified",
        publisher="user input",
        published="",
        url="",
        retrieved="",
        tested=Fact(n, "reported", ref, "typed on the command line"),
        false_matches=Fact(k, "reported", ref, "typed on the command line"),
        adhoc=True,
    )


def _whole(ref: str, text: str, what: str) -> int:
    raw = text.strip()
    try:
        value = parse_number(raw, integer=True)
    except NumberError as exc:
        if exc.reason == "too large":
            raise InputError(
                f"'{shown(ref)}': the number of {what} is larger than {MAX_COUNT:.0e}"
            ) from None
        if exc.reason == "not whole":
            raise InputError(
                f"'{ref}': the number of {what} must be a whole number, not {raw}"
            ) from None
        if exc.reason == "commas":
            raise InputError(
                f"'{ref}': '{raw}' has a misplaced comma; commas may only separate "
                "thousands (1,000)"
            ) from None
        raise InputError(
            f"'{shown(ref)}': '{shown(raw or '(nothing)')}' is not a number of {what}; "
            "write K/N, e.g. 32/530"
        ) from None
    assert isinstance(value, int)  # parse_number(integer=True) gives an int
    if value < 0:
        raise InputError(f"counts cannot be negative: {ref}")
    if value > MAX_COUNT:
        raise InputError(f"'{ref}': the number of {what} is larger than {MAX_COUNT:.0e}")
    return value
