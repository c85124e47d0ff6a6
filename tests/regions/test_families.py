"""Tests of reluexact.regions.families: exact parallel families, coincident hyperplanes, float clustering."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions.families import (
    coincident_hyperplanes,
    constant_units,
    hyperplane_key,
    near_parallel_families_float,
    parallel_families,
    primitive_direction,
)
from tests.regions.oracles import proportional

small = st.fractions(min_value=-3, max_value=3, max_denominator=3)


@st.composite
def degenerate_nets(draw):
    """Nets with many exactly parallel / coincident / zero units (scaled copies of a few rows)."""
    d = draw(st.integers(1, 3))
    base = [[draw(small) for _ in range(d)] for _ in range(draw(st.integers(1, 3)))]
    n = draw(st.integers(1, 8))
    W, b = [], []
    for _ in range(n):
        row = draw(st.sampled_from(base))
        scale = draw(st.sampled_from([Fraction(1), Fraction(-1), Fraction(2), Fraction(-1, 3), Fraction(5, 2)]))
        W.append([scale * v for v in row])
        b.append(draw(st.sampled_from([Fraction(0), Fraction(1), scale, -scale, Fraction(1, 2)])))
    return TwoLayerReLU(W, b, [[1] * n], [0])


@settings(max_examples=80, deadline=None)
@given(degenerate_nets())
def test_families_are_exact_and_complete(net):
    families = parallel_families(net)
    covered = sorted(u for f in families for u in f.units)
    assert covered == [i for i in range(net.n_hidden) if i not in constant_units(net)]
    for f in families:
        assert math.gcd(*f.direction) == 1
        assert next(v for v in f.direction if v) > 0
        assert list(f.knots) == sorted(f.knots)
        for unit, mu, t in zip(f.units, f.multipliers, f.knots, strict=True):
            # w_i = mu u and H_i = {u . x = t}
            assert tuple(net.W[unit]) == tuple(mu * v for v in f.direction)
            assert net.b[unit] == -mu * t


@settings(max_examples=80, deadline=None)
@given(degenerate_nets())
def test_classes_match_the_pairwise_minor_oracle(net):
    """Parallel families and coincident classes equal the pairwise relations of an exact 2 x 2-minor oracle."""
    n = net.n_hidden
    rows = [(*w, b) for w, b in zip(net.W, net.b, strict=True)]
    parallel = {(i, j) for i, j in itertools.combinations(range(n), 2) if proportional(net.W[i], net.W[j])}
    same = {(i, j) for i, j in itertools.combinations(range(n), 2) if any(net.W[i]) and proportional(rows[i], rows[j])}
    assert {p for f in parallel_families(net) for p in itertools.combinations(sorted(f.units), 2)} == parallel
    assert {p for c in coincident_hyperplanes(net) for p in itertools.combinations(c, 2)} == same
    units = sorted(i for f in parallel_families(net) for i in f.units)
    assert units == sorted(i for c in coincident_hyperplanes(net) for i in c) == [i for i in range(n) if any(net.W[i])]


def test_coincident_groups_and_orientations():
    net = TwoLayerReLU([[1, 2], [-2, -4], ["1/2", 1], [3, 6]], [1, -2, "1/2", 0], [[1, 1, 1, 1]], [0])
    (family,) = parallel_families(net)
    assert family.direction == (1, 2)
    assert family.coincident_groups == ((0, 1, 2), (3,))
    assert family.orientations == (1, -1, 1, 1)
    assert coincident_hyperplanes(net) == ((0, 1, 2), (3,))


def test_primitive_direction_and_keys():
    assert primitive_direction([Fraction(3, 4), Fraction(-3, 2)]) == ((1, -2), Fraction(3, 4))
    assert hyperplane_key([1, 1], 1) != hyperplane_key([1, 1], -1)
    with pytest.raises(InvalidArgument, match="no hyperplane"):
        hyperplane_key([0, 0], 1)


def test_near_parallel_clustering_float():
    eps = Fraction(1, 10**6)
    net = TwoLayerReLU([[1, 0], [1, eps], [-2, 0], [0, 1], [eps, 1], [1, 1]], [0, 1, 2, 3, 4, 5], [[1] * 6], [0])
    assert near_parallel_families_float(net, angle_tolerance_degrees=0.001) == ((0, 1, 2), (3, 4), (5,))
    # zero tolerance: only exactly parallel units
    assert near_parallel_families_float(net, angle_tolerance_degrees=0) == ((0, 2), (1,), (3,), (4,), (5,))
    with pytest.raises(InvalidArgument, match="angle_tolerance"):
        near_parallel_families_float(net, angle_tolerance_degrees=90)
