"""Tests of reluexact.construct.ridge: exact least-squares ridge sums and their error table."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest

from reluexact.construct import fit_ridge_sum, ridge_directions, ridge_error_table
from reluexact.errors import InvalidArgument
from reluexact.model import evaluate
from reluexact.order import half_space_order, parallel_chains


def test_error_falls_with_knots_once_the_directions_suffice():
    rows = ridge_error_table(
        lambda x: x[0] * x[1], "0,1;0,1", direction_counts=(2, 3), knot_counts=(2, 4, 8), evaluation_grid=17
    )
    additive = [r.sup_error_exact for r in rows if r.n_directions == 2]
    ridge = [r.sup_error_exact for r in rows if r.n_directions == 3]
    # additive functions cannot approximate x y better than 1/4 (the residual (x-1/2)(y-1/2))
    assert additive == [Fraction(1, 4)] * 3
    assert ridge[0] > ridge[1] > ridge[2]
    assert ridge[2] < Fraction(1, 100)
    assert [r.n_units for r in rows] == [6, 10, 18, 9, 15, 27]


def test_error_falls_with_directions_for_a_float_target():
    rows = ridge_error_table(
        lambda x: math.exp(-(float(x[0]) ** 2 + float(x[1]) ** 2)),
        "-1,1;-1,1",
        direction_counts=(1, 2, 4),
        knot_counts=(8,),
        grid=17,
        evaluation_grid=17,
    )
    errors = [r.sup_error for r in rows]
    assert errors[0] > errors[1] > errors[2]
    assert all(r.sup_error_exact is None for r in rows)


def test_exactly_representable_target_has_zero_residual():
    fit = fit_ridge_sum(
        lambda x: abs(x[0] - x[1]) + 2 * x[0], "0,1;0,1", directions=[(1, -1), (1, 0)], n_knots=2, grid=5
    )
    assert fit.residual == 0
    for p in itertools.product([Fraction(k, 7) for k in range(8)], repeat=2):
        assert evaluate(fit.network, p) == (abs(p[0] - p[1]) + 2 * p[0],)


def test_normal_equations_are_solved_exactly():
    """The residual is orthogonal to every basis column on the grid (exact least squares)."""
    fit = fit_ridge_sum(lambda x: x[0] ** 2 * x[1], "0,1;-1,1", n_directions=3, n_knots=3, grid=6)
    net = fit.network
    axes = [[lo + (hi - lo) * Fraction(k, 5) for k in range(6)] for lo, hi in fit.box.bounds]
    points = list(itertools.product(*axes))
    residuals = [evaluate(net, p)[0] - p[0] ** 2 * p[1] for p in points]
    for i in range(net.n_hidden):
        column = [max(sum((w * v for w, v in zip(net.W[i], p, strict=True)), net.b[i]), Fraction(0)) for p in points]
        assert sum(r * c for r, c in zip(residuals, column, strict=True)) == 0
    assert sum(residuals) == 0  # the constant column


def test_one_chain_per_direction():
    fit = fit_ridge_sum(lambda x: x[0] * x[1] - x[2], "0,1;0,1;0,1", n_directions=5, n_knots=4, grid=4)
    box = [(0, 1)] * 3
    chains = parallel_chains(fit.network, domain=box)
    assert [c.direction for c in chains] == sorted(fit.directions)
    assert all(c.orientation == 1 for c in chains)
    # z = 4 pieces: the units at t_{-1} and t_0 act affinely on the box; the 3 interior knots form the chain
    assert all(len(c.groups) == 3 for c in chains)
    order = half_space_order(fit.network, domain=box)
    for c in chains:
        for g1, g2 in itertools.pairwise(c.groups):
            assert order.has_edge(g1[0], g2[0])


def test_directions_and_errors():
    assert ridge_directions(3, 4) == ((1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0))
    with pytest.raises(InvalidArgument, match="direction"):
        fit_ridge_sum(lambda x: 0, "0,1;0,1", directions=[(0, 0)])
    with pytest.raises(InvalidArgument, match="n_knots"):
        fit_ridge_sum(lambda x: 0, "0,1", n_knots=0)
    with pytest.raises(InvalidArgument, match="scalar"):
        fit_ridge_sum(lambda x: (1, 2), "0,1")
