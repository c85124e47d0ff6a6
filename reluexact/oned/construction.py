"""Constructive universal approximation in 1-D: interpolate a target exactly at N knots.

Given a target f on [alpha, beta] (a sympy expression or a Python callable) and N >= 2
knots alpha = x_0 < ... < x_{N-1} = beta, :func:`construct` builds the continuous linear
interpolant S of f and realises it as an exact network in a chosen basis (one-sided,
two-sided, ramp pairs; :mod:`reluexact.oned.bases`).

Exactness
    * Knots are rationals (uniform knots exactly; adaptive knots rationalised).
    * Node values: for a sympy target, f(x_j) is computed exactly when it is rational;
      otherwise it is enclosed with mpmath interval arithmetic (``precision_bits``) and the
      simplest rational inside the enclosure is used; the enclosure's width is a rigorous
      bound on |f(x_j) - y_j| (``node_errors``). For a callable, whatever it returns
      (int/Fraction exactly, float at its exact binary value) is the node value, and no
      bound to the mathematical f is claimed.
    * The network interpolates the rational node values exactly: ``net(x_j) == y_j`` is
      checked in rationals before returning.
Errors
    * ``grid_sup_error`` (float): max |f - net| on a fine grid. A measurement, not a bound.
    * ``apriori_bound`` (rational, rigorous for C^2 sympy targets): max_j h_j^2 / 8 M_j, M_j an
      upper bound of |f''| on [x_{j-1}, x_j] from interval arithmetic. ``total_bound`` adds the
      node value error, so |f - net| <= total_bound on [alpha, beta].

Examples
--------
The first worked example of the theory:

>>> import sympy
>>> x = sympy.Symbol("x")
>>> c = construct(sympy.sin(2 * sympy.pi * x), (0, 1), 5)
>>> [(str(t.knot), str(t.coefficient[0])) for t in c.expansion.terms if t.coefficient[0] != 0]
[('0', '4'), ('1/4', '-8'), ('3/4', '8')]
>>> round(c.grid_sup_error, 4)
0.2105
>>> c.values_exact, float(c.apriori_bound) >= c.grid_sup_error
(True, True)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from reluexact.domain import DomainLike
from reluexact.errors import CertificationError, InvalidArgument
from reluexact.expressions import parse_expression
from reluexact.model import TwoLayerReLU, evaluate, evaluate_float
from reluexact.oned._common import Interval, required_interval
from reluexact.oned.bases import BasisExpansion, LinearSpline, one_sided_basis, ramp_basis, two_sided_basis
from reluexact.rational import format_fraction, simplest_rational_between, to_fraction

__all__ = [
    "BASES",
    "KNOT_PLACEMENTS",
    "Construction",
    "ConvergenceRow",
    "NodeValue",
    "adaptive_knots",
    "construct",
    "convergence_table",
    "greedy_knots",
    "second_derivative_bound",
    "target_value",
    "uniform_knots",
]

#: Bases :func:`construct` can build.
BASES = ("one-sided", "two-sided", "ramp")
#: Knot placements: uniform, equidistributing |f''|^(1/2), greedy refinement of the worst interval.
KNOT_PLACEMENTS = ("uniform", "equidistribute", "greedy")

_SAFE_FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "Abs")


# -- targets ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NodeValue:
    """A target value used at a knot: ``value`` (rational), ``error`` >= |f(x) - value|.

    ``exact`` when f(x) is this rational; ``rigorous`` when ``error`` is a proven bound
    (interval arithmetic) and not an estimate.
    """

    value: Fraction
    error: Fraction
    exact: bool
    rigorous: bool


class _Target:
    """A target function: a sympy expression in one variable, or a Python callable."""

    def __init__(self, target: Any, variable: Any = None) -> None:
        import sympy

        self.callable: Callable[[Any], Any] | None = None
        self.expr: Any = None
        if isinstance(target, str):
            target = parse_expression(target, where="target")  # never sympify user text
        if isinstance(target, sympy.Basic):
            free = sorted(target.free_symbols, key=str)
            if variable is None:
                if len(free) > 1:
                    raise InvalidArgument(
                        f"the target has several free symbols ({', '.join(map(str, free))}); pass variable="
                    )
                variable = free[0] if free else sympy.Symbol("x")
            elif isinstance(variable, str):
                variable = sympy.Symbol(variable)
            if free and set(free) != {variable}:
                raise InvalidArgument(f"the target's free symbols {free} are not just the variable {variable}")
            self.expr = target
            self.variable = variable
            self.description = str(target)
            self._float = sympy.lambdify(variable, target, modules="numpy")
        elif callable(target):
            self.callable = target
            self.description = getattr(target, "__name__", repr(target))
        else:
            raise InvalidArgument(
                f"the target must be a sympy expression, a string or a callable, got {type(target).__name__}"
            )

    def floats(self, xs: np.ndarray) -> np.ndarray:
        if self.expr is not None:
            values = np.asarray(self._float(xs), dtype=np.float64)
            return np.broadcast_to(values, xs.shape).copy()
        assert self.callable is not None
        return np.array([float(self.callable(float(v))) for v in xs], dtype=np.float64)


def _interval_function(expr: Any, variable: Any) -> Callable[[Any], Any] | None:
    """A mpmath.iv evaluator of expr, or None when expr uses functions we cannot enclose."""
    import sympy
    from mpmath import iv

    expr = expr.rewrite(sympy.exp) if expr.has(sympy.tanh, sympy.sinh, sympy.cosh) else expr
    for function in expr.atoms(sympy.Function):
        if type(function).__name__ not in _SAFE_FUNCTIONS:
            return None
    for constant in expr.atoms(sympy.NumberSymbol):
        if constant not in (sympy.pi, sympy.E):
            return None
    from sympy.printing.lambdarepr import MpmathPrinter

    # MpmathPrinter writes rationals as mpf(p)/mpf(q) (never a float 1/3) and functions as
    # mpmath.f; binding the name "mpmath" to the interval context makes every operation an
    # enclosure. A function the interval context lacks raises AttributeError (no silent floats).
    return sympy.lambdify(variable, expr, modules=[{"mpmath": iv}], printer=MpmathPrinter)  # type: ignore[no-any-return]


def _iv_bounds(value: Any) -> tuple[Fraction, Fraction]:
    from mpmath import libmp

    low, high = value._mpi_
    if low in (libmp.fninf, libmp.finf, libmp.fnan) or high in (libmp.fninf, libmp.finf, libmp.fnan):
        raise ArithmeticError("unbounded enclosure")
    p, q = libmp.to_rational(low)
    r, s = libmp.to_rational(high)
    return Fraction(p, q), Fraction(r, s)


def _iv_point(x: Fraction) -> Any:
    from mpmath import iv

    return iv.mpf(x.numerator) / iv.mpf(x.denominator)


def target_value(target: Any, x: Any, *, variable: Any = None, precision_bits: int = 128) -> NodeValue:
    """The rational value used for f(x): exact when rational, else a certified rational approximation.

    Parameters
    ----------
    target : sympy expression, str or callable
    x : rational
    precision_bits : int
        Working precision of the mpmath interval enclosure.

    Examples
    --------
    >>> import sympy
    >>> target_value(sympy.Symbol("x") ** 2, "1/3")
    NodeValue(value=Fraction(1, 9), error=Fraction(0, 1), exact=True, rigorous=True)
    >>> v = target_value("sin(x)", 1)
    >>> v.exact, v.rigorous, v.error < Fraction(1, 10**30), abs(float(v.value) - 0.8414709848078965) < 1e-15
    (False, True, True, True)
    """
    return _node_value(_Target(target, variable), to_fraction(x, where="x"), precision_bits)


def _node_value(target: _Target, x: Fraction, precision_bits: int) -> NodeValue:
    import sympy

    if target.expr is None:
        assert target.callable is not None
        raw = target.callable(x)
        value = to_fraction(raw, where=f"target({format_fraction(x)})", allow_float=True)
        return NodeValue(value, Fraction(0), exact=not isinstance(raw, float), rigorous=False)
    exact = target.expr.subs(target.variable, sympy.Rational(x.numerator, x.denominator))
    if exact.is_Rational:
        return NodeValue(Fraction(int(exact.p), int(exact.q)), Fraction(0), exact=True, rigorous=True)
    if exact.is_real is False or exact.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise InvalidArgument(f"the target is not a finite real number at x = {format_fraction(x)}: {exact}")
    function = _interval_function(target.expr, target.variable)
    if function is not None:
        from mpmath import iv

        old = iv.prec
        iv.prec = precision_bits
        enclosure: tuple[Fraction, Fraction] | None
        try:
            enclosure = _iv_bounds(function(_iv_point(x)))
        except (ArithmeticError, ValueError, TypeError, ZeroDivisionError, AttributeError):
            enclosure = None
        finally:
            iv.prec = old
        if enclosure is not None:
            low, high = enclosure
            value = simplest_rational_between(low, high)
            return NodeValue(value, high - low, exact=False, rigorous=True)
    digits = max(30, int(precision_bits * 0.30103))
    approx = sympy.Rational(sympy.N(exact, digits + 10))
    value = Fraction(int(approx.p), int(approx.q))
    return NodeValue(value, Fraction(1, 10**digits), exact=False, rigorous=False)


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
    t = _Target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="second_derivative_bound")
    if _singular_points(t, a, b) != ():
        return None
    return _second_derivative_bound(t, a, b, subdivisions)


def _second_derivative_bound(target: _Target, a: Fraction, b: Fraction, subdivisions: int) -> Fraction | None:
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
    function = _interval_function(second, real)
    if function is None:
        return None
    from mpmath import iv

    bound = Fraction(0)
    step = (b - a) / subdivisions
    old = iv.prec
    iv.prec = 64
    try:
        for k in range(subdivisions):
            lo_x, hi_x = a + k * step, a + (k + 1) * step
            box = iv.mpf([_iv_point(lo_x).a, _iv_point(hi_x).b])
            low, high = _iv_bounds(function(box))
            bound = max(bound, abs(low), abs(high))
    except (ArithmeticError, ValueError, TypeError, ZeroDivisionError, AttributeError):
        return None
    finally:
        iv.prec = old
    return bound


# -- non-smooth targets -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _SingularPoint:
    """Where a sympy target may fail to be C^2: [low, high] encloses the point (low == high when exact)."""

    low: Fraction
    high: Fraction

    @property
    def exact(self) -> bool:
        return self.low == self.high


def _switching_functions(expr: Any, variable: Any) -> list[Any] | None:
    """The functions g whose zeros are where expr may have a kink or a jump; None if unknown.

    Abs, sign, Heaviside, DiracDelta switch at the zeros of their argument, Max/Min where two
    of their arguments are equal, Piecewise where a relational condition changes. Functions
    with infinitely many switches (floor, ceiling, frac) give None.
    """
    import sympy
    from sympy.core.relational import Relational

    found: list[Any] = []
    for node in sympy.preorder_traversal(expr):
        if not node.has(variable):
            continue
        if isinstance(node, (sympy.floor, sympy.ceiling, sympy.frac)):
            return None
        if isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside, sympy.DiracDelta)):
            found.append(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)):
            found.extend(p - q for p, q in itertools.combinations(node.args, 2))
        elif isinstance(node, sympy.Piecewise):
            for _, condition in node.args:
                if isinstance(condition, sympy.Basic):
                    found.extend(rel.lhs - rel.rhs for rel in condition.atoms(Relational))
    return [g for g in found if g.has(variable)]


def _singular_points(target: _Target, a: Fraction, b: Fraction) -> tuple[_SingularPoint, ...] | None:
    """The target's possible kinks/jumps in the closed [a, b], sorted; None when they cannot be found.

    Rational zeros are exact; irrational ones are enclosed (width 2e-30 around a 40-digit value).
    A callable target has no known singular points (empty tuple: nothing is claimed from it).
    """
    import sympy

    if target.expr is None:
        return ()
    # over a real variable sympy writes sqrt(x**2) as Abs(x): its kink shows
    real = sympy.Dummy(str(target.variable), real=True)
    functions = _switching_functions(target.expr.subs(target.variable, real), real)
    if functions is None:
        return None
    domain = sympy.Interval(sympy.Rational(a.numerator, a.denominator), sympy.Rational(b.numerator, b.denominator))
    points: dict[tuple[Fraction, Fraction], _SingularPoint] = {}
    margin = Fraction(1, 10**30)
    for g in functions:
        try:
            roots = sympy.solveset(g, real, domain)
        except (NotImplementedError, ValueError, TypeError):
            return None
        if roots == sympy.S.EmptySet:
            continue
        if not isinstance(roots, sympy.FiniteSet):
            return None
        for root in roots:
            if root.is_Rational:
                point = _SingularPoint(Fraction(int(root.p), int(root.q)), Fraction(int(root.p), int(root.q)))
            else:
                approx = sympy.Rational(sympy.N(root, 40))
                if not approx.is_Rational:
                    return None
                centre = Fraction(int(approx.p), int(approx.q))
                point = _SingularPoint(max(a, centre - margin), min(b, centre + margin))
            points[(point.low, point.high)] = point
    return tuple(sorted(points.values(), key=lambda p: (p.low, p.high)))


def _piece_bounds(target: _Target, xs: Sequence[Fraction]) -> tuple[Fraction | None, ...]:
    """M_j >= max |f''| on each [x_{j-1}, x_j]; None on pieces where f may not be C^2.

    sympy differentiates Piecewise, Max, Abs... piece by piece, so a kink or jump does not
    show in f'' (Piecewise((0, x < 0), (x, True)) has f'' = 0): pieces whose closed interval
    meets a singular point get None, and so do all pieces when the points cannot be found.
    """
    singular = _singular_points(target, xs[0], xs[-1])
    bounds: list[Fraction | None] = []
    for u, v in itertools.pairwise(xs):
        if singular is None or any(p.low <= v and u <= p.high for p in singular):
            bounds.append(None)
        else:
            bounds.append(_second_derivative_bound(target, u, v, 8))
    return tuple(bounds)


# -- knots ------------------------------------------------------------------------------
def uniform_knots(interval: DomainLike, n_knots: int) -> tuple[Fraction, ...]:
    """N equally spaced rational knots alpha = x_0 < ... < x_{N-1} = beta.

    Examples
    --------
    >>> [str(v) for v in uniform_knots((0, 1), 5)]
    ['0', '1/4', '1/2', '3/4', '1']
    """
    a, b = required_interval(interval, where="interval", needed_by="uniform_knots")
    _check_count(n_knots)
    return tuple(a + (b - a) * Fraction(j, n_knots - 1) for j in range(n_knots))


def _check_count(n_knots: int) -> None:
    if isinstance(n_knots, bool) or not isinstance(n_knots, int) or n_knots < 2:
        raise InvalidArgument(f"the number of knots must be an integer >= 2 (both ends), got {n_knots!r}")


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
    target: Any, interval: DomainLike, n_knots: int, *, variable: Any = None, grid: int = 20001, floor: float = 0.05
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
    t = _Target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="adaptive_knots")
    _check_count(n_knots)
    kinks: tuple[Fraction, ...] = ()
    if t.expr is not None:
        singular = _singular_points(t, a, b)
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
    second = _second_derivative_floats(t, xs)
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


def _second_derivative_floats(target: _Target, xs: np.ndarray) -> np.ndarray:
    if target.expr is not None:
        import sympy

        # a real variable makes sympy differentiate Abs to sign (not to re/im derivatives);
        # DiracDelta terms are the kinks' point masses, handled as knots by the caller
        real = sympy.Dummy(str(target.variable), real=True)
        second = sympy.diff(target.expr.subs(target.variable, real), real, 2)
        second = second.replace(lambda e: isinstance(e, sympy.DiracDelta), lambda e: sympy.S.Zero)
        try:
            function = sympy.lambdify(real, second, modules="numpy")
            with np.errstate(all="ignore"):
                values = np.asarray(function(xs), dtype=np.float64)
        except Exception as error:  # sympy printers and numpy raise many types here
            raise InvalidArgument(
                f"cannot evaluate f'' = {second} numerically ({type(error).__name__}); "
                'use placement="greedy" (needs only values of f) or pass knots='
            ) from error
        return np.broadcast_to(values, xs.shape).copy()
    values = target.floats(xs)
    h = xs[1] - xs[0]
    out = np.empty_like(values)
    out[1:-1] = (values[2:] - 2 * values[1:-1] + values[:-2]) / (h * h)
    out[0], out[-1] = out[1], out[-2]
    return out


def greedy_knots(
    target: Any, interval: DomainLike, n_knots: int, *, variable: Any = None, samples: int = 33
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
    t = _Target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="greedy_knots")
    _check_count(n_knots)

    def error(u: Fraction, v: Fraction) -> float:
        xs = np.linspace(float(u), float(v), samples)
        f = t.floats(xs)
        chord = f[0] + (f[-1] - f[0]) * (xs - xs[0]) / (xs[-1] - xs[0])
        return float(np.max(np.abs(f - chord)))

    intervals = {(a, b): error(a, b)}
    while len(intervals) + 1 < n_knots:
        worst = max(intervals, key=lambda key: (intervals[key], -key[0]))
        u, v = worst
        mid = (u + v) / 2
        del intervals[worst]
        intervals[(u, mid)] = error(u, mid)
        intervals[(mid, v)] = error(mid, v)
    return tuple(sorted({a, b} | {u for u, _ in intervals}))


# -- the construction -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Construction:
    """An exact network interpolating a target at N knots, with its errors.

    Attributes
    ----------
    target : str
        The target's description.
    interval : (Fraction, Fraction)
    knots : tuple of Fraction
    node_values : tuple of NodeValue
        The rational values interpolated (``.value``) and their error bounds.
    spline : LinearSpline
    expansion : BasisExpansion
        The basis expansion realising the spline.
    network : TwoLayerReLU
        The exact network; ``network(x_j) == node_values[j].value`` (checked).
    basis, placement : str
    grid_sup_error : float
        max |f - net| on ``grid_points`` points of [alpha, beta] (float measurement).
    grid_points : int
    second_derivative_bounds : tuple of (Fraction or None)
        M_j >= max |f''| on each [x_{j-1}, x_j] (rigorous), None when unavailable.
    apriori_bound : Fraction or None
        max_j h_j^2 M_j / 8 (rigorous, sympy C^2 targets).
    total_bound : Fraction or None
        apriori_bound + max node value error: |f - net| <= total_bound on [alpha, beta]
        when the node errors are rigorous.
    """

    target: str
    interval: Interval
    knots: tuple[Fraction, ...]
    node_values: tuple[NodeValue, ...]
    spline: LinearSpline
    expansion: BasisExpansion
    network: TwoLayerReLU
    basis: str
    placement: str
    grid_sup_error: float
    grid_points: int
    second_derivative_bounds: tuple[Fraction | None, ...]
    apriori_bound: Fraction | None
    total_bound: Fraction | None

    @property
    def values_exact(self) -> bool:
        """True when every node value is exactly f(x_j)."""
        return all(v.exact for v in self.node_values)

    @property
    def mesh_width(self) -> Fraction:
        """h = max_j (x_j - x_{j-1})."""
        return max(v - u for u, v in itertools.pairwise(self.knots))

    def __repr__(self) -> str:
        bound = "n/a" if self.apriori_bound is None else f"{float(self.apriori_bound):.3g}"
        return (
            f"Construction({self.target!r}, N={len(self.knots)}, basis={self.basis}, "
            f"placement={self.placement}, sup_error~{self.grid_sup_error:.3g}, bound={bound})"
        )


def construct(
    target: Any,
    interval: DomainLike,
    n_knots: int,
    *,
    basis: str = "one-sided",
    placement: str = "uniform",
    knots: Sequence[Any] | None = None,
    variable: Any = None,
    layout: str = "away",
    auxiliary_knot: Any = None,
    grid_points: int = 4001,
    precision_bits: int = 128,
) -> Construction:
    """Interpolate a target on [alpha, beta] at N knots with an exact network.

    Parameters
    ----------
    target : sympy expression, str (parsed by sympy) or callable
        A callable is called with a Fraction at the knots and with floats on the grid.
    interval : DomainLike
        [alpha, beta]: ``(lo, hi)``, ``[(lo, hi)]``, ``"lo,hi"`` or a 1-D Box (see
        :func:`reluexact.domain.as_interval`), rational.
    n_knots : int
        N >= 2 knots including both ends (N - 1 pieces).
    basis : {"one-sided", "two-sided", "ramp"}
        One-sided: N units (auxiliary knot x_{-1}); two-sided: N - 2 units plus one
        affine-acting unit (``layout``); ramp: 2(N - 1) units.
    placement : {"uniform", "equidistribute", "greedy"}
        Ignored when ``knots`` is given.
    knots : sequence of rationals, optional
        Explicit knots (overrides placement and n_knots).
    layout : str
        Two-sided layout (see :func:`reluexact.oned.bases.layout_orientations`).
    auxiliary_knot : rational, optional
        x_{-1} for the one-sided basis.
    grid_points : int
        Size of the float grid for ``grid_sup_error`` (the knots are added to it).
    precision_bits : int
        Precision of the node value enclosures.

    Returns
    -------
    Construction

    Raises
    ------
    CertificationError
        If the network did not interpolate the node values exactly (a bug).

    Examples
    --------
    >>> c = construct("x**2", (0, 1), 3, basis="ramp")
    >>> c.network.n_hidden, [str(c.network([x])[0]) for x in c.knots]
    (4, ['0', '1/4', '1'])
    >>> c.apriori_bound    # h^2/8 max|f''| = (1/2)^2 / 8 * 2
    Fraction(1, 16)
    """
    t = _Target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="construct")
    if basis not in BASES:
        raise InvalidArgument(f"unknown basis {basis!r}; choose one of {', '.join(BASES)}")
    if knots is not None:
        xs = tuple(to_fraction(v, where=f"knots[{j}]") for j, v in enumerate(knots))
        if xs[0] != a or xs[-1] != b:
            raise InvalidArgument("explicit knots must start at alpha and end at beta")
        placement = "explicit"
    elif placement == "uniform":
        xs = uniform_knots((a, b), n_knots)
    elif placement == "equidistribute":
        xs = adaptive_knots(t.expr if t.expr is not None else t.callable, (a, b), n_knots, variable=variable)
    elif placement == "greedy":
        xs = greedy_knots(t.expr if t.expr is not None else t.callable, (a, b), n_knots, variable=variable)
    else:
        raise InvalidArgument(f"unknown placement {placement!r}; choose one of {', '.join(KNOT_PLACEMENTS)}")
    nodes = tuple(_node_value(t, x, precision_bits) for x in xs)
    spline = LinearSpline(xs, tuple((v.value,) for v in nodes))
    if basis == "one-sided":
        expansion = one_sided_basis(spline, auxiliary_knot=auxiliary_knot)
    elif basis == "two-sided":
        expansion = two_sided_basis(spline, layout=layout)
    else:
        expansion = ramp_basis(spline)
    net = expansion.to_network()
    for x, node in zip(xs, nodes, strict=True):
        if evaluate(net, [x]) != (node.value,):
            raise CertificationError(f"the network misses the node value at x = {format_fraction(x)}; a bug")
    grid = np.union1d(np.linspace(float(a), float(b), grid_points), np.array([float(x) for x in xs]))
    error = float(np.max(np.abs(t.floats(grid) - evaluate_float(net, grid[:, None])[:, 0])))
    bounds = _piece_bounds(t, xs)
    apriori: Fraction | None = None
    total: Fraction | None = None
    if all(M is not None for M in bounds):
        apriori = max((v - u) ** 2 * M / 8 for (u, v), M in zip(itertools.pairwise(xs), bounds, strict=True))  # type: ignore[operator]
        if all(node.rigorous for node in nodes):
            total = apriori + max(node.error for node in nodes)
    return Construction(
        target=t.description,
        interval=(a, b),
        knots=xs,
        node_values=nodes,
        spline=spline,
        expansion=expansion,
        network=net,
        basis=basis,
        placement=placement,
        grid_sup_error=error,
        grid_points=int(grid.size),
        second_derivative_bounds=bounds,
        apriori_bound=apriori,
        total_bound=total,
    )


@dataclass(frozen=True, slots=True)
class ConvergenceRow:
    """One row of :func:`convergence_table`."""

    n_knots: int
    mesh_width: Fraction
    grid_sup_error: float
    apriori_bound: Fraction | None
    error_over_h2: float
    observed_order: float | None


def convergence_table(
    target: Any,
    interval: DomainLike,
    knot_counts: Sequence[int] = (5, 9, 17, 33, 65),
    *,
    placement: str = "uniform",
    variable: Any = None,
    grid_points: int = 4001,
) -> tuple[ConvergenceRow, ...]:
    """The O(h^2) convergence of the interpolating networks: one row per N.

    ``observed_order`` is log(e_prev / e) / log(h_prev / h) (float), close to 2 for smooth
    targets; ``error_over_h2`` is e / h^2, which settles near max|f''| / 8 or below.

    Examples
    --------
    >>> rows = convergence_table("sin(2*pi*x)", (0, 1), (17, 33, 65))
    >>> [round(r.observed_order, 1) for r in rows[1:]]
    [2.0, 2.0]
    >>> all(r.grid_sup_error <= float(r.apriori_bound) for r in rows)
    True
    """
    rows: list[ConvergenceRow] = []
    interval = required_interval(interval, where="interval", needed_by="convergence_table")
    for n in knot_counts:
        c = construct(target, interval, n, placement=placement, variable=variable, grid_points=grid_points)
        h = c.mesh_width
        order = None
        if rows and c.grid_sup_error > 0 and rows[-1].grid_sup_error > 0:
            order = math.log(rows[-1].grid_sup_error / c.grid_sup_error) / math.log(
                float(rows[-1].mesh_width) / float(h)
            )
        rows.append(ConvergenceRow(n, h, c.grid_sup_error, c.apriori_bound, c.grid_sup_error / float(h) ** 2, order))
    return tuple(rows)
