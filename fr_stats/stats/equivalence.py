"""Did nothing change? Equivalence of two rates within a margin.

"Nothing changed" is a claim of its own: it needs the data to rule out every
change larger than a stated margin. The test is the same interval family as
``fr-stats compare``: Newcombe's hybrid score interval for the difference,
at 90%: the interval lying inside the margin decides (the interval form of
Schuirmann's two one-sided 5% tests). The one-sided p-values come from the
score test (statsmodels' ``tost_proportions_2indep(method="score")``, the
Miettinen–Nurminen statistic), a different interval family, so near the
edge of the margin the two can disagree; the wording then says so.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

from .common import Reason
from .effects import difference

LEVEL = 0.90
"""Two one-sided tests at 5% each correspond to a 90% interval."""


@dataclass(frozen=True)
class Equivalence:
    """Whether ``k1/n1 - k2/n2`` lies within ``±margin``.

    Attributes
    ----------
    difference
        ``k1/n1 - k2/n2``.
    margin
        The equivalence margin, as a proportion (0.02 for ±2 points).
    low, high
        The 90% Newcombe interval of the difference: a decrease larger than
        ``-low`` and an increase larger than ``high`` are ruled out.
    shown
        The interval lies strictly inside ``(-margin, margin)``: the rule
        that decides "no change larger than the margin".
    pvalue, pvalue_lower, pvalue_upper
        The TOST p-value (the larger of the two one-sided score tests) and
        the two: H0 difference <= -margin, H0 difference >= +margin; ``None``
        where the score statistic is undefined (``reason`` is
        :attr:`~fr_stats.stats.common.Reason.SCORE_TEST_UNDEFINED`).
    """

    difference: float
    margin: float
    low: float
    high: float
    shown: bool
    pvalue: float | None
    pvalue_lower: float | None
    pvalue_upper: float | None
    reason: Reason | None = None

    @property
    def smallest_margin_shown(self) -> float:
        """The narrowest symmetric margin these data could show equivalence for."""
        return max(abs(self.low), abs(self.high))

    def to_dict(self) -> dict[str, Any]:
        """The numbers; :func:`fr_stats.words.notes.equivalence_dict` adds ``method``, ``note``."""
        return {
            "difference": self.difference,
            "margin": self.margin,
            "shown": self.shown,
            "pvalue": self.pvalue,
            "pvalue_lower": self.pvalue_lower,
            "pvalue_upper": self.pvalue_upper,
            "ci": {"low": self.low, "high": self.high, "level": LEVEL, "method": "newcombe"},
            "ruled_out": {
                "decrease_larger_than": max(0.0, -self.low),
                "increase_larger_than": max(0.0, self.high),
            },
            "smallest_margin_shown": self.smallest_margin_shown,
        }


def equivalence(k1: int, n1: int, k2: int, n2: int, margin: float) -> Equivalence:
    """Two one-sided tests that ``k1/n1 - k2/n2`` lies within ``±margin``.

    Parameters
    ----------
    k1, n1, k2, n2
        False matches and probes tested in the later (1) and earlier (2) study.
    margin
        The equivalence margin as a proportion, above 0.

    Examples
    --------
    >>> r = equivalence(32, 530, 28, 535, 0.02)
    >>> round(r.high, 4), r.shown
    (0.0318, False)
    """
    est = difference(k2, n2, k1, n1, method="newcombe", level=LEVEL)
    assert est.estimate is not None and est.low is not None and est.high is not None
    p_lower = p_upper = pvalue = None
    reason = None
    from statsmodels.stats.proportion import tost_proportions_2indep

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        tost = tost_proportions_2indep(
            k1, n1, k2, n2, -margin, margin, method="score", compare="diff"
        )
    values = [float(tost.results_larger.pvalue), float(tost.results_smaller.pvalue)]
    if all(math.isfinite(v) for v in values):
        p_lower, p_upper = values
        pvalue = max(values)
    else:
        reason = Reason.SCORE_TEST_UNDEFINED
    return Equivalence(
        difference=est.estimate,
        margin=margin,
        low=est.low,
        high=est.high,
        shown=-margin < est.low and est.high < margin,
        pvalue=pvalue,
        pvalue_lower=p_lower,
        pvalue_upper=p_upper,
        reason=reason,
    )
