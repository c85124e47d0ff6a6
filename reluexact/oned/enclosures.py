"""Rigorous enclosures of sympy expressions by mpmath interval arithmetic.

:func:`enclose` evaluates a one-variable sympy expression over a rational interval [u, v]
(a point when u = v) with every operation rounded outwards, and returns rational bounds
(low, high) with low <= e(x) <= high for every x in [u, v]. The 1-D constructions use it for
node values that are not rational (:func:`reluexact.oned.targets.target_value`) and for upper
bounds of |f''| (:mod:`reluexact.oned.bounds`).

Exactness: the bounds are proven (outward-rounded interval arithmetic, then the interval's
binary ends read exactly as rationals). An expression with a function that has no interval
enclosure gives None, never a float guess.

Examples
--------
>>> import sympy
>>> from fractions import Fraction
>>> x = sympy.Symbol("x")
>>> low, high = enclose(sympy.sin(x), x, Fraction(1), Fraction(1), precision_bits=128)
>>> low < high, float(high - low) < 1e-30, abs(float(low) - 0.8414709848078965) < 1e-15
(True, True, True)
>>> enclose(sympy.gamma(x), x, Fraction(1), Fraction(2)) is None   # no interval gamma
True
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

__all__ = ["ENCLOSABLE_FUNCTIONS", "enclose", "interval_evaluator"]

#: The sympy functions :func:`enclose` evaluates in interval arithmetic (with + - * / and powers).
ENCLOSABLE_FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "Abs")


def interval_evaluator(expr: Any, variable: Any) -> Callable[[Any], Any] | None:
    """An evaluator of ``expr`` on mpmath intervals (``mpmath.iv.mpf``), or None.

    None when ``expr`` uses a function outside :data:`ENCLOSABLE_FUNCTIONS` (after rewriting
    tanh, sinh and cosh with exp) or a constant other than pi and E.

    Examples
    --------
    >>> import sympy
    >>> from mpmath import iv
    >>> x = sympy.Symbol("x")
    >>> evaluator = interval_evaluator(x**2 / 3, x)
    >>> value = evaluator(iv.mpf([1, 2]))
    >>> float(value.a) <= 1 / 3, float(value.b) >= 4 / 3
    (True, True)
    >>> interval_evaluator(sympy.erf(x), x) is None
    True
    """
    import sympy
    from mpmath import iv

    expr = expr.rewrite(sympy.exp) if expr.has(sympy.tanh, sympy.sinh, sympy.cosh) else expr
    for function in expr.atoms(sympy.Function):
        if type(function).__name__ not in ENCLOSABLE_FUNCTIONS:
            return None
    for constant in expr.atoms(sympy.NumberSymbol):
        if constant not in (sympy.pi, sympy.E):
            return None
    from sympy.printing.lambdarepr import MpmathPrinter

    # MpmathPrinter writes rationals as mpf(p)/mpf(q) (never a float 1/3) and functions as
    # mpmath.f; binding the name "mpmath" to the interval context makes every operation an
    # enclosure. A function the interval context lacks raises AttributeError (no silent floats).
    return sympy.lambdify(variable, expr, modules=[{"mpmath": iv}], printer=MpmathPrinter)  # type: ignore[no-any-return]


def enclose(
    expr: Any,
    variable: Any,
    low: Fraction,
    high: Fraction,
    *,
    precision_bits: int = 64,
    evaluator: Callable[[Any], Any] | None = None,
) -> tuple[Fraction, Fraction] | None:
    """Rational bounds of ``expr`` over ``variable`` in [low, high], or None when they cannot be proven.

    Parameters
    ----------
    expr : sympy expression
        In one variable.
    variable : sympy Symbol
    low, high : Fraction
        The interval of the variable (low == high: a point).
    precision_bits : int
        Working precision of the interval arithmetic.
    evaluator : callable, optional
        ``interval_evaluator(expr, variable)``, when the caller encloses the same expression
        on many intervals (it is then not rebuilt).

    Returns
    -------
    (Fraction, Fraction) or None
        (lo, hi) with lo <= expr(x) <= hi for all x in [low, high]; None when ``expr`` has no
        interval evaluator, the enclosure is unbounded, or the evaluation fails (a pole, a
        logarithm of a negative interval, ...).

    Examples
    --------
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> enclose(x**2, x, Fraction(-1), Fraction(2))
    (Fraction(0, 1), Fraction(4, 1))
    >>> enclose(1 / x, x, Fraction(-1), Fraction(1)) is None   # a pole inside
    True
    """
    from mpmath import iv

    function = evaluator if evaluator is not None else interval_evaluator(expr, variable)
    if function is None:
        return None
    old = iv.prec
    iv.prec = precision_bits
    try:
        # the ends as rationals p/q divided in interval arithmetic: they enclose [low, high]
        start = iv.mpf(low.numerator) / iv.mpf(low.denominator)
        end = iv.mpf(high.numerator) / iv.mpf(high.denominator)
        value = function(iv.mpf([start.a, end.b]))
        # a constant expression evaluates to a plain int (exact): make it a point interval
        return _rational_bounds(value if hasattr(value, "_mpi_") else iv.mpf(value))
    except (ArithmeticError, ValueError, TypeError, ZeroDivisionError, AttributeError):
        return None
    finally:
        iv.prec = old


def _rational_bounds(value: Any) -> tuple[Fraction, Fraction]:
    from mpmath import libmp

    low, high = value._mpi_
    if low in (libmp.fninf, libmp.finf, libmp.fnan) or high in (libmp.fninf, libmp.finf, libmp.fnan):
        raise ArithmeticError("unbounded enclosure")
    p, q = libmp.to_rational(low)
    r, s = libmp.to_rational(high)
    return Fraction(p, q), Fraction(r, s)
