"""The ``studies`` chart: every face-matching rate with its interval, highest first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import MissingDataError
from ...words import charts as words
from ..layout import Chart, Row
from ..style import CONTRAST
from .common import LEVEL, STUDY_COLUMNS, read_aloud, rows_panel, sources, study_row

if TYPE_CHECKING:
    from ...catalog import Catalog, Study


def _chosen(catalog: Catalog, refs: Sequence[str]) -> tuple[list[Study], list[str]]:
    """The results asked for (all but the sums of others by default), and a note for
    each sum left out."""
    if refs:
        return [catalog.resolve(r) for r in refs], []
    results = catalog.results()
    labels = {s.id: s.label for s in results}
    notes = [
        words.combined_note(combined, [labels.get(p, p) for p in combined.combines])
        for combined in results
        if combined.combines
    ]
    return [s for s in results if not s.combines], notes


def stricter_zeros(items: Sequence[Study]) -> list[Study]:
    """Zeros at a threshold stricter than every threshold with false matches."""
    found = [float(s.threshold.value) for s in items if s.k and s.threshold.value is not None]
    if not found:
        return []
    highest = max(found)
    return [s for s in items if s.k == 0 and (s.threshold.value or 0) > highest]


def chart(
    catalog: Catalog,
    refs: Sequence[str] = (),
    *,
    level: float = LEVEL,
    data: Iterable[str | Path] = (),
) -> Chart:
    """Every face-matching result's rate with its interval, highest first."""
    chosen, notes = _chosen(catalog, refs)
    drawable = [s for s in chosen if s.k is not None and s.n is not None]
    hidden = [s for s in chosen if s.k is None or s.n is None]
    if not drawable:
        raise MissingDataError(
            "none of these results has both its false matches and its number tested published, "
            "so there is no rate to plot"
        )
    if hidden:
        notes.append(words.unrated_note([s.label for s in hidden]))
    ordered = sorted(drawable, key=lambda s: (-(s.rate or 0.0), s.label, s.ref))
    stricter = stricter_zeros(drawable)
    built = [study_row(s, level) for s in ordered if s not in stricter]
    rows = [r for r, _ in built]
    if stricter:
        rows.append(Row(words.stricter_heading(stricter), shape="heading"))
        extra = [study_row(s, level) for s in ordered if s in stricter]
        rows += [replace(r, color=CONTRAST) for r, _ in extra]
        built += extra
    records = tuple(rec for _, rec in built)
    system = words.system(drawable)
    return Chart(
        kind="studies",
        name="studies",
        title=words.studies_title(drawable, system, stricter),
        subtitle=words.studies_subtitle(system),
        sources=sources(chosen),
        alt=words.studies_alt(level, read_aloud([r for r, _ in built])),
        panels=(rows_panel(rows, xlabel=words.RATE_AXIS),),
        columns=STUDY_COLUMNS,
        records=records,
        notes=(words.studies_key(level), *notes),
        results={"level": level, "studies": list(records)},
    )
