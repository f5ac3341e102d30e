"""Loading, validating and looking up the published results.

The bundled tables live in ``data/`` (see ``data/README.md`` for the format).
This module reads them with the standard library's ``csv`` module, so listing
and showing studies never imports pandas, scipy or matplotlib. Every rule of
the format is checked here, and a broken file is refused with its file, row,
column and the rule it breaks.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataFileError, InputError, NotComparableError, UnknownStudyError
from .provenance import quote_contains
from .reading import (
    MAX_COUNT,
    MAX_ROWS,
    NumberError,
    control_character,
    date_problem,
    parse_number,
    read_data_file,
    shown,
)
from .tasks import FACE_MATCHING, GENDER_CLASSIFICATION, LIVE_FACIAL_RECOGNITION

if TYPE_CHECKING:
    import pandas as pd

    from .live import LiveResult

KINDS = ("reported", "average", "derived", "share")
"""How a number came to be: stated by the source, an average of several runs,
computed by us from other numbers (the quote column holds the formula), or a
percentage share rather than a count."""


_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_COUNT_REF = re.compile(r"^\s*(?P<k>[^/]*)/(?P<n>[^/]*)\s*$")


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


# --------------------------------------------------------------------------- #
# The table formats
# --------------------------------------------------------------------------- #

_FACT_SUFFIXES = ("kind", "quote", "source")


def _fact_columns(name: str) -> list[str]:
    return [name] + [f"{name}_{s}" for s in _FACT_SUFFIXES]


STUDY_COLUMNS: tuple[str, ...] = (
    "id",
    "threshold",
    "subgroup",
    "label",
    "citation",
    "population",
    "task",
    "system",
    "publisher",
    "published",
    "url",
    "retrieved",
    *_fact_columns("tested"),
    *_fact_columns("false_matches"),
    *_fact_columns("gallery"),
    *[f"threshold_{s}" for s in _FACT_SUFFIXES],
    *_fact_columns("population_share"),
    "combines",
    "notes",
)
GENDER_COLUMNS: tuple[str, ...] = (
    "id",
    "subgroup",
    "label",
    "citation",
    "task",
    "system",
    "benchmark",
    "publisher",
    "published",
    "url",
    "retrieved",
    *_fact_columns("error_rate"),
    *_fact_columns("subjects"),
    "notes",
)
CONTRADICTION_COLUMNS: tuple[str, ...] = (
    "id",
    "field",
    "value_used",
    "value_other",
    "other_source",
    "other_quote",
    "why",
)

_BUNDLED_FILES = {
    "studies": "studies.csv",
    "gender": "gender_classification.csv",
    "contradictions": "contradictions.csv",
    "live": "live_facial_recognition.csv",
}


def data_dir() -> Path:
    """The folder of bundled tables: ``fr_stats/_data`` in a wheel, ``data/`` in a checkout."""
    packaged = resources.files("fr_stats") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data"


# --------------------------------------------------------------------------- #
# Reading a table
# --------------------------------------------------------------------------- #


class _Row:
    """One data row with its file and spreadsheet row number, for error messages."""

    def __init__(self, path: Path, number: int, cells: dict[str, str]) -> None:
        self.path = path
        self.number = number
        self.cells = cells

    def error(self, column: str | None, message: str) -> DataFileError:
        return DataFileError(self.path, message, row=self.number, column=column)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            raise self.error(column, "is empty; this column is required")
        return value

    def date(self, column: str, *, month_only: bool, required: bool = False) -> str:
        """A date cell: empty (unless ``required``) or a real ``YYYY-MM-DD`` date
        (``YYYY-MM`` too when ``month_only``)."""
        value = self.text(column, required=required)
        problem = date_problem(value, month_only=month_only) if value else None
        if problem:
            raise self.error(column, problem)
        return value

    def number_cell(
        self, column: str, *, integer: bool, low: float = 0, high: float = MAX_COUNT
    ) -> int | float | None:
        raw = self.text(column)
        if not raw:
            return None
        try:
            value = parse_number(raw, integer=integer)
        except NumberError as exc:
            raise self.error(column, _number_message(raw, exc.reason, integer, high)) from None
        if value < low or value > high:
            raise self.error(column, f"{raw} is outside the allowed range {low:g} to {high:g}")
        return value


def _read_text(path: Path) -> str:
    """A table file's text: see :func:`fr_stats.reading.read_data_file`."""
    return read_data_file(path)


def _number_message(raw: str, reason: str, integer: bool, high: float) -> str:
    if reason == "too large":
        return f"{shown(raw)} is larger than {high:g}"
    if reason == "commas":
        return f"'{raw}' has a misplaced comma; commas may only separate thousands (25,000)"
    return f"'{shown(raw)}' is not {'a whole number' if integer else 'a number'}"


def _records(path: Path, text: str) -> list[list[str]]:
    """The CSV records of a file, at most :data:`MAX_ROWS`, none with a control character."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS:
                raise DataFileError(
                    path, f"has more than {MAX_ROWS:,} rows, the most fr-stats reads"
                )
    except csv.Error as exc:
        raise DataFileError(path, f"is not valid CSV ({exc})", row=reader.line_num) from None
    header = [h.strip() for h in records[0]]
    for number, record in enumerate(records, start=1):
        for index, cell in enumerate(record):
            problem = control_character(cell)
            if problem:
                name = header[index] if index < len(header) and number > 1 else None
                if name is not None and control_character(name):
                    name = None
                raise DataFileError(path, problem, row=number, column=name)
    return records


def _read_table(path: Path, columns: Sequence[str], text: str) -> list[_Row]:
    """Read a CSV table strictly: known columns, whole rows."""
    if not text.strip():
        raise DataFileError(
            path, "the file is empty; a header row and at least one data row are expected"
        )
    records = _records(path, text)
    header = [h.strip() for h in records[0]]
    for name in header:
        if name not in columns:
            close = difflib.get_close_matches(name, columns, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise DataFileError(path, f"unknown column '{name}'{hint}", row=1, column=name)
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataFileError(path, f"missing column '{missing[0]}'", row=1, column=missing[0])
    duplicated = {c for c in header if header.count(c) > 1}
    if duplicated:
        name = sorted(duplicated)[0]
        raise DataFileError(path, f"column '{name}' appears twice", row=1, column=name)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            column = header[len(record)] if len(record) < len(header) else None
            raise DataFileError(
                path,
                f"has {len(record)} cells but the header has {len(header)}"
                + ("; the row looks truncated" if len(record) < len(header) else ""),
                row=number,
                column=column,
            )
        rows.append(_Row(path, number, dict(zip(header, record, strict=True))))
    if not rows:
        raise DataFileError(path, "has a header but no data rows")
    return rows


def _fact(row: _Row, name: str, *, value: int | float | None) -> Fact:
    kind = row.text(f"{name}_kind")
    quote = row.text(f"{name}_quote")
    source = row.text(f"{name}_source") if f"{name}_source" in row.cells else ""
    if value is None:
        if kind:
            raise row.error(f"{name}_kind", f"gives a kind ('{kind}') but '{name}' is empty")
        return Fact(None, "", quote, source)
    if not kind:
        raise row.error(
            f"{name}_kind", f"is empty; say how '{name}' was obtained: {', '.join(KINDS)}"
        )
    if kind not in KINDS:
        raise row.error(f"{name}_kind", f"unknown kind '{kind}'; allowed: {', '.join(KINDS)}")
    if not quote:
        what = (
            "the formula that gives it"
            if kind == "derived"
            else "a verbatim quote that contains it"
        )
        raise row.error(f"{name}_quote", f"is empty; '{name}' = {_fmt(value)} needs {what}")
    if not quote_contains(quote, value):
        raise row.error(
            f"{name}_quote",
            f"does not contain the number {_fmt(value)} given in '{name}'",
        )
    return Fact(value, kind, quote, source)


def _common(row: _Row) -> dict[str, Any]:
    ident = row.text("id", required=True)
    if not _ID.match(ident):
        raise row.error(
            "id",
            f"'{ident}' is not a valid id: use lowercase letters, digits and single hyphens "
            "(for example aclu2019-ca)",
        )
    published = row.date("published", month_only=True, required=True)
    retrieved = row.date("retrieved", month_only=False)
    url = row.text("url")
    if url and not url.startswith(("https://", "http://")):
        raise row.error("url", f"'{url}' is not a web address (http:// or https://)")
    return {
        "id": ident,
        "subgroup": row.text("subgroup", required=True),
        "label": row.text("label", required=True),
        "citation": row.text("citation", required=True),
        "system": row.text("system", required=True),
        "publisher": row.text("publisher", required=True),
        "published": published,
        "url": url,
        "retrieved": retrieved,
        "notes": row.text("notes"),
    }


def _parse_study(row: _Row) -> Study:
    common = _common(row)
    task = row.text("task", required=True)
    if task != FACE_MATCHING:
        raise row.error(
            "task",
            f"'{task}' is not allowed in a studies table, which holds only '{FACE_MATCHING}' "
            f"results; '{GENDER_CLASSIFICATION}' results have their own table",
        )
    tested = row.number_cell("tested", integer=True, low=1)
    false_matches = row.number_cell("false_matches", integer=True)
    if tested is not None and false_matches is not None and false_matches > tested:
        raise row.error(
            "false_matches",
            f"{false_matches} false matches is more than the {tested} probes tested",
        )
    threshold = row.number_cell("threshold", integer=False, low=0, high=100)
    share = row.number_cell("population_share", integer=False, low=0, high=100)
    combines = tuple(s.strip() for s in row.text("combines").split(";") if s.strip())
    return Study(
        **common,
        population=row.text("population", required=True),
        tested=_fact(row, "tested", value=tested),
        false_matches=_fact(row, "false_matches", value=false_matches),
        gallery=_fact(row, "gallery", value=row.number_cell("gallery", integer=True, low=1)),
        threshold=_fact(row, "threshold", value=threshold),
        population_share=_fact(row, "population_share", value=share),
        combines=combines,
        task=task,
        origin=str(row.path),
        row=row.number,
    )


def _parse_gender(row: _Row) -> GenderResult:
    common = _common(row)
    task = row.text("task", required=True)
    if task != GENDER_CLASSIFICATION:
        raise row.error(
            "task",
            f"'{task}' is not allowed here; this table holds '{GENDER_CLASSIFICATION}' results",
        )
    rate = row.number_cell("error_rate", integer=False, low=0, high=100)
    if rate is None:
        raise row.error("error_rate", "is empty; this column is required")
    return GenderResult(
        **common,
        benchmark=row.text("benchmark", required=True),
        error_rate=_fact(row, "error_rate", value=rate),
        subjects=_fact(row, "subjects", value=row.number_cell("subjects", integer=True, low=1)),
        origin=str(row.path),
    )


def _parse_contradiction(row: _Row) -> Contradiction:
    other = row.text("value_other", required=True)
    quote = row.text("other_quote", required=True)
    if _is_number(other) and not quote_contains(quote, float(other.replace(",", ""))):
        raise row.error("other_quote", f"does not contain the other value {other}")
    return Contradiction(
        id=row.text("id", required=True),
        field=row.text("field", required=True),
        value_used=row.text("value_used", required=True),
        value_other=other,
        other_source=row.text("other_source", required=True),
        other_quote=quote,
        why=row.text("why", required=True),
    )


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- #
# The catalog: every table, loaded and cross-checked
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Catalog:
    """Every loaded result, and how to look one up by the id a user types."""

    studies: tuple[Study, ...]
    gender: tuple[GenderResult, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    live: tuple[LiveResult, ...] = ()
    """Police live-facial-recognition results (:mod:`fr_stats.live`): a task of their own."""
    files: tuple[str, ...] = ()
    extra: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    # -- look-up ------------------------------------------------------------ #

    def ids(self) -> list[str]:
        """Every id a user can type, in table order."""
        refs = [s.ref for s in self.headline()]
        for study in self.studies:
            if study.subgroup == "all" and study.ref not in refs:
                refs.append(study.ref)
        return refs

    def headline(self) -> list[Study]:
        """One row per study id: its whole-population result at its lowest threshold."""
        chosen: dict[str, Study] = {}
        for study in self.studies:
            if study.subgroup != "all":
                continue
            current = chosen.get(study.id)
            if current is None or _threshold_key(study) < _threshold_key(current):
                chosen[study.id] = study
        return list(chosen.values())

    def results(self, *, subgroups: bool = False) -> list[Study]:
        """Every face-matching row (whole populations only unless ``subgroups``)."""
        return [s for s in self.studies if subgroups or s.subgroup == "all"]

    def subgroups_of(self, study: Study) -> list[Study]:
        """The subgroup rows published for the same study and threshold."""
        return [
            s
            for s in self.studies
            if s.id == study.id
            and s.subgroup != "all"
            and s.threshold.value == study.threshold.value
        ]

    def contradictions_for(self, study_id: str) -> list[Contradiction]:
        return [c for c in self.contradictions if c.id == study_id]

    def gender_results(self, study_id: str | None = None) -> list[GenderResult]:
        return [g for g in self.gender if study_id is None or g.id == study_id]

    def resolve(self, ref: str) -> Study:
        """The result for ``ref``: ``ID``, ``ID@THRESHOLD`` or ``K/N``.

        A face-matching :class:`Study`, or the
        :class:`~fr_stats.live.LiveResult` of a live-facial-recognition id.

        Raises
        ------
        InputError
            For a malformed ``K/N`` or an unknown id (with a suggestion).
        NotComparableError
            For the id of a gender-classification result.
        """
        text = ref.strip()
        if "/" in text:
            return parse_count(text)
        base, _, threshold_text = text.partition("@")
        base = base.lower()
        if any(g.id == base for g in self.gender):
            raise NotComparableError(
                f"'{base}' is a gender-classification result, a different task from face matching; "
                "the two are never analysed together",
                hint=f"see it with: fr-stats show {base}",
            )
        live = next((r for r in self.live if r.id == base), None)
        if live is not None:
            if threshold_text:
                raise InputError(
                    f"'{text}': '{base}' is a live-facial-recognition result with one row; "
                    f"type it without @: {base}"
                )
            return live
        rows = [s for s in self.studies if s.id == base and s.subgroup == "all"]
        if not rows:
            raise self._unknown(text)
        if not threshold_text:
            return min(rows, key=_threshold_key)
        threshold = _parse_threshold(text, threshold_text)
        for study in rows:
            if study.threshold.value is not None and study.threshold.value == threshold:
                return study
        available = ", ".join(s.ref for s in rows)
        raise InputError(
            f"'{base}' has no published result at a {_fmt_threshold(threshold)}% threshold; "
            f"available: {available}"
        )

    def _unknown(self, ref: str) -> UnknownStudyError:
        known = self.ids() + [g.id for g in self.gender] + [r.id for r in self.live]
        close = difflib.get_close_matches(ref.lower(), known, n=1, cutoff=0.6)
        suggestion = f" Did you mean '{close[0]}'?" if close else ""
        return UnknownStudyError(
            f"unknown study '{ref}'.{suggestion}",
            hint="'fr-stats list' shows every id; type counts as K/N, e.g. 32/530",
        )

    def lookup(self, ref: str) -> Study | list[GenderResult]:
        """Like :meth:`resolve`, but a gender-classification id returns its rows."""
        base = ref.strip().partition("@")[0].lower()
        rows = self.gender_results(base)
        if rows and "/" not in ref:
            return rows
        return self.resolve(ref)

    # -- tables ------------------------------------------------------------- #

    def to_frame(self, *, subgroups: bool = True) -> pd.DataFrame:
        """Every face-matching row as a pandas DataFrame (one column per field)."""
        import pandas as pd

        records = []
        for study in self.results(subgroups=subgroups):
            record = study.to_dict()
            record.pop("facts")
            record["combines"] = ";".join(study.combines)
            for name, fact in study.facts().items():
                record[f"{name}_kind"] = fact.kind or None
                record[f"{name}_quote"] = fact.quote or None
                record[f"{name}_source"] = fact.source or None
            record.pop("adhoc", None)
            records.append(record)
        frame = pd.DataFrame.from_records(records)
        # Counts are whole numbers, with gaps where a source never published them.
        for column in ("false_matches", "tested", "gallery"):
            if column in frame:
                frame[column] = frame[column].astype("Int64")
        return frame


def _threshold_key(study: Study) -> float:
    value = study.threshold.value
    return -1.0 if value is None else float(value)


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


def _load_file(path: Path, catalog_parts: dict[str, list[Any]]) -> None:
    """Read one user table, deciding from its header which kind of table it is."""
    text = _read_text(path)
    try:
        first = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:  # _read_table reports it with its place
        first = []
    header = {h.strip() for h in first}
    kinds = table_kinds()
    kind = next((k for k in kinds if k.marker is not None and k.marker in header), kinds[-1])
    catalog_parts.setdefault(kind.kind, []).extend(kind.read(path, text))


@dataclass(frozen=True)
class TableKind:
    """One kind of table fr-stats reads.

    Attributes
    ----------
    kind
        Where its records go: ``Catalog.studies``, ``.gender``,
        ``.contradictions``, or ``Catalog.extra[kind]``.
    marker
        A header column only this kind of table has; ``None`` for the
        default kind (face-matching studies).
    bundled
        The file name of the bundled table in ``data/``.
    read
        ``read(path, text)``: the validated records of one file.
    """

    kind: str
    marker: str | None
    bundled: str
    read: Callable[[Path, str], list[Any]]


def table_kinds() -> tuple[TableKind, ...]:
    """Every kind of table, registered here and only here; the default kind last.

    Every command loads every kind, so a ``--data`` file of any kind is
    accepted wherever ``--data`` is, and each command uses what it needs.
    """
    from .ledger import read_claims  # the claims format lives beside its checks
    from .live import read_live  # live facial recognition: false alerts among alerts

    return (
        TableKind("live", "alerts", _BUNDLED_FILES["live"], read_live),
        TableKind(
            "gender",
            "error_rate",
            _BUNDLED_FILES["gender"],
            lambda path, text: [_parse_gender(r) for r in _read_table(path, GENDER_COLUMNS, text)],
        ),
        TableKind(
            "contradictions",
            "value_other",
            _BUNDLED_FILES["contradictions"],
            lambda path, text: [
                _parse_contradiction(r) for r in _read_table(path, CONTRADICTION_COLUMNS, text)
            ],
        ),
        TableKind("claims", "said_by", "claims.csv", read_claims),
        TableKind(
            "studies",
            None,
            _BUNDLED_FILES["studies"],
            lambda path, text: [_parse_study(r) for r in _read_table(path, STUDY_COLUMNS, text)],
        ),
    )


def _check_catalog(parts: dict[str, list[Any]]) -> None:
    owner: dict[str, str] = {}
    seen: dict[tuple[str, str, str], Study] = {}
    for study in parts["studies"]:
        first_file = owner.setdefault(study.id, study.origin)
        if first_file != study.origin:
            raise DataFileError(
                study.origin,
                f"id '{study.id}' is already used in {first_file}; choose another id",
                row=study.row,
                column="id",
            )
        key = (study.id, _fmt_threshold(study.threshold.value), study.subgroup)
        if key in seen:
            raise DataFileError(
                study.origin,
                f"duplicate result: id '{study.id}', threshold {study.threshold_label}, "
                f"subgroup '{study.subgroup}' appears twice (first at row {seen[key].row})",
                row=study.row,
                column="id",
            )
        seen[key] = study
    _check_ids_apart(parts)
    known = {s.id for s in parts["studies"]}
    for study in parts["studies"]:
        for part in study.combines:
            if part not in known:
                raise DataFileError(
                    study.origin, f"names unknown study '{part}'", row=study.row, column="combines"
                )


def _check_ids_apart(parts: dict[str, list[Any]]) -> None:
    """An id names one task's result: never two tasks, never two live rows."""
    tasks = {
        FACE_MATCHING: {s.id: s for s in parts["studies"]},
        GENDER_CLASSIFICATION: {g.id: g for g in parts["gender"]},
        LIVE_FACIAL_RECOGNITION: {},
    }
    for result in parts["live"]:
        first = tasks[LIVE_FACIAL_RECOGNITION].setdefault(result.id, result)
        if first is not result:
            raise DataFileError(
                result.origin,
                f"id '{result.id}' appears twice (first in {first.origin}, row {first.row})",
                row=result.row,
                column="id",
            )
    names = list(tasks)
    for i, task in enumerate(names):
        for other in names[i + 1 :]:
            clash = sorted(set(tasks[task]) & set(tasks[other]))
            if clash:
                found = tasks[task][clash[0]]
                raise DataFileError(
                    getattr(found, "origin", ""),
                    f"id '{clash[0]}' is used by both a {task} and a {other} result",
                    row=getattr(found, "row", None) or None,
                    column="id",
                )


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Catalog:
    folder = data_dir()
    parts: dict[str, list[Any]] = {"studies": [], "gender": [], "contradictions": [], "live": []}
    order = {k.kind: k for k in table_kinds()}
    bundled = [
        folder / order[k].bundled
        for k in ("studies", "gender", "contradictions", "live", "claims")
        if (folder / order[k].bundled).is_file()
    ]
    for path in bundled:
        _load_file(path, parts)
    for name in extra:
        _load_file(Path(name), parts)
    _check_catalog(parts)
    lowest: dict[str, float] = {}
    for s in parts["studies"]:
        lowest[s.id] = min(lowest.get(s.id, 101.0), _threshold_key(s))
    parts["studies"] = [
        s if _threshold_key(s) == lowest[s.id] else replace(s, default=False)
        for s in parts["studies"]
    ]
    files = tuple(str(p) for p in bundled) + extra
    core = {"studies", "gender", "contradictions", "live"}
    return Catalog(
        studies=tuple(parts["studies"]),
        gender=tuple(parts["gender"]),
        contradictions=tuple(parts["contradictions"]),
        live=tuple(parts["live"]),
        files=files,
        extra={k: tuple(v) for k, v in parts.items() if k not in core},
    )


def load(data: Iterable[str | Path] = ()) -> Catalog:
    """Load the bundled tables plus any user tables given in ``data``.

    Parameters
    ----------
    data
        Paths of extra CSV tables in the documented format. A clash with a
        bundled id (same id, threshold and subgroup) is an error.

    Returns
    -------
    Catalog
        The validated results; cached per set of files.
    """
    return _load(tuple(str(p) for p in data))


def studies(data: Iterable[str | Path] = (), *, subgroups: bool = True) -> pd.DataFrame:
    """Every face-matching result as a pandas DataFrame.

    Examples
    --------
    >>> import fr_stats
    >>> df = fr_stats.studies()
    >>> df.loc[df["id"] == "aclu2018", ["false_matches", "tested"]].values.tolist()[0]
    [28, 535]
    """
    return load(data).to_frame(subgroups=subgroups)


def study(ref: str, data: Iterable[str | Path] = ()) -> Study:
    """The result a user would type as ``ref``: ``aclu2018``, ``comparitech2020@95`` or ``28/535``."""
    return load(data).resolve(ref)


def _fmt(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _fmt_threshold(value: int | float | None) -> str:
    if value is None:
        return "unpublished"
    return f"{value:g}"
