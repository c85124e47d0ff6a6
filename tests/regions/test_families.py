"""Tests of reluexact.regions.families: exact parallel families, coincident hyperplanes, float clustering."""

from __future__ import annotations

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
from reluexact.summary import duplicate_hyperplanes, parallel_hyperplanes

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
def test_agrees_with_core_summary_classes(net):
    """The multi-unit classes equal those of reluexact.summary (an independent implementation)."""
    ours_parallel = sorted(tuple(sorted(f.units)) for f in parallel_families(net) if len(f.units) > 1)
    theirs_parallel = sorted(tuple(sorted(c.units)) for c in parallel_hyperplanes(net))
    assert ours_parallel == theirs_parallel
    ours_coincident = sorted(c for c in coincident_hyperplanes(net) if len(c) > 1)
    theirs_coincident = sorted(tuple(sorted(c.units)) for c in duplicate_hyperplanes(net))
    assert ours_coincident == theirs_coincident


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
