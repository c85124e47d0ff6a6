"""Tests for reluexact.regions.planar: the planar path gives the general engine's result exactly.

Oracles: the general engine (``run_engine`` + ``assemble``, the recursive restriction over
flats), the brute-force LP over every sign pattern (tests/regions/oracles.py) and exact checks
of every point made here independently of both.
"""

from __future__ import annotations

import random
from fractions import Fraction

import flint
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.domain import Polytope
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions
from reluexact.regions.arrangements import arrangement
from reluexact.regions.enumeration import assemble, run_engine
from reluexact.regions.planar import certify_planar, certify_structure, planar_raw, planar_regions
from tests.oracles import planar_lines, planar_region_count
from tests.regions.oracles import brute_force_patterns, check_region_points, random_degenerate_net, random_net
from tests.strategies import arrangement_cases, boxes, examples, networks


def _engine(arr):
    raw = run_engine(arr)
    return raw, assemble(arr, raw.engine, raw.found, raw.edges, raw.sides, raw.complete, None, raw.start)


def _regions_tuple(res, points=True):
    return [
        (
            r.id,
            r.pattern,
            r.point if points else None,
            [(f.kind, f.label, f.units, f.normal, f.offset, f.point, f.neighbor) for f in fs],
        )
        for r in res
        for fs in [r.facets]
    ]


def _small(arr):
    return all(abs(int(v)) < 2**25 for h in (*arr.groups, *arr.sides) for v in (*h.normal, h.offset))


def _same(net, domain=None):
    """The planar result equals the engine's: raw output, ids, patterns, facets, edges; points certified.

    The general path (``general=True``) gives the engine's region points too; the fast path
    (coefficients below 2^25) its midpoints, which are checked against every line here
    (:func:`certify_planar`, the full check) and independently (``check_region_points``).
    """
    arr = arrangement(net, domain=domain)
    raw, ref = _engine(arr)
    pr = planar_raw(arr, path="general")
    if pr is None:  # no line at all: the engine's exact LP finds the one region
        assert len(ref) == 1
        assert planar_raw(arr) is None
        assert regions(net, domain=domain, progress=False).certificate.method == "recursive-restriction"
        return ref
    assert list(pr.found.items()) == list(raw.found.items())
    assert pr.edges == raw.edges
    assert pr.sides == raw.sides
    fast = planar_raw(arr, path="fast" if _small(arr) else "general")
    assert list(fast.found) == list(raw.found)
    assert fast.edges == raw.edges
    assert fast.sides == raw.sides
    if _small(arr):
        certify_planar(fast)  # every fast region point against every line, exactly
        certify_structure(pr)  # the structural certificate also holds for the engine's points
    for general in (False, True):
        res = planar_regions(arr, path="general" if general or not _small(arr) else "fast")
        assert res is not None
        assert res.complete
        assert res.certificate.method == "planar"
        assert _regions_tuple(res, points=general or not _small(arr)) == _regions_tuple(
            ref, points=general or not _small(arr)
        )
        assert [(e.a, e.b, e.group, e.units, e.point) for e in res.edges] == [
            (e.a, e.b, e.group, e.units, e.point) for e in ref.edges
        ]
        assert res.certificate.regions == ref.certificate.regions
        assert res.certificate.facets == ref.certificate.facets
        check_region_points(net, res)
    return res


@settings(max_examples=examples(60), deadline=None)
@given(networks(d=2, n=st.integers(0, 9)))
def test_planar_equals_engine_on_r2(net):
    _same(net)


@settings(max_examples=examples(60), deadline=None)
@given(st.data())
def test_planar_equals_engine_on_boxes(data):
    net = data.draw(networks(d=2, n=st.integers(0, 9)))
    _same(net, domain=list(data.draw(boxes(2))))


@settings(max_examples=examples(40), deadline=None)
@given(arrangement_cases(d=2, n=st.integers(1, 7)))
def test_planar_equals_engine_at_every_magnitude(case):
    # huge and tiny coefficients: the Python-integer path, and float keys beyond float range
    net, box = case
    _same(net, domain=None if box is None else list(box))


@pytest.mark.parametrize("seed", range(12))
def test_planar_equals_engine_degenerate_and_random(seed):
    for domain in (None, "-1,1", "0,2;-1,3", ([[1, 0], [0, 1], [-1, -1]], [1, 1, 1])):
        _same(random_degenerate_net(2, 3 + seed, seed), domain=domain)
        _same(random_degenerate_net(2, 3 + seed, seed, coeff=1), domain=domain)
        _same(random_net(2, 4 + 2 * seed, seed), domain=domain)


@pytest.mark.parametrize("seed", range(4))
def test_planar_patterns_against_brute_force(seed):
    net = random_degenerate_net(2, 6, seed)
    for domain in (None, [(-1, 1), (-1, 1)]):
        res = _same(net, domain=domain)
        assert {r.pattern for r in res} == brute_force_patterns(net, domain)


def test_lines_through_one_point():
    # 8 distinct lines through the origin: 16 regions (a float tool may see 2^8), each with 2 facets
    W = [[1, 0], [0, 1], [1, 1], [1, -1], [1, 2], [2, 1], [1, -2], [2, -1]]
    net = TwoLayerReLU(W, [0] * 8, [[1] * 8], [0])
    res = _same(net)
    assert len(res) == 16
    assert all(len(r.facets) == 2 for r in res)
    assert len(_same(net, domain="-1,1")) == 16


def test_parallel_coincident_and_zero_rows():
    # x = 0, 2x = 0 (coincident, one group), x = 1, x = -1 (parallel), a zero row, y = 0
    net = TwoLayerReLU([[1, 0], [2, 0], [1, 0], [1, 0], [0, 0], [0, 1]], [0, 0, -1, 1, 1, 0], [[1] * 6], [0])
    res = _same(net)
    assert len(res) == 8
    assert all(r.pattern[4] == "1" and r.pattern[0] == r.pattern[1] for r in res)
    assert len(_same(net, domain="-2,2")) == 8
    assert len(_same(net, domain="0,2;-1,1")) == 4  # x = 0 is a side of the box: only x = 1 and y = 0 cut


def test_only_parallel_lines_and_lines_missing_the_domain():
    parallel = TwoLayerReLU([[1, 1], [2, 2], [1, 1]], [0, 1, -3], [[1, 1, 1]], [0])
    assert len(_same(parallel)) == 4
    assert len(_same(parallel, domain="-1,1")) == 3  # x + y = 3 misses the box
    assert len(_same(parallel, domain="0,1")) == 1  # x + y = 0 only touches a corner, the others miss
    miss = TwoLayerReLU([[1, 0]], [5], [[1]], [0])
    assert len(_same(miss, domain="-1,1")) == 1  # the one region is met from the box's sides
    empty = TwoLayerReLU([[0, 0]], [1], [[1]], [0])
    assert planar_raw(arrangement(empty)) is None
    assert len(_same(empty)) == 1


def test_polytope_domains():
    net = random_net(2, 10, 3)
    _same(net, domain=Polytope([[1, 0], [0, 1], [-1, -1]], [1000, 1000, 1000]))
    _same(net, domain=([[1, 0]], [0]))  # a half-plane: lines meet its side, rays run to infinity
    _same(net, domain=([[1, 0], [-1, 0]], [500, 500]))  # a strip


def test_regions_dispatches_to_planar_only_without_budgets():
    net = random_net(2, 12, 5)
    auto = regions(net, progress=False)
    assert auto.certificate.method == "planar"
    lattice = regions(net, method="lattice", progress=False)
    assert lattice.certificate.method == "recursive-restriction"
    assert _regions_tuple(auto, points=False) == _regions_tuple(lattice, points=False)
    part = regions(net, max_regions=5, progress=False)
    assert part.partial
    assert part.certificate.method == "recursive-restriction"
    assert regions(random_net(3, 4, 1), progress=False).certificate.method != "planar"


def test_larger_random_nets_with_weights_over_1024():
    rng = random.Random(7)
    for n in (40, 90):
        W = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(2)] for _ in range(n)]
        b = [Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]
        net = TwoLayerReLU(W, b, [[1] * n], [0])
        _same(net, domain="-1,1")
        _same(net)


def test_big_integer_coefficients_take_the_python_path():
    big = 10**30
    net = TwoLayerReLU([[big, 1], [1, big], [big + 1, -big], [3, 7]], [1, -big, 5, big * big], [[1] * 4], [0])
    _same(net)
    _same(net, domain=[(-(10**40), 10**40), (-(10**40), 10**40)])


def test_planar_raw_refuses_other_dimensions():
    with pytest.raises(ValueError, match="planar"):
        planar_raw(arrangement(TwoLayerReLU([[1]], [0], [[1]], [0])))


def test_planar_certification_counts_and_catches_a_wrong_point():
    import dataclasses

    import flint

    from reluexact.errors import CertificationError
    from reluexact.regions.enumeration import certify_raw
    from reluexact.regions.planar import certify_planar

    arr = arrangement(random_degenerate_net(2, 9, 3), domain="-1,1")
    raw = planar_raw(arr)
    items = list(raw.found.items())
    generic = certify_raw(raw.engine, items, raw.edges, raw.sides, {m: k for k, (m, _) in enumerate(items)})
    checks, exact = certify_planar(raw)
    assert checks == generic.n_checks
    assert exact >= len(raw.edges) + len(raw.sides)  # every facet point lies on its own line: checked exactly
    # a region point moved onto a facet, a facet point moved off its line: both refused
    mask, _ = items[0]
    bad = dict(raw.found)
    bad[mask] = raw.edges[0][3]
    with pytest.raises(CertificationError, match="planar"):
        certify_planar(dataclasses.replace(raw, found=bad))
    g, a, b, q, z = raw.edges[0]
    moved = [(g, a, b, (q[0] + flint.fmpq(1, 10**6), q[1]), z), *raw.edges[1:]]
    with pytest.raises(CertificationError, match="planar"):
        certify_planar(dataclasses.replace(raw, edges=moved))
    # tiny and huge coordinates go the exact way
    far = TwoLayerReLU([[1, 0], [0, 1]], [Fraction(1, 10**300), -(10**280)], [[1, 1]], [0])
    assert len(_same(far)) == 4


# --- the fast path (region points from the planar structure, certify_structure) ------------------


def _fast_vs_general(net, domain=None):
    """Fast and general paths: same regions, masks, facet records; both sets of points certified."""
    arr = arrangement(net, domain=domain)
    fast, general = planar_raw(arr, path="fast"), planar_raw(arr, path="general")
    assert list(fast.found) == list(general.found)
    assert fast.edges == general.edges
    assert fast.sides == general.sides
    for raw in (fast, general):
        checks, _ = certify_structure(raw)
        assert checks > 0
        certify_planar(raw)  # the full check: every point against every line
    res = planar_regions(arr, path="fast")
    assert res.certificate.method == "planar"
    check_region_points(net, res)
    # the Zaslavsky count of an independent oracle (elementary geometry in Fractions)
    box = None
    if isinstance(domain, str):
        parts = [tuple(Fraction(v) for v in part.split(",")) for part in domain.split(";")]
        box = parts * 2 if len(parts) == 1 else parts
    if domain is None or box is not None:
        assert len(res) == planar_region_count(list(planar_lines(net)), box)
    return res


@pytest.mark.parametrize("seed", range(6))
def test_fast_path_equals_general_path_on_random_and_degenerate_nets(seed):
    for domain in (None, "-1,1", "0,2;-1,3", ([[1, 0], [0, 1], [-1, -1]], [1, 1, 1])):
        _fast_vs_general(random_degenerate_net(2, 6 + 3 * seed, seed), domain=domain)
        _fast_vs_general(random_degenerate_net(2, 5 + seed, seed, coeff=1), domain=domain)
        _fast_vs_general(random_net(2, 8 + 6 * seed, seed), domain=domain)


@settings(max_examples=examples(40), deadline=None)
@given(st.data())
def test_fast_path_equals_general_path_hypothesis(data):
    net = data.draw(networks(d=2, n=st.integers(1, 9)))
    domain = data.draw(st.sampled_from([None, "-1,1", "-2,3"]))
    arr = arrangement(net, domain=domain)
    if planar_raw(arr, path="general") is None or not _small(arr):
        return
    _fast_vs_general(net, domain=domain)


def test_fast_path_on_concurrent_lines_corners_and_sides():
    # 8 lines through the origin, the box's corners on lines, lines along the box's sides
    W = [[1, 0], [0, 1], [1, 1], [1, -1], [1, 2], [2, 1], [1, -2], [2, -1]]
    star = TwoLayerReLU(W, [0] * 8, [[1] * 8], [0])
    assert len(_fast_vs_general(star)) == 16
    assert len(_fast_vs_general(star, domain="-1,1")) == 16
    # x + y = 2 and x - y = 2 touch corners only, x = 1 and y = -1 are sides, x = 0 and y = 0 cut
    W = [[1, 1], [1, -1], [1, 0], [0, 1], [1, 0], [0, 1], [1, 1]]
    b = [-2, -2, -1, 1, 0, 0, 0]
    touching = TwoLayerReLU(W, b, [[1] * 7], [0])
    res = _fast_vs_general(touching, domain="-1,1")
    assert len(res) == 6  # x = 0 and y = 0 make 4, x + y = 0 through their crossing adds 2
    # three concurrent lines through a corner of the box, and parallel lines
    W = [[1, 1], [1, 2], [2, 1], [1, 0], [1, 0], [1, 0]]
    b = [-2, -3, -3, 0, Fraction(1, 2), Fraction(-1, 3)]
    _fast_vs_general(TwoLayerReLU(W, b, [[1] * 6], [0]), domain="-1,1")
    _fast_vs_general(TwoLayerReLU(W, b, [[1] * 6], [0]))


def test_fast_path_regions_dispatch_and_larger_nets():
    # from FAST_MIN_LINES unit lines up regions() takes the fast path: the lattice's ids, patterns, facets
    from reluexact.regions.planar import FAST_MIN_LINES

    rng = random.Random(3)
    n = FAST_MIN_LINES + 16
    W = [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(2)] for _ in range(n)]
    b = [Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n)]
    net = TwoLayerReLU(W, b, [[1] * n], [0])
    for domain in ("-1,1", None):
        auto = regions(net, domain=domain, progress=False)
        lattice = regions(net, domain=domain, method="lattice", progress=False)
        assert auto.certificate.method == "planar"
        assert _regions_tuple(auto, points=False) == _regions_tuple(lattice, points=False)
        check_region_points(net, auto)
        _fast_vs_general(net, domain=domain)


def test_fast_path_refuses_big_coefficients_and_auto_takes_the_general_path():
    big = 10**30
    net = TwoLayerReLU([[big, 1], [1, big], [big + 1, -big], [3, 7]], [1, -big, 5, big * big], [[1] * 4], [0])
    arr = arrangement(net)
    with pytest.raises(ValueError, match="2\\^25"):
        planar_raw(arr, path="fast")
    with pytest.raises(ValueError, match="2\\^25"):
        certify_structure(planar_raw(arr))
    with pytest.raises(ValueError, match="path"):
        planar_raw(arr, path="quick")
    # tiny and huge rationalised weights: integers beyond 2^25 after scaling, so the general path
    F = Fraction
    tiny = TwoLayerReLU([[F(1e-300), 1], [1, F(5e-324)], [F(1e300), -1]], [0, F(1e-310), F(2.5)], [[1, 1, 1]], [0])
    _same(tiny)
    _same(tiny, domain="-1,1")


def test_cell_points_in_integers_equal_between():
    # the integer between() of the cell points against the engine's (fmpq) one, on random ends of
    # every sign and size (planar_raw(path="general") == the engine checks it on whole arrangements)
    import flint

    from reluexact.regions import planar
    from reluexact.regions._engine import between

    rng = random.Random(11)
    for _ in range(3000):
        d1, d2 = rng.randint(1, 10 ** rng.randint(1, 12)), rng.randint(1, 10 ** rng.randint(1, 12))
        n1, n2 = rng.randint(-(10**13), 10**13), rng.randint(-(10**13), 10**13)
        lo, hi = sorted([flint.fmpq(n1, d1), flint.fmpq(n2, d2)])
        if lo == hi:
            continue
        u, j = planar._between_int((int(lo.p), int(lo.q)), (int(hi.p), int(hi.q)))
        assert flint.fmpq(u, 2**j) == between(lo, hi)


def test_certify_structure_catches_corrupted_results():
    import dataclasses

    from reluexact.errors import CertificationError

    arr = arrangement(random_degenerate_net(2, 12, 5), domain="-1,1")
    raw = planar_raw(arr, path="fast")
    certify_structure(raw)
    items = list(raw.found.items())
    # a region point swapped with another region's
    (m0, p0), (m1, p1) = items[0], items[1]
    swapped = dict(raw.found)
    swapped[m0], swapped[m1] = p1, p0
    with pytest.raises(CertificationError, match="planar"):
        certify_structure(dataclasses.replace(raw, found=swapped))
    # a region point moved onto its first facet
    onto = dict(raw.found)
    onto[raw.edges[0][1]] = raw.edges[0][3]
    with pytest.raises(CertificationError, match="planar"):
        certify_structure(dataclasses.replace(raw, found=onto))
    # a cell's mask with one more plane flipped
    g, a, b, q, z = raw.edges[1]
    other = next(p for p in range(raw.engine.P) if not (z >> p) & 1)
    flipped = [*raw.edges[:1], (g, a ^ (1 << other), b ^ (1 << other), q, z), *raw.edges[2:]]
    with pytest.raises(CertificationError, match="planar"):
        certify_structure(dataclasses.replace(raw, edges=flipped))
    # a cell dropped (the last cell of a line: no transition to check, the line's end and the count see it)
    last = max(k for k, e in enumerate(raw.edges) if k + 1 == len(raw.edges) or raw.edges[k + 1][0] != e[0])
    with pytest.raises(CertificationError, match="planar"):
        certify_structure(dataclasses.replace(raw, edges=raw.edges[:last] + raw.edges[last + 1 :]))
    # a cell point moved along its line past a crossing
    g, a, b, q, z = raw.edges[0]
    k = 1 - (0 if arr.groups[g].normal[0] != 0 else 1)
    far = list(q)
    far[k] = q[k] + 3
    moved = [(g, a, b, tuple(far), z), *raw.edges[1:]]
    with pytest.raises(CertificationError, match="planar"):
        certify_structure(dataclasses.replace(raw, edges=moved))
    # a region missing: the Zaslavsky count differs
    lost = dict(raw.found)
    gone = next(iter(lost))
    del lost[gone]
    lost_edges = [e for e in raw.edges if gone not in (e[1], e[2])]
    lost_sides = [s for s in raw.sides if s[1] != gone]
    with pytest.raises(CertificationError, match="planar"):
        certify_structure(dataclasses.replace(raw, found=lost, edges=lost_edges, sides=lost_sides))


# --- the whole-array passes of the fast path against the per-line reference ------------------------


def _lines_of(arr):
    from reluexact.regions import planar

    G = len(arr.groups)
    planes = [(g.normal, g.offset) for g in arr.groups] + [(h.normal, h.offset) for h in arr.sides]
    return planar._Lines(planes, G), G, len(planes)


def _all_cells_equal_cells(net, domain):
    arr = arrangement(net, domain=domain)
    lines, G, P = _lines_of(arr)
    if not lines.small or P == 0:
        return
    assert lines.all_cells() == [lines.cells(g, g >= G) for g in range(P)]


@settings(max_examples=examples(60), deadline=None)
@given(st.data())
def test_all_cells_equals_per_line_cells_hypothesis(data):
    net = data.draw(networks(d=2, n=st.integers(1, 12)))
    domain = data.draw(st.sampled_from([None, "-1,1", "-2,3", "0,1;-1,2"]))
    _all_cells_equal_cells(net, domain)


@pytest.mark.parametrize("seed", range(8))
def test_all_cells_equals_per_line_cells_degenerate(seed):
    # concurrent, parallel and coincident lines, lines through the box's corners and along its sides
    W = [[1, 0], [0, 1], [1, 1], [1, -1], [1, 2], [2, 1], [1, 0], [0, 1], [1, 1], [1, -1]]
    b = [0, 0, 0, 0, 0, 0, -1, 1, -2, 2]
    corners = TwoLayerReLU(W, b, [[1] * len(W)], [0])
    for domain in (None, "-1,1", "0,2;-1,3", ([[1, 0], [0, 1], [-1, -1]], [1, 1, 1])):
        _all_cells_equal_cells(random_degenerate_net(2, 6 + 4 * seed, seed), domain)
        _all_cells_equal_cells(random_degenerate_net(2, 5 + seed, seed, coeff=1), domain)
        _all_cells_equal_cells(random_net(2, 10 + 8 * seed, seed), domain)
        _all_cells_equal_cells(corners, domain)


def test_between_arrays_equals_between_int():
    # int64 where the bit lengths allow it, the rest flagged slow (and then taken by _between_int)
    import numpy as np

    from reluexact.regions import planar

    rng = random.Random(5)
    rows = []
    for _ in range(4000):
        scale = 10 ** rng.randint(1, 9)
        d1, d2 = rng.randint(1, scale), rng.randint(1, scale)
        n1, n2 = rng.randint(-(2**29), 2**29), rng.randint(-(2**29), 2**29)
        if rng.random() < 0.3:  # nearly equal ends: large exponents j, possibly beyond int64
            n2 = n1 * d2 // d1 + rng.randint(1, 3)
        lo, hi = sorted([flint.fmpq(n1, d1), flint.fmpq(n2, d2)])
        if lo == hi:
            continue
        has_l, has_r = rng.random() < 0.9, rng.random() < 0.9
        rows.append((int(lo.p), int(lo.q), int(hi.p), int(hi.q), has_l, has_r))
    rows.append((2**40, 3, 2**40 + 1, 3, True, True))  # beyond the int64 bound: slow
    nl, dl, nr, dr, hl, hr = (np.array(c) for c in zip(*rows, strict=True))
    u, j, slow = planar._between_arrays(nl, dl, nr, dr, hl.astype(bool), hr.astype(bool))
    assert slow.any()
    assert not slow.all()
    for k, (a, b, c, d, has_l, has_r) in enumerate(rows):
        want = planar._between_int((a, b) if has_l else None, (c, d) if has_r else None)
        if not slow[k]:
            assert (int(u[k]), int(j[k])) == want


def test_check_lines_equals_the_per_line_check():
    # the whole-array step 2 of certify_structure: same counts as the per-line check, on every line it settles
    from reluexact.regions import planar

    for net, domain, generic in (
        (random_net(2, 40, 1), "-1,1", True),
        (random_degenerate_net(2, 20, 2), "-1,1", False),
        (random_net(2, 30, 3), None, True),
        (random_degenerate_net(2, 12, 4, coeff=1), "0,2;-1,3", False),
    ):
        raw = planar_raw(arrangement(net, domain=domain), path="fast")
        e = raw.engine
        lines = planar._Lines([(tuple(n), o) for n, o in zip(e.normals, e.offsets, strict=True)], e.G)
        ecols = [list(c) for c in zip(*raw.edges, strict=True)] if raw.edges else [[] for _ in range(5)]
        scols = [list(c) for c in zip(*raw.sides, strict=True)] if raw.sides else [[] for _ in range(4)]
        records = planar._records(ecols, scols, lines)
        inc_fast: dict[int, int] = {}
        n_fast, lines_fast, rest = planar._check_lines(lines, records, e.G, inc_fast)
        inc_ref: dict[int, int] = {}
        n_ref = lines_ref = 0
        for i, (g, _z, qpos, ts, _q0, Tl) in enumerate(records):
            inc: dict[int, int] = {}
            n = planar._check_line(lines, g, qpos, ts, Tl, e.G, inc)
            for m, cnt in inc.items():
                inc_ref[m] = inc_ref.get(m, 0) + cnt
                if i in rest:
                    inc_fast[m] = inc_fast.get(m, 0) + cnt
            n_ref += n
            lines_ref += g < e.G
            if i in rest:
                n_fast += n
                lines_fast += g < e.G
        assert (n_fast, lines_fast, inc_fast) == (n_ref, lines_ref, inc_ref)
        if generic:  # in general position most lines are settled by the whole-array pass
            assert len(rest) < len(records) / 2


def test_gc_paused_promote_moves_the_block_s_objects_to_the_oldest_generation(monkeypatch):
    import gc

    from reluexact.regions.enumeration import gc_paused

    was = gc.isenabled()
    try:
        gc.enable()
        with gc_paused(promote=True):
            assert not gc.isenabled()
            kept = [[k] for k in range(1000)]  # containers the block leaves alive
        assert gc.isenabled()
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert all(id(x) in oldest for x in kept)
        assert gc.get_count()[0] < 1000  # no young-generation backlog of them left to scan
    finally:
        if not was:
            gc.disable()
    # a program's own freeze is left alone: no freeze / unfreeze while it holds frozen objects (the
    # calls are recorded, not the freeze count, which other threads' frees can lower meanwhile)
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    for frozen, want in ((7, []), (0, ["freeze", "unfreeze"])):
        monkeypatch.setattr(gc, "get_freeze_count", lambda frozen=frozen: frozen)
        calls.clear()
        with gc_paused(promote=True):
            pass
        assert calls == want


@pytest.mark.parametrize("seed", [0])
def test_fast_path_on_large_degenerate_and_mixed_arrangements(seed):
    # from FAST_MIN_LINES lines up regions() takes the fast path: many concurrent and parallel lines (tied
    # rows in all_columns, lines left to the per-line check in certify_structure) mixed with generic ones
    from reluexact.regions.planar import FAST_MIN_LINES

    rng = random.Random(seed)
    n = FAST_MIN_LINES + 8
    W = [[rng.randint(-3, 3), rng.randint(-3, 3)] for _ in range(n // 2)]
    b = [rng.randint(-3, 3) for _ in range(n // 2)]
    W += [[Fraction(rng.randint(-1024, 1024), 1024) for _ in range(2)] for _ in range(n - n // 2)]
    b += [Fraction(rng.randint(-1024, 1024), 1024) for _ in range(n - n // 2)]
    net = TwoLayerReLU(W, b, [[1] * n], [0])
    auto = regions(net, domain="-1,1", progress=False)
    lattice = regions(net, domain="-1,1", method="lattice", progress=False)
    assert auto.certificate.method == "planar"
    assert _regions_tuple(auto, points=False) == _regions_tuple(lattice, points=False)
    for domain in ("-1,1", "-3,3", None):  # the general planar path and the Zaslavsky count as oracles
        res = _fast_vs_general(net, domain=domain)
        assert res.certificate.method == "planar"
        _all_cells_equal_cells(net, domain)


@pytest.mark.parametrize(("n", "seed", "box", "big"), [(70, 3, "-1,1", False), (9, 4, None, False), (6, 5, None, True)])
def test_planar_certified_is_what_regions_and_the_stream_certify(n, seed, box, big):
    # fast path (>= 64 lines), general path with small coefficients, large coefficients (no planar certificate)
    from reluexact.regions.planar import planar_certified
    from reluexact.regions.streaming import stream_arrangement

    net = random_net(2, n, seed, lo=-(10**12), hi=10**12) if big else random_net(2, n, seed)
    arr = arrangement(net, domain=box)
    raw, cert = planar_certified(arr)
    res = regions(net, domain=box)
    assert len(raw.found) == len(res)
    if big:
        assert cert is None  # the caller certifies with the engine's checker
    else:
        assert (cert.regions, cert.facets, cert.method) == (len(res), res.certificate.facets, "planar")
        assert cert.sign_checks == res.certificate.sign_checks
    batches = []
    summary = stream_arrangement(arr, batches.append)
    assert (summary.regions, summary.edges) == (len(res), len(res.edges))
    assert [p for b in batches for p in b.patterns] == [r.pattern for r in res]
    assert summary.certificate.sign_checks > 0
