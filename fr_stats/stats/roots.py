"""Brent's bracketing root finder, for the default statistics.

Why not :func:`scipy.optimize.brentq`: importing ``scipy.optimize`` took about
0.7 s on the machine this was measured on (scipy 1.17), where the whole of
``fr-stats compare`` otherwise takes about 0.4 s, and the root searches of
``compare``, ``ci`` and ``power`` need nothing else from it.

:func:`brentq` is Brent's (1973) method as scipy implements it
(``scipy/optimize/Zeros/brentq.c``, after the classic ``zeroin``): inverse
quadratic interpolation or the secant step when it moves fast enough,
bisection otherwise, and never a step shorter than the tolerance. The
arguments mean what they mean to scipy: it stops when the bracket is
narrower than ``xtol + rtol * |x|`` (or ``f(x)`` is exactly zero) and gives
up after ``maxiter`` iterations. tests/test_roots.py checks it against
scipy's on many functions, bracketing edge cases and ``maxiter``.

References
----------
Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*,
chapter 4. Prentice-Hall.
"""

from __future__ import annotations

import math
from collections.abc import Callable

EPSILON = 2.220446049250313e-16
"""The double-precision machine epsilon; ``rtol`` may not be below ``4 * EPSILON``."""


class ConvergenceError(RuntimeError):
    """:func:`brentq` did not converge within ``maxiter`` iterations."""


def brentq(
    f: Callable[[float], float],
    a: float,
    b: float,
    *,
    xtol: float = 2e-12,
    rtol: float = 4 * EPSILON,
    maxiter: int = 100,
) -> float:
    """A root of ``f`` in ``[a, b]``, where ``f(a)`` and ``f(b)`` differ in sign.

    Parameters
    ----------
    f
        A continuous function of one float.
    a, b
        The ends of the bracket (either order).
    xtol, rtol
        The root is returned once it is known to within
        ``xtol + rtol * |root|``; ``xtol > 0`` and ``rtol >= 4 * EPSILON``,
        as scipy requires.
    maxiter
        The most iterations (each one evaluation of ``f``).

    Returns
    -------
    float
        ``a`` or ``b`` if ``f`` is exactly zero there, else the root.

    Raises
    ------
    ValueError
        For a bad tolerance or ``maxiter``, ends of the same sign, or a
        ``NaN`` value of ``f`` (as scipy raises).
    ConvergenceError
        When ``maxiter`` iterations do not reach the tolerance.

    Examples
    --------
    >>> round(brentq(lambda x: x * x - 2.0, 0.0, 2.0), 12)
    1.414213562373
    """
    if not xtol > 0:
        raise ValueError(f"xtol too small ({xtol:g} <= 0)")
    if not rtol >= 4 * EPSILON:
        raise ValueError(f"rtol too small ({rtol:g} < {4 * EPSILON:g})")
    if maxiter < 0:
        raise ValueError(f"maxiter must be at least 0, not {maxiter}")
    xpre, xcur = float(a), float(b)
    fpre, fcur = float(f(xpre)), float(f(xcur))
    if math.isnan(fpre) or math.isnan(fcur):
        raise ValueError("f is NaN at an end of the bracket")
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    xblk = fblk = spre = scur = 0.0
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        spre, scur = _step(xpre, xcur, xblk, fpre, fcur, fblk, spre, scur, sbis, delta)
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = float(f(xcur))
        if math.isnan(fcur):
            raise ValueError(f"f is NaN at {xcur!r}; the search cannot continue")
    raise ConvergenceError(f"no convergence in {maxiter} iterations (last value {xcur!r})")


def _step(
    xpre: float,
    xcur: float,
    xblk: float,
    fpre: float,
    fcur: float,
    fblk: float,
    spre: float,
    scur: float,
    sbis: float,
    delta: float,
) -> tuple[float, float]:
    """The next (previous step, step): interpolation if it is short enough, else bisection."""
    if abs(spre) > delta and abs(fcur) < abs(fpre):
        if xpre == xblk:  # secant
            stry = -fcur * (xcur - xpre) / (fcur - fpre)
        else:  # inverse quadratic interpolation
            dpre = (fpre - fcur) / (xpre - xcur)
            dblk = (fblk - fcur) / (xblk - xcur)
            stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
        if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
            return scur, stry
    return sbis, sbis
