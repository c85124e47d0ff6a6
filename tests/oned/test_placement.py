"""Tests of reluexact.oned.placement: uniform, equidistributed and greedy knots."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import InvalidArgument
from reluexact.oned.placement import adaptive_knots, greedy_knots, uniform_knots

F = Fraction
X = sympy.Symbol("x")
INTERVALS = st.sampled_from([(F(0), F(1)), (F(-1), F(2)), (F(-3, 2), F(-1, 3))])


@settings(max_examples=30, deadline=None)
@given(INTERVALS, st.integers(2, 9), st.sampled_from(["x**2", "exp(x)", "sin(3*x)", "Abs(x - 1/7)"]))
def test_every_placement_gives_n_sorted_rational_knots_from_end_to_end(interval, n, target):
    a, b = interval
    placements = [uniform_knots(interval, n), greedy_knots(target, interval, n)]
    if target != "Abs(x - 1/7)" or n >= 3:
        placements.append(adaptive_knots(target, interval, n, grid=801))
    for knots in placements:
        assert len(knots) == n
        assert knots[0] == a
        assert knots[-1] == b
        assert all(isinstance(k, Fraction) for k in knots)
        assert all(u < v for u, v in itertools.pairwise(knots))


def test_uniform_knots_are_exact():
    assert uniform_knots((F(-1, 3), 1), 3) == (F(-1, 3), F(1, 3), F(1))


def test_greedy_knots_are_dyadic_refinements():
    for knot in greedy_knots("exp(4*x)", (0, 1), 9):
        assert knot.denominator & (knot.denominator - 1) == 0


def test_equidistribute_irrational_kink_is_a_nearby_simple_knot():
    ks = adaptive_knots(sympy.Abs(X**2 - sympy.Rational(1, 2)), (-1, 1), 6)
    near = [k for k in ks if abs(float(k) - 0.5**0.5) < 1e-11]
    assert len(near) == 1
    assert near[0].denominator < 10**7


def test_knot_count_is_checked():
    with pytest.raises(InvalidArgument, match="integer >= 2"):
        uniform_knots((0, 1), True)
    with pytest.raises(InvalidArgument, match="integer >= 2"):
        greedy_knots("x", (0, 1), 1)


def test_adaptive_knots_refuse_clearly():
    with pytest.raises(InvalidArgument, match=r"1 kink\(s\).*n_knots >= 3"):
        adaptive_knots("Abs(x)", (-1, 1), 2)
    with pytest.raises(InvalidArgument, match="cannot locate the kinks"):
        adaptive_knots(sympy.floor(3 * X), (-1, 1), 5)
