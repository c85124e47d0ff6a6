"""The decision boundary {f = 0} (reluexact.answers.boundary): hand cases, exact checks, oracles."""

from __future__ import annotations

import contextlib
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.answers import decision_boundary
from reluexact.domain import Box
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.regions import regions
from tests.answers.oracles import grid, maps, pattern_at, sign_feasible
from tests.strategies import boxes, networks, rationals

F = Fraction


def _inside(net, region, x, box=None) -> bool:
    """x strictly inside the region: the pattern at x (no unit at 0) is the region's, and inside the open box."""
    if pattern_at(net, x) != region.pattern:
        return False
    return box is None or all(lo < v < hi for v, (lo, hi) in zip(x, box, strict=True))


def check_exact(net, db, box=None) -> None:
    """Every point is exact: f = 0 at piece points, the claimed sign at cell points, all strictly inside."""
    for piece in db.pieces:
        region = db.regions[piece.region]
        assert evaluate(net, piece.point)[db.output] == 0
        assert _inside(net, region, piece.point, box)
        assert any(piece.normal)
    for cell in db.cells:
        region = db.regions[cell.region]
        v = evaluate(net, cell.point)[db.output]
        assert (v > 0) if cell.sign > 0 else (v < 0)
        assert _inside(net, region, cell.point, box)
    for rid in db.zero_regions:
        region = db.regions[rid]
        assert not any(region.gradient[db.output])
        assert region.offset[db.output] == 0


# --- hand-derived cases -----------------------------------------------------------------------


def test_theory_example_3_one_zero() -> None:
    # theory.md example 3: slopes -6, -7, 0; f(0) = 13/5, f = -9/10 right of 1/2: the zero is 13/35
    net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    db = decision_boundary(net)
    assert [p.point for p in db.pieces] == [(F(13, 35),)]
    # regions left of -1/2, between the knots, right of 1/2: +, both, -
    by_position = sorted((db.regions[c.region].point[0], -c.sign) for c in db.cells)
    assert [-s for _, s in by_position] == [1, 1, -1, -1]
    assert by_position[1][0] == by_position[2][0]
    check_exact(net, db)


def test_zero_regions_and_no_piece_on_their_facets() -> None:
    # relu(x) - 2 relu(x - 1) + relu(x - 2): 0 left of 0 and right of 2, positive between: no piece at all
    net = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, -2, 1]], [0])
    db = decision_boundary(net, domain="-1,3")
    assert db.pieces == ()
    zero_points = sorted(db.regions[r].point[0] for r in db.zero_regions)
    assert len(zero_points) == 2
    assert zero_points[0] < 0
    assert zero_points[1] > 2
    assert all(c.sign == 1 for c in db.cells)
    assert len(db.cells) == 2
    check_exact(net, db)


def test_square_box_lengths_and_areas() -> None:
    # relu(x) + relu(y) - 1 on [-2, 2]^2: x = 1 (y < 0), x + y = 1 (first quadrant), y = 1 (x < 0)
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
    box = ((F(-2), F(2)), (F(-2), F(2)))
    db = decision_boundary(net, domain=box)
    assert sorted(p.length_squared for p in db.pieces) == [2, 4, 4]
    # {f < 0} is [-2, 1]^2 without the triangle x + y > 1 of the unit square
    assert db.area(-1) == 9 - F(1, 2)
    assert db.area(1) + db.area(-1) == 16
    assert str(db.length) == "sqrt(2) + 4"
    # the three segments form a path: x = 1 meets x + y = 1 at (1, 0), which meets y = 1 at (0, 1)
    assert db.graph.number_of_edges() == 2
    assert {db.graph.edges[e]["point"] for e in db.graph.edges} == {(F(1), F(0)), (F(0), F(1))}
    check_exact(net, db, box)


def test_invisible_unit_splits_a_piece() -> None:
    # x - 1/2 with a = 0 on unit relu(y): the line x = 1/2 is cut by y = 0 into two pieces, joined in the graph
    net = TwoLayerReLU([[1, 0], [-1, 0], [0, 1]], [0, 0, 0], [[1, -1, 0]], ["-1/2"])
    for domain in ("-1,1", None):
        db = decision_boundary(net, domain=domain)
        assert len(db.pieces) == 2
        assert db.graph.number_of_edges() == 1
        check_exact(net, db)


def test_cancelling_coincident_pair() -> None:
    # relu(x) - 1/2 relu(2x) = 0: the hyperplane x = 0 is invisible; f = relu(x - 1) - 1/2 vanishes at 3/2
    net = TwoLayerReLU([[1], [2], [1]], [0, 0, -1], [[1, "-1/2", 1]], ["-1/2"])
    db = decision_boundary(net)
    assert [p.point for p in db.pieces] == [(F(3, 2),)]
    assert db.zero_regions == ()
    check_exact(net, db)


def test_zero_region_in_2d() -> None:
    # relu(x) - relu(x - 1) - 1: 0 for x > 1 (a zero region), negative elsewhere
    net = TwoLayerReLU([[1, 0], [1, 0]], [0, -1], [[1, -1]], [-1])
    for domain in ("-2,2", None):
        db = decision_boundary(net, domain=domain)
        assert db.pieces == ()
        assert len(db.zero_regions) == 1
        assert all(c.sign == -1 for c in db.cells)
        check_exact(net, db)


def test_several_outputs_need_output() -> None:
    net = TwoLayerReLU([[1]], [0], [[1], [-1]], [0, "1/2"])
    with pytest.raises(InvalidArgument, match="output"):
        decision_boundary(net)
    db = decision_boundary(net, output=1)
    assert [p.point for p in db.pieces] == [(F(1, 2),)]
    check_exact(net, db)


def test_partial_enumeration_refused() -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
    with pytest.raises(InvalidArgument, match="PARTIAL"):
        decision_boundary(net, result=regions(net, max_regions=1))


# --- oracles ----------------------------------------------------------------------------------


def _oracle(net, db, box) -> None:
    """Per region: a piece iff both signs are feasible (exact LPs on the pattern alone); the same cells."""
    for region in db.regions:
        ((G, o),) = [maps(net, region.pattern)[db.output]]
        assert list(region.gradient[db.output]) == G
        assert region.offset[db.output] == o
        pos = sign_feasible(net, region.pattern, box, G, o, 1)
        neg = sign_feasible(net, region.pattern, box, G, o, -1)
        has_piece = any(p.region == region.id for p in db.pieces)
        assert has_piece == (pos and neg)
        cells = {c.sign for c in db.cells if c.region == region.id}
        assert cells == {s for s, ok in ((1, pos), (-1, neg)) if ok}
        assert (region.id in db.zero_regions) == (not pos and not neg)


small_nets = networks(d=2, n=st.integers(1, 4), m=1, entries=rationals(max_numerator=3, max_denominator=2))


@settings(max_examples=40)
@given(net=small_nets)
def test_boundary_agrees_with_lp_oracle_and_grid_2d(net) -> None:
    box = ((F(-2), F(2)), (F(-3, 2), F(2)))
    db = decision_boundary(net, domain=box)
    check_exact(net, db, box)
    _oracle(net, db, box)
    assert db.area(1) + db.area(-1) + sum(_zero_area(db, r) for r in db.zero_regions) == F(4) * F(7, 2)
    # dense exact sampling: every sign seen in a region is one of its cells
    cells = {(c.region, c.sign) for c in db.cells}
    by_pattern = {r.pattern: r.id for r in db.regions}
    for x in grid(box, 9):
        pattern = pattern_at(net, x)
        if pattern is None:
            continue
        v = evaluate(net, x)[0]
        if v != 0:
            assert (by_pattern[pattern], 1 if v > 0 else -1) in cells


def _zero_area(db, rid):
    from reluexact.regions import volume

    return volume(db.regions[rid])


@settings(max_examples=25)
@given(net=small_nets)
def test_planar_and_general_paths_agree(net) -> None:
    # the same box as a Box (exact polygons) and as a Polytope (one LP per region): the same answers by pattern
    box = ((F(-2), F(2)), (F(-2), F(2)))
    planar = decision_boundary(net, domain=box)
    A = [[1, 0], [-1, 0], [0, 1], [0, -1]]
    general = decision_boundary(net, domain=(A, [2, 2, 2, 2]))
    assert not isinstance(general.regions.domain, Box)

    def summary(db):
        pat = [r.pattern for r in db.regions]
        return (
            sorted(pat[p.region] for p in db.pieces),
            sorted(pat[r] for r in db.zero_regions),
            sorted((pat[c.region], c.sign) for c in db.cells),
        )

    assert summary(planar) == summary(general)
    check_exact(net, general, box)
    # in d = 2 every face point of the general path is an end point of the planar segment
    ends = {planar.regions[p.region].pattern: set(p.end_points or ()) for p in planar.pieces}
    for piece in general.pieces:
        for face in piece.faces or ():
            assert face.point in ends[general.regions[piece.region].pattern]


@settings(max_examples=25)
@given(
    net=networks(d=st.integers(1, 3), n=st.integers(1, 4), m=1, entries=rationals(max_numerator=3, max_denominator=2))
)
def test_any_dimension_whole_space_and_box(net) -> None:
    d = net.input_dim
    box = tuple((F(-1), F(2)) for _ in range(d))
    for domain in (box, None):
        db = decision_boundary(net, domain=domain)
        check_exact(net, db, domain)
        if domain is not None:
            _oracle(net, db, box)
        for piece in db.pieces:
            region = db.regions[piece.region]
            for face in piece.faces or ():
                # a face point: f = 0 on the boundary of the region, on the facet it names
                assert evaluate(net, face.point)[0] == 0
                facet = next(f for f in region.facets if f.label == face.facets[0])
                assert sum(a * v for a, v in zip(facet.normal, face.point, strict=True)) + facet.offset == 0


def _summary(db):
    """What a boundary proves, by region id: the exact points may differ (another vertex chosen), this may not."""
    faces = [sorted(face.facets for face in p.faces or ()) for p in db.pieces]
    return [p.region for p in db.pieces], faces, [(c.region, c.sign) for c in db.cells], db.zero_regions


@settings(max_examples=10, deadline=None)
@given(
    net=networks(d=st.integers(3, 4), n=st.integers(2, 5), m=1, entries=rationals(max_numerator=4, max_denominator=3))
)
def test_batched_screen_changes_nothing(net) -> None:
    # the one-pass float screen of all regions only picks bases: the answers equal the per-region path's
    from unittest import mock

    from reluexact.answers import boundary as module

    box = tuple((F(-1), F(2)) for _ in range(net.input_dim))
    fast = decision_boundary(net, domain=box, vertices=False)
    with mock.patch.object(module, "_batch_screens", return_value={}):
        slow = decision_boundary(net, domain=box, vertices=False)
    assert _summary(fast) == _summary(slow)
    check_exact(net, fast, box)


def _concurrent(net: TwoLayerReLU, point) -> TwoLayerReLU:
    """The same weights with every hyperplane moved through ``point``: many hyperplanes through one vertex."""
    b = [-sum((w * v for w, v in zip(row, point, strict=True)), F(0)) for row in net.hidden_weights]
    return TwoLayerReLU(net.hidden_weights, b, net.output_weights, net.output_bias, input_dim=net.input_dim)


@settings(max_examples=30, deadline=None)
@given(
    net=networks(d=st.integers(2, 4), n=st.integers(1, 6), m=1, entries=rationals(max_numerator=3, max_denominator=2)),
    data=st.data(),
    concurrent=st.booleans(),
    small_words=st.booleans(),
)
def test_vertex_table_equals_per_region_path(net, data, concurrent, small_words) -> None:
    # the exact vertex table (all regions at once) against the per-region vertex searches and LPs: the same
    # pieces, faces (by facet label), cells and zero regions, on degenerate nets (w = 0, duplicate and parallel
    # units, a = 0) and on nets whose hyperplanes all pass through one point (a vertex with up to 6 hyperplanes)
    from unittest import mock

    from reluexact.answers import _vertices
    from reluexact.answers import boundary as module

    d = net.input_dim
    box = data.draw(st.just(tuple((F(-1), F(2)) for _ in range(d))) | boxes(d))
    if concurrent:
        net = _concurrent(net, tuple((lo + hi) / 2 for lo, hi in box))
    result = regions(net, domain=box, progress=False)
    # small_words: 1-bit sign keys (several words, hashed) and the scan for every vertex on 2+ hyperplanes
    patches = (
        (mock.patch.object(_vertices, "WORD_BITS", 1), mock.patch.object(_vertices, "MAX_FILL", 1))
        if small_words
        else ()
    )
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        assert module._table(result) is not None
        table = decision_boundary(net, result=result)
    per_region = decision_boundary(net, result=result, vertices=False)
    assert _summary(table) == _summary(per_region)
    check_exact(net, table, box)
    _oracle(net, table, box)
    # d = 2: the same exact polygons (cells clipped on first access), lengths and end points
    assert [c.hpolygon for c in table.cells] == [c.hpolygon for c in per_region.cells]
    for piece, other in zip(table.pieces, per_region.pieces, strict=True):
        assert (piece.area_squared, piece.length_squared) == (other.area_squared, other.length_squared)
        assert piece.end_points == other.end_points
        region = table.regions[piece.region]
        for face in piece.faces or ():
            assert evaluate(net, face.point)[0] == 0
            for label in face.facets:
                facet = next(f for f in region.facets if f.label == label)
                assert sum(a * v for a, v in zip(facet.normal, face.point, strict=True)) + facet.offset == 0


def test_vertex_table_brute_force_vertices_d3() -> None:
    # every vertex of the table is a vertex of each region it is listed for (d tight independent rows, all
    # rows satisfied), and each region's vertices are exactly the points of a brute-force search over its facets
    import itertools

    from reluexact.answers._vertices import vertex_table

    net = TwoLayerReLU(
        [[1, 2, 0], [0, 1, -1], [1, 1, 1], [2, 0, 1], [1, 0, 0]], [0, 1, -1, 0, 0], [[1, -1, 2, -1, 1]], [0]
    )
    result = regions(net, domain="-2,2", progress=False)
    table = vertex_table(result)
    assert table is not None
    for region in result.regions:
        rows = [(tuple(F(v) for v in f.normal), F(f.offset)) for f in region.facets]
        brute = set()
        for subset in itertools.combinations(rows, 3):
            M = [[*n, -e] for n, e in subset]
            x = _solve3(M)
            if x is not None and all(sum(a * v for a, v in zip(n, x, strict=True)) + e >= 0 for n, e in rows):
                brute.add(x)
        listed = {table.point(int(i)) for i in table.vertices_of(region.id)}
        assert listed == brute


def _solve3(M):
    """Gauss-Jordan on a 3 x 4 Fraction matrix; None when singular."""
    M = [row[:] for row in M]
    for c in range(3):
        pivot = next((r for r in range(c, 3) if M[r][c] != 0), None)
        if pivot is None:
            return None
        M[c], M[pivot] = M[pivot], M[c]
        for r in range(3):
            if r != c and M[r][c] != 0:
                t = M[r][c] / M[c][c]
                M[r] = [a - t * b for a, b in zip(M[r], M[c], strict=True)]
    return tuple(M[r][3] / M[r][r] for r in range(3))


def test_faces_on_ridges_of_the_region_d3() -> None:
    # f = relu(x) - relu(y) in [-1, 1]^3: on x, y > 0 the piece is x = y, which meets the facets x = 0 and
    # y = 0 only along their common edge x = y = 0 (and the sides x = 1, y = 1 along x = y = 1):
    # faces lying on ridges of the region, not in a facet's relative interior
    net = TwoLayerReLU([[1, 0, 0], [0, 1, 0]], [0, 0], [[1, -1]], [0])
    db = decision_boundary(net, domain="-1,1")
    (piece,) = db.pieces
    assert db.regions[piece.region].pattern == "11"
    faces = {face.facets: face for face in piece.faces}
    assert set(faces) == {("box:2:lo",), ("box:2:hi",), ("h:0", "h:1"), ("box:0:hi", "box:1:hi")}
    ridge = faces[("h:0", "h:1")]
    assert ridge.point[:2] == (0, 0)
    assert -1 < ridge.point[2] < 1
    assert set(ridge.neighbors) == {
        db.regions[piece.region].facets[0].neighbor,
        db.regions[piece.region].facets[1].neighbor,
    }
    for face in piece.faces:
        assert evaluate(net, face.point)[0] == 0


def test_piece_areas_d3_hand_derived() -> None:
    # relu(x) - relu(y) on [-1, 1]^3: the piece x = y, 0 <= x <= 1, |z| <= 1 is a sqrt(2) x 2 rectangle
    db = decision_boundary(TwoLayerReLU([[1, 0, 0], [0, 1, 0]], [0, 0], [[1, -1]], [0]), domain="-1,1")
    assert [p.area_squared for p in db.pieces] == [8]
    # relu(x + y + z) - 1 on [0, 1]^3: the triangle through the three unit points, area sqrt(3) / 2
    db = decision_boundary(TwoLayerReLU([[1, 1, 1]], [0], [[1]], [-1]), domain="0,1")
    assert [p.area_squared for p in db.pieces] == [F(3, 4)]
    assert str(db.pieces[0].area) == "sqrt(3)/2"


@settings(max_examples=25, deadline=None)
@given(
    net=networks(
        d=3, n=st.integers(1, 4), m=1, entries=st.integers(-3, 3).map(F) | rationals(max_numerator=4, max_denominator=3)
    ),
    box=boxes(3),
)
def test_piece_areas_d3_against_a_vertex_enumeration(net, box) -> None:
    # each piece's exact squared area against tests/oracles.py (the polygon {g = 0} in the region's closure,
    # from its own vertex enumeration and the cross-product area vector; no reluexact code), on both paths
    from tests.answers.oracles import region_rows
    from tests.oracles import section_area_squared_3d

    result = regions(net, domain=box, progress=False)
    for vertices in (True, False):
        db = decision_boundary(net, result=result, vertices=vertices)
        for piece in db.pieces:
            pattern = db.regions[piece.region].pattern
            ((G, o),) = [maps(net, pattern)[0]]
            rows, consts = region_rows(net, pattern, box)
            assert piece.area_squared == section_area_squared_3d(rows, consts, G, o)
            assert piece.area_squared > 0


def test_vertices_must_be_a_bool() -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [-1])
    with pytest.raises(InvalidArgument, match="vertices must be True or False"):
        decision_boundary(net, domain="-1,1", vertices="yes")  # type: ignore[arg-type]
