"""The enumeration engine at the limits of float64: tiny boxes, huge normals.

The engine steps off facets by a power-of-two eps chosen from certified magnitudes
(reluexact.signs); these tests drive it where a float-only bound breaks: a box of width
1e-320 (below the float64 subnormal limit) around the origin, hyperplanes with normals of
size 2e30 and 1e300 through it. Every region's interior point is checked exactly against its
pattern with ``Fraction`` arithmetic (independent of FLINT), and, in d = 2, the number of
regions against the closed form 2 L for L distinct lines through the centre of a box.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reluexact.model import TwoLayerReLU
from reluexact.regions import regions
from tests.regions.oracles import brute_force_patterns, check_region_points, random_degenerate_net

_TINY = Fraction(1, 10**320)


def _check_points(net: TwoLayerReLU, result, box: list[tuple[Fraction, Fraction]]) -> None:
    """Every region point lies strictly inside the box and has exactly its pattern."""
    for region in result.regions:
        x = tuple(Fraction(v) for v in region.point)
        assert all(low < v < high for v, (low, high) in zip(x, box, strict=True)), region.index
        for i, (row, bias) in enumerate(zip(net.W, net.b, strict=True)):
            z = sum((w * v for w, v in zip(row, x, strict=True)), bias)
            assert z != 0, (region.index, i)
            assert (z > 0) == (region.pattern[i] == "1"), (region.index, i)


def _distinct_lines(W: list[list[int]]) -> int:
    directions = set()
    for a, b in W:
        g = Fraction(a, b) if b else None
        directions.add(g)
    return len(directions)


@given(
    st.lists(
        st.tuples(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6)).filter(any),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([2 * 10**24, 10**294]),  # normals ~2e30 and ~1e300
    st.sampled_from([_TINY, Fraction(2) ** -1070, Fraction(1, 10**300)]),
)
@example([(3, -7), (1, 1), (5, 2)], 2 * 10**24, _TINY)
@settings(max_examples=40, deadline=None)
def test_lines_through_a_box_of_width_1e320(rows, scale, width):
    W = [[scale * a, scale * b] for a, b in rows]
    net = TwoLayerReLU(W, [0] * len(W), [[1] * len(W)], [0])
    box = [(-width, width), (-width, width)]
    result = regions(net, domain=box)  # must not raise CertificationError on this valid input
    assert result.complete
    _check_points(net, result, box)
    assert len(result.regions) == 2 * _distinct_lines([list(r) for r in rows])


@pytest.mark.parametrize("d", [2, 3])
def test_planes_through_a_box_of_width_1e320_in_higher_dimension(d):
    import random

    rng = random.Random(d)
    for _ in range(15):
        n = rng.randint(1, 5)
        W = [[rng.randint(-2 * 10**30, 2 * 10**30) for _ in range(d)] for _ in range(n)]
        net = TwoLayerReLU(W, [0] * n, [[1] * n], [0])
        box = [(-_TINY, _TINY)] * d
        result = regions(net, domain=box)
        assert result.complete
        _check_points(net, result, box)


def test_offsets_of_1e300_scale_with_tiny_coordinates():
    """Hyperplanes w . x + b with |w| ~ 1e300 and b ~ 1e-20 (the box is 1e-320 wide, off the origin)."""
    width = _TINY
    W = [[10**300, -3 * 10**300], [2 * 10**300, 10**300]]
    centre = (width / 3, width / 5)
    b = [-sum((w * c for w, c in zip(row, centre, strict=True)), Fraction(0)) for row in W]
    net = TwoLayerReLU(W, b, [[1, -1]], [0])
    box = [(Fraction(0), width), (Fraction(0), width)]
    result = regions(net, domain=box)
    assert result.complete
    assert len(result.regions) == 4  # two lines crossing at an interior point
    _check_points(net, result, box)


@given(st.integers(0, 10**6), st.sampled_from([None, [(-1, 1)] * 4]))
@settings(max_examples=12, deadline=None)
def test_degenerate_4d_arrangements_match_brute_force_and_the_walk(seed, box):
    """d = 4 with concurrent, parallel and coincident planes: the lattice engine (memoised sub-flats found
    by their exact zero sets, steps certified per flat, dyadic line points) against brute force and the walk."""
    net = random_degenerate_net(4, 6, seed)
    res = regions(net, domain=box, progress=False, method="lattice")
    assert {r.pattern for r in res} == brute_force_patterns(net, box)
    assert len({r.pattern for r in res}) == len(res)
    check_region_points(net, res)
    walk = regions(net, domain=box, progress=False, method="walk")
    assert {r.pattern for r in walk} == {r.pattern for r in res}

    def edges(result):
        pats = [r.pattern for r in result]
        return {(e.group, pats[e.a], pats[e.b]) for e in result.edges}

    assert edges(walk) == edges(res)
