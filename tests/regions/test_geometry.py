"""Tests of reluexact.regions.geometry: is_bounded (also on PARTIAL results), vertices, volume, clipping."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings

from reluexact.domain import Box, Polytope, Whole
from reluexact.errors import InvalidArgument
from reluexact.lp import maximize
from reluexact.model import TwoLayerReLU
from reluexact.regions import is_bounded, locate, regions, vertices, volume
from reluexact.regions.geometry import clip_halfplane
from tests.regions.oracles import random_degenerate_net
from tests.strategies import boxes, examples, points, rationals


def _bounded_by_lp(net, pattern):
    """Oracle: every coordinate is bounded above and below on the closure of the region (2d exact LPs)."""
    rows, consts = [], []
    for i, ch in enumerate(pattern):
        if any(net.W[i]):
            s = 1 if ch == "1" else -1
            rows.append([s * w for w in net.W[i]])
            consts.append(s * net.b[i])
    d = net.input_dim
    return all(
        maximize([sign * int(j == k) for j in range(d)], rows, consts).status == "optimal"
        for k in range(d)
        for sign in (1, -1)
    )


@pytest.mark.parametrize("seed", range(5))
def test_is_bounded_matches_an_lp_oracle_and_is_sound_on_partial_results(seed):
    net = random_degenerate_net(2, 5, 300 + seed)
    full = regions(net)
    truth = {r.pattern: _bounded_by_lp(net, r.pattern) for r in full}
    assert {r.pattern: is_bounded(r) for r in full} == truth
    partial = regions(net, max_regions=max(1, len(full) // 2))
    if partial.complete:
        return
    for r in partial:
        assert not r.facets_complete
        if truth[r.pattern]:  # listed facets may already bound it: True, else a refusal; never False
            assert _outcome(r) in (True, "refused")
        else:
            with pytest.raises(InvalidArgument, match="PARTIAL"):
                is_bounded(r)


def _outcome(region):
    try:
        return is_bounded(region)
    except InvalidArgument:
        return "refused"


def test_partial_result_refuses_vertices_and_an_unbounded_answer():
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
    partial = regions(net, max_regions=1)
    assert partial.partial
    with pytest.raises(InvalidArgument, match="PARTIAL"):
        is_bounded(partial[0])
    with pytest.raises(InvalidArgument, match="complete facet list"):
        vertices(partial[0])
    with pytest.raises(InvalidArgument, match="complete facet list"):
        volume(partial[0])


def test_is_bounded_of_located_regions_and_domains():
    net = TwoLayerReLU([[1, 0], [0, 1], [1, 1]], [0, 0, -1], [[1, 1, 1]], [0])
    without = locate(net, [["1/4", "1/4"]]).regions[0]
    with pytest.raises(InvalidArgument, match="no facets computed"):
        is_bounded(without)
    located = locate(net, [["1/4", "1/4"], [5, 5]], facets=True).regions
    assert [is_bounded(r) for r in located] == [True, False]
    assert volume(located[0]) == volume(regions(net).region_with_pattern(located[0].pattern))
    assert (is_bounded(Whole(2)), is_bounded(Box([(0, 1)])), is_bounded(Polytope([[1, 0], [0, 1]], [0, 0]))) == (
        False,
        True,
        False,
    )


def _shoelace(polygon):
    """Oracle: the exact area of a counter-clockwise polygon (0 for fewer than three vertices)."""
    following = [*polygon[1:], *polygon[:1]]
    return sum((p[0] * q[1] - q[0] * p[1] for p, q in zip(polygon, following, strict=True)), Fraction(0)) / 2


@settings(max_examples=examples(60))
@given(boxes(2), points(2), rationals())
def test_clip_halfplane_splits_a_box_into_two_pieces_of_the_right_area(box, normal, offset):
    assume(any(normal))
    (x0, x1), (y0, y1) = box
    square = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
    pieces = {sign: clip_halfplane(square, normal, offset, sign=sign) for sign in (1, -1)}
    # the two closed sides of the line cover the box and meet on the line only: areas add up exactly
    assert sum(_shoelace(piece) for piece in pieces.values()) == (x1 - x0) * (y1 - y0)
    for sign, piece in pieces.items():
        assert all(sign * (normal[0] * x + normal[1] * y + offset) >= 0 for x, y in piece)
        # every vertex is a corner of the box or a point of the line on the box's boundary
        for x, y in piece:
            on_line = normal[0] * x + normal[1] * y + offset == 0
            assert (x, y) in square or (on_line and (x in (x0, x1) or y in (y0, y1)))
        assert len(set(piece)) == len(piece)
    with pytest.raises(InvalidArgument, match="sign must be 1 or -1"):
        clip_halfplane(square, normal, offset, sign=0)
