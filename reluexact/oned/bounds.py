"""Rigorous a-priori error bounds of 1-D linear interpolation: h^2/8 max |f''|.

For f in C^2 on a piece [x_{j-1}, x_j] of length h_j, the linear interpolant S satisfies
|f - S| <= h_j^2 / 8 max |f''| there. :func:`second_derivative_bound` bounds max |f''| from
above by mpmath interval arithmetic on subintervals (:func:`reluexact.oned.enclosures.enclose`),
:func:`second_derivative_bounds` does it piece by piece, refusing pieces that meet a kink, and
:func:`apriori_bound` combines them.

Exactness: every bound is a rational proven by outward-rounded interval arithmetic; None where
f is not known to be C^2 or f'' has no enclosure. Callables get None (nothing is claimed).

Examples
--------
>>> from fractions import Fraction
>>> knots = (Fraction(0), Fraction(1, 2), Fraction(1))
>>> second_derivative_bounds("x**2", knots)
(Fraction(2, 1), Fraction(2, 1))
>>> apriori_bound(knots, second_derivative_bounds("x**2", knots))   # (1/2)^2 / 8 * 2
Fraction(1, 16)
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from reluexact.domain import DomainLike
from reluexact.oned._common import required_interval
from reluexact.oned.enclosures import enclose, interval_evaluator
from reluexact.oned.targets import Target, as_target, singular_points

__all__ = ["approximate", "apriori_bound", "second_derivative_bound", "second_derivative_bounds"]


def approximate(value: Fraction, digits: int = 3) -> str:
    """Short text of an exact value at any magnitude (``{:.3g}`` style): never overflows a float.

    A bound such as h^2/8 max|f''| on [0, 1e300] is about 1e599, beyond float64; it is rounded
    with exact decimal arithmetic to ``digits`` significant digits instead.

    Examples
    --------
    >>> approximate(Fraction(1, 3)), approximate(Fraction(10**600, 3))
    ('0.333', '3.33e599')
    """
    import decimal

    with decimal.localcontext(prec=digits):
        rounded = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
    if abs(value) < Fraction(10) ** 300 and (value == 0 or abs(value) > Fraction(1, 10**300)):
        return f"{float(rounded):.{digits}g}"
    return f"{rounded:.{digits - 1}e}".replace("e+", "e")


def second_derivative_bound(
    target: Any, interval: DomainLike, *, variable: Any = None, subdivisions: int = 32
) -> Fraction | None:
    """A rigorous rational upper bound of max |f''| on [a, b] by interval arithmetic, or None.

    None when f is a callable, or f'' uses a function without an interval enclosure, or the
    enclosure is unbounded, or f may have a kink or jump in [a, b] (Abs, Max, Min, sign,
    Heaviside, Piecewise switching there): f is not known to be C^2 there.

    Examples
    --------
    >>> bound = second_derivative_bound("sin(2*pi*x)", (0, 1))
    >>> 39.47 < float(bound) < 39.5   # (2 pi)^2 = 39.478...
    True
    >>> second_derivative_bound("Abs(x - 1/3)", (0, 1)) is None    # a kink at 1/3
    True
    """
    t = as_target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="second_derivative_bound")
    if singular_points(t, (a, b)) != ():
        return None
    return _smooth_bound(t, a, b, subdivisions)


def _smooth_bound(target: Target, a: Fraction, b: Fraction, subdivisions: int) -> Fraction | None:
    """max |f''| on [a, b] where f is known to have no kink in [a, b]."""
    import sympy

    if target.expr is None:
        return None
    # a real variable: Abs differentiates to sign and DiracDelta instead of re/im derivatives.
    # A DiracDelta(g) term vanishes on [a, b] when g has no zero there (checked exactly);
    # callers exclude pieces meeting a kink, where such terms would be point masses.
    real = sympy.Dummy(str(target.variable), real=True)
    second = sympy.diff(target.expr.subs(target.variable, real), real, 2)
    domain = sympy.Interval(sympy.Rational(a.numerator, a.denominator), sympy.Rational(b.numerator, b.denominator))
    for delta in second.atoms(sympy.DiracDelta):
        try:
            roots = sympy.solveset(delta.args[0], real, domain)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if roots != sympy.S.EmptySet:
            return None
    second = second.replace(lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.S.Zero)
    if second.is_Rational:
        return abs(Fraction(int(second.p), int(second.q)))
    evaluator = interval_evaluator(second, real)
    if evaluator is None:
        return None
    bound = Fraction(0)
    step = (b - a) / subdivisions
    for k in range(subdivisions):
        enclosure = enclose(second, real, a + k * step, a + (k + 1) * step, evaluator=evaluator)
        if enclosure is None:
            return None
        bound = max(bound, abs(enclosure[0]), abs(enclosure[1]))
    return bound


def second_derivative_bounds(
    target: Any, knots: Sequence[Fraction], *, variable: Any = None, subdivisions: int = 8
) -> tuple[Fraction | None, ...]:
    """M_j >= max |f''| on each piece [x_{j-1}, x_j] of sorted knots; None on pieces where f may not be C^2.

    sympy differentiates Piecewise, Max, Abs... piece by piece, so a kink or jump does not
    show in f'' (Piecewise((0, x < 0), (x, True)) has f'' = 0): pieces whose closed interval
    meets a singular point (:func:`reluexact.oned.targets.singular_points`) get None, and so
    do all pieces when the points cannot be found.

    Examples
    --------
    >>> from fractions import Fraction
    >>> second_derivative_bounds("Abs(x)", (Fraction(-1), Fraction(-1, 2), Fraction(1, 2), Fraction(1)))
    (Fraction(0, 1), None, Fraction(0, 1))
    """
    t = as_target(target, variable)
    singular = singular_points(t, (knots[0], knots[-1]))
    bounds: list[Fraction | None] = []
    for u, v in itertools.pairwise(knots):
        if singular is None or any(p.low <= v and u <= p.high for p in singular):
            bounds.append(None)
        else:
            bounds.append(_smooth_bound(t, u, v, subdivisions))
    return tuple(bounds)


def apriori_bound(knots: Sequence[Fraction], bounds: Sequence[Fraction | None]) -> Fraction | None:
    """max_j h_j^2 M_j / 8: a rigorous bound of |f - S| for the interpolant S at ``knots``.

    ``bounds`` are the M_j of :func:`second_derivative_bounds`; None when any is None.

    Examples
    --------
    >>> from fractions import Fraction
    >>> apriori_bound((Fraction(0), Fraction(1, 4), Fraction(1)), (Fraction(8), Fraction(1, 2)))   # max(1/16, 9/256)
    Fraction(1, 16)
    >>> apriori_bound((Fraction(0), Fraction(1)), (None,)) is None
    True
    """
    pieces = list(zip(itertools.pairwise(knots), bounds, strict=True))
    if any(M is None for _, M in pieces):
        return None
    return max((v - u) ** 2 * M / 8 for (u, v), M in pieces if M is not None)
