"""Targets of the 1-D constructions: a function f to interpolate, and what is known about it.

A target is a sympy expression in one variable, a string (parsed safely by
:func:`reluexact.expressions.parse_expression`, never ``sympify``) or a Python callable.
:func:`as_target` wraps it once as a :class:`Target`; from it this module gives

* :func:`target_value`: the rational value used for f(x) at a knot, exact when f(x) is
  rational, else the simplest rational inside a rigorous interval enclosure
  (:func:`reluexact.oned.enclosures.enclose`), with the enclosure's width as its error;
* :func:`singular_points`: where a sympy target may fail to be C^2 (the kinks and jumps of
  Abs, Max, Min, sign, Heaviside, Piecewise), exactly when rational, else enclosed;
* :func:`second_derivative_floats`: f'' on a float grid (symbolic for sympy targets, central
  differences for callables), for knot placement and curvature measurements.

Exactness: node values and singular points are exact or rigorously enclosed for sympy targets;
:meth:`Target.floats` and :func:`second_derivative_floats` are float measurements. A callable's
values are taken as given (float at its exact binary value) and nothing is claimed about it.

Examples
--------
>>> t = as_target("x**2 - 1/4")
>>> t.description, t.is_symbolic
('x**2 - 1/4', True)
>>> target_value(t, "1/3").value
Fraction(-5, 36)
>>> [str(p.low) for p in singular_points("Abs(x - 1/3)", (0, 1))]
['1/3']
"""

from __future__ import annotations

import contextlib
import itertools
import math
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from reluexact.domain import DomainLike
from reluexact.errors import InvalidArgument
from reluexact.expressions import parse_expression
from reluexact.limits import Limits, default_limits
from reluexact.oned._common import required_interval
from reluexact.oned.enclosures import enclose
from reluexact.rational import format_fraction, simplest_rational_between, to_fraction

__all__ = [
    "NodeValue",
    "SingularPoint",
    "Target",
    "as_target",
    "second_derivative_floats",
    "singular_points",
    "sup_error_on_grid",
    "target_value",
]


class Target:
    """A target function f: a sympy expression in one variable, or a Python callable.

    Build it with :func:`as_target`. ``expr`` and ``variable`` are set for a sympy target
    (``callable`` is None), ``callable`` for a Python function (``expr`` is None).

    Examples
    --------
    >>> import numpy as np
    >>> t = as_target("sin(x)")
    >>> t.variable, t.floats(np.array([0.0]))
    (x, array([0.]))
    >>> as_target(abs).description
    'abs'
    """

    __slots__ = ("_float", "callable", "description", "expr", "variable")

    def __init__(self, target: Any, variable: Any = None) -> None:
        import sympy

        self.callable: Callable[[Any], Any] | None = None
        self.expr: Any = None
        self.variable: Any = None
        self.description: str = ""
        if isinstance(target, str):
            target = parse_expression(target, where="target")  # never sympify user text
        if isinstance(target, sympy.Basic):
            with _long_integers():
                self._init_symbolic(target, variable)
        elif callable(target):
            self.callable = target
            self.description = str(getattr(target, "__name__", repr(target)))
        else:
            raise InvalidArgument(
                f"the target must be a sympy expression, a string or a callable, got {type(target).__name__}"
            )

    def _init_symbolic(self, target: Any, variable: Any) -> None:
        import sympy

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

    @property
    def is_symbolic(self) -> bool:
        """True for a sympy target (exact values, derivatives and kinks are available).

        Examples
        --------
        >>> as_target("x**2").is_symbolic, as_target(lambda x: 2 * x).is_symbolic
        (True, False)
        """
        return self.expr is not None

    @property
    def source(self) -> Any:
        """What the target was built from: the sympy expression or the callable.

        Examples
        --------
        >>> as_target("x**2").source
        x**2
        """
        return self.expr if self.expr is not None else self.callable

    def floats(self, xs: np.ndarray) -> np.ndarray:
        """f at the float points ``xs`` (float measurement), an array of the same shape.

        Examples
        --------
        >>> as_target("x**2").floats(np.array([0.5, 2.0])).tolist()
        [0.25, 4.0]
        """
        if self.expr is not None:
            values = np.asarray(self._float(xs), dtype=np.float64)
            return np.broadcast_to(values, xs.shape).copy()
        assert self.callable is not None
        return np.array([float(self.callable(float(v))) for v in xs], dtype=np.float64)

    def __repr__(self) -> str:
        return f"Target({self.description!r})"


@contextlib.contextmanager
def _long_integers() -> Iterator[None]:
    """Lift CPython's 4300-digit limit on int <-> str while sympy prints or lambdifies a target.

    A target such as ``2**3**9`` (5925 digits) is legal (values up to ``max_numeral_length``
    digits are), but sympy's printers call ``str(int)``, which raises ValueError beyond the limit.
    """
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(previous)


def sup_error_on_grid(target: Any, net: Any, grid: np.ndarray) -> float:
    """max |f - net| over the float points ``grid`` (a float measurement, not a bound).

    ``inf`` when f or the network cannot be evaluated in float64 there (values beyond about
    1.8e308, such as f = 10**1000 x): the exact construction is unaffected, only this measurement
    is out of float range.

    Examples
    --------
    >>> from reluexact.model import TwoLayerReLU
    >>> net = TwoLayerReLU([[1]], [0], [[1]], [0])
    >>> sup_error_on_grid("x**2", net, np.linspace(0.0, 1.0, 3)), sup_error_on_grid("10**1000*x", net, np.ones(1))
    (0.25, inf)
    """
    from reluexact.model import evaluate_float

    t = as_target(target)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            difference = np.abs(t.floats(grid) - evaluate_float(net, grid[:, None])[:, 0])
    except OverflowError:
        return math.inf
    return float(np.max(difference))


def as_target(target: Any, variable: Any = None) -> Target:
    """The :class:`Target` of a sympy expression, string or callable (a Target is returned as it is).

    Parameters
    ----------
    target : sympy expression, str or callable
    variable : sympy Symbol or str, optional
        The variable of a sympy target; needed only when it has several free symbols.

    Raises
    ------
    InvalidArgument
        For another type, or free symbols other than the variable.

    Examples
    --------
    >>> t = as_target("a*x", "x")
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: the target's free symbols [a, x] are not just the variable x
    >>> as_target(as_target("x")).description
    'x'
    """
    if isinstance(target, Target):
        return target
    return Target(target, variable)


# -- values at knots --------------------------------------------------------------------
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


def target_value(
    target: Any, x: Any, *, variable: Any = None, precision_bits: int = 128, limits: Limits | None = None
) -> NodeValue:
    """The rational value used for f(x): exact when rational, else a certified rational approximation.

    Parameters
    ----------
    target : Target, sympy expression, str or callable
    x : rational
    precision_bits : int
        Working precision of the mpmath interval enclosure.
    limits : Limits, optional
        A sympy target's value is refused, before anything is computed, when a cheap bound on
        the size of its exact value (or of a part of it) exceeds ``limits.max_numeral_length``
        decimal digits: ``x**x`` or ``exp(exp(x))`` at x = 10^20 would run without end (a
        value that large could not be written to a model file either). Default
        :func:`reluexact.limits.default_limits`.

    Raises
    ------
    InvalidArgument
        When f(x) is not a finite real number, or is too large (see ``limits``).

    Examples
    --------
    >>> import sympy
    >>> target_value(sympy.Symbol("x") ** 2, "1/3")
    NodeValue(value=Fraction(1, 9), error=Fraction(0, 1), exact=True, rigorous=True)
    >>> v = target_value("sin(x)", 1)
    >>> v.exact, v.rigorous, v.error < Fraction(1, 10**30), abs(float(v.value) - 0.8414709848078965) < 1e-15
    (False, True, True, True)
    >>> target_value("exp(exp(x))", 10**20)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    reluexact.errors.InvalidArgument: the target exp(exp(x)) at x = 100000000000000000000: a part of it, exp(x), \
may have more than 10000 digits (the limit max_numeral_length); ...
    """
    import sympy

    t = as_target(target, variable)
    point = to_fraction(x, where="x")
    if t.expr is None:
        assert t.callable is not None
        raw = t.callable(point)
        value = to_fraction(raw, where=f"target({format_fraction(point)})", allow_float=True)
        return NodeValue(value, Fraction(0), exact=not isinstance(raw, float), rigorous=False)
    with _long_integers():  # sympy prints integers of up to max_numeral_length digits in messages
        _check_size(t, point, limits or default_limits())
        exact = t.expr.subs(t.variable, sympy.Rational(point.numerator, point.denominator))
        if exact.is_Rational:
            return NodeValue(Fraction(int(exact.p), int(exact.q)), Fraction(0), exact=True, rigorous=True)
        if exact.is_real is False or exact.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            raise InvalidArgument(f"the target is not a finite real number at x = {format_fraction(point)}: {exact}")
        enclosure = enclose(t.expr, t.variable, point, point, precision_bits=precision_bits)
        if enclosure is not None:
            low, high = enclosure
            return NodeValue(simplest_rational_between(low, high), high - low, exact=False, rigorous=True)
        digits = max(30, int(precision_bits * 0.30103))
        approx = sympy.Rational(sympy.N(exact, digits + 10))
        return NodeValue(Fraction(int(approx.p), int(approx.q)), Fraction(1, 10**digits), exact=False, rigorous=False)


_LOG2_E = 1.4426950408889634


def _check_size(t: Target, point: Fraction, limits: Limits) -> None:
    """Refuse f(point) when a bound on the bits of (a part of) its value exceeds the numeral limit.

    The bound ``u`` of a node bounds |log2 |v|| of its value v (how far it is from 1, up or down),
    and ``up`` bounds log2 |v| from above (negative for a small value); both are computed from
    bit lengths alone, bottom up, before sympy or mpmath computes anything: a rational p/q has
    u = max(bits(p), bits(q)) and up = bits(p) - bits(q) + 1; a sum the largest plus log2 of the
    count; a product the sum; y**k for a constant k is |k| u(y) (up: k up(y) for k >= 0); exp(y),
    sinh, cosh are 2**up(y) log2 e (so exp(-8 x**2) at a small x is cheap) and y**z for a
    non-constant z is 2**up(z) (u(y) + 1); bounded and slowly growing functions (sin, log,
    sqrt, atan, Abs, ...) keep the bound of their argument, which is what their argument
    reduction costs. The exact value of the point (sympy's Integer powers) and the interval
    enclosure both take time growing with this bound, without end for x**x at 10^20.
    """
    import sympy

    limit_bits = limits.max_numeral_length * math.log2(10)

    def bits(value: Fraction) -> float:
        return float(max(abs(value.numerator).bit_length(), value.denominator.bit_length()))

    def power(exponent_bits: float) -> float:  # 2**u, without overflowing
        return math.inf if exponent_bits > 1000 else 2.0**exponent_bits

    def up_bits(value: Fraction) -> float:  # an upper bound on log2 |value| (negative for small values)
        if value == 0:
            return -1e6  # log2 0 = -inf, kept finite so that 0 * bound stays a number
        return float(abs(value.numerator).bit_length() - value.denominator.bit_length() + 1)

    point_sizes = (bits(point), up_bits(point))
    memo: dict[Any, tuple[float, float]] = {}

    def size(node: Any) -> float:
        return sizes(node)[0]

    def sizes(node: Any) -> tuple[float, float]:
        """(u, up): u bounds |log2 |v||, up bounds log2 |v| from above (what exp's cost grows with)."""
        if node in memo:
            return memo[node]
        if node == t.variable:
            result, up = point_sizes
        elif node.is_Rational:
            r = Fraction(int(node.p), int(node.q))
            result, up = bits(r), up_bits(r)
        elif node.is_Number or isinstance(node, sympy.NumberSymbol) or (node.is_number and not node.args):
            result = up = 2.0
        elif isinstance(node, (sympy.exp, sympy.sinh, sympy.cosh)):
            # |log2 exp(y)| = |y| log2 e <= 2**up(y) log2 e; sinh(y) near 0 is about y
            u_arg, up_arg = sizes(node.args[0])
            up = power(up_arg) * _LOG2_E + 1
            result = max(up, u_arg) if isinstance(node, sympy.sinh) else up
        elif isinstance(node, sympy.Pow):
            base, exponent = node.args
            u_base, up_base = sizes(base)
            if exponent.is_Rational:
                k = float(Fraction(int(exponent.p), int(exponent.q)))
                result = abs(k) * u_base + 1
                up = k * up_base + 1 if k >= 0 else result
            else:
                result = up = power(sizes(exponent)[1]) * (u_base + 1)
        elif isinstance(node, sympy.Add):
            parts = [sizes(arg) for arg in node.args]
            extra = math.log2(len(node.args)) + 1
            result = max(u for u, _ in parts) + extra
            up = max(v for _, v in parts) + extra
        elif isinstance(node, sympy.Mul):
            parts = [sizes(arg) for arg in node.args]
            result = sum(u for u, _ in parts)
            up = sum(v for _, v in parts)
        elif node.args:
            parts = [sizes(arg) for arg in node.args]
            result = max(u for u, _ in parts)
            up = max(v for _, v in parts)
        else:
            result = up = 2.0
        memo[node] = (result, min(up, result))
        if result > limit_bits:
            shown = str(node)
            raise InvalidArgument(
                f"the target {t.description[:60]} at x = {format_fraction(point)[:40]}: "
                + (f"a part of it, {shown[:60]}, " if node != t.expr else "its value ")
                + f"may have more than {limits.max_numeral_length} digits (the limit max_numeral_length); its exact "
                "value would take unbounded time and could not be written to a model file; use a smaller interval or "
                f"rescale f, or raise the limit (limits=Limits(max_numeral_length=...), RELUEXACT_LIMITS)"
            )
        return memo[node]

    try:
        size(t.expr)
    except RecursionError:
        raise InvalidArgument(f"the target {t.description[:60]} is nested too deeply to evaluate") from None


# -- where the target is not smooth -----------------------------------------------------
@dataclass(frozen=True, slots=True)
class SingularPoint:
    """Where a sympy target may fail to be C^2: [low, high] encloses the point (low == high when exact)."""

    low: Fraction
    high: Fraction

    @property
    def exact(self) -> bool:
        """True when the point is known exactly (a rational root).

        Examples
        --------
        >>> [p.exact for p in singular_points("Abs(x - 1/3) + Abs(x**2 - 2)", (0, 2))]  # 1/3 exactly; sqrt(2) enclosed
        [True, False]
        """
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


def singular_points(target: Any, interval: DomainLike, *, variable: Any = None) -> tuple[SingularPoint, ...] | None:
    """The target's possible kinks/jumps in the closed interval, sorted; None when they cannot be found.

    Rational zeros are exact; irrational ones are enclosed (width 2e-30 around a 40-digit value).
    A callable target has no known singular points (empty tuple: nothing is claimed from it).

    Parameters
    ----------
    target : Target, sympy expression, str or callable
    interval : DomainLike
        [a, b] in any form :func:`reluexact.domain.as_interval` reads.

    Examples
    --------
    >>> [(str(p.low), p.exact) for p in singular_points("Max(x, 1/2) + Abs(x + 1/4)", (-1, 1))]
    [('-1/4', True), ('1/2', True)]
    >>> import sympy
    >>> singular_points(sympy.floor(sympy.Symbol("x")), (0, 3)) is None    # a staircase: not located
    True
    """
    import sympy

    t = as_target(target, variable)
    a, b = required_interval(interval, where="interval", needed_by="singular_points")
    if t.expr is None:
        return ()
    # over a real variable sympy writes sqrt(x**2) as Abs(x): its kink shows
    real = sympy.Dummy(str(t.variable), real=True)
    functions = _switching_functions(t.expr.subs(t.variable, real), real)
    if functions is None:
        return None
    domain = sympy.Interval(sympy.Rational(a.numerator, a.denominator), sympy.Rational(b.numerator, b.denominator))
    points: dict[tuple[Fraction, Fraction], SingularPoint] = {}
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
                point = SingularPoint(Fraction(int(root.p), int(root.q)), Fraction(int(root.p), int(root.q)))
            else:
                approx = sympy.Rational(sympy.N(root, 40))
                if not approx.is_Rational:
                    return None
                centre = Fraction(int(approx.p), int(approx.q))
                point = SingularPoint(max(a, centre - margin), min(b, centre + margin))
            points[(point.low, point.high)] = point
    return tuple(sorted(points.values(), key=lambda p: (p.low, p.high)))


# -- curvature --------------------------------------------------------------------------
def second_derivative_floats(target: Any, xs: np.ndarray, *, variable: Any = None) -> np.ndarray:
    """f'' at the float points ``xs`` (float measurement).

    Symbolic for a sympy target, differentiated over a real variable (Abs gives sign, not
    re/im derivatives) with the DiracDelta point masses of kinks dropped; central differences
    on the grid ``xs`` (equally spaced, at least three points) for a callable.

    Raises
    ------
    InvalidArgument
        When f'' of a sympy target cannot be evaluated numerically.

    Examples
    --------
    >>> import numpy as np
    >>> second_derivative_floats("x**3", np.array([0.0, 1.0, 2.0]))
    array([ 0.,  6., 12.])
    >>> second_derivative_floats(lambda v: v * v, np.linspace(0, 1, 5))
    array([2., 2., 2., 2., 2.])
    """
    t = as_target(target, variable)
    if t.expr is not None:
        import sympy

        # DiracDelta terms are the kinks' point masses, handled as knots by the callers
        real = sympy.Dummy(str(t.variable), real=True)
        second = sympy.diff(t.expr.subs(t.variable, real), real, 2)
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
    values = t.floats(xs)
    h = xs[1] - xs[0]
    out = np.empty_like(values)
    out[1:-1] = (values[2:] - 2 * values[1:-1] + values[:-2]) / (h * h)
    out[0], out[-1] = out[1], out[-2]
    return out
