"""The numbers each check rests on: small frozen dataclasses, JSON through ``to_dict()``.

``to_dict()`` gives the ``numbers`` of ``fr-stats claims --format json``: its field
names and order are part of the output, documented in ``docs/commands.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .rounding import OneInN, Rounding, round_half_up, truncate

if TYPE_CHECKING:
    from ..analysis.compare import CompareResult
    from ..analysis.disparity import DisparityResult
    from ..catalog import Study
    from ..stats.equivalence import Equivalence

EXACT_BOUND = "exact (Clopper-Pearson) one-sided"
"""How every upper bound of the ledger is computed."""


@dataclass(frozen=True)
class Counts:
    """A study's counts as the ledger lists them."""

    id: str
    label: str
    threshold: float | None
    false_matches: int | None
    tested: int | None
    rate: float | None
    upper_bound: float | None = None
    implied_false_matches: int | None = None

    @classmethod
    def of(cls, study: Study, **extra: Any) -> Counts:
        return cls(
            id=study.ref,
            label=study.label,
            threshold=study.threshold.value,
            false_matches=study.k,
            tested=study.n,
            rate=study.rate,
            **extra,
        )

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "label": self.label,
            "threshold": self.threshold,
            "false_matches": self.false_matches,
            "tested": self.tested,
            "rate": self.rate,
        }
        if self.upper_bound is not None:
            out["upper_bound"] = self.upper_bound
        if self.implied_false_matches is not None:
            out["implied_false_matches"] = self.implied_false_matches
        return out


# --------------------------------------------------------------------------- #
# change, no-change
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class PairMissing:
    """Two results, one of whose counts was never published."""

    a: Counts
    b: Counts
    missing: str
    margin: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a": self.a.to_dict(), "b": self.b.to_dict()}
        if self.margin is not None:
            out["margin"] = self.margin
        out["missing"] = self.missing
        return out


@dataclass(frozen=True)
class ChangeFacts:
    """A change claim: the comparison of B with A, and the direction claimed."""

    result: CompareResult
    direction_claimed: str

    def to_dict(self) -> dict[str, Any]:
        out = self.result.to_dict()
        return {
            "a": out["a"],
            "b": out["b"],
            "level": out["level"],
            "difference": out["difference"],
            "ratio": out["ratio"],
            "fisher_pvalue": self.result.test("fisher").pvalue,
            "tests": out["tests"],
            "power": out["power"],
            "finding": out["finding"],
            "comparability": out["comparability"],
            "direction_claimed": self.direction_claimed,
            "direction_observed": out["finding"]["direction"],
            "caveats": out["caveats"],
            "compare_verdict": out["verdict"],
        }


@dataclass(frozen=True)
class NoChangeFacts:
    """A no-change claim: the two results and the equivalence test."""

    a: Counts
    b: Counts
    tost: Equivalence

    def to_dict(self) -> dict[str, Any]:
        from ..words import notes

        return {"a": self.a.to_dict(), "b": self.b.to_dict(), **notes.equivalence_dict(self.tost)}


# --------------------------------------------------------------------------- #
# disparity, zero
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class SubgroupMissing:
    """A disparity claim whose subgroup counts or share were never published."""

    study: Counts
    subgroup: str
    missing: str

    def to_dict(self) -> dict[str, Any]:
        return {"study": self.study.to_dict(), "subgroup": self.subgroup, "missing": self.missing}


@dataclass(frozen=True)
class DisparityFacts:
    """A disparity claim: the subgroup's share of the false matches, tested."""

    result: DisparityResult

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.result.to_dict())
        out["disparity_text"] = out.pop("verdict")
        return out


@dataclass(frozen=True)
class ZeroFacts:
    """A zero claim: each study's counts and, when all were published, the bound."""

    studies: tuple[Counts, ...]
    level: float
    missing: tuple[str, ...] = ()
    tested: int | None = None
    upper_bound: float | None = None
    derived: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"studies": [s.to_dict() for s in self.studies], "level": self.level}
        if self.missing:
            out["missing"] = list(self.missing)
        if self.upper_bound is not None:
            out.update(false_matches=0, tested=self.tested, upper_bound=self.upper_bound)
            out["upper_bound_method"] = EXACT_BOUND
        if self.derived:
            out["derived"] = list(self.derived)
        return out


# --------------------------------------------------------------------------- #
# arithmetic
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Basis:
    """What a stated figure describes and how it was computed from the counts; a field
    is ``None`` when the quantity does not use it (and is then left out of the JSON)."""

    quantity: str | None = None
    study: Counts | None = None
    subgroup: str | None = None
    probes: int | None = None
    gallery: int | None = None
    comparisons: int | None = None
    derived: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    formula: str | None = None
    faces_scanned: int | None = None
    per_alert_rate: float | None = None
    per_alert_formula: str | None = None
    per_probe_rate: float | None = None
    per_probe_formula: str | None = None
    units: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.study is not None:
            out["study"] = self.study.to_dict()
        if self.quantity is not None:
            out["quantity"] = self.quantity
        for name in ("subgroup", "probes", "gallery", "comparisons"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.derived is not None:
            out["derived"] = [self.derived]
        for name in (
            "numerator",
            "denominator",
            "formula",
            "faces_scanned",
            "per_alert_rate",
            "per_alert_formula",
            "per_probe_rate",
            "per_probe_formula",
            "units",
        ):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


@dataclass(frozen=True)
class Resolved:
    """A live result's other reading: false alerts among resolved alerts only."""

    false_alerts: int
    alerts: int
    holds: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "false_alerts": self.false_alerts,
            "alerts": self.alerts,
            "value": self.false_alerts / self.alerts,
            "holds": self.holds,
        }


@dataclass(frozen=True)
class Alternative:
    """The same arithmetic with a count another source gives (``contradictions.csv``)."""

    field: str
    value_other: int
    source: str
    source_short: str
    false_matches: int
    tested: int
    grade: Rounding | OneInN

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "field": self.field,
            "value_other": self.value_other,
            "source": self.source,
            "source_short": self.source_short,
            "false_matches": self.false_matches,
            "tested": self.tested,
            "value": self.false_matches / self.tested,
            "holds": self.grade.holds,
        }
        if isinstance(self.grade, OneInN):
            graded = one_in_n_dict(self.grade, "")
            out["one_in"] = graded["one_in"]
            if "nearest_whole" in graded:
                out["nearest_whole"] = graded["nearest_whole"]
        return out


def rounding_dict(r: Rounding) -> dict[str, Any]:
    """A percent or count figure's arithmetic, as JSON."""
    x, fine, coarse = r.computed, r.fine, r.coarse
    return {
        "value": float(r.value),
        "computed": float(x),
        "rounding_unit": float(coarse),
        "rounding_unit_finest": float(fine),
        "rounds_to": float(round_half_up(x, coarse)),
        "rounds_to_finest": float(round_half_up(x, fine)),
        "truncates_to_finest": float(truncate(x, fine)),
        "right_side": r.right_side,
        "within_rounding": r.within,
        "within_rounding_finest": r.within_finest,
        "truncated": r.truncated,
        "within_tolerance": r.near,
        "tolerance": float(r.tolerance) if r.qualifier else None,
    }


def one_in_n_dict(r: OneInN, derived: str, note: str = "") -> dict[str, Any]:
    """A one-in-N figure's arithmetic, as JSON (``note`` says why it is undefined)."""
    if r.one_in is None:
        return {"value": 0.0, "one_in": None, "note": note}
    return {
        "value": float(r.value),
        "one_in": float(r.one_in),
        "nearest_whole": r.nearest,
        "right_side": r.right_side,
        "within_rounding": r.within,
        "within_tolerance": r.near,
        "tolerance": float(r.tolerance) if r.qualifier else None,
        "derived": [derived],
    }


@dataclass(frozen=True)
class ArithmeticFacts:
    """An arithmetic claim: what the figure describes, the figure, and the arithmetic
    (``None`` when a count was never published: ``missing`` says which)."""

    basis: Basis
    figure: float
    form: str
    qualifier: str | None
    missing: str | None = None
    grade: Rounding | OneInN | None = None
    derived: str = ""
    note: str = ""
    resolved: Resolved | None = None
    alternatives: tuple[Alternative, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out = self.basis.to_dict()
        out.update(figure=self.figure, form=self.form, qualifier=self.qualifier)
        if self.missing is not None:
            out["missing"] = self.missing
        if isinstance(self.grade, Rounding):
            out.update(rounding_dict(self.grade))
        elif isinstance(self.grade, OneInN):
            out.update(one_in_n_dict(self.grade, self.derived, self.note))
        if self.resolved is not None:
            out["resolved"] = self.resolved.to_dict()
        if self.alternatives:
            out["alternatives"] = [a.to_dict() for a in self.alternatives]
        return out


# --------------------------------------------------------------------------- #
# threshold
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class ThresholdUsedFacts:
    """A claim about the threshold the studies used: each study's threshold."""

    stated_threshold: float
    studies: tuple[Counts, ...]
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        rows = [{"id": s.id, "label": s.label, "threshold": s.threshold} for s in self.studies]
        out: dict[str, Any] = {"stated_threshold": self.stated_threshold, "studies": rows}
        if self.missing:
            out["missing"] = list(self.missing)
        return out


@dataclass(frozen=True)
class AdvisedFacts:
    """A claim about an advised threshold: the false matches below it, at or above it,
    and implied at it by a zero at a lower one; the bound when there is evidence."""

    advised_threshold: float
    level: float
    below: tuple[Counts, ...]
    at_or_above: tuple[Counts, ...]
    implied: tuple[Counts, ...]
    derived: tuple[str, ...]
    can_be_said: tuple[str, ...]
    cannot_be_said: tuple[str, ...]
    missing: str | None = None
    false_matches: int = 0
    tested: int = 0
    upper_bound: float | None = None
    same_probes_below: tuple[int, int] = (0, 0)

    @property
    def fewer(self) -> bool:
        """The bound at the advised threshold is below the rate of the same probes at the
        default."""
        kb, nb = self.same_probes_below
        return bool(nb and self.upper_bound is not None and self.upper_bound < kb / nb)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "advised_threshold": self.advised_threshold,
            "level": self.level,
            "below_advised": [s.to_dict() for s in self.below],
            "at_or_above_advised": [s.to_dict() for s in self.at_or_above],
            "implied_at_advised": [s.to_dict() for s in self.implied],
        }
        if self.derived:
            out["derived"] = list(self.derived)
        if self.upper_bound is not None:
            kb, nb = self.same_probes_below
            out.update(
                false_matches_at_advised=self.false_matches,
                tested_at_advised=self.tested,
                upper_bound_at_advised=self.upper_bound,
                upper_bound_method=EXACT_BOUND,
                same_probes_below={
                    "false_matches": kb,
                    "tested": nb,
                    "rate": kb / nb if nb else None,
                },
            )
        out["can_be_said"] = list(self.can_be_said)
        out["cannot_be_said"] = list(self.cannot_be_said)
        if self.upper_bound is None:
            out["missing"] = self.missing
        else:
            out["false_matches_fewer_at_advised"] = self.fewer
        return out
