"""Tests of reluexact.oned.targets: the target wrapper, node values, kinks and float f''."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings

from reluexact import InvalidArgument
from reluexact.oned.targets import (
    SingularPoint,
    Target,
    as_target,
    second_derivative_floats,
    singular_points,
    target_value,
)
from tests.oracles import reference_polynomial, reference_polynomial_second_derivative
from tests.strategies import polynomial_coefficients, rationals

F = Fraction
x = sympy.Symbol("x")


def _polynomial(coefficients: list[Fraction]) -> sympy.Expr:
    return sum((sympy.Rational(c.numerator, c.denominator) * x**j for j, c in enumerate(coefficients)), sympy.S.Zero)


def test_target_value_exact_and_fallback():
    assert target_value(x**3 - x, F(1, 2)).value == F(-3, 8)
    v = target_value(sympy.atan(x), 1)  # no interval enclosure for atan: documented non-rigorous fallback
    assert not v.rigorous
    assert abs(float(v.value) - math.pi / 4) < 1e-15


@settings(max_examples=40, deadline=None)
@given(polynomial_coefficients(), rationals(max_numerator=9, max_denominator=5))
def test_polynomial_node_values_are_exact(coefficients, point):
    value = target_value(_polynomial(coefficients), point)
    assert value.exact
    assert value.rigorous
    assert value.error == 0
    assert value.value == reference_polynomial(coefficients, point)


def test_callable_node_values_are_taken_as_given():
    exact = target_value(lambda t: t * t, F(1, 3))
    assert exact == target_value(as_target(lambda t: t * t), F(1, 3))
    assert exact.value == F(1, 9)
    assert exact.exact
    assert not exact.rigorous
    rounded = target_value(math.sqrt, 2)
    assert rounded.value == F(math.sqrt(2.0))
    assert not rounded.exact


def test_target_value_refuses_a_pole():
    with pytest.raises(InvalidArgument, match="not a finite real number at x = 0"):
        target_value(1 / x, 0)


def test_as_target_reads_each_form_once():
    t = as_target("x**2 + 1")
    assert isinstance(t, Target)
    assert t.is_symbolic
    assert t.source == x**2 + 1
    assert as_target(t) is t
    assert not as_target(math.cos).is_symbolic
    assert as_target("y**2", "y").variable == sympy.Symbol("y")
    with pytest.raises(InvalidArgument, match="several free symbols"):
        as_target(x * sympy.Symbol("y"))
    with pytest.raises(InvalidArgument, match="sympy expression, a string or a callable"):
        as_target(3)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Abs(x)", [SingularPoint(F(0), F(0))]),
        ("Max(x, 1/2) + Abs(x + 1/4)", [SingularPoint(F(-1, 4), F(-1, 4)), SingularPoint(F(1, 2), F(1, 2))]),
        ("Abs(x - 3)", []),  # outside the interval
        ("x**2", []),
        (sympy.Piecewise((0, x < sympy.Rational(1, 3)), (x, True)), [SingularPoint(F(1, 3), F(1, 3))]),
    ],
)
def test_rational_singular_points_are_exact(target, expected):
    assert list(singular_points(target, (-1, 1))) == expected


def test_irrational_singular_point_is_enclosed():
    (point,) = singular_points("Abs(x**2 - 1/2)", (0, 1))
    assert not point.exact
    assert point.low < point.high
    assert point.high - point.low <= F(2, 10**30)
    assert point.low**2 < F(1, 2) < point.high**2  # the enclosure holds sqrt(1/2)


def test_singular_points_unknown_or_not_claimed():
    assert singular_points(sympy.floor(x), (0, 3)) is None
    assert singular_points(abs, (-1, 1)) == ()  # a callable: nothing is claimed


@settings(max_examples=30, deadline=None)
@given(polynomial_coefficients())
def test_second_derivative_floats_of_polynomials(coefficients):
    grid = np.linspace(-1.0, 1.0, 9)
    values = second_derivative_floats(_polynomial(coefficients), grid)
    expected = [float(reference_polynomial_second_derivative(coefficients, F(float(v)))) for v in grid]
    assert values.shape == grid.shape
    assert np.allclose(values, expected, rtol=0, atol=1e-12)  # float measurement by design


def test_second_derivative_floats_of_callables_by_central_differences():
    grid = np.linspace(0.0, 1.0, 11)
    values = second_derivative_floats(lambda t: t**3, grid)
    assert np.allclose(values[1:-1], 6 * grid[1:-1], atol=1e-9)


def test_second_derivative_floats_drops_kink_masses():
    values = second_derivative_floats("Abs(x) + x**2", np.array([-0.5, 0.5]))
    assert list(values) == [2.0, 2.0]
