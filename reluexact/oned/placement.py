"""Knot placement for 1-D interpolation: uniform, equidistributing |f''|^(1/2), greedy refinement.

All three return rational knots alpha = x_0 < ... < x_{N-1} = beta for
:func:`reluexact.oned.construction.construct`:

* :func:`uniform_knots`: equally spaced (exact);
* :func:`adaptive_knots`: the density |f''|^(1/2) equidistributed on a float grid, with the
  target's kinks (:func:`reluexact.oned.targets.singular_points`) as knots, rationalised;
* :func:`greedy_knots`: bisect the piece where |f - S| is largest (float measurement), so the
  knots are exact dyadic refinements of the interval.

Exactness: placement may use floats; the knots themselves are exact rationals, and every
construction built on them is exact whatever they are.

Examples
--------
>>> [str(v) for v in uniform_knots((0, 1), 5)]
['0', '1/4', '1/2', '3/4', '1']
>>> [str(v) for v in greedy_knots("x**4", (0, 1), 5)]
['0', '1/2', '3/4', '7/8', '1']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from reluexact.domain import DomainLike
from reluexact.errors import InvalidArgument
from reluexact.limits import Limits, default_limits
from reluexact.oned._common import required_interval
from reluexact.oned.targets import as_target, second_derivative_floats, singular_points
from reluexact.rational import format_fraction, simplest_rational_between

__all__ = ["KNOT_PLACEMENTS", "MAX_KNOTS", "adaptive_knots", "greedy_knots", "uniform_knots"]

#: Knot placements: uniform, equidistributing |f''|^(1/2), greedy refinement of the worst interval.
KNOT_PLACEMENTS = ("uniform", "equidistribute", "greedy")


def uniform_knots(interval: DomainLike, n_knots: int, *, limits: Limits | None = None) -> tuple[Fraction, ...]:
    """N equally spaced rational knots alpha = x_0 < ... < x_{N-1} = beta.

    Examples
    --------
    >>> [str(v) for v in uniform_knots((0, 1), 5)]
    ['0', '1/4', '1/2', '3/4', '1']
    """
    a, b = required_interval(interval, where="interval", needed_by="uniform_knots")
    _check_count(n_knots, limits)
    return tuple(a + (b - a) * Fraction(j, n_knots - 1) for j in range(n_knots))


#: Most knots a placement makes by default: each knot costs an exact (sympy) node value and a hidden
#: unit, so 10^8 knots would run for days; a larger count is refused at once. The default of
#: :attr:`reluexact.limits.Limits.max_knots`: raise it with ``limits=Limits(max_knots=...)`` or
#: ``RELUEXACT_LIMITS=max_knots=...``.
MAX_KNOTS = Limits().max_knots


def _check_count(n_knots: int, limits: Limits | None) -> None:
    if isinstance(n_knots, bool) or not isinstance(n_knots, int) or n_knots < 2:
        raise InvalidArgument(f"the number of knots must be an integer >= 2 (both ends), got {n_knots!r}")
    limit = (limits or default_limits()).max_knots
    if n_knots > limit:
        raise InvalidArgument(
            f"{n_knots} knots is more than max_knots = {limit}; use fewer knots, or raise the limit with "
            f"limits=Limits(max_knots={n_knots}) (command line: RELUEXACT_LIMITS=max_knots={n_knots})"
        )


def _float_ends(a: Fraction, b: Fraction, needed_by: str) -> tuple[float, float]:
    """The interval's ends as floats for a float placement grid, or one clear error beyond float64."""
    try:
        ends = float(a), float(b)
    except OverflowError:
        ends = (math.inf, math.inf)
    if not all(math.isfinite(end) and abs(end) <= 1e300 for end in ends):
        raise InvalidArgument(
            f"{needed_by}: the interval [{format_fraction(a)[:40]}, {format_fraction(b)[:40]}] reaches beyond +-1e300, "
            "where the float grid that places knots cannot go; rescale x (f(s*x) on a smaller interval)"
        )
    return ends


def _rationalise_knots(
    raw: Sequence[float], a: Fraction, b: Fraction, *, fixed: Sequence[Fraction] = ()
) -> tuple[Fraction, ...]:
    """The float knots ``raw`` as simple rationals, plus the exact ``fixed`` knots, sorted."""
    n = len(raw) + len(fixed) + 2
    tolerance = (b - a) / (1000 * n * n)
    knots = {a, b, *fixed}
    for value in raw:
        q = Fraction(float(value))
        knots.add(simplest_rational_between(q - tolerance, q + tolerance))
    ordered = tuple(sorted(knots))
    if len(ordered) != n or ordered[0] != a or ordered[-1] != b:
        raise InvalidArgument("adaptive knot placement produced coinciding knots; use fewer knots")
    return ordered


def adaptive_knots(
    target: Any,
    interval: DomainLike,
    n_knots: int,
    *,
    variable: Any = None,
    grid: int = 20001,
    floor: float = 0.05,
    limits: Limits | None = None,
) -> tuple[Fraction, ...]:
    """Knots equidistributing |f''|^(1/2) (plus a small floor), rationalised.

    The density rho = |f''|^(1/2) + floor * mean(|f''|^(1/2)) is integrated on a float grid
    (trapezoid rule) and knot j sits where the integral reaches j/(N-1) of the total; each
    interior knot is then replaced by the simplest rational within (b - a)/(1000 N^2). The
    floor keeps knots from vanishing where f'' = 0. f'' is taken symbolically for sympy
    targets and by central differences for callables. Placement is float; the knots are exact.

    Non-smooth sympy targets (Abs, Max, Min, sign, Heaviside, Piecewise): |f''| is then a
    density plus Dirac masses at the kinks, which no finite knot density equidistributes.
    The kinks inside (alpha, beta) become knots (exactly when rational), and the remaining
    knots equidistribute the smooth part of |f''|^(1/2) over the pieces between kinks, each
    piece getting knots in proportion to its share of the integral. A piecewise-linear target
    with all kinks as knots is reproduced exactly.

    Raises
    ------
    InvalidArgument
        If the target has more kinks inside the interval than N - 2, if its kinks cannot be
        located (floor, an equation sympy cannot solve), if f'' cannot be evaluated numerically,
        or if |f''| is unbounded on the grid (e.g. sqrt(x) at 0). Each message names the way
        out: more knots, or ``placement="greedy"``, which needs only values of f.

    Examples
    --------
    >>> ks = adaptive_knots("x**4", (0, 1), 5)
    >>> ks[0], ks[-1], all(float(u) < float(v) for u, v in zip(ks, ks[1:]))
    (Fraction(0, 1), Fraction(1, 1), True)
    >>> float(ks[2]) > 0.5    # x^4 curves most near 1, so knots crowd there
    True

    A kink is a knot:

    >>> [str(v) for v in adaptive_knots("Abs(x - 1/3)", (-1, 1), 3)]
    ['-1', '1/3', '1']
    """
    t = as_target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="adaptive_knots")
    _check_count(n_knots, limits)
    _float_ends(a, b, "adaptive_knots")
    kinks: tuple[Fraction, ...] = ()
    if t.expr is not None:
        singular = singular_points(t, (a, b))
        if singular is None:
            raise InvalidArgument(
                f"cannot locate the kinks of the target {t.description} for knot equidistribution; "
                'use placement="greedy" (needs only values of f) or pass knots='
            )
        inside = [p for p in singular if a < p.low and p.high < b]
        # an irrational kink becomes the simplest rational within (b - a) * 1e-12 of it
        near = (b - a) / 10**12
        kinks = tuple(p.low if p.exact else simplest_rational_between(p.low - near, p.high + near) for p in inside)
        if len(kinks) > n_knots - 2:
            shown = ", ".join(
                format_fraction(k) if p.exact else f"~{float(k):.6g}" for k, p in zip(kinks, inside, strict=True)
            )
            raise InvalidArgument(
                f"the target {t.description} has {len(kinks)} kink(s) inside the interval (at {shown}); "
                f"equidistribution puts a knot on each, so it needs n_knots >= {len(kinks) + 2}, got {n_knots}; "
                'use more knots or placement="greedy"'
            )
    xs = np.linspace(float(a), float(b), grid)
    second = second_derivative_floats(t, xs)
    density = np.sqrt(np.abs(second))
    if not np.all(np.isfinite(density)):
        raise InvalidArgument(
            f"|f''| of the target {t.description} is unbounded or undefined on the interval, so it cannot be "
            'equidistributed; use placement="greedy" or a smaller interval'
        )
    density = density + floor * (float(density.mean()) if density.mean() > 0 else 1.0)
    cumulative = np.concatenate([[0.0], np.cumsum((density[1:] + density[:-1]) / 2 * np.diff(xs))])
    if not kinks:
        levels = cumulative[-1] * np.arange(n_knots) / (n_knots - 1)
        raw = np.interp(levels, cumulative, xs)
        return _rationalise_knots(list(raw[1:-1]), a, b)
    # one piece per pair of consecutive kinks; the free knots are shared out in proportion to
    # each piece's integral (largest remainders), then equidistributed inside each piece
    ends = np.interp([float(v) for v in (a, *kinks, b)], xs, cumulative)
    masses = np.diff(ends)
    free = n_knots - 2 - len(kinks)
    shares = free * masses / masses.sum()
    counts = np.floor(shares).astype(int)
    for index in np.argsort(-(shares - counts), kind="stable")[: free - int(counts.sum())]:
        counts[index] += 1
    raw_list: list[float] = []
    for start, mass, count in zip(ends[:-1], masses, counts, strict=True):
        levels = start + mass * np.arange(1, count + 1) / (count + 1)
        raw_list.extend(float(v) for v in np.interp(levels, cumulative, xs))
    return _rationalise_knots(raw_list, a, b, fixed=kinks)


def greedy_knots(
    target: Any,
    interval: DomainLike,
    n_knots: int,
    *,
    variable: Any = None,
    samples: int = 33,
    limits: Limits | None = None,
) -> tuple[Fraction, ...]:
    """Knots by greedy refinement: repeatedly bisect the interval where |f - S| is largest.

    Starts from the two ends; the error of each interval is measured (float) at ``samples``
    points against the chord through the current node values. Knots are exact dyadic
    refinements of the interval.

    Examples
    --------
    >>> ks = greedy_knots("x**4", (0, 1), 5)
    >>> [str(v) for v in ks]
    ['0', '1/2', '3/4', '7/8', '1']
    """
    t = as_target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="greedy_knots")
    _check_count(n_knots, limits)
    _float_ends(a, b, "greedy_knots")

    def error(u: Fraction, v: Fraction) -> float:
        xs = np.linspace(float(u), float(v), samples)
        try:
            with np.errstate(all="ignore"):
                f = t.floats(xs)
                chord = f[0] + (f[-1] - f[0]) * (xs - xs[0]) / (xs[-1] - xs[0])
                worst = float(np.max(np.abs(f - chord)))
        except OverflowError:  # a sympy target whose float values overflow (10**1000*x)
            worst = math.inf
        if not math.isfinite(worst):
            raise InvalidArgument(
                f"greedy_knots: the target {t.description[:60]} is beyond the float64 range (or undefined) on "
                f"[{format_fraction(u)[:40]}, {format_fraction(v)[:40]}], where greedy placement measures |f - S| "
                'in floats; use placement="uniform" (no float measurement) or rescale f'
            )
        return worst

    intervals = {(a, b): error(a, b)}
    while len(intervals) + 1 < n_knots:
        worst = max(intervals, key=lambda key: (intervals[key], -key[0]))
        u, v = worst
        mid = (u + v) / 2
        del intervals[worst]
        intervals[(u, mid)] = error(u, mid)
        intervals[(mid, v)] = error(mid, v)
    return tuple(sorted({a, b} | {u for u, _ in intervals}))
