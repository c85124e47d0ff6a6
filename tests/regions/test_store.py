"""Tests for reluexact.regions.store: the compact store round-trips, and holds at most 2 KB a region."""

from __future__ import annotations

import math
import tracemalloc

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import adjacency_graph, locate, regions
from reluexact.regions.store import RationalRows, RegionStore, regions_store
from tests.regions.oracles import random_degenerate_net, random_net
from tests.strategies import magnitude_rationals, networks

#: The per-region budget of issue 15 (graph included: the edges are in the store).
BYTES_PER_REGION = 2048
#: What the store holds at 50,000 regions in the plane (measured 540 bytes): tighter than the budget.
HELD_PER_REGION = 1024


def _same(result, back) -> None:
    assert back.regions == result.regions  # ids, patterns, points, facets (with their points), flags
    assert back.edges == result.edges
    assert back.complete == result.complete
    assert back.certificate == result.certificate
    assert back.by_pattern == result.by_pattern
    assert [r.affine_map for r in back] == [r.affine_map for r in result]


@pytest.mark.parametrize(
    ("d", "n", "seed", "box"), [(1, 5, 1, None), (2, 7, 2, "-1,1"), (3, 6, 3, None), (3, 6, 4, "0,2")]
)
def test_round_trip_degenerate(d, n, seed, box):
    result = regions(random_degenerate_net(d, n, seed), domain=box)
    _same(result, RegionStore.from_result(result).to_result())


@settings(max_examples=25, deadline=None)
@given(net=networks(d=st.integers(1, 3), n=st.integers(0, 5)), boxed=st.booleans())
def test_round_trip_property(net, boxed):
    result = regions(net, domain="-2,3" if boxed else None)
    store = RegionStore.from_result(result)
    _same(result, store.to_result())
    # one region alone, from the arrays, equals the stored one (facets in the same order)
    for k in range(len(result)):
        assert store.region(k) == result.regions[k]
        assert store.region(k).affine_map == result.regions[k].affine_map


def test_partial_result_round_trips_marked_partial():
    result = regions(random_net(2, 8, 5), max_regions=5)
    back = RegionStore.from_result(result).to_result()
    assert back.partial
    assert len(back) == 5
    _same(result, back)


def test_huge_integers_fall_back_to_python_integers():
    big = 10**40
    net = TwoLayerReLU([[big, 1], [1, -big], [3, 5]], [1, big + 1, 2], [[big, -3, 7]], [0])
    result = regions(net)
    store = RegionStore.from_result(result)
    assert len(store.points.wide_rows) or len(store.edge_points.wide_rows)  # beyond int64: Python integers
    _same(result, store.to_result())


def test_graph_and_sparse_adjacency_agree_with_the_edges():
    result = regions(random_net(2, 9, 6), domain="-3,3")
    store = RegionStore.from_result(result)
    G = adjacency_graph(result)
    H = store.graph()
    assert set(map(frozenset, H.edges)) == set(map(frozenset, G.edges))
    assert all(H.edges[e]["jump"] == G.edges[e]["jump"] for e in G.edges)
    pytest.importorskip("scipy")
    M = store.adjacency_matrix()
    assert {frozenset(map(int, p)) for p in zip(*M.nonzero(), strict=True)} == set(map(frozenset, G.edges))


def test_refuses_results_not_from_enumeration():
    located = locate(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]), [[1, 2]], facets=True)
    result = regions(TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0]))
    odd = type(result)(result.arrangement, located.regions, (), True, result.certificate, {}, None)
    with pytest.raises(InvalidArgument, match="not those of an enumeration"):
        RegionStore.from_result(odd)
    with pytest.raises(InvalidArgument, match="region id"):
        RegionStore.from_result(result).region(99)


def test_memory_per_region_at_fifty_thousand_regions():
    # 316 lines in general position in R^2: 1 + 316 + C(316, 2) = 50,087 regions, 316^2 edges. The store is
    # filled straight from the engine's certified batches (what the CLI does): no RegionsResult in between.
    net = random_net(2, 316, 7, lo=-(10**6), hi=10**6)
    tracemalloc.start()
    try:
        store = regions_store(net, progress=False)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(store) == 50_087
    assert len(store.edge_groups) == 316**2
    assert held / len(store) <= HELD_PER_REGION, f"{held / len(store):.0f} bytes a region held"
    # the peak adds the engine's raw output of the planar path and the checker's work arrays (float values
    # of up to 2e6 signs at once, a fixed cost): still under 2 x BYTES_PER_REGION at 50,000 regions
    assert peak / len(store) <= 2 * BYTES_PER_REGION, f"{peak / len(store):.0f} bytes a region at the peak"
    assert store.nbytes <= held  # what the store reports it holds is what tracemalloc saw allocated
    some = RegionStore.from_result(regions(random_net(2, 40, 7, lo=-(10**6), hi=10**6)))
    assert some.nbytes / len(some) <= HELD_PER_REGION


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda d: st.lists(st.tuples(*[magnitude_rationals()] * d), max_size=12).map(lambda rows: (d, rows))
    ),
    st.randoms(use_true_random=False),
)
def test_rational_rows_keep_wide_rows_apart(case, rnd):
    # rows beyond int64 (magnitudes up to 1e300 and down to subnormals) are kept as Python integers, the others
    # in the int64 arrays; every row, after take and concatenate too, is the exact rational it was built from
    d, rows = case
    made = RationalRows.from_points(rows, d)
    assert len(made) == len(rows)
    assert made.numerators.dtype == made.denominators.dtype == np.int64
    wide = [k for k, row in enumerate(rows) if made.denominators[k] == 0]
    assert made.wide_rows.tolist() == wide
    for k, row in enumerate(rows):
        assert made.row(k) == tuple(flint.fmpq(v.numerator, v.denominator) for v in row)
    order = list(range(len(rows)))
    rnd.shuffle(order)
    order = order[: rnd.randint(0, len(order))]
    taken = made.take(np.array(order, dtype=np.int64))
    assert [taken.row(i) for i in range(len(order))] == [made.row(k) for k in order]
    both = RationalRows.concatenate([taken, made, taken], d)
    assert [both.row(i) for i in range(len(both))] == [taken.row(i) for i in range(len(taken))] + [
        made.row(k) for k in range(len(made))
    ] + [taken.row(i) for i in range(len(taken))]
    for k, row in enumerate(rows):  # wide exactly when the row over its common denominator leaves int64
        den = math.lcm(*(v.denominator for v in row))
        fits = den < 2**63 and all(abs(v * den) < 2**63 for v in row)
        assert (k in wide) == (not fits)


_FLOATS = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 4).flatmap(lambda d: st.lists(st.lists(_FLOATS, min_size=d, max_size=d), max_size=10)))
def test_rational_rows_from_floats_are_from_points_of_the_exact_values(rows):
    # every float is a dyadic rational: the same rows (lowest terms, the same wide rows) as from_points of
    # their exact fractions, at every magnitude from subnormals to 1e308, signed zeros included
    from fractions import Fraction

    d = len(rows[0]) if rows else 2
    X = np.array(rows, dtype=np.float64).reshape(len(rows), d)
    made = RationalRows.from_floats(X)
    want = RationalRows.from_points([[Fraction(v) for v in row] for row in X.tolist()], d)
    for field in ("numerators", "denominators", "wide_rows", "wide_numerators", "wide_denominators"):
        got, expected = getattr(made, field), getattr(want, field)
        assert got.shape == expected.shape, field
        assert got.tolist() == expected.tolist(), field
    assert made.numerators.dtype == made.denominators.dtype == np.int64


def test_rational_rows_from_floats_refuse_what_is_not_exact():
    with pytest.raises(InvalidArgument, match="finite"):
        RationalRows.from_floats(np.array([[1.0, np.inf]]))
    with pytest.raises(InvalidArgument, match="finite"):
        RationalRows.from_floats(np.array([[np.nan]]))
    with pytest.raises(InvalidArgument, match="two-dimensional float64"):
        RationalRows.from_floats(np.array([1.0, 2.0]))
    with pytest.raises(InvalidArgument, match="two-dimensional float64"):
        RationalRows.from_floats(np.array([[1, 2]]))  # integers: from_points
