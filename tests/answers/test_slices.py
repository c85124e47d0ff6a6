"""Tests for reluexact.answers.slices: the sliced network is the network on the slice, exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reluexact.answers import line_through, plane_through, slice_box, slice_coordinates, slice_network
from reluexact.domain import contains
from reluexact.errors import InvalidArgument, ShapeError
from reluexact.model import TwoLayerReLU
from reluexact.regions import regions, sign_vector
from tests.strategies import networks, points, rationals


def _lift(origin, directions, t):
    return tuple(
        o + sum((u[j] * tj for u, tj in zip(directions, t, strict=True)), Fraction(0)) for j, o in enumerate(origin)
    )


@st.composite
def slices(draw, d):
    k = draw(st.integers(1, min(d, 2)))
    origin = draw(points(d))
    directions = [draw(points(d)) for _ in range(k)]
    return origin, directions


def _independent(directions):
    import flint

    k, d = len(directions), len(directions[0])
    return flint.fmpq_mat(k, d, [flint.fmpq(v.numerator, v.denominator) for u in directions for v in u]).rank() == k


@settings(max_examples=60)
@given(data=st.data(), net=networks(d=st.integers(1, 4), n=st.integers(0, 5)))
def test_slice_equals_the_network_on_the_slice(data, net):
    origin, directions = data.draw(slices(net.input_dim))
    assume(_independent(directions))
    sliced = slice_network(net, origin, directions)
    assert sliced.input_dim == len(directions)
    assert sliced.A == net.A
    assert sliced.c == net.c
    for _ in range(3):
        t = data.draw(points(len(directions), entries=rationals(max_numerator=50, max_denominator=17)))
        assert sliced(list(t)) == net(list(_lift(origin, directions, t)))


@settings(max_examples=30)
@given(data=st.data(), net=networks(d=st.integers(2, 3), n=st.integers(1, 4)))
def test_slice_regions_are_traces_of_the_d_dimensional_regions(data, net):
    origin, directions = data.draw(slices(net.input_dim))
    assume(_independent(directions))
    sliced = slice_network(net, origin, directions)
    full = regions(net, progress=False)
    for region in regions(sliced, progress=False):
        x = _lift(origin, directions, region.point)
        signs = sign_vector(net, x)
        assert "".join("1" if s > 0 else "0" for s in signs) == region.pattern
        if all(s != 0 for i, s in enumerate(signs) if any(net.W[i])):  # x is strictly inside a d-D region
            assert full.region_with_pattern(region.pattern) is not None
            assert region.affine_map(region.point) == full.region_with_pattern(region.pattern).affine_map(x)


@settings(max_examples=40)
@given(data=st.data(), d=st.integers(2, 5))
def test_plane_and_line_through_samples(data, d):
    p0, p1, p2 = (data.draw(points(d)) for _ in range(3))
    assume(
        _independent(
            [tuple(b - a for a, b in zip(p0, p1, strict=True)), tuple(c - a for a, c in zip(p0, p2, strict=True))]
        )
    )
    origin, directions = plane_through(p0, p1, p2)
    assert [slice_coordinates(origin, directions, p) for p in (p0, p1, p2)] == [(0, 0), (1, 0), (0, 1)]
    assert _lift(origin, directions, (1, 0)) == p1
    assert _lift(origin, directions, (0, 1)) == p2
    box = slice_box(origin, directions, [p0, p1, p2])
    assert box.bounds == ((Fraction(-1, 10), Fraction(11, 10)),) * 2
    origin, directions = line_through(p0, p1)
    assert _lift(origin, directions, (1,)) == p1
    mid = tuple((a + b) / 2 for a, b in zip(p0, p1, strict=True))
    assert contains(slice_box(origin, directions, [mid, p1]), slice_coordinates(origin, directions, mid), strict=True)


def test_slice_box_padding_rule():
    origin, directions = line_through([0], [1])
    assert slice_box(origin, directions, [[2], [4]], padding="1/2").bounds == ((Fraction(1), Fraction(5)),)
    assert slice_box(origin, directions, [[3]]).bounds == ((Fraction(29, 10), Fraction(31, 10)),)
    with pytest.raises(InvalidArgument, match="padding must be >= 0"):
        slice_box(origin, directions, [[3]], padding=-1)
    with pytest.raises(InvalidArgument, match="at least one point"):
        slice_box(origin, directions, [])


def test_rank_and_shape_errors_are_clear():
    net = TwoLayerReLU([[1, 2, 3]], [0], [[1]], [0])
    with pytest.raises(InvalidArgument, match=r"rank 1 < 2 \(exactly\)"):
        slice_network(net, [0, 0, 0], [[1, 2, 3], ["1/2", 1, "3/2"]])
    with pytest.raises(InvalidArgument, match="collinear"):
        plane_through([0, 0, 0], [1, 1, 1], [2, 2, 2])
    with pytest.raises(InvalidArgument, match="rank 0 < 1"):
        line_through([1, 2], [1, 2])
    with pytest.raises(ShapeError, match="origin has 2 coordinates, expected 3"):
        slice_network(net, [0, 0], [[1, 0, 0]])
    with pytest.raises(InvalidArgument, match="at most 3"):
        slice_network(net, [0, 0, 0], [[1, 0, 0]] * 4)
    with pytest.raises(InvalidArgument, match="not on the slice"):
        slice_coordinates([0, 0], [[1, 0]], [0, 1])
    with pytest.raises(InvalidArgument, match="expected a TwoLayerReLU"):
        slice_network("net", [0], [[1]])  # type: ignore[arg-type]


def test_a_wide_slice_is_exact():
    d = 64
    net = TwoLayerReLU(
        [[Fraction((i * 7 + j * 3) % 11 - 5, 1 + (i + j) % 4) for j in range(d)] for i in range(8)],
        [Fraction(i - 4, 3) for i in range(8)],
        [[Fraction((-1) ** i, i + 1) for i in range(8)]],
        ["1/7"],
    )
    p = [[Fraction((k * j) % 5, k + 1) for j in range(d)] for k in range(3)]
    origin, directions = plane_through(*p)
    sliced = slice_network(net, origin, directions)
    t = (Fraction(3, 7), Fraction(-5, 2))
    assert sliced(list(t)) == net(list(_lift(origin, directions, t)))


def test_digits_classifier_on_the_plane_through_three_samples():
    datasets = pytest.importorskip("sklearn.datasets")
    neural = pytest.importorskip("sklearn.neural_network")
    import warnings

    from reluexact.answers import affine_pieces
    from reluexact.interop.sklearn import from_sklearn

    X, y = datasets.load_digits(return_X_y=True)
    X = X / 16.0
    clf = neural.MLPClassifier(hidden_layer_sizes=(24,), max_iter=40, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X[:600], y[:600])
    net = from_sklearn(clf)
    samples = [[Fraction(v) for v in X[k]] for k in (0, 1, 2)]  # a 0, a 1 and a 2
    origin, directions = plane_through(*samples)
    sliced = slice_network(net, origin, directions)
    box = slice_box(origin, directions, samples)
    for sample, t in zip(samples, [(0, 0), (1, 0), (0, 1)], strict=True):
        assert sliced(list(t)) == net(sample)  # the samples' exact logits, on the slice
    result = affine_pieces(sliced, domain=box)
    assert sum(len(p.regions) for p in result.pieces) == len(result.regions)
    for piece in result.pieces[:25]:
        x = _lift(origin, directions, piece.point)
        assert piece.affine_map(piece.point) == net(list(x))  # the piece's map is the 64-D net on the plane
