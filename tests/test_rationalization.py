"""Tests for reluexact.rationalization: rationalising float weights with a certified error bound."""

from __future__ import annotations

import importlib
import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reluexact.domain import as_domain
from reluexact.errors import DomainError, InvalidArgument, RationalParseError, ShapeError
from reluexact.interop.json_results import certificate_to_json
from reluexact.model import TwoLayerReLU, evaluate
from reluexact.rational import Rationalization
from reluexact.rationalization import RationalizationResult, parse_box, rationalize_network
from tests.strategies import boxes, float_weights, networks, rationalizations


def _promised(how: Rationalization, exact: Fraction, result: Fraction) -> bool:
    """Each mode's documented promise for one weight."""
    if how.mode == "lossless":
        return result == exact
    if how.mode == "tolerance":
        assert isinstance(how.parameter, Fraction)
        return abs(result - exact) <= how.parameter
    if how.mode == "denominator":
        assert isinstance(how.parameter, int)
        # limit_denominator's guarantee: denominator <= Q and error <= 1 / (Q q) <= 1/Q
        return result.denominator <= how.parameter and abs(result - exact) <= Fraction(1, how.parameter)
    assert isinstance(how.parameter, int)
    return (result * 10**how.parameter).denominator == 1 and abs(result - exact) <= Fraction(1, 2 * 10**how.parameter)


@settings(max_examples=60, deadline=None)
@given(float_weights())
def test_lossless_gives_exactly_the_binary_values(weights: tuple[np.ndarray, ...]) -> None:
    W, b, A, c = weights
    result = rationalize_network(W, b, A, c)
    net = result.network
    assert tuple(tuple(Fraction(float(v)) for v in row) for row in W) == net.W
    assert net.b == tuple(Fraction(float(v)) for v in b)
    assert tuple(tuple(Fraction(float(v)) for v in row) for row in A) == net.A
    assert net.c == tuple(Fraction(float(v)) for v in c)
    assert result.certificate.is_lossless
    assert result.certificate.max_weight_change == 0
    assert result.certificate.output_bound == tuple(Fraction(0) for _ in range(net.output_dim))
    assert net == TwoLayerReLU.from_float_arrays(W, b, A, c)


@settings(max_examples=60, deadline=None)
@given(float_weights(), rationalizations())
def test_every_mode_keeps_its_promise_and_reports_the_largest_change(
    weights: tuple[np.ndarray, ...], how: Rationalization
) -> None:
    W, b, A, c = weights
    result = rationalize_network(W, b, A, c, how=how)
    source = TwoLayerReLU.from_float_arrays(W, b, A, c)
    pairs = [
        *zip(itertools.chain.from_iterable(source.W), itertools.chain.from_iterable(result.network.W), strict=True),
        *zip(source.b, result.network.b, strict=True),
        *zip(itertools.chain.from_iterable(source.A), itertools.chain.from_iterable(result.network.A), strict=True),
        *zip(source.c, result.network.c, strict=True),
    ]
    for exact, rounded in pairs:
        assert _promised(how, exact, rounded), (how, exact, rounded)
    assert result.certificate.max_weight_change == max(abs(x - y) for x, y in pairs)
    assert result.certificate.how == how
    if result.certificate.max_weight_change:
        assert result.certificate.output_bound is None  # no box, lossy: no bound claimed


def _box_points(box: tuple[tuple[Fraction, Fraction], ...], data: st.DataObject) -> list[tuple[Fraction, ...]]:
    corners = list(itertools.product(*box))
    inside = [
        tuple(lo + (hi - lo) * data.draw(st.fractions(0, 1, max_denominator=64)) for lo, hi in box) for _ in range(20)
    ]
    return corners + inside


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_certificate_bounds_the_observed_difference_on_the_box(data: st.DataObject) -> None:
    W, b, A, c = data.draw(float_weights())
    how = data.draw(rationalizations())
    box = data.draw(boxes(W.shape[1]))
    result = rationalize_network(W, b, A, c, how=how, box=box)
    # f_float computed exactly: the float weights at their exact binary values
    f_float = TwoLayerReLU.from_float_arrays(W, b, A, c)
    bound = result.certificate.output_bound
    assert bound is not None
    assert result.certificate.box == as_domain(box, W.shape[1])
    for x in _box_points(box, data):
        for k, (g, f) in enumerate(zip(evaluate(f_float, x), evaluate(result.network, x), strict=True)):
            assert abs(g - f) <= bound[k]


@settings(max_examples=40, deadline=None)
@given(networks(), rationalizations())
def test_rationalising_an_exact_network_and_lossless_identity(net: TwoLayerReLU, how: Rationalization) -> None:
    result = rationalize_network(net, how=how)
    assert isinstance(result, RationalizationResult)
    if how.mode == "lossless":
        assert result.network == net
        assert result.certificate.is_lossless


def test_certificate_bound_is_attained_for_a_single_unit() -> None:
    # g = relu(x), f = relu(x - 1/4): |g - f| is 1/4 for x >= 1/4, and the bound is exactly that
    result = rationalize_network([[1.0]], [0.3], [[1.0]], [0.0], how="decimals:0", box=[(0, 1)])
    assert result.network.b == (Fraction(0),)
    assert result.certificate.max_weight_change == Fraction(0.3)
    assert result.certificate.output_bound == (Fraction(0.3),)


def test_certificate_to_json() -> None:
    result = rationalize_network([[0.5]], [0.1], [[1.0]], [0.0], how="denominator:10", box="0,1")
    document = certificate_to_json(result.certificate)
    assert document["mode"] == "denominator:10"
    assert document["box"] == [["0", "1"]]
    assert Fraction(document["max_weight_change"]) == abs(Fraction(0.1) - Fraction(1, 10))
    assert Fraction(document["output_bound"][0]) == abs(Fraction(0.1) - Fraction(1, 10))


def test_parse_box_is_a_deprecated_alias_of_as_domain() -> None:
    # the alias warns once per process: forget an earlier call
    importlib.import_module("reluexact.rationalization")._warned.discard("parse_box")
    with pytest.warns(DeprecationWarning, match=r"parse_box is deprecated; use reluexact.as_domain"):
        assert parse_box("-1,1;0,1/2", 2) == ((Fraction(-1), Fraction(1)), (Fraction(0), Fraction(1, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second call does not warn again
        assert parse_box([(0, 0.5)]) == ((Fraction(0), Fraction(1, 2)),)
        assert parse_box("0,1", 2) == as_domain("0,1", 2).bounds  # "lo,hi" broadcasts, as everywhere
        assert parse_box((0, 1)) == ((Fraction(0), Fraction(1)),)  # a pair is an interval
        with pytest.raises(DomainError, match=r"^box: side 1 is empty or a point: low 1 >= high 1"):
            parse_box("1,1")
        with pytest.raises(DomainError, match=r"^box: parse_box needs a box \[\(lo, hi\), ...\]; got a polytope"):
            parse_box(([[1], [-1]], [0, 1]))


def test_rationalize_network_bad_input() -> None:
    with pytest.raises(ShapeError, match=r"rationalize_network needs W, b, A and c"):
        rationalize_network([[1.0]], [0.0])
    with pytest.raises(InvalidArgument, match=r"pass either a TwoLayerReLU alone or the four arrays"):
        rationalize_network(TwoLayerReLU([[1]], [0], [[1]], [0]), [0.0])
    with pytest.raises(InvalidArgument, match=r"unknown rationalisation 'fast'"):
        rationalize_network([[1.0]], [0.0], [[1.0]], [0.0], how="fast")
    with pytest.raises(RationalParseError, match=r"b\[0\]: nan is not a finite number"):
        rationalize_network([[1.0]], [float("nan")], [[1.0]], [0.0])
    with pytest.raises(ShapeError, match=r"^box has 2 sides \(lo,hi pairs\) but the network has d = 1 inputs"):
        rationalize_network([[1.0]], [0.0], [[1.0]], [0.0], box="0,1;0,1")
    with pytest.raises(DomainError, match=r"^box: the rationalisation bound needs a box .*; got a polytope"):
        rationalize_network([[1.0]], [0.0], [[1.0]], [0.0], how="decimals:0", box=([[1], [-1]], [0, 1]))
