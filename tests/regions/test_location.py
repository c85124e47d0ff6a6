"""Tests of reluexact.regions.location (and facets): per-sample exact analysis against independent oracles."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import DomainError, InvalidArgument, ShapeError
from reluexact.lp import minimize, strict_feasible_point
from reluexact.model import TwoLayerReLU, evaluate, hidden_preactivations
from reluexact.regions import AffineMap, Region, affine_map, locate, n_regions, region_containing_point, regions
from reluexact.regions.families import coincident_hyperplanes
from tests.regions.oracles import brute_force_patterns, random_degenerate_net

small = st.fractions(min_value=-3, max_value=3, max_denominator=4)


@st.composite
def nets_and_points(draw, max_d=3, max_n=6, max_points=8):
    d = draw(st.integers(1, max_d))
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(1, 2))
    W = [[draw(small) for _ in range(d)] for _ in range(n)]
    b = [draw(small) for _ in range(n)]
    A = [[draw(small) for _ in range(n)] for _ in range(m)]
    c = [draw(small) for _ in range(m)]
    net = TwoLayerReLU(W, b, A, c)
    points = draw(st.lists(st.lists(small, min_size=d, max_size=d), min_size=1, max_size=max_points))
    return net, points


def _sign(q):
    return (q > 0) - (q < 0)


def _value(normal, offset, x):
    return sum((a * v for a, v in zip(normal, x, strict=True)), Fraction(offset))


class _Facets:
    """A region's facet verdicts with hyperplanes named by the smallest unit of their class (as the oracles do)."""

    def __init__(self, net, region):
        classes = coincident_hyperplanes(net)

        def unit(label):
            return classes[int(label[2:])][0] if label.startswith("h:") else label

        self.facets = tuple(unit(f.label) for f in region.facets)
        self.certificates = tuple(f.certificate for f in region.facets)
        self.witnesses = tuple(f.point for f in region.facets)
        self.redundant = tuple(unit(v) for v in region.redundant)
        self.redundant_float = tuple(unit(v) for v in region.redundant_float)
        self.undecided = tuple(unit(v) for v in region.undecided)
        self.is_certified = region.facets_complete


def region_facets(net, x, *, domain=None, mode="auto", exact_lp_max_dim=16, keep_witnesses=False):
    region = region_containing_point(
        net, x, domain=domain, facet_mode=mode, exact_lp_max_dim=exact_lp_max_dim, witnesses=keep_witnesses
    )
    return _Facets(net, region)


@settings(max_examples=60, deadline=None)
@given(nets_and_points())
def test_signs_affine_map_and_distance_match_brute_force(case):
    net, points = case
    result = locate(net, points)
    classes = coincident_hyperplanes(net)
    for loc, x in zip(result.points, points, strict=True):
        pre = hidden_preactivations(net, x)
        expected = tuple(_sign(p) if any(net.W[i]) else _sign(net.b[i]) for i, p in enumerate(pre))
        assert loc.sign_vector == expected
        zero = tuple(i for i, p in enumerate(pre) if p == 0 and any(net.W[i]))
        assert loc.boundary_units == zero
        assert loc.status == ("boundary" if zero else "interior")
        if loc.status == "interior":
            region = result.regions[loc.region]
            G, o = region.gradient, region.offset
            value = tuple(sum((g * v for g, v in zip(row, x, strict=True)), ok) for row, ok in zip(G, o, strict=True))
            assert value == evaluate(net, x)
            # the distance: min over hyperplane classes of (w.x + b)^2 / |w|^2, computed with Fractions
            dists = [pre[c[0]] ** 2 / sum(w * w for w in net.W[c[0]]) for c in classes]
            if dists:
                assert loc.squared_distance == min(dists)
                assert set(loc.nearest) == {c[0] for c, q in zip(classes, dists, strict=True) if q == min(dists)}
            else:
                assert loc.squared_distance is None
        else:
            assert loc.squared_distance == 0
            assert loc.region is None


@settings(max_examples=40, deadline=None)
@given(nets_and_points(max_d=2, max_n=5))
def test_visited_graph_edges_are_exactly_one_class_flips(case):
    net, points = case
    result = locate(net, points)
    classes = coincident_hyperplanes(net)
    patterns = [r.pattern for r in result.regions]
    for a, b in itertools.combinations(range(len(patterns)), 2):
        diff = {i for i in range(net.n_hidden) if patterns[a][i] != patterns[b][i]}
        one_class = [c for c in classes if set(c) == diff]
        assert result.graph.has_edge(a, b) == bool(one_class)
        if one_class:
            data = result.graph.edges[a, b]
            assert data["units"] == one_class[0]
            z = data["point"]
            pre = hidden_preactivations(net, z)
            for i in range(net.n_hidden):
                if i in diff:
                    assert pre[i] == 0
                elif any(net.W[i]):
                    assert (pre[i] > 0) == (patterns[a][i] == "1")
                    assert pre[i] != 0


def _brute_force_facets(net, x, domain_rows=()):
    """Non-redundant inequalities by one exact LP each (independent of the ray tests)."""
    classes = coincident_hyperplanes(net)
    pre = hidden_preactivations(net, x)
    rows, consts, labels = [], [], []
    for c in classes:
        i = c[0]
        s = 1 if pre[i] > 0 else -1
        rows.append([s * w for w in net.W[i]])
        consts.append(s * net.b[i])
        labels.append(i)
    for label, row, const in domain_rows:
        rows.append(list(row))
        consts.append(const)
        labels.append(label)
    facets = []
    on_side = set()

    def same(k, j):  # the same oriented half-space (a positive multiple)
        ratios = {a / b for a, b in zip([*rows[k], consts[k]], [*rows[j], consts[j]], strict=True) if b != 0}
        zeros_match = all(
            (a == 0) == (b == 0) for a, b in zip([*rows[k], consts[k]], [*rows[j], consts[j]], strict=True)
        )
        return zeros_match and len(ratios) == 1 and next(iter(ratios)) > 0

    for j in range(len(rows)):
        if isinstance(labels[j], int) and any(same(k, j) for k in range(len(rows)) if isinstance(labels[k], str)):
            on_side.add(j)  # a unit hyperplane on a domain side: reported as the side
    for j in range(len(rows)):
        if j in on_side:
            continue
        # j is a facet iff min h_j over {h_k >= 0 (k != j, not a copy of j), h_j >= -1} is negative
        keep = [k for k in range(len(rows)) if k != j and not same(k, j)]
        others_A = [rows[k] for k in keep]
        others_b = [consts[k] for k in keep]
        if not others_A:
            facets.append(labels[j])
            continue
        result = minimize(rows[j], [*others_A, rows[j]], [*others_b, consts[j] + 1])
        if result.value + consts[j] < 0:
            facets.append(labels[j])
    return tuple(facets)


@settings(max_examples=40, deadline=None)
@given(nets_and_points(max_d=3, max_n=6, max_points=3))
def test_facets_agree_with_one_exact_lp_per_inequality(case):
    net, points = case
    for x in points:
        if any(p == 0 for i, p in enumerate(hidden_preactivations(net, x)) if any(net.W[i])):
            continue
        facets = region_facets(net, x, keep_witnesses=True)
        assert facets.is_certified
        assert facets.facets == _brute_force_facets(net, x)
        # every witness lies on its hyperplane and strictly inside every other inequality
        signs = [1 if p > 0 else -1 for p in hidden_preactivations(net, x)]
        classes = coincident_hyperplanes(net)
        for label, witness in zip(facets.facets, facets.witnesses, strict=True):
            pre = hidden_preactivations(net, witness)
            assert pre[label] == 0
            for c in classes:
                if c[0] != label:
                    assert signs[c[0]] * pre[c[0]] > 0


def test_box_domain_sides_are_facets_and_distances():
    net = TwoLayerReLU([[1, 1], [1, -1]], [0, 0], [[1, 1]], [0])
    facets = region_facets(net, ["1/2", "1/4"], domain="-1,1;-1,1")
    assert facets.facets == (0, 1, "box:0:hi")
    assert facets.redundant == ("box:0:lo", "box:1:lo", "box:1:hi")
    box_rows = [
        ("box:0:lo", (1, 0), 1),
        ("box:0:hi", (-1, 0), 1),
        ("box:1:lo", (0, 1), 1),
        ("box:1:hi", (0, -1), 1),
    ]
    assert facets.facets == _brute_force_facets(net, [Fraction(1, 2), Fraction(1, 4)], box_rows)
    r = locate(net, [["9/10", 0], [2, 0], [1, "1/2"]], domain="-1,1;-1,1")
    assert r.points[0].squared_distance == Fraction(1, 100)
    assert r.points[0].nearest == ("box:0:hi",)
    assert r.points[1].status == "outside"
    assert r.points[1].squared_distance is None
    assert r.points[2].status == "boundary"
    assert r.points[2].boundary_sides == ("box:0:hi",)


def test_polytope_domain_matches_box():
    net = TwoLayerReLU([[1, 2], [3, -1]], ["1/3", "-1/2"], [[1, -2]], [1])
    box = locate(net, [["1/7", "1/5"], ["-1/3", "2/3"]], domain=[(-1, 1), (-1, 1)], facets=True)
    poly = locate(
        net,
        [["1/7", "1/5"], ["-1/3", "2/3"]],
        domain=([[1, 0], [-1, 0], [0, 1], [0, -1]], [1, 1, 1, 1]),
        facets=True,
    )
    assert [p.squared_distance for p in box.points] == [p.squared_distance for p in poly.points]
    relabel = {"box:0:lo": "side:0", "box:0:hi": "side:1", "box:1:lo": "side:2", "box:1:hi": "side:3"}
    for rb, rp in zip(box.regions, poly.regions, strict=True):
        assert tuple(relabel.get(f.label, f.label) for f in rb.facets) == tuple(f.label for f in rp.facets)


def test_float_points_are_taken_exactly():
    net = TwoLayerReLU([[1]], [Fraction(-1, 10)], [[1]], [0])
    # the float 0.1 is a little above 1/10: strictly inside, at the exact distance
    loc = locate(net, np.array([[0.1]])).points[0]
    assert loc.status == "interior"
    assert loc.squared_distance == (Fraction(0.1) - Fraction(1, 10)) ** 2
    assert loc.point == (Fraction(0.1),)


def test_region_containing_point_and_errors():
    net = TwoLayerReLU([[1, 2], [-1, 1]], ["3/10", "-1/5"], [[2, -1]], [0])
    region = region_containing_point(net, [1, 1])
    assert region.pattern == "10"
    assert region.gradient == ((Fraction(2), Fraction(4)),)
    assert [f.label for f in region.facets] == ["h:0", "h:1"]
    with pytest.raises(InvalidArgument, match=r"hyperplane of unit 2 \(H_2.*pass closure=True"):
        region_containing_point(net, ["-1/5", 0])
    with pytest.raises(ShapeError, match="coordinates"):
        locate(net, [[1, 2, 3]])
    with pytest.raises(InvalidArgument, match="not a finite"):
        locate(net, np.array([[np.nan, 1.0]]))
    with pytest.raises(InvalidArgument, match="pattern"):
        affine_map(net, "1")


def test_constant_units_make_no_boundary():
    net = TwoLayerReLU([[0, 0], [1, 0]], [0, 1], [[5, 1]], [0])
    loc = locate(net, [[0, 3]]).points[0]
    assert loc.status == "interior"
    assert loc.sign_vector == (0, 1)
    assert loc.squared_distance == 1


def test_no_hyperplane_no_distance():
    net = TwoLayerReLU([[0, 0]], [1], [[2]], [0])
    result = locate(net, [[1, 1], [2, 2]])
    assert len(result.regions) == 1
    assert result.points[0].squared_distance is None


def test_high_dimensional_smoke_784_by_256():
    rng = np.random.default_rng(7)
    n, d, m = 256, 784, 10
    net = TwoLayerReLU.from_float_arrays(
        rng.normal(size=(n, d)) / 28, rng.normal(size=n) / 10, rng.normal(size=(m, n)) / 16, rng.normal(size=m)
    )
    X = rng.random((20, d))
    result = locate(net, X[:20], facets=False)
    assert len(result.points) == 20
    # exact evaluation of the affine map at a point (the full exact network value)
    loc = result.points[3]
    region = result.regions[loc.region]
    x = loc.point
    value = tuple(
        sum((g * v for g, v in zip(row, x, strict=True)), o)
        for row, o in zip(region.gradient, region.offset, strict=True)
    )
    assert value == evaluate(net, x)
    # the float network agrees to rounding (a sanity check of the float path, not the exact claim)
    assert np.allclose(
        [float(v) for v in value],
        net.float_arrays[2] @ np.maximum(net.float_arrays[0] @ X[3] + net.float_arrays[1], 0) + net.float_arrays[3],
    )
    # distance: float recomputation agrees
    W, b = net.float_arrays[0], net.float_arrays[1]
    dist = np.min(np.abs(W @ X[3] + b) / np.linalg.norm(W, axis=1))
    assert loc.distance_float == pytest.approx(dist, rel=1e-9)
    facets = region_facets(net, X[3])
    # 256 generic hyperplanes in R^784: every one is a facet (W has full row rank), all certified by rays
    assert len(facets.facets) == 256
    assert facets.is_certified
    assert set(facets.certificates) == {"ray"}


def test_digits_trained_network_per_sample():
    datasets = pytest.importorskip("sklearn.datasets")
    neural = pytest.importorskip("sklearn.neural_network")
    X, y = datasets.load_digits(return_X_y=True)
    X = X / 16.0
    clf = neural.MLPClassifier(hidden_layer_sizes=(32,), max_iter=60, random_state=0)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X[:1000], y[:1000])
    net = TwoLayerReLU.from_float_arrays(clf.coefs_[0].T, clf.intercepts_[0], clf.coefs_[1].T, clf.intercepts_[1])
    sample = X[1000:1200]
    result = locate(net, sample, facets=False)
    interior = [p for p in result.points if p.status == "interior"]
    assert interior
    # every interior point: the region's affine map reproduces the exact logits
    for p in interior[:40]:
        region = result.regions[p.region]
        value = tuple(
            sum((g * v for g, v in zip(row, p.point, strict=True)), o)
            for row, o in zip(region.gradient, region.offset, strict=True)
        )
        assert value == evaluate(net, p.point)
    # the float logits rank the classes as sklearn does
    logits = np.array([[float(v) for v in evaluate(net, p.point)] for p in result.points[:50]])
    assert (logits.argmax(axis=1) == clf.predict(sample[:50])).all()
    # graph nodes are the visited regions; edges only between one-class flips
    assert result.graph.number_of_nodes() == len(result.regions)
    # facets of a visited region, with LP screening for what the rays do not certify
    facets = region_facets(net, interior[0].point)
    assert len(facets.facets) + len(facets.redundant) + len(facets.redundant_float) + len(facets.undecided) == len(
        coincident_hyperplanes(net)
    )
    assert facets.facets
    assert not facets.undecided  # d = 64: rays and margin LPs decide every inequality


def test_strict_feasible_point_of_located_region():
    """The reported pattern is a nonempty open cell: an independent strict-feasibility LP agrees."""
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, "1/2"], [[1, -1, 2, 1]], [0])
    result = locate(net, [[Fraction(1, 3), Fraction(1, 5)], [2, 3], [-1, -1]])
    for region in result.regions:
        rows = [[w if ch == "1" else -w for w in net.W[i]] for i, ch in enumerate(region.pattern)]
        consts = [net.b[i] if ch == "1" else -net.b[i] for i, ch in enumerate(region.pattern)]
        assert strict_feasible_point(rows, consts) is not None


@settings(max_examples=30, deadline=None)
@given(nets_and_points(max_d=3, max_n=6, max_points=2))
def test_float_screening_agrees_with_exact_lp(case):
    """Forcing the float LP (exact_lp_max_dim=0): certified facets are exact facets; float verdicts agree."""
    net, points = case
    for x in points:
        if any(p == 0 for i, p in enumerate(hidden_preactivations(net, x)) if any(net.W[i])):
            continue
        exact = region_facets(net, x, mode="exact")
        screened = region_facets(net, x, exact_lp_max_dim=0)
        assert set(screened.facets) <= set(exact.facets)  # certified: always
        assert set(screened.redundant_float) == set(exact.redundant)
        assert not screened.undecided


def test_hyperplane_on_a_box_side_is_reported_as_the_side():
    # unit 0 is x > 0, which is also the box side x >= 0; unit 1 cuts the box
    net = TwoLayerReLU([[1, 0], [0, 1], [2, 0]], [0, 0, -6], [[1, 1, 1]], [0])
    facets = region_facets(net, ["1/2", "1/2"], domain="0,1;-1,1")
    # the region is (0, 1) x (0, 1]: x = 0 is both unit 0 and a box side (reported as the side)
    assert facets.facets == (1, "box:0:lo", "box:0:hi", "box:1:hi")
    assert facets.redundant == (2, "box:1:lo")
    assert facets.is_certified


@settings(max_examples=40, deadline=None)
@given(nets_and_points(max_d=2, max_n=5, max_points=3), st.integers(1, 3))
def test_facets_with_a_box_agree_with_exact_lps(case, half_width):
    net, points = case
    d = net.input_dim
    box = [(-half_width, half_width)] * d
    box_rows = []
    for k in range(d):
        e = [0] * d
        e[k] = 1
        box_rows.append((f"box:{k}:lo", e, half_width))
        box_rows.append((f"box:{k}:hi", [-v for v in e], half_width))
    for x in points:
        if any(abs(v) >= half_width for v in x):
            continue
        if any(p == 0 for i, p in enumerate(hidden_preactivations(net, x)) if any(net.W[i])):
            continue
        facets = region_facets(net, x, domain=box)
        assert facets.is_certified
        assert facets.facets == _brute_force_facets(net, x, box_rows)


@settings(max_examples=30, deadline=None)
@given(nets_and_points(max_d=3, max_n=5, max_points=4), st.booleans())
def test_agrees_with_full_region_enumeration(case, use_box):
    """Per-sample regions, affine maps and facets equal those of reluexact.regions.regions (independent code)."""
    from reluexact.regions import regions

    net, points = case
    d = net.input_dim
    domain = [(-3, 3)] * d if use_box else None
    enumerated = regions(net, domain=domain)
    by_pattern = {r.pattern: r for r in enumerated}
    result = locate(net, points, domain=domain, facets=True, witnesses=True)
    for visited in result.regions:
        region = by_pattern[visited.pattern]
        assert type(visited) is type(region) is Region
        assert visited.affine_map == region.affine_map
        assert (visited.gradient, visited.offset) == (region.gradient, region.offset)
        assert visited.facets_complete
        assert region.facets_complete
        assert {(f.kind, f.label, f.units, f.normal, f.offset) for f in visited.facets} == {
            (f.kind, f.label, f.units, f.normal, f.offset) for f in region.facets
        }
        for f in visited.facets:  # every kept witness is on its facet, strictly inside the others
            assert _value(f.normal, f.offset, f.point) == 0
            assert all(_value(g.normal, g.offset, f.point) > 0 for g in visited.facets if g.label != f.label)


def test_hyperplanes_on_box_sides_agree_with_enumeration():
    from reluexact.regions import regions

    net = TwoLayerReLU([[1, 0], [0, 1], [2, 0], [1, 1]], [0, 0, -6, -1], [[1, 1, 1, 1]], [0])
    domain = "0,1;-1,1"
    by_pattern = {r.pattern: r for r in regions(net, domain=domain)}
    result = locate(net, [["1/4", "1/4"], ["1/2", "-1/2"], ["9/10", "9/10"]], domain=domain, facets=True)
    assert len(result.regions) == 3
    for visited in result.regions:
        region = by_pattern[visited.pattern]
        assert {(f.label, f.units, f.normal, f.offset) for f in visited.facets} == {
            (f.label, f.units, f.normal, f.offset) for f in region.facets
        }


@settings(max_examples=40, deadline=None)
@given(nets_and_points(max_d=3, max_n=5, max_points=10))
def test_visited_edges_carry_the_gradient_jump(case):
    """Continuity restriction: the jump across an edge is the difference of the regions' gradients."""
    net, points = case
    result = locate(net, points)
    for a, b, data in result.graph.edges(data=True):
        assert a < b
        Ga, Gb = result.regions[a].gradient, result.regions[b].gradient
        expected = tuple(tuple(y - x for x, y in zip(ra, rb, strict=True)) for ra, rb in zip(Ga, Gb, strict=True))
        assert data["jump"] == expected


def test_theory_example_4_gradient_jump_across_h1():
    # W = [[1, 2], [-1, 1], [1/2, -3]], b = (3/10, -1/5, 1), a = (2, -1, 7/10): the jump across H_1 is (2, 4)
    net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    result = locate(net, [[0, "-1/2"], [0, 0]])  # on either side of H_1 = {x + 2y + 3/10 = 0} only
    (edge,) = result.graph.edges(data=True)
    _a, b, data = edge
    assert data["units"] == (0,)
    sign = 1 if result.regions[b].pattern[0] == "1" else -1
    assert data["jump"] == ((sign * 2, sign * 4),)


def test_huge_rationals_do_not_overflow_float_screening():
    big = Fraction(1, 3**700)
    net = TwoLayerReLU([[big, 0], [0, 1]], [big, 0], [[1, 1]], [0])
    loc = locate(net, [[Fraction(10**400), Fraction(1, 2)]]).points[0]
    # unit 0: (x + 1) * big / big -> distance x + 1 = 10^400 + 1; unit 1: 1/2
    assert loc.squared_distance == Fraction(1, 4)
    assert loc.nearest == (1,)
    assert loc.distance_float == 0.5


def test_facets_with_huge_rationals():
    big = Fraction(1, 3**700)
    net = TwoLayerReLU([[big, 0], [0, 1], [1, 1]], [big, 0, -5], [[1, 1, 1]], [0])
    facets = region_facets(net, [1, 1], mode="auto", exact_lp_max_dim=0)  # force the float path
    assert set(facets.facets) <= {0, 1, 2}
    assert facets.facets  # at least the rays certify some
    exact = region_facets(net, [1, 1], mode="exact")
    assert exact.facets == (0, 1, 2)


def test_facet_time_budget_gives_a_marked_partial_result():
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    points = [[1, 1], [-1, 1], [1, -1]]
    partial = locate(net, points, facets=True, time_limit=0)
    assert not partial.facets_complete
    assert all(r.facets is None for r in partial.regions)
    full = locate(net, points, facets=True)
    assert full.facets_complete
    assert all(r.facets is not None for r in full.regions)
    assert [p.squared_distance for p in partial.points] == [p.squared_distance for p in full.points]


# --- one region_containing_point (Sage's semantics), the same Region type -----------------------------


def _near(net, pattern, x, box, eps=Fraction(1, 10**9)):
    """Oracle: the open region with this pattern meets the eps-box around x (strict-feasibility LP)."""
    rows, consts = [], []
    for i, ch in enumerate(pattern):
        if any(net.W[i]):
            s = 1 if ch == "1" else -1
            rows.append([s * w for w in net.W[i]])
            consts.append(s * net.b[i])
    for k, (lo, hi) in enumerate(box):
        e = [int(j == k) for j in range(net.input_dim)]
        rows += [e, [-v for v in e], e, [-v for v in e]]
        consts += [-lo, hi, eps - x[k], eps + x[k]]
    return strict_feasible_point(rows, consts) is not None


@pytest.mark.parametrize("seed", range(4))
def test_region_containing_point_and_its_closure_against_brute_force(seed):
    """Interior points give their region; boundary points are refused, and closure=True gives exactly the
    regions whose closure holds the point (oracle: brute-force patterns meeting a tiny box around it)."""
    net = random_degenerate_net(2, 4, 40 + seed)
    box = [(-2, 2), (-2, 2)]
    res = regions(net, domain=box)
    patterns = brute_force_patterns(net, box)
    assert {r.pattern for r in res} == patterns
    grid = [Fraction(k, 2) for k in range(-4, 5)]
    boundary_seen = 0
    for x in itertools.product(grid[::2] + grid[1:3], grid[1::3]):
        x = list(x)
        expected = {p for p in patterns if _near(net, p, x, box)}
        assert {r.pattern for r in region_containing_point(res, x, closure=True)} == expected
        assert {r.pattern for r in region_containing_point(net, x, domain=box, closure=True)} == expected
        pre = hidden_preactivations(net, x)
        on_boundary = any(p == 0 and any(net.W[i]) for i, p in enumerate(pre)) or any(abs(v) == 2 for v in x)
        if on_boundary:
            boundary_seen += 1
            for source, kw in ((res, {}), (net, {"domain": box})):
                with pytest.raises(InvalidArgument, match="pass closure=True"):
                    region_containing_point(source, x, **kw)
        else:
            (pattern,) = expected
            assert region_containing_point(res, x).pattern == pattern
            located = region_containing_point(net, x, domain=box)
            assert located.pattern == pattern
            assert located.affine_map == res.region_with_pattern(pattern).affine_map
    assert boundary_seen


def test_region_containing_point_messages():
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    res = regions(net, domain="-1,1;-1,1")
    with pytest.raises(InvalidArgument, match=r"hyperplanes of units 1, 2 \(H_1, H_2\).*closure=True"):
        region_containing_point(res, [0, 0])
    with pytest.raises(InvalidArgument, match=r"domain side\(s\) box:0:hi"):
        region_containing_point(res, [1, "1/2"])
    assert [r.pattern for r in region_containing_point(res, [1, "1/2"], closure=True)] == ["11"]
    with pytest.raises(DomainError, match="outside the domain box"):
        region_containing_point(res, [2, 0])
    with pytest.raises(InvalidArgument, match="own domain"):
        region_containing_point(res, ["1/2", "1/2"], domain="0,1")
    partial = regions(net, max_regions=1)
    missing = next(
        x for x in ([1, 1], [-1, 1], [1, -1], [-1, -1]) if partial[0].pattern != locate(net, [x]).points[0].pattern
    )
    with pytest.raises(InvalidArgument, match="PARTIAL"):
        region_containing_point(partial, missing)


def test_affine_map_is_one_value_type():
    net = TwoLayerReLU([[1, 2], [-1, 1], ["1/2", -3]], ["3/10", "-1/5", 1], [[2, -1, "7/10"]], [0])
    res = regions(net)
    for r in res:
        assert isinstance(r.affine_map, AffineMap)
        assert r.affine_map == affine_map(net, r.pattern)
        assert r.affine_map(r.point) == evaluate(net, r.point)


def test_one_dimensional_net_with_an_interval_domain():
    """d = 1 and domain=(0, 1): regions, n_regions, locate and region_containing_point all read it."""
    net = TwoLayerReLU([[2], [1], [-1]], [-1, -3, "1/4"], [[1, 1, 1]], [0])  # knots 1/2, 3 (outside), 1/4
    res = regions(net, domain=(0, 1))
    assert repr(res.domain) == "box[0,1]"
    assert sorted(r.pattern for r in res) == ["000", "001", "100"]  # (1/4, 1/2), (0, 1/4), (1/2, 1)
    assert n_regions(net, domain=(0, 1)) == 3 == len(res)
    located = locate(net, [["1/8"], ["3/8"], ["3/4"], ["1/2"]], domain=(0, 1))
    assert [p.status for p in located.points] == ["interior", "interior", "interior", "boundary"]
    assert {r.pattern for r in located.regions} == {r.pattern for r in res}
    assert region_containing_point(net, ["3/4"], domain=(0, 1)).pattern == "100"
    assert region_containing_point(res, ["3/4"]).pattern == "100"
