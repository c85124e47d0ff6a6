"""Tests of reluexact.oned.comparison: a decoding beside constructions for the same target."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from reluexact import InvalidArgument, TwoLayerReLU
from reluexact.oned.comparison import compare_with_construction
from reluexact.oned.decoding import decode

F = Fraction
NET = TwoLayerReLU([[1], [1]], [0, "-1/2"], [[1, 2]], [0])  # knots 0 (the end) and 1/2 on [0, 1]


def test_comparison_of_an_exact_interpolant_of_x_squared():
    comparison = compare_with_construction(decode(NET, domain=(0, 1)), sympy.Symbol("x") ** 2)
    assert comparison.trained_knots == (F(1, 2),)
    assert comparison.trained_curvature == (2.0,)
    assert comparison.mean_curvature == 2.0
    assert [c.placement for c in comparison.constructions] == ["uniform", "equidistribute"]
    uniform = comparison.constructions[0]
    assert uniform.knots == (F(0), F(1, 2), F(1))
    assert comparison.construction_curvature[0] == (2.0,)
    # the trained net is x on [0, 1/2] and 3x - 1 on [1/2, 1]: |x^2 - net| is largest at x = 1 (2 - 1)
    assert abs(comparison.trained_error - 1.0) < 1e-12


def test_callable_target_and_explicit_knot_count():
    comparison = compare_with_construction(
        decode(NET, domain=(0, 1)), lambda t: t * t, placements=("greedy",), n_knots=5, grid_points=101
    )
    (construction,) = comparison.constructions
    assert construction.knots == (F(0), F(1, 4), F(1, 2), F(3, 4), F(1))
    assert all(abs(v - 2.0) < 1e-6 for v in comparison.trained_curvature)


def test_too_few_knots_is_refused():
    with pytest.raises(InvalidArgument, match="at least 2"):
        compare_with_construction(decode(NET, domain=(0, 1)), "x", n_knots=1)
