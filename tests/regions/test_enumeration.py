"""Tests for reluexact.regions.enumeration (and geometry): counts, oracles, certificates, affine maps, budgets."""

from __future__ import annotations

import dataclasses
import math
import random
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import DomainError, InvalidArgument
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.regions import (
    Polytope,
    bounded_regions,
    iter_regions,
    n_bounded_regions,
    n_regions,
    region_containing_point,
    regions,
    sign_vector,
    vertices,
    volume,
)
from tests.regions.oracles import brute_force_patterns, random_degenerate_net, random_net, zaslavsky


def _value(normal, offset, x):
    return sum((Fraction(a) * v for a, v in zip(normal, x, strict=True)), Fraction(offset))


# --- Zaslavsky on general-position arrangements ------------------------------------------------


@pytest.mark.parametrize(
    ("d", "n"), [(1, 1), (1, 7), (2, 1), (2, 5), (2, 24), (3, 3), (3, 12), (4, 4), (4, 9), (3, 20), (4, 12)]
)
def test_zaslavsky_counts(d, n):
    net = random_net(d, n, seed=100 * d + n)
    res = regions(net, progress=False)
    assert res.complete
    assert len(res) == zaslavsky(n, d)
    assert len({r.pattern for r in res}) == len(res)
    # each region has at least one facet and facets pair up into edges
    assert sum(len(r.facets) for r in res) == 2 * len(res.edges)
    # general position: edges = n * sum_{k<d} C(n-1, k) (each hyperplane carries the regions of its restriction)
    assert len(res.edges) == n * sum(math.comb(n - 1, k) for k in range(d))


@pytest.mark.parametrize(("d", "n"), [(1, 6), (2, 7), (3, 6), (4, 6)])
def test_zaslavsky_bounded_counts(d, n):
    res = regions(random_net(d, n, seed=7 * d + n), progress=False)
    assert n_bounded_regions(res) == math.comb(n - 1, d)
    for r in bounded_regions(res):
        assert all(f.kind == "hyperplane" for f in r.facets)


# --- degenerate families with hand-derived counts -------------------------------------------------


def _net(W, b):
    return TwoLayerReLU(W, b, [[1] * len(W)], [0])


def test_parallel_lines():
    # k parallel lines: k + 1 strips; adding a transversal line doubles them
    k = 5
    assert n_regions(_net([[1, 2]] * k, [Fraction(j, 3) for j in range(k)])) == k + 1
    assert n_regions(_net([[1, 2]] * k + [[2, -1]], [*range(k), 0])) == 2 * (k + 1)
    # two families of parallel lines: a grid of (k+1)(l+1) cells
    assert n_regions(_net([[1, 0]] * 3 + [[0, 1]] * 4, [0, 1, 2, 0, 1, 2, 3])) == 4 * 5


def test_concurrent_lines_and_planes():
    # k distinct lines through one point: 2k sectors (general position would give 1 + k + C(k,2))
    for k in (2, 3, 6):
        W = [[1, j] for j in range(k)]
        b = [-1 - j for j in range(k)]  # all through (1, 1)
        assert n_regions(_net(W, b)) == 2 * k
    # three coordinate planes plus x+y+z = 0 through the origin in R^3: 14 cones (central arrangement)
    assert n_regions(_net([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 0])) == 14


def test_coincident_units_flip_together():
    # units 0, 1, 2 on one hyperplane (w, b scaled by 2 and by -1): one hyperplane, 2 regions
    net = _net([[1, 1], [2, 2], [-1, -1]], [1, 2, -1])
    res = regions(net)
    assert sorted(r.pattern for r in res) == ["001", "110"]
    (edge,) = res.edges
    assert edge.units == (0, 1, 2)
    assert res.arrangement.n_hyperplanes() == 1


def test_zero_weight_units():
    # w = 0: no hyperplane; active iff b > 0 (b = 0 counts as dead: relu(0) = 0)
    net = _net([[0, 0], [1, 0], [0, 0], [0, 0]], [3, 0, -1, 0])
    res = regions(net)
    assert sorted(r.pattern for r in res) == ["1000", "1100"]
    assert all(r.offset[0] == 3 for r in res)
    # only w = 0 units: one region, all of R^2
    only = regions(_net([[0, 0]], [1]))
    assert len(only) == 1
    assert only[0].facets == ()


def test_hyperplanes_missing_or_touching_the_box():
    box = "0,1;0,1"
    # x = 2 misses the box; x + y = 3 misses; x = 0 and y = 1 are sides of the box; x = 1/2 cuts
    net = _net([[1, 0], [1, 1], [1, 0], [0, 1], [2, 0]], [-2, -3, 0, -1, -1])
    res = regions(net, domain=box)
    assert len(res) == 2
    assert sorted(r.pattern for r in res) == ["00100", "00101"]
    facet_labels = sorted(f.label for r in res for f in r.facets if f.kind == "side")
    assert facet_labels == sorted(["box:0:lo", "box:1:lo", "box:1:hi", "box:0:hi", "box:1:lo", "box:1:hi"])
    # a point-touching hyperplane: x + y = 0 meets the box only at a corner
    assert len(regions(_net([[1, 1]], [0]), domain=box)) == 1


def test_lower_dimensional_and_empty_domains_rejected():
    net = _net([[1, 0]], [0])
    with pytest.raises(DomainError, match="empty or a point"):
        regions(net, domain="0,1;1,1")
    with pytest.raises(DomainError, match="no interior point"):
        regions(net, domain=Polytope([[1, 0], [-1, 0], [0, 1]], [0, 0, 0]))  # the half-line x = 0, y >= 0
    with pytest.raises(DomainError, match="no interior point"):
        regions(net, domain=Polytope([[1, 1], [-1, -1]], [-1, 0]))  # x + y >= 1 and x + y <= 0: empty
    with pytest.raises(DomainError, match="never holds"):
        regions(net, domain=Polytope([[0, 0]], [-1]))  # 0 >= 1: empty
    # 0 >= 0 holds everywhere: the closed polytope is all of R^2 (its interior too)
    assert len(regions(net, domain=Polytope([[0, 0]], [0]))) == len(regions(net)) == 2


def test_polytope_domain():
    # triangle x > 0, y > 0, x + y < 2 cut by x = y and x = 1/2
    tri = Polytope([[1, 0], [0, 1], [-1, -1]], [0, 0, 2], labels=["left", "bottom", "hyp"])
    res = regions(_net([[1, -1], [1, 0]], [0, Fraction(-1, 2)]), domain=tri)
    assert len(res) == 4
    assert brute_force_patterns_polytope(res) == {r.pattern for r in res}
    total = sum(volume(r) for r in res)
    assert total == 2  # the triangle's area


def brute_force_patterns_polytope(res):
    from itertools import product

    from reluexact.lp import strict_feasible_point

    net = res.network
    dom = [(h.normal, h.offset) for h in res.arrangement.sides]
    out = set()
    for signs in product((1, -1), repeat=net.n_hidden):
        A = [[s * v for v in w] for s, w in zip(signs, net.hidden_weights, strict=True)] + [list(n) for n, _ in dom]
        b = [s * v for s, v in zip(signs, net.hidden_bias, strict=True)] + [o for _, o in dom]
        if strict_feasible_point(A, b) is not None:
            out.add("".join("1" if s > 0 else "0" for s in signs))
    return out


# --- an independent exact method: brute force over patterns + exact LP --------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 3),
    st.integers(1, 7),
    st.integers(0, 10**6),
    st.sampled_from([None, [(-1, 1)], [(Fraction(-1, 2), 2)]]),
)
def test_agrees_with_brute_force(d, n, seed, box):
    if d == 3:
        n = min(n, 6)
    net = random_degenerate_net(d, n, seed)
    domain = None if box is None else box * d
    res = regions(net, domain=domain, progress=False)
    assert {r.pattern for r in res} == brute_force_patterns(net, domain)
    assert len({r.pattern for r in res}) == len(res)


def test_agrees_with_brute_force_cdd_lp():
    pytest.importorskip("cdd.gmp")
    box = [(-2, 2)] * 3
    for seed in range(5):
        net = random_degenerate_net(3, 7, seed)
        assert {r.pattern for r in regions(net, domain=box)} == brute_force_patterns(net, box, method="cdd")


# --- certificates, re-checked here from scratch -----------------------------------------------------


def _check_result(res):
    net = res.network
    d = net.input_dim
    for r in res:
        signs = sign_vector(net, r.point)
        for i, s in enumerate(signs):
            active = r.pattern[i] == "1"
            if all(v == 0 for v in net.hidden_weights[i]):
                assert active == (net.hidden_bias[i] > 0)
            else:
                assert s != 0
                assert active == (s > 0)
        for normal, offset in [(h.normal, h.offset) for h in res.arrangement.sides]:
            assert _value(normal, offset, r.point) > 0
        # the affine map equals exact evaluation at the interior point
        assert r.affine_map(r.point) == evaluate(net, r.point)
        assert len(r.gradient) == net.output_dim
        assert all(len(row) == d for row in r.gradient)
        for f in r.facets:
            assert _value(f.normal, f.offset, r.point) > 0
            assert _value(f.normal, f.offset, f.point) == 0
            for g in r.facets:
                if g is not f and (g.normal, g.offset) != (f.normal, f.offset):
                    assert _value(g.normal, g.offset, f.point) > 0
            if f.neighbor is not None:
                other = res[f.neighbor]
                flipped = {i for i in range(net.n_hidden) if other.pattern[i] != r.pattern[i]}
                assert flipped == set(f.units)


@pytest.mark.parametrize("seed", range(6))
def test_certificates_rechecked(seed):
    net = random_degenerate_net(2 + seed % 2, 6, seed, m=2)
    _check_result(regions(net))
    _check_result(regions(net, domain=[(-1, 2)] * net.input_dim))


def test_affine_map_matches_evaluation_everywhere_in_region():
    net = random_net(2, 10, seed=3, m=3)
    res = regions(net, domain="-1,1;-1,1")
    rng = random.Random(0)
    for _ in range(300):
        x = [Fraction(rng.randint(-999, 999), 1000) for _ in range(2)]
        if any(s == 0 for s in sign_vector(net, x)) or any(abs(v) == 1 for v in x):
            continue  # on a hyperplane or a side: in no open region
        r = region_containing_point(res, x)
        assert r.affine_map(x) == evaluate(net, x)


def test_dense_sampling_finds_no_missing_pattern():
    for d, n, seed in [(2, 12, 1), (3, 8, 2), (4, 6, 3)]:
        net = random_degenerate_net(d, n, seed, coeff=3)
        res = regions(net)
        known = {r.pattern for r in res}
        rng = random.Random(seed)
        hits = set()
        for _ in range(1500):
            x = [Fraction(rng.randint(-4000, 4000), rng.randint(1, 1000)) for _ in range(d)]
            signs = sign_vector(net, x)
            if any(s == 0 and any(net.hidden_weights[i]) for i, s in enumerate(signs)):
                continue
            hits.add(region_containing_point(res, x).pattern)
        assert hits <= known


# --- vertices, volumes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("d", [1, 2, 3])
def test_volumes_add_up_to_the_box(d):
    net = random_degenerate_net(d, 5, seed=11 * d)
    box = [(Fraction(-1), Fraction(3, 2))] * d
    res = regions(net, domain=box)
    assert sum(volume(r) for r in res) == Fraction(5, 2) ** d
    for r in res:
        for v in vertices(r):
            assert all(lo <= x <= hi for x, (lo, hi) in zip(v, box, strict=True))


def test_vertices_of_an_unbounded_region_refused():
    res = regions(_net([[1, 0]], [0]))
    with pytest.raises(InvalidArgument, match="unbounded"):
        vertices(res[0])


# --- budgets, values, API -------------------------------------------------------------------------------------


def test_budgets_give_marked_partial_results():
    net = random_net(3, 12, seed=5)
    full = regions(net)
    part = regions(net, max_regions=10)
    assert part.partial
    assert not part.complete
    assert len(part) == 10
    assert {r.pattern for r in part} <= {r.pattern for r in full}
    assert "PARTIAL" in repr(part)
    tiny = regions(random_net(4, 14, seed=1), time_limit=1e-6)
    assert tiny.partial
    with pytest.raises(InvalidArgument, match="max_regions"):
        regions(net, max_regions=0)
    with pytest.raises(InvalidArgument, match="time_limit"):
        regions(net, time_limit=-1)


def test_iter_regions_and_lookup():
    net = random_net(2, 6, seed=9)
    res = regions(net)
    assert [r.pattern for r in iter_regions(net)] == [r.pattern for r in res]
    for r in res:
        assert region_containing_point(res, r.point) is r
        assert res.region_with_pattern(r.pattern) is r
    with pytest.raises(DomainError, match="outside the domain"):
        region_containing_point(regions(net, domain="0,1;0,1"), [5, 5])


def test_values_are_immutable_and_reprs_short():
    res = regions(random_net(2, 40, seed=2))
    r = res[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.pattern = "0"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        r.facets[0].point = ()  # type: ignore[misc]
    assert len(repr(r)) <= 80
    assert len(repr(res)) <= 100
    assert repr(r.facets[0]).startswith("Facet(")


def test_lossless_binary_weights():
    # trained-style weights: binary fractions with many bits
    rng = random.Random(4)
    W = [[rng.uniform(-1, 1) for _ in range(2)] for _ in range(9)]
    b = [rng.uniform(-1, 1) for _ in range(9)]
    net = TwoLayerReLU.from_float_arrays(W, b, [[rng.uniform(-1, 1) for _ in range(9)]], [0.25])
    res = regions(net, domain="-1,1;-1,1")
    assert {r.pattern for r in res} == brute_force_patterns(net, [(-1, 1), (-1, 1)])
    _check_result(res)


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_brute_force_d4_and_polytopes(seed):
    net = random_degenerate_net(4, 5, 77 + seed)
    assert {r.pattern for r in regions(net)} == brute_force_patterns(net)
    # a random full-dimensional polytope domain (a simplex-like cap of a box) in d = 2
    rng = random.Random(seed)
    net2 = random_degenerate_net(2, 6, 500 + seed)
    A = [[1, 0], [0, 1], [rng.randint(-3, -1), rng.randint(-3, -1)]]
    b = [2, 2, rng.randint(1, 4)]
    res = regions(net2, domain=Polytope(A, b))
    from reluexact.lp import strict_feasible_point

    expected = set()
    import itertools

    for signs in itertools.product((1, -1), repeat=net2.n_hidden):
        rows = [[s * v for v in w] for s, w in zip(signs, net2.hidden_weights, strict=True) if any(w)] + A
        rhs = [s * v for s, v, w in zip(signs, net2.hidden_bias, net2.hidden_weights, strict=True) if any(w)] + b
        if strict_feasible_point(rows, rhs) is not None:
            pat = "".join(
                ("1" if s > 0 else "0") if any(w) else ("1" if bv > 0 else "0")
                for s, w, bv in zip(signs, net2.hidden_weights, net2.hidden_bias, strict=True)
            )
            expected.add(pat)
    assert {r.pattern for r in res} == expected
    _check_result(res)


def test_weights_beyond_float_range():
    # normals and offsets far beyond float range, and tiny ones: the exact paths decide
    big = 10**400
    tiny = Fraction(1, 3**700)
    net = _net(
        [[big, 1], [1, -big], [tiny, tiny], [2, 3], [1, 1]],
        [0, big, -tiny, 1, Fraction(-1, big)],
    )
    res = regions(net)
    assert {r.pattern for r in res} == brute_force_patterns(net)
    _check_result(res)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31), st.booleans())
def test_patterns_of_is_the_per_unit_sign(seed, degenerate):
    # unit i active iff its hyperplane group's sign, times the unit's orientation, is positive (or the unit is
    # constant and active): the one-group-per-unit fast path and the general gather agree with this definition
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.enumeration import patterns_of

    rng = random.Random(seed)
    net = random_degenerate_net(2, 7, seed) if degenerate else random_net(2, 7, seed)
    arr = arrangement(net)
    G = len(arr.groups)
    masks = [rng.getrandbits(G) for _ in range(20)]
    want = []
    for mk in masks:
        bits = ["?"] * net.n_hidden
        for gi, grp in enumerate(arr.groups):
            for i, s in grp.units:
                bits[i] = "1" if ((mk >> gi) & 1) == (s > 0) else "0"
        for i, act in arr.constant_units:
            bits[i] = "1" if act else "0"
        want.append("".join(bits))
    assert patterns_of(arr, masks) == want


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31), st.booleans(), st.sampled_from([1, 7, 8, 9, 64, 65, 130]))
def test_pattern_order_sorts_by_pattern(seed, degenerate, n):
    # the packed-word sort is sorted() of the pattern strings, for one word (n <= 64), several (n > 64),
    # coincident and flipped units (degenerate nets) and constant units
    from reluexact.regions.arrangements import arrangement
    from reluexact.regions.enumeration import pattern_order, patterns_of

    rng = random.Random(seed)
    net = random_degenerate_net(2, n, seed) if degenerate else random_net(2, n, seed)
    arr = arrangement(net)
    G = len(arr.groups)
    masks = list({rng.getrandbits(G) for _ in range(rng.randint(0, 40))})
    rng.shuffle(masks)
    patterns = patterns_of(arr, masks)
    order = pattern_order(arr, masks)
    assert order.dtype == np.int64
    assert order.tolist() == sorted(range(len(masks)), key=patterns.__getitem__)
