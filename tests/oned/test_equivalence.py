from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact import ShapeError, TwoLayerReLU, evaluate
from reluexact.oned.bases import network_expansion, reorient
from reluexact.oned.equivalence import (
    are_equivalent,
    difference_witness,
    find_orientation_subset,
    minimal_network,
    minimal_width,
)
from reluexact.oned.spline import spline_form
from tests.oned.strategies import domains, nets_1d

F = Fraction


def _net(units, c=(0,), m=1):
    """units: (w, b, a-vector)."""
    return TwoLayerReLU(
        [[w] for w, _, _ in units],
        [b for _, b, _ in units],
        [[a[k] for _, _, a in units] for k in range(m)],
        list(c),
        input_dim=1,
    )


# -- equivalence ------------------------------------------------------------------------
def test_equivalence_examples():
    relu_x = _net([(1, 0, (1,))])
    rewritten = _net([(-1, 0, (1,)), (1, 0, (1,)), (-1, 0, (-1,))])  # relu(-x) + relu(x) - relu(-x)
    assert are_equivalent(relu_x, rewritten)
    assert difference_witness(relu_x, rewritten) is None
    shifted = _net([(1, 0, (1,))], c=(F(1, 100),))
    assert not are_equivalent(relu_x, shifted)
    assert difference_witness(relu_x, shifted) is not None
    # equal on [1, 2] only: relu(x) and x
    assert are_equivalent(relu_x, _net([(1, 5, (1,))], c=(-5,)), domain=(1, 2))
    assert not are_equivalent(relu_x, _net([(1, 5, (1,))], c=(-5,)))


def test_equivalence_shape_errors():
    with pytest.raises(ShapeError, match="outputs"):
        are_equivalent(_net([(1, 0, (1,))]), _net([(1, 0, (1, 1))], c=(0, 0), m=2))


@settings(max_examples=60, deadline=None)
@given(nets_1d(), st.data())
def test_rewritten_nets_are_equivalent_and_witness_agrees(net, data):
    expansion = network_expansion(net)
    flips = data.draw(st.lists(st.sampled_from([1, -1]), min_size=len(expansion.terms), max_size=len(expansion.terms)))
    other = reorient(expansion, flips).to_network(affine="pair")
    assert are_equivalent(net, other)
    assert difference_witness(net, other) is None


@settings(max_examples=60, deadline=None)
@given(nets_1d(min_units=1), nets_1d(min_units=1), st.one_of(st.none(), domains()))
def test_are_equivalent_matches_independent_witness(net1, net2, domain):
    if net1.output_dim != net2.output_dim:
        return
    equal = are_equivalent(net1, net2, domain=domain)
    witness = difference_witness(net1, net2, domain=domain)
    assert equal == (witness is None)
    if witness is not None:
        assert evaluate(net1, [witness]) != evaluate(net2, [witness])


# -- minimal width ----------------------------------------------------------------------
def test_affine_needs_two_units_on_R_and_one_on_a_domain():
    affine = _net([(1, 0, (3,)), (-1, 0, (-3,))], c=(1,))  # 3x + 1
    result = minimal_network(affine)
    assert result.width == 2
    assert result.certificate.is_proven
    assert (result.certificate.break_points, result.certificate.leftmost_slope) == ((), (F(3),))
    assert minimal_width(affine, domain=(0, 1)) == 1
    constant = _net([(1, 0, (0,)), (0, 2, (5,))], c=(1,))
    assert minimal_width(constant) == 0
    assert minimal_network(constant).network.c == (F(11),)


def test_subset_condition_decides_k_or_k_plus_one():
    # jumps +1 at 0 and +1 at 1: far-left slope 0 -> all right-facing, width 2
    assert minimal_width(_net([(1, 0, (1,)), (1, -1, (1,))])) == 2
    # same jumps, far-left slope -1 -> S = {one knot}: width 2
    assert minimal_width(_net([(-1, 0, (1,)), (1, -1, (1,))])) == 2
    # same jumps, far-left slope 5: no subset of {1, 1} sums to -5 -> width 3
    net = _net([(1, 0, (1,)), (1, -1, (1,)), (1, 100, (5,)), (-1, -100, (-5,))])  # + 5x via far units
    result = minimal_network(net)
    assert result.width == 3
    assert result.certificate.lower_bound == 3
    assert result.certificate.left_facing is None
    assert result.certificate.searched_exhaustively
    assert are_equivalent(net, result.network)


def test_vector_subset_sum_with_two_outputs():
    # jumps (1, 0) at 0 and (0, 1) at 1; far-left slope (-1, 0): S = {0} works
    net = _net([(-1, 0, (1, 0)), (1, -1, (0, 1))], c=(0, 0), m=2)
    assert minimal_width(net) == 2
    # far-left slope (-1, -2): no subset sums to (1, 2)
    net2 = _net([(-1, 0, (1, 0)), (1, -1, (0, 1)), (-1, 50, (0, 2)), (1, -50, (0, -2))], c=(0, 0), m=2)
    result = minimal_network(net2)
    assert result.width == 3
    assert result.certificate.is_proven
    assert are_equivalent(net2, result.network)


def test_budget_exhaustion_is_reported_not_hidden():
    units = [(1, -t, (F(2) ** (t - 1),)) for t in range(1, 9)]  # jumps 1, 2, 4, ..., 128 at knots 1..8
    units.append((1, 5, (F(-5),)))  # affine-acting on [0, 10] with slope -5: needs S = {1, 4}
    net = _net(units)
    result = minimal_network(net, domain=(0, 10), max_subset_states=3)
    assert not result.certificate.is_proven
    assert (result.certificate.lower_bound, result.certificate.upper_bound) == (8, 9)
    assert are_equivalent(net, result.network, domain=(0, 10))
    proven = minimal_network(net, domain=(0, 10))
    assert proven.width == 8
    assert proven.certificate.left_facing == (0, 2)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(-4, 4), min_size=2, max_size=2), max_size=7),
    st.lists(st.integers(-9, 9), min_size=2, max_size=2),
)
def test_subset_search_matches_brute_force(jumps, target):
    found, exhaustive = find_orientation_subset(jumps, target)
    assert exhaustive
    brute = any(
        all(sum(jumps[j][k] for j in subset) == target[k] for k in range(2))
        for r in range(len(jumps) + 1)
        for subset in itertools.combinations(range(len(jumps)), r)
    )
    assert (found is not None) == brute
    if found is not None:
        assert all(sum(jumps[j][k] for j in found) == target[k] for k in range(2))


@settings(max_examples=60, deadline=None)
@given(nets_1d(), st.one_of(st.none(), domains()))
def test_minimal_net_is_equivalent_and_never_wider(net, domain):
    result = minimal_network(net, domain=domain)
    assert are_equivalent(net, result.network, domain=domain)
    assert result.width <= net.n_hidden  # minimal never exceeds any realisation, the input included
    assert result.certificate.is_proven
    k = len(spline_form(net, domain=domain).break_points)
    assert result.width in (k, k + 1) or (k == 0 and result.width in (0, 1, 2))
    assert result.certificate.lower_bound == result.width


def test_minimal_never_wider_than_input_even_for_affine():
    # an input network computing an affine function always has width >= 2 on R when the slope is non-zero
    for net in (_net([(1, 0, (1,)), (-1, 0, (-1,))]), _net([(1, 3, (2,)), (-1, 3, (-2,)), (0, 1, (1,))])):
        assert minimal_width(net) <= net.n_hidden


# -- brute-force oracle of width-minimality ---------------------------------------------------
def _grid_nets(unit_options, max_width):
    for width in range(max_width + 1):
        yield from itertools.combinations_with_replacement(unit_options, width)


def _key(net, samples):
    base = evaluate(net, [0])
    return tuple(tuple(v - b for v, b in zip(evaluate(net, [x]), base, strict=True)) for x in samples)


@pytest.mark.parametrize(
    ("outputs", "coefficients", "max_width"),
    [
        (1, [(-2,), (-1,), (1,), (2,)], 3),
        (2, [(1, 0), (0, 1), (1, -1), (-1, -1)], 2),
    ],
)
def test_width_minimality_against_brute_force_oracle(outputs, coefficients, max_width):
    """Every function a grid net of width <= W computes: our proven minimal width never exceeds the
    smallest grid width computing it (a wrong lower bound would), and our minimal net is equivalent."""
    unit_options = [(w, -w * t, a) for w in (1, -1) for t in (-1, 0, 1) for a in coefficients]
    samples = [F(v) for v in (-2, -1, 0, 1, 2)]  # the knots lie in {-1, 0, 1}: these values determine f
    smallest: dict[tuple, int] = {}
    nets = []
    for units in _grid_nets(unit_options, max_width):
        net = _net(list(units), c=(0,) * outputs, m=outputs)
        key = _key(net, samples)
        smallest[key] = min(smallest.get(key, len(units)), len(units))
        nets.append((key, net))
    checked = equal = 0
    seen = set()
    for key, net in nets:
        if key in seen:
            continue
        seen.add(key)
        result = minimal_network(net)
        assert result.certificate.is_proven
        assert result.width <= smallest[key], f"claimed minimal width {result.width} > grid width {smallest[key]}"
        assert are_equivalent(net, result.network)
        checked += 1
        equal += result.width == smallest[key]
    assert checked > 100
    assert equal > checked // 2  # the oracle has teeth: most functions attain the grid width exactly
