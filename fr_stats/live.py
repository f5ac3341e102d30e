"""Police live facial recognition (LFR): false alerts among alerts, a task of its own.

Cameras scan passers-by against a watchlist; an *alert* is a face scored at
or above the threshold, and a *false alert* is an alert on the wrong person.
The published figure is false alerts among alerts (when the camera flagged
someone, how often was it the wrong person), sometimes also among faces
scanned. That is neither the face-matching false-match rate (people searched
who got any false match) nor a gender-classification error rate, so these
results live in their own table (``data/live_facial_recognition.csv``) and
type, and are never compared or pooled with the other tasks.

A :class:`LiveResult` is a :class:`~fr_stats.catalog.Study` whose counts are
false alerts (``k``) among alerts (``n``), so every statistic that takes
counts works on it unchanged; the task it carries keeps it apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import _NO_FACT, Fact, Study, _common, _fact, _Row
from .errors import InputError, NotComparableError
from .reading import date_problem
from .tasks import LIVE_FACIAL_RECOGNITION

if TYPE_CHECKING:
    from .analysis.intervals import CIResult
    from .catalog import Catalog
    from .stats.common import Interval

_FACTS = ("alerts", "false_alerts", "verified_correct", "unresolved", "faces_scanned", "watchlist")

LIVE_COLUMNS: tuple[str, ...] = (
    "id",
    "label",
    "citation",
    "task",
    "operator",
    "system",
    "place",
    "population",
    "publisher",
    "published",
    "url",
    "retrieved",
    "deployed_from",
    "deployed_to",
    *[f"{name}{suffix}" for name in _FACTS for suffix in ("", "_kind", "_quote", "_source")],
    "threshold",
    "threshold_kind",
    "threshold_quote",
    "threshold_source",
    "notes",
)
"""The columns of ``data/live_facial_recognition.csv`` (see ``data/README.md``)."""

MARKER = "alerts"
"""A table whose header has this column is a live-facial-recognition table."""

PER_MILLION = 1_000_000

UNPUBLISHED = "unpublished"
"""The ``system`` of a result whose sources do not name it."""

_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class LiveResult(Study):
    """One police live-facial-recognition result: false alerts among alerts.

    ``false_matches`` holds the false alerts and ``tested`` the alerts, so
    ``k``, ``n``, ``rate`` and ``require_counts`` read as false alerts, alerts
    and the share of alerts that were false.
    """

    operator: str = ""
    place: str = ""
    deployed_from: str = ""
    deployed_to: str = ""
    verified_correct: Fact = _NO_FACT
    unresolved: Fact = _NO_FACT
    faces_scanned: Fact = _NO_FACT
    watchlist: Fact = _NO_FACT

    @property
    def faces(self) -> int | None:
        """Faces scanned, or ``None`` where unpublished."""
        return None if self.faces_scanned.value is None else int(self.faces_scanned.value)

    @property
    def per_face(self) -> float | None:
        """False alerts per face scanned, or ``None`` where faces scanned is unpublished."""
        if self.k is None or not self.faces:
            return None
        return self.k / self.faces

    @property
    def resolved(self) -> tuple[int, int] | None:
        """``(wrong, resolved)``: the reading that leaves out alerts never resolved.

        ``None`` unless some alerts were never resolved. The unresolved alerts
        are counted among the false alerts (not verified correct), so both
        counts drop by the same number.
        """
        u = self.unresolved.value
        if not u or self.k is None or self.n is None:
            return None
        return self.k - int(u), self.n - int(u)

    @property
    def year(self) -> str:
        """The first year of the deployments (``2017``)."""
        return self.deployed_from[:4]

    @property
    def years(self) -> str:
        """``'2017'`` or ``'2018–2019'``: the years the deployments span."""
        first, last = self.deployed_from[:4], self.deployed_to[:4] or self.deployed_from[:4]
        return first if first == last else f"{first}\u2013{last}"

    def facts(self) -> dict[str, Fact]:
        return {
            "false_alerts": self.false_matches,
            "alerts": self.tested,
            "verified_correct": self.verified_correct,
            "unresolved": self.unresolved,
            "faces_scanned": self.faces_scanned,
            "watchlist": self.watchlist,
            "threshold": self.threshold,
        }

    def to_dict(self) -> dict[str, Any]:
        resolved = self.resolved
        return {
            "id": self.ref,
            "label": self.label,
            "citation": self.citation,
            "task": self.task,
            "operator": self.operator,
            "system": self.system or None,
            "place": self.place,
            "population": self.population,
            "deployed_from": self.deployed_from,
            "deployed_to": self.deployed_to or None,
            "false_alerts": self.k,
            "alerts": self.n,
            "false_share": self.rate,
            "verified_correct": _value(self.verified_correct),
            "unresolved": _value(self.unresolved),
            "resolved_false_alerts": None if resolved is None else resolved[0],
            "resolved_alerts": None if resolved is None else resolved[1],
            "resolved_false_share": None if resolved is None else resolved[0] / resolved[1],
            "faces_scanned": self.faces,
            "false_per_face": self.per_face,
            "false_per_million_faces": None
            if self.per_face is None
            else self.per_face * PER_MILLION,
            "watchlist": _value(self.watchlist),
            "threshold": self.threshold.value,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url or None,
            "retrieved": self.retrieved or None,
            "quote": self.false_matches.quote or None,
            "facts": {
                name: fact.to_dict()
                for name, fact in self.facts().items()
                if fact.value is not None or fact.quote
            },
            "notes": self.notes or None,
        }


def _value(fact: Fact) -> int | float | None:
    return fact.value


# --------------------------------------------------------------------------- #
# Reading the table
# --------------------------------------------------------------------------- #


def parse_live(row: _Row) -> LiveResult:
    """One row of a live-facial-recognition table, validated (see ``data/README.md``)."""
    # The system is often not published for a deployment: an empty cell reads "unpublished".
    system = row.text("system") or UNPUBLISHED
    common = _common(_Row(row.path, row.number, {**row.cells, "subgroup": "all", "system": system}))
    task = row.text("task", required=True)
    if task != LIVE_FACIAL_RECOGNITION:
        raise row.error(
            "task",
            f"'{task}' is not allowed here; this table holds '{LIVE_FACIAL_RECOGNITION}' results",
        )
    counts = {name: row.number_cell(name, integer=True) for name in _FACTS}
    _check_counts(row, counts)
    first = _deployed(row, "deployed_from", required=True)
    last = _deployed(row, "deployed_to", required=False)
    if last and last[: len(first)] < first[: len(last)]:
        raise row.error("deployed_to", f"{last} is before deployed_from {first}")
    threshold = row.number_cell("threshold", integer=False, low=0, high=100)
    facts = {name: _fact(row, name, value=counts[name]) for name in _FACTS}
    return LiveResult(
        **common,
        population=row.text("population", required=True),
        tested=facts["alerts"],
        false_matches=facts["false_alerts"],
        threshold=_fact(row, "threshold", value=threshold),
        task=task,
        origin=str(row.path),
        row=row.number,
        operator=row.text("operator", required=True),
        place=row.text("place", required=True),
        deployed_from=first,
        deployed_to=last,
        verified_correct=facts["verified_correct"],
        unresolved=facts["unresolved"],
        faces_scanned=facts["faces_scanned"],
        watchlist=facts["watchlist"],
    )


def _check_counts(row: _Row, c: dict[str, int | float | None]) -> None:
    alerts, false, correct = c["alerts"], c["false_alerts"], c["verified_correct"]
    if alerts is None or alerts < 1:
        raise row.error("alerts", "is empty or 0; a result needs at least one alert")
    if false is None:
        raise row.error(
            "false_alerts",
            "is empty; give the false alerts (derived as alerts − verified_correct when only "
            "the correct ones were published)",
        )
    if false > alerts:
        raise row.error(
            "false_alerts", f"{false:,} false alerts is more than the {alerts:,} alerts"
        )
    if correct is not None and correct + false != alerts:
        raise row.error(
            "verified_correct",
            f"{correct:,} verified correct + {false:,} false alerts is not the {alerts:,} alerts",
        )
    unresolved = c["unresolved"]
    if unresolved is not None and unresolved > false:
        raise row.error(
            "unresolved",
            f"{unresolved:,} unresolved alerts is more than the {false:,} not verified correct; "
            "unresolved alerts are counted among the false alerts",
        )
    faces = c["faces_scanned"]
    if faces is not None and faces < alerts:
        raise row.error(
            "faces_scanned", f"{faces:,} faces scanned is fewer than the {alerts:,} alerts"
        )


def _deployed(row: _Row, column: str, *, required: bool) -> str:
    value = row.text(column, required=required)
    if not value or _YEAR.match(value):
        return value
    problem = date_problem(value, month_only=True)
    if problem:
        raise row.error(column, problem + " (a year alone, YYYY, is also allowed here)")
    return value


def read_live(path: Path, text: str) -> list[LiveResult]:
    """Every row of a live-facial-recognition table."""
    from .catalog import _read_table

    return [parse_live(r) for r in _read_table(path, LIVE_COLUMNS, text)]


# --------------------------------------------------------------------------- #
# Uses
# --------------------------------------------------------------------------- #


def in_time_order(results: Iterable[LiveResult]) -> list[LiveResult]:
    """Deployments by when they started, then by id."""
    return sorted(results, key=lambda r: (r.deployed_from, r.deployed_to, r.id))


def per_face_intervals(result: LiveResult, *, level: float = 0.95) -> tuple[Interval, ...]:
    """Exact (Clopper–Pearson) and Wilson intervals of false alerts per face scanned.

    Empty when faces scanned was never published. Small counts over millions
    of faces are where the Wald interval fails; both intervals here keep their
    coverage (R: ``binom.test(k, faces)$conf.int`` and
    ``prop.test(k, faces, correct = FALSE)$conf.int``).
    """
    from .stats.intervals import proportion_interval

    if result.k is None or result.faces is None:
        return ()
    return tuple(
        proportion_interval(result.k, result.faces, method=m, level=level)
        for m in ("exact", "wilson")
    )


@dataclass(frozen=True)
class LiveCI:
    """Intervals for one live-facial-recognition result, both denominators side by side.

    ``alerts`` holds the intervals of the share of alerts that were false;
    ``per_face`` the exact and Wilson intervals of false alerts per face
    scanned (empty where faces scanned was never published); ``resolved`` the
    intervals of the other reading, on resolved alerts only, where some alerts
    were never resolved.
    """

    result: LiveResult
    alerts: CIResult
    per_face: tuple[Interval, ...] = ()
    resolved: CIResult | None = None

    @property
    def level(self) -> float:
        return self.alerts.level

    def to_dict(self) -> dict[str, Any]:
        out = self.alerts.to_dict()
        out.update(
            task=LIVE_FACIAL_RECOGNITION,
            false_alerts=self.alerts.false_matches,
            alerts=self.alerts.tested,
            false_share=self.alerts.rate,
            faces_scanned=self.result.faces,
            false_per_face=self.result.per_face,
            per_face_intervals=[i.to_dict() for i in self.per_face],
            resolved=None if self.resolved is None else self.resolved.to_dict(),
        )
        return out


def ci(
    ref: str | LiveResult,
    *,
    method: str = "wilson",
    level: float = 0.95,
    data: Iterable[str | Path] = (),
) -> LiveCI:
    """Intervals of the share of alerts that were false, per face scanned, and resolved.

    Parameters
    ----------
    ref
        A live-facial-recognition id (``met2024-2025``) or result.
    method, level
        As :func:`fr_stats.stats.intervals.ci`, for the share of alerts.

    Raises
    ------
    InputError
        For an id that is not a live-facial-recognition result.

    Examples
    --------
    >>> r = ci("met2024-2025")
    >>> r.alerts.false_matches, r.alerts.tested, r.result.faces
    (10, 2077, 3147436)
    """
    from .analysis.intervals import ci as rate_ci
    from .catalog import load

    result = ref if isinstance(ref, LiveResult) else load(tuple(data)).resolve(ref)
    if not isinstance(result, LiveResult):
        raise InputError(f"'{result.ref}' is not a live-facial-recognition result")
    alerts = rate_ci(result, method=method, level=level)
    resolved = None
    if result.resolved is not None:
        wrong, total = result.resolved
        resolved = rate_ci(f"{wrong}/{total}", method=method, level=level)
    return LiveCI(result, alerts, per_face_intervals(result, level=level), resolved)


def given(refs: Sequence[str], data: Iterable[str | Path] = ()) -> list[LiveResult]:
    """The live-facial-recognition results among ``refs`` (typed ids), in the order given.

    Raises
    ------
    NotComparableError
        When ``refs`` mix live facial recognition with another task.
    """
    from .catalog import load

    refs = [r for r in refs if "/" not in r]
    if not refs:
        return []
    catalog = load(tuple(data))
    studies = [catalog.resolve(r) for r in refs]
    refuse_mixed(studies)
    return [s for s in studies if isinstance(s, LiveResult)]


def denominator_notes(results: Sequence[LiveResult], level: float = 0.95) -> list[str]:
    """For each result, both denominators side by side, with intervals (see :func:`ci`)."""
    from .words.live import DEFINITION, denominators

    notes = [DEFINITION] if results else []
    for r in results:
        summary = ci(r, level=level)
        line = denominators(r, summary.alerts.interval, summary.per_face, level)
        notes.append(f"{r.ref}: {line}")
    return notes


def refuse_mixed(studies: Sequence[Study]) -> None:
    """Raise :class:`NotComparableError` when ``studies`` mix tasks."""
    from .words.live import different_things

    first = studies[0]
    for other in studies[1:]:
        if other.task != first.task:
            raise NotComparableError(different_things(first, other))


def live_results(catalog: Catalog) -> list[LiveResult]:
    """The catalog's live-facial-recognition results, in time order."""
    return in_time_order(r for r in catalog.live if isinstance(r, LiveResult))
