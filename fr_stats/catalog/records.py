"""The records of the catalog: a published number with its source, and the results made of them.

:class:`Study` (face matching), :class:`GenderResult` (gender classification) and
:class:`Contradiction` (two sources that disagree) are what every table row
becomes; each :class:`Fact` holds one number with the quote it was read in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..tasks import FACE_MATCHING, GENDER_CLASSIFICATION

KINDS = ("reported", "average", "derived", "share")
"""How a number came to be: stated by the source, an average of several runs,
computed by us from other numbers (the quote column holds the formula), or a
percentage share rather than a count."""


@dataclass(frozen=True)
class Fact:
    """One published number with where it came from.

    Attributes
    ----------
    value
        The number, or ``None`` where no source publishes it.
    kind
        One of :data:`KINDS`.
    quote
        The verbatim sentence that contains the number; for a ``derived``
        number, the formula that gives it.
    source
        Where the quote was read when it is not the study's own page
        (for example ``secondary: Politico``); empty for the primary source.
    """

    value: int | float | None
    kind: str = ""
    quote: str = ""
    source: str = ""

    @property
    def published(self) -> bool:
        return self.value is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "kind": self.kind or None,
            "quote": self.quote or None,
            "source": self.source or None,
        }


_NO_FACT = Fact(None)


@dataclass(frozen=True)
class Study:
    """One face-matching result: a study's arm, subgroup and threshold.

    ``false_matches`` counts probes (people) that returned a wrong match at
    or above the threshold; ``tested`` counts probes searched.
    """

    id: str
    subgroup: str
    label: str
    citation: str
    population: str
    system: str
    publisher: str
    published: str
    url: str
    retrieved: str
    tested: Fact
    false_matches: Fact
    gallery: Fact = _NO_FACT
    threshold: Fact = _NO_FACT
    population_share: Fact = _NO_FACT
    combines: tuple[str, ...] = ()
    notes: str = ""
    task: str = FACE_MATCHING
    origin: str = ""
    row: int = 0
    adhoc: bool = False
    default: bool = True

    @property
    def ref(self) -> str:
        """The id a user types for this result: ``comparitech2020`` for the study's
        headline (lowest) threshold, ``comparitech2020@95`` for another."""
        if self.adhoc or self.default or self.threshold.value is None:
            return self.id
        return f"{self.id}@{_fmt_threshold(self.threshold.value)}"

    @property
    def k(self) -> int | None:
        """False matches, or ``None`` where unpublished."""
        return None if self.false_matches.value is None else int(self.false_matches.value)

    @property
    def n(self) -> int | None:
        """Probes tested, or ``None`` where unpublished."""
        return None if self.tested.value is None else int(self.tested.value)

    @property
    def rate(self) -> float | None:
        """False-match rate ``k / n``, or ``None`` where either is unpublished."""
        if self.k is None or not self.n:
            return None
        return self.k / self.n

    @property
    def threshold_label(self) -> str:
        value = self.threshold.value
        return "unpublished" if value is None else f"{_fmt_threshold(value)}%"

    def require_counts(self) -> tuple[int, int]:
        """``(false_matches, tested)``, or an error naming what was never published."""
        missing = [
            name
            for name, fact in (
                ("false matches", self.false_matches),
                ("probes tested", self.tested),
            )
            if fact.value is None
        ]
        if missing:
            raise InputError(
                f"{self.ref}: the number of {' and '.join(missing)} was never published, "
                "so no rate can be computed",
                hint="type the counts yourself as K/N if you have them from another source",
            )
        assert self.k is not None and self.n is not None  # checked just above
        return self.k, self.n

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.ref,
            "study": self.id,
            "subgroup": self.subgroup,
            "label": self.label,
            "citation": self.citation,
            "task": self.task,
            "population": self.population,
            "system": self.system,
            "threshold": self.threshold.value,
            "false_matches": self.k,
            "tested": self.n,
            "rate": self.rate,
            "gallery": self.gallery.value,
            "population_share": self.population_share.value,
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
            "combines": list(self.combines),
            "notes": self.notes or None,
            "adhoc": self.adhoc,
        }

    def facts(self) -> dict[str, Fact]:
        return {
            "false_matches": self.false_matches,
            "tested": self.tested,
            "gallery": self.gallery,
            "threshold": self.threshold,
            "population_share": self.population_share,
        }


@dataclass(frozen=True)
class GenderResult:
    """One gender-classification error rate: a different task from face matching.

    Kept in its own table and type so that it can never be pooled or
    compared with a face-matching result.
    """

    id: str
    subgroup: str
    label: str
    citation: str
    system: str
    benchmark: str
    publisher: str
    published: str
    url: str
    retrieved: str
    error_rate: Fact
    subjects: Fact = _NO_FACT
    notes: str = ""
    origin: str = ""
    task: str = GENDER_CLASSIFICATION

    @property
    def ref(self) -> str:
        return self.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subgroup": self.subgroup,
            "label": self.label,
            "citation": self.citation,
            "task": self.task,
            "system": self.system,
            "benchmark": self.benchmark,
            "error_rate_percent": self.error_rate.value,
            "subjects": self.subjects.value,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url or None,
            "retrieved": self.retrieved or None,
            "quote": self.error_rate.quote or None,
            "facts": {"error_rate": self.error_rate.to_dict(), "subjects": self.subjects.to_dict()},
            "notes": self.notes or None,
        }


@dataclass(frozen=True)
class Contradiction:
    """Two sources that disagree on one number, and which value fr-stats uses."""

    id: str
    field: str
    value_used: str
    value_other: str
    other_source: str
    other_quote: str
    why: str

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "field": self.field,
            "value_used": self.value_used,
            "value_other": self.value_other,
            "other_source": self.other_source,
            "other_quote": self.other_quote,
            "why": self.why,
        }


def _threshold_key(study: Study) -> float:
    value = study.threshold.value
    return -1.0 if value is None else float(value)


def _fmt(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _fmt_threshold(value: int | float | None) -> str:
    if value is None:
        return "unpublished"
    return f"{value:g}"
