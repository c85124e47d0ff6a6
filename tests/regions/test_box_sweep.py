"""Tests for reluexact.regions.box_sweep: the box sweep against the lattice restriction.

Oracles: the second algorithm (``method="lattice"``) compared region by region (patterns), edge
by edge (pattern pairs and units) and facet by facet (hyperplane and side facets with their
neighbours); an independent brute-force genericity test (every vertex of d planes solved in
exact rationals); exact re-evaluation of every point.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import flint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions
from reluexact.regions.arrangements import arrangement
from reluexact.regions.box_sweep import box_counts, box_sweep, box_sweep_or_reason, box_vertices
from reluexact.regions.facet_walk import estimated_costs
from reluexact.regions.sweep import SWEEP_FROM
from tests.regions.oracles import check_region_points, random_degenerate_net, random_net
from tests.strategies import boxes, examples, scales


def _canonical(res):
    pat = {r.id: r.pattern for r in res}
    edges = sorted((*sorted((pat[e.a], pat[e.b])), e.units) for e in res.edges)
    facets = sorted(
        (pat[r.id], f.kind, f.label, None if f.neighbor is None else pat[f.neighbor]) for r in res for f in r.facets
    )
    return sorted(pat.values()), edges, facets


def _planes(arr):
    return [(list(g.normal), g.offset) for g in arr.groups] + [(list(h.normal), h.offset) for h in arr.sides]


def _brute_generic(arr) -> bool:
    """No point of the closed box on d + 1 planes or on dependent ones (brute force, exact rationals)."""
    d = arr.dimension
    planes = _planes(arr)
    G = len(arr.groups)
    lo = [Fraction(a) for a, _ in arr.domain.bounds]
    hi = [Fraction(b) for _, b in arr.domain.bounds]
    for corner in itertools.product((0, 1), repeat=d):
        x = [(lo, hi)[s][a] for a, s in enumerate(corner)]
        if any(sum(Fraction(c) * v for c, v in zip(nr, x, strict=True)) + of == 0 for nr, of in planes[:G]):
            return False
    for Q in itertools.combinations(range(len(planes)), d):
        M = flint.fmpq_mat([[*planes[i][0]] for i in Q])
        if M.det() == 0:
            continue
        x = M.solve(flint.fmpq_mat([[-planes[i][1]] for i in Q])).entries()
        x = [Fraction(int(v.p), int(v.q)) for v in x]
        if not all(a <= v <= b for a, v, b in zip(lo, x, hi, strict=True)):
            continue
        on = [
            i for i, (nr, of) in enumerate(planes) if sum(Fraction(c) * v for c, v in zip(nr, x, strict=True)) + of == 0
        ]
        if len(on) > d:
            return False
    return True


def _check_edges(res):
    """Every edge point exactly on its hyperplane and strictly on both regions' side of every other."""
    arr = res.arrangement
    by_id = {r.id: r for r in res}
    for e in res.edges:
        vals = [sum(Fraction(c) * v for c, v in zip(g.normal, e.point, strict=True)) + g.offset for g in arr.groups]
        assert vals[e.group] == 0
        pa = by_id[e.a].point
        for j, g in enumerate(arr.groups):
            if j != e.group:
                va = sum(Fraction(c) * v for c, v in zip(g.normal, pa, strict=True)) + g.offset
                assert vals[j] != 0
                assert (vals[j] > 0) == (va > 0)


@st.composite
def box_cases(draw, d=None, n=None):
    d = draw(st.integers(3, 5)) if d is None else d
    n = draw(st.integers(1, 9 if d < 5 else 6)) if n is None else n
    rng = random.Random(draw(st.integers(0, 10**6)))
    W = [[rng.randint(-60, 60) for _ in range(d)] for _ in range(n)]
    b = [rng.randint(-90, 90) for _ in range(n)]
    net = TwoLayerReLU(W, b, [[rng.randint(-3, 3) for _ in range(n)]], [0])
    return net, draw(boxes(d))


def _agrees(net, box):
    arr = arrangement(net, domain=box)
    lattice = regions(net, domain=box, method="lattice", progress=False)
    got = box_sweep_or_reason(arr)
    if _brute_generic(arr):
        assert not isinstance(got, str), got
    if isinstance(got, str):
        assert box_sweep(arr) is None
        return None
    assert got.complete
    assert got.certificate.method == "box-sweep"
    assert _canonical(got) == _canonical(lattice)
    n_sides = sum(1 for r in lattice for f in r.facets if f.kind == "side")
    assert box_counts(arr) == (len(lattice), len(lattice.edges), n_sides)
    check_region_points(net, got)
    _check_edges(got)
    return got


@settings(max_examples=examples(40), deadline=None)
@given(box_cases())
def test_box_sweep_equals_lattice(case):
    net, box = case
    _agrees(net, box)


@pytest.mark.parametrize("path", ["int64", "modular", "python"])
@pytest.mark.parametrize(("d", "n", "seed"), [(3, 8, 1), (3, 12, 2), (4, 9, 3), (5, 7, 14), (2, 6, 5), (1, 4, 6)])
def test_unit_and_shifted_boxes(d, n, seed, path, monkeypatch):
    """The three exact paths of the determinants (int64 adjugates, residues, Python integers) agree."""
    import reluexact.regions.box_sweep as module

    monkeypatch.setattr(module, "INT64_ADJUGATES", path == "int64")
    if path == "python":
        monkeypatch.setattr(module, "MAX_PRIMES", 0)
    net = random_net(d, n, seed)
    for box in ("-1,1", [(Fraction(-1, 3), Fraction(5, 7))] * d, [(k - 2, k + Fraction(1, 2)) for k in range(d)]):
        assert _agrees(net, box) is not None


@pytest.mark.parametrize("seed", range(8))
def test_degenerate_nets_are_right_or_refused(seed):
    d = 3 + seed % 2
    net = random_degenerate_net(d, 7, seed)
    for box in ("-1,1", "0,1", "-2,3"):
        _agrees(net, box)
        auto = regions(net, domain=box, progress=False)
        assert _canonical(auto) == _canonical(regions(net, domain=box, method="lattice", progress=False))


def test_non_generic_reasons():
    corner = TwoLayerReLU([[1, 1, 1], [1, -2, 3]], [-3, 1], [[1, 1]], [0])  # x + y + z = 3 through (1, 1, 1)
    assert "corner" in box_counts(arrangement(corner, domain="-1,1"))
    side = TwoLayerReLU([[1, 0, 0], [1, 2, 3]], [-1, 1], [[1, 1]], [0])  # x = 1 is a side
    assert isinstance(box_counts(arrangement(side, domain="-1,1")), str)
    meet = TwoLayerReLU([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 0], [[1] * 4], [0])
    why = box_sweep_or_reason(arrangement(meet, domain="-1,1"))
    assert isinstance(why, str)
    assert "meet" in why
    with pytest.raises(InvalidArgument, match='use method="lattice"'):
        regions(meet, domain="-1,1", method="sweep", progress=False)
    assert box_counts(arrangement(meet, domain="-2,-1")) == (1, 0, 6)  # all four miss the box
    poly = arrangement(meet, domain=([[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, -1, -1]], [1, 1, 1, 1]))
    assert box_vertices(poly) == "the domain is not a box"


def test_hook_auto_and_sweep():
    net = random_net(3, 14, 7)
    arr = arrangement(net, domain="-1,1")
    lattice = regions(net, domain="-1,1", method="lattice", progress=False)
    forced = regions(net, domain="-1,1", method="sweep", progress=False)
    assert forced.certificate.method == "box-sweep"
    assert _canonical(forced) == _canonical(lattice)
    auto = regions(net, domain="-1,1", progress=False)
    assert (auto.certificate.method == "box-sweep") == (estimated_costs(arr)[0] >= SWEEP_FROM)
    assert _canonical(auto) == _canonical(lattice)
    part = regions(net, domain="-1,1", max_regions=5, method="sweep", progress=False)
    assert part.partial
    assert part.certificate.method == "facet-walk"


@settings(max_examples=examples(12), deadline=None)
@given(box_cases(d=3, n=5), st.lists(scales(), min_size=3, max_size=3), st.lists(scales(), min_size=5, max_size=5))
def test_extreme_magnitudes(case, cols, rows):
    """Rows times 1e300 or 1e-300, coordinates x_j = y_j / s_j (the box scaled alike): the same geometry."""
    net, box = case
    W = [[w * cols[j] * rows[i] for j, w in enumerate(row)] for i, row in enumerate(net.hidden_weights)]
    b = [v * rows[i] for i, v in enumerate(net.hidden_bias)]
    scaled = TwoLayerReLU(W, b, net.output_weights, net.output_bias)
    sbox = [(lo / cols[j], hi / cols[j]) for j, (lo, hi) in enumerate(box)]
    arr = arrangement(scaled, domain=sbox)
    got = box_sweep(arr)
    plain = box_counts(arrangement(net, domain=box))
    counted = box_counts(arr)  # exact counting does not see magnitudes
    assert counted == plain or (isinstance(counted, str) and isinstance(plain, str))
    if got is not None:
        lattice = regions(scaled, domain=sbox, method="lattice", progress=False)
        assert _canonical(got) == _canonical(lattice)
        check_region_points(scaled, got)


@pytest.mark.parametrize("which", ["rows", "column"])
def test_extreme_weights_are_swept(which):
    """A row times 1e300 and one times 1e-300, or a column times 1e-300 (the box 1e300 wide): still swept."""
    net = random_net(3, 6, 3)
    cols = [Fraction(1, 10**300) if which == "column" else Fraction(1), Fraction(1), Fraction(1)]
    rows = [Fraction(10**300), Fraction(1), Fraction(1, 10**300), 1, 1, 1] if which == "rows" else [1] * 6
    W = [[w * cols[j] * rows[i] for j, w in enumerate(row)] for i, row in enumerate(net.hidden_weights)]
    b = [v * rows[i] for i, v in enumerate(net.hidden_bias)]
    scaled = TwoLayerReLU(W, b, net.output_weights, net.output_bias)
    box = [(-1 / cols[j], 1 / cols[j]) for j in range(3)]
    got = box_sweep(arrangement(scaled, domain=box))
    assert got is not None
    assert _canonical(got) == _canonical(regions(scaled, domain=box, method="lattice", progress=False))
    check_region_points(scaled, got)
    _check_edges(got)


@pytest.mark.parametrize(
    "net",
    [TwoLayerReLU([[0, 0, 0]], [1], [[1]], [0]), TwoLayerReLU([[1, 1, 1]], [10], [[1]], [0])],
    ids=["no hyperplane", "hyperplane missing the box"],
)
def test_one_region(net):
    got = box_sweep(arrangement(net, domain="-1,1"))
    assert got is not None
    assert len(got) == 1
    assert sorted(f.label for f in got[0].facets) == sorted(f"box:{k}:{s}" for k in range(3) for s in ("lo", "hi"))
    assert _canonical(got) == _canonical(regions(net, domain="-1,1", method="lattice", progress=False))


@pytest.mark.parametrize(("d", "n", "seed", "half"), [(3, 14, 21, "1/4"), (3, 10, 2, "1"), (4, 9, 5, "3/4")])
def test_each_regions_facets_are_listed_in_the_lattices_order(d, n, seed, half):
    # the same facets in the same order per region (hyperplanes by group, then the box sides in the sides'
    # order), so results are identical whichever method ran (the distributed cell split runs the lattice)
    net = random_net(d, n, seed)
    domain = f"-{half},{half}"
    swept = regions(net, domain=domain, method="sweep")
    lattice = regions(net, domain=domain, method="lattice")
    assert swept.certificate.method == "box-sweep"
    by_pattern = {r.pattern: r for r in lattice}
    for r in swept:
        assert [f.label for f in r.facets] == [f.label for f in by_pattern[r.pattern].facets]
