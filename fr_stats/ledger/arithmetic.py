"""The arithmetic check (GRIM-style): does a stated figure match the published counts?

"X percent" holds when the rate rounds to X at the precision X is written with;
"one in N" when N is the whole number nearest to tested ÷ false matches; a
figure that is the value truncated at its precision is consistent too. The
arithmetic is in :mod:`.rounding`; the words in :mod:`fr_stats.words.claims`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from ..catalog import Catalog, Study
from ..words import claims as words
from .facts import Alternative, ArithmeticFacts, Basis, Counts, Resolved
from .result import Outcome
from .rounding import OneInN, Rounding, judge, judge_one_in_n
from .table import CANNOT, INCONSISTENT, LIVE_QUANTITIES, SUPPORTED, Claim


@dataclass(frozen=True)
class _Value:
    """The exact value a stated figure describes, and how it was computed."""

    value: Fraction
    formula: str
    numerator: int
    denominator: int


def _ratio(k: int, n: int) -> _Value:
    return _Value(Fraction(k, n), words.ratio(k, n), k, n)


def check_arithmetic(claim: Claim, catalog: Catalog, data: tuple[str, ...] = ()) -> Outcome:
    """The stated figure against the exact value its counts give."""
    value, basis, gap = _value(claim, catalog)
    qualifier = claim.qualifier or None
    if value is None:
        facts = ArithmeticFacts(basis, float(claim.figure), claim.form, qualifier, missing=gap)
        return Outcome(CANNOT, gap, facts)
    grade = _grade(claim, value)
    verdict = SUPPORTED if grade.holds else INCONSISTENT
    reason = _reason(claim, grade, value.formula)
    study = catalog.resolve(claim.studies[0])
    if claim.quantity == "faces-scanned":
        reason = words.per_alert_first(*study.require_counts(), reason)
    resolved = _resolved(claim, study)
    if resolved is not None:
        never = study.require_counts()[0] - resolved.false_alerts
        reason += words.resolved(
            resolved.false_alerts, resolved.alerts, never, resolved.holds, too=grade.holds
        )
    alternatives = _alternatives(claim, study, catalog) if claim.quantity == "rate" else ()
    if alternatives:
        reason += words.alternatives([_alternative_text(a, verdict) for a in alternatives])
    if claim.quantity == "accuracy-per-comparison":
        reason += words.per_comparison(*study.require_counts())
    facts = ArithmeticFacts(
        basis,
        float(claim.figure),
        claim.form,
        qualifier,
        grade=grade,
        derived=_derived(grade),
        note=words.ONE_IN_UNDEFINED,
        resolved=resolved,
        alternatives=alternatives,
    )
    return Outcome(verdict, reason, facts)


def _grade(claim: Claim, value: _Value) -> Rounding | OneInN:
    if claim.form == "one-in-n":
        k, n = value.numerator, value.denominator
        return judge_one_in_n(value.value, k, n, claim.figure, claim.qualifier)
    return judge(value.value, claim.figure, claim.form, claim.qualifier)


def _reason(claim: Claim, grade: Rounding | OneInN, formula: str) -> str:
    if isinstance(grade, OneInN):
        return words.one_in_n(grade, formula, claim.figure, claim.qualifier)
    return words.rounding(grade, formula, claim.form, claim.figure, claim.qualifier)


def _derived(grade: Rounding | OneInN) -> str:
    if isinstance(grade, OneInN) and grade.one_in is not None:
        return words.one_in_derived(grade.one_in, grade.k, grade.n)
    return ""


def _value(claim: Claim, catalog: Catalog) -> tuple[_Value | None, Basis, str]:
    """The exact value the figure describes, the numbers behind it, and a gap if any."""
    if not claim.studies:
        return None, Basis(quantity=claim.quantity), words.NO_COUNTS
    study = catalog.resolve(claim.studies[0])
    if claim.quantity in LIVE_QUANTITIES:
        return _live_value(claim, study)
    base = Basis(quantity=claim.quantity, study=Counts.of(study))
    if claim.quantity == "share":
        sub = next(s for s in catalog.subgroups_of(study) if s.subgroup == claim.subgroup)
        if sub.k is None or not study.k:
            return None, base, words.share_unpublished(claim.subgroup, study)
        value = _ratio(sub.k, study.k)
        return value, _with(base, value, subgroup=claim.subgroup), ""
    if study.k is None or study.n is None:
        return None, base, words.unpublished(study)
    k, n = study.require_counts()
    if claim.quantity == "rate":
        value = _ratio(k, n)
        return value, _with(base, value), ""
    if study.gallery.value is None:
        return None, base, words.gallery_unpublished(study)
    gallery = int(study.gallery.value)
    comparisons = n * gallery
    base = Basis(
        quantity=claim.quantity,
        study=base.study,
        probes=n,
        gallery=gallery,
        comparisons=comparisons,
        derived=words.comparisons_derived(n, gallery),
    )
    if claim.quantity == "comparisons":
        formula = words.product(n, gallery)
        return (
            _Value(Fraction(comparisons), formula, comparisons, 1),
            replace(base, formula=formula),
            "",
        )
    value = _Value(
        1 - Fraction(k, comparisons),
        words.accuracy_formula(k, comparisons),
        comparisons - k,
        comparisons,
    )
    basis = _with(
        base,
        value,
        per_probe_rate=k / n,
        per_probe_formula=words.ratio(k, n),
        units=words.accuracy_units(k),
    )
    return value, basis, ""


def _with(basis: Basis, value: _Value, **more: Any) -> Basis:
    """``basis`` with the value's numerator, denominator and formula (and ``more``)."""
    return replace(
        basis,
        numerator=value.numerator,
        denominator=value.denominator,
        formula=value.formula,
        **more,
    )


def _live_value(claim: Claim, study: Study) -> tuple[_Value | None, Basis, str]:
    """False alerts per alert or per face scanned, as an exact fraction."""
    from ..live import LiveResult

    assert isinstance(study, LiveResult)  # _check_task keeps these quantities to such results
    base = Basis(study=Counts.of(study))
    k, n = study.require_counts()
    if claim.quantity == "alerts":
        value = _ratio(k, n)
        return value, _with(base, value), ""
    if study.faces is None:
        return None, base, words.faces_unpublished(study)
    value = _ratio(k, study.faces)
    basis = _with(
        base,
        value,
        faces_scanned=study.faces,
        per_alert_rate=k / n,
        per_alert_formula=words.ratio(k, n),
    )
    return value, basis, ""


def _resolved(claim: Claim, study: Study) -> Resolved | None:
    """The figure on resolved alerts only, for a per-alert live result that has them."""
    from ..live import LiveResult

    if not isinstance(study, LiveResult) or claim.quantity != "alerts":
        return None
    if study.resolved is None:
        return None
    wrong, total = study.resolved
    grade = _grade(claim, _ratio(wrong, total))
    return Resolved(false_alerts=wrong, alerts=total, holds=grade.holds)


def _alternatives(claim: Claim, study: Study, catalog: Catalog) -> tuple[Alternative, ...]:
    """The same check with a count another source gives (``contradictions.csv``)."""
    out = []
    for c in catalog.contradictions_for(study.id):
        if c.field not in ("tested", "false_matches"):
            continue
        try:
            other = int(c.value_other.replace(",", ""))
        except ValueError:
            continue
        k, n = study.require_counts()
        if c.field == "tested":
            n = other
        else:
            k = other
        if n <= 0 or k > n:
            continue
        out.append(
            Alternative(
                field=c.field,
                value_other=other,
                source=c.other_source,
                source_short=c.other_source.split(",")[0].removeprefix("secondary: "),
                false_matches=k,
                tested=n,
                grade=_grade(claim, _ratio(k, n)),
            )
        )
    return tuple(out)


def _alternative_text(alt: Alternative, verdict: str) -> str:
    holds = alt.grade.holds
    same = holds == (verdict == SUPPORTED)
    return words.alternative(alt.value_other, alt.field, alt.source_short, holds, same)
