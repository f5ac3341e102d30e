"""How a change from A to B is worded: verdict, headline and like-for-like warnings.

Every sentence about a change starts from one :class:`~fr_stats.stats.compare.Finding`
(detected or not, which way, borderline or not) and one
:class:`~fr_stats.comparability.Comparability` (like for like or not, and
why). A rate "rose" or "fell" only when the finding is *detected*; a result
that is not like for like says so in the same sentence as the finding.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import comparability as cmp
from .. import text
from ..tasks import LIVE_FACIAL_RECOGNITION

if TYPE_CHECKING:
    from ..catalog import Study
    from ..comparability import Comparability, Side
    from ..stats.common import Estimate
    from ..stats.compare import Finding
    from ..stats.power import Detectable

RULE = (
    "A change is statistically detected when the two-sided Fisher exact test (the "
    "chi-square test where Fisher's cannot be computed) gives p below 1 - level; its "
    "direction is the sign of B - A. The interval for the difference is reported beside "
    "it; when the interval and the test disagree, the finding is borderline."
)
"""The one rule that decides a change (:func:`fr_stats.stats.compare.decide`). Every
output words the :class:`~fr_stats.stats.compare.Finding` it gives."""


def finding_dict(finding: Finding) -> dict[str, Any]:
    """A finding as JSON, with the :data:`RULE` that made it."""
    return {**finding.to_dict(), "rule": RULE}


TEST_NAMES = {
    "fisher": "Fisher",
    "chi2": "chi-square",
    "chi2-yates": "chi-square with Yates' correction",
    "boschloo": "Boschloo",
}

NOT_DETECTED = (
    "the data are consistent with no change, which is not the same as showing there was none"
)
BORDERLINE_INTERVAL_INCLUDES_ZERO = (
    "The interval for the difference still includes zero, so the evidence is borderline."
)
BORDERLINE_INTERVAL_EXCLUDES_ZERO = (
    "The interval for the difference excludes zero, so the evidence is borderline."
)


def p_text(test: str, pvalue: float) -> str:
    """``'Fisher p = 0.061'``, ``'chi-square p < 0.001'``: the test is always named."""
    return f"{TEST_NAMES.get(test, test)} {text.p_is(pvalue)}"


def moved(finding: Finding) -> str:
    """``'rose'`` or ``'fell'``; only for a detected change."""
    return "rose" if finding.direction > 0 else "fell"


def decision(finding: Finding, level: float) -> str:
    """The decision in one or two sentences, the same wherever it is shown."""
    at = "" if math.isclose(level, 0.95) else f" at the {text.level_pct(finding.alpha)} level"
    p = p_text(finding.test, finding.pvalue)
    if finding.detected:
        out = f"Statistically significant{at} ({p}): the rate {moved(finding)}."
        if finding.borderline:
            out += " " + BORDERLINE_INTERVAL_INCLUDES_ZERO
        return out
    out = f"Not statistically significant{at} ({p}): {NOT_DETECTED}."
    if finding.borderline:
        out += " " + BORDERLINE_INTERVAL_EXCLUDES_ZERO
    return out


def _threshold(side: Side) -> str:
    return "unpublished" if side.threshold is None else f"{side.threshold:g}%"


def difference_phrases(c: Comparability) -> list[str]:
    """Each way the two results differ, as a clause."""
    a, b = c.a, c.b
    names = ("A", "B") if a.label == b.label else (a.label, b.label)  # same study: say which
    averaged = " and ".join(
        n for n, s in zip(names, (a, b), strict=True) if s.count_kind == "average"
    )
    live = LIVE_FACIAL_RECOGNITION in (a.task, b.task)
    phrases = {
        cmp.TASK: f"the tasks differ ({a.task} and {b.task})",
        cmp.YEARS: f"the deployments ran in different years ({a.years} and {b.years})",
        cmp.WATCHLIST: "the watchlists differ "
        f"({text.count(_int(a.watchlist))} and {text.count(_int(b.watchlist))} people)",
        cmp.WATCHLIST_UNPUBLISHED: _unpublished(
            "watchlist size", [s for s in (a, b) if s.watchlist is None]
        ),
        cmp.SYSTEM_UNPUBLISHED: _unpublished(
            "system", [s for s in (a, b) if s.system == "unpublished"]
        ),
        cmp.THRESHOLD: f"the thresholds differ ({_threshold(a)} and {_threshold(b)})",
        cmp.THRESHOLD_UNPUBLISHED: _unpublished(
            "threshold", [s for s in (a, b) if s.threshold is None]
        ),
        cmp.PEOPLE: "different crowds were scanned" if live else "different people were tested",
        cmp.GALLERY: "the galleries differ "
        f"({text.count(_int(a.gallery))} and {text.count(_int(b.gallery))} photos)",
        cmp.SYSTEM: f"the systems differ ({a.system} and {b.system})",
        cmp.COUNT_KIND: f"the count of {averaged} is an average over repeated runs, not a "
        "single run",
    }
    return [phrases[d] for d in c.differences]


def _unpublished(what: str, sides: Sequence[Side]) -> str:
    """``'the threshold of X was not published'``; ``'neither published its threshold'``."""
    if not sides:
        return ""
    if len(sides) == 2:
        return f"neither published its {what}"
    return f"the {what} of {sides[0].label} was not published"


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)


def joined(c: Comparability) -> str:
    """Every way the two results differ, in one clause."""
    return text.listing(difference_phrases(c))


def unlike(c: Comparability, finding: Finding) -> str | None:
    """The like-for-like warning that belongs in the verdict itself, or ``None``."""
    if c.like_for_like:
        return None
    why = text.listing(difference_phrases(c))
    if finding.detected:
        return (
            f"But this is not a like-for-like comparison: {why}. The change cannot be put "
            "down to the system alone."
        )
    return f"This is also not a like-for-like comparison: {why}."


def dependence(c: Comparability) -> str | None:
    """Why the test does not strictly apply, or ``None`` when the samples are independent."""
    a, b = c.a.label, c.b.label
    if c.dependence == cmp.SAME_RESULT:
        return (
            "A and B are the same result: comparing a result with itself shows nothing, "
            "and the test, which assumes two independent samples, does not apply."
        )
    if c.dependence == cmp.SAME_PROBES:
        return (
            f"A and B are the same probes of {a} at two thresholds ({_threshold(c.a)} and "
            f"{_threshold(c.b)}): the samples are not independent, and these tests and "
            "intervals, which assume independent samples, do not apply."
        )
    if c.dependence == cmp.NESTED:
        whole, part = (b, a) if c.whole == "b" else (a, b)
        return (
            f"{whole} includes the probes of {part}: the samples overlap and are not "
            "independent, so these tests and intervals do not apply."
        )
    if c.dependence == cmp.SAME_PEOPLE:
        population = c.a.population
        population = text.lower_first(population)
        return (
            f"{a} and {b} tested largely the same people ({population}): the samples are "
            "not independent, so the test and interval are approximate; a paired analysis "
            "would need per-person results, which were not published."
        )
    return None


def headline(finding: Finding, c: Comparability | None, names: str) -> str:
    """A chart title for the change ``names`` (``'ACLU 2018 to Comparitech 2020'``)."""
    rate = "false-match rate"
    if c is not None and c.a.task == LIVE_FACIAL_RECOGNITION:
        rate = "share of alerts that were false"
    if finding.detected:
        out = f"The {rate} {moved(finding)} from {names}"
    else:
        out = f"No statistically detectable change from {names}"
    if finding.borderline:
        out += " (borderline)"
    if c is not None and not c.like_for_like:
        out += ", not like for like"
    return out


def comparison(c: Comparability) -> str:
    """What is being compared with what, and whether it is like for like, from the data."""
    a, b = c.a, c.b
    head = f"B ({b.label}) is compared with A ({a.label})"
    if not c.like_for_like:
        return f"{head}, but not like for like: {text.listing(difference_phrases(c))}."
    if a.adhoc or b.adhoc:
        return f"{head}."
    same = [f"the same system ({a.system})", f"the same {_threshold(a)} threshold"]
    if a.gallery is not None and a.gallery == b.gallery:
        same.append(f"galleries of the same size ({text.count(_int(a.gallery))} photos)")
    if a.population == b.population:
        same.append(f"the same kind of people ({text.lower_first(a.population)})")
    return f"{head}, like for like: {text.listing(same)}."


def verdict(
    a: tuple[str, float],
    b: tuple[str, float],
    diff: Estimate,
    finding: Finding,
    like: Comparability,
    detectable: Detectable,
    level: float,
) -> str:
    """The verdict of ``fr-stats compare``; ``a`` and ``b`` are ``(label, rate)``."""
    from . import power as power_words

    (label_a, rate_a), (label_b, rate_b) = a, b
    level_txt = text.level_pct(level)
    assert diff.estimate is not None and diff.low is not None and diff.high is not None
    digits = text.bound_digits(text.decimals(abs(diff.low), abs(diff.high)), diff.low, diff.high)
    head = (
        f"{text.pct(rate_b)} ({label_b}) vs {text.pct(rate_a)} ({label_a}): "
        f"a change of {text.points(diff.estimate, digits)} percentage points "
        f"({level_txt} CI {text.points_range(diff.low, diff.high, digits)})."
    )
    parts = [head, decision(finding, level)]
    if like.dependence == cmp.SAME_RESULT:
        parts.append("A and B are the same result, so this comparison shows nothing.")
    elif like.dependence in (cmp.SAME_PROBES, cmp.NESTED):
        parts.append(
            "The two samples are not independent (the same people searched twice), so this "
            "two-sample test does not strictly apply."
        )
    warning = unlike(like, finding)
    if warning is not None:
        parts.append(warning)
    parts.append(power_words.detectable(detectable, only=not finding.detected))
    return " ".join(parts)


def caveats(a: Study, b: Study, like: Comparability) -> list[str]:
    """What a reader must know before trusting a comparison of B with A.

    The dependence of the samples first, then each published way the two
    results were not run alike (ad hoc counts have nothing published).
    """
    out = []
    dependent = dependence(like)
    if dependent is not None:
        out.append(dependent)
    if a.adhoc or b.adhoc:
        return out
    ta, tb = a.threshold.value, b.threshold.value
    if ta is None or tb is None:
        missing = " and ".join(s.ref for s in (a, b) if s.threshold.value is None)
        out.append(
            f"The similarity threshold of {missing} was not published: the two results may "
            "not be like for like."
        )
    elif ta != tb:
        out.append(
            f"A was run at a threshold of {a.threshold_label} and B at {b.threshold_label}: a "
            "higher threshold gives fewer false matches, so this is not a like-for-like comparison."
        )
    ga, gb = a.gallery.value, b.gallery.value
    if ga is not None and gb is not None and ga != gb:
        out.append(
            f"The galleries differ ({text.count(int(ga))} vs {text.count(int(gb))} photos): a "
            "larger gallery gives each probe more chances of a false match."
        )
    if a.population != b.population:
        out.append(
            f"Different people were searched (A: {a.population}; B: {b.population}): a change "
            "in the rate may reflect the people, not the system."
        )
    if a.system != b.system:
        out.append(f"Different systems: {a.system} (A) and {b.system} (B).")
    return out


# --------------------------------------------------------------------------- #
# The comparison chart
# --------------------------------------------------------------------------- #

CHANGE_LABEL = "Change, B − A"
RATE_HEADING = "False-match rate"
CHANGE_HEADING = "Change from A to B, in percentage points"


def side_label(side: str, label: str) -> str:
    """``'A: ACLU 2018: US Congress'``."""
    return f"{side}: {label}"


def change_detail(estimate: float, low: float, high: float, level: float) -> str:
    """``'+0.8 points (95% interval −2.1 to +3.6)'``."""
    digits = text.bound_digits(1, low, high)
    return (
        f"{text.points(estimate, digits)} points ({text.level_pct(level)} interval "
        f"{text.points_range(low, high, digits)})"
    )


def chart_key(level: float) -> str:
    return (
        f"Lines: {text.level_pct(level)} confidence intervals (Wilson score for each rate; "
        "Newcombe's hybrid score interval for the change). The change crosses zero when the "
        "data are consistent with no change."
    )


def chart_alt(rows: str, verdict: str) -> str:
    """``rows``: the two rates and the change read aloud."""
    return f"Comparison chart. {rows} {verdict}"
