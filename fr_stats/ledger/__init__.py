"""The claims ledger: what was printed about the studies, checked against their numbers.

Each claim is a verbatim quote with who said it, where and when, the studies
it concerns and the check that applies. :func:`claims` runs every check and
gives each claim one of four verdicts, a one-line reason and the numbers
behind it:

``supported``
    the published numbers show what the claim says;
``not supported``
    the numbers do not show it (for example a change too small to detect);
``inconsistent``
    the stated figure does not match the published counts;
``cannot be checked``
    a number the check needs was never published (the reason names it).

The claims table (``data/claims.csv``)
--------------------------------------
One row per claim. Users add their own with ``--data FILE``: a CSV file with
the same header (a ``said_by`` column tells fr-stats it is a claims table).

==============  ==============================================================
column          meaning
==============  ==============================================================
``id``          lowercase letters, digits and single hyphens; unique
``quote``       the claim, verbatim (required)
``said_by``     who said it (required)
``url``         where it was said; **empty** when no copy was found (the
                ``notes`` then say so); never a guess
``date``        when it was said: ``YYYY-MM-DD`` or ``YYYY-MM``; may be empty
``retrieved``   when the quote was checked against a copy (``YYYY-MM-DD``);
                empty when it was not
``studies``     the study ids it concerns, ``;``-separated; ``ID@THRESHOLD``
                picks another threshold (``comparitech2020@95``)
``check``       ``change``, ``no-change``, ``disparity``, ``zero``,
                ``arithmetic`` or ``threshold``
``figure``      the stated number as written: ``40``, ``5`` (one in five),
                ``99.9997``, ``13000000``, ``95`` (a threshold)
``form``        ``percent``, ``one-in-n`` or ``count`` (arithmetic);
                ``advised`` or ``used`` (threshold)
``qualifier``   one of :data:`QUALIFIERS` (arithmetic); empty for a plain figure
``quantity``    what the figure describes (arithmetic): ``rate`` (false
                matches / tested), ``share`` (a subgroup's false matches /
                all false matches), ``accuracy-per-comparison``
                (1 − false matches / (tested × gallery)), ``comparisons``
                (tested × gallery); for a live-facial-recognition result
                ``alerts`` (false alerts / alerts) or ``faces-scanned``
                (false alerts / faces scanned)
``subgroup``    the subgroup (``people of color``) for ``share`` and ``disparity``
``margin``      the equivalence margin in percentage points (``no-change``)
``direction``   ``increase`` or ``decrease`` of the false-match rate (``change``)
``notes``       provenance and caveats, in words
==============  ==============================================================

Which parameters each check takes (any other parameter must be empty):

* ``change``: exactly two studies, A then B (B is compared with A); ``direction``.
* ``no-change``: exactly two studies; ``margin``.
* ``disparity``: one study; ``subgroup``.
* ``zero``: one or more studies (their zeros are added up).
* ``arithmetic``: one study; ``figure``, ``form``, optional ``qualifier``,
  ``quantity`` (``rate`` when empty), ``subgroup`` for ``share``.
* ``threshold``: one or more studies; ``figure`` (a threshold in percent) and
  ``form``: ``advised`` (what the studies show at or above the advised
  threshold, against the default they used) or ``used`` (did every study use
  this threshold?).

The checks
----------
* **change**: :func:`fr_stats.compare` (B − A with Newcombe's interval, Fisher's
  exact test). Supported when the change is statistically detectable
  (two-sided p < 0.05) and goes the stated way.
* **no-change**: an equivalence test (:mod:`fr_stats.stats.equivalence`):
  supported when the 90% Newcombe interval of B − A, the interval family
  ``compare`` uses, lies inside ±margin; Schuirmann's two one-sided score
  tests (TOST) give the p-value beside it. The interval's ends are the
  largest decrease and increase the data cannot rule out. A margin of half
  the smaller rate or more is refused.
* **disparity**: :func:`fr_stats.disparity` (exact binomial test of the
  subgroup's share of the false matches against its share of the people
  tested). Supported when the one-sided p < 0.05 for every population share
  the published figure could have been rounded from.
* **zero**: the one-sided exact upper bound a zero allows; ``cannot be
  checked`` when the number tested was never published.
* **arithmetic** (GRIM-style): "X percent" holds when the rate rounds to X at
  the precision X is written with; "one in N" holds when N is the whole number
  nearest to tested ÷ false matches; a figure that is the value truncated
  (not rounded) at its precision is consistent too, and the reason says so.
  A qualifier (:data:`QUALIFIERS`) needs the value on its side of the figure
  and within the figure's rounding or within :data:`TOLERANCE` of it (for a
  percentage above 50, of its distance from 100%, and the reason says how many
  points that is).
  A whole number ending in zero (``40``) is read as rounded to its last
  non-zero digit (the nearest 10 for percentages, at most), the most lenient
  reading the text allows; the result at the finer reading is reported too.
* **threshold**: ``used``: did every study use this threshold? ``advised``:
  always ``cannot be checked``, since advice weighs false matches against
  missed true matches and only the first were measured; the reason and
  numbers give the false-match evidence at and below the threshold.

Every check uses a 95% confidence level (5% tests).

The package
-----------
:mod:`.table` (the claims table: columns, parsing, validation),
:mod:`.rounding` (the rounding arithmetic, pure numbers), :mod:`.facts` (the
numbers each check rests on, as frozen dataclasses), one module per family of
checks (:mod:`.change`, :mod:`.disparity`, :mod:`.bounds`, :mod:`.arithmetic`)
and :mod:`.run` (:func:`claims`, :func:`check_claim`). Every reason is worded by
:mod:`fr_stats.words.claims`.
"""

from .result import ClaimCheck, ClaimsResult, Facts, Outcome
from .rounding import steps as _steps
from .run import CHECKERS, check_claim, claims
from .table import (
    CANNOT,
    CHECKS,
    CLAIM_COLUMNS,
    DIRECTIONS,
    FORMS,
    INCONSISTENT,
    LEVEL,
    LIVE_QUANTITIES,
    NOT_SUPPORTED,
    PARAMETERS,
    QUALIFIERS,
    QUANTITIES,
    SUPPORTED,
    TOLERANCE,
    VERDICTS,
    Claim,
    read_claims,
)

__all__ = [
    "CANNOT",
    "CHECKERS",
    "CHECKS",
    "CLAIM_COLUMNS",
    "DIRECTIONS",
    "FORMS",
    "INCONSISTENT",
    "LEVEL",
    "LIVE_QUANTITIES",
    "NOT_SUPPORTED",
    "PARAMETERS",
    "QUALIFIERS",
    "QUANTITIES",
    "SUPPORTED",
    "TOLERANCE",
    "VERDICTS",
    "Claim",
    "ClaimCheck",
    "ClaimsResult",
    "Facts",
    "Outcome",
    "_steps",
    "check_claim",
    "claims",
    "read_claims",
]
