"""Did the false matches fall unevenly on a subgroup?

Where a study publishes how many of its false matches were in a subgroup
and the subgroup's share of the people tested (ACLU 2018: 11 of 28 false
matches were people of color, who are 20% of Congress), two questions can
be answered:

1. Is the subgroup's share of the false matches larger than its share of
   the people tested? If everyone were falsely matched equally often, each
   false match would be in the subgroup with probability equal to its
   population share, so the count is binomial: R's ``binom.test``.
2. How much more often was the subgroup falsely matched? This needs the
   group sizes, which were published only as a rounded share, so the group
   rates and their ratio are **derived** (535 × 20% = 107), and repeated for
   every group size the rounded share allows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import text
from ..errors import InputError, MissingDataError
from . import effects
from .common import Estimate, check_level

if TYPE_CHECKING:
    import pandas as pd

    from ..catalog import Study

KATZ = "Katz log interval (derived group sizes)"


def katz_ratio(k1: int, n1: int, k2: int, n2: int, *, level: float = 0.95) -> Estimate:
    """The ratio of two rates ``(k1/n1) / (k2/n2)`` with the Katz log interval.

    Parameters
    ----------
    k1, n1
        Events and size of the group in the numerator.
    k2, n2
        Events and size of the reference group.
    level
        Confidence level.

    Returns
    -------
    Estimate
        ``exp(log RR ± z·sqrt(1/k1 − 1/n1 + 1/k2 − 1/n2))``. With a zero
        count the log interval does not exist: the bounds are ``None`` and
        ``note`` says why (the estimate is 0, or ``None`` when the reference
        rate is 0).

    Notes
    -----
    Checked against R: ``exp(log(RR) + c(-1, 1) * qnorm(1 - a/2) *
    sqrt(1/k1 - 1/n1 + 1/k2 - 1/n2))``, the formula of
    ``epitools::riskratio(method = "wald")``.

    References
    ----------
    Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining
    confidence intervals for the risk ratio in cohort studies.
    *Biometrics* 34(3), 469-474.

    Examples
    --------
    >>> r = katz_ratio(11, 107, 17, 428)
    >>> round(r.estimate, 3), round(r.low, 3), round(r.high, 3)
    (2.588, 1.25, 5.361)
    """
    level = check_level(level)
    if k2 == 0:
        return Estimate(
            None,
            None,
            None,
            KATZ,
            note="the reference group had no false matches, so the ratio is undefined",
        )
    if k1 == 0:
        return Estimate(
            0.0, None, None, KATZ, note="no false matches in the subgroup: no log interval"
        )
    # Both counts are positive: the comparison's Katz interval, reference group as A.
    both = effects.ratio(k2, n2, k1, n1, method="katz", level=level)
    return Estimate(both.estimate, both.low, both.high, KATZ)


@dataclass(frozen=True)
class GroupRate:
    """A group's false matches, its size (derived from a share) and its rate."""

    group: str
    false_matches: int
    size: int
    rate: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "false_matches": self.false_matches,
            "size": self.size,
            "rate": self.rate,
            "derived": True,
        }


@dataclass(frozen=True)
class Scenario:
    """The results for one group size the rounded share allows."""

    population_share: float
    size: int | None
    pvalue_greater: float
    pvalue_two_sided: float
    subgroup_rate: float | None
    other_rate: float | None
    rate_ratio: Estimate | None
    published: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "population_share": self.population_share,
            "size": self.size,
            "pvalue_greater": self.pvalue_greater,
            "pvalue_two_sided": self.pvalue_two_sided,
            "subgroup_rate": self.subgroup_rate,
            "other_rate": self.other_rate,
            "rate_ratio": None if self.rate_ratio is None else self.rate_ratio.to_dict(),
            "as_published": self.published,
        }


@dataclass(frozen=True)
class DisparityResult:
    """The share test, the derived rates and their sensitivity to rounding.

    Shares and rates are proportions (``population_share`` 0.2 for 20%).
    """

    id: str
    label: str
    subgroup: str
    false_matches: int
    subgroup_false_matches: int
    tested: int | None
    population_share: float
    share_range: tuple[float, float]
    share_among_false_matches: float
    share_ci: tuple[float, float]
    pvalue_greater: float
    pvalue_two_sided: float
    group_rates: tuple[GroupRate, ...]
    rate_ratio: Estimate | None
    sensitivity: tuple[Scenario, ...]
    derived: tuple[str, ...]
    level: float
    caveats: tuple[str, ...] = field(default=())

    @property
    def holds_across_rounding(self) -> bool:
        """Whether the one-sided test is significant for every share in the range."""
        alpha = 1 - self.level
        return all(s.pvalue_greater < alpha for s in self.sensitivity)

    @property
    def verdict(self) -> str:
        alpha = 1 - self.level
        lv = text.level_pct(self.level)
        head = (
            f"{self.subgroup_false_matches} of the {self.false_matches} false matches "
            f"({text.pct(self.share_among_false_matches, 0)}) were {self.subgroup}, who were "
            f"{_share_text(self.population_share)} of the people tested."
        )
        p = self.pvalue_greater
        if p < alpha:
            test = (
                f" If everyone were falsely matched equally often, a share this high would "
                f"arise by chance with probability {text.pvalue(p)} (exact binomial test, "
                f"one-sided; two-sided p = {text.pvalue(self.pvalue_two_sided)}): the "
                "over-representation is statistically significant."
            )
        else:
            test = (
                f" A share this high would arise by chance with probability {text.pvalue(p)} "
                f"if everyone were falsely matched equally often (exact binomial test, "
                "one-sided): no statistically significant over-representation."
            )
        rates = ""
        rr = self.rate_ratio
        if len(self.group_rates) == 2 and rr is not None:
            sub, other = self.group_rates
            rates = (
                f" Derived from the rounded share, {self.subgroup} were falsely matched at "
                f"about {text.pct(sub.rate)} against {text.pct(other.rate)} for everyone else"
            )
            if rr.estimate is not None and rr.low is not None and rr.high is not None:
                rates += (
                    f", {text.number(rr.estimate, 1)} times as often ({lv} CI "
                    f"{text.number(rr.low, 1)} to {text.number(rr.high, 1)})."
                )
            else:
                rates += "."
        lo, hi = self.share_range
        ps = [s.pvalue_greater for s in self.sensitivity]
        if self.holds_across_rounding:
            robust = (
                f" The result holds for every share from {_share_text(lo)} to "
                f"{_share_text(hi)} (one-sided p from {text.pvalue(min(ps))} to "
                f"{text.pvalue(max(ps))})."
            )
        elif any(q < alpha for q in ps):
            robust = (
                f" The conclusion depends on the rounding: across shares from "
                f"{_share_text(lo)} to {_share_text(hi)} the one-sided p runs from "
                f"{text.pvalue(min(ps))} to {text.pvalue(max(ps))}."
            )
        else:
            robust = (
                f" No share from {_share_text(lo)} to {_share_text(hi)} changes this "
                f"(one-sided p from {text.pvalue(min(ps))} to {text.pvalue(max(ps))})."
            )
        return head + test + rates + robust

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "subgroup": self.subgroup,
            "false_matches": self.false_matches,
            "subgroup_false_matches": self.subgroup_false_matches,
            "tested": self.tested,
            "share_among_false_matches": self.share_among_false_matches,
            "share_ci": {
                "low": self.share_ci[0],
                "high": self.share_ci[1],
                "method": "Clopper-Pearson (R binom.test)",
            },
            "population_share": self.population_share,
            "population_share_range": list(self.share_range),
            "pvalue_greater": self.pvalue_greater,
            "pvalue_two_sided": self.pvalue_two_sided,
            "test": "exact binomial test of the share among false matches (R binom.test)",
            "group_rates": [g.to_dict() for g in self.group_rates],
            "rate_ratio": None if self.rate_ratio is None else self.rate_ratio.to_dict(),
            "sensitivity": [s.to_dict() for s in self.sensitivity],
            "holds_across_rounding": self.holds_across_rounding,
            "derived": list(self.derived),
            "level": self.level,
            "caveats": list(self.caveats),
            "verdict": self.verdict,
        }

    def to_frame(self) -> pd.DataFrame:
        """The sensitivity table: one row per group size the rounded share allows."""
        import pandas as pd

        rows = []
        for s in self.sensitivity:
            row = s.to_dict()
            rr = row.pop("rate_ratio") or {}
            row.update({f"ratio_{k}": rr.get(k) for k in ("estimate", "low", "high")})
            rows.append(row)
        return pd.DataFrame.from_records(rows)


def _source_name(source: str) -> str:
    """``'secondary: Newser, https://...'`` -> ``'Newser'``."""
    name = source.split(",")[0].strip()
    return name.split(":", 1)[1].strip() if ":" in name else name


def _share_text(share: float) -> str:
    return f"{100 * share:.10g}%"


def _rounding_range(percent: float) -> tuple[float, float]:
    """The shares (in percent) that round to ``percent`` at its published precision."""
    exponent = Decimal(repr(float(percent))).normalize().as_tuple().exponent
    decimals = max(0, -int(exponent))
    half = 0.5 * 10.0**-decimals
    return max(0.0, percent - half), min(100.0, percent + half)


def _binom(k: int, n: int, p: float) -> tuple[float, float]:
    from scipy.stats import binomtest

    return (
        float(binomtest(k, n, p, alternative="greater").pvalue),
        float(binomtest(k, n, p, alternative="two-sided").pvalue),
    )


def _missing(study: Study, sub: Study) -> list[str]:
    """What a subgroup row lacks for the test, in words."""
    return [
        what
        for what, value in (
            (f"the false matches among {sub.subgroup}", sub.k),
            (f"the share of {sub.subgroup} among the people tested", sub.population_share.value),
            ("the false matches in all", study.k),
        )
        if value is None
    ]


def _pick_subgroup(study: Study, rows: list[Study], subgroup: str | None) -> Study:
    if subgroup is not None:
        chosen = [r for r in rows if r.subgroup.lower() == subgroup.strip().lower()]
        if not chosen:
            names = ", ".join(f"'{r.subgroup}'" for r in rows) or "none"
            raise InputError(
                f"{study.ref} has no subgroup '{subgroup}'; published subgroups: {names}"
            )
        return chosen[0]
    if not rows:
        raise MissingDataError(
            f"{study.ref}: no subgroup results were published, so there is no disparity to test",
            hint="subgroup rows need false matches in the subgroup and its share of the people "
            "tested (data/README.md)",
        )
    usable = [r for r in rows if r.k is not None and r.population_share.value is not None]
    if len(usable) == 1:
        return usable[0]
    if len(rows) == 1:
        return rows[0]  # its missing numbers are named by the caller
    if not usable:
        by_gap: dict[str, list[str]] = {}
        for r in rows:
            gap = " and ".join(
                what
                for what, value in (
                    ("false matches", r.k),
                    ("share of the people tested", r.population_share.value),
                )
                if value is None
            )
            by_gap.setdefault(gap, []).append(f"'{r.subgroup}'")
        gaps = "; ".join(f"the {gap} of {', '.join(names)}" for gap, names in by_gap.items())
        raise MissingDataError(
            f"{study.ref}: no subgroup has both its false matches and its share of the people "
            f"tested published; never published: {gaps}",
            hint=f"see what was published: fr-stats show {study.ref}",
        )
    names = ", ".join(f"'{r.subgroup}'" for r in usable)
    raise InputError(
        f"{study.ref} has several subgroups with the numbers needed ({names}); choose one",
        hint=f"e.g. --subgroup '{usable[0].subgroup}'",
    )


def disparity(
    ref: str,
    *,
    subgroup: str | None = None,
    level: float = 0.95,
    data: Iterable[str | Path] = (),
) -> DisparityResult:
    """Test whether a subgroup's share of the false matches exceeds its share of the people.

    Parameters
    ----------
    ref
        A study id (``aclu2018``) or ``ID@THRESHOLD``.
    subgroup
        Which published subgroup; optional when only one has the numbers.
    level
        Confidence level of the rate ratio's interval and the share's interval.
    data
        Extra CSV tables with subgroup rows (``population_share`` in percent).

    Returns
    -------
    DisparityResult

    Raises
    ------
    MissingDataError
        When the study has no subgroup rows, or the subgroup's false matches
        or its share of the people tested were never published (the message
        names which).
    InputError
        For an unknown id or subgroup, impossible counts, or a share of 0% or
        100% (no one, or everyone, is in the subgroup: nothing to compare).

    Notes
    -----
    The p-values are :func:`scipy.stats.binomtest`, equal to R's
    ``binom.test(k, K, p = share, alternative = "greater")$p.value`` and
    ``binom.test(k, K, p = share)$p.value`` (two-sided, R's rule of summing
    outcomes no more likely than the one seen); the share's interval is
    Clopper–Pearson, as R's ``binom.test(...)$conf.int``. The group sizes are
    **derived**: ``round(tested × share)`` for the subgroup, the rest for
    everyone else. The sensitivity table repeats everything for each whole
    group size ``m`` with ``m / tested`` inside the range the published share
    could have been rounded from (``20`` percent: 19.5% to 20.5%, so 105 to 109
    of 535). The rate ratio's interval is Katz's (:func:`katz_ratio`). Checked
    against R in tests/test_disparity.py.

    References
    ----------
    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial
    limits illustrated in the case of the binomial. *Biometrika* 26(4), 404-413.

    Examples
    --------
    >>> r = disparity("aclu2018")
    >>> r.subgroup, round(r.pvalue_greater, 4), [g.size for g in r.group_rates]
    ('people of color', 0.0149, [107, 428])
    """
    from scipy.stats import binomtest

    from ..catalog import load

    level = check_level(level)
    catalog = load(data)
    study = catalog.resolve(ref)
    if study.adhoc:
        raise InputError(
            f"'{ref}' is a typed count; disparity needs a study id with published subgroup "
            "results, e.g. aclu2018"
        )
    sub = _pick_subgroup(study, catalog.subgroups_of(study), subgroup)
    missing = _missing(study, sub)
    if missing:
        raise MissingDataError(
            f"{study.ref}: {' and '.join(missing)} "
            f"{'was' if len(missing) == 1 else 'were'} never published, so the disparity "
            "cannot be tested",
            hint=f"see what was published: fr-stats show {study.ref}",
        )
    assert sub.k is not None and study.k is not None  # checked just above
    big_k, k = study.k, sub.k
    percent = float(sub.population_share.value)  # type: ignore[arg-type]
    if k > big_k:
        raise InputError(
            f"{study.ref}: {k} false matches among {sub.subgroup} cannot exceed the {big_k} in all"
        )
    if big_k == 0:
        raise InputError(f"{study.ref}: there were no false matches, so no share to test")
    if not 0 < percent < 100:
        raise InputError(
            f"{study.ref}: a population share of {percent:g}% puts "
            f"{'no one' if percent <= 0 else 'everyone'} in '{sub.subgroup}', so there is "
            "no one to compare with"
        )
    share = percent / 100
    n = study.n
    lo_pct, hi_pct = _rounding_range(percent)
    derived: list[str] = []
    caveats = [
        f"The number of {sub.subgroup} tested was never published, only a share "
        f"({_share_text(share)}); group sizes, rates and their ratio are derived from it.",
        "The test treats each false match as an independent draw; it says whether the "
        "share is larger than chance would give, not why.",
    ]
    if sub.false_matches.source:
        caveats.append(
            f"The count of {k} is from {_source_name(sub.false_matches.source)}, "
            "a secondary source, not the study's own page."
        )
    ci = binomtest(k, big_k, share).proportion_ci(confidence_level=level, method="exact")
    p_greater, p_two = _binom(k, big_k, share)

    group_rates: tuple[GroupRate, ...] = ()
    ratio: Estimate | None = None
    scenarios: list[Scenario] = []
    if n is None:
        caveats.append(
            "The number of people tested was never published, so no group rates can be derived."
        )
        for pct in sorted({lo_pct, percent, hi_pct}):
            g, t = _binom(k, big_k, pct / 100)
            scenarios.append(Scenario(pct / 100, None, g, t, None, None, None, pct == percent))
    else:
        m = round(n * share)
        if not (k <= m and big_k - k <= n - m):
            raise InputError(
                f"{study.ref}: {_share_text(share)} of {n:,} is {m:,} people, fewer than the "
                f"false matches it would have to hold; the counts are inconsistent"
            )
        group_rates = (
            GroupRate(sub.subgroup, k, m, k / m),
            GroupRate("everyone else", big_k - k, n - m, (big_k - k) / (n - m)),
        )
        ratio = katz_ratio(k, m, big_k - k, n - m, level=level)
        derived += [
            f"{sub.subgroup} tested: {n:,} × {_share_text(share)} = {n * share:,.10g}"
            + ("" if n * share == m else f", rounded to {m:,}"),
            f"everyone else tested: {n:,} − {m:,} = {n - m:,}",
            f"false-match rate of {sub.subgroup}: {k} / {m:,}",
            f"false-match rate of everyone else: {big_k - k} / {n - m:,}",
            "rate ratio: the first rate over the second",
        ]
        sizes = range(math.ceil(n * lo_pct / 100 - 1e-9), math.floor(n * hi_pct / 100 + 1e-9) + 1)
        skipped = []
        for size in sizes:
            if size <= 0 or size >= n or k > size or big_k - k > n - size:
                skipped.append(size)
                continue
            g, t = _binom(k, big_k, size / n)
            scenarios.append(
                Scenario(
                    size / n,
                    size,
                    g,
                    t,
                    k / size,
                    (big_k - k) / (n - size),
                    katz_ratio(k, size, big_k - k, n - size, level=level),
                    size == m,
                )
            )
        if skipped:
            caveats.append(
                "Group sizes that could not hold the false matches were left out of the "
                f"sensitivity table: {', '.join(str(s) for s in skipped)}."
            )
        derived.append(
            f"sensitivity: every whole group size from {sizes.start:,} to {sizes.stop - 1:,} "
            f"({_share_text(lo_pct / 100)} to {_share_text(hi_pct / 100)} of {n:,}), the "
            f"shares a published {percent:g}% could have been rounded from"
        )
    if study.n is not None and study.tested.source:
        caveats.append(
            f"The {study.n:,} people tested is from {_source_name(study.tested.source)}, "
            "a secondary source."
        )
    return DisparityResult(
        id=study.ref,
        label=study.label,
        subgroup=sub.subgroup,
        false_matches=big_k,
        subgroup_false_matches=k,
        tested=n,
        population_share=share,
        share_range=(lo_pct / 100, hi_pct / 100),
        share_among_false_matches=k / big_k,
        share_ci=(float(ci.low), float(ci.high)),
        pvalue_greater=p_greater,
        pvalue_two_sided=p_two,
        group_rates=group_rates,
        rate_ratio=ratio,
        sensitivity=tuple(scenarios),
        derived=tuple(derived),
        level=level,
        caveats=tuple(caveats),
    )
