"""The catalog: every loaded result, and the look-up of ``ID``, ``ID@THRESHOLD`` and ``K/N``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..errors import InputError, NotComparableError, UnknownStudyError
from .records import Contradiction, GenderResult, Study, _fmt_threshold, _threshold_key
from .refs import _parse_threshold, parse_count

if TYPE_CHECKING:
    import pandas as pd

    from ..live import LiveResult


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
        seen = set(refs)
        for study in self.studies:
            if study.subgroup == "all" and study.ref not in seen:
                refs.append(study.ref)
                seen.add(study.ref)
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
        rows = self._whole_population.get(base, [])
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

    @cached_property
    def _whole_population(self) -> dict[str, list[Study]]:
        """The whole-population rows of each id, in table order (one look-up, not a scan)."""
        rows: dict[str, list[Study]] = {}
        for study in self.studies:
            if study.subgroup == "all":
                rows.setdefault(study.id, []).append(study)
        return rows

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
