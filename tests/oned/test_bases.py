from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import InvalidArgument, ShapeError, TwoLayerReLU, evaluate
from reluexact.oned.bases import (
    LinearSpline,
    expansions_equal,
    layout_orientations,
    merge_terms,
    network_expansion,
    one_sided_basis,
    ramp_basis,
    reorient,
    rewrite,
    spline_of_network,
    two_sided_basis,
)
from reluexact.oned.equivalence import are_equivalent
from reluexact.oned.spline import ReluTerm
from tests.oned.strategies import nets_1d

F = Fraction


@st.composite
def splines(draw, max_knots=7, max_outputs=2):
    z = draw(st.integers(min_value=1, max_value=max_knots - 1))
    x0 = draw(st.fractions(min_value=-3, max_value=3, max_denominator=6))
    gaps = draw(st.lists(st.fractions(min_value=F(1, 8), max_value=3, max_denominator=8), min_size=z, max_size=z))
    m = draw(st.integers(min_value=1, max_value=max_outputs))
    knots = [x0]
    for g in gaps:
        knots.append(knots[-1] + g)
    values = [tuple(draw(st.fractions(min_value=-5, max_value=5, max_denominator=9)) for _ in range(m)) for _ in knots]
    return LinearSpline(tuple(knots), tuple(values))


def _check_on_interval(spline, net_or_expansion):
    xs = list(spline.knots) + [(u + v) / 2 for u, v in itertools.pairwise(spline.knots)]
    for x in xs:
        value = net_or_expansion([x])
        assert value == spline([x])


def test_worked_example_2():
    spline = LinearSpline.from_values([1, 2, 3], [2, 4, 3])
    basis = one_sided_basis(spline, auxiliary_knot=0)
    assert [(t.knot, t.coefficient) for t in basis.terms] == [(F(0), (F(2),)), (F(1), (F(0),)), (F(2), (F(-3),))]
    net = basis.to_network()
    assert net.n_hidden == 3
    assert all(row == (F(1),) for row in net.W)
    assert net.c == (F(0),)
    # S = 2 relu(x) - 3 relu(x - 2): the worked example
    example = TwoLayerReLU([[1], [1]], [0, -2], [[2, -3]], [0])
    assert are_equivalent(net, example)
    assert [evaluate(net, [x])[0] for x in (1, 2, 3)] == [2, 4, 3]
    # default auxiliary knot x_0 - (x_1 - x_0) is 0 here too
    assert one_sided_basis(spline) == basis


def test_worked_example_1_coefficients():
    spline = LinearSpline.from_values(["0", "1/4", "1/2", "3/4", "1"], [0, 1, 0, -1, 0])
    basis = one_sided_basis(spline)
    nonzero = [(t.knot, t.coefficient[0]) for t in basis.terms if t.coefficient[0] != 0]
    assert nonzero == [(F(0), 4), (F(1, 4), -8), (F(3, 4), 8)]
    assert len(basis.terms) == 5  # z + 1 units


def test_spline_validation():
    with pytest.raises(InvalidArgument, match="increase strictly"):
        LinearSpline.from_values([0, 0], [1, 2])
    with pytest.raises(ShapeError, match="at least 2 knots"):
        LinearSpline.from_values([0], [1])
    with pytest.raises(InvalidArgument, match="left of x_0"):
        one_sided_basis(LinearSpline.from_values([0, 1], [0, 1]), auxiliary_knot=0)
    with pytest.raises(InvalidArgument, match="unknown layout"):
        two_sided_basis(LinearSpline.from_values([0, 1, 2], [0, 1, 0]), layout="sideways")
    with pytest.raises(ShapeError, match="interior knots"):
        two_sided_basis(LinearSpline.from_values([0, 1, 2], [0, 1, 0]), orientations=[1, 1])


def test_layouts():
    spline = LinearSpline.from_values([0, 1, 2, 3, 4], [0, 1, 0, 1, 0])
    assert layout_orientations(spline, "right") == (1, 1, 1)
    assert layout_orientations(spline, "left") == (-1, -1, -1)
    assert layout_orientations(spline, "away", centre=2) == (-1, 1, 1)
    assert layout_orientations(spline, "towards", centre="5/2") == (1, 1, -1)
    away = two_sided_basis(spline, layout="away", centre="3/2")
    # facing away from the centre 3/2, the affine part is the piece through the centre: y = -x + 2
    assert away.slope == (F(-1),)
    assert away.intercept == (F(2),)


def test_ramp_pairs_are_flat_outside():
    spline = LinearSpline.from_values([0, 1, 3], [1, 3, 2])
    ramp = ramp_basis(spline)
    assert len(ramp.terms) == 4
    net = ramp.to_network()
    assert net([-5]) == (F(1),)
    assert net([10]) == (F(2),)


@settings(max_examples=60, deadline=None)
@given(splines(), st.data())
def test_every_basis_reproduces_the_spline(spline, data):
    aux = spline.knots[0] - data.draw(st.fractions(min_value=F(1, 10), max_value=5, max_denominator=10))
    one = one_sided_basis(spline, auxiliary_knot=aux)
    assert len(one.terms) == len(spline.knots)
    net = one.to_network()
    assert all(row == (F(1),) for row in net.W)
    assert net.c == (F(0),) * spline.output_dim
    _check_on_interval(spline, net)
    z = len(spline.knots) - 1
    orientations = data.draw(st.lists(st.sampled_from([1, -1]), min_size=z - 1, max_size=z - 1))
    two = two_sided_basis(spline, orientations)
    _check_on_interval(spline, two)
    _check_on_interval(spline, two.to_network())
    _check_on_interval(spline, two.to_network(affine="pair"))
    centre = data.draw(st.fractions(min_value=spline.knots[0], max_value=spline.knots[-1]))
    for layout in ("right", "left", "away", "towards"):
        _check_on_interval(spline, two_sided_basis(spline, layout=layout, centre=centre).to_network())
    ramp = ramp_basis(spline)
    _check_on_interval(spline, ramp.to_network())
    # all members describe the same function on [x_0, x_z]
    assert expansions_equal(one, two, domain=spline.interval)
    steps = rewrite(one, ramp)
    assert steps[0].expansion == one
    assert steps[-1].expansion == ramp


@settings(max_examples=60, deadline=None)
@given(nets_1d(), st.data())
def test_rewrites_between_network_members_preserve_the_function(net, data):
    source = network_expansion(net)
    for x in (F(-3), F(-1, 2), F(0), F(1, 3), F(2)):
        assert source([x]) == evaluate(net, [x])
    flips = data.draw(st.lists(st.sampled_from([1, -1]), min_size=len(source.terms), max_size=len(source.terms)))
    target = reorient(source, flips)
    assert expansions_equal(source, target)
    assert are_equivalent(net, target.to_network(affine="pair"))
    steps = rewrite(source, target)
    assert steps[-1].expansion == target
    for before, after in itertools.pairwise(steps):
        assert expansions_equal(before.expansion, after.expansion)
    merged = merge_terms(source)
    assert expansions_equal(source, merged)
    assert len({(t.knot, t.orientation) for t in merged.terms}) == len(merged.terms)


def test_rewrite_refuses_different_functions():
    a = network_expansion(TwoLayerReLU([[1]], [0], [[1]], [0]))
    b = network_expansion(TwoLayerReLU([[1]], [0], [[2]], [0]))
    with pytest.raises(InvalidArgument, match="different functions"):
        rewrite(a, b)


def test_reorient_identity_and_spline_of_network():
    e = network_expansion(TwoLayerReLU([[-2]], [1], [[3]], [0]))  # 3 relu(1 - 2x) = 6 relu(1/2 - x)
    assert e.terms == (ReluTerm(F(1, 2), -1, (F(6),)),)
    flipped = reorient(e, [1])  # 6 relu(x - 1/2) - 6 (x - 1/2)
    assert flipped.slope == (F(-6),)
    assert flipped.intercept == (F(3),)
    spline = spline_of_network(TwoLayerReLU([[1], [-1]], [0, 1], [[1, 1]], [0]), (-2, 2))
    assert spline.knots == (F(-2), F(0), F(1), F(2))
