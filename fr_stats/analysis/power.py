"""Power, sample size or detectable difference for two rates: :func:`fr_stats.power`.

Chooses the question from the arguments, resolves study refs through the
catalog, computes with :mod:`fr_stats.stats.power` (R's
``power.prop.test``) and takes the verdict and notes from
:mod:`fr_stats.words.power`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import text
from ..catalog import load
from ..display import Displayable
from ..errors import InputError
from ..stats.common import check_level
from ..stats.power import (
    Detectable,
    check_n,
    check_power,
    check_rate,
    detectable_changes,
    detectable_difference,
    power_two_proportions,
    sample_size,
)
from ..words import power as power_words
from ..words.power import METHOD


@dataclass(frozen=True)
class PowerResult(Displayable):
    """What ``fr-stats power`` computes.

    Attributes
    ----------
    solved_for
        ``"p2"`` (the smallest detectable rate for ``p1`` and ``n``),
        ``"n"`` (the people per group for ``p1`` and ``p2``) or ``"power"``
        (the power of ``n`` per group for ``p1`` and ``p2``).
    p1, p2
        The reference rate and the second rate (solved or given).
    mde
        ``p2 - p1`` (signed; the minimum detectable difference when solved).
    n_per_group
        People per group (solved, unrounded, or given).
    power, level
        The power (asked for, or solved) and the confidence level.
    p2_below, mde_below
        For ``solved_for == "p2"``: the smallest detectable *decrease*
        (``None`` when no rate down to 0 is detectable; ``notes`` says so).
    studies
        The study refs whose observed rates were used, if any.
    """

    solved_for: str
    p1: float
    p2: float | None
    mde: float | None
    n_per_group: float | None
    power: float
    level: float
    p2_below: float | None = None
    mde_below: float | None = None
    studies: tuple[dict[str, Any], ...] = ()
    n_studies: float | None = None
    mde_at_study_size: float | None = None
    detectable: Detectable | None = None
    notes: tuple[str, ...] = field(default=())
    method: str = METHOD

    @property
    def verdict(self) -> str:
        """One plain-language sentence of what was found (:mod:`fr_stats.words.power`)."""
        return power_words.verdict(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "p1": self.p1,
            "p2": self.p2,
            "mde": self.mde,
            "n_per_group": self.n_per_group,
            "power": self.power,
            "level": self.level,
            "solved_for": self.solved_for,
            "p2_below": self.p2_below,
            "mde_below": self.mde_below,
            "studies": [dict(s) for s in self.studies],
            "n_studies": self.n_studies,
            "mde_at_study_size": self.mde_at_study_size,
            "detectable_at_study_size": None
            if self.detectable is None
            else self.detectable.to_dict(),
            "method": self.method,
            "verdict": self.verdict,
            "notes": list(self.notes),
        }


def _signed(det: Detectable, *, up: bool) -> float | None:
    """The detectable change in the observed direction, with its sign."""
    size = det.rise if up else det.fall
    return None if size is None else (size if up else -size)


def power(
    *pair: str | Sequence[str],
    refs: Sequence[str] = (),
    p1: float | None = None,
    p2: float | None = None,
    n: float | None = None,
    power: float = 0.8,
    level: float = 0.95,
    data: Iterable[str | Path] = (),
) -> PowerResult:
    """Power, sample size or detectable difference for two false-match rates.

    Exactly one of three questions, chosen by what is given:

    - ``p1`` and ``n``: the smallest rate above (and below) ``p1`` that two
      groups of ``n`` detect with ``power``;
    - ``p1`` and ``p2``: the people per group needed to detect the change;
      with ``n`` as well, the power of that design;
    - two study refs (``refs=("aclu2018", "comparitech2020")``): the people
      per group needed to detect the difference between their observed
      rates, and the change detectable with groups of the studies' size.

    Parameters
    ----------
    pair, refs
        Two study refs (``ID``, ``ID@THRESHOLD`` or ``K/N``), given as
        ``power("aclu2018", "comparitech2020")`` like :func:`fr_stats.compare`
        (or as a list, positionally or as ``refs=``), or none.
    p1, p2
        Rates as proportions (``0.052`` for 5.2%).
    n
        People per group.
    power
        The power wanted (default 0.8).
    level
        Confidence level; the test's significance level is ``1 - level``.
    data
        Extra CSV tables for resolving refs.

    Returns
    -------
    PowerResult

    Raises
    ------
    InputError
        For a combination of arguments that asks no question, or asks two.

    Notes
    -----
    Every number equals R's ``power.prop.test`` (two-sided, equal groups,
    ``strict = FALSE``); see :func:`~fr_stats.stats.power.power_two_proportions`,
    :func:`~fr_stats.stats.power.sample_size` and
    :func:`~fr_stats.stats.power.detectable_difference`. For two studies
    of unequal size the detectable change is computed for two groups of
    their harmonic mean size, the equal design with the same null
    variance. No "observed power" of the studies is given: it is a
    function of their p-value and adds nothing to it (Hoenig & Heisey 2001).

    References
    ----------
    Hoenig, J. M. & Heisey, D. M. (2001). The abuse of power. *The American
    Statistician* 55(1), 19-24.

    Examples
    --------
    >>> r = power(p1=0.05, n=535)
    >>> round(r.p2, 4), round(r.mde, 4)
    (0.0943, 0.0443)
    """
    level = check_level(level)
    target = check_power(power)
    if pair and refs:
        raise InputError("give the two studies once: as arguments or as refs=, not both")
    if len(pair) == 1 and not isinstance(pair[0], str):
        pair = tuple(pair[0])
    given = tuple(str(s) for s in pair) or tuple(refs)
    if given:
        if len(given) != 2:
            raise InputError(
                f"give two study refs to compare, not {len(given)}",
                hint="e.g. fr-stats power aclu2018 comparitech2020",
            )
        if p1 is not None or p2 is not None or n is not None:
            raise InputError("give either two study refs or --p1 with --n or --p2, not both")
        return _from_studies(given, target, level, data)
    if p1 is None:
        raise InputError(
            "give --p1 with --n (detectable change), --p1 with --p2 (sample size), "
            "or two study ids",
            hint="e.g. fr-stats power --p1 0.052 --n 535",
        )
    a = check_rate("p1", p1)
    if p2 is None and n is None:
        raise InputError(
            "--p1 alone asks no question: add --n (detectable change) or --p2 (sample size)"
        )
    if p2 is None:
        assert n is not None  # checked just above
        return _detectable(a, check_n(n), target, level)
    b = check_rate("p2", p2)
    if n is not None:
        m = check_n(n)
        return PowerResult(
            solved_for="power",
            p1=a,
            p2=b,
            mde=b - a,
            n_per_group=m,
            power=power_two_proportions(a, b, m, level=level),
            level=level,
            notes=(power_words.POWER_NOT_USED,) if power != 0.8 else (),
        )
    return PowerResult(
        solved_for="n",
        p1=a,
        p2=b,
        mde=b - a,
        n_per_group=sample_size(a, b, power=target, level=level),
        power=target,
        level=level,
        notes=(power_words.ROUND_UP,),
    )


def _from_studies(
    given: tuple[str, ...], target: float, level: float, data: Iterable[str | Path]
) -> PowerResult:
    """The people per group to tell two studies' observed rates apart, and what they detect."""
    catalog = load(data)
    studies = [catalog.resolve(r) for r in given]
    counts = [s.require_counts() for s in studies]
    a, b = (k / m for k, m in counts)
    if a == b:
        raise InputError(
            f"{studies[0].ref} and {studies[1].ref} have the same observed rate "
            f"({text.pct(a)}): no sample size detects a difference of zero"
        )
    need = sample_size(a, b, power=target, level=level)
    n1, n2 = counts[0][1], counts[1][1]
    harmonic = 2 / (1 / n1 + 1 / n2)
    detect = detectable_changes(a, harmonic, power=target, level=level)
    signed = _signed(detect, up=b > a)
    return PowerResult(
        solved_for="n",
        p1=a,
        p2=b,
        mde=b - a,
        n_per_group=need,
        power=target,
        level=level,
        studies=tuple(
            {"id": s.ref, "label": s.label, "false_matches": k, "tested": m, "rate": k / m}
            for s, (k, m) in zip(studies, counts, strict=True)
        ),
        n_studies=harmonic,
        mde_at_study_size=signed,
        detectable=detect,
        notes=tuple(power_words.study_notes(n1, n2, harmonic, detectable=signed is not None)),
    )


def _detectable(a: float, m: float, target: float, level: float) -> PowerResult:
    """The smallest rise and fall from ``a`` that two groups of ``m`` detect."""
    up: float | None
    try:
        up = detectable_difference(a, m, power=target, level=level)
    except InputError:
        up = None
    down: float | None
    try:
        down = detectable_difference(a, m, power=target, level=level, direction="decrease")
    except InputError:
        down = None
    return PowerResult(
        solved_for="p2",
        p1=a,
        p2=None if up is None else a + up,
        mde=up,
        n_per_group=m,
        power=target,
        level=level,
        p2_below=None if down is None else a - down,
        mde_below=None if down is None else -down,
        notes=tuple(power_words.detectable_notes(a, m, target, rise=up, fall=down)),
    )
