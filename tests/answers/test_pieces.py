"""Tests for reluexact.answers.pieces: maximal affine pieces against merging regions across zero-jump facets."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.answers import affine_pieces, hyperplane_jumps, n_affine_pieces, pieces_graph, unbounded_regions
from reluexact.domain import Box, contains
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import adjacency_graph, is_bounded, regions, sign_vector
from tests.strategies import boxes, cancelling_networks, networks


def merged_regions(res, output):
    """The oracle: union-find over the adjacency graph, merging across facets whose gradient jump is zero."""
    graph = adjacency_graph(res)
    parent = list(range(len(res)))

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b, data in graph.edges(data=True):
        rows = data["jump"] if output is None else (data["jump"][output],)
        if all(v == 0 for row in rows for v in row):
            parent[find(a)] = find(b)
    classes = {}
    for r in range(len(res)):
        classes.setdefault(find(r), []).append(r)
    return {frozenset(c) for c in classes.values()}


def _map_of(region, output):
    if output is None:
        return region.gradient, region.offset
    return (region.gradient[output],), (region.offset[output],)


def _same(a, b):
    """Two results of the two methods describe the same pieces (ids may differ)."""
    assert {frozenset(p.regions) for p in a.pieces} == {frozenset(p.regions) for p in b.pieces}
    assert a.n_maps == b.n_maps
    assert a.visible == b.visible
    for p in a.pieces:
        q = b.pieces[b.piece_of_region[p.regions[0]]]
        assert (p.gradient, p.offset, p.bounded) == (q.gradient, q.offset, q.bounded)
        assert {(f.label, f.normal, f.offset) for f in p.facets} == {(f.label, f.normal, f.offset) for f in q.facets}
        neighbors_p = {frozenset(a.pieces[n].regions) for n in p.neighbors}
        assert neighbors_p == {frozenset(b.pieces[n].regions) for n in q.neighbors}


def check_against_oracle(net, domain, output):
    res = regions(net, domain=domain, progress=False)
    result = affine_pieces(net, domain=domain, output=output)
    _same(result, affine_pieces(net, domain=domain, output=output, method="arrangement"))
    assert {frozenset(p.regions) for p in result.pieces} == merged_regions(res, output)
    assert sorted(r for p in result.pieces for r in p.regions) == list(range(len(res)))
    for p in result.pieces:
        assert contains(res.domain, p.point, strict=True)
        # the piece's point is strictly inside its cell: off every visible hyperplane
        signs = sign_vector(net, p.point)
        for g in result.visible:
            i = res.arrangement.groups[g].units[0][0]
            assert signs[i] != 0
        for r in p.regions:
            assert result.piece_of_region[r] == p.id
            gradient, offset = _map_of(res[r], output)
            assert (p.gradient, p.offset) == (gradient, offset)
        facet_labels = [f.label for f in p.facets]
        assert len(facet_labels) == len(set(facet_labels))
        value = p.affine_map(p.point)
        want = net(p.point)
        assert value == (want if output is None else (want[output],))
        for f in p.facets:
            point = f.point
            assert sum((Fraction(a) * x for a, x in zip(f.normal, point, strict=True)), Fraction(f.offset)) == 0
            if f.kind == "hyperplane":
                g = int(f.label.split(":")[1])
                assert g in result.visible
                other = result.pieces[f.neighbor]
                assert (other.gradient, other.offset) != (p.gradient, p.offset)  # maximal: the map jumps
        if not isinstance(res.domain, Box):
            assert p.bounded == all(is_bounded(res[r]) for r in p.regions)
        else:
            assert p.bounded
    maps = {_map_of(res[c[0]], output) for c in (sorted(s) for s in merged_regions(res, output))}
    assert result.n_maps == len(maps)
    assert sorted(q for group in result.maps for q in group) == list(range(len(result)))
    for k, group in enumerate(result.maps):
        assert all(result.pieces[q].map_class == k for q in group)
        assert len({(result.pieces[q].gradient, result.pieces[q].offset) for q in group}) == 1
    graph = pieces_graph(result)
    assert graph.number_of_nodes() == len(result)
    for a, b in graph.edges:
        assert b in result.pieces[a].neighbors
        assert a in result.pieces[b].neighbors
    return result


@settings(max_examples=40)
@given(net=networks(d=st.integers(1, 2), n=st.integers(0, 5)), output=st.sampled_from([None, 0]))
def test_pieces_agree_with_merging_regions_in_r_d(net, output):
    check_against_oracle(net, None, output)


@settings(max_examples=30)
@given(data=st.data(), net=networks(d=st.integers(1, 3), n=st.integers(1, 4)))
def test_pieces_agree_with_merging_regions_in_a_box(data, net):
    box = data.draw(boxes(net.input_dim))
    output = data.draw(st.sampled_from([None, *range(net.output_dim)]))
    check_against_oracle(net, list(box), output)


@settings(max_examples=40)
@given(data=st.data(), net=cancelling_networks(d=st.integers(1, 3), n=st.integers(1, 4)))
def test_pieces_agree_with_merging_regions_when_jumps_cancel(data, net):
    box = data.draw(st.one_of(st.none(), boxes(net.input_dim).map(list)))
    output = data.draw(st.sampled_from([None, *range(net.output_dim)]))
    check_against_oracle(net, box, output)


def test_hat_and_ramp_four_pieces_three_maps():
    net = TwoLayerReLU([[1], [1], [1]], [0, -1, -2], [[1, -2, 1]], [0])
    result = check_against_oracle(net, None, None)
    assert len(result) == 4
    assert result.n_maps == 3
    zero_pieces = [p for p in result.pieces if p.gradient == ((0,),) and p.offset == (0,)]
    assert len(zero_pieces) == 2
    assert zero_pieces[0].map_class == zero_pieces[1].map_class
    assert sorted(p.bounded for p in result.pieces) == [False, False, True, True]


def test_invisible_unit_in_the_plane():
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0]], [0])  # relu(x1) + 0 relu(x2)
    assert len(regions(net)) == 4
    result = check_against_oracle(net, None, None)
    assert len(result) == 2
    assert result.n_maps == 2
    assert all(len(p.regions) == 2 and not p.bounded for p in result.pieces)
    assert result.visible == (0,)
    assert n_affine_pieces(net, domain="-1,1;-1,1") == 2


def test_a_cancelling_coincident_pair_is_invisible():
    # relu(x) - relu(x) + relu(-2x) - 2 relu(-x): every unit on x = 0, jump 1 - 1 + 2 - 2 = 0
    net = TwoLayerReLU([[1], [1], [-2], [-1]], [0, 0, 0, 0], [[1, -1, 1, -2]], [0])
    assert hyperplane_jumps(regions(net).arrangement) == ((Fraction(0),),)
    result = check_against_oracle(net, None, None)
    assert len(result) == 1
    assert result.pieces[0].regions == (0, 1)
    assert result.pieces[0].facets == ()
    # the same pair with one weight changed: visible, the jump is 1 (times the normal)
    visible = TwoLayerReLU([[1], [1], [-2], [-1]], [0, 0, 0, 0], [[1, -1, 1, -1]], [0])
    assert len(check_against_oracle(visible, None, None)) == 2


def test_units_with_zero_output_weight_leave_no_kink():
    net = TwoLayerReLU([[1, 1], [1, -1], [2, 1]], [0, 1, -1], [[0, 3, 0], [0, 0, 0]], [1, 2])
    result = check_against_oracle(net, "-2,2;-2,2", None)
    assert len(regions(net, domain="-2,2;-2,2")) > len(result) == 2
    assert len(check_against_oracle(net, None, 1)) == 1


def test_vector_map_unites_the_outputs_kinks():
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 0], [0, 1]], [0, 0])
    assert [len(affine_pieces(net, output=k)) for k in (0, 1)] == [2, 2]
    assert len(affine_pieces(net)) == 4


def test_result_is_immutable_and_repr_is_short():
    result = affine_pieces(TwoLayerReLU([[1]], [0], [[1]], [0]))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.output = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.pieces[0].bounded = True  # type: ignore[misc]
    assert repr(result) == "PiecesResult(2 pieces, 2 maps, 2 regions, domain=R^1)"
    assert repr(result.pieces[0]).startswith("AffinePiece(id=0")


def test_bad_arguments_are_refused():
    net = TwoLayerReLU([[1]], [0], [[1]], [0])
    with pytest.raises(InvalidArgument, match=r"output index in 0\.\.0"):
        affine_pieces(net, output=1)
    with pytest.raises(InvalidArgument, match="complete region enumeration"):
        affine_pieces(
            TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0]),
            regions_result=regions(TwoLayerReLU([[1], [1]], [0, -1], [[1, 1]], [0]), max_regions=1),
        )
    with pytest.raises(InvalidArgument, match="method must be 'merge' or 'arrangement'"):
        affine_pieces(net, method="fast")
    with pytest.raises(InvalidArgument, match="not the regions of this network"):
        affine_pieces(net, regions_result=regions(TwoLayerReLU([[2]], [0], [[1]], [0])))


def test_regions_result_is_reused():
    net = TwoLayerReLU([[1, 2], [-1, 1], [1, 2]], [0, 1, 0], [[1, 1, -1]], [0])
    res = regions(net, domain="-1,1;-1,1")
    result = affine_pieces(net, domain="-1,1;-1,1", regions_result=res)
    assert result.regions is res
    assert {frozenset(p.regions) for p in result.pieces} == merged_regions(res, None)


@pytest.mark.parametrize("method", ["merge", "arrangement"])
def test_bounded_pieces_in_the_plane_and_in_space(method):
    # the triangle x > 0, y > 0, x + y < 1 is the one bounded cell; a fourth, invisible unit cuts it in two
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1], [1, -1]], [0, 0, -1, 0], [[1, 1, 1, 0]], [0])
    result = check_against_oracle(net, None, None)
    assert len(affine_pieces(net, method=method)) == 7
    assert [len(p.regions) for p in result.pieces if p.bounded] == [2]
    cube = TwoLayerReLU(
        [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]], [0, -1, 0, -1, 0, -1], [[1] * 6], [0]
    )
    assert sum(p.bounded for p in affine_pieces(cube, method=method)) == 1


@settings(max_examples=40)
@given(net=networks(d=st.integers(1, 4), n=st.integers(0, 6)))
def test_unbounded_regions_agree_with_one_lp_per_region(net):
    res = regions(net, progress=False)
    found = unbounded_regions(res)
    assert found is not None
    assert found == frozenset(r.id for r in res if not is_bounded(r))


def test_unbounded_regions_needs_all_of_r_d():
    net = TwoLayerReLU([[1, 0], [0, 1]], [0, 0], [[1, 1]], [0])
    assert unbounded_regions(regions(net, domain="-1,1")) is None
    assert unbounded_regions(regions(net)) == frozenset(range(4))
    # the pieces' flags in a half-plane (an unbounded polytope) come from exact LPs
    half = ([[1, 0]], [1])  # x1 + 1 >= 0
    assert [p.bounded for p in affine_pieces(net, domain=half)] == [False] * 4
