"""Tests of reluexact.oned.bounds: rigorous h^2/8 max |f''| bounds."""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.oned.bounds import apriori_bound, second_derivative_bound, second_derivative_bounds
from tests.oracles import reference_polynomial, reference_polynomial_second_derivative
from tests.strategies import polynomial_coefficients

F = Fraction
x = sympy.Symbol("x")


def _polynomial(coefficients: list[Fraction]) -> sympy.Expr:
    return sum((sympy.Rational(c.numerator, c.denominator) * x**j for j, c in enumerate(coefficients)), sympy.S.Zero)


def test_second_derivative_bound_cases():
    assert second_derivative_bound(x**3, (0, 2)) >= 12
    assert second_derivative_bound(x**2 + 1, (0, 2)) == 2
    assert second_derivative_bound(sympy.Abs(x), (-1, 1)) is None  # not C^2 on the interval
    assert second_derivative_bound(lambda t: t, (0, 1)) is None


@settings(max_examples=40, deadline=None)
@given(polynomial_coefficients(), st.sampled_from([(F(-1), F(1)), (F(0), F(1, 3)), (F(-2), F(-1, 2))]))
def test_second_derivative_bound_dominates_exact_values(coefficients, interval):
    bound = second_derivative_bound(_polynomial(coefficients), interval)
    assert bound is not None
    low, high = interval
    for k in range(9):
        assert abs(reference_polynomial_second_derivative(coefficients, low + (high - low) * F(k, 8))) <= bound


@settings(max_examples=25, deadline=None)
@given(polynomial_coefficients(), st.integers(2, 6))
def test_apriori_bound_bounds_the_interpolation_error_exactly(coefficients, n):
    # |f - S| <= h^2/8 max|f''| checked at exact rationals inside every piece
    knots = tuple(F(-1) + F(2 * j, n - 1) for j in range(n))
    bounds = second_derivative_bounds(_polynomial(coefficients), knots)
    bound = apriori_bound(knots, bounds)
    assert bound is not None
    for u, v in itertools.pairwise(knots):
        fu, fv = reference_polynomial(coefficients, u), reference_polynomial(coefficients, v)
        for k in range(1, 8):
            point = u + (v - u) * F(k, 8)
            chord = fu + (fv - fu) * (point - u) / (v - u)
            assert abs(reference_polynomial(coefficients, point) - chord) <= bound


def test_pieces_meeting_a_kink_get_no_bound():
    knots = (F(-1), F(-1, 3), F(1, 3), F(1))
    assert second_derivative_bounds(x**2 + sympy.Abs(x), knots) == (F(2), None, F(2))
    assert apriori_bound(knots, second_derivative_bounds(x**2 + sympy.Abs(x), knots)) is None
    assert second_derivative_bounds(abs, knots) == (None, None, None)  # a callable: nothing claimed
