"""Tests of reluexact.oned.enclosures: rigorous interval enclosures of sympy expressions."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.oned.enclosures import enclose, interval_evaluator
from tests.oracles import reference_polynomial
from tests.strategies import polynomial_coefficients, rationals

F = Fraction
x = sympy.Symbol("x")


def _polynomial(coefficients: list[Fraction]) -> sympy.Expr:
    return sum((sympy.Rational(c.numerator, c.denominator) * x**j for j, c in enumerate(coefficients)), sympy.S.Zero)


@settings(max_examples=60, deadline=None)
@given(polynomial_coefficients(), rationals(max_numerator=6, max_denominator=4), st.fractions(0, 2, max_denominator=4))
def test_enclosure_contains_every_exact_value(coefficients, low, width):
    high = low + width
    enclosure = enclose(_polynomial(coefficients), x, low, high)
    assert enclosure is not None
    lo, hi = enclosure
    for k in range(5):  # the ends and three points between them, evaluated exactly
        point = low + width * F(k, 4)
        assert lo <= reference_polynomial(coefficients, point) <= hi


@settings(max_examples=30, deadline=None)
@given(rationals(max_numerator=10, max_denominator=7))
def test_point_enclosure_of_a_rational_function_is_tight_and_correct(point):
    enclosure = enclose(x**2 / 3 - x, x, point, point, precision_bits=100)
    assert enclosure is not None
    exact = point**2 / 3 - point
    assert enclosure[0] <= exact <= enclosure[1]
    assert enclosure[1] - enclosure[0] < F(1, 2**80) * (1 + abs(exact))


def test_transcendental_point_enclosure_matches_high_precision():
    import mpmath

    low, high = enclose(sympy.exp(x) + sympy.sin(x), x, F(1, 3), F(1, 3), precision_bits=128)
    with mpmath.workdps(60):
        true = mpmath.exp(mpmath.mpf(1) / 3) + mpmath.sin(mpmath.mpf(1) / 3)
        assert mpmath.mpf(low.numerator) / low.denominator <= true <= mpmath.mpf(high.numerator) / high.denominator
    assert high - low < F(1, 10**35)


@pytest.mark.parametrize(
    ("expr", "low", "high"),
    [
        (1 / x, F(-1), F(1)),  # a pole inside: unbounded
        (sympy.log(x), F(-2), F(-1)),  # log of a negative interval
        (sympy.atan(x), F(0), F(1)),  # no interval atan in the list
        (sympy.EulerGamma * x, F(0), F(1)),  # a constant other than pi and E
    ],
)
def test_no_enclosure_is_claimed_where_none_is_proven(expr, low, high):
    assert enclose(expr, x, low, high) is None


def test_hyperbolic_functions_are_rewritten_with_exp():
    assert interval_evaluator(sympy.tanh(x), x) is not None
    low, high = enclose(sympy.tanh(x), x, F(0), F(1))
    assert low <= 0
    assert F(76, 100) <= high  # tanh(1) = 0.7615...
