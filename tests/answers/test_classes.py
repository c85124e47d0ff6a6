"""Class cells of the argmax (reluexact.answers.classes): hand cases, exact areas / volumes, LP and grid oracles."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.answers import class_cells
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.regions import regions
from tests.answers.oracles import class_feasible, grid, interface_feasible, maps, pattern_at
from tests.strategies import argmax_networks, boxes

F = Fraction


def check_exact(net, cc, box=None) -> None:
    """Cell points: strictly inside, the winner strictly above every output not tied with it on the region."""
    for cell in cc.cells:
        region = cc.regions[cell.region]
        x = cell.point
        assert pattern_at(net, x) == region.pattern
        assert box is None or all(lo < v < hi for v, (lo, hi) in zip(x, box, strict=True))
        values = evaluate(net, x)
        ms = maps(net, region.pattern)
        for k in range(net.output_dim):
            if k in cell.classes:
                assert ms[k] == ms[cell.label]
                assert values[k] == values[cell.label]
            else:
                assert values[k] < values[cell.label]
        assert cell.label == min(cell.classes)
    for face in cc.interfaces:
        region = cc.regions[face.region]
        k, l = face.classes
        values = evaluate(net, face.point)
        assert pattern_at(net, face.point) == region.pattern
        assert values[k] == values[l]
        ms = maps(net, region.pattern)
        assert all(values[j] < values[k] for j in range(net.output_dim) if ms[j] not in (ms[k], ms[l]))


def test_three_classes_on_a_square() -> None:
    # relu(x), relu(y), 1/2 on [0, 2]^2 (one region): class 3 owns [0, 1/2]^2, the others split the rest evenly
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1], [0, 0]], [0, 0, "1/2"])
    cc = class_cells(net, domain="0,2")
    assert [cc.area(k) for k in range(3)] == [F(15, 8), F(15, 8), F(1, 4)]
    assert sorted(i.classes for i in cc.interfaces) == [(0, 1), (0, 2), (1, 2)]
    check_exact(net, cc, ((0, 2), (0, 2)))


def test_identical_maps_tie_on_the_whole_cell() -> None:
    # outputs 0 and 1 equal (relu(x)); output 2 = 1/2: ties are owned by the smallest class
    net = TwoLayerReLU([[1, 0]], [0], [[1], [1], [0]], [0, 0, "1/2"])
    cc = class_cells(net, domain="-1,1")
    assert {c.classes for c in cc.cells} == {(0, 1), (2,)}
    assert cc.area(1) == 0
    assert cc.area(0) + cc.area(2) == 4
    assert cc.area(0) == 1  # x in (1/2, 1)
    check_exact(net, cc)


def test_one_output_is_one_cell_per_region() -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, -1]], [0])
    cc = class_cells(net, domain="-1,1")
    assert len(cc.cells) == len(cc.regions)
    assert cc.interfaces == ()
    assert cc.area(0) == 4


def test_partial_enumeration_refused() -> None:
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])
    with pytest.raises(InvalidArgument, match="PARTIAL"):
        class_cells(net, result=regions(net, max_regions=1))


def _oracle(net, cc, box) -> None:
    for region in cc.regions:
        ms = maps(net, region.pattern)
        groups = {}
        for k, key in enumerate(ms):
            groups.setdefault((tuple(key[0]), key[1]), []).append(k)
        owners = sorted(ks[0] for ks in groups.values())
        expected = {k for k in owners if class_feasible(net, region.pattern, box, k)}
        assert {c.label for c in cc.cells if c.region == region.id} == expected
        found = {f.classes for f in cc.interfaces if f.region == region.id}
        want = {
            (k, l)
            for i, k in enumerate(owners)
            for l in owners[i + 1 :]
            if interface_feasible(net, region.pattern, box, k, l)
        }
        assert found == want


@settings(max_examples=30)
@given(net=argmax_networks(d=2, n=st.integers(1, 4), m=st.integers(2, 4)))
def test_cells_agree_with_oracles_and_tile_the_box_2d(net) -> None:
    box = ((F(-2), F(2)), (F(-1), F(3, 2)))
    cc = class_cells(net, domain=box)
    check_exact(net, cc, box)
    assert sum(cc.area(k) for k in range(net.output_dim)) == F(4) * F(5, 2)
    assert sum(c.volume for c in cc.cells) == F(10)
    _oracle(net, cc, box)
    owned = {(c.region, c.label) for c in cc.cells}
    by_pattern = {r.pattern: r.id for r in cc.regions}
    for x in grid(box, 7):
        pattern = pattern_at(net, x)
        if pattern is None:
            continue
        values = evaluate(net, x)
        best = max(values)
        assert (by_pattern[pattern], values.index(best)) in owned or values.count(best) > 1


@settings(max_examples=10)
@given(net=argmax_networks(d=3, n=st.integers(1, 3), m=st.integers(2, 3)))
def test_volumes_sum_to_the_box_3d(net) -> None:
    box = ((F(-1), F(1)), (F(-1), F(1)), (F(0), F(1)))
    cc = class_cells(net, domain=box)
    check_exact(net, cc, box)
    assert sum(c.volume for c in cc.cells) == 4
    _oracle(net, cc, box)


@settings(max_examples=15, deadline=None)
@given(net=argmax_networks(d=3, n=st.integers(1, 3), m=st.integers(1, 3)), box=boxes(3))
def test_volumes_3d_against_a_vertex_enumeration(net, box) -> None:
    # each class cell's exact volume against tests/oracles.py (the polytope region ∩ {g_k >= g_l}, its
    # vertices enumerated and its volume by the divergence theorem; no reluexact code); they tile the box
    from tests.answers.oracles import region_rows
    from tests.oracles import polytope_volume_3d

    cc = class_cells(net, domain=box)
    for cell in cc.cells:
        pattern = cc.regions[cell.region].pattern
        rows, consts = region_rows(net, pattern, box)
        ms = maps(net, pattern)
        Gk, ok = ms[cell.label]
        for G, o in ms:
            rows.append([a - b for a, b in zip(Gk, G, strict=True)])
            consts.append(ok - o)
        assert cell.volume == polytope_volume_3d(rows, consts)
    assert sum(c.volume for c in cc.cells) == (box[0][1] - box[0][0]) * (box[1][1] - box[1][0]) * (
        box[2][1] - box[2][0]
    )


@settings(max_examples=15)
@given(net=argmax_networks(d=st.integers(1, 3), n=st.integers(1, 3), m=st.integers(2, 3)))
def test_whole_space(net) -> None:
    cc = class_cells(net)
    check_exact(net, cc)
    assert {c.region for c in cc.cells} == {r.id for r in cc.regions}
