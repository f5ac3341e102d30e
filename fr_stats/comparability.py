"""Can two results be compared like for like? Facts read from the data, once.

Two published results measure the same thing only when they were run the
same way: the same task, the same similarity threshold, the same kind of
people, galleries of the same size, and counts of the same kind (a single
run's count, not an average over several runs). This
module reads those facts from two :class:`~fr_stats.catalog.Study` records
and returns them as data; the wording layer (:mod:`fr_stats.words`) turns
them into sentences.

Live-facial-recognition results (false alerts among alerts) are compared
only with each other; for them the facts also cover when the deployments
ran, the watchlists and whether the system was named. Results of two
different tasks count different things and are refused outright.

Whether the two samples are *independent* is a separate question: the same
people searched twice (the same study at two thresholds, a combined row and
its part, or two audits of the same legislature) are not independent
samples, so a two-sample test is at best approximate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import Study

THRESHOLD = "threshold"
THRESHOLD_UNPUBLISHED = "threshold unpublished"
PEOPLE = "people tested"
GALLERY = "gallery size"
TASK = "task"
SYSTEM = "system"
COUNT_KIND = "count kind"
YEARS = "deployment years"
WATCHLIST = "watchlist size"
WATCHLIST_UNPUBLISHED = "watchlist unpublished"
SYSTEM_UNPUBLISHED = "system unpublished"

DIFFERENCES: tuple[str, ...] = (
    TASK,
    YEARS,
    THRESHOLD,
    THRESHOLD_UNPUBLISHED,
    PEOPLE,
    GALLERY,
    WATCHLIST,
    WATCHLIST_UNPUBLISHED,
    SYSTEM,
    SYSTEM_UNPUBLISHED,
    COUNT_KIND,
)
"""Every reason two results may not be like for like, in the order they are told."""

SAME_RESULT = "same result"
SAME_PROBES = "same probes at two thresholds"
NESTED = "one result includes the other"
SAME_PEOPLE = "largely the same people"


@dataclass(frozen=True)
class Side:
    """What one result is, as far as comparability goes."""

    label: str
    threshold: float | None
    population: str
    gallery: float | None
    system: str
    task: str
    count_kind: str
    """``average`` for a count averaged over repeated runs, else ``count``."""
    adhoc: bool
    years: str = ""
    """When a live-facial-recognition result's deployments ran (``2016–2018``); else empty."""
    watchlist: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "threshold": self.threshold,
            "population": self.population,
            "gallery": self.gallery,
            "system": self.system,
            "task": self.task,
            "count_kind": self.count_kind,
            "years": self.years or None,
            "watchlist": self.watchlist,
        }


@dataclass(frozen=True)
class Comparability:
    """How far results A and B can be compared, as data.

    Attributes
    ----------
    differences
        The ways the two results differ (members of :data:`DIFFERENCES`);
        empty when they are like for like. Counts typed as ``K/N`` carry no
        context, so nothing is said about them.
    dependence
        Why the two samples are not independent (``same result``, ``same
        probes at two thresholds``, ``one result includes the other``,
        ``largely the same people``), or ``None`` when nothing says so.
    a, b
        The facts each side brings.
    """

    differences: tuple[str, ...]
    dependence: str | None
    a: Side
    b: Side
    whole: str | None = None
    """With ``dependence == NESTED``: ``"a"`` or ``"b"``, the side that includes the other."""

    @property
    def like_for_like(self) -> bool:
        return not self.differences

    @property
    def independent(self) -> bool:
        return self.dependence is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "like_for_like": self.like_for_like,
            "differences": list(self.differences),
            "independent": self.independent,
            "dependence": self.dependence,
        }


def _side(study: Study) -> Side:
    from .live import LiveResult

    years, watchlist = "", None
    if isinstance(study, LiveResult):
        years, watchlist = study.years, _float(study.watchlist.value)
    return Side(
        years=years,
        watchlist=watchlist,
        label=study.label,
        threshold=None if study.threshold.value is None else float(study.threshold.value),
        population=study.population,
        gallery=None if study.gallery.value is None else float(study.gallery.value),
        system=study.system,
        task=study.task,
        count_kind="average" if study.false_matches.kind == "average" else "count",
        adhoc=study.adhoc,
    )


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def comparability(a: Study, b: Study) -> Comparability:
    """The like-for-like facts of comparing ``b`` with ``a``, read from the data.

    Raises
    ------
    NotComparableError
        When A and B are results of different tasks (face matching and live
        facial recognition): they count different things.
    """
    from .live import refuse_mixed

    if not (a.adhoc or b.adhoc):
        refuse_mixed([a, b])
    sa, sb = _side(a), _side(b)
    found: set[str] = set()
    if sa.task != sb.task:
        found.add(TASK)
    if not (a.adhoc or b.adhoc) and sa.years != sb.years:
        found.add(YEARS)
    found |= _live_differences(sa, sb)
    if not (a.adhoc or b.adhoc):
        if sa.threshold is None or sb.threshold is None:
            found.add(THRESHOLD_UNPUBLISHED)
        elif sa.threshold != sb.threshold:
            found.add(THRESHOLD)
        if sa.population != sb.population:
            found.add(PEOPLE)
        if sa.gallery is not None and sb.gallery is not None and sa.gallery != sb.gallery:
            found.add(GALLERY)
        if sa.system != sb.system and "unpublished" not in (sa.system, sb.system):
            found.add(SYSTEM)
        if sa.count_kind != sb.count_kind:
            found.add(COUNT_KIND)
    whole = "b" if a.id in b.combines else "a" if b.id in a.combines else None
    return Comparability(
        differences=tuple(d for d in DIFFERENCES if d in found),
        dependence=_dependence(a, b),
        a=sa,
        b=sb,
        whole=whole,
    )


def _live_differences(sa: Side, sb: Side) -> set[str]:
    """What only live-facial-recognition results publish, or fail to: watchlists, systems."""
    from .live import UNPUBLISHED
    from .tasks import LIVE_FACIAL_RECOGNITION

    if sa.adhoc or sb.adhoc or LIVE_FACIAL_RECOGNITION not in (sa.task, sb.task):
        return set()
    found = set()
    if sa.watchlist is None or sb.watchlist is None:
        found.add(WATCHLIST_UNPUBLISHED)
    elif sa.watchlist != sb.watchlist:
        found.add(WATCHLIST)
    if UNPUBLISHED in (sa.system, sb.system):
        found.add(SYSTEM_UNPUBLISHED)
    return found


def _dependence(a: Study, b: Study) -> str | None:
    if a.adhoc or b.adhoc:
        return None
    if a.id == b.id and a.threshold.value == b.threshold.value and a.subgroup == b.subgroup:
        return SAME_RESULT
    if a.id == b.id:
        return SAME_PROBES
    if a.id in b.combines or b.id in a.combines:
        return NESTED
    if a.population == b.population:
        return SAME_PEOPLE
    return None
