"""Tests of reluexact.construct.interpolation: exact interpolation of finite data in Q^d."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.construct import interpolate, separating_direction
from reluexact.errors import InvalidArgument, ShapeError
from reluexact.model import evaluate
from reluexact.order import half_space_order, parallel_chains
from reluexact.regions.families import parallel_families

coord = st.fractions(min_value=-5, max_value=5, max_denominator=7)


@st.composite
def data_sets(draw):
    d = draw(st.integers(1, 4))
    m = draw(st.integers(1, 2))
    points = draw(st.lists(st.tuples(*[coord] * d), min_size=1, max_size=12, unique=True))
    values = [tuple(draw(coord) for _ in range(m)) for _ in points]
    return points, values


@settings(max_examples=60, deadline=None)
@given(data_sets())
def test_interpolates_every_point_exactly(data):
    points, values = data
    result = interpolate(points, values)
    net = result.network
    for p, y in zip(points, values, strict=True):
        assert evaluate(net, p) == y
    if len(points) > 1:
        assert net.n_hidden == len(points)
        # all units share the direction u: one parallel family, right-facing
        families = parallel_families(net)
        assert len(families) == 1
        assert set(families[0].orientations) == {1}
        # the projections are pairwise distinct along u
        u = result.direction
        projections = {sum(a * v for a, v in zip(u, p, strict=True)) for p in points}
        assert len(projections) == len(points)


@settings(max_examples=30, deadline=None)
@given(data_sets())
def test_units_form_one_chain_of_the_half_space_order(data):
    points, values = data
    if len(points) < 3:
        return
    result = interpolate(points, [v[0] for v in values])
    chains = parallel_chains(result.network)  # on R^d every unit is partial
    assert len(chains) == 1
    assert chains[0].knots == (result.auxiliary_knot, *result.knots[:-1])
    order = half_space_order(result.network)
    groups = chains[0].groups
    for k in range(len(groups) - 1):
        assert order.has_edge(groups[k][0], groups[k + 1][0])


def test_given_direction_and_errors():
    pts = [[0, 0], [1, 0], [0, 1], [1, 1]]
    result = interpolate(pts, [0, 1, 1, 0], direction=[1, 3])
    assert result.direction == (1, 3)
    assert result.direction_search == -1
    assert [evaluate(result.network, p)[0] for p in pts] == [0, 1, 1, 0]
    with pytest.raises(InvalidArgument, match="does not separate"):
        interpolate(pts, [0, 1, 1, 0], direction=[1, 1])
    with pytest.raises(InvalidArgument, match="coincide"):
        interpolate([[0, 0], [1, 1], [0, 0]], [1, 2, 3])
    with pytest.raises(ShapeError, match="values"):
        interpolate(pts, [1, 2])
    with pytest.raises(ShapeError, match="coordinates"):
        interpolate([[0, 0], [1]], [1, 2])


def test_direction_search_is_deterministic_and_polynomial():
    # points differing only in the last coordinate need k != 0
    assert separating_direction([[0, 0, 0], [0, 0, 1]]) == ((1, 1, 1), 1)
    assert separating_direction([[Fraction(1, 2)], [Fraction(1, 3)]]) == ((1,), 0)


def test_float_points_taken_exactly():
    result = interpolate([[0.1, 0.2], [0.3, 0.4]], [1, 2])
    assert evaluate(result.network, [Fraction(0.1), Fraction(0.2)]) == (1,)
