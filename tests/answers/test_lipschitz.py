"""Tests of :mod:`reluexact.answers.lipschitz`: exact constants against brute force, hand cases, certificates."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.answers.lipschitz import (
    SIGN_BOUND_MAX_DIM,
    Lipschitz,
    dual_norm,
    fast_bound,
    gradient_bound,
    lipschitz,
    lipschitz_document,
)
from reluexact.check import check_certificate
from reluexact.domain import contains
from reluexact.errors import InvalidArgument
from reluexact.model import TwoLayerReLU
from reluexact.regions import region_containing_point
from tests.oracles import brute_force_lipschitz
from tests.strategies import boxes, networks, rationals

F = Fraction


def _assert_sound(result: Lipschitz, net: TwoLayerReLU) -> None:
    """The point is strictly inside the attaining region and the domain; the gradient is its; the checker agrees."""
    assert contains(result.domain, result.point, strict=True)
    region = region_containing_point(net, result.point, domain=result.domain, facets=False)
    nonconstant = [i for i in range(net.n_hidden) if any(net.W[i])]
    assert all(region.pattern[i] == result.pattern[i] for i in nonconstant)
    assert region.affine_map.gradient[result.output] == result.gradient
    assert dual_norm(result.gradient, result.norm) == result.measure
    assert check_certificate(lipschitz_document(result))


def test_one_dimensional_slopes() -> None:
    # theory.md worked example 3: slopes -6, -7, 0 left to right (knots -1/2, 1/2)
    net = TwoLayerReLU([[1], [-2], ["1/2"]], ["-1/2", 1, "1/4"], [[1, 3, -2]], ["1/10"])
    assert lipschitz(net).value == 7
    assert lipschitz(net, (1, 2)).value == 0
    assert lipschitz(net, (-1, 0)).value == 7
    for norm in ("inf", "1", "2"):
        _assert_sound(lipschitz(net, (-1, 1), norm=norm), net)


def test_symmetric_2d_net() -> None:
    # f(x, y) = |x| + |y|: gradient (+-1, +-1) everywhere; Lipschitz 2 (inf), 1 (norm 1), sqrt(2) (norm 2)
    net = TwoLayerReLU([[1, 0], [-1, 0], [0, 1], [0, -1]], [0] * 4, [[1, 1, 1, 1]], [0])
    assert lipschitz(net, norm="inf").value == 2
    assert lipschitz(net, norm="1").value == 1
    two = lipschitz(net, "-1,1", norm="2")
    assert (two.value, two.value_squared, two.exact_value) == (None, 2, sympy.sqrt(2))
    assert fast_bound(net, 0, "inf") == 4  # the usual bound is twice the truth here
    _assert_sound(two, net)


def test_domain_hides_units() -> None:
    net = TwoLayerReLU([[1, 0], [1, 1]], [0, -4], [[1, -1]], [0])
    inside = lipschitz(net, "0,1;0,1")
    assert (inside.value, inside.pattern) == (1, "10")
    assert lipschitz(net).value == 2  # on R^2 the second unit turns on alone: gradient (-1, -1)
    _assert_sound(inside, net)


def test_bad_arguments_are_refused() -> None:
    net = TwoLayerReLU([[1]], [0], [[1]], [0])
    with pytest.raises(InvalidArgument, match="norm"):
        lipschitz(net, norm="3")
    with pytest.raises(InvalidArgument, match="output"):
        lipschitz(net, output=1)


def test_no_hidden_units_and_zero_output() -> None:
    net = TwoLayerReLU([], [], [[]], [1], input_dim=2)
    result = lipschitz(net, "0,1")
    assert result.value == 0
    assert result.fast_bound == 0
    _assert_sound(result, net)


@settings(max_examples=30)
@given(net=networks(d=st.integers(1, 2), n=st.integers(1, 4), m=1), data=st.data())
def test_sign_pattern_bound_is_the_maximum_over_patterns(net: TwoLayerReLU, data: st.DataObject) -> None:
    # gradient_bound is an upper bound of every pattern below the signs; for norm inf (d small) it is attained
    v = [tuple(net.A[0][i] * w for w in net.W[i]) for i in range(net.n_hidden)]
    signs = "".join(data.draw(st.sampled_from("10*")) for _ in range(net.n_hidden))
    free = [i for i, s in enumerate(signs) if s == "*"]
    for norm in ("inf", "1", "2"):
        values = []
        for chosen in itertools.product((0, 1), repeat=len(free)):
            active = [i for i, s in enumerate(signs) if s == "1"] + [i for i, c in zip(free, chosen, strict=False) if c]
            g = tuple(sum((v[i][j] for i in active), F(0)) for j in range(net.input_dim))
            values.append(dual_norm(g, norm))
        bound = gradient_bound(v, signs, norm)
        assert max(values) <= bound
        if norm != "2" and net.input_dim <= SIGN_BOUND_MAX_DIM:
            assert max(values) == bound


@settings(max_examples=80)
@given(
    net=networks(d=st.integers(1, 3), n=st.integers(0, 6), m=st.integers(1, 2)),
    norm=st.sampled_from(["inf", "1", "2"]),
    bounded=st.booleans(),
    data=st.data(),
)
def test_matches_brute_force_and_certificate_checks(
    net: TwoLayerReLU, norm: str, bounded: bool, data: st.DataObject
) -> None:
    box = data.draw(boxes(net.input_dim)) if bounded else None
    output = data.draw(st.integers(0, net.output_dim - 1))
    result = lipschitz(net, box, norm=norm, output=output)
    assert result.measure == brute_force_lipschitz(net, box, norm, output)
    _assert_sound(result, net)
    if norm != "2":  # rational: the usual bound is never below the exact constant (triangle inequality)
        assert result.fast_bound >= result.exact_value


@settings(max_examples=20)
@given(scale=rationals().filter(bool), net=networks(d=2, n=st.integers(1, 4), m=1))
def test_scaling_the_output_scales_the_constant(scale: Fraction, net: TwoLayerReLU) -> None:
    scaled = TwoLayerReLU(net.W, net.b, [[scale * a for a in net.A[0]]], net.c)
    assert lipschitz(scaled, "-1,1").value == abs(scale) * lipschitz(net, "-1,1").value
