"""Did the false matches fall unevenly on a subgroup? :func:`fr_stats.disparity`.

Finds a study's published subgroup row, checks that the numbers the test
needs were published, runs :func:`fr_stats.stats.disparity.share_test` and
takes the verdict, the derivations and the caveats from
:mod:`fr_stats.words.disparity`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import Study, load
from ..display import Displayable
from ..errors import InputError, MissingDataError
from ..stats.common import Estimate, check_level
from ..stats.disparity import Scenario, share_test, subgroup_size
from ..words import disparity as disparity_words
from ..words import notes

if TYPE_CHECKING:
    import pandas as pd


SHARE_CI_METHOD = "Clopper-Pearson (R binom.test)"
"""The interval of the share among false matches (``DisparityResult.share_ci``)."""


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
class DisparityResult(Displayable):
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
        """What the test and the derived rates say, in plain words (:mod:`fr_stats.words.disparity`)."""
        return disparity_words.verdict(self)

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
                "method": SHARE_CI_METHOD,
            },
            "population_share": self.population_share,
            "population_share_range": list(self.share_range),
            "pvalue_greater": self.pvalue_greater,
            "pvalue_two_sided": self.pvalue_two_sided,
            "test": "exact binomial test of the share among false matches (R binom.test)",
            "group_rates": [g.to_dict() for g in self.group_rates],
            "rate_ratio": _ratio_dict(self.rate_ratio),
            "sensitivity": [
                {**s.to_dict(), "rate_ratio": _ratio_dict(s.rate_ratio)} for s in self.sensitivity
            ],
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


def _ratio_dict(rr: Estimate | None) -> dict[str, Any] | None:
    return None if rr is None else notes.estimate_dict(rr)


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
    The p-values are :func:`fr_stats.stats.binomial.binom_test`, equal to R's
    ``binom.test(k, K, p = share, alternative = "greater")$p.value`` and
    ``binom.test(k, K, p = share)$p.value`` (two-sided, R's rule of summing
    outcomes no more likely than the one seen); the share's interval is
    Clopper–Pearson, as R's ``binom.test(...)$conf.int``. The group sizes are
    **derived**: ``round(tested × share)`` for the subgroup, the rest for
    everyone else. The sensitivity table repeats everything for each whole
    group size ``m`` with ``m / tested`` inside the range the published share
    could have been rounded from (``20`` percent: 19.5% to 20.5%, so 105 to 109
    of 535). The rate ratio's interval is Katz's (:func:`~fr_stats.stats.disparity.katz_ratio`). Checked
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
    level = check_level(level)
    catalog = load(data)
    study = catalog.resolve(ref)
    if study.adhoc:
        raise InputError(
            f"'{ref}' is a typed count; disparity needs a study id with published subgroup "
            "results, e.g. aclu2018"
        )
    sub = _pick_subgroup(study, catalog.subgroups_of(study), subgroup)
    k, big_k, percent = _counts(study, sub)
    numbers = share_test(k, big_k, percent, study.n, level=level)
    n, m = study.n, numbers.size
    group_rates: tuple[GroupRate, ...] = ()
    derived: list[str] = []
    if n is not None and m is not None and numbers.sizes is not None:
        group_rates = (
            GroupRate(sub.subgroup, k, m, k / m),
            GroupRate("everyone else", big_k - k, n - m, (big_k - k) / (n - m)),
        )
        derived = disparity_words.derived(
            sub.subgroup, k, big_k, n, numbers.share, m, numbers.sizes, numbers.share_range, percent
        )
    caveats = disparity_words.caveats(
        sub.subgroup,
        numbers.share,
        k,
        count_source=sub.false_matches.source,
        tested=n,
        tested_source=study.tested.source,
        skipped=numbers.skipped,
    )
    return DisparityResult(
        id=study.ref,
        label=study.label,
        subgroup=sub.subgroup,
        false_matches=big_k,
        subgroup_false_matches=k,
        tested=n,
        population_share=numbers.share,
        share_range=numbers.share_range,
        share_among_false_matches=k / big_k,
        share_ci=numbers.share_ci,
        pvalue_greater=numbers.pvalue_greater,
        pvalue_two_sided=numbers.pvalue_two_sided,
        group_rates=group_rates,
        rate_ratio=numbers.rate_ratio,
        sensitivity=numbers.sensitivity,
        derived=tuple(derived),
        level=level,
        caveats=tuple(caveats),
    )


def _counts(study: Study, sub: Study) -> tuple[int, int, float]:
    """The subgroup's false matches, all false matches and the share in percent, checked."""
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
    n = study.n
    if n is not None:
        m = subgroup_size(n, percent / 100)
        if not (k <= m and big_k - k <= n - m):
            raise InputError(
                f"{study.ref}: {disparity_words.share_text(percent / 100)} of {n:,} is {m:,} "
                "people, fewer than the false matches it would have to hold; the counts are "
                "inconsistent"
            )
    return k, big_k, percent
